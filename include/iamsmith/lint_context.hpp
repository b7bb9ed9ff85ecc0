#pragma once
// What is known about a policy beyond its text (LintContext): the rule engine's input besides the
// document, and what the input readers (iamsmith/inputs.hpp) and the Step Functions layer derive
// from a template, a plan or a manifest. Its own header so that they need not include the engine.

#include <cstddef>
#include <optional>
#include <string>

#include "iamsmith/policy.hpp"

namespace iamsmith {

namespace iamdata {
class Catalog;  // iamsmith/iamdata.hpp
}

namespace sfn {
struct IntegrationTable;  // iamsmith/sfn.hpp
}

// What is known about the policy beyond its text: where it lives and what it belongs to.
struct LintContext {
  std::optional<PolicyKind> kind;               // from --kind; inferred from the policy when absent
  std::optional<std::string> partition;         // the partition the policy lives in (--partition)
  std::optional<std::string> account;           // the account the policy lives in (--account)
  std::optional<std::string> region;            // --region
  std::optional<std::string> state_machine_arn;  // the state machine of the setup
  std::optional<std::string> execution_role_arn;
  std::optional<std::string> role_arn;  // the role a trust or permission policy belongs to
  // Size quota in characters (whitespace not counted) that the policy must fit; when absent,
  // the default quota of its kind applies (P014).
  std::optional<std::size_t> max_policy_chars;
  // AWS's action catalogue the D rules and data-driven checks use (--iam-data); null means the
  // snapshot compiled into the binary. Use catalog_of() to read it.
  const iamdata::Catalog* catalog = nullptr;
  // The Step Functions integration table the S rules derive a Task's calls with (the built-in
  // table extended by integration files, as sfn::read_setup reads them for generate and verify);
  // null means the built-in table. Use integrations_of() to read it.
  const sfn::IntegrationTable* integrations = nullptr;
};

[[nodiscard]] const iamdata::Catalog& catalog_of(const LintContext& context);
[[nodiscard]] const sfn::IntegrationTable& integrations_of(const LintContext& context);

}  // namespace iamsmith
