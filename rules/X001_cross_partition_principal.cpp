#include "arn_helpers.hpp"

namespace iamsmith::rules {
namespace {

// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html
constexpr std::string_view kSource =
    "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html";
constexpr std::string_view kOnePartition =
    "IAM roles and resource-based policies delegate access across accounts only within a single partition";

void check_principal(const std::optional<Principal>& principal, const arns::PolicyPartition& home,
                     FindingSink& out) {
  if (!principal) return;
  for (const PrincipalGroup& group : principal->groups) {
    for (const Scalar& v : group.values) {
      if (v.type != json::Type::String) continue;
      // classify_principal knows the partition of ARN principals and of service principals with
      // a partition's own domain (ec2.amazonaws.com.cn) or a region label.
      const PrincipalInfo info = classify_principal(group.type, v.text);
      if (!info.partition || *info.partition == home.id) continue;
      std::vector<Note> notes;
      notes.push_back({std::string(kOnePartition) + " (" + std::string(kSource) + ")", std::nullopt});
      if (home.where) {
        notes.push_back({"the policy is in " + home.id + " by its Resource ARNs, e.g. here", *home.where});
      } else {
        notes.push_back({"the policy is in " + home.id + ", from " + home.source, std::nullopt});
      }
      notes.push_back({"name a principal of the " + home.id + " partition", std::nullopt});
      out.report(v.span,
                 std::string(principal_form_name(info.form)) + " " + in_quotes(v.text) + " is in partition " +
                     *info.partition + ", but the policy is in partition " + home.id,
                 std::move(notes));
    }
  }
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  const std::optional<arns::PolicyPartition> home = arns::policy_partition(in);
  if (!home) return;
  for (const Statement& st : in.policy->statements()) {
    check_principal(st.principal, *home, out);
    check_principal(st.not_principal, *home, out);
  }
}

}  // namespace

extern const Rule kX001CrossPartitionPrincipal{
    .id = "X001",
    .name = "cross-partition-principal",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "A principal is in another partition than the policy.",
    .rationale =
        "A partition (aws, aws-cn, aws-us-gov, ...) is a separate AWS with its own accounts and IAM. "
        "IAM roles and resource-based policies delegate access across accounts only within one "
        "partition, so a trust policy in aws cannot trust a role in aws-cn: IAM rejects the "
        "principal, or the grant never applies. The policy's partition comes from --partition, else "
        "from the ARN of the role, state machine or execution role in the context, else from the "
        "policy's own Resource ARNs when they agree.",
    .exceptions = "",
    .fix =
        "Keep the caller and the target in one partition: name a principal of the policy's partition. "
        "Access from another partition needs credentials of that partition, not a trust relationship.",
    .bad_example =
        "{\n"
        "  \"Version\": \"2012-10-17\",\n"
        "  \"Statement\": [\n"
        "    {\n"
        "      \"Effect\": \"Allow\",\n"
        "      \"Principal\": {\n"
        "        \"AWS\": \"arn:aws-cn:iam::111122223333:role/OrdersExecution\"\n"
        "      },\n"
        "      \"Action\": \"sts:AssumeRole\",\n"
        "      \"Condition\": {\n"
        "        \"StringEquals\": {\n"
        "          \"sts:ExternalId\": \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\"\n"
        "        }\n"
        "      }\n"
        "    }\n"
        "  ]\n"
        "}\n",
    .bad_pointer = "/Statement/0/Principal/AWS",
    .good_example =
        "{\n"
        "  \"Version\": \"2012-10-17\",\n"
        "  \"Statement\": [\n"
        "    {\n"
        "      \"Effect\": \"Allow\",\n"
        "      \"Principal\": {\n"
        "        \"AWS\": \"arn:aws:iam::111122223333:role/OrdersExecution\"\n"
        "      },\n"
        "      \"Action\": \"sts:AssumeRole\",\n"
        "      \"Condition\": {\n"
        "        \"StringEquals\": {\n"
        "          \"sts:ExternalId\": \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\"\n"
        "        }\n"
        "      }\n"
        "    }\n"
        "  ]\n"
        "}\n",
    .example_context = {.kind = "trust", .partition = "aws"},
    .references =
        "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html",
    .check = check,
};

}  // namespace iamsmith::rules
