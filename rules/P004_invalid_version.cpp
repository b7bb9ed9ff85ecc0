#include "iamsmith/suggest.hpp"
#include "p_helpers.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr || !in.policy->version) return;
  const Scalar& version = *in.policy->version;
  if (version.text == p::kCurrentVersion || version.text == p::kOldVersion) return;
  std::vector<Note> notes;
  const std::vector<std::string> versions{std::string(p::kCurrentVersion), std::string(p::kOldVersion)};
  if (auto near = nearest(version.text, versions))
    notes.push_back({"did you mean " + in_quotes(*near) + "?", std::nullopt});
  notes.push_back(
      {"use \"2012-10-17\", the current version of the policy language; the Version is a fixed "
       "string, not the date the policy was written",
       std::nullopt});
  out.report(version.span,
             "policy language version " + in_quotes(version.text) +
                 " does not exist: IAM knows only \"2012-10-17\" and \"2008-10-17\"",
             std::move(notes));
}

}  // namespace

// The Version element names a version of the policy language, and IAM accepts exactly two.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html
extern const Rule kP004InvalidVersion{
    .id = "P004",
    .name = "invalid-version",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "The Version element is neither \"2012-10-17\" nor \"2008-10-17\".",
    .rationale =
        "Version names the version of the IAM policy language, not the date a policy was written. "
        "Only \"2012-10-17\" and \"2008-10-17\" exist, and AWS rejects any other value. A policy "
        "whose date was \"updated\" to today, or whose month and day were swapped, fails to upload.",
    .exceptions = "",
    .fix = "Set \"Version\": \"2012-10-17\".",
    .bad_example =
        "{\n  \"Version\": \"2012-10-18\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"states:StartExecution\",\n"
        "      \"Resource\": \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\"\n    }\n  ]\n}\n",
    .bad_pointer = "/Version",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"states:StartExecution\",\n"
        "      \"Resource\": \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\"\n    }\n  ]\n}\n",
    .example_context = {},
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html",
    .check = check,
};

}  // namespace iamsmith::rules
