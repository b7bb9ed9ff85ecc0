// The rules on risky grants: W012 privilege-escalation, W013 data-exfiltration, W014
// credentials-exposure, W015 resource-exposure. Cases come from the published methods and check
// descriptions: Rhino Security Labs' escalation methods (parts 1 and 2), parliament's
// PRIVILEGE_ESCALATION / CREDENTIALS_EXPOSURE, cloudsplaining's data-exfiltration, credentials-
// exposure and resource-exposure categories (see /work/shared/reference/linters.md, 2c and 2e),
// and AWS's Service Authorization Reference for what each action acts on.

#include <string>
#include <string_view>

#include "../../../rules/risk_data.hpp"
#include "iamsmith/iamdata.hpp"
#include "rule_test_support.hpp"

namespace {

using iamsmith::LintContext;
using iamsmith::PolicyKind;
using iamsmith::test::catches;
using iamsmith::test::catches_not;
using iamsmith::test::findings_of;
namespace iamdata = iamsmith::iamdata;

std::string policy(std::string_view statements) {
  return R"j({"Version":"2012-10-17","Statement":[)j" + std::string(statements) + "]}";
}

std::string stmt(std::string_view action, std::string_view resource, std::string_view extra = "",
                 std::string_view effect = "Allow") {
  return R"j({"Effect":")j" + std::string(effect) + R"j(","Action":)j" + std::string(action) +
         R"j(,"Resource":)j" + std::string(resource) + std::string(extra) + "}";
}

std::string allow(std::string_view action, std::string_view resource, std::string_view extra = "") {
  return policy(stmt(action, resource, extra));
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

constexpr std::string_view kStar = R"j("*")j";

}  // namespace

TEST_CASE("W012-W015: every rule is silent on a file that is not JSON and on statements without elements") {
  for (const std::string_view id : {"W012", "W013", "W014", "W015"}) {
    CAPTURE(id);
    catches_not(id, "{\"Version\": ");
    catches_not(id, policy("{}"));
    catches_not(id, policy(R"j({"Effect":"Allow"})j"));
    catches_not(id, policy(R"j({"Effect":"Allow","Action":"s3:GetObject"})j"));
    catches_not(id, R"j({"Version":"2012-10-17","Statement":"oops"})j");
  }
}

TEST_CASE("W012-W014: every listed action is in the catalogue, with the resource types the rules rely on") {
  const iamdata::Catalog& catalog = iamdata::Catalog::builtin();
  for (const auto& method : iamsmith::rules::risk::kEscalationMethods) {
    CHECK_FALSE(method.actions[0].empty());
    CHECK_FALSE(method.path.empty());
    for (std::string_view action : method.actions) {
      if (action.empty()) continue;
      CAPTURE(action);
      CHECK(catalog.action(action) != nullptr);
    }
    // A role passed to a service: iam:PassRole is always first, where the finding is reported.
    if (!method.passed_to.empty()) CHECK(method.actions[0] == "iam:PassRole");
  }
  for (std::string_view action : iamsmith::rules::risk::kDataReads) {
    CAPTURE(action);
    const iamdata::Action* a = catalog.action(action);
    REQUIRE(a != nullptr);
    // Reported only where a Resource could name the resources.
    CHECK_FALSE(a->wildcard_only());
  }
  for (std::string_view action : iamsmith::rules::risk::kCredentialActions) {
    CAPTURE(action);
    const iamdata::Action* a = catalog.action(action);
    REQUIRE(a != nullptr);
    CHECK_FALSE(a->wildcard_only());
  }
  for (std::string_view action : iamsmith::rules::risk::kSharingWriteActions) {
    CAPTURE(action);
    const iamdata::Action* a = catalog.action(action);
    REQUIRE(a != nullptr);
    // Listed because the catalogue does not already class it as Permissions management.
    CHECK_FALSE(iamdata::has_level(a->access, iamdata::AccessLevel::PermissionsManagement));
  }
}

// Rhino Security Labs, part 1, methods 1 and 9: a policy's own new version, a policy attached to a role.
TEST_CASE("W012: single-action methods on every resource") {
  catches("W012", allow(R"j("iam:CreatePolicyVersion")j", kStar), "/Statement/0/Action");
  catches("W012", allow(R"j(["s3:ListBucket","iam:AttachRolePolicy"])j", kStar), "/Statement/0/Action/1");
  catches("W012", allow(R"j("iam:AttachRolePolicy")j", R"j("arn:aws:iam::111122223333:role/*")j"),
          "/Statement/0/Action");
  catches("W012", allow(R"j("lambda:UpdateFunctionCode")j", R"j("arn:aws:lambda:*:*:function:*")j"),
          "/Statement/0/Action");
  catches("W012", allow(R"j("iam:CreateAccessKey")j", R"j("arn:aws:iam::*:user/*")j"), "/Statement/0/Action");
  const auto found = findings_of("W012", allow(R"j("iam:CreatePolicyVersion")j", kStar));
  REQUIRE(found.size() == 1);
  CHECK(found[0].message.find("raise its own privileges") != std::string::npos);
  CHECK(found[0].message.find("new version") != std::string::npos);
  CHECK(found[0].severity == iamsmith::Severity::Security);
}

// Part 1, method 15: iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction, across statements.
// The rules pass over values of services their lists do not use before matching anything: a
// service in other case, or with a wildcard in it, must still be matched.
TEST_CASE("W012-W014: a value's service is matched ignoring case and through wildcards") {
  const std::string others = R"j("ec2:DescribeInstances","s3:ListBucket","dynamodb:Query",)j";
  catches("W012", allow("[" + others + R"j("IAM:CreatePolicyVersion"])j", kStar), "/Statement/0/Action/3");
  catches("W012", allow("[" + others + R"j("i*:CreatePolicyVersion"])j", kStar), "/Statement/0/Action/3");
  catches("W012", allow("[" + others + R"j("*:CreatePolicyVersion"])j", kStar), "/Statement/0/Action/3");
  catches_not("W012", allow("[" + others + R"j("iamx:CreatePolicyVersion"])j", kStar));
  catches("W013", allow("[" + others + R"j("S3:GetObject"])j", kStar), "/Statement/0/Resource");
  catches("W013", allow("[" + others + R"j("s?:GetObject"])j", kStar), "/Statement/0/Resource");
  catches("W014", allow("[" + others + R"j("Iam:CreateAccessKey"])j", kStar), "/Statement/0/Resource");
  catches("W014", allow("[" + others + R"j("*:CreateAccessKey"])j", kStar), "/Statement/0/Resource");
  catches_not("W014", allow("[" + others + R"j("iam2:CreateAccessKey"])j", kStar));
}

TEST_CASE("W012: a combination is reported at its first action, with notes at the others") {
  const std::string p = policy(stmt(R"j("iam:PassRole")j", kStar) + "," +
                               stmt(R"j(["lambda:CreateFunction","lambda:InvokeFunction"])j", kStar));
  const auto found = findings_of("W012", p);
  REQUIRE(found.size() == 1);
  CHECK(found[0].span.pointer == "/Statement/0/Action");
  CHECK(found[0].message.find("\"iam:PassRole\" together with \"lambda:CreateFunction\" and "
                              "\"lambda:InvokeFunction\"") != std::string::npos);
  std::vector<std::string> pointed;
  for (const auto& note : found[0].notes) {
    if (note.span) pointed.push_back(note.span->pointer.str());
  }
  CHECK(pointed == std::vector<std::string>{"/Statement/1/Action/0", "/Statement/1/Action/1"});
}

TEST_CASE("W012: several methods at one Action value make one finding") {
  // "iam:*" grants every IAM method; PassRole's paths need the other services too.
  const auto found = findings_of("W012", allow(R"j("iam:*")j", kStar));
  REQUIRE(found.size() == 1);
  CHECK(found[0].message.find("(through \"iam:*\")") != std::string::npos);
  CHECK(found[0].message.find("more escalation paths start here") != std::string::npos);
  // PassRole with two services: one finding at iam:PassRole, both paths told.
  const auto two = findings_of(
      "W012", allow(R"j(["iam:PassRole","ec2:RunInstances","cloudformation:CreateStack"])j", kStar));
  REQUIRE(two.size() == 1);
  CHECK(two[0].span.pointer == "/Statement/0/Action/0");
  CHECK(two[0].message.find("1 more escalation path starts here") != std::string::npos);
}

TEST_CASE("W012: near misses stay silent") {
  // Only part of a combination.
  catches_not("W012", allow(R"j(["iam:PassRole","lambda:CreateFunction"])j", kStar));
  catches_not("W012", allow(R"j(["lambda:CreateFunction","lambda:InvokeFunction"])j", kStar));
  // UpdateAssumeRolePolicy without sts:AssumeRole (part 1, method 14 needs both).
  catches_not("W012", allow(R"j("iam:UpdateAssumeRolePolicy")j", kStar));
  // Named resources: the holder cannot pick a more privileged role, user or policy.
  catches_not("W012",
              allow(R"j("iam:CreatePolicyVersion")j", R"j("arn:aws:iam::111122223333:policy/OrdersApp")j"));
  catches_not("W012", allow(R"j("iam:AttachRolePolicy")j", R"j("arn:aws:iam::111122223333:role/app-*")j"));
  catches_not("W012",
              allow(R"j("iam:CreateAccessKey")j", R"j("arn:aws:iam::111122223333:user/${aws:username}")j"));
  // The role to pass is named.
  catches_not("W012", policy(stmt(R"j("iam:PassRole")j", R"j("arn:aws:iam::111122223333:role/FnRole")j") +
                             "," + stmt(R"j(["lambda:CreateFunction","lambda:InvokeFunction"])j", kStar)));
  // iam:PassedToService names another service than the method's.
  catches_not(
      "W012",
      policy(stmt(R"j("iam:PassRole")j", kStar,
                  condition("StringEquals", "iam:PassedToService", R"j("ecs-tasks.amazonaws.com")j")) +
             "," + stmt(R"j(["lambda:CreateFunction","lambda:InvokeFunction"])j", kStar)));
  // A condition limiting which policy may be attached.
  catches_not("W012", allow(R"j("iam:AttachRolePolicy")j", kStar,
                            condition("ArnEquals", "iam:PolicyARN",
                                      R"j("arn:aws:iam::aws:policy/ReadOnlyAccess")j")));
  // An unconditional Deny of one action of the method closes it; a conditional one does not.
  catches_not("W012",
              policy(stmt(R"j("iam:*")j", kStar) + "," +
                     stmt(R"j(["iam:CreatePolicyVersion","iam:SetDefaultPolicyVersion","iam:CreateAccessKey",
                                      "iam:*LoginProfile","iam:Attach*Policy","iam:Put*Policy","iam:AddUserToGroup"])j",
                          kStar, "", "Deny")));
  catches("W012",
          policy(stmt(R"j("iam:CreatePolicyVersion")j", kStar) + "," +
                 stmt(R"j("iam:CreatePolicyVersion")j", kStar,
                      condition("Bool", "aws:MultiFactorAuthPresent", R"j("false")j"), "Deny")),
          "/Statement/0/Action");
  // Deny, "*" (W001's), NotAction (W005's), and non-identity policies.
  catches_not("W012", policy(stmt(R"j("iam:CreatePolicyVersion")j", kStar, "", "Deny")));
  catches_not("W012", allow(kStar, kStar));
  catches_not("W012", policy(R"j({"Effect":"Allow","NotAction":"s3:*","Resource":"*"})j"));
  catches_not("W012", allow(R"j("iam:CreatePolicyVersion")j", kStar), kind(PolicyKind::Resource));
}

TEST_CASE("W012: iam:PassedToService naming the method's service does not close it") {
  catches("W012",
          policy(stmt(R"j("iam:PassRole")j", kStar,
                      condition("StringEquals", "iam:PassedToService", R"j("lambda.amazonaws.com")j")) +
                 "," + stmt(R"j(["lambda:CreateFunction","lambda:InvokeFunction"])j", kStar)),
          "/Statement/0/Action");
}

// cloudsplaining's data-exfiltration category: s3:GetObject, ssm:GetParameter*,
// secretsmanager:GetSecretValue.
TEST_CASE("W013: reads that return data, on every resource") {
  catches("W013", allow(R"j("s3:GetObject")j", kStar), "/Statement/0/Resource");
  catches("W013", allow(R"j(["ssm:DescribeParameters","ssm:GetParameter*"])j", kStar),
          "/Statement/0/Resource");
  catches("W013", allow(R"j("s3:GetObject")j", R"j("arn:aws:s3:::*/*")j"), "/Statement/0/Resource");
  catches("W013", allow(R"j("kms:Decrypt")j", R"j(["arn:aws:kms:us-east-1:111122223333:key/k1","*"])j"),
          "/Statement/0/Resource/1");
  catches(
      "W013",
      policy(
          R"j({"Effect":"Allow","Action":"dynamodb:Scan","NotResource":"arn:aws:dynamodb:us-east-1:111122223333:table/audit"})j"),
      "/Statement/0/NotResource");
  const auto found = findings_of("W013", allow(R"j("ssm:GetParameter*")j", kStar));
  REQUIRE(found.size() == 1);
  CHECK(found[0].message.find("\"ssm:GetParameter\", \"ssm:GetParameterHistory\"") != std::string::npos);
}

TEST_CASE("W013: near misses stay silent") {
  // Reads that describe rather than return the data.
  catches_not("W013", allow(R"j(["s3:ListBucket","secretsmanager:DescribeSecret","ssm:DescribeParameters"])j",
                            kStar));
  catches_not("W013", allow(R"j("s3:GetObject")j", R"j("arn:aws:s3:::orders-exports/*")j"));
  catches_not("W013", allow(R"j("secretsmanager:GetSecretValue")j",
                            R"j("arn:aws:secretsmanager:us-east-1:111122223333:secret:orders/*")j"));
  // A tag or service condition narrows the resources.
  catches_not("W013", allow(R"j("secretsmanager:GetSecretValue")j", kStar,
                            condition("StringEquals", "aws:ResourceTag/team", R"j("orders")j")));
  catches_not("W013",
              allow(R"j("kms:Decrypt")j", kStar,
                    condition("StringEquals", "kms:ViaService", R"j("s3.us-east-1.amazonaws.com")j")));
  // W001 and W002 own "*" and "service:*".
  catches_not("W013", allow(kStar, kStar));
  catches_not("W013", allow(R"j("s3:*")j", kStar));
  catches_not("W013", policy(stmt(R"j("s3:GetObject")j", kStar, "", "Deny")));
  // In a resource policy "*" is the resource the policy is attached to.
  catches_not("W013", allow(R"j("s3:GetObject")j", kStar), kind(PolicyKind::Resource));
}

// parliament's CREDENTIALS_EXPOSURE and issue 13's list.
TEST_CASE("W014: actions that return credentials, on every resource") {
  catches("W014", allow(R"j("iam:CreateAccessKey")j", kStar), "/Statement/0/Resource");
  catches("W014", allow(R"j("ec2:GetPasswordData")j", kStar), "/Statement/0/Resource");
  catches("W014", allow(R"j("sts:GetFederationToken")j", kStar), "/Statement/0/Resource");
  catches("W014", allow(R"j("redshift:GetClusterCredentials*")j", kStar), "/Statement/0/Resource");
  catches("W014", allow(R"j("lightsail:GetInstanceAccessDetails")j", kStar), "/Statement/0/Resource");
  catches("W014", allow(R"j("iam:CreateAccessKey")j", R"j("arn:aws:iam::111122223333:user/*")j"),
          "/Statement/0/Resource");
}

TEST_CASE("W014: near misses stay silent") {
  // ecr:GetAuthorizationToken accepts only "*" and is not listed.
  catches_not("W014", allow(R"j("ecr:GetAuthorizationToken")j", kStar));
  catches_not("W014",
              allow(R"j("iam:CreateAccessKey")j", R"j("arn:aws:iam::111122223333:user/${aws:username}")j"));
  catches_not("W014", allow(R"j("ec2:GetPasswordData")j", kStar,
                            condition("StringEquals", "aws:ResourceTag/team", R"j("orders")j")));
  catches_not("W014", allow(R"j("iam:ListAccessKeys")j", kStar));
  // Every database, but named database users: the user is the resource the action requires.
  catches_not(
      "W014",
      allow(
          R"j("redshift:GetClusterCredentials")j",
          R"j(["arn:aws:redshift:*:*:dbname:*","arn:aws:redshift:us-east-1:111122223333:dbuser:c1/reader"])j"));
  catches_not("W014", policy(stmt(R"j("iam:CreateAccessKey")j", kStar, "", "Deny")));
}

// cloudsplaining's resource-exposure category; the actions issue 13 names.
TEST_CASE("W015: Permissions management on every resource, reported at the Action") {
  catches("W015", allow(R"j("s3:PutBucketPolicy")j", kStar), "/Statement/0/Action");
  catches("W015", allow(R"j(["sqs:SendMessage","lambda:AddPermission"])j", kStar), "/Statement/0/Action/1");
  catches("W015", allow(R"j("kms:PutKeyPolicy")j", R"j("arn:aws:kms:*:111122223333:key/*")j"),
          "/Statement/0/Action");
  catches("W015", allow(R"j("ec2:ModifySnapshotAttribute")j", kStar), "/Statement/0/Action");
  // AWS classes RAM's shares as Write; they are listed.
  catches("W015", allow(R"j("ram:CreateResourceShare")j", kStar), "/Statement/0/Action");
  const auto found = findings_of("W015", allow(R"j("s3:PutBucket*")j", kStar));
  REQUIRE(found.size() == 1);
  CHECK(found[0].message.find("\"s3:PutBucketAcl\"") != std::string::npos);
  CHECK(found[0].message.find("open them to other accounts or to anyone") != std::string::npos);
}

TEST_CASE("W015: near misses stay silent") {
  catches_not("W015", allow(R"j("s3:PutBucketPolicy")j", R"j("arn:aws:s3:::orders-exports")j"));
  catches_not("W015", allow(R"j("s3:PutObject")j", kStar));
  // kms:CreateGrant for AWS services only, as AWS's own policies grant it.
  catches_not("W015", allow(R"j("kms:CreateGrant")j", kStar,
                            condition("Bool", "kms:GrantIsForAWSResource", R"j("true")j")));
  // IAM's Permissions management actions are W012's concern.
  catches_not("W015", allow(R"j("iam:PutRolePolicy")j", kStar));
  catches_not("W015", allow(R"j("s3:*")j", kStar));
  catches_not("W015", policy(stmt(R"j("s3:PutBucketPolicy")j", kStar, "", "Deny")));
}

TEST_CASE("W015: actions that take access away, and a permission only AWS services can use, open nothing") {
  for (const std::string_view action : {"s3:DeleteBucketPolicy", "lambda:RemovePermission", "sns:RemovePermission",
                                        "kms:RevokeGrant", "kms:RetireGrant", "ram:DisassociateResourceShare",
                                        "ec2:CreateNetworkInterfacePermission"}) {
    CAPTURE(action);
    catches_not("W015", allow("\"" + std::string(action) + "\"", kStar));
  }
  // Their counterparts that add access are still reported, alone and through a pattern.
  catches("W015", allow(R"j("lambda:AddPermission")j", kStar), "/Statement/0/Action");
  catches("W015", allow(R"j("kms:CreateGrant")j", kStar), "/Statement/0/Action");
  const auto found = findings_of("W015", allow(R"j("lambda:*Permission")j", kStar));
  REQUIRE(found.size() == 1);
  CHECK(found[0].message.find("lambda:RemovePermission") == std::string::npos);
}

TEST_CASE("W015: reads that AWS files under Permissions management open nothing") {
  // glue:DescribeEntity, ListEntities, DescribeConnectionType and TestConnection are "Permissions
  // management, Write" in AWS's data, yet they read a connection's entities and change no policy.
  for (const std::string_view action : {"glue:DescribeEntity", "glue:ListEntities", "glue:DescribeConnectionType",
                                        "glue:TestConnection", "secretsmanager:ValidateResourcePolicy"}) {
    CAPTURE(action);
    catches_not("W015", allow("\"" + std::string(action) + "\"", kStar));
  }
  // Glue's resource policy itself is still reported, alone or through a pattern.
  catches("W015", allow(R"j("glue:PutResourcePolicy")j", kStar), "/Statement/0/Action");
  const auto found = findings_of("W015", allow(R"j("glue:*Entit*")j", kStar));
  CHECK(found.empty());
}
