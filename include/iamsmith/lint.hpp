#pragma once
// The rule engine: runs the rule catalogue over a loaded policy. No I/O, no printing.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "iamsmith/asl.hpp"
#include "iamsmith/diagnostic.hpp"
#include "iamsmith/iamdata.hpp"
#include "iamsmith/load.hpp"
#include "iamsmith/policy.hpp"

namespace iamsmith {

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
};

[[nodiscard]] const iamdata::Catalog& catalog_of(const LintContext& context);

enum class RuleStatus { Stable, Preview, Deprecated, Removed };
[[nodiscard]] std::string_view rule_status_name(RuleStatus status);

class FindingSink;
struct LintInput;
using RuleCheck = void (*)(const LintInput& input, FindingSink& out);

// The context a rule's examples are linted with (all optional).
struct ExampleContext {
  std::string_view kind{};  // "identity", "trust", "resource" or empty (inferred)
  std::string_view partition{};
  std::string_view account{};
  std::string_view state_machine_arn{};
  std::string_view execution_role_arn{};
  std::string_view role_arn{};
  // For rules of the cross-account chain (Rule::verified_link): the call the example's link must
  // grant. The permissions link: the Task's IAM action and the resource it calls.
  std::string_view target_action{};
  std::string_view target_resource{};
};

// A link of the cross-account chain `iamsmith verify` proves (see iamsmith/verify.hpp): the
// execution role's sts:AssumeRole permission, the target role's trust policy, the target role's
// permissions. None for rules that judge one document alone.
enum class ChainLink { None, AssumeRole, Trust, Permissions };
[[nodiscard]] std::string_view chain_link_name(ChainLink link);  // "assume-role", "trust", "permissions"


// Everything about one rule, declared once in its own file under rules/. `explain`, `rules`,
// docs/rules.md and the catalogue test all read this declaration.
struct Rule {
  std::string_view id;    // "P002": a public contract, never reused
  std::string_view name;  // "json-extension"
  Severity severity;
  RuleStatus status;
  std::string_view summary;     // one line: what the rule finds
  std::string_view rationale;   // why it matters
  std::string_view exceptions;  // when a finding may be fine (may be empty)
  std::string_view fix;         // how to fix it
  std::string_view bad_example;   // a document the rule must flag...
  std::string_view bad_pointer;   // ...at this JSON pointer
  std::string_view good_example;  // the fixed document: the rule must stay silent
  ExampleContext example_context;
  std::string_view references;  // AWS documentation URLs, one per line
  // Null for a rule only `iamsmith verify` reports: a single document cannot show it, so lint
  // never runs it.
  RuleCheck check;
  // The link whose policy the examples are: `verify` checks that one link of the chain on them
  // (with example_context's ARNs, action and resource), and the catalogue test holds the bad
  // example to fail at bad_pointer under this rule's id, the good one to pass.
  ChainLink verified_link = ChainLink::None;
  // The severity `iamsmith generate` reports this rule with, where it deliberately differs from
  // `severity` (lint's): generate refuses what lint only warns about. Unset: the same.
  std::optional<Severity> generate_severity{};
};

// Every rule, in catalogue order (the order of rules/rules.def).
[[nodiscard]] std::span<const Rule* const> all_rules();
// By id ("P002") or name ("json-extension"), case-insensitively.
[[nodiscard]] const Rule* find_rule(std::string_view id_or_name);

// What one rule sees. A document is either a policy or, when its root object has "StartAt"
// and "States", a Step Functions state machine definition (checked by the S rules).
struct LintInput {
  const LoadedPolicy& loaded;
  const Policy* policy;  // null when the document is not JSON, or is a state machine definition
  PolicyKind kind;       // the context's kind, or the inferred one
  const LintContext& context;
  const asl::Definition* definition = nullptr;  // set for a state machine definition
};

// Whether a JSON document is a state machine definition rather than a policy.
[[nodiscard]] bool is_state_machine_definition(const json::Node& root);

// Where rules put their findings; it fills in the rule's id, name and severity.
class FindingSink {
 public:
  explicit FindingSink(std::vector<Diagnostic>& out) : out_(out) {}
  void set_rule(const Rule* rule) { rule_ = rule; }
  void report(const SourceSpan& span, std::string message, std::vector<Note> notes = {});

 private:
  std::vector<Diagnostic>& out_;
  const Rule* rule_ = nullptr;
};

// Which rules run, and how severe their findings are.
struct RuleSelection {
  std::vector<std::string> select;  // ids, names or id prefixes ("W", "T00"); empty = all
  std::vector<std::string> ignore;  // the same forms
  std::vector<std::pair<std::string, Severity>> severity_overrides;  // rule id or name -> severity
};

// Whether `rule` matches a selector: its id, its name, or a prefix of its id.
[[nodiscard]] bool rule_matches_selector(const Rule& rule, std::string_view selector);
// Whether some rule matches the selector.
[[nodiscard]] bool selector_matches_any_rule(std::string_view selector);
// The rule id or name closest to a mistyped one, for "did you mean" (case-insensitive).
[[nodiscard]] std::optional<std::string> nearest_rule(std::string_view word);

// Runs the selected rules (Removed rules never run) and returns their findings sorted by
// position.
[[nodiscard]] std::vector<Diagnostic> lint(const LoadedPolicy& loaded, const LintContext& context,
                                           const RuleSelection& selection = {});

// Runs one rule only (the catalogue test and per-rule tests use this).
[[nodiscard]] std::vector<Diagnostic> lint_with_rule(const Rule& rule, const LoadedPolicy& loaded,
                                                     const LintContext& context);

// The context a rule's example declares.
[[nodiscard]] LintContext example_lint_context(const ExampleContext& example);

}  // namespace iamsmith
