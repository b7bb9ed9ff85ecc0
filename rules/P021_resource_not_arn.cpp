#include "rule_helpers.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr || in.kind == PolicyKind::Trust) return;  // a trust policy has no Resource (P010)
  for (const Statement& st : in.policy->statements()) {
    for (const auto* list : {&st.resource, &st.not_resource}) {
      if (!*list) continue;
      for (const Scalar& value : **list) {
        if (value.type != json::Type::String) continue;  // P015
        const std::string_view text = value.text;
        // "*", an ARN (a malformed one is A001's), or a value that starts with a policy variable.
        if (is_all_stars(text) || ci_starts_with(text, "arn:") || text.starts_with("${")) continue;
        std::vector<Note> notes;
        if (ci_starts_with(text, "aws:") || ci_starts_with(text, "aws-")) {
          notes.push_back({"did you mean " + in_quotes("arn:" + std::string(text)) + "?", std::nullopt});
        } else if (text.find(':') == std::string_view::npos && !text.empty()) {
          notes.push_back({"name the resource by its ARN, such as \"arn:aws:s3:::" + std::string(text) +
                               "\" for a bucket, or write \"*\"",
                           std::nullopt});
        }
        notes.push_back({"IAM accepts only \"*\" and ARNs (arn:partition:service:region:account:resource) here",
                         std::nullopt});
        out.report(value.span, "resource " + in_quotes(text) + " is not an ARN", std::move(notes));
      }
    }
  }
}

}  // namespace

// "Resource ... you specify a resource using an ARN" (the Resource element); Access Analyzer:
// "Invalid ARN prefix: Add the required prefix (arn) to the resource ARN."
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
extern const Rule kP021ResourceNotArn{
    .id = "P021",
    .name = "resource-not-arn",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "A Resource or NotResource value that is neither \"*\" nor an ARN (\"s3\", \"my-bucket\", "
               "\"aws:s3:::bucket/*\").",
    .rationale = "Resource and NotResource take ARNs, or \"*\" for every resource. A bucket name, a service name or "
                 "an ARN without its \"arn:\" prefix names no resource: IAM rejects the policy (Access Analyzer: "
                 "\"Invalid ARN prefix\"), or, where it is accepted, the statement matches nothing.",
    .exceptions = "Values that start with a policy variable (${...}) are not judged. Values that start with \"arn:\" "
                  "but are malformed are A001's finding.",
    .fix = "Write the resource's ARN (arn:aws:s3:::bucket/*, arn:aws:sqs:us-east-1:111122223333:queue), or \"*\".",
    .bad_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "aws:s3:::reports/*"
    }
  ]
}
)j",
    .bad_pointer = "/Statement/0/Resource",
    .good_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::reports/*"
    }
  ]
}
)j",
    .example_context = {},
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
    .check = check,
};

}  // namespace iamsmith::rules
