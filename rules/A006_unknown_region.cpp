#include <algorithm>
#include <array>

#include "arn_helpers.hpp"
#include "condition_helpers.hpp"
#include "document_facts.hpp"

namespace iamsmith::rules {
namespace {

// Condition keys whose value is a region code. aws:RequestedRegion is the region the request
// is made to; ec2:Region the region of the EC2 resource.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-requestedregion
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html
constexpr std::array<std::string_view, 2> kRegionKeys = {"aws:RequestedRegion", "ec2:Region"};

bool is_region_key(std::string_view key) {
  return std::any_of(kRegionKeys.begin(), kRegionKeys.end(),
                     [&](std::string_view k) { return ci_equals(k, key); });
}

// Region values under String operators (Access Analyzer: "Invalid region"). With --partition
// the region must be one of that partition's; without, one of any partition's.
void check_condition_regions(const LintInput& in, const Statement& st, FindingSink& out) {
  if (!st.condition) return;
  const PartitionInfo* context_partition =
      in.context.partition ? find_partition(*in.context.partition) : nullptr;
  for (const ConditionOperator& op : st.condition->operators) {
    const ParsedOperator parsed = parse_operator(op.name);
    if (!parsed.known() || parsed.info->family != OperatorFamily::String) continue;
    for (const ConditionEntry& entry : op.entries) {
      if (!is_region_key(entry.key)) continue;
      for (const Scalar& value : entry.values) {
        if (value.type != json::Type::String || value.text.empty() || arns::is_pattern(value.text)) continue;
        const PartitionInfo* owner = partition_of_region(value.text);
        const bool known = is_known_region(value.text);
        if (known && (context_partition == nullptr || owner == context_partition)) continue;
        const PartitionInfo* scope = context_partition != nullptr ? context_partition : owner;
        std::vector<Note> notes;
        if (const auto guess = nearest_region(value.text, scope)) {
          notes.push_back({"did you mean " + in_quotes(*guess) + "?", std::nullopt});
        }
        std::string message =
            "unknown region " + in_quotes(value.text) + " in condition key " + in_quotes(entry.key);
        if (scope != nullptr) {
          message += ": not a region of partition " + scope->id + " (" + scope->name + ")";
        } else {
          message += ": it has the shape of no partition's region codes";
        }
        if (!known) {
          notes.push_back(
              {"if the region is newer than iamsmith's partition data, this warning can be ignored",
               std::nullopt});
        }
        out.report(value.span, std::move(message), std::move(notes));
      }
    }
  }
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  for (const Statement& st : in.policy->statements()) check_condition_regions(in, st, out);
  with_facts(in, [&](DocumentFacts& facts) {
    arns::for_each_arn(*in.policy, [&](const arns::ArnValue& a) {
      const std::optional<Arn>& parsed = facts.arn_fields(*a.value);
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
      notes.push_back({"if the region is newer than iamsmith's partition data, this warning can be ignored",
                       std::nullopt});
      out.report(a.value->span, std::move(message), std::move(notes));
    });
  });
}

}  // namespace

extern const Rule kA006UnknownRegion{
    .id = "A006",
    .name = "unknown-region",
    .severity = Severity::Warning,
    .status = RuleStatus::Stable,
    .summary =
        "An ARN, or a region condition key (aws:RequestedRegion, ec2:Region), names a region that "
        "iamsmith does not know.",
    .rationale =
        "A mistyped region (us-east-7, eu-west, useast1) makes the ARN name nothing, so the "
        "statement silently matches nothing. IAM accepts the policy, so nothing else reports it. The same "
        "holds for a region value of aws:RequestedRegion or ec2:Region under a String operator: no request "
        "is made to us-middle-9 (Access Analyzer: \"Invalid region\"). With --partition the region must be "
        "one of that partition's.",
    .exceptions =
        "AWS opens new regions; one newer than iamsmith's partition data (rules/partitions.json) "
        "is reported until the data is updated. Condition values with wildcards or policy variables are "
        "not judged.",
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
        "https://docs.aws.amazon.com/general/latest/gr/rande.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
        "reference_policies_condition-keys.html#condition-keys-requestedregion\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
    .check = check,
};

}  // namespace iamsmith::rules
