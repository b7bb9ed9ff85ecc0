#include "document_facts.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  const iamdata::Catalog& catalog = catalog_of(in.context);
  with_facts(in, [&](DocumentFacts& facts) {
    for (const ActionValueFact& v : facts.action_values()) {
      if (v.wildcard || v.status != d::ActionStatus::UnknownAction) continue;  // wildcards are D003's
      const Scalar& value = *v.value;
      const bool is_not_action = v.is_not_action;
      if (catalog.retired(value.text)) continue;  // the supplement's R records
      const std::size_t colon = value.text.find(':');
      const iamdata::Service* service = catalog.service(std::string_view(value.text).substr(0, colon));
      std::vector<Note> notes;
      if (auto guess = nearest_action(catalog, value.text)) {
        notes.push_back({"did you mean " + in_quotes(*guess) + "?", std::nullopt});
      }
      notes.push_back({d::matches_nothing_consequence(is_not_action), std::nullopt});
      notes.push_back({d::catalogue_note(catalog), std::nullopt});
      const std::string service_name =
          service != nullptr ? std::string(service->name) + " (" + std::string(service->prefix) + ")"
                             : in_quotes(std::string_view(value.text).substr(0, colon));
      out.report(value.span,
                 "action " + in_quotes(value.text) + " does not exist: " + service_name + " has no action " +
                     in_quotes(std::string_view(value.text).substr(colon + 1)),
                 std::move(notes));
    }
  });
}

}  // namespace

// Action names: the "Actions" table of each service's page in the Service Authorization Reference.
// Names compare case-insensitively (IAM User Guide, "IAM JSON policy elements: Action").
extern const Rule kD002UnknownAction{
    .id = "D002",
    .name = "unknown-action",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "An action that its service does not have (\"lambda:InvokeFunctions\").",
    .rationale =
        "IAM does not check action names: a misspelt action is accepted and then matches no request. The "
        "permission the statement was written for is never granted (or never denied), and nothing says "
        "why. Action names are case-insensitive, so only spelling counts.",
    .exceptions =
        "Only literal actions are checked; a pattern that matches nothing is D003's finding. An action AWS "
        "added after iamsmith's snapshot of the reference is reported too (the note names the date); read a "
        "newer snapshot with --iam-data. Actions AWS has retired (CloudHSM Classic's, "
        "cloud9:ValidateEnvironmentName), which its own managed policies still list, are not reported: "
        "they grant nothing.",
    .fix = "Correct the name (the note suggests the nearest action of the service), or delete the entry.",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": [\n        \"lambda:InvokeFunctions\"\n      ],\n"
        "      \"Resource\": \"arn:aws:lambda:us-east-1:111122223333:function:ChargeCard\"\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Action/0",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": [\n        \"lambda:InvokeFunction\"\n      ],\n"
        "      \"Resource\": \"arn:aws:lambda:us-east-1:111122223333:function:ChargeCard\"\n    }\n  ]\n}\n",
    .example_context = {},
    .references =
        "https://docs.aws.amazon.com/service-authorization/latest/reference/"
        "reference_policies_actions-resources-contextkeys.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html",
    .check = check,
};

}  // namespace iamsmith::rules
