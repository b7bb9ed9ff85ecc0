#pragma once
// AWS partitions (groups of regions with their own accounts and IAM): which regions and which
// DNS suffix belong to each. The data is rules/partitions.json, compiled into the binary.
// IAM roles and resource-based policies delegate access only within one partition:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iamsmith {

struct PartitionInfo {
  std::string id;                    // the ARN partition field: "aws", "aws-cn", "aws-us-gov", ...
  std::string name;                  // "AWS China"
  std::string dns_suffix;            // endpoint domain: "amazonaws.com.cn"
  std::string region_regex;          // as in the SDK data: "^cn\\-\\w+\\-\\d+$"
  std::vector<std::string> regions;  // the regions known when the data was collected
  // Service-principal domains used only in this partition ("amazonaws.com.cn"); empty when
  // the partition's services use the shared <service>.amazonaws.com form.
  std::vector<std::string> service_principal_suffixes;
};

// All partitions, in data-file order ("aws" first). Loaded once, on first use; a broken
// embedded data file throws std::logic_error (a build defect, not a user error).
[[nodiscard]] const std::vector<PartitionInfo>& partitions();

// nullptr when `id` is not a partition.
[[nodiscard]] const PartitionInfo* find_partition(std::string_view id);

// The partition whose region pattern matches, so that well-formed regions newer than the data
// still map ("us-gov-west-7" -> aws-us-gov). The specific patterns (us-gov, us-iso, us-isob,
// us-isof, eu-isoe, eusc, cn) are tried before the generic aws one. nullptr when none does.
[[nodiscard]] const PartitionInfo* partition_of_region(std::string_view region);

// True when `region` belongs to partition `partition` (by pattern, like partition_of_region).
[[nodiscard]] bool region_in_partition(std::string_view region, std::string_view partition);

// True when `region` is in one of the partitions' region lists.
[[nodiscard]] bool is_known_region(std::string_view region);

// The partition field of `arn` when it parses and names a known partition without wildcards
// or variables.
[[nodiscard]] std::optional<std::string> partition_of_arn(std::string_view arn);

// The partition whose DNS suffix ends `host` (on a label boundary, ignoring ASCII case); the
// longest suffix wins, so "sqs.cn-north-1.amazonaws.com.cn" is aws-cn, not aws. When several
// partitions share the suffix (amazonaws.com: aws and aws-us-gov), a region label in the host
// decides; without one, the first such partition (aws). nullptr when no suffix matches.
[[nodiscard]] const PartitionInfo* partition_of_dns_suffix(std::string_view host);

// "did you mean" for a mistyped partition id ("aws-cnn" -> "aws-cn", "asw" -> "aws"), or none.
[[nodiscard]] std::optional<std::string> nearest_partition(std::string_view word);

// "did you mean" for an unknown region: the nearest known region of `partition` (null: of the
// partition whose pattern the region has, else of any partition), or none.
[[nodiscard]] std::optional<std::string> nearest_region(std::string_view region, const PartitionInfo* partition);

}  // namespace iamsmith
