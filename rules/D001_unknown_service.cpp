#include "document_facts.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  const iamdata::Catalog& catalog = catalog_of(in.context);
  with_facts(in, [&](DocumentFacts& facts) {
    for (const ActionValueFact& v : facts.action_values()) {
      if (v.wildcard || v.status != d::ActionStatus::UnknownService) continue;  // wildcards are D003's
      const Scalar& value = *v.value;
      const bool is_not_action = v.is_not_action;
      if (catalog.retired(value.text)) continue;  // the supplement's R records
      const std::string_view service = std::string_view(value.text).substr(0, value.text.find(':'));
      std::vector<Note> notes;
      if (auto guess = nearest_action(catalog, value.text)) {
        notes.push_back({"did you mean " + in_quotes(*guess) + "?", std::nullopt});
      }
      notes.push_back({d::matches_nothing_consequence(is_not_action), std::nullopt});
      notes.push_back({d::catalogue_note(catalog), std::nullopt});
      out.report(value.span,
                 "action " + in_quotes(value.text) + " names service prefix " + in_quotes(service) +
                     ", which AWS does not have",
                 std::move(notes));
    }
  });
}

}  // namespace

// Service prefixes: the "Service prefix" line of each page of the Service Authorization Reference.
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
extern const Rule kD001UnknownService{
    .id = "D001",
    .name = "unknown-service",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "An action names a service prefix that AWS does not have (\"lamda:InvokeFunction\").",
    .rationale =
        "Every action is \"prefix:Name\", and the prefix is one of the services AWS lists in its Service "
        "Authorization Reference. IAM accepts any prefix without complaint, so a misspelt one silently "
        "matches no request: the Allow grants nothing, the Deny protects nothing, and a NotAction entry "
        "excludes nothing.",
    .exceptions =
        "Only literal actions are checked; a pattern that matches nothing is D003's finding. A service AWS "
        "launched after iamsmith's snapshot of the reference is reported too (the note names the date); "
        "read a newer snapshot with --iam-data. Services and actions AWS has retired (iot1click, "
        "deepcomposer, elastic-inference, ...), which AWS's own managed policies still name, are not "
        "reported: they grant nothing.",
    .fix = "Correct the prefix (the note suggests the nearest one), or delete the entry.",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"lamda:InvokeFunction\",\n"
        "      \"Resource\": \"arn:aws:lambda:us-east-1:111122223333:function:ChargeCard\"\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Action",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"lambda:InvokeFunction\",\n"
        "      \"Resource\": \"arn:aws:lambda:us-east-1:111122223333:function:ChargeCard\"\n    }\n  ]\n}\n",
    .example_context = {},
    .references =
        "https://docs.aws.amazon.com/service-authorization/latest/reference/"
        "reference_policies_actions-resources-contextkeys.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html",
    .check = check,
};

}  // namespace iamsmith::rules
