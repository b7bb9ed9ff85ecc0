#include "p_helpers.hpp"

namespace iamsmith::rules {
namespace {

// The first string value that holds a policy variable ("${aws:username}"), in document order.
const json::Node* first_variable(const json::Node& node) {
  if (node.is_string()) return node.text.find("${") != std::string::npos ? &node : nullptr;
  for (const json::Node& item : node.items) {
    if (const json::Node* found = first_variable(item)) return found;
  }
  for (const json::Member& member : node.members) {
    if (const json::Node* found = first_variable(member.value)) return found;
  }
  return nullptr;
}

void check(const LintInput& in, FindingSink& out) {
  if (!p::root_is_object(in)) return;
  const Policy& policy = *in.policy;
  // A Version of the wrong type (P015) or an unknown version (P004) is reported there.
  if (p::has_key(policy.keys, "Version") && !(policy.version && policy.version->text == p::kOldVersion))
    return;
  std::vector<Note> notes;
  // Without a Version, IAM reads the policy as 2008-10-17, where policy variables are literal
  // text. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html
  if (const json::Node* variable = first_variable(*in.loaded.document.root)) {
    notes.push_back({"this policy variable is matched as the literal text " + in_quotes(variable->text) +
                         ", so the statement does not apply to what it names",
                     variable->span});
  }
  notes.push_back({"add \"Version\": \"2012-10-17\" as the first element of the policy", std::nullopt});
  if (policy.version) {
    out.report(policy.version->span,
               "policy language version \"2008-10-17\" is the old version: policy variables such as "
               "${aws:username} are not substituted but read as literal text",
               std::move(notes));
    return;
  }
  out.report(policy.span,
             "the policy has no \"Version\": IAM then reads it as version \"2008-10-17\", where policy "
             "variables such as ${aws:username} are literal text",
             std::move(notes));
}

}  // namespace

extern const Rule kP005MissingVersion{
    .id = "P005",
    .name = "missing-version",
    .severity = Severity::Warning,
    .status = RuleStatus::Stable,
    .summary = "The policy has no Version, or uses the old version \"2008-10-17\".",
    .rationale =
        "Without a Version element IAM evaluates the policy under the old \"2008-10-17\" language, "
        "in which policy variables (${aws:username}, ${aws:PrincipalTag/team}) are not replaced by "
        "their values but matched as literal text, and newer features are unavailable. A policy "
        "that works today can silently stop working once someone adds a variable to it.",
    .exceptions =
        "A policy without variables behaves the same under both versions; the finding is still "
        "worth fixing so that later edits keep working.",
    .fix =
        "Add \"Version\": \"2012-10-17\" at the top of the policy, or change \"2008-10-17\" to "
        "\"2012-10-17\".",
    .bad_example =
        "{\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"states:DescribeExecution\",\n"
        "      \"Resource\": \"arn:aws:states:us-east-1:111122223333:execution:Orders:*\"\n    }\n  ]\n}\n",
    .bad_pointer = "",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"states:DescribeExecution\",\n"
        "      \"Resource\": \"arn:aws:states:us-east-1:111122223333:execution:Orders:*\"\n    }\n  ]\n}\n",
    .example_context = {},
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html",
    .check = check,
};

}  // namespace iamsmith::rules
