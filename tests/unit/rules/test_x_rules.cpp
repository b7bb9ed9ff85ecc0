// Edge cases of the X rules (partitions): X001 cross-partition-principal, X002 mixed-partitions,
// X003 cross-partition-external-id.

#include <string>
#include <string_view>

#include "rule_test_support.hpp"

namespace {

using iamsmith::LintContext;
using iamsmith::test::catches;
using iamsmith::test::catches_not;
using iamsmith::test::findings_of;

// A trust statement trusting `principal` (a JSON object such as {"AWS": "..."}).
std::string trust(std::string_view principal, std::string_view key = "Principal") {
  return R"j({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",")j" +
         std::string(key) + "\":" + std::string(principal) + "}]}";
}

// A resource policy: `principal` may read `resource` (both JSON values).
std::string resource_policy(std::string_view principal, std::string_view resource) {
  return R"j({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Principal":)j" +
         std::string(principal) + ",\"Resource\":" + std::string(resource) + "}]}";
}

std::string with_resource(std::string_view resource) {
  return R"j({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"states:StartExecution","Resource":)j" +
         std::string(resource) + "}]}";
}

// A trust statement trusting `principal` with sts:ExternalId `external_id` (JSON value).
std::string trust_with_external_id(std::string_view principal, std::string_view external_id,
                                   std::string_view effect = "Allow",
                                   std::string_view key = "sts:ExternalId") {
  return R"j({"Version":"2012-10-17","Statement":[{"Effect":")j" + std::string(effect) +
         R"j(","Action":"sts:AssumeRole","Principal":)j" + std::string(principal) +
         R"j(,"Condition":{"StringEquals":{")j" + std::string(key) + "\":" + std::string(external_id) +
         "}}}]}";
}

LintContext in_partition(std::string partition) {
  LintContext c;
  c.partition = std::move(partition);
  return c;
}

bool any_message_contains(const std::vector<iamsmith::Diagnostic>& found, std::string_view text) {
  for (const auto& d : found) {
    if (d.message.find(text) != std::string::npos) return true;
  }
  return false;
}

bool any_note_contains(const std::vector<iamsmith::Diagnostic>& found, std::string_view text) {
  for (const auto& d : found) {
    for (const auto& n : d.notes) {
      if (n.message.find(text) != std::string::npos) return true;
    }
  }
  return false;
}

constexpr std::string_view kCnRole = R"({"AWS": "arn:aws-cn:iam::111122223333:role/Exec"})";
constexpr std::string_view kAwsRole = R"({"AWS": "arn:aws:iam::111122223333:role/Exec"})";
constexpr std::string_view kGovRole = R"({"AWS": "arn:aws-us-gov:iam::111122223333:role/Exec"})";

}  // namespace

// ---------------------------------------------------------------------------------------------
// X001 cross-partition-principal

TEST_CASE("X001: --partition says aws, the principal is in aws-cn") {
  catches("X001", trust(kCnRole), "/Statement/0/Principal/AWS", in_partition("aws"));
  const auto found = findings_of("X001", trust(kCnRole), in_partition("aws"));
  REQUIRE(found.size() == 1);
  CHECK(any_message_contains(found, "partition aws-cn"));
  CHECK(any_message_contains(found, "partition aws"));
  CHECK(any_message_contains(found, "arn:aws-cn:iam::111122223333:role/Exec"));
  CHECK(any_note_contains(found, "only within a single partition"));
  CHECK(any_note_contains(found, "--partition"));
}

TEST_CASE("X001: the partition from the context's role, state machine or execution role ARN") {
  LintContext role;
  role.role_arn = "arn:aws-us-gov:iam::444455556666:role/Target";
  catches("X001", trust(kAwsRole), "/Statement/0/Principal/AWS", role);
  LintContext machine;
  machine.state_machine_arn = "arn:aws-cn:states:cn-north-1:111122223333:stateMachine:Orders";
  catches("X001", trust(kAwsRole), "/Statement/0/Principal/AWS", machine);
  LintContext execution;
  execution.execution_role_arn = "arn:aws-cn:iam::111122223333:role/Exec";
  catches("X001", trust(kGovRole), "/Statement/0/Principal/AWS", execution);
  // An unknown --partition is ignored in favour of the next source.
  LintContext odd = in_partition("aws-moon");
  odd.role_arn = "arn:aws:iam::444455556666:role/Target";
  catches("X001", trust(kCnRole), "/Statement/0/Principal/AWS", odd);
  catches_not("X001", trust(kAwsRole), odd);
  // A context ARN with a wildcard partition says nothing.
  LintContext vague;
  vague.role_arn = "arn:*:iam::444455556666:role/Target";
  catches_not("X001", trust(kCnRole), vague);
}

TEST_CASE("X001: the partition inferred from the policy's Resource ARNs") {
  const std::string policy = resource_policy(kCnRole, R"(["arn:aws:s3:::b", "arn:aws:s3:::b/*"])");
  catches("X001", policy, "/Statement/0/Principal/AWS");
  const auto found = findings_of("X001", policy);
  REQUIRE(found.size() == 1);
  bool pointed = false;
  for (const auto& n : found[0].notes)
    pointed = pointed || (n.span && n.span->pointer == "/Statement/0/Resource/0");
  CHECK(pointed);
  // Resources that disagree, or name no known partition, infer nothing.
  catches_not("X001", resource_policy(kCnRole, R"(["arn:aws:s3:::b", "arn:aws-us-gov:s3:::b"])"));
  catches_not("X001", resource_policy(kCnRole, R"(["*", "arn:*:s3:::b"])"));
}

TEST_CASE("X001: service principals with a partition's own domain, NotPrincipal, Federated, arrays") {
  catches("X001", trust(R"({"Service": "ec2.amazonaws.com.cn"})"), "/Statement/0/Principal/Service",
          in_partition("aws"));
  catches("X001", trust(R"({"Service": "states.us-gov-west-1.amazonaws.com"})"),
          "/Statement/0/Principal/Service", in_partition("aws"));
  catches("X001", trust(kCnRole, "NotPrincipal"), "/Statement/0/NotPrincipal/AWS", in_partition("aws"));
  catches("X001", trust(R"({"Federated": "arn:aws-us-gov:iam::111122223333:saml-provider/Okta"})"),
          "/Statement/0/Principal/Federated", in_partition("aws"));
  catches(
      "X001",
      trust(
          R"({"AWS": ["111122223333", "arn:aws:iam::111122223333:root", "arn:aws-cn:iam::111122223333:root"]})"),
      "/Statement/0/Principal/AWS/2", in_partition("aws"));
  // Deny statements too: a principal of another partition is wrong wherever it is named.
  catches(
      "X001",
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"sts:AssumeRole","Principal":{"AWS":"arn:aws-cn:iam::111122223333:root"}}]})",
      "/Statement/0/Principal/AWS", in_partition("aws"));
}

TEST_CASE("X001: silent when the partitions agree or one of them is unknown") {
  catches_not("X001", trust(kAwsRole), in_partition("aws"));
  catches_not("X001", trust(kCnRole));  // a trust policy alone names no partition of its own
  catches_not("X001", trust(R"({"AWS": ["*", "111122223333"], "Service": "states.amazonaws.com"})"),
              in_partition("aws-cn"));
  catches_not("X001", trust(R"({"Service": "cognito-identity.amazonaws.com"})"), in_partition("aws-us-gov"));
  catches_not("X001", trust(R"({"AWS": "arn:aws-moon:iam::111122223333:root"})"), in_partition("aws"));
  catches_not("X001", trust("\"*\""), in_partition("aws"));
  catches_not("X001", "{", in_partition("aws"));
  catches_not("X001", R"({"Version":"2012-10-17"})", in_partition("aws"));
}

// ---------------------------------------------------------------------------------------------
// X002 mixed-partitions

TEST_CASE("X002: the minority partition's first ARN, with a note at the majority") {
  const std::string policy =
      with_resource(R"(["arn:aws-us-gov:states:us-gov-west-1:111122223333:stateMachine:A",
      "arn:aws:states:us-east-1:111122223333:stateMachine:B", "arn:aws:states:us-east-1:111122223333:stateMachine:C",
      "arn:aws-us-gov:states:us-gov-west-1:111122223333:stateMachine:D"])");
  // Two each: the first to appear (aws-us-gov) counts as the majority.
  catches("X002", policy, "/Statement/0/Resource/1");
  const auto found = findings_of("X002", policy);
  REQUIRE(found.size() == 1);
  REQUIRE_FALSE(found[0].notes.empty());
  REQUIRE(found[0].notes[0].span.has_value());
  CHECK(found[0].notes[0].span->pointer == "/Statement/0/Resource/0");
  CHECK(any_message_contains(found, "partition aws,"));
}

TEST_CASE("X002: the most used partition is the majority") {
  catches("X002", with_resource(R"(["arn:aws:s3:::a", "arn:aws-cn:s3:::b", "arn:aws-cn:s3:::c"])"),
          "/Statement/0/Resource/0");
}

TEST_CASE("X002: --partition picks the majority when it is one of those used") {
  const std::string policy = with_resource(R"(["arn:aws-cn:s3:::a", "arn:aws-cn:s3:::b", "arn:aws:s3:::c"])");
  catches("X002", policy, "/Statement/0/Resource/0", in_partition("aws"));
  catches("X002", policy, "/Statement/0/Resource/2", in_partition("aws-us-gov"));
}

TEST_CASE("X002: across statements, principals and conditions; three partitions give two findings") {
  const std::string policy =
      R"({"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:GetObject","Resource":["arn:aws:s3:::a","arn:aws:s3:::b"]},
        {"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"arn:aws-cn:iam::111122223333:root"}},
        {"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*",
         "Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws-us-gov:sns:us-gov-west-1:111122223333:t"}}}]})";
  catches("X002", policy, "/Statement/1/Principal/AWS");
  catches("X002", policy, "/Statement/2/Condition/ArnEquals/aws:SourceArn");
  CHECK(findings_of("X002", policy).size() == 2);
}

TEST_CASE("X002: silent on one partition, wildcards, placeholders and unknown partitions") {
  catches_not("X002", with_resource(R"(["arn:aws:s3:::a", "arn:aws:s3:::b"])"));
  catches_not("X002", with_resource(R"(["arn:aws:s3:::a", "arn:*:s3:::b", "arn:${AWS::Partition}:s3:::c",
      "arn:aws-moon:s3:::d", "arn:AWS-cn:s3:::e", "*"])"));
  catches_not("X002", with_resource(R"("arn:aws-cn:s3:::a")"),
              in_partition("aws"));  // X001 / deploy-time business
  catches_not("X002", "null");
}

// ---------------------------------------------------------------------------------------------
// X003 cross-partition-external-id

TEST_CASE("X003: a state machine in aws, the trusted execution role in aws-us-gov") {
  const std::string policy =
      trust_with_external_id(kGovRole, R"("arn:aws:states:us-east-1:111122223333:stateMachine:Orders")");
  catches("X003", policy, "/Statement/0/Condition/StringEquals/sts:ExternalId");
  const auto found = findings_of("X003", policy);
  REQUIRE(found.size() == 1);
  CHECK(any_message_contains(found, "partition aws,"));
  CHECK(any_message_contains(found, "partition aws-us-gov"));
  REQUIRE_FALSE(found[0].notes.empty());
  REQUIRE(found[0].notes[0].span.has_value());
  CHECK(found[0].notes[0].span->pointer == "/Statement/0/Principal/AWS");
}

TEST_CASE("X003: the offending value of several; key case; several principals give one finding") {
  catches("X003", trust_with_external_id(kAwsRole, R"(["arn:aws:states:us-east-1:111122223333:stateMachine:A",
              "arn:aws-cn:states:cn-north-1:111122223333:stateMachine:B"])"),
          "/Statement/0/Condition/StringEquals/sts:ExternalId/1");
  catches("X003",
          trust_with_external_id(kCnRole, R"("arn:aws:states:us-east-1:111122223333:stateMachine:A")",
                                 "Allow", "STS:externalid"),
          "/Statement/0/Condition/StringEquals/STS:externalid");
  const auto found = findings_of(
      "X003",
      trust_with_external_id(
          R"({"AWS": ["arn:aws-cn:iam::111122223333:role/A", "arn:aws-cn:iam::111122223333:role/B"]})",
          R"("arn:aws:states:us-east-1:111122223333:stateMachine:A")"));
  CHECK(found.size() == 1);
  // One principal in the state machine's partition does not excuse another outside it.
  catches("X003",
          trust_with_external_id(
              R"({"AWS": ["arn:aws:iam::111122223333:role/A", "arn:aws-cn:iam::111122223333:role/B"]})",
              R"("arn:aws:states:us-east-1:111122223333:stateMachine:A")"),
          "/Statement/0/Condition/StringEquals/sts:ExternalId");
}

TEST_CASE("X003: silent when partitions agree or cannot be known") {
  catches_not("X003",
              trust_with_external_id(kAwsRole, R"("arn:aws:states:us-east-1:111122223333:stateMachine:A")"));
  // Not a state machine ARN, not an ARN, a wildcard partition.
  catches_not("X003",
              trust_with_external_id(kCnRole, R"("arn:aws:states:us-east-1:111122223333:execution:A:e")"));
  catches_not("X003", trust_with_external_id(kCnRole, R"("a-shared-secret")"));
  catches_not("X003",
              trust_with_external_id(kCnRole, R"("arn:*:states:us-east-1:111122223333:stateMachine:A")"));
  catches_not("X003", trust_with_external_id(kCnRole, "42"));
  // A principal without a partition of its own; a Deny statement; another condition key.
  catches_not("X003", trust_with_external_id(R"({"AWS": "111122223333"})",
                                             R"("arn:aws:states:us-east-1:111122223333:stateMachine:A")"));
  catches_not("X003", trust_with_external_id(
                          kCnRole, R"("arn:aws:states:us-east-1:111122223333:stateMachine:A")", "Deny"));
  catches_not("X003",
              trust_with_external_id(kCnRole, R"("arn:aws:states:us-east-1:111122223333:stateMachine:A")",
                                     "Allow", "aws:SourceArn"));
  catches_not("X003", trust(kCnRole));
  catches_not("X003", "{\"Statement\": [");
}
