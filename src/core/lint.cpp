#include "iamsmith/lint.hpp"

#include <algorithm>
#include <stdexcept>

#include "catalogue.hpp"
#include "document_facts.hpp"
#include "iamsmith/inputs.hpp"
#include "iamsmith/recognise.hpp"
#include "iamsmith/sfn.hpp"
#include "iamsmith/suggest.hpp"
#include "iamsmith/text.hpp"

namespace iamsmith {

bool rule_matches_selector(const Rule& rule, std::string_view selector) {
  if (selector.empty()) return false;
  if (ci_equals(rule.name, selector)) return true;
  return selector.size() <= rule.id.size() && ci_equals(rule.id.substr(0, selector.size()), selector);
}

bool is_selected(const RuleSelection& selection, const Rule& rule) {
  auto any = [&rule](const std::vector<std::string>& selectors) {
    return std::any_of(selectors.begin(), selectors.end(),
                       [&rule](const std::string& s) { return rule_matches_selector(rule, s); });
  };
  return (selection.select.empty() || any(selection.select)) && !any(selection.ignore);
}

Severity selected_severity(const RuleSelection& selection, const Rule& rule, Severity severity) {
  for (const auto& [selector, overridden] : selection.severity_overrides) {
    if (ci_equals(selector, rule.id) || ci_equals(selector, rule.name)) severity = overridden;
  }
  return severity;
}

bool selector_matches_any_rule(std::string_view selector) {
  const auto rules = all_rules();
  return std::any_of(rules.begin(), rules.end(), [selector](const Rule* r) { return rule_matches_selector(*r, selector); });
}

std::optional<std::string> nearest_rule(std::string_view word) {
  std::vector<std::string> names;
  for (const Rule* r : all_rules()) {
    names.emplace_back(r->id);
    names.emplace_back(r->name);
  }
  return nearest(word, names, true);
}

void FindingSink::report(const SourceSpan& span, std::string message, std::vector<Note> notes) {
  if (rule_ == nullptr) throw std::logic_error("FindingSink::report before set_rule");
  out_.push_back(make_finding(*rule_, span, std::move(message), std::move(notes)));
}

namespace {

PolicyKind effective_kind(const LoadedPolicy& loaded, const LintContext& context) {
  if (context.kind) return *context.kind;
  return loaded.policy ? infer_kind(*loaded.policy) : PolicyKind::Identity;
}

bool is_not_a_policy(const LoadedPolicy& loaded) {
  const json::Node* root = loaded.document.root ? &*loaded.document.root : nullptr;
  switch (recognise_input(loaded.path, root).kind) {
    case InputKind::NotAPolicy:
    case InputKind::IamsmithManifest:
    case InputKind::IamsmithSpec:
    case InputKind::IamsmithConfig: return true;
    case InputKind::Policy:
    case InputKind::Definition:
    case InputKind::Template:
    case InputKind::TerraformPlan:
    case InputKind::TerraformConfiguration:
    case InputKind::CliResponse: return false;
  }
  return false;
}

void run_rule(const Rule& rule, const LintInput& input, std::vector<Diagnostic>& out) {
  if (rule.check == nullptr) return;  // a rule of the whole chain: only `verify` reports it
  FindingSink sink(out);
  sink.set_rule(&rule);
  rule.check(input, sink);
}

}  // namespace

bool is_state_machine_definition(const json::Node& root) {
  return root.is_object() && root.get("States") != nullptr && root.get("StartAt") != nullptr &&
         root.get("Statement") == nullptr;
}

namespace {

// The input the rules see; `definition` receives the state machine model when the document is one.
LintInput make_input(const LoadedPolicy& loaded, const LintContext& context,
                     std::optional<asl::Definition>& definition) {
  const json::Node* root = loaded.document.root ? &*loaded.document.root : nullptr;
  // A template is never judged as one policy: only the rules on the file itself (syntax, and
  // the I rules) see it; lint_paths lints the documents it holds (iamsmith/inputs.hpp).
  if (root != nullptr && !loaded.embedded && inputs::find_extractor(*root, loaded.path) != nullptr)
    return LintInput{loaded, nullptr, effective_kind(loaded, context), context, nullptr};
  if (root != nullptr && is_state_machine_definition(*root)) {
    definition = asl::build_definition(*root);
    return LintInput{loaded, nullptr, effective_kind(loaded, context), context, &*definition};
  }
  const Policy* policy = loaded.policy ? &*loaded.policy : nullptr;
  return LintInput{loaded, policy, effective_kind(loaded, context), context, nullptr};
}

}  // namespace

std::vector<Diagnostic> lint(const LoadedPolicy& loaded, const LintContext& context,
                             const RuleSelection& selection) {
  return lint_document(loaded, context, selection).diagnostics;
}

LintResult lint_document(const LoadedPolicy& loaded, const LintContext& context,
                         const RuleSelection& selection) {
  std::optional<asl::Definition> definition;
  const LintInput input = make_input(loaded, context, definition);
  // What the rules derive from the document and share (rules/document_facts.hpp).
  DocumentFacts facts(catalog_of(context), input.policy);
  const DocumentFacts::Scope shared(facts);
  std::vector<Diagnostic> out;
  // A file that is not a policy (package.json, iamsmith's spec) gets P030 alone, not a row of P006.
  const bool not_a_policy = !loaded.embedded && is_not_a_policy(loaded);
  for (const Rule* rule : all_rules()) {
    if (rule->status == RuleStatus::Removed) continue;
    if (!is_selected(selection, *rule)) continue;
    if (not_a_policy && rule != &rules::kP030NotAPolicy) continue;
    const std::size_t first = out.size();
    run_rule(*rule, input, out);
    for (std::size_t i = first; i < out.size(); ++i)
      out[i].severity = selected_severity(selection, *rule, out[i].severity);
  }
  sort_diagnostics(out);
  return LintResult{std::move(out), input.kind, input.definition != nullptr};
}

std::vector<Diagnostic> lint_with_rule(const Rule& rule, const LoadedPolicy& loaded, const LintContext& context) {
  std::optional<asl::Definition> definition;
  const LintInput input = make_input(loaded, context, definition);
  std::vector<Diagnostic> out;
  run_rule(rule, input, out);
  sort_diagnostics(out);
  return out;
}

const iamdata::Catalog& catalog_of(const LintContext& context) {
  return context.catalog != nullptr ? *context.catalog : iamdata::Catalog::builtin();
}

const sfn::IntegrationTable& integrations_of(const LintContext& context) {
  return context.integrations != nullptr ? *context.integrations : sfn::builtin_integrations();
}

LintContext example_lint_context(const ExampleContext& example) {
  LintContext c;
  auto set = [](std::optional<std::string>& field, std::string_view value) {
    if (!value.empty()) field = std::string(value);
  };
  if (!example.kind.empty()) c.kind = kind_from_name(example.kind);
  set(c.partition, example.partition);
  set(c.account, example.account);
  set(c.state_machine_arn, example.state_machine_arn);
  set(c.execution_role_arn, example.execution_role_arn);
  set(c.role_arn, example.role_arn);
  return c;
}

}  // namespace iamsmith
