#pragma once
// manifest.json, written by `iamsmith generate --out-dir`: which policy file attaches to which
// role, as what. `iamsmith lint DIR` reads it to check each generated file with its context
// (trust policy of which role, for which state machines) and does not lint it as a policy.

#include <optional>
#include <string>
#include <vector>

#include "iamsmith/json.hpp"
#include "iamsmith/lint.hpp"

namespace iamsmith {

struct ManifestEntry {
  std::string file;     // relative to the manifest's directory
  std::string role;     // the role ARN the policy belongs to
  std::string account;
  std::string purpose;  // "trust", "permissions" or "assume-role"
  std::vector<std::string> state_machines;
};

// The entries of a manifest, or nullopt when the document is not an iamsmith manifest
// ({"generator": "iamsmith generate", "policies": [...]}).
[[nodiscard]] std::optional<std::vector<ManifestEntry>> parse_manifest(const json::Node& root);

// The lint context a manifest entry implies: trust policies as kind trust with their role and
// (when there is exactly one) state machine; the others as identity policies of their role.
[[nodiscard]] LintContext manifest_context(const ManifestEntry& entry, const LintContext& base);

}  // namespace iamsmith
