#include "arn_helpers.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  arns::for_each_arn(*in.policy, [&](const arns::ArnValue& a) {
    const std::optional<Arn> parsed = arns::parse_for_fields(a.value->text);
    if (!parsed) return;  // A001
    const Arn& arn = *parsed;
    if (arn.region.empty() || arns::is_pattern(arn.region) || is_known_region(arn.region)) return;
    const PartitionInfo* partition = arns::known_partition(arn);
    const PartitionInfo* owner = partition_of_region(arn.region);
    // A region of another partition's shape is A003's finding.
    if (partition != nullptr && owner != nullptr && owner != partition) return;

    const PartitionInfo* scope = partition != nullptr ? partition : owner;
    std::vector<Note> notes;
    if (const auto guess = nearest_region(arn.region, scope)) {
      notes.push_back({"did you mean " + in_quotes(*guess) + "?", std::nullopt});
    }
    std::string message = "unknown region " + in_quotes(arn.region) + " in ARN " + in_quotes(a.value->text);
    if (scope != nullptr) {
      message += ": not a region of partition " + scope->id + " (" + scope->name + ")";
    } else {
      message += ": it has the shape of no partition's region codes";
    }
    notes.push_back(
        {"if the region is newer than iamsmith's partition data, this warning can be ignored", std::nullopt});
    out.report(a.value->span, std::move(message), std::move(notes));
  });
}

}  // namespace

extern const Rule kA006UnknownRegion{
    .id = "A006",
    .name = "unknown-region",
    .severity = Severity::Warning,
    .status = RuleStatus::Stable,
    .summary = "An ARN names a region that iamsmith does not know.",
    .rationale =
        "A mistyped region (us-east-7, eu-west, useast1) makes the ARN name nothing, so the "
        "statement silently matches nothing. IAM accepts the policy, so nothing else reports it.",
    .exceptions =
        "AWS opens new regions; one newer than iamsmith's partition data (rules/partitions.json) "
        "is reported until the data is updated.",
    .fix = "Correct the region code, or use \"*\" for every region.",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"sqs:SendMessage\",\n"
        "      \"Resource\": \"arn:aws:sqs:us-east-7:111122223333:orders\"\n"
        "    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Resource",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"sqs:SendMessage\",\n"
        "      \"Resource\": \"arn:aws:sqs:us-east-1:111122223333:orders\"\n"
        "    }\n  ]\n}\n",
    .example_context = {},
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html\n"
        "https://docs.aws.amazon.com/general/latest/gr/rande.html",
    .check = check,
};

}  // namespace iamsmith::rules
