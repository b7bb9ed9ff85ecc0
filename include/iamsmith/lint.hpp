#pragma once
// The rule engine: runs the rule catalogue over a loaded policy. No I/O, no printing.

#include <cstddef>
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
  // The Task's integration (its Resource, "arn:aws:states:::lambda:invoke") that makes that call:
  // with role_arn and target_resource it is the `--target` of the verify command that checks the
  // example (see example_commands() in iamsmith/explain.hpp).
  std::string_view target_integration{};
  // For rules `iamsmith generate` reports (reported_by_generate(Rule::example_input)), its
  // options besides state_machine_arn, execution_role_arn (the setup of a definition) and
  // role_arn (--role-arn: a role a dynamic RoleArn may resolve to).
  std::string_view resource{};         // --resource STATE=ARN[,ARN...]
  bool allow_any_role = false;         // --allow-any-role
  bool allow_any_resource = false;     // --allow-any-resource
  std::size_t trust_policy_quota = 0;  // --trust-policy-quota; 0: generate's default
};

// What a rule's examples are, and so who reports the rule on them and how the catalogue test
// checks them (the bad example must be reported at bad_pointer under the rule's id, the good one
// must not be).
enum class ExampleInput {
  // A policy or a state machine definition: lint runs the rule's check on it, or, for a rule of
  // the cross-account chain, verify checks its verified_link. (S002, S005, S007, S008 and S009
  // are also reported by `iamsmith generate`, see generate_severity; their examples are lint's.)
  Document,
  // The rule is reported by `iamsmith generate` (the G rules): the example is the file of this
  // option, read with example_context's generate options.
  GenerateSpec,          // --spec FILE
  GenerateDefinition,    // --definition FILE, with --state-machine-arn and --execution-role-arn
  GenerateIntegrations,  // --integrations FILE
  // The rule is reported when a configuration is read (lint --config FILE, or the nearest
  // .iamsmith.json): the example is one.
  Config,
};
[[nodiscard]] bool reported_by_generate(ExampleInput input);
// The option that names the example's file: "--spec", "--definition", "--integrations",
// "--config"; empty for a Document.
[[nodiscard]] std::string_view example_input_option(ExampleInput input);

// A link of the cross-account chain `iamsmith verify` proves (see iamsmith/verify.hpp): the
// execution role's sts:AssumeRole permission, the target role's trust policy, the target role's
// permissions. None for rules that judge one document alone.
enum class ChainLink { None, AssumeRole, Trust, Permissions, Partition };
// "none", "assume-role", "trust", "permissions", "partition"
[[nodiscard]] std::string_view chain_link_name(ChainLink link);


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
  // Ids (space-separated) of other rules that may fire on the good example when it is linted with
  // the whole catalogue, because their finding is inherent to what the example shows; say why in
  // `exceptions`. Every other rule must stay silent on it (the catalogue test holds it so).
  std::string_view good_example_tolerates{};
  // What the examples are (see ExampleInput). A rule whose examples are not a Document has no
  // check (lint never runs it): the generator, verify's input readers or the configuration
  // reader report it with make_finding.
  ExampleInput example_input = ExampleInput::Document;
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
// The built-in rule with exactly this id, for code outside rules/ that reports a fixed rule (the
// CLI's input readers). An id not in the catalogue is a programming error: std::logic_error.
[[nodiscard]] const Rule& catalogue_rule(std::string_view id);

// The one way a finding is made: the rule's id, name and severity, at `span`. Rules report
// through FindingSink, which calls it; the generator, verify and the configuration reader call
// it directly with their rule's declaration.
[[nodiscard]] Diagnostic make_finding(const Rule& rule, const SourceSpan& span, std::string message,
                                      std::vector<Note> notes = {});

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

// Whether the selection runs `rule` (in select, when select is not empty, and not in ignore).
[[nodiscard]] bool is_selected(const RuleSelection& selection, const Rule& rule);
// The severity the selection gives a finding of `rule`: the last override naming the rule's id or
// name, else the finding's own `severity`.
[[nodiscard]] Severity selected_severity(const RuleSelection& selection, const Rule& rule, Severity severity);

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

// lint(), plus what the rules judged the document as, for reports ("kind" in the JSON output).
struct LintResult {
  std::vector<Diagnostic> diagnostics;  // sorted by position
  PolicyKind kind;                      // the context's kind, else inferred (Identity without a policy)
  bool is_definition = false;           // a state machine definition, not a policy
};
[[nodiscard]] LintResult lint_document(const LoadedPolicy& loaded, const LintContext& context,
                                       const RuleSelection& selection = {});

// Runs one rule only (the catalogue test and per-rule tests use this).
[[nodiscard]] std::vector<Diagnostic> lint_with_rule(const Rule& rule, const LoadedPolicy& loaded,
                                                     const LintContext& context);

// The context a rule's example declares.
[[nodiscard]] LintContext example_lint_context(const ExampleContext& example);

}  // namespace iamsmith
