#include "arn_helpers.hpp"
#include "document_facts.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  with_facts(in, [&](DocumentFacts& facts) {
    arns::for_each_arn(*in.policy, [&](const arns::ArnValue& a) {
      const std::optional<Arn>& parsed = facts.arn_fields(*a.value);
      if (!parsed) return;  // A001
      const Arn& arn = *parsed;
      const PartitionInfo* partition = arns::known_partition(arn);
      if (partition == nullptr || arn.region.empty() || arns::is_pattern(arn.region)) return;
      // By the partitions' region patterns, so a region newer than the data still maps
      // (partition.hpp).
      const PartitionInfo* owner = partition_of_region(arn.region);
      if (owner == nullptr || owner == partition) return;
      const std::string fixed =
          "arn:" + owner->id + ":" + arn.service + ":" + arn.region + ":" + arn.account + ":" + arn.resource;
      out.report(a.value->span,
                 "region " + in_quotes(arn.region) + " belongs to partition " + owner->id + " (" +
                     owner->name + "), but ARN " + in_quotes(a.value->text) + " is in partition " +
                     partition->id + " (" + partition->name + ")",
                 {{"a resource in " + arn.region + " has an ARN in " + owner->id + ": " + in_quotes(fixed) +
                       "; or keep " + partition->id + " and name one of its regions",
                   std::nullopt}});
    });
  });
}

}  // namespace

extern const Rule kA003RegionNotInPartition{
    .id = "A003",
    .name = "region-not-in-partition",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "An ARN's region belongs to another partition than the ARN's partition field.",
    .rationale =
        "Each region belongs to exactly one partition (cn-north-1 to aws-cn, us-gov-west-1 to "
        "aws-us-gov, ...), and the partition field of a resource's ARN is that region's partition. "
        "arn:aws:lambda:cn-north-1:... therefore names no resource at all: the statement matches "
        "nothing. It is the usual slip when a policy is copied from one partition to another.",
    .exceptions = "",
    .fix =
        "Make the partition and the region agree: arn:aws-cn:lambda:cn-north-1:..., or keep the partition "
        "and name one of its regions.",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"lambda:InvokeFunction\",\n"
        "      \"Resource\": \"arn:aws:lambda:cn-north-1:111122223333:function:Resize\"\n"
        "    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Resource",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"lambda:InvokeFunction\",\n"
        "      \"Resource\": \"arn:aws-cn:lambda:cn-north-1:111122223333:function:Resize\"\n"
        "    }\n  ]\n}\n",
    .example_context = {},
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html\n"
        "https://docs.aws.amazon.com/general/latest/gr/rande.html",
    .check = check,
};

}  // namespace iamsmith::rules
