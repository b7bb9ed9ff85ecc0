#include "p_helpers.hpp"

namespace iamsmith::rules {
namespace {

// Default quotas in characters, whitespace not counted.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
constexpr std::size_t kManagedPolicyQuota = 6144;      // a customer managed policy
constexpr std::size_t kInlineRolePolicyQuota = 10240;  // all inline policies of one role together
constexpr std::size_t kTrustPolicyQuota =
    2048;  // role trust policy length, adjustable through Service Quotas

bool is_whitespace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// The size IAM measures: the characters of the document as written, without whitespace. The
// quotas page says IAM "does not count white space", and GetAccountSummary gives the quotas "in
// non-whitespace characters", so whitespace inside string values is left out as well; that can
// only make the count smaller, never raise a false alarm. Characters are code points (IAM allows
// U+0020-U+00FF, two bytes each above U+007F in UTF-8). Comments and a byte-order mark, which
// AWS rejects anyway (P002), are not counted.
// https://docs.aws.amazon.com/sdkfornet/latest/apidocs/items/TIAMGetAccountSummaryResultNET35.html
std::size_t policy_size(const json::Document& document) {
  const std::string& text = document.source.text();
  std::vector<bool> skip(text.size(), false);
  for (const json::Extension& ext : document.extensions) {
    switch (ext.kind) {
      case json::ExtensionKind::LineComment:
      case json::ExtensionKind::BlockComment:
      case json::ExtensionKind::ByteOrderMark:
        for (std::size_t i = ext.span.offset; i < ext.span.offset + ext.span.length && i < text.size(); ++i) {
          skip[i] = true;
        }
        break;
      case json::ExtensionKind::TrailingComma: break;  // one character that stays in the text
    }
  }
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const bool continuation = (byte & 0xC0U) == 0x80U;
    if (!skip[i] && !continuation && !is_whitespace(text[i])) ++count;
  }
  return count;
}

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
             std::to_string(kInlineRolePolicyQuota) + " for an inline role policy)";
    case PolicyKind::Resource:
      return "the " + p::with_thousands(quota) +
             "-character quota of a managed policy, the default here (a resource policy's quota depends on "
             "its service: pass it with --max-policy-chars)";
  }
  return "its quota";
}

void check(const LintInput& in, FindingSink& out) {
  if (!p::root_is_object(in)) return;
  std::size_t quota = kManagedPolicyQuota;
  switch (in.kind) {
    case PolicyKind::Trust: quota = kTrustPolicyQuota; break;
    case PolicyKind::Identity:
    case PolicyKind::Resource: quota = kManagedPolicyQuota; break;
  }
  if (in.context.max_policy_chars) quota = *in.context.max_policy_chars;
  const std::size_t size = policy_size(in.loaded.document);
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
