// Edge cases of the W rules (overly broad access): W001 full-access ... W011 wildcard-principal-arn.

#include <string>
#include <string_view>

#include "rule_test_support.hpp"

namespace {

using iamsmith::LintContext;
using iamsmith::PolicyKind;
using iamsmith::test::catches;
using iamsmith::test::catches_not;
using iamsmith::test::findings_of;

std::string policy(std::string_view statements) {
  return R"j({"Version":"2012-10-17","Statement":[)j" + std::string(statements) + "]}";
}

// One statement with `effect`, the `action` and `resource` JSON values, and `extra` members.
std::string statement(std::string_view effect, std::string_view action, std::string_view resource,
                      std::string_view extra = "") {
  return R"j({"Effect":")j" + std::string(effect) + R"j(","Action":)j" + std::string(action) +
         R"j(,"Resource":)j" + std::string(resource) + std::string(extra) + "}";
}

std::string allow(std::string_view action, std::string_view resource, std::string_view extra = "") {
  return policy(statement("Allow", action, resource, extra));
}

std::string deny(std::string_view action, std::string_view resource, std::string_view extra = "") {
  return policy(statement("Deny", action, resource, extra));
}

// A resource-policy statement granting sqs:SendMessage to `principal` (a JSON value).
std::string grant_to(std::string_view principal, std::string_view extra = "",
                     std::string_view effect = "Allow") {
  return policy(R"j({"Effect":")j" + std::string(effect) + R"j(","Principal":)j" + std::string(principal) +
                R"j(,"Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:111122223333:orders")j" +
                std::string(extra) + "}");
}

// A trust-policy statement for `principal`.
std::string trust(std::string_view principal, std::string_view extra = "") {
  return policy(R"j({"Effect":"Allow","Principal":)j" + std::string(principal) +
                R"j(,"Action":"sts:AssumeRole")j" + std::string(extra) + "}");
}

std::string condition(std::string_view op, std::string_view key, std::string_view value) {
  return R"j(,"Condition":{")j" + std::string(op) + R"j(":{")j" + std::string(key) + R"j(":)j" +
         std::string(value) + "}}";
}

LintContext kind(PolicyKind k) {
  LintContext c;
  c.kind = k;
  return c;
}

LintContext with_account(std::string_view account) {
  LintContext c;
  c.account = std::string(account);
  return c;
}

std::string first_message(std::string_view rule, std::string_view text, const LintContext& ctx = {}) {
  const auto found = findings_of(rule, text, ctx);
  return found.empty() ? std::string() : found.front().message;
}

constexpr std::string_view kMachine = R"j("arn:aws:states:us-east-1:111122223333:stateMachine:Orders")j";

}  // namespace

TEST_CASE("W: every rule is silent on a file that is not JSON and on statements without elements") {
  for (const std::string_view id :
       {"W001", "W002", "W003", "W004", "W005", "W006", "W007", "W008", "W009", "W010", "W011"}) {
    CAPTURE(id);
    catches_not(id, "{\"Version\": ");
    catches_not(id, "");
    catches_not(id, policy("{}"));
    catches_not(id, policy(R"j({"Effect":"Allow"})j"));
    catches_not(id, R"j({"Version":"2012-10-17","Statement":"oops"})j");
    catches_not(id, R"j({"Version":"2012-10-17"})j");
  }
}

TEST_CASE("W001: \"*\" and patterns that match every action") {
  catches("W001", allow(R"j("*")j", R"j("*")j"), "/Statement/0/Action");
  catches("W001", allow(R"j(["states:StartExecution","*:*"])j", kMachine), "/Statement/0/Action/1");
  catches("W001", allow(R"j(["**"])j", R"j("*")j"), "/Statement/0/Action/0");
  catches("W001", allow(R"j("**:*")j", R"j("*")j"), "/Statement/0/Action");
  // A single statement object rather than an array.
  catches("W001", R"j({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}})j",
          "/Statement/Action");
  CHECK(first_message("W001", allow(R"j("*")j", R"j("*")j")).find("full administrator access") !=
        std::string::npos);
  CHECK(first_message("W001", allow(R"j("*")j", kMachine)).find("on the listed resources") !=
        std::string::npos);
  CHECK(first_message("W001", policy(R"j({"Effect":"Allow","Action":"*","NotResource":"arn:aws:s3:::x"})j"))
            .find("except") != std::string::npos);
}

TEST_CASE("W001: near misses stay silent") {
  catches_not("W001", deny(R"j("*")j", R"j("*")j"));
  catches_not("W001", allow(R"j("s3:*")j", R"j("*")j"));
  catches_not("W001", allow(R"j("*:Get*")j", R"j("*")j"));
  catches_not("W001", allow(R"j("*:*:*")j", R"j("*")j"));
  catches_not("W001", allow(R"j("?:*")j", R"j("*")j"));
  // Allow + NotAction "*" grants nothing.
  catches_not("W001", policy(R"j({"Effect":"Allow","NotAction":"*","Resource":"*"})j"));
  // Effect is case-sensitive: "allow" is not Allow (P007 reports it).
  catches_not("W001", policy(statement("allow", R"j("*")j", R"j("*")j")));
  catches_not("W001", policy(R"j({"Action":"*","Resource":"*"})j"));
}

TEST_CASE("W002: service wildcards") {
  catches("W002", allow(R"j(["sqs:*"])j", R"j("*")j"), "/Statement/0/Action/0");
  catches("W002", allow(R"j("SQS:*")j", R"j("*")j"), "/Statement/0/Action");
  catches("W002", allow(R"j(["sqs:SendMessage","iam:**"])j", R"j("*")j"), "/Statement/0/Action/1");
  catches("W002", allow(R"j("s*:*")j", R"j("*")j"), "/Statement/0/Action");
  CHECK(first_message("W002", allow(R"j("sqs:*")j", R"j("*")j")).find("\"sqs\" service") !=
        std::string::npos);
  CHECK(first_message("W002", allow(R"j("s*:*")j", R"j("*")j")).find("whose prefix matches \"s*\"") !=
        std::string::npos);
  // Every finding in a statement, one per value.
  CHECK(findings_of("W002", allow(R"j(["sqs:*","sns:*"])j", R"j("*")j")).size() == 2);
}

TEST_CASE("W002: the message counts what the wildcard grants today") {
  const std::string message = first_message("W002", allow(R"j("iam:*")j", R"j("*")j"));
  CHECK(message.find(" actions today, ") != std::string::npos);
  CHECK(message.find(" of them Permissions management and ") != std::string::npos);
  // A prefix AWS does not have grants nothing: D003 reports it, not W002.
  catches_not("W002", allow(R"j("lamda:*")j", R"j("*")j"));
}

TEST_CASE("W002: near misses stay silent") {
  catches_not("W002", deny(R"j("sqs:*")j", R"j("*")j"));
  catches_not("W002", allow(R"j("sqs:Send*")j", R"j("*")j"));
  catches_not("W002", allow(R"j("sqs:*Message")j", R"j("*")j"));
  catches_not("W002", allow(R"j("*")j", R"j("*")j"));
  catches_not("W002", allow(R"j("*:*")j", R"j("*")j"));
  catches_not("W002", allow(R"j("sqs")j", R"j("*")j"));
  catches_not("W002", allow(R"j(":*")j", R"j("*")j"));
  catches_not("W002", policy(R"j({"Effect":"Allow","NotAction":"sqs:*","Resource":"*"})j"));
}

TEST_CASE("W003: resource-scoped actions on \"*\"") {
  catches("W003", allow(R"j("lambda:InvokeFunction")j", R"j("*")j"), "/Statement/0/Resource");
  catches("W003",
          allow(R"j("States:startexecution")j",
                R"j(["arn:aws:states:us-east-1:111122223333:stateMachine:A","*"])j"),
          "/Statement/0/Resource/1");
  // A pattern that covers known actions.
  catches("W003", allow(R"j("lambda:Invoke*")j", R"j("*")j"), "/Statement/0/Resource");
  catches("W003", allow(R"j(["sqs:Get*","sqs:Send*"])j", R"j("*")j"), "/Statement/0/Resource");
  catches("W003", allow(R"j("ecs:RunTask")j", R"j("**")j"), "/Statement/0/Resource");
  const std::string message = first_message(
      "W003",
      allow(R"j(["sns:Publish","sqs:SendMessage","lambda:InvokeFunction","s3:PutObject"])j", R"j("*")j"));
  CHECK(message.find("\"sns:Publish\"") != std::string::npos);
  CHECK(message.find("and 1 more") != std::string::npos);
  // Identity is the inferred kind of a policy without principals; an explicit identity kind too.
  catches("W003", allow(R"j("sns:Publish")j", R"j("*")j"), "/Statement/0/Resource",
          kind(PolicyKind::Identity));
}

TEST_CASE("W003: any Write or Permissions management action with resource-level permissions") {
  // Actions the rule's old hand-written list did not know.
  catches("W003", allow(R"j(["dynamodb:DeleteBackup","ecr:PutImage"])j", R"j("*")j"), "/Statement/0/Resource");
  catches("W003", allow(R"j("cloudfront:CreateInvalidation")j", R"j("*")j"), "/Statement/0/Resource");
  CHECK(first_message("W003", allow(R"j("ecr:Put*")j", R"j("*")j")).find("\"ecr:PutImage\"") != std::string::npos);
  // Read, List and Tagging actions, wildcard-only actions, a single optional resource type,
  // and the Step Functions .sync template's batch:TerminateJob.
  catches_not("W003", allow(R"j(["dynamodb:GetItem","s3:ListBucket","lambda:TagResource","logs:DescribeLogGroups",
      "xray:PutTraceSegments","cloudwatch:PutMetricData","batch:TerminateJob","batch:DescribeJobs"])j",
                            R"j("*")j"));
  catches_not("W003", allow(R"j("*:Put*")j", R"j("*")j"));
}

TEST_CASE("W003: ARN patterns that are \"*\" in effect (parliament's RESOURCE_EFFECTIVELY_STAR)") {
  catches("W003", allow(R"j("s3:PutObject")j", R"j("arn:aws:s3:::*")j"), "/Statement/0/Resource");
  catches("W003", allow(R"j("sqs:SendMessage")j", R"j("arn:*:*:*:*:*")j"), "/Statement/0/Resource");
  catches("W003", allow(R"j("sqs:SendMessage")j", R"j(["arn:aws:sqs:us-east-1:111122223333:q","arn:aws:sqs:*:*:*"])j"),
          "/Statement/0/Resource/1");
  catches("W003", allow(R"j("lambda:InvokeFunction")j", R"j("arn:aws:*:*:*:*")j"), "/Statement/0/Resource");
  CHECK(first_message("W003", allow(R"j("s3:PutObject")j", R"j("arn:aws:s3:::*")j")).find("in effect") !=
        std::string::npos);
  // Any specific field narrows: an account, a name prefix, another service, or an empty region
  // where the action's resources have one (that matches nothing: D004's finding, not W003's).
  catches_not("W003", allow(R"j("sqs:SendMessage")j", R"j("arn:aws:sqs:*:111122223333:*")j"));
  catches_not("W003", allow(R"j("s3:PutObject")j", R"j("arn:aws:s3:::logs-*")j"));
  catches_not("W003", allow(R"j("sqs:SendMessage")j", R"j("arn:aws:sns:*:*:*")j"));
  catches_not("W003", allow(R"j("sqs:SendMessage")j", R"j("arn:aws:sqs:::*")j"));
  // Read actions on an effectively-"*" pattern are as much out of scope as on "*".
  catches_not("W003", allow(R"j("s3:GetObject")j", R"j("arn:aws:s3:::*")j"));
}

TEST_CASE("W003: conditions that do not narrow the resource") {
  // Negated, ...IfExists and catch-all values leave "*" as it is.
  catches("W003",
          allow(R"j("sns:Publish")j", R"j("*")j",
                condition("StringNotEquals", "aws:ResourceAccount", R"j("111122223333")j")),
          "/Statement/0/Resource");
  catches("W003",
          allow(R"j("sns:Publish")j", R"j("*")j",
                condition("StringEqualsIfExists", "aws:ResourceTag/Team", R"j("orders")j")),
          "/Statement/0/Resource");
  catches("W003",
          allow(R"j("sns:Publish")j", R"j("*")j", condition("StringLike", "aws:ResourceAccount", R"j("*")j")),
          "/Statement/0/Resource");
  catches("W003",
          allow(R"j("sns:Publish")j", R"j("*")j",
                condition("ForAllValues:StringEquals", "aws:ResourceTag/Team", R"j("a")j")),
          "/Statement/0/Resource");
  // A key of another service does not narrow this one.
  catches("W003",
          allow(R"j("sns:Publish")j", R"j("*")j", condition("StringEquals", "sqs:QueueName", R"j("x")j")),
          "/Statement/0/Resource");
  catches(
      "W003",
      allow(R"j("sns:Publish")j", R"j("*")j",
            condition("ForAnyValue:StringEquals", "aws:CalledVia", R"j("cloudformation.amazonaws.com")j")),
      "/Statement/0/Resource");
}

TEST_CASE("W003: near misses stay silent") {
  catches_not("W003", deny(R"j("lambda:InvokeFunction")j", R"j("*")j"));
  catches_not("W003", allow(R"j("lambda:InvokeFunction")j",
                            R"j("arn:aws:lambda:us-east-1:111122223333:function:F")j"));
  // ARN patterns are not reported by this approximation.
  catches_not("W003", allow(R"j("lambda:InvokeFunction")j", R"j("arn:aws:lambda:*:*:function:*")j"));
  // Reads, lists and actions that only accept "*".
  catches_not("W003",
              allow(R"j(["lambda:GetFunction","sqs:ListQueues","ec2:DescribeInstances"])j", R"j("*")j"));
  catches_not("W003",
              allow(R"j(["states:SendTaskSuccess","xray:PutTraceSegments","cloudwatch:PutMetricData"])j",
                    R"j("*")j"));
  // Left to W001, W002, W008 and W009.
  catches_not("W003", allow(R"j(["*","lambda:*","iam:PassRole","sts:AssumeRole"])j", R"j("*")j"));
  catches_not("W003", policy(R"j({"Effect":"Allow","NotAction":"iam:*","Resource":"*"})j"));
  // In a resource policy "*" is the resource itself (a KMS key policy).
  catches_not("W003", allow(R"j("kms:ScheduleKeyDeletion")j", R"j("*")j"), kind(PolicyKind::Resource));
  catches_not(
      "W003",
      policy(
          R"j({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:PutKeyPolicy","Resource":"*"})j"));
  // Conditions on the resource's tags, account or organization, or on the action's own service.
  catches_not("W003", allow(R"j("ec2:TerminateInstances")j", R"j("*")j",
                            condition("StringEquals", "aws:ResourceTag/Team", R"j("orders")j")));
  catches_not("W003", allow(R"j("ec2:TerminateInstances")j", R"j("*")j",
                            condition("StringLike", "ec2:ResourceTag/fleet-id", R"j("*")j")));
  catches_not("W003", allow(R"j("ec2:TerminateInstances")j", R"j("*")j",
                            condition("Null", "aws:ResourceTag/Team", R"j("false")j")));
  catches_not("W003", allow(R"j("sns:Publish")j", R"j("*")j",
                            condition("StringEquals", "AWS:ResourceAccount", R"j("111122223333")j")));
  catches_not("W003",
              allow(R"j("sns:Publish")j", R"j("*")j",
                    condition("ForAnyValue:StringLike", "aws:ResourceOrgPaths", R"j(["o-a1/r-b2/*"])j")));
  catches_not("W003", allow(R"j("ecs:RunTask")j", R"j("*")j",
                            condition("ArnEquals", "ecs:cluster",
                                      R"j("arn:aws:ecs:us-east-1:111122223333:cluster/c")j")));
  // "Null": "true" requires the tag to be absent: that narrows nothing, so it still fires.
  catches("W003",
          allow(R"j("ec2:TerminateInstances")j", R"j("*")j",
                condition("Null", "aws:ResourceTag/Team", R"j("true")j")),
          "/Statement/0/Resource");
  // Only the actions a condition does not narrow are named.
  const std::string message = first_message(
      "W003",
      allow(R"j(["ecs:RunTask","sns:Publish"])j", R"j("*")j",
            condition("ArnEquals", "ecs:cluster", R"j("arn:aws:ecs:us-east-1:111122223333:cluster/c")j")));
  CHECK(message.find("sns:Publish") != std::string::npos);
  CHECK(message.find("ecs:RunTask") == std::string::npos);
}

TEST_CASE("W004: \"*\" principals without a limiting condition") {
  catches("W004", grant_to(R"j("*")j"), "/Statement/0/Principal");
  catches("W004", grant_to(R"j({"AWS":"*"})j"), "/Statement/0/Principal/AWS");
  catches("W004", grant_to(R"j({"AWS":["arn:aws:iam::111122223333:root","*"]})j"),
          "/Statement/0/Principal/AWS/1");
  catches("W004", trust(R"j({"AWS":"*"})j", condition("StringEquals", "sts:ExternalId", kMachine)),
          "/Statement/0/Principal/AWS");
  // Conditions that do not limit who.
  catches("W004",
          grant_to(R"j("*")j", condition("StringNotEquals", "aws:PrincipalOrgID", R"j("o-a1b2c3d4e5")j")),
          "/Statement/0/Principal");
  catches("W004",
          grant_to(R"j("*")j", condition("StringEqualsIfExists", "aws:SourceAccount", R"j("111122223333")j")),
          "/Statement/0/Principal");
  catches("W004", grant_to(R"j("*")j", condition("StringLike", "aws:PrincipalOrgID", R"j("*")j")),
          "/Statement/0/Principal");
  catches(
      "W004",
      grant_to(R"j("*")j", condition("ArnLike", "aws:SourceArn", R"j("arn:aws:sns:us-east-1:*:alerts")j")),
      "/Statement/0/Principal");
  catches("W004", grant_to(R"j("*")j", condition("IpAddress", "aws:SourceIp", R"j(["0.0.0.0/0"])j")),
          "/Statement/0/Principal");
  catches("W004",
          grant_to(R"j("*")j",
                   condition("ForAllValues:StringLike", "aws:PrincipalOrgPaths", R"j(["o-a/r-b/*"])j")),
          "/Statement/0/Principal");
  catches("W004", grant_to(R"j("*")j", condition("Bool", "aws:SecureTransport", "true")),
          "/Statement/0/Principal");
  // One catch-all value among narrow ones admits everyone again.
  catches("W004",
          grant_to(R"j("*")j", condition("StringLike", "aws:PrincipalAccount", R"j(["111122223333","*"])j")),
          "/Statement/0/Principal");
}

TEST_CASE("W004: limiting conditions and near misses stay silent") {
  catches_not("W004", grant_to(R"j("*")j", "", "Deny"));
  catches_not("W004",
              grant_to(R"j("*")j", condition("StringEquals", "aws:PrincipalOrgID", R"j("o-a1b2c3d4e5")j")));
  catches_not("W004", grant_to(R"j({"AWS":"*"})j",
                               condition("StringEquals", "AWS:SourceOwner", R"j("111122223333")j")));
  catches_not("W004", grant_to(R"j("*")j", condition("ArnLike", "aws:SourceArn",
                                                     R"j("arn:aws:sns:us-east-1:111122223333:*")j")));
  catches_not("W004", grant_to(R"j("*")j",
                               condition("ArnEquals", "aws:SourceArn", R"j("arn:aws:s3:::orders-bucket")j")));
  catches_not("W004", grant_to(R"j("*")j", condition("ForAnyValue:StringLike", "aws:PrincipalOrgPaths",
                                                     R"j(["o-a/r-b/*"])j")));
  catches_not("W004", grant_to(R"j("*")j", condition("IpAddress", "aws:SourceIp", R"j("203.0.113.0/24")j")));
  catches_not("W004",
              grant_to(R"j("*")j", condition("StringEquals", "aws:SourceVpce", R"j("vpce-1a2b3c4d")j")));
  catches_not("W004",
              grant_to(R"j("*")j", condition("StringEquals", "kms:CallerAccount", R"j("111122223333")j")));
  catches_not("W004", grant_to(R"j("*")j", condition("StringLike", "aws:userid", R"j("AROAEXAMPLEID:*")j")));
  catches_not("W004", grant_to(R"j({"AWS":"arn:aws:iam::111122223333:root"})j"));
  catches_not("W004", grant_to(R"j({"Service":"states.amazonaws.com"})j"));
  // "*" under another principal type is not everyone (other rules report it as invalid).
  catches_not("W004", grant_to(R"j({"Service":"*"})j"));
  // NotPrincipal is W007's.
  catches_not(
      "W004",
      policy(R"j({"Effect":"Allow","NotPrincipal":{"AWS":"*"},"Action":"s3:GetObject","Resource":"*"})j"));
}

TEST_CASE("W005: Allow with NotAction") {
  catches("W005", policy(R"j({"Effect":"Allow","NotAction":"iam:*","Resource":"*"})j"),
          "/Statement/0/NotAction");
  catches(
      "W005",
      policy(
          R"j({"Effect":"Allow","NotAction":["iam:*","organizations:*","account:*","sts:*","sso:*"],"Resource":"*",)j"
          R"j("Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}})j"),
      "/Statement/0/NotAction");
  CHECK(first_message(
            "W005",
            policy(R"j({"Effect":"Allow","NotAction":["a:*","b:*","c:*","d:*","e:*"],"Resource":"*"})j"))
            .find("and 1 more") != std::string::npos);
  catches_not("W005", policy(R"j({"Effect":"Deny","NotAction":"iam:*","Resource":"*"})j"));
  catches_not("W005", allow(R"j("iam:*")j", R"j("*")j"));
}

TEST_CASE("W006: Allow with NotResource") {
  catches("W006",
          policy(R"j({"Effect":"Allow","Action":"s3:GetObject","NotResource":"arn:aws:s3:::secret/*"})j"),
          "/Statement/0/NotResource");
  catches("W006", policy(R"j({"Effect":"Allow","Action":"s3:GetObject","NotResource":[]})j"),
          "/Statement/0/NotResource");
  catches_not("W006", policy(R"j({"Effect":"Deny","Action":"s3:*","NotResource":"arn:aws:s3:::mine/*"})j"));
  catches_not("W006", allow(R"j("s3:GetObject")j", R"j("*")j"));
}

TEST_CASE("W007: Allow with NotPrincipal") {
  catches(
      "W007",
      policy(
          R"j({"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject",)j"
          R"j("Resource":"arn:aws:s3:::b/*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}})j"),
      "/Statement/0/NotPrincipal");
  catches("W007", policy(R"j({"Effect":"Allow","NotPrincipal":"*","Action":"s3:GetObject","Resource":"*"})j"),
          "/Statement/0/NotPrincipal");
  catches_not(
      "W007",
      policy(R"j({"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:*",)j"
             R"j("Resource":"arn:aws:s3:::b/*"})j"));
  catches_not("W007", grant_to(R"j({"AWS":"arn:aws:iam::111122223333:root"})j"));
}

TEST_CASE("W008: iam:PassRole on every role") {
  catches("W008", allow(R"j("iam:PassRole")j", R"j("*")j"), "/Statement/0/Resource");
  catches("W008", allow(R"j("IAM:passrole")j", R"j(["arn:aws:iam::111122223333:role/A","*"])j"),
          "/Statement/0/Resource/1");
  catches("W008", allow(R"j("iam:*")j", R"j("*")j"), "/Statement/0/Resource");
  catches("W008", allow(R"j("iam:Pass*")j", R"j("arn:aws:iam::*:role/*")j"), "/Statement/0/Resource");
  catches("W008", allow(R"j("*")j", R"j("arn:aws:iam::111122223333:role/*")j"), "/Statement/0/Resource");
  catches("W008", allow(R"j("iam:PassRole")j", R"j("arn:aws:iam::111122223333:*")j"),
          "/Statement/0/Resource");
  catches("W008", allow(R"j("iam:PassRole")j", R"j("arn:*:iam::*:role*")j"), "/Statement/0/Resource");
  // NotAction that does not exclude PassRole grants it.
  catches("W008", policy(R"j({"Effect":"Allow","NotAction":["s3:*"],"Resource":"*"})j"),
          "/Statement/0/Resource");
  // NotResource that does not exclude every role grants every other role.
  catches(
      "W008",
      policy(
          R"j({"Effect":"Allow","Action":"iam:PassRole","NotResource":"arn:aws:iam::111122223333:role/Admin"})j"),
      "/Statement/0/NotResource");
  // A PassedToService condition limits the service, not the roles: still reported, with a note at it.
  const std::string text =
      allow(R"j("iam:PassRole")j", R"j("*")j",
            condition("StringEquals", "iam:PassedToService", R"j("ecs-tasks.amazonaws.com")j"));
  catches("W008", text, "/Statement/0/Resource");
  const auto found = findings_of("W008", text);
  REQUIRE(found.size() == 1);
  REQUIRE(found[0].notes.size() == 2);
  REQUIRE(found[0].notes[0].span.has_value());
  CHECK(found[0].notes[0].span->pointer == "/Statement/0/Condition/StringEquals/iam:PassedToService");
  CHECK(found[0].message.find("(through") == std::string::npos);
  CHECK(first_message("W008", allow(R"j("iam:*")j", R"j("*")j")).find("(through \"iam:*\")") !=
        std::string::npos);
}

TEST_CASE("W008: near misses stay silent") {
  catches_not("W008", deny(R"j("iam:PassRole")j", R"j("*")j"));
  catches_not("W008", allow(R"j("iam:PassRole")j", R"j("arn:aws:iam::111122223333:role/OrdersTaskRole")j"));
  catches_not("W008", allow(R"j("iam:PassRole")j", R"j("arn:aws:iam::111122223333:role/orders-*")j"));
  catches_not("W008", allow(R"j("iam:PassRole")j", R"j("arn:aws:iam::111122223333:role/service-role/*")j"));
  // A wildcard account alone: a role can only be passed within its own account.
  catches_not("W008", allow(R"j("iam:PassRole")j", R"j("arn:aws:iam::*:role/OrdersTaskRole")j"));
  catches_not("W008", allow(R"j("iam:PassRole")j", R"j("arn:aws:s3:::*")j"));
  catches_not("W008", allow(R"j(["iam:GetRole","iam:Pass"])j", R"j("*")j"));
  catches_not("W008", policy(R"j({"Effect":"Allow","NotAction":"iam:*","Resource":"*"})j"));
  catches_not(
      "W008",
      policy(R"j({"Effect":"Allow","Action":"iam:PassRole","NotResource":"arn:aws:iam::*:role/*"})j"));
  catches_not("W008", allow(R"j("iam:PassRole")j", R"j("*")j",
                            condition("StringEquals", "iam:ResourceTag/team", R"j("orders")j")));
  catches_not("W008", allow(R"j("iam:PassRole")j", R"j("*")j",
                            condition("Null", "aws:ResourceTag/team", R"j("false")j")));
}

TEST_CASE("W009: sts:AssumeRole on wildcard roles") {
  catches("W009", allow(R"j("sts:AssumeRole")j", R"j("*")j"), "/Statement/0/Resource");
  catches("W009", allow(R"j("sts:*")j", R"j("*")j"), "/Statement/0/Resource");
  catches("W009", allow(R"j("STS:Assume*")j", R"j("*")j"), "/Statement/0/Resource");
  catches("W009", allow(R"j("*")j", R"j("*")j"), "/Statement/0/Resource");
  catches("W009",
          allow(R"j("sts:AssumeRole")j",
                R"j(["arn:aws:iam::444455556666:role/Target","arn:aws:iam::*:role/cdk-*"])j"),
          "/Statement/0/Resource/1");
  catches("W009", allow(R"j("sts:AssumeRole")j", R"j("arn:aws:iam::444455556666:role/app-*")j"),
          "/Statement/0/Resource");
  catches("W009", allow(R"j("sts:AssumeRole")j", R"j("arn:aws:iam::*:role/Target")j"),
          "/Statement/0/Resource");
  catches("W009", policy(R"j({"Effect":"Allow","NotAction":"s3:*","Resource":"*"})j"),
          "/Statement/0/Resource");
  catches(
      "W009",
      policy(
          R"j({"Effect":"Allow","Action":"sts:AssumeRole","NotResource":"arn:aws:iam::444455556666:role/*"})j"),
      "/Statement/0/NotResource");
  // aws:ResourceAccount still leaves every role of the account.
  catches("W009",
          allow(R"j("sts:AssumeRole")j", R"j("*")j",
                condition("StringEquals", "aws:ResourceAccount", R"j("444455556666")j")),
          "/Statement/0/Resource");
  CHECK(
      first_message("W009", allow(R"j("sts:AssumeRole")j", R"j("*")j")).find("every role in every account") !=
      std::string::npos);
  CHECK(first_message("W009", allow(R"j("sts:AssumeRole")j", R"j("arn:aws:iam::*:role/Target")j"))
            .find("the role \"Target\" in every account") != std::string::npos);
  CHECK(first_message("W009", allow(R"j("sts:AssumeRole")j", R"j("arn:aws:iam::444455556666:role/app-*")j"))
            .find("matching \"role/app-*\" of account 444455556666") != std::string::npos);
  const auto found = findings_of("W009", allow(R"j("sts:AssumeRole")j", R"j("*")j"));
  REQUIRE(found.size() == 1);
  REQUIRE_FALSE(found[0].notes.empty());
  CHECK(found[0].notes[0].message.find("list the ARNs of the target roles") != std::string::npos);
}

TEST_CASE("W009: near misses stay silent") {
  catches_not("W009", deny(R"j("sts:AssumeRole")j", R"j("*")j"));
  catches_not("W009", allow(R"j("sts:AssumeRole")j", R"j("arn:aws:iam::444455556666:role/Target")j"));
  catches_not("W009", allow(R"j(["sts:AssumeRoleWithSAML","sts:GetCallerIdentity"])j", R"j("*")j"));
  catches_not("W009", allow(R"j("sts:AssumeRole")j", R"j("arn:aws:iam::444455556666:user/*")j"));
  catches_not("W009", allow(R"j("sts:AssumeRole")j", R"j("arn:aws:s3:::*")j"));
  catches_not("W009", allow(R"j("sts:AssumeRole")j", R"j("*")j",
                            condition("StringEquals", "aws:ResourceTag/access", R"j("orders")j")));
  catches_not("W009", policy(R"j({"Effect":"Allow","NotAction":"sts:*","Resource":"*"})j"));
  catches_not("W009", policy(R"j({"Effect":"Allow","Action":"sts:AssumeRole","NotResource":"*"})j"));
  catches_not(
      "W009",
      policy(R"j({"Effect":"Allow","Action":"sts:AssumeRole","NotResource":"arn:aws:iam::*:role/*"})j"));
  // A trust policy has no Resource.
  catches_not("W009", trust(R"j({"AWS":"arn:aws:iam::111122223333:role/Exec"})j"));
}

TEST_CASE("W010: whole-account principals") {
  catches("W010", trust(R"j({"AWS":"arn:aws:iam::111122223333:root"})j"), "/Statement/0/Principal/AWS");
  catches("W010", trust(R"j({"AWS":["arn:aws:iam::444455556666:role/R","111122223333"]})j"),
          "/Statement/0/Principal/AWS/1");
  catches("W010", trust(R"j({"AWS":"arn:aws-cn:iam::111122223333:root"})j"), "/Statement/0/Principal/AWS");
  // PrincipalAccount does not say which principal; an ExternalId of "*" scopes nothing.
  catches("W010",
          trust(R"j({"AWS":"111122223333"})j",
                condition("StringEquals", "aws:PrincipalAccount", R"j("111122223333")j")),
          "/Statement/0/Principal/AWS");
  catches("W010",
          trust(R"j({"AWS":"arn:aws:iam::111122223333:root"})j",
                condition("StringLike", "sts:ExternalId", R"j("*")j")),
          "/Statement/0/Principal/AWS");
  catches("W010",
          trust(R"j({"AWS":"arn:aws:iam::111122223333:root"})j",
                condition("StringNotEquals", "sts:ExternalId", kMachine)),
          "/Statement/0/Principal/AWS");
  catches("W010",
          trust(R"j({"AWS":"111122223333"})j",
                condition("ArnLike", "aws:PrincipalArn", R"j("arn:aws:iam::111122223333:*")j")),
          "/Statement/0/Principal/AWS");
  catches("W010",
          trust(R"j({"AWS":"111122223333"})j",
                condition("ArnNotEquals", "aws:PrincipalArn", R"j("arn:aws:iam::111122223333:role/X")j")),
          "/Statement/0/Principal/AWS");
  // Another account than the policy's own.
  catches("W010", grant_to(R"j({"AWS":"arn:aws:iam::444455556666:root"})j"), "/Statement/0/Principal/AWS",
          with_account("111122223333"));
  CHECK(first_message("W010", trust(R"j({"AWS":"111122223333"})j")).find("all of account 111122223333") !=
        std::string::npos);
}

TEST_CASE("W010: named principals and near misses stay silent") {
  catches_not("W010", trust(R"j({"AWS":"arn:aws:iam::111122223333:role/OrdersExecutionRole"})j"));
  catches_not("W010", trust(R"j({"AWS":"arn:aws:iam::111122223333:root"})j",
                            condition("ArnEquals", "aws:PrincipalArn",
                                      R"j("arn:aws:iam::111122223333:role/Exec")j")));
  catches_not("W010", trust(R"j({"AWS":"111122223333"})j",
                            condition("StringLike", "aws:PrincipalTag/team", R"j("orders")j")));
  catches_not("W010", trust(R"j({"AWS":"111122223333"})j",
                            condition("StringLike", "aws:userid", R"j("AROAEXAMPLEID:*")j")));
  // The policy's own account delegates to its own IAM policies (the default KMS key policy).
  catches_not("W010", grant_to(R"j({"AWS":"arn:aws:iam::111122223333:root"})j"),
              with_account("111122223333"));
  // ... also when the account comes from the role the policy belongs to (a manifest entry).
  LintContext role_context;
  role_context.role_arn = "arn:aws:iam::111122223333:role/Target";
  catches_not("W010", trust(R"j({"AWS":"arn:aws:iam::111122223333:root"})j"), role_context);
  // The cross-account patterns AWS documents: a third party's account under its ExternalId
  // (id_roles_create_for-user_externalid.html), accounts of the organization.
  catches_not("W010", trust(R"j({"AWS":"arn:aws:iam::111122223333:root"})j",
                            condition("StringEquals", "sts:ExternalId", kMachine)));
  catches_not("W010", trust(R"j({"AWS":"111122223333"})j",
                            condition("StringEquals", "aws:PrincipalOrgID", R"j("o-a1b2c3d4e5")j")));
  catches_not("W010", grant_to(R"j({"AWS":"arn:aws:iam::444455556666:root"})j",
                               condition("ForAnyValue:StringLike", "aws:PrincipalOrgPaths",
                                         R"j("o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*")j")));
  catches_not("W010", grant_to(R"j({"AWS":"arn:aws:iam::111122223333:root"})j", "", "Deny"));
  catches_not("W010", grant_to(R"j("*")j"));
  catches_not("W010", grant_to(R"j({"Service":"states.amazonaws.com"})j"));
  catches_not(
      "W010",
      policy(
          R"j({"Effect":"Allow","NotPrincipal":{"AWS":"111122223333"},"Action":"s3:GetObject","Resource":"*"})j"));
  // Invalid principals are other rules' business.
  catches_not("W010", trust(R"j({"AWS":"1111-2222-3333"})j"));
}

TEST_CASE("W011: wildcards inside principals") {
  catches("W011", trust(R"j({"AWS":"arn:aws:iam::*:root"})j"), "/Statement/0/Principal/AWS");
  catches("W011",
          trust(R"j({"AWS":["arn:aws:iam::111122223333:role/Exec","arn:aws:iam::111122223333:role/*"]})j"),
          "/Statement/0/Principal/AWS/1");
  catches("W011", trust(R"j({"AWS":"arn:aws:sts::111122223333:assumed-role/Exec/?"})j"),
          "/Statement/0/Principal/AWS");
  catches("W011", trust(R"j({"Service":"*.amazonaws.com"})j"), "/Statement/0/Principal/Service");
  catches("W011", trust(R"j("arn:aws:iam::*:root")j"), "/Statement/0/Principal");
  // AWS rejects it whatever the effect, and in NotPrincipal too.
  catches("W011", grant_to(R"j({"AWS":"arn:aws:iam::111122223333:user/*"})j", "", "Deny"),
          "/Statement/0/Principal/AWS");
  catches(
      "W011",
      policy(
          R"j({"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::111122223333:role/*"]},"Action":"s3:*","Resource":"*"})j"),
      "/Statement/0/NotPrincipal/AWS/0");
  CHECK(first_message("W011", trust(R"j({"AWS":"arn:aws:iam::*:root"})j")).find("principal ARN") !=
        std::string::npos);
  const auto service = findings_of("W011", trust(R"j({"Service":"*.amazonaws.com"})j"));
  REQUIRE(service.size() == 1);
  CHECK(service[0].notes.front().message.find("name each service principal") != std::string::npos);
}

TEST_CASE("W011: \"*\" alone, variables and exact principals stay silent") {
  catches_not("W011", trust(R"j("*")j"));
  catches_not("W011", trust(R"j({"AWS":"*"})j"));
  catches_not("W011", trust(R"j({"AWS":["*","arn:aws:iam::111122223333:root"]})j"));
  catches_not("W011", grant_to(R"j({"AWS":"arn:aws:iam::111122223333:user/${aws:username}"})j"));
  catches_not("W011",
              trust(R"j({"AWS":"arn:aws:iam::111122223333:role/Exec","Service":"states.amazonaws.com"})j"));
  catches_not("W011", allow(R"j("sts:AssumeRole")j", R"j("arn:aws:iam::*:role/*")j"));
}

// ---------------------------------------------------------------------------------------- W016
// checkov CKV_AWS_93; the S3 API reference on DeleteBucketPolicy (the owner's root user keeps
// GetBucketPolicy/PutBucketPolicy/DeleteBucketPolicy whatever the policy denies).
namespace {

std::string bucket_deny(std::string_view principal, std::string_view action, std::string_view resource,
                        std::string_view extra = "") {
  return policy(R"j({"Effect":"Deny","Principal":)j" + std::string(principal) + R"j(,"Action":)j" +
                std::string(action) + R"j(,"Resource":)j" + std::string(resource) + std::string(extra) + "}");
}

constexpr std::string_view kBucketAndObjects = R"j(["arn:aws:s3:::reports","arn:aws:s3:::reports/*"])j";

}  // namespace

TEST_CASE("W016: a Deny of every S3 action to everyone on the bucket, without a condition") {
  const LintContext resource = kind(PolicyKind::Resource);
  catches("W016", bucket_deny(R"j("*")j", R"j("s3:*")j", kBucketAndObjects), "/Statement/0/Effect", resource);
  catches("W016", bucket_deny(R"j({"AWS":"*"})j", R"j("*")j", R"j("arn:aws:s3:::reports")j"), "/Statement/0/Effect",
          resource);
  catches("W016", bucket_deny(R"j({"AWS":["arn:aws:iam::111122223333:role/A","*"]})j", R"j(["s3:GetObject","s3:*"])j",
                              R"j("*")j"),
          "/Statement/0/Effect", resource);
  CHECK(first_message("W016", bucket_deny(R"j("*")j", R"j("s3:*")j", kBucketAndObjects), resource) ==
        "this statement denies \"s3:*\" on \"arn:aws:s3:::reports\" to every principal, without a condition: it "
        "locks everyone out of the bucket, and only the owning account's root user can still change or delete the "
        "bucket policy");
}

TEST_CASE("W016: a condition, named principals, objects only, some actions or an Allow leave the bucket manageable") {
  const LintContext resource = kind(PolicyKind::Resource);
  catches_not("W016", bucket_deny(R"j("*")j", R"j("s3:*")j", kBucketAndObjects,
                                  condition("Bool", "aws:SecureTransport", R"j("false")j")),
              resource);
  catches_not("W016", bucket_deny(R"j({"AWS":"arn:aws:iam::444455556666:root"})j", R"j("s3:*")j", kBucketAndObjects),
              resource);
  catches_not("W016", bucket_deny(R"j("*")j", R"j("s3:*")j", R"j("arn:aws:s3:::reports/*")j"), resource);
  catches_not("W016", bucket_deny(R"j("*")j", R"j(["s3:DeleteObject","s3:Put*"])j", kBucketAndObjects), resource);
  catches_not("W016", policy(R"j({"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::reports"})j"),
              resource);
  catches_not("W016", policy(R"j({"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:role/Admin"},)j"
                             R"j("Action":"s3:*","Resource":"arn:aws:s3:::reports"})j"),
              resource);
}

// ---------------------------------------------------------------------------------------- W017
// Access Analyzer, "Wildcard in service name".
TEST_CASE("W017: a wildcard in the service prefix of an allowed action") {
  catches("W017", allow(R"j("s*:GetObject")j", R"j("arn:aws:s3:::reports/*")j"), "/Statement/0/Action");
  catches("W017", allow(R"j(["s3:ListBucket","*:Get*"])j", R"j("*")j"), "/Statement/0/Action/1");
  catches("W017", allow(R"j("s?:GetObject")j", R"j("*")j"), "/Statement/0/Action");
  const std::string message = first_message("W017", allow(R"j("s*:GetObject")j", R"j("*")j"));
  CHECK(message.find("\"s3\"") != std::string::npos);
  CHECK(message.find("wildcard in its service prefix \"s*\"") != std::string::npos);
}

TEST_CASE("W017: written-out prefixes, whole services, every action and Deny stay silent") {
  catches_not("W017", allow(R"j(["s3:Get*","s3:*Object"])j", R"j("*")j"));
  catches_not("W017", allow(R"j(["*","*:*","s*:*"])j", R"j("*")j"));
  catches_not("W017", deny(R"j("s*:GetObject")j", R"j("*")j"));
  catches_not("W017", policy(R"j({"Effect":"Allow","NotAction":"s*:GetObject","Resource":"*"})j"));
}

// ---------------------------------------------------------------------------------------- W018
// Parliament RESOURCE_POLICY_PRIVILEGE_ESCALATION (s3:Delete* denied, s3:PutBucketPolicy allowed).
namespace {

constexpr std::string_view kOrders = R"j({"AWS":"arn:aws:iam::444455556666:role/orders"})j";

std::string principal_statement(std::string_view effect, std::string_view principal, std::string_view action,
                                std::string_view resource) {
  return R"j({"Effect":")j" + std::string(effect) + R"j(","Principal":)j" + std::string(principal) +
         R"j(,"Action":)j" + std::string(action) + R"j(,"Resource":)j" + std::string(resource) + "}";
}

}  // namespace

TEST_CASE("W018: a principal denied some actions may rewrite the resource's policy") {
  const LintContext resource = kind(PolicyKind::Resource);
  const std::string denied = principal_statement("Deny", kOrders, R"j("s3:DeleteObject")j", R"j("arn:aws:s3:::b/*")j");
  catches("W018",
          policy(principal_statement("Allow", kOrders, R"j("s3:PutBucketPolicy")j", R"j("arn:aws:s3:::b")j") + "," +
                 denied),
          "/Statement/0/Action", resource);
  // Through a wildcard, and with the principal among others.
  catches("W018",
          policy(denied + "," +
                 principal_statement("Allow",
                                     R"j({"AWS":["arn:aws:iam::111122223333:root","arn:aws:iam::444455556666:role/orders"]})j",
                                     R"j(["s3:GetObject","s3:*"])j", R"j("*")j")),
          "/Statement/1/Action/1", resource);
}

TEST_CASE("W018: other principals, other services, reads of the policy and Deny of everyone stay silent") {
  const LintContext resource = kind(PolicyKind::Resource);
  const std::string denied = principal_statement("Deny", kOrders, R"j("s3:DeleteObject")j", R"j("arn:aws:s3:::b/*")j");
  const std::string admin = principal_statement("Allow", R"j({"AWS":"arn:aws:iam::444455556666:role/admin"})j",
                                                R"j("s3:PutBucketPolicy")j", R"j("arn:aws:s3:::b")j");
  catches_not("W018", policy(admin + "," + denied), resource);
  catches_not("W018",
              policy(principal_statement("Allow", kOrders, R"j("s3:GetBucketPolicy")j", R"j("arn:aws:s3:::b")j") +
                     "," + denied),
              resource);
  catches_not("W018",
              policy(principal_statement("Allow", kOrders, R"j("sqs:AddPermission")j", R"j("*")j") + "," + denied),
              resource);
  catches_not("W018",
              policy(principal_statement("Allow", kOrders, R"j("s3:PutBucketPolicy")j", R"j("arn:aws:s3:::b")j") +
                     "," + principal_statement("Deny", R"j("*")j", R"j("s3:*")j", R"j("arn:aws:s3:::b/*")j")),
              resource);
}
