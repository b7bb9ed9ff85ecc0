#include "d_helpers.hpp"

namespace iamsmith::rules {
namespace {

// An Action value is "*" or service-prefix:action-name, with exactly one ':' and text on both
// sides (d::has_action_shape). Everything else is this rule's; the D rules look up only values of
// that shape, so each value is reported by one family.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
// IAM's CreatePolicy answers a second colon with MalformedPolicyDocument "Actions/Condition can
// contain only one colon." (reported in https://github.com/garnaat/kappa/issues/111).

// The action a repaired spelling names, as the catalogue spells it: a literal action the
// service has, or a pattern that matches at least one action.
std::optional<std::string> known(const iamdata::Catalog& catalog, std::string_view candidate) {
  if (!d::has_action_shape(candidate) || candidate == "*") return std::nullopt;
  const std::size_t colon = candidate.find(':');
  const std::string_view prefix = candidate.substr(0, colon);
  const std::string_view name = candidate.substr(colon + 1);
  if (has_wildcard(prefix)) return std::nullopt;
  const iamdata::Service* service = catalog.service(prefix);
  if (service == nullptr) return std::nullopt;
  if (has_wildcard(name)) {
    if (catalog.expand(candidate).empty()) return std::nullopt;
    return std::string(service->prefix) + ":" + std::string(name);
  }
  const iamdata::Action* action = service->find_action(name);
  if (action == nullptr) return std::nullopt;
  return std::string(action->full_name());
}

// What the value was probably meant to be, from the catalogue: the separator typed as another
// character or left out ("s3.GetObject", "s3GetObject"), or colons doubled or added inside the
// name ("s3::GetObject", "s3:Get:Object").
std::optional<std::string> repair(const iamdata::Catalog& catalog, std::string_view text) {
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos) {
    for (const char separator : {'.', ';', '/', ',', ' ', '-', '_'}) {
      const std::size_t at = text.find(separator);
      if (at == std::string_view::npos) continue;
      std::string candidate(text);
      candidate[at] = ':';
      if (auto found = known(catalog, candidate)) return found;
    }
    // The longest service prefix the text starts with, followed by one of its actions.
    std::optional<std::string> best;
    std::size_t best_length = 0;
    for (const std::string_view prefix : catalog.service_prefixes()) {
      if (prefix.size() <= best_length || prefix.size() >= text.size() ||
          !ci_equals(text.substr(0, prefix.size()), prefix)) {
        continue;
      }
      if (auto found = known(catalog, std::string(prefix) + ":" + std::string(text.substr(prefix.size())))) {
        best = found;
        best_length = prefix.size();
      }
    }
    return best;
  }
  std::string candidate(text.substr(0, colon + 1));
  for (const char c : text.substr(colon + 1)) {
    if (c != ':') candidate += c;
  }
  return known(catalog, candidate);
}

// What is wrong with the shape of `text` (a non-empty string that is not "*" and lacks the shape).
std::string problem(std::string_view text) {
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos) return "has no ':' between the service prefix and the action name";
  const auto colons = static_cast<std::size_t>(std::count(text.begin(), text.end(), ':'));
  if (colons > 1) {
    return "has " + std::to_string(colons) +
           " ':' characters; an action has exactly one, between the service prefix and the action name";
  }
  if (colon == 0 && text.size() == 1) return "has neither a service prefix nor an action name";
  if (colon == 0) return "has no service prefix before the ':'";
  return "has no action name after the ':'";
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  const iamdata::Catalog& catalog = catalog_of(in.context);
  d::for_each_action_value(*in.policy, [&](const Statement&, const Scalar& value, bool is_not_action) {
    // Not a string: P015's; an empty string: P016's.
    if (value.type != json::Type::String || value.text.empty() || d::has_action_shape(value.text)) return;
    const std::string_view text = value.text;
    std::vector<Note> notes;
    if (text.size() > 4 && ci_equals(text.substr(0, 4), "arn:")) {
      notes.push_back({"this is an ARN: the resources a statement covers go in \"Resource\", and \"Action\" "
                       "names what may be done to them (\"s3:GetObject\")",
                       std::nullopt});
    } else if (auto guess = repair(catalog, text)) {
      notes.push_back({"did you mean " + in_quotes(*guess) + "?", std::nullopt});
    }
    notes.push_back({is_not_action ? "as a NotAction entry it excludes nothing, so the statement covers every "
                                     "action it was meant to leave out"
                                   : "IAM rejects the policy, or the value matches no request and the statement "
                                     "grants (or denies) nothing through it",
                     std::nullopt});
    notes.push_back({"write actions as service-prefix:ActionName (\"states:StartExecution\"), or \"*\"",
                     std::nullopt});
    out.report(value.span, "action " + in_quotes(text) + " " + problem(text), std::move(notes));
  });
}

}  // namespace

extern const Rule kP018MalformedAction{
    .id = "P018",
    .name = "malformed-action",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "An Action or NotAction value that is not \"*\" or service-prefix:action-name "
               "(\"s3GetObject\", \"s3::GetObject\", \"s3:\").",
    .rationale =
        "IAM's grammar allows an action only as \"*\" or as a service prefix and an action name joined by one "
        "colon. A missing colon, a doubled one, or an empty prefix or name is usually a typing slip or a "
        "template whose variable came out empty. IAM refuses such a policy with MalformedPolicyDocument "
        "(for a second colon: \"Actions/Condition can contain only one colon.\"), and where one gets through, "
        "as in a resource policy another service stores, it names no action: the permission the statement was "
        "written for is never granted, or, in NotAction, never excluded.",
    .exceptions = "",
    .fix = "Write the value as service-prefix:ActionName (the note suggests the action the catalogue "
           "knows when the slip is clear), or delete it.",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": [\n        \"states:StartExecution\",\n        \"statesDescribeExecution\"\n      ],\n"
        "      \"Resource\": \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\"\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Action/1",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": [\n        \"states:StartExecution\"\n      ],\n"
        "      \"Resource\": \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\"\n    }\n  ]\n}\n",
    .example_context = {},
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html",
    .check = check,
};

}  // namespace iamsmith::rules
