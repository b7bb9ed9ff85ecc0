#include "arn_helpers.hpp"

namespace iamsmith::rules {
namespace {

struct TrustedPrincipal {
  std::string partition;
  const Scalar* value = nullptr;
};

// The principals of the statement whose partition is known.
std::vector<TrustedPrincipal> trusted_principals(const Statement& st) {
  std::vector<TrustedPrincipal> out;
  if (!st.principal) return out;
  for (const PrincipalGroup& group : st.principal->groups) {
    for (const Scalar& v : group.values) {
      if (v.type != json::Type::String) continue;
      const PrincipalInfo info = classify_principal(group.type, v.text);
      if (info.partition) out.push_back({*info.partition, &v});
    }
  }
  return out;
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  for (const Statement& st : in.policy->statements()) {
    if (is_deny(st) || !st.condition) continue;
    const std::vector<TrustedPrincipal> principals = trusted_principals(st);
    if (principals.empty()) continue;
    for (const ConditionOperator& op : st.condition->operators) {
      for (const ConditionEntry& entry : op.entries) {
        if (!arns::is_sts_external_id(entry.key)) continue;
        for (const Scalar& v : entry.values) {
          if (v.type != json::Type::String) continue;
          const ArnResult parsed = parse_arn(v.text);
          if (!parsed) continue;
          const Arn& arn = parsed.value();
          // Step Functions passes the state machine ARN as the external ID
          // (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html).
          if (arn.service != "states" || arn.resource_type() != "stateMachine") continue;
          const PartitionInfo* partition = arns::known_partition(arn);
          if (partition == nullptr) continue;
          for (const TrustedPrincipal& p : principals) {
            if (p.partition == partition->id) continue;
            out.report(
                v.span,
                "external ID names state machine " + in_quotes(v.text) + " in partition " + partition->id +
                    ", but the trusted principal " + in_quotes(p.value->text) + " is in partition " +
                    p.partition,
                {{"trusted principal here", p.value->span},
                 {"IAM roles and resource-based policies delegate access across accounts only within a "
                  "single partition: this state machine can never assume the role through this principal",
                  std::nullopt},
                 {"put the state machine, its execution role and the target role in one partition",
                  std::nullopt}});
            break;  // one finding per external ID value
          }
        }
      }
    }
  }
}

}  // namespace

extern const Rule kX003CrossPartitionExternalId{
    .id = "X003",
    .name = "cross-partition-external-id",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary =
        "A trust statement's sts:ExternalId names a state machine in another partition than the "
        "principal it trusts.",
    .rationale =
        "For cross-account tasks, Step Functions assumes the target role with the state machine's ARN "
        "as the external ID, and the trust policy checks sts:ExternalId against it. The state "
        "machine runs as its execution role, which is the principal trusted, and both live in one "
        "partition. An external ID naming a state machine of another partition than the trusted "
        "principal can never be presented by that principal: the trust is dead, and usually a "
        "sign that ARNs were copied between partitions.",
    .exceptions = "",
    .fix =
        "Make the external ID the ARN of the state machine that runs as the trusted execution role, in "
        "that role's partition.",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Principal\": {\n"
        "        \"AWS\": \"arn:aws-us-gov:iam::111122223333:role/OrdersExecution\"\n      },\n"
        "      \"Action\": \"sts:AssumeRole\",\n      \"Condition\": {\n        \"StringEquals\": {\n"
        "          \"sts:ExternalId\": \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\"\n"
        "        }\n      }\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Condition/StringEquals/sts:ExternalId",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Principal\": {\n"
        "        \"AWS\": \"arn:aws-us-gov:iam::111122223333:role/OrdersExecution\"\n      },\n"
        "      \"Action\": \"sts:AssumeRole\",\n      \"Condition\": {\n        \"StringEquals\": {\n"
        "          \"sts:ExternalId\": "
        "\"arn:aws-us-gov:states:us-gov-west-1:111122223333:stateMachine:Orders\"\n"
        "        }\n      }\n    }\n  ]\n}\n",
    .example_context = {.kind = "trust"},
    .references =
        "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html",
    .check = check,
};

}  // namespace iamsmith::rules
