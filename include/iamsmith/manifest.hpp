#pragma once
// manifest.json, written by `iamsmith generate --out-dir`: which policy file attaches to which
// role, as what (sfn::Purpose). `iamsmith lint DIR` reads it to check each generated file with its
// context (trust policy of which role, for which state machines) and does not lint it as a
// policy; `iamsmith verify DIR` reads it to know whose policy each file is.

#include <optional>
#include <string>
#include <vector>

#include "iamsmith/json.hpp"
#include "iamsmith/sfn.hpp"

namespace iamsmith {

struct LintContext;  // iamsmith/lint.hpp

struct ManifestEntry {
  std::string file;     // relative to the manifest's directory
  std::string role;     // the role ARN the policy belongs to
  std::string account;
  std::optional<sfn::Purpose> purpose;  // nullopt: a "purpose" this version does not know
  std::vector<std::string> state_machines;
};

// The entries of a manifest, or nullopt when the document is not an iamsmith manifest
// ({"generator": "iamsmith generate", "policies": [...]}).
[[nodiscard]] std::optional<std::vector<ManifestEntry>> parse_manifest(const json::Node& root);

// The lint context a manifest entry implies: trust policies as kind trust with their role and
// (when there is exactly one) state machine; the others as identity policies of their role.
// Defined with the lint engine (src/core/manifest_context.cpp), so that this layer needs no lint.
[[nodiscard]] LintContext manifest_context(const ManifestEntry& entry, const LintContext& base);

}  // namespace iamsmith
