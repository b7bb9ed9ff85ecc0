#include <array>

#include "condition_helpers.hpp"
#include "iamsmith/suggest.hpp"

namespace iamsmith::rules {
namespace {

// The global condition keys, from the table at the top of "AWS global condition context keys"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html):
// properties of the principal, of the role session, of the network, of the resource and of the
// request. The tag keys (aws:RequestTag/..., aws:ResourceTag/..., aws:PrincipalTag/...) are
// matched by prefix below.
constexpr std::array<std::string_view, 49> kGlobalKeys = {
    // principal
    "aws:PrincipalArn", "aws:PrincipalAccount", "aws:PrincipalOrgPaths", "aws:PrincipalOrgID",
    "aws:PrincipalIsAWSService", "aws:PrincipalServiceName", "aws:PrincipalServiceNamesList", "aws:PrincipalType",
    "aws:userid", "aws:username",
    // role session
    "aws:AssumedRoot", "aws:FederatedProvider", "aws:TokenIssueTime", "aws:SignInSessionArn",
    "aws:MultiFactorAuthAge", "aws:MultiFactorAuthPresent", "aws:ChatbotSourceArn", "aws:Ec2InstanceSourceVpc",
    "aws:Ec2InstanceSourcePrivateIPv4", "aws:SourceIdentity",
    // network
    "aws:SourceIp", "aws:SourceVpc", "aws:SourceVpcArn", "aws:SourceVpce", "aws:VpceAccount", "aws:VpceOrgID",
    "aws:VpceOrgPaths", "aws:VpcSourceIp",
    // resource
    "aws:ResourceAccount", "aws:ResourceOrgID", "aws:ResourceOrgPaths",
    // request
    "aws:CalledVia", "aws:CalledViaFirst", "aws:CalledViaLast", "aws:CalledViaAWSMCP", "aws:ViaAWSService",
    "aws:ViaAWSMCPService", "aws:CurrentTime", "aws:EpochTime", "aws:referer", "aws:RequestedRegion",
    "aws:TagKeys", "aws:SecureTransport", "aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID",
    "aws:SourceOrgPaths", "aws:UserAgent", "aws:IsMcpServiceAction",
};

// Keys missing from that table that IAM still accepts: AWS's own managed policies use
// aws:PrincipalOrgMasterAccountId, and the default access policy Amazon SNS gives every new topic
// conditions on AWS:SourceOwner.
constexpr std::array<std::string_view, 2> kLegacyKeys = {"aws:PrincipalOrgMasterAccountId", "aws:SourceOwner"};

// Keys that take a tag key after the slash.
constexpr std::array<std::string_view, 3> kTagKeyPrefixes = {"aws:RequestTag", "aws:ResourceTag", "aws:PrincipalTag"};

const std::vector<std::string>& candidates() {
  static const std::vector<std::string> kCandidates = [] {
    std::vector<std::string> out(kGlobalKeys.begin(), kGlobalKeys.end());
    for (std::string_view prefix : kTagKeyPrefixes) out.emplace_back(prefix);
    return out;
  }();
  return kCandidates;
}

bool is_listed(std::string_view key) {
  auto matches = [key](std::string_view known) { return ci_equals(key, known); };
  return std::any_of(kGlobalKeys.begin(), kGlobalKeys.end(), matches) ||
         std::any_of(kLegacyKeys.begin(), kLegacyKeys.end(), matches);
}

void check_key(const ConditionEntry& entry, FindingSink& out) {
  const std::string_view key = entry.key;
  if (!ci_starts_with(key, "aws:") || is_listed(key)) return;
  const auto slash = key.find('/');
  const std::string_view head = key.substr(0, slash);
  for (std::string_view prefix : kTagKeyPrefixes) {
    if (!ci_equals(head, prefix)) continue;
    if (slash != std::string_view::npos && slash + 1 < key.size()) return;  // aws:RequestTag/Team
    out.report(entry.key_span, "condition key " + in_quotes(key) + " names no tag key",
               {{"write " + std::string(prefix) + "/<tag-key>, such as " + std::string(prefix) + "/Team",
                 std::nullopt}});
    return;
  }
  if (ci_equals(key, "aws:ARN")) {
    // Access Analyzer reports aws:ARN as an unsupported global key.
    out.report(entry.key_span, "condition key \"aws:ARN\" is not supported",
               {{"use aws:PrincipalArn for the caller or aws:SourceArn for the calling resource", std::nullopt}});
    return;
  }
  std::vector<Note> notes;
  if (auto guess = nearest(slash == std::string_view::npos ? key : head, candidates(), /*ignore_case=*/true)) {
    notes.push_back({"did you mean " + in_quotes(*guess) + "?", std::nullopt});
  }
  notes.push_back({"a condition on a key that never exists in the request context is always false "
                   "(always true for negated operators)",
                   std::nullopt});
  out.report(entry.key_span, "condition key " + in_quotes(key) + " is not an AWS global condition key",
             std::move(notes));
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  for (const Statement& st : in.policy->statements()) {
    if (!st.condition) continue;
    for (const ConditionOperator& op : st.condition->operators) {
      for (const ConditionEntry& entry : op.entries) check_key(entry, out);
    }
  }
}

}  // namespace

extern const Rule kC003UnknownConditionKey{
    .id = "C003",
    .name = "unknown-condition-key",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "A condition key with the \"aws:\" prefix that is not one of AWS's global condition keys.",
    .rationale = "Keys that start with \"aws:\" are global keys, a fixed list that AWS documents. A misspelt "
                 "key is never in the request context, so an Allow condition on it never matches and a Deny "
                 "condition with a negated operator always does; the policy quietly stops meaning what it "
                 "says. Keys are case-insensitive, so only spelling counts.",
    .exceptions = "Keys documented elsewhere that IAM still accepts (aws:PrincipalOrgMasterAccountId, "
                  "aws:SourceOwner) are not reported. A brand-new global key may be missing from iamsmith's "
                  "list; report it so it can be added.",
    .fix = "Correct the key's spelling (the note suggests the nearest global key), and give tag keys their "
           "tag name: aws:RequestTag/<tag-key>, aws:ResourceTag/<tag-key>, aws:PrincipalTag/<tag-key>.",
    .bad_example = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
                   "      \"Principal\": {\"Service\": \"states.amazonaws.com\"},\n"
                   "      \"Action\": \"sts:AssumeRole\",\n"
                   "      \"Condition\": {\"StringEquals\": {\"aws:SourceAccout\": \"111122223333\"}}\n"
                   "    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Condition/StringEquals/aws:SourceAccout",
    .good_example = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
                    "      \"Principal\": {\"Service\": \"states.amazonaws.com\"},\n"
                    "      \"Action\": \"sts:AssumeRole\",\n"
                    "      \"Condition\": {\"StringEquals\": {\"aws:SourceAccount\": \"111122223333\"}}\n"
                    "    }\n  ]\n}\n",
    .example_context = {},
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
    .check = check,
};

}  // namespace iamsmith::rules
