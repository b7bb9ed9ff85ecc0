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
#include "iamsmith/lint_context.hpp"
#include "iamsmith/load.hpp"
#include "iamsmith/policy.hpp"
#include "iamsmith/rule.hpp"

namespace iamsmith {


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
