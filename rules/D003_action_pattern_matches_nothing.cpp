#include "document_facts.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  const iamdata::Catalog& catalog = catalog_of(in.context);
  with_facts(in, [&](DocumentFacts& facts) {
    for (const ActionValueFact& v : facts.action_values()) {
      if (!v.wildcard || v.status != d::ActionStatus::MatchesNothing) continue;
      const Scalar& value = *v.value;
      const bool is_not_action = v.is_not_action;
      if (catalog.retired(value.text)) continue;  // the supplement's R records
      std::vector<Note> notes;
      if (auto guess = nearest_action(catalog, value.text)) {
        notes.push_back({"did you mean " + in_quotes(*guess) + "?", std::nullopt});
      }
      notes.push_back({d::matches_nothing_consequence(is_not_action), std::nullopt});
      notes.push_back({d::catalogue_note(catalog), std::nullopt});
      const std::string_view service = std::string_view(value.text).substr(0, value.text.find(':'));
      const bool service_known = has_wildcard(service) || catalog.service(service) != nullptr;
      out.report(value.span,
                 "action pattern " + in_quotes(value.text) + " matches no action" +
                     (service_known ? std::string() : " (AWS has no service " + in_quotes(service) + ")"),
                 std::move(notes));
    }
  });
}

}  // namespace

// Wildcards in actions: '*' and '?' match across the action name, case-insensitively.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
extern const Rule kD003ActionPatternMatchesNothing{
    .id = "D003",
    .name = "action-pattern-matches-nothing",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "A wildcard action pattern that matches no action of AWS's catalogue (\"s3:Gett*\").",
    .rationale =
        "A pattern such as \"s3:Get*\" stands for every action it matches. One with a typo, or with a "
        "service prefix that does not exist, matches nothing, so the statement quietly grants (or denies) "
        "less than it says; as a NotAction entry it excludes nothing.",
    .exceptions =
        "Patterns are matched against iamsmith's snapshot of the Service Authorization Reference (the note "
        "names its date): a pattern meant for actions AWS added later is reported until the snapshot is "
        "updated (--iam-data reads a newer one). Patterns for services AWS has retired (\"iot1click:*\", "
        "\"deepracer:*\"), which its own managed policies still hold, are not reported.",
    .fix = "Correct the pattern (`iamsmith expand PATTERN` lists what a pattern matches), or delete it.",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"s3:Gett*\",\n"
        "      \"Resource\": \"arn:aws:s3:::reports/*\"\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Action",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"s3:GetObject*\",\n"
        "      \"Resource\": \"arn:aws:s3:::reports/*\"\n    }\n  ]\n}\n",
    .example_context = {},
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html\n"
        "https://docs.aws.amazon.com/service-authorization/latest/reference/"
        "reference_policies_actions-resources-contextkeys.html",
    .check = check,
};

}  // namespace iamsmith::rules
