#pragma once
// A rule's declaration (rules/<ID>_<name>.cpp defines one), the registry of them, and the one way a
// finding is made from it. Below the lint engine: the Step Functions layer, the generator, verify,
// the configuration reader and the reporters use it without lint (iamsmith/lint.hpp runs rules).

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "iamsmith/diagnostic.hpp"
#include "iamsmith/source.hpp"

namespace iamsmith {

enum class RuleStatus { Stable, Preview, Deprecated, Removed };
[[nodiscard]] std::string_view rule_status_name(RuleStatus status);

class FindingSink;
struct LintInput;
struct LoadedPolicy;  // iamsmith/load.hpp
using RuleCheck = void (*)(const LintInput& input, FindingSink& out);

// One replacement in a file's text: `length` bytes at byte `offset` become `text` (an insertion
// when `length` is 0, a deletion when `text` is empty).
struct TextEdit {
  std::size_t offset = 0;
  std::size_t length = 0;
  std::string text;
  friend bool operator==(const TextEdit&, const TextEdit&) = default;
};

// A rule's mechanical fix (lint --fix, --diff; iamsmith/fix.hpp applies it): the edits of the
// text of `loaded` that remove `finding`, changing nothing else AWS reads. Empty when this
// finding has no fix that is safe (it is then left for a person).
using RuleAutofix = std::vector<TextEdit> (*)(const Diagnostic& finding, const LoadedPolicy& loaded);

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
  bool exact_resources = false;        // --exact-resources
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
  // The severity of the rule's findings on what its reader accepts leniently and reads on, where
  // it differs from `severity`: G004's comments and trailing commas in a definition (Step
  // Functions rejects them, but they hide no call). Unset: the same.
  std::optional<Severity> lenient_severity{};
  // The rule's mechanical fix, for the few findings a program may fix without changing what the
  // policy means (a comment, a trailing comma, a byte-order mark, a missing Version). Null: the
  // fix is a person's (`fix` says how).
  RuleAutofix autofix = nullptr;
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

}  // namespace iamsmith
