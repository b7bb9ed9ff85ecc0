#include <array>

#include "condition_helpers.hpp"
#include "iamsmith/principal.hpp"

namespace iamsmith::rules {
namespace {

// The keys that tie a service's request to the resource, account or organisation it acts for
// (the confused-deputy page), and aws:SourceOwner, the older account key Amazon SNS and SES send.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
constexpr std::array<std::string_view, 5> kSourceKeys = {"aws:SourceArn", "aws:SourceAccount", "aws:SourceOrgID",
                                                         "aws:SourceOrgPaths", "aws:SourceOwner"};

bool restricts_source(const Statement& st) {
  for (std::string_view key : kSourceKeys) {
    for (const ConditionUse& use : condition_uses(st, key)) {
      if (use.parsed.known() && !use.parsed.info->negated && use.parsed.info->family != OperatorFamily::Null &&
          use.parsed.qualifier != SetQualifier::ForAllValues && !use.entry->values.empty()) {
        return true;
      }
    }
  }
  return false;
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr || in.kind != PolicyKind::Resource) return;
  for (const Statement& st : in.policy->statements()) {
    if (!is_allow(st) || !st.principal || restricts_source(st)) continue;
    for (const PrincipalGroup& group : st.principal->groups) {
      if (group.type != PrincipalType::Service) continue;
      for (const Scalar& value : group.values) {
        if (classify_principal(PrincipalType::Service, value.text).form != PrincipalForm::ServicePrincipal) continue;
        out.report(value.span,
                   "service principal " + in_quotes(value.text) +
                       " is granted access with no aws:SourceArn or aws:SourceAccount condition, so the service "
                       "may use it while working for any AWS customer",
                   {{"someone else's resource in the same service (their trail, topic, bucket or function) "
                     "can then be pointed at this resource: the cross-service confused-deputy problem",
                     std::nullopt},
                    {"add \"StringEquals\": {\"aws:SourceAccount\": \"<your account>\"} and, where the service "
                     "sends it, \"ArnLike\": {\"aws:SourceArn\": \"<the resource that calls>\"}",
                     std::nullopt}});
      }
    }
  }
}

}  // namespace

extern const Rule kT009ServicePrincipalWithoutSource{
    .id = "T009",
    .name = "service-principal-without-source",
    .severity = Severity::Security,
    .status = RuleStatus::Stable,
    .summary = "A resource policy (bucket, topic, queue, key, function policy) grants an AWS service principal "
               "access without a condition on the source resource, account or organisation.",
    .rationale = "A service principal such as cloudtrail.amazonaws.com or s3.amazonaws.com acts for every AWS "
                 "customer. A resource policy that grants it access without saying for whom lets any customer's "
                 "resource in that service use the grant: another account's trail could write into your bucket, "
                 "another account's bucket could invoke your function. AWS recommends aws:SourceArn or "
                 "aws:SourceAccount (or aws:SourceOrgID, aws:SourceOrgPaths) in every such statement. This is "
                 "the resource-policy form of T004, which judges role trust policies.",
    .exceptions = "Only policies read as resource policies are judged (inferred, or --kind resource). A source key "
                  "under IfExists counts as a restriction. Some services send no source keys for some calls; "
                  "check the service's documentation before adding the condition.",
    .fix = "Add \"StringEquals\": {\"aws:SourceAccount\": \"<your account>\"} and, where the service sends it, "
           "\"ArnLike\": {\"aws:SourceArn\": \"<ARN of the calling resource>\"}.",
    .bad_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"Service": "cloudtrail.amazonaws.com"},
      "Action": "s3:PutObject",
      "Resource": "arn:aws:s3:::trail-logs/AWSLogs/111122223333/*"
    }
  ]
}
)j",
    .bad_pointer = "/Statement/0/Principal/Service",
    .good_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"Service": "cloudtrail.amazonaws.com"},
      "Action": "s3:PutObject",
      "Resource": "arn:aws:s3:::trail-logs/AWSLogs/111122223333/*",
      "Condition": {"StringEquals": {"aws:SourceArn": "arn:aws:cloudtrail:us-east-1:111122223333:trail/main"}}
    }
  ]
}
)j",
    .example_context = {.kind = "resource"},
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html\n"
                  "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
    .check = check,
};

}  // namespace iamsmith::rules
