#include <map>

#include "arn_helpers.hpp"

namespace iamsmith::rules {
namespace {

struct PartitionUse {
  std::size_t count = 0;
  std::size_t first_seen = 0;  // order of first appearance, for ties
  const Scalar* first = nullptr;
};

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  std::map<std::string, PartitionUse> uses;
  std::size_t order = 0;
  arns::for_each_arn(*in.policy, [&](const arns::ArnValue& a) {
    const auto id = partition_of_arn(a.value->text);  // literal, known partitions only
    if (!id) return;
    PartitionUse& use = uses[*id];
    if (use.count++ == 0) {
      use.first = a.value;
      use.first_seen = order++;
    }
  });
  if (uses.size() < 2) return;

  // The majority: the policy's own partition when the context names one of those used, else
  // the most used one (the first to appear on a tie).
  const std::string* majority = nullptr;
  if (in.context.partition && uses.contains(*in.context.partition)) {
    majority = &uses.find(*in.context.partition)->first;
  } else {
    const PartitionUse* best = nullptr;
    for (const auto& [id, use] : uses) {
      if (best == nullptr || use.count > best->count ||
          (use.count == best->count && use.first_seen < best->first_seen)) {
        best = &use;
        majority = &id;
      }
    }
  }
  if (majority == nullptr) return;
  const PartitionUse& main = uses.at(*majority);
  for (const auto& [id, use] : uses) {
    if (id == *majority || use.first == nullptr || main.first == nullptr) continue;
    out.report(
        use.first->span,
        "ARN " + in_quotes(use.first->text) + " is in partition " + id + ", but the policy's other ARNs " +
            "are in " + *majority + " (" + std::to_string(use.count) + " ARN" + (use.count == 1 ? "" : "s") +
            " in " + id + ", " + std::to_string(main.count) + " in " + *majority + ")",
        {{"an ARN in " + *majority + ", e.g. here", main.first->span},
         {"a policy lives in one partition and ARNs of another never match; IAM roles and "
          "resource-based policies delegate access only within a single partition",
          std::nullopt},
         {"write every ARN in the policy's partition (a template can fill in the partition)", std::nullopt}});
  }
}

}  // namespace

extern const Rule kX002MixedPartitions{
    .id = "X002",
    .name = "mixed-partitions",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "One policy names ARNs in more than one partition.",
    .rationale =
        "A policy is stored in one partition, and access never crosses partitions: an ARN of "
        "another partition names nothing the policy can reach, a principal of another partition is "
        "rejected. A policy that mixes arn:aws: and arn:aws-us-gov: ARNs was usually copied between "
        "partitions and half edited. The finding is at the first ARN of each minority partition "
        "(when --partition names one of the partitions used, that one is the majority).",
    .exceptions =
        "Wildcards and template placeholders in the partition field (arn:*:, arn:${AWS::Partition}:) "
        "are not counted. A document deployed unchanged to several partitions may list each "
        "partition's ARN on purpose; there a placeholder is the cleaner way, or ignore X002 for it.",
    .fix = "Write every ARN in the partition the policy is deployed to.",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"states:StartExecution\",\n"
        "      \"Resource\": [\n"
        "        \"arn:aws-us-gov:states:us-gov-west-1:111122223333:stateMachine:Orders\",\n"
        "        \"arn:aws-us-gov:states:us-gov-west-1:111122223333:stateMachine:Refunds\",\n"
        "        \"arn:aws:states:us-east-1:111122223333:stateMachine:Invoices\"\n"
        "      ]\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Resource/2",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"states:StartExecution\",\n"
        "      \"Resource\": [\n"
        "        \"arn:aws-us-gov:states:us-gov-west-1:111122223333:stateMachine:Orders\",\n"
        "        \"arn:aws-us-gov:states:us-gov-west-1:111122223333:stateMachine:Refunds\",\n"
        "        \"arn:aws-us-gov:states:us-gov-west-1:111122223333:stateMachine:Invoices\"\n"
        "      ]\n    }\n  ]\n}\n",
    .example_context = {},
    .references =
        "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html",
    .check = check,
};

}  // namespace iamsmith::rules
