#include "iamsmith/policy_size.hpp"
#include "p_helpers.hpp"

namespace iamsmith::rules {
namespace {

std::string quota_text(const LintInput& in, std::size_t quota) {
  if (in.context.max_policy_chars)
    return "the " + p::with_thousands(quota) + "-character quota set with --max-policy-chars";
  switch (in.kind) {
    case PolicyKind::Trust:
      return "the default " + p::with_thousands(quota) +
             "-character quota of a role trust policy (if your account's quota was raised through Service "
             "Quotas, pass it with --max-policy-chars)";
    case PolicyKind::Identity:
      return "the " + p::with_thousands(quota) +
             "-character quota of a managed policy (use --max-policy-chars " +
             std::to_string(policy_quota(PolicyQuotaKind::InlineRole)) + " for an inline role policy)";
    case PolicyKind::Resource:
      return "the " + p::with_thousands(quota) +
             "-character quota of a managed policy, the default here (a resource policy's quota depends on "
             "its service: pass it with --max-policy-chars)";
  }
  return "its quota";
}

void check(const LintInput& in, FindingSink& out) {
  if (!p::root_is_object(in)) return;
  // Identity and resource policies are measured against the managed policy quota unless
  // --max-policy-chars says otherwise (the rule's rationale).
  std::size_t quota = policy_quota(PolicyQuotaKind::Managed);
  switch (in.kind) {
    case PolicyKind::Trust: quota = policy_quota(PolicyQuotaKind::Trust); break;
    case PolicyKind::Identity:
    case PolicyKind::Resource: quota = policy_quota(PolicyQuotaKind::Managed); break;
  }
  if (in.context.max_policy_chars) quota = *in.context.max_policy_chars;
  // A policy no longer in bytes than the quota is within it: its size counts characters, fewer
  // than its bytes, so it is not counted.
  if (!in.loaded.embedded && in.loaded.document.source.text().size() <= quota) return;
  // A policy in a template counts as the JSON CloudFormation sends, not the template's text.
  const std::size_t size = in.loaded.embedded && in.loaded.document.root
                               ? policy_size(json::to_json(*in.loaded.document.root))
                               : policy_size(in.loaded.document);
  if (size <= quota) return;
  out.report(in.policy->span,
             "the policy is " + p::with_thousands(size) + " characters long (whitespace not counted), " +
                 p::with_thousands(size - quota) + " over " + quota_text(in, quota),
             {{"split it into several policies, or shorten it: one statement for actions that share their "
               "resources, and action patterns such as \"states:Describe*\" instead of long lists",
               std::nullopt}});
}

}  // namespace

extern const Rule kP014PolicyTooLarge{
    .id = "P014",
    .name = "policy-too-large",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "The policy is longer than the size quota of its kind (whitespace not counted).",
    .rationale =
        "IAM limits the size of a policy, counted in characters without whitespace: 6,144 for a "
        "managed policy, 10,240 for all inline policies of a role together, 2,048 by default for a "
        "role's trust policy. A policy over its quota is rejected (\"LimitExceeded: Cannot exceed "
        "quota for PolicySize\"), often only late in a deployment. iamsmith assumes a customer "
        "managed policy for identity and resource policies unless --max-policy-chars says otherwise.",
    .exceptions =
        "Policies managed by AWS are not bound by the customer quotas. Inline role policies and raised "
        "trust-policy quotas need --max-policy-chars; resource policies have their service's quota.",
    .fix =
        "Split the policy into several policies, merge statements that share their resources, or replace "
        "long action lists by patterns (\"states:Describe*\"). For an inline role policy, pass "
        "--max-policy-chars 10240.",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Principal\": {\n        \"AWS\": [\n"
        "          \"arn:aws:iam::111122223333:role/OrdersStateMachineRole01\",\n"
        "          \"arn:aws:iam::111122223333:role/OrdersStateMachineRole02\",\n"
        "          \"arn:aws:iam::111122223333:role/OrdersStateMachineRole03\",\n"
        "          \"arn:aws:iam::111122223333:role/OrdersStateMachineRole04\",\n"
        "          \"arn:aws:iam::111122223333:role/OrdersStateMachineRole05\",\n"
        "          \"arn:aws:iam::111122223333:role/OrdersStateMachineRole06\",\n"
        "          \"arn:aws:iam::111122223333:role/OrdersStateMachineRole07\",\n"
        "          \"arn:aws:iam::111122223333:role/OrdersStateMachineRole08\",\n"
        "          \"arn:aws:iam::111122223333:role/OrdersStateMachineRole09\",\n"
        "          \"arn:aws:iam::111122223333:role/OrdersStateMachineRole10\",\n"
        "          \"arn:aws:iam::111122223333:role/OrdersStateMachineRole11\",\n"
        "          \"arn:aws:iam::111122223333:role/OrdersStateMachineRole12\",\n"
        "          \"arn:aws:iam::111122223333:role/OrdersStateMachineRole13\",\n"
        "          \"arn:aws:iam::111122223333:role/OrdersStateMachineRole14\",\n"
        "          \"arn:aws:iam::111122223333:role/OrdersStateMachineRole15\",\n"
        "          \"arn:aws:iam::111122223333:role/OrdersStateMachineRole16\",\n"
        "          \"arn:aws:iam::111122223333:role/OrdersStateMachineRole17\",\n"
        "          \"arn:aws:iam::111122223333:role/OrdersStateMachineRole18\",\n"
        "          \"arn:aws:iam::111122223333:role/OrdersStateMachineRole19\",\n"
        "          \"arn:aws:iam::111122223333:role/OrdersStateMachineRole20\",\n"
        "          \"arn:aws:iam::111122223333:role/OrdersStateMachineRole21\",\n"
        "          \"arn:aws:iam::111122223333:role/OrdersStateMachineRole22\",\n"
        "          \"arn:aws:iam::111122223333:role/OrdersStateMachineRole23\",\n"
        "          \"arn:aws:iam::111122223333:role/OrdersStateMachineRole24\",\n"
        "          \"arn:aws:iam::111122223333:role/OrdersStateMachineRole25\",\n"
        "          \"arn:aws:iam::111122223333:role/OrdersStateMachineRole26\",\n"
        "          \"arn:aws:iam::111122223333:role/OrdersStateMachineRole27\",\n"
        "          \"arn:aws:iam::111122223333:role/OrdersStateMachineRole28\",\n"
        "          \"arn:aws:iam::111122223333:role/OrdersStateMachineRole29\",\n"
        "          \"arn:aws:iam::111122223333:role/OrdersStateMachineRole30\",\n"
        "          \"arn:aws:iam::111122223333:role/OrdersStateMachineRole31\",\n"
        "          \"arn:aws:iam::111122223333:role/OrdersStateMachineRole32\",\n"
        "          \"arn:aws:iam::111122223333:role/OrdersStateMachineRole33\",\n"
        "          \"arn:aws:iam::111122223333:role/OrdersStateMachineRole34\",\n"
        "          \"arn:aws:iam::111122223333:role/OrdersStateMachineRole35\",\n"
        "          \"arn:aws:iam::111122223333:role/OrdersStateMachineRole36\",\n"
        "          \"arn:aws:iam::111122223333:role/OrdersStateMachineRole37\",\n"
        "          \"arn:aws:iam::111122223333:role/OrdersStateMachineRole38\",\n"
        "          \"arn:aws:iam::111122223333:role/OrdersStateMachineRole39\"\n"
        "        ]\n      },\n      \"Action\": \"sts:AssumeRole\"\n    }\n  ]\n}\n",
    .bad_pointer = "",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Principal\": {\n        \"AWS\": \"arn:aws:iam::111122223333:role/OrdersStateMachineRole\"\n"
        "      },\n      \"Action\": \"sts:AssumeRole\",\n      \"Condition\": {\n"
        "        \"StringEquals\": {\n          \"sts:ExternalId\": "
        "\"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\"\n        }\n      }\n    }\n  ]\n}\n",
    .example_context = {.kind = "trust"},
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html\n"
        "https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountSummary.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
    .check = check,
};

}  // namespace iamsmith::rules
