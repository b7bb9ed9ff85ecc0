// Edge cases of the R rules (redundancy suggestions): R001 redundant-action, R002
// duplicate-statement, R003 duplicate-principal, R004 redundant-resource, R005
// redundant-condition-value, R006 empty-optional-element. Cases follow Access Analyzer's
// suggestions "Redundant action", "Redundant statement", "Redundant principal in role trust
// policy", "Redundant resource", "Redundant condition value num", "Empty Sid value" and "Empty
// object condition"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html;
// /work/shared/reference/linters.md).

#include <string>
#include <string_view>
#include <vector>

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

TEST_CASE("R001: in a long list, each copy (in any case) names its first occurrence, and only copies do") {
  // 120 actions, then a copy of every seventh in upper case; texts that differ only where case
  // folding does not apply ('@' and '`' are no letters) are not copies.
  std::string list = "[";
  for (int i = 0; i < 120; ++i) list += "\"svc:Action" + std::to_string(i) + "Name\",";
  for (int i = 0; i < 120; i += 7) list += "\"SVC:ACTION" + std::to_string(i) + "NAME\",";
  list += R"j("svc:a@b","svc:a`b"])j";
  std::vector<std::string> found;
  for (const auto& d : findings_of("R001", actions(list))) found.push_back(d.span.pointer + ": " + d.message);
  std::vector<std::string> expected;
  int at = 120;
  for (int i = 0; i < 120; i += 7, ++at) {
    expected.push_back("/Statement/0/Action/" + std::to_string(at) + ": action \"SVC:ACTION" + std::to_string(i) +
                       "NAME\" is listed twice in Action");
  }
  CHECK(found == expected);
}

TEST_CASE("R004: in a long list, each copy names its first occurrence; case counts") {
  std::string list = "[";
  for (int i = 0; i < 100; ++i) list += "\"arn:aws:s3:::bucket-" + std::to_string(i) + "\",";
  list += "\"arn:aws:s3:::bucket-42\",\"arn:aws:s3:::BUCKET-42\",\"arn:aws:s3:::bucket-7\"]";
  std::vector<std::string> found;
  for (const auto& d : findings_of("R004", policy(R"j({"Effect":"Allow","Action":"s3:ListBucket","Resource":)j" + list + "}")))
    found.push_back(d.span.pointer + ": " + d.message);
  CHECK(found == std::vector<std::string>{
                     "/Statement/0/Resource/100: resource \"arn:aws:s3:::bucket-42\" is listed twice in Resource",
                     "/Statement/0/Resource/102: resource \"arn:aws:s3:::bucket-7\" is listed twice in Resource",
                 });
}

TEST_CASE("R001: the earliest covering entry is named, whether or not its text names a service") {
  // "s3*:Get*" and "*" name no one service, "sqs:Send*" does; each entry is reported once, against
  // the first entry in the list that covers it.
  const std::string doc =
      actions(R"j(["sqs:Send*","s3*:Get*","S3:Get*","sqs:SendMessage","s3:GetObject","*"])j");
  std::vector<std::string> found;
  for (const auto& d : findings_of("R001", doc)) found.push_back(d.span.pointer + ": " + d.message);
  CHECK(found ==
        std::vector<std::string>{
            "/Statement/0/Action/0: action \"sqs:Send*\" is already covered by \"*\" in the same Action",
            "/Statement/0/Action/1: action \"s3*:Get*\" is already covered by \"*\" in the same Action",
            "/Statement/0/Action/2: action \"S3:Get*\" is already covered by \"s3*:Get*\" in the same Action",
            "/Statement/0/Action/3: action \"sqs:SendMessage\" is already covered by \"sqs:Send*\" in the "
            "same Action",
            "/Statement/0/Action/4: action \"s3:GetObject\" is already covered by \"s3*:Get*\" in the same "
            "Action",
        });
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

TEST_CASE("R002: statements alike in shape and first values are still compared whole") {
  // Same effect, same first Action and Resource, same lengths: only the second action differs.
  const std::string a = R"j({"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"*"})j";
  const std::string b = R"j({"Effect":"Allow","Action":["s3:GetObject","s3:DeleteObject"],"Resource":"*"})j";
  const auto found = findings_of("R002", policy(a + "," + b + "," + b + "," + a));
  REQUIRE(found.size() == 2);
  CHECK(found[0].span.pointer == "/Statement/2");
  CHECK(found[0].message == "statement 2 repeats statement 1 (apart from its Sid): it changes nothing");
  CHECK(found[1].span.pointer == "/Statement/3");
  CHECK(found[1].message == "statement 3 repeats statement 0 (apart from its Sid): it changes nothing");
  catches_not("R002", policy(a + "," + b));
}

TEST_CASE("R003: repeated principals, an account in both forms, a session beside its role") {
  catches("R003", principals(R"j(["111122223333","arn:aws:iam::111122223333:root"])j"), "/Statement/0/Principal/AWS/0");
  catches("R003", principals(R"j(["arn:aws:iam::111122223333:role/R","arn:aws:sts::111122223333:assumed-role/R/s1"])j"),
          "/Statement/0/Principal/AWS/1");
  catches_not("R003", principals(R"j(["arn:aws:iam::111122223333:role/R","arn:aws:iam::444455556666:role/R"])j"));
}

namespace {

std::string resources(std::string_view element, std::string_view list) {
  return policy(R"j({"Effect":"Allow","Action":"s3:GetObject",")j" + std::string(element) + R"j(":)j" +
                std::string(list) + "}");
}

std::string numeric(std::string_view op, std::string_view values) {
  return policy(R"j({"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::b","Condition":{")j" +
                std::string(op) + R"j(":{"s3:max-keys":)j" + std::string(values) + "}}}");
}

}  // namespace

TEST_CASE("R004: a resource matched by a wildcard resource of the same statement, or listed twice") {
  catches("R004", resources("Resource", R"j(["arn:aws:s3:::reports/*","arn:aws:s3:::reports/2026/*"])j"),
          "/Statement/0/Resource/1");
  catches("R004", resources("Resource", R"j(["arn:aws:s3:::reports/2026/a.csv","arn:aws:s3:::reports/*"])j"),
          "/Statement/0/Resource/0");
  catches("R004", resources("Resource", R"j(["*","arn:aws:s3:::reports"])j"), "/Statement/0/Resource/1");
  catches("R004", resources("NotResource", R"j(["arn:aws:s3:::b/*","arn:aws:s3:::b/private/*"])j"),
          "/Statement/0/NotResource/1");
  const std::string twice = resources("Resource", R"j(["arn:aws:s3:::b/k","arn:aws:s3:::b/k"])j");
  catches("R004", twice, "/Statement/0/Resource/1");
  CHECK(findings_of("R004", twice).size() == 1);
  // A variable in the covered entry sits inside the pattern's '*'.
  catches("R004", resources("Resource", R"j(["arn:aws:s3:::b/*","arn:aws:s3:::b/home/${aws:username}/*"])j"),
          "/Statement/0/Resource/1");
}

TEST_CASE("R004: entries that only look alike stay silent; a pattern covers only what it matches") {
  // ARNs are case-sensitive; the bucket is not its objects.
  catches_not("R004", resources("Resource", R"j(["arn:aws:s3:::Reports/*","arn:aws:s3:::reports/*"])j"));
  catches_not("R004", resources("Resource", R"j(["arn:aws:s3:::reports","arn:aws:s3:::reports/*"])j"));
  // A '?' takes one character, a '*' of the other entry stands for many: "b/*" covers "b/?", not
  // the other way round.
  const auto one = findings_of("R004", resources("Resource", R"j(["arn:aws:s3:::b/?","arn:aws:s3:::b/*"])j"));
  REQUIRE(one.size() == 1);
  CHECK(one[0].span.pointer == "/Statement/0/Resource/0");
  // What a pattern with a variable matches is not known before the variable is resolved.
  catches_not("R004", resources("Resource", R"j(["arn:aws:s3:::b/${aws:username}*","arn:aws:s3:::b/alice"])j"));
  // Two patterns that cover each other: only the later one is reported.
  const auto found = findings_of("R004", resources("Resource", R"j(["arn:aws:s3:::b/*","arn:aws:s3:::b/**"])j"));
  REQUIRE(found.size() == 1);
  CHECK(found[0].span.pointer == "/Statement/0/Resource/1");
  CHECK(found[0].message == "resource \"arn:aws:s3:::b/**\" is already covered by \"arn:aws:s3:::b/*\" in the same Resource");
}

TEST_CASE("R005: under a numeric comparison only the loosest value counts") {
  const auto found = findings_of("R005", numeric("NumericLessThanEquals", R"j(["10","20","5"])j"));
  REQUIRE(found.size() == 2);
  CHECK(found[0].span.pointer == "/Statement/0/Condition/NumericLessThanEquals/s3:max-keys/0");
  CHECK(found[1].span.pointer == "/Statement/0/Condition/NumericLessThanEquals/s3:max-keys/2");
  REQUIRE_FALSE(found[0].notes.empty());
  CHECK(found[0].notes[0].message == "keep only the greatest value, \"20\"");
  catches("R005", numeric("NumericGreaterThan", R"j(["10","20"])j"),
          "/Statement/0/Condition/NumericGreaterThan/s3:max-keys/1");
  catches("R005", numeric("ForAnyValue:NumericLessThanIfExists", "[1, 2]"),
          "/Statement/0/Condition/ForAnyValue:NumericLessThanIfExists/s3:max-keys/0");
  // Equal values: the later copy.
  catches("R005", numeric("NumericEquals", R"j(["10","20","10.0"])j"),
          "/Statement/0/Condition/NumericEquals/s3:max-keys/2");
}

TEST_CASE("R005: distinct equality values, single values, non-numbers and other families stay silent") {
  catches_not("R005", numeric("NumericEquals", R"j(["10","20"])j"));
  catches_not("R005", numeric("NumericNotEquals", R"j(["10","20"])j"));
  catches_not("R005", numeric("NumericLessThan", R"j(["10"])j"));
  catches_not("R005", numeric("NumericLessThan", R"j(["10","ten"])j"));
  catches_not("R005", policy(R"j({"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":)j"
                             R"j({"DateLessThan":{"aws:CurrentTime":["2026-01-01","2027-01-01"]}}})j"));
}

TEST_CASE("R006: an empty Sid and an empty Condition object") {
  catches("R006", policy(R"j({"Sid":"","Effect":"Allow","Action":"s3:GetObject","Resource":"*"})j"), "/Statement/0/Sid");
  catches("R006", policy(R"j({"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{}})j"),
          "/Statement/0/Condition");
}

TEST_CASE("R006: named statements, real conditions and empty operator blocks (P016's) stay silent") {
  catches_not("R006", policy(R"j({"Sid":"Read","Effect":"Allow","Action":"s3:GetObject","Resource":"*"})j"));
  catches_not("R006", policy(R"j({"Effect":"Allow","Action":"s3:GetObject","Resource":"*",)j"
                             R"j("Condition":{"Bool":{"aws:SecureTransport":"true"}}})j"));
  catches_not("R006", policy(R"j({"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{}}})j"));
  catches_not("R006", policy(R"j({"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":[]})j"));
}
