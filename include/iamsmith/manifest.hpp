#pragma once
// manifest.json, written by `iamsmith generate --out-dir` beside the set it wrote, and read here
// once for every reader: which policy file attaches to which role, as what (sfn::Purpose), and
// which files make up the set. `iamsmith lint DIR` reads it to check each generated file with its
// context (trust policy of which role, for which state machines) and does not lint it as a
// policy; `iamsmith verify DIR` reads it to know whose policy each file is; generate reads the
// old one to find the files an earlier run wrote and this one would not (stale files).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iamsmith/json.hpp"
#include "iamsmith/sfn.hpp"

namespace iamsmith {

inline constexpr std::string_view kManifestFile = "manifest.json";

struct ManifestEntry {
  std::string file;       // relative to the manifest's directory
  std::string role;       // the role ARN the policy belongs to
  std::string role_name;  // "roleName"
  std::string account;
  std::optional<sfn::Purpose> purpose;  // nullopt: a "purpose" this version does not know
  std::string policy_name;              // "policyName": inline policies only; may be empty
  std::vector<std::string> state_machines;
};

// The whole manifest of one generated set.
struct Manifest {
  // "json": each policy is its own file, listed in `policies`. "terraform", "terraform-json",
  // "cloudformation": one document per account holds the policies, listed in `files`, and
  // `policies` is empty (no file is one policy). Written only when not "json", so JSON manifests stay as they always were.
  std::string format = "json";
  std::vector<ManifestEntry> policies;
  std::vector<std::string> files;  // the set's files that are not one policy each

  // Every file of the set besides the manifest: the policies' files, then `files`.
  [[nodiscard]] std::vector<std::string> all_files() const;
};

// The manifest, or nullopt when the document is not an iamsmith manifest
// ({"generator": "iamsmith generate", "policies": [...]}).
[[nodiscard]] std::optional<Manifest> read_manifest(const json::Node& root);
// Its policies only (read_manifest's `policies`).
[[nodiscard]] std::optional<std::vector<ManifestEntry>> parse_manifest(const json::Node& root);

// The manifest as generate writes it (JSON, two-space indentation, trailing newline).
[[nodiscard]] std::string render_manifest(const Manifest& manifest);
// One entry's members as the manifest writes them ("file", "role", ..., "stateMachines"), each on
// its own line indented by `pad`, without the braces and without a final newline: generate's
// bundle for standard output describes its policies the same way.
void append_manifest_entry(std::string& out, const ManifestEntry& entry, std::string_view pad);

}  // namespace iamsmith
