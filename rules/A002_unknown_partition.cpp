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
      const std::string& partition = parsed->partition;
      // "arn:*:..." and "arn:${AWS::Partition}:..." (a template placeholder) are patterns.
      if (arns::is_pattern(partition) || find_partition(partition) != nullptr) return;
      std::vector<Note> notes;
      if (const auto guess = arns::nearest_partition(partition)) {
        notes.push_back({"did you mean " + in_quotes(*guess) + "?", std::nullopt});
      }
      notes.push_back({"the partitions are " + arns::partition_list(), std::nullopt});
      out.report(a.value->span,
                 "unknown partition " + in_quotes(partition) + " in ARN " + in_quotes(a.value->text),
                 std::move(notes));
    });
  });
}

}  // namespace

extern const Rule kA002UnknownPartition{
    .id = "A002",
    .name = "unknown-partition",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "An ARN names a partition that does not exist.",
    .rationale =
        "The second field of an ARN is the partition: aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, "
        "aws-iso-e, aws-iso-f or aws-eusc. An ARN in any other partition names nothing, so the "
        "statement grants or matches nothing; IAM rejects such a principal outright.",
    .exceptions =
        "A wildcard or a template placeholder in the partition (arn:*:..., arn:${AWS::Partition}:...) "
        "is not checked.",
    .fix = "Correct the partition; for a policy used in several partitions, let the template fill it in.",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"states:StartExecution\",\n"
        "      \"Resource\": \"arn:asw:states:us-east-1:111122223333:stateMachine:Orders\"\n"
        "    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Resource",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"states:StartExecution\",\n"
        "      \"Resource\": \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\"\n"
        "    }\n  ]\n}\n",
    .example_context = {},
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html",
    .check = check,
};

}  // namespace iamsmith::rules
