#include "iamsmith/arn.hpp"
#include "iamsmith/match.hpp"
#include "rule_helpers.hpp"

namespace iamsmith::rules {
namespace {

// "Principal": "*" or {"AWS": "*"} (with or without other principals: it is everyone either way).
bool names_everyone(const Principal& principal) {
  if (principal.bare) return principal.bare->text == "*";
  for (const PrincipalGroup& group : principal.groups) {
    if (group.type != PrincipalType::Aws) continue;
    for (const Scalar& value : group.values) {
      if (value.text == "*") return true;
    }
  }
  return false;
}

// An Action entry that matches every S3 action ("s3:*", "*", "s*"). Matching the text "s3:*"
// proves it for a pattern without '?' (see R004 for why).
const Scalar* all_s3_actions(const ValueList& actions) {
  for (const Scalar& a : actions) {
    if (a.text.find('?') == std::string::npos && action_matches(a.text, "s3:*")) return &a;
  }
  return nullptr;
}

// A Resource entry that matches a bucket itself (not only its objects): "*",
// "arn:aws:s3:::reports", "arn:aws:s3:::*". The bucket policy's own actions (s3:PutBucketPolicy,
// s3:DeleteBucketPolicy) act on the bucket.
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
const Scalar* bucket_resource(const ValueList& resources) {
  for (const Scalar& r : resources) {
    if (r.text == "*") return &r;
    const ArnResult arn = parse_arn(r.text);
    if (!arn) continue;
    if ((arn->service == "s3" || arn->service == "*") && arn->field_count == 6 &&
        arn->resource.find('/') == std::string::npos && !arn->resource.empty()) {
      return &r;
    }
  }
  return nullptr;
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr || in.kind != PolicyKind::Resource) return;
  for (const Statement& st : in.policy->statements()) {
    // A condition or a NotPrincipal can leave someone out (aws:PrincipalArn, aws:SourceVpce,
    // aws:SecureTransport): then it is not everyone who is denied everything.
    if (!is_deny(st) || st.condition || st.not_principal || !st.principal || !st.action || !st.resource) continue;
    if (!names_everyone(*st.principal)) continue;
    const Scalar* action = all_s3_actions(*st.action);
    const Scalar* bucket = bucket_resource(*st.resource);
    if (action == nullptr || bucket == nullptr) continue;
    out.report(st.effect->span,
               "this statement denies " + in_quotes(action->text) + " on " + in_quotes(bucket->text) +
                   " to every principal, without a condition: it locks everyone out of the bucket, and only the "
                   "owning account's root user can still change or delete the bucket policy",
               {{"add a condition that exempts the principals who manage the bucket (e.g. \"ArnNotLike\": "
                 "{\"aws:PrincipalArn\": \"arn:aws:iam::111122223333:role/Admin\"}), or deny only what is meant "
                 "(e.g. requests without aws:SecureTransport)",
                 st.principal->span}});
  }
}

}  // namespace

// checkov CKV_AWS_93, "Ensure S3 bucket policy does not lockout all but root user". The S3 API
// reference (DeleteBucketPolicy): the root principal of the bucket owner's account can always
// get, put and delete the bucket policy, even when the policy denies it, so that owners do not lock
// themselves out; every other principal is bound by the Deny.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketPolicy.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
extern const Rule kW016S3BucketLockout{
    .id = "W016",
    .name = "s3-bucket-lockout",
    .severity = Severity::Warning,
    .status = RuleStatus::Stable,
    .summary = "A bucket policy statement that denies all S3 actions on the bucket to \"*\" without a condition: "
               "every principal is locked out, and only the account's root user can repair the policy.",
    .rationale = "An explicit Deny beats every Allow, so a Deny of s3:* to \"*\" on a bucket, with no condition or "
                 "NotPrincipal to exempt anyone, stops every role, user and service from using or administering "
                 "the bucket, including the administrators who wrote the policy. S3 keeps one way out: the root "
                 "user of the account that owns the bucket can still read, replace or delete the bucket policy. "
                 "Recovering then needs a root sign-in, which most organisations keep locked away.",
    .exceptions = "Only resource policies (bucket policies) are checked. A statement with any Condition, with "
                  "NotPrincipal, or whose Resource names only objects (bucket/*) is not reported: it leaves the "
                  "bucket manageable.",
    .fix = "Deny only the requests that are meant to be refused: add a condition such as "
           "{\"Bool\": {\"aws:SecureTransport\": \"false\"}}, or exempt the managing principals with "
           "\"ArnNotLike\": {\"aws:PrincipalArn\": [...]}.",
    .bad_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Principal": "*",
      "Action": "s3:*",
      "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"]
    }
  ]
}
)j",
    .bad_pointer = "/Statement/0/Effect",
    .good_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Principal": "*",
      "Action": "s3:*",
      "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"],
      "Condition": {"Bool": {"aws:SecureTransport": "false"}}
    }
  ]
}
)j",
    .example_context = {.kind = "resource"},
    .references = "https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketPolicy.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html",
    .check = check,
};

}  // namespace iamsmith::rules
