// Edge cases of the R rules (redundancy suggestions): R001 redundant-action, R002
// duplicate-statement, R003 duplicate-principal. Cases follow Access Analyzer's suggestions
// "Redundant action", "Redundant statement" and "Redundant principal in role trust policy"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html;
// /work/shared/reference/linters.md).

#include <string>
#include <string_view>

#include "rule_test_support.hpp"

namespace {

using iamsmith::test::catches;
using iamsmith::test::catches_not;
using iamsmith::test::findings_of;

std::string policy(std::string_view statements) {
  return R"j({"Version":"2012-10-17","Statement":[)j" + std::string(statements) + "]}";
}

std::string actions(std::string_view list) {
  return policy(R"j({"Effect":"Allow","Action":)j" + std::string(list) + R"j(,"Resource":"*"})j");
}

std::string principals(std::string_view aws) {
  return policy(R"j({"Effect":"Allow","Principal":{"AWS":)j" + std::string(aws) +
                R"j(},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"})j");
}

}  // namespace

TEST_CASE("R001: an action covered by a wildcard, or listed twice, is reported once") {
  catches("R001", actions(R"j(["s3:GetObject","s3:*"])j"), "/Statement/0/Action/0");
  catches("R001", actions(R"j(["s3:Get*","s3:*"])j"), "/Statement/0/Action/0");
  const std::string twice = actions(R"j(["s3:GetObject","S3:getobject"])j");
  catches("R001", twice, "/Statement/0/Action/1");
  CHECK(findings_of("R001", twice).size() == 1);
  catches_not("R001", actions(R"j(["s3:Get*","s3:List*","sqs:*"])j"));
}

TEST_CASE("R002: statements that differ only in their Sid") {
  const std::string st = R"j({"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"})j";
  catches("R002", policy(st + "," + R"j({"Sid":"Copy","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"})j"),
          "/Statement/1");
  catches_not("R002", policy(st + "," + R"j({"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"})j"));
}

TEST_CASE("R002: each copy names the first statement it repeats; principal order does not count, value types do") {
  const std::string trust =
      R"j({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root","Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"})j";
  const std::string swapped =
      R"j({"Sid":"B","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com","AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"})j";
  const auto found = findings_of("R002", policy(trust + "," + swapped + "," + trust));
  REQUIRE(found.size() == 2);
  CHECK(found[0].span.pointer == "/Statement/1");
  CHECK(found[0].message == "statement 1 repeats statement 0 (apart from its Sid): it changes nothing");
  CHECK(found[1].span.pointer == "/Statement/2");
  CHECK(found[1].message == "statement 2 repeats statement 0 (apart from its Sid): it changes nothing");
  const std::string secure = R"j({"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":true}}})j";
  const std::string quoted = R"j({"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}})j";
  catches_not("R002", policy(secure + "," + quoted));
  catches_not("R002", policy(R"j({"Effect":"Allow","Action":"s3:GetObject","Resource":"*","X":[1]},)j"
                             R"j({"Effect":"Allow","Action":"s3:GetObject","Resource":"*","X":[2]})j"));
}

TEST_CASE("R003: repeated principals, an account in both forms, a session beside its role") {
  catches("R003", principals(R"j(["111122223333","arn:aws:iam::111122223333:root"])j"), "/Statement/0/Principal/AWS/0");
  catches("R003", principals(R"j(["arn:aws:iam::111122223333:role/R","arn:aws:sts::111122223333:assumed-role/R/s1"])j"),
          "/Statement/0/Principal/AWS/1");
  catches_not("R003", principals(R"j(["arn:aws:iam::111122223333:role/R","arn:aws:iam::444455556666:role/R"])j"));
}
