// The lint context of a file listed in generate's manifest.json (see iamsmith/manifest.hpp).

#include "iamsmith/lint.hpp"
#include "iamsmith/lint_paths.hpp"
#include "iamsmith/manifest.hpp"

namespace iamsmith {

LintContext manifest_context(const ManifestEntry& entry, const LintContext& base) {
  LintContext c = base;
  if (!c.kind) c.kind = entry.purpose == sfn::Purpose::Trust ? PolicyKind::Trust : PolicyKind::Identity;
  if (!c.role_arn && !entry.role.empty()) c.role_arn = entry.role;
  if (!c.account && !entry.account.empty()) c.account = entry.account;
  if (!c.state_machine_arn && entry.state_machines.size() == 1)
    c.state_machine_arn = entry.state_machines.front();
  return c;
}

}  // namespace iamsmith
