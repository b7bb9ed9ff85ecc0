// expand: action patterns against the catalogue, counted by access level (tests/data/iam-data-fixture.tsv).

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "iamsmith/expand.hpp"
#include "iamsmith/iamdata.hpp"
#include "test_support.hpp"

namespace {

using iamsmith::iamdata::AccessLevel;

const iamsmith::iamdata::Catalog& fixture() {
  static const std::shared_ptr<const iamsmith::iamdata::Catalog> kCatalog = [] {
    iamsmith::iamdata::DataError error;
    auto catalog = iamsmith::iamdata::Catalog::from_text(iamsmith::test::read_data("iam-data-fixture.tsv"),
                                                         "iam-data-fixture.tsv", error);
    if (!catalog) FAIL("the fixture does not load: line ", error.line, ": ", error.message);
    return catalog;
  }();
  return *kCatalog;
}

std::vector<std::string> names(const iamsmith::Expansion& e) {
  std::vector<std::string> out;
  for (const auto* a : e.actions) out.push_back(a->full_name());
  return out;
}

}  // namespace

TEST_CASE("expand: a pattern lists its actions, sorted, case-insensitively") {
  const auto e = iamsmith::expand_actions(fixture(), "S3:put*");
  CHECK(names(e) == std::vector<std::string>{"s3:PutBucketAcl", "s3:PutBucketPolicy", "s3:PutBucketTagging",
                                             "s3:PutObject", "s3:PutObjectAcl", "s3:PutObjectTagging"});
  CHECK(e.counts.permissions_management == 3);
  CHECK(e.counts.tagging == 2);
  CHECK(e.counts.write == 1);
  CHECK(e.counts.read == 0);
  CHECK(e.counts.of(AccessLevel::PermissionsManagement) == 3);
  CHECK(iamsmith::expansion_summary(e) ==
        "S3:put* grants 6 actions, 3 of them Permissions management and 1 Write");
}

TEST_CASE("expand: '?' and patterns across services") {
  CHECK(names(iamsmith::expand_actions(fixture(), "ec2:*Vpc?")) ==
        std::vector<std::string>{"ec2:DescribeVpcs"});
  const auto gets = iamsmith::expand_actions(fixture(), "*:Get*");
  CHECK(gets.actions.size() == 12);  // iam 2, lambda 2, s3 5, sts 3; ec2 has none
  CHECK(gets.actions.front()->service->prefix == "iam");
  CHECK(gets.actions.back()->full_name() == "sts:GetSessionToken");
  CHECK(iamsmith::expand_actions(fixture(), "*").actions.size() == fixture().action_count());
  CHECK(iamsmith::expand_actions(fixture(), "s3").actions.empty());  // not an action
}

TEST_CASE("expand: the summary's forms") {
  CHECK(iamsmith::expansion_summary(iamsmith::expand_actions(fixture(), "s3:Gett*")) ==
        "s3:Gett* matches no action");
  CHECK(iamsmith::expansion_summary(iamsmith::expand_actions(fixture(), "lambda:GetF*")) ==
        "lambda:GetF* grants 1 action: lambda:GetFunction (Read)");
  CHECK(iamsmith::expansion_summary(iamsmith::expand_actions(fixture(), "s3:List*")) ==
        "s3:List* grants 2 actions, none of them Write or Permissions management");
  CHECK(iamsmith::expansion_summary(iamsmith::expand_actions(fixture(), "ec2:*Instances")) ==
        "ec2:*Instances grants 3 actions, 2 of them Write");
  CHECK(iamsmith::expansion_summary(iamsmith::expand_actions(fixture(), "iam:*RolePolicy")) ==
        "iam:*RolePolicy grants 4 actions, all of them Permissions management");
}

TEST_CASE("expand: the primary level is the one AWS's tables show") {
  using iamsmith::primary_level;
  const auto levels = [](std::initializer_list<AccessLevel> list) {
    iamsmith::iamdata::AccessLevels out = 0;
    for (AccessLevel l : list) out |= static_cast<iamsmith::iamdata::AccessLevels>(l);
    return out;
  };
  CHECK(primary_level(levels({AccessLevel::PermissionsManagement, AccessLevel::Write})) ==
        AccessLevel::PermissionsManagement);
  CHECK(primary_level(levels({AccessLevel::Tagging, AccessLevel::Write})) == AccessLevel::Tagging);
  CHECK(primary_level(levels({AccessLevel::Write})) == AccessLevel::Write);
  CHECK(primary_level(levels({AccessLevel::List})) == AccessLevel::List);
  CHECK(primary_level(fixture().action("s3:PutBucketPolicy")->access) == AccessLevel::PermissionsManagement);
}

TEST_CASE("expand: access level names for --level") {
  using iamsmith::access_level_from_name;
  CHECK(access_level_from_name("write") == AccessLevel::Write);
  CHECK(access_level_from_name("Permissions management") == AccessLevel::PermissionsManagement);
  CHECK(access_level_from_name("permissions-management") == AccessLevel::PermissionsManagement);
  CHECK(access_level_from_name("PERMISSIONS_MANAGEMENT") == AccessLevel::PermissionsManagement);
  CHECK(access_level_from_name("tagging") == AccessLevel::Tagging);
  CHECK_FALSE(access_level_from_name("admin").has_value());
}

TEST_CASE("expand: did-you-mean for actions and services") {
  using iamsmith::nearest_action;
  CHECK(nearest_action(fixture(), "lambda:InvokeFunctions") == "lambda:InvokeFunction");
  CHECK(nearest_action(fixture(), "LAMBDA:invokefunctoin") == "lambda:InvokeFunction");
  CHECK(nearest_action(fixture(), "lamda:InvokeFunction") == "lambda:InvokeFunction");
  CHECK(nearest_action(fixture(), "lamda:invokefunction") == "lambda:InvokeFunction");
  CHECK(nearest_action(fixture(), "lamda:Invoke*") == "lambda:Invoke*");
  CHECK(nearest_action(fixture(), "lamda:InvokeFunctionz") == "lambda:InvokeFunction");
  CHECK_FALSE(nearest_action(fixture(), "s3:Gett*").has_value());  // a pattern of a known service
  CHECK_FALSE(nearest_action(fixture(), "frobnicator:Go").has_value());
  CHECK_FALSE(nearest_action(fixture(), "s3:Xyzzy").has_value());
  CHECK_FALSE(nearest_action(fixture(), "no-colon").has_value());
}

TEST_CASE("expand: the built-in snapshot expands real patterns") {
  const auto& c = iamsmith::iamdata::Catalog::builtin();
  const auto put = iamsmith::expand_actions(c, "s3:Put*");
  CHECK(put.actions.size() >= 40);
  CHECK(put.counts.permissions_management >= 5);
  CHECK(iamsmith::expansion_summary(put).rfind("s3:Put* grants ", 0) == 0);
  CHECK(iamsmith::expand_actions(c, "states:StartExecution").actions.size() == 1);
}
