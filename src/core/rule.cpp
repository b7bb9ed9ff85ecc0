// The rule registry (see iamsmith/rule.hpp): every rule of rules/rules.def, found by id or name,
// and the one way a finding is made.

#include "iamsmith/rule.hpp"

#include <stdexcept>

#include "catalogue.hpp"
#include "iamsmith/text.hpp"

namespace iamsmith {

// The registry: rules/rules.def lists every rule once, explicitly. No static self-registration,
// so nothing depends on link order or on the linker keeping an unreferenced object.
std::span<const Rule* const> all_rules() {
  static const Rule* const kRules[] = {
#define IAMSMITH_RULE(variable) &rules::variable,
#include "rules.def"
#undef IAMSMITH_RULE
  };
  return kRules;
}

std::string_view rule_status_name(RuleStatus status) {
  switch (status) {
    case RuleStatus::Stable: return "stable";
    case RuleStatus::Preview: return "preview";
    case RuleStatus::Deprecated: return "deprecated";
    case RuleStatus::Removed: return "removed";
  }
  return "stable";
}

std::string_view chain_link_name(ChainLink link) {
  switch (link) {
    case ChainLink::None: return "none";
    case ChainLink::AssumeRole: return "assume-role";
    case ChainLink::Trust: return "trust";
    case ChainLink::Permissions: return "permissions";
    case ChainLink::Partition: return "partition";
  }
  return "none";
}

bool reported_by_generate(ExampleInput input) {
  switch (input) {
    case ExampleInput::Document: return false;
    case ExampleInput::GenerateSpec: return true;
    case ExampleInput::GenerateDefinition: return true;
    case ExampleInput::GenerateIntegrations: return true;
    case ExampleInput::Config: return false;
  }
  return false;
}

std::string_view example_input_option(ExampleInput input) {
  switch (input) {
    case ExampleInput::Document: return "";
    case ExampleInput::GenerateSpec: return "--spec";
    case ExampleInput::GenerateDefinition: return "--definition";
    case ExampleInput::GenerateIntegrations: return "--integrations";
    case ExampleInput::Config: return "--config";
  }
  return "";
}

const Rule* find_rule(std::string_view id_or_name) {
  for (const Rule* rule : all_rules()) {
    if (ci_equals(rule->id, id_or_name) || ci_equals(rule->name, id_or_name)) return rule;
  }
  return nullptr;
}

const Rule& catalogue_rule(std::string_view id) {
  for (const Rule* rule : all_rules()) {
    if (rule->id == id) return *rule;
  }
  throw std::logic_error("no rule " + std::string(id) + " in the catalogue (rules/rules.def)");
}

Diagnostic make_finding(const Rule& rule, const SourceSpan& span, std::string message,
                        std::vector<Note> notes) {
  Diagnostic d;
  d.rule_id = std::string(rule.id);
  d.rule_name = std::string(rule.name);
  d.severity = rule.severity;
  d.message = std::move(message);
  d.span = span;
  d.notes = std::move(notes);
  return d;
}

}  // namespace iamsmith
