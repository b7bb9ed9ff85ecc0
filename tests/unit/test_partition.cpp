// Partitions: the embedded data, region and DNS lookups for every partition.

#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "iamsmith/partition.hpp"

using iamsmith::find_partition;
using iamsmith::partition_of_dns_suffix;
using iamsmith::partition_of_region;

namespace {

std::string region_owner(std::string_view region) {
  const iamsmith::PartitionInfo* info = partition_of_region(region);
  return info == nullptr ? std::string("(none)") : info->id;
}

std::string host_owner(std::string_view host) {
  const iamsmith::PartitionInfo* info = partition_of_dns_suffix(host);
  return info == nullptr ? std::string("(none)") : info->id;
}

}  // namespace

TEST_CASE("partition: the embedded data loads and has the eight partitions") {
  const auto& all = iamsmith::partitions();
  REQUIRE(all.size() == 8);
  const std::string_view ids[] = {"aws",       "aws-cn",    "aws-us-gov", "aws-iso",
                                  "aws-iso-b", "aws-iso-e", "aws-iso-f",  "aws-eusc"};
  for (std::size_t i = 0; i < all.size(); ++i) {
    CHECK(all[i].id == ids[i]);
    CHECK_FALSE(all[i].name.empty());
    CHECK_FALSE(all[i].dns_suffix.empty());
    CHECK_FALSE(all[i].region_regex.empty());
    CHECK_FALSE(all[i].regions.empty());
  }
}

TEST_CASE("partition: each partition has its DNS suffix and human name") {
  struct Case {
    std::string_view id;
    std::string_view dns_suffix;
    std::string_view name;
  };
  const Case cases[] = {
      {"aws", "amazonaws.com", "AWS Standard"},
      {"aws-cn", "amazonaws.com.cn", "AWS China"},
      {"aws-us-gov", "amazonaws.com", "AWS GovCloud (US)"},
      {"aws-iso", "c2s.ic.gov", "AWS ISO (US)"},
      {"aws-iso-b", "sc2s.sgov.gov", "AWS ISOB (US)"},
      {"aws-iso-e", "cloud.adc-e.uk", "AWS ISOE (Europe)"},
      {"aws-iso-f", "csp.hci.ic.gov", "AWS ISOF"},
      {"aws-eusc", "amazonaws.eu", "AWS European Sovereign Cloud"},
  };
  for (const Case& c : cases) {
    const iamsmith::PartitionInfo* info = find_partition(c.id);
    REQUIRE(info != nullptr);
    CHECK(info->dns_suffix == c.dns_suffix);
    CHECK(info->name == c.name);
  }
  CHECK(find_partition("aws-xyz") == nullptr);
  CHECK(find_partition("AWS") == nullptr);
  CHECK(find_partition("") == nullptr);
}

TEST_CASE("partition: the commercial region list includes the newest regions") {
  const iamsmith::PartitionInfo* aws = find_partition("aws");
  REQUIRE(aws != nullptr);
  CHECK(aws->regions.size() == 34);
  for (const std::string_view region :
       {"us-east-1", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "ap-east-2", "mx-central-1",
        "ca-west-1", "il-central-1", "me-central-1"}) {
    CHECK(iamsmith::is_known_region(region));
    CHECK(region_owner(region) == "aws");
  }
}

TEST_CASE("partition: every region maps to its partition, specific partitions first") {
  CHECK(region_owner("us-east-1") == "aws");
  CHECK(region_owner("eu-central-2") == "aws");
  CHECK(region_owner("cn-north-1") == "aws-cn");
  CHECK(region_owner("cn-northwest-1") == "aws-cn");
  CHECK(region_owner("us-gov-west-1") == "aws-us-gov");
  CHECK(region_owner("us-gov-east-1") == "aws-us-gov");
  CHECK(region_owner("us-iso-east-1") == "aws-iso");
  CHECK(region_owner("us-iso-west-1") == "aws-iso");
  CHECK(region_owner("us-isob-east-1") == "aws-iso-b");
  CHECK(region_owner("us-isob-west-1") == "aws-iso-b");
  CHECK(region_owner("eu-isoe-west-1") == "aws-iso-e");
  CHECK(region_owner("us-isof-south-1") == "aws-iso-f");
  CHECK(region_owner("us-isof-east-1") == "aws-iso-f");
  CHECK(region_owner("eusc-de-east-1") == "aws-eusc");
}

TEST_CASE("partition: unknown but well-formed regions still map by pattern") {
  CHECK(region_owner("us-gov-north-9") == "aws-us-gov");
  CHECK(region_owner("us-isob-south-2") == "aws-iso-b");
  CHECK(region_owner("eu-isoe-north-3") == "aws-iso-e");
  CHECK(region_owner("eusc-de-west-2") == "aws-eusc");
  CHECK(region_owner("cn-south-1") == "aws-cn");
  CHECK(region_owner("ap-northwest-9") == "aws");
  CHECK_FALSE(iamsmith::is_known_region("ap-northwest-9"));
}

TEST_CASE("partition: malformed or foreign regions map to no partition") {
  CHECK(region_owner("") == "(none)");
  CHECK(region_owner("*") == "(none)");
  CHECK(region_owner("us-east") == "(none)");
  CHECK(region_owner("US-EAST-1") == "(none)");
  CHECK(region_owner("xx-east-1") == "(none)");
  CHECK(region_owner("eusc-fr-east-1") == "(none)");  // the pattern names Germany only
  CHECK(region_owner("aws-global") == "(none)");
  CHECK(region_owner("us-east-1 ") == "(none)");
  CHECK_FALSE(iamsmith::is_known_region("aws-global"));
  CHECK_FALSE(iamsmith::is_known_region(""));
}

TEST_CASE("partition: region_in_partition checks membership") {
  CHECK(iamsmith::region_in_partition("us-gov-west-1", "aws-us-gov"));
  CHECK_FALSE(iamsmith::region_in_partition("us-gov-west-1", "aws"));
  CHECK(iamsmith::region_in_partition("us-east-1", "aws"));
  CHECK_FALSE(iamsmith::region_in_partition("us-east-1", "aws-cn"));
  CHECK_FALSE(iamsmith::region_in_partition("bogus", "aws"));
}

TEST_CASE("partition: partition_of_arn returns known partitions only") {
  CHECK(iamsmith::partition_of_arn("arn:aws-cn:s3:::bucket") == "aws-cn");
  CHECK(iamsmith::partition_of_arn("arn:aws-eusc:iam::123456789012:role/r") == "aws-eusc");
  CHECK_FALSE(iamsmith::partition_of_arn("arn:*:s3:::bucket"));
  CHECK_FALSE(iamsmith::partition_of_arn("arn:${aws:partition}:s3:::bucket"));
  CHECK_FALSE(iamsmith::partition_of_arn("arn:aws-xyz:s3:::bucket"));
  CHECK_FALSE(iamsmith::partition_of_arn("not-an-arn"));
}

TEST_CASE("partition: dns suffix longest match") {
  CHECK(host_owner("sqs.cn-north-1.amazonaws.com.cn") == "aws-cn");
  CHECK(host_owner("amazonaws.com.cn") == "aws-cn");
  CHECK(host_owner("sqs.us-east-1.amazonaws.com") == "aws");
  CHECK(host_owner("s3.amazonaws.com") == "aws");
  CHECK(host_owner("sqs.us-iso-east-1.c2s.ic.gov") == "aws-iso");
  CHECK(host_owner("sqs.us-isob-east-1.sc2s.sgov.gov") == "aws-iso-b");
  CHECK(host_owner("sqs.eu-isoe-west-1.cloud.adc-e.uk") == "aws-iso-e");
  CHECK(host_owner("sqs.us-isof-south-1.csp.hci.ic.gov") == "aws-iso-f");
  CHECK(host_owner("oidc.eusc-de-east-1.amazonaws.eu") == "aws-eusc");
  CHECK(host_owner("SQS.CN-NORTH-1.AMAZONAWS.COM.CN.") == "aws-cn");
}

TEST_CASE("partition: a region label decides between partitions that share amazonaws.com") {
  CHECK(host_owner("sqs.us-gov-west-1.amazonaws.com") == "aws-us-gov");
  CHECK(host_owner("sqs.eu-west-1.amazonaws.com") == "aws");
}

TEST_CASE("partition: hosts outside AWS, and look-alikes, have no partition") {
  CHECK(host_owner("example.com") == "(none)");
  CHECK(host_owner("notamazonaws.com") == "(none)");
  CHECK(host_owner("amazonaws.com.evil.example") == "(none)");
  CHECK(host_owner("") == "(none)");
}

TEST_CASE("partition: service-principal suffixes belong to the partitions that use them") {
  REQUIRE(find_partition("aws-cn") != nullptr);
  CHECK(find_partition("aws-cn")->service_principal_suffixes == std::vector<std::string>{"amazonaws.com.cn"});
  CHECK(find_partition("aws-iso")->service_principal_suffixes == std::vector<std::string>{"c2s.ic.gov"});
  CHECK(find_partition("aws")->service_principal_suffixes.empty());
  CHECK(find_partition("aws-eusc")->service_principal_suffixes.empty());
}
