// The element and decision case table: Action / NotAction, Resource / NotResource (with
// variables), Principal / NotPrincipal, explicit deny, same-account and cross-account
// decisions, trust policies and KMS key policies. Each row names the AWS page that states the
// behaviour.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "evaluate_support.hpp"

namespace iamsmith::test {
namespace {

constexpr const char* kAlice = "arn:aws:iam::111122223333:user/alice";
constexpr const char* kRole = "arn:aws:iam::111122223333:role/ExecutionRole";
constexpr const char* kSession = "arn:aws:sts::111122223333:assumed-role/ExecutionRole/run-1";
constexpr const char* kTargetRole = "arn:aws:iam::444455556666:role/TargetRole";
constexpr const char* kSameAccountRole = "arn:aws:iam::111122223333:role/TargetRole";

std::string identity(const std::string& statements) {
  return R"({"Version":"2012-10-17","Statement":[)" + statements + "]}";
}

const std::string kAllowGet =
    identity(R"({"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"})");

struct Case {
  const char* name;
  const char* doc;
  std::string principal;
  std::string action;
  std::string resource;
  std::vector<std::string> identity_policies;
  std::vector<std::string> resource_policies;
  Context context;
  eval::Decision expected;
};

using D = eval::Decision;

// clang-format off
const std::vector<Case> kCases = {
  // ---- Action / NotAction ----
  {"action matches exactly", kActionPage, kAlice, "s3:GetObject", "arn:aws:s3:::bucket/a", {kAllowGet}, {}, {}, D::Allow},
  {"actions ignore case", kActionPage, kAlice, "S3:getobject", "arn:aws:s3:::bucket/a", {kAllowGet}, {}, {}, D::Allow},
  {"action wildcard '*'", kActionPage, kAlice, "s3:GetObjectAcl", "arn:aws:s3:::bucket/a",
   {identity(R"({"Effect":"Allow","Action":"s3:Get*","Resource":"*"})")}, {}, {}, D::Allow},
  {"action wildcard '?'", kActionPage, kAlice, "s3:GetObject", "*",
   {identity(R"({"Effect":"Allow","Action":"s3:?etObject","Resource":"*"})")}, {}, {}, D::Allow},
  {"another action", kActionPage, kAlice, "s3:PutObject", "arn:aws:s3:::bucket/a", {kAllowGet}, {}, {}, D::ImplicitDeny},
  {"NotAction allows every other action", kNotActionPage, kAlice, "sqs:SendMessage", "*",
   {identity(R"({"Effect":"Allow","NotAction":"iam:*","Resource":"*"})")}, {}, {}, D::Allow},
  {"NotAction excludes its actions", kNotActionPage, kAlice, "iam:CreateUser", "*",
   {identity(R"({"Effect":"Allow","NotAction":"iam:*","Resource":"*"})")}, {}, {}, D::ImplicitDeny},
  {"Deny with NotAction denies the rest", kNotActionPage, kAlice, "s3:GetObject", "arn:aws:s3:::bucket/a",
   {kAllowGet, identity(R"({"Effect":"Deny","NotAction":"iam:*","Resource":"*"})")}, {}, {}, D::ExplicitDeny},
  // ---- Resource / NotResource ----
  {"resource wildcard", kResourcePage, kAlice, "s3:GetObject", "arn:aws:s3:::bucket/dir/a.txt", {kAllowGet}, {}, {}, D::Allow},
  {"resources are case-sensitive", kResourcePage, kAlice, "s3:GetObject", "arn:aws:s3:::Bucket/a", {kAllowGet}, {}, {}, D::ImplicitDeny},
  {"resource '*' across ':' and '/'", kResourcePage, kAlice, "states:StartExecution", "arn:aws:states:us-east-1:111122223333:stateMachine:sm",
   {identity(R"({"Effect":"Allow","Action":"states:StartExecution","Resource":"arn:aws:states:*"})")}, {}, {}, D::Allow},
  {"resource '?'", kResourcePage, kAlice, "s3:GetObject", "arn:aws:s3:::bucket-1/a",
   {identity(R"({"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket-?/a"})")}, {}, {}, D::Allow},
  {"NotResource allows other resources", kNotResourcePage, kAlice, "s3:GetObject", "arn:aws:s3:::public/a",
   {identity(R"({"Effect":"Allow","Action":"s3:GetObject","NotResource":"arn:aws:s3:::secret/*"})")}, {}, {}, D::Allow},
  {"NotResource excludes its resources", kNotResourcePage, kAlice, "s3:GetObject", "arn:aws:s3:::secret/a",
   {identity(R"({"Effect":"Allow","Action":"s3:GetObject","NotResource":"arn:aws:s3:::secret/*"})")}, {}, {}, D::ImplicitDeny},
  {"identity statement without Resource matches nothing", kResourcePage, kAlice, "s3:GetObject", "arn:aws:s3:::bucket/a",
   {identity(R"({"Effect":"Allow","Action":"s3:GetObject"})")}, {}, {}, D::ImplicitDeny},
  {"${aws:username} in Resource", kVariablesPage, kAlice, "s3:GetObject", "arn:aws:s3:::bucket/home/alice/x",
   {identity(R"({"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/home/${aws:username}/*"})")}, {},
   {{"aws:username", {"alice"}}}, D::Allow},
  {"${aws:username} in Resource, another user's folder", kVariablesPage, kAlice, "s3:GetObject", "arn:aws:s3:::bucket/home/bob/x",
   {identity(R"({"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/home/${aws:username}/*"})")}, {},
   {{"aws:username", {"alice"}}}, D::ImplicitDeny},
  {"Resource variable without a value matches nothing", kVariablesPage, kRole, "s3:GetObject", "arn:aws:s3:::bucket/home//x",
   {identity(R"({"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/home/${aws:username}/*"})")}, {}, {}, D::ImplicitDeny},
  {"${aws:PrincipalTag/x} in Resource", kVariablesPage, kRole, "s3:GetObject", "arn:aws:s3:::bucket/red/x",
   {identity(R"({"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/${aws:PrincipalTag/team}/*"})")}, {},
   {{"aws:PrincipalTag/team", {"red"}}}, D::Allow},
  {"Resource variable default", kVariablesPage, kRole, "s3:GetObject", "arn:aws:s3:::bucket/shared/x",
   {identity(R"({"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/${aws:PrincipalTag/team, 'shared'}/*"})")}, {}, {}, D::Allow},
  {"NotResource variable without a value: the statement takes no part", kVariablesPage, kRole, "s3:GetObject", "arn:aws:s3:::bucket/a",
   {kAllowGet, identity(R"({"Effect":"Deny","Action":"s3:*","NotResource":"arn:aws:s3:::bucket/home/${aws:username}/*"})")}, {}, {}, D::Allow},
  {"${*} in Resource is a literal '*'", kVariablesPage, kAlice, "s3:GetObject", "arn:aws:s3:::bucket/abc",
   {identity(R"({"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/a${*}"})")}, {}, {}, D::ImplicitDeny},
  // ---- Effect ----
  {"Effect is case-sensitive", kEffectPage, kAlice, "s3:GetObject", "arn:aws:s3:::bucket/a",
   {identity(R"({"Effect":"allow","Action":"s3:GetObject","Resource":"*"})")}, {}, {}, D::ImplicitDeny},
  // ---- explicit deny ----
  {"explicit deny overrides allow", kEvaluationPage, kAlice, "s3:GetObject", "arn:aws:s3:::bucket/a",
   {kAllowGet, identity(R"({"Effect":"Deny","Action":"s3:*","Resource":"*"})")}, {}, {}, D::ExplicitDeny},
  {"explicit deny in the resource policy overrides an identity allow", kEvaluationPage, kAlice, "s3:GetObject", "arn:aws:s3:::bucket/a",
   {kAllowGet}, {identity(R"({"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"*"})")}, {}, D::ExplicitDeny},
  {"a deny whose condition fails does not deny", kEvaluationPage, kAlice, "s3:GetObject", "arn:aws:s3:::bucket/a",
   {kAllowGet, identity(R"({"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}})")}, {},
   {{"aws:SecureTransport", {"true"}}}, D::Allow},
  {"no statement: implicit deny", kEvaluationPage, kAlice, "s3:GetObject", "arn:aws:s3:::bucket/a", {identity("")}, {}, {}, D::ImplicitDeny},
  // ---- same account ----
  {"same account: the resource policy alone allows", kEvaluationPage, kAlice, "s3:GetObject", "arn:aws:s3:::bucket/a",
   {identity("")}, {identity(R"({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"})")},
   {}, D::Allow},
  {"same account: the identity policy alone allows", kEvaluationPage, kAlice, "s3:GetObject", "arn:aws:s3:::bucket/a",
   {kAllowGet}, {identity(R"({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"s3:GetObject","Resource":"*"})")},
   {}, D::Allow},
  {"same account: a resource policy naming the account delegates to identity policies", kPrincipalPage, kAlice, "s3:GetObject", "arn:aws:s3:::bucket/a",
   {identity("")}, {identity(R"({"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"s3:GetObject","Resource":"*"})")},
   {}, D::ImplicitDeny},
  {"same account: Principal '*' allows", kPrincipalPage, kAlice, "s3:GetObject", "arn:aws:s3:::bucket/a",
   {identity("")}, {identity(R"({"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"})")}, {}, D::Allow},
  {"same account: {\"AWS\": \"*\"} allows", kPrincipalPage, kAlice, "s3:GetObject", "arn:aws:s3:::bucket/a",
   {identity("")}, {identity(R"({"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:GetObject","Resource":"*"})")}, {}, D::Allow},
  // ---- cross account ----
  {"cross account: both sides allow", kCrossAccountPage, kAlice, "s3:GetObject", "arn:aws:s3:::bucket/a",
   {kAllowGet}, {identity(R"({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"*"})")},
   {}, D::Allow},
  {"cross account: only the resource policy allows", kCrossAccountPage, kAlice, "sqs:SendMessage", "arn:aws:sqs:us-east-1:444455556666:queue",
   {identity("")}, {identity(R"({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"sqs:SendMessage","Resource":"*"})")},
   {}, D::ImplicitDeny},
  {"cross account: only the identity policy allows", kCrossAccountPage, kAlice, "sqs:SendMessage", "arn:aws:sqs:us-east-1:444455556666:queue",
   {identity(R"({"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"})")}, {identity(R"({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999999999999:root"},"Action":"sqs:*","Resource":"*"})")},
   {}, D::ImplicitDeny},
  {"cross account: the account ID names every principal of the account", kPrincipalPage, kAlice, "sqs:SendMessage", "arn:aws:sqs:us-east-1:444455556666:queue",
   {identity(R"({"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"})")}, {identity(R"({"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sqs:SendMessage","Resource":"*"})")},
   {}, D::Allow},
  {"no resource policy given: a cross-account request is denied though the identity side allows", kCrossAccountPage, kAlice, "sqs:SendMessage", "arn:aws:sqs:us-east-1:444455556666:queue",
   {identity(R"({"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"})")}, {}, {}, D::ImplicitDeny},
  {"no trust policy given: sts:AssumeRole is denied though the identity side allows", kCrossAccountPage, kRole, "sts:AssumeRole", kTargetRole,
   {identity(R"({"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::444455556666:role/TargetRole"})")}, {}, {}, D::ImplicitDeny},
  {"no resource policy given: within one account the identity side decides", kEvaluationPage, kAlice, "sqs:SendMessage", "arn:aws:sqs:us-east-1:111122223333:queue",
   {identity(R"({"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"})")}, {}, {}, D::Allow},
  // ---- trust policies ----
  {"trust: cross-account role session assumes a role", kCrossAccountPage, kSession, "sts:AssumeRole", kTargetRole,
   {identity(R"({"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::444455556666:role/TargetRole"})")},
   {identity(R"({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/ExecutionRole"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"sm"}}})")},
   {{"sts:ExternalId", {"sm"}}}, D::Allow},
  {"trust: the wrong sts:ExternalId", kCrossAccountPage, kSession, "sts:AssumeRole", kTargetRole,
   {identity(R"({"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"})")},
   {identity(R"({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/ExecutionRole"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"sm"}}})")},
   {{"sts:ExternalId", {"other"}}}, D::ImplicitDeny},
  {"trust: no sts:ExternalId sent", kCrossAccountPage, kSession, "sts:AssumeRole", kTargetRole,
   {identity(R"({"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"})")},
   {identity(R"({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/ExecutionRole"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"sm"}}})")},
   {}, D::ImplicitDeny},
  {"trust: a role ARN with a path names the role's sessions", kPrincipalPage, kSession, "sts:AssumeRole", kTargetRole,
   {identity(R"({"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"})")},
   {identity(R"({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/service/ExecutionRole"},"Action":"sts:AssumeRole"})")},
   {}, D::Allow},
  {"trust: another role's sessions are not named", kPrincipalPage, "arn:aws:sts::111122223333:assumed-role/OtherRole/s", "sts:AssumeRole", kTargetRole,
   {identity(R"({"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"})")},
   {identity(R"({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/ExecutionRole"},"Action":"sts:AssumeRole"})")},
   {}, D::ImplicitDeny},
  {"trust: a principal ARN with a wildcard names nobody", kPrincipalPage, kSession, "sts:AssumeRole", kTargetRole,
   {identity(R"({"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"})")},
   {identity(R"({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/*"},"Action":"sts:AssumeRole"})")},
   {}, D::ImplicitDeny},
  {"trust: same account, trust policy names the role: no identity policy needed", kEvaluationPage, kSession, "sts:AssumeRole", kSameAccountRole,
   {identity("")},
   {identity(R"({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/ExecutionRole"},"Action":"sts:AssumeRole"})")},
   {}, D::Allow},
  {"trust: same account, trust policy names the account: the identity side must allow", kEvaluationPage, kSession, "sts:AssumeRole", kSameAccountRole,
   {identity("")},
   {identity(R"({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"})")},
   {}, D::ImplicitDeny},
  {"trust: same account, account in trust and identity allow", kEvaluationPage, kSession, "sts:AssumeRole", kSameAccountRole,
   {identity(R"({"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"})")},
   {identity(R"({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"})")},
   {}, D::Allow},
  {"trust: same account, identity allows but the trust policy does not", kEvaluationPage, kSession, "sts:AssumeRole", kSameAccountRole,
   {identity(R"({"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"})")},
   {identity(R"({"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"})")},
   {}, D::ImplicitDeny},
  {"trust: a service principal", kPrincipalPage, "states.amazonaws.com", "sts:AssumeRole", kSameAccountRole,
   {}, {identity(R"({"Effect":"Allow","Principal":{"Service":"states.amazonaws.com"},"Action":"sts:AssumeRole"})")},
   {}, D::Allow},
  {"trust: another service", kPrincipalPage, "lambda.amazonaws.com", "sts:AssumeRole", kSameAccountRole,
   {}, {identity(R"({"Effect":"Allow","Principal":{"Service":"states.amazonaws.com"},"Action":"sts:AssumeRole"})")},
   {}, D::ImplicitDeny},
  {"trust: resource statement without Principal matches nobody", kPrincipalPage, kSession, "sts:AssumeRole", kSameAccountRole,
   {}, {identity(R"({"Effect":"Allow","Action":"sts:AssumeRole"})")}, {}, D::ImplicitDeny},
  // ---- KMS key policies ----
  {"KMS: same account, key policy must allow", kKmsKeyPolicyPage, kAlice, "kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/k",
   {identity(R"({"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"})")},
   {identity(R"({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/bob"},"Action":"kms:*","Resource":"*"})")},
   {}, D::ImplicitDeny},
  {"KMS: key policy names the account, identity allows", kKmsKeyPolicyPage, kAlice, "kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/k",
   {identity(R"({"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"})")},
   {identity(R"({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"})")},
   {}, D::Allow},
  // ---- NotPrincipal ----
  {"NotPrincipal: a principal not listed is denied", kNotPrincipalPage, kAlice, "s3:GetObject", "arn:aws:s3:::bucket/a",
   {kAllowGet}, {identity(R"({"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::444455556666:user/Bob","arn:aws:iam::444455556666:root"]},"Action":"s3:*","Resource":"*"})")},
   {}, D::ExplicitDeny},
  {"NotPrincipal: the user and its account listed: not denied", kNotPrincipalPage, kAlice, "s3:GetObject", "arn:aws:s3:::bucket/a",
   {kAllowGet}, {identity(R"({"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::111122223333:user/alice","arn:aws:iam::111122223333:root"]},"Action":"s3:*","Resource":"*"})")},
   {}, D::Allow},
  {"NotPrincipal: the user listed without its account: denied", kNotPrincipalPage, kAlice, "s3:GetObject", "arn:aws:s3:::bucket/a",
   {kAllowGet}, {identity(R"({"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::111122223333:user/alice"]},"Action":"s3:*","Resource":"*"})")},
   {}, D::ExplicitDeny},
  {"NotPrincipal: session, role and account listed: not denied", kNotPrincipalPage, kSession, "s3:GetObject", "arn:aws:s3:::bucket/a",
   {kAllowGet}, {identity(R"({"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:sts::111122223333:assumed-role/ExecutionRole/run-1","arn:aws:iam::111122223333:role/ExecutionRole","arn:aws:iam::111122223333:root"]},"Action":"s3:*","Resource":"*"})")},
   {}, D::Allow},
  {"NotPrincipal: a session without its role listed: denied", kNotPrincipalPage, kSession, "s3:GetObject", "arn:aws:s3:::bucket/a",
   {kAllowGet}, {identity(R"({"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:sts::111122223333:assumed-role/ExecutionRole/run-1","arn:aws:iam::111122223333:root"]},"Action":"s3:*","Resource":"*"})")},
   {}, D::ExplicitDeny},
};
// clang-format on

}  // namespace

TEST_CASE("evaluate: element and decision case table") {
  for (const Case& c : kCases) {
    INFO(c.name, " — ", c.doc);
    Run run(request_for(c.principal, c.action, c.resource, c.context), c.identity_policies,
            c.resource_policies);
    INFO("summary: ", run.result.summary);
    for (const eval::StatementTrace& st : run.result.statements) INFO("statement: ", st.explanation);
    CHECK(run.result.decision == c.expected);
  }
}

TEST_CASE("evaluate: the deciding statements and why the others did not apply") {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
  Run run(
      request_for(kAlice, "s3:GetObject", "arn:aws:s3:::bucket/a"),
      {identity(R"({"Sid":"Get","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"},
                       {"Sid":"Put","Effect":"Allow","Action":"s3:PutObject","Resource":"*"},
                       {"Sid":"Other","Effect":"Deny","Action":"s3:GetObject","NotResource":"arn:aws:s3:::bucket/*"})")});
  const eval::Evaluation& e = run.result;
  REQUIRE(e.decision == eval::Decision::Allow);
  CHECK(e.deciding == std::vector<std::size_t>{0});
  REQUIRE(e.statements.size() == 3);
  CHECK(e.statements[0].applies);
  CHECK(e.statements[0].sid == "Get");
  CHECK(e.statements[1].reason == eval::MissReason::Action);
  CHECK(e.statements[1].explanation == "Action \"s3:PutObject\" does not match \"s3:GetObject\"");
  CHECK(e.statements[1].span.pointer == "/Statement/1/Action");
  CHECK(e.statements[2].reason == eval::MissReason::NotResource);
  CHECK(e.statements[2].explanation ==
        "NotResource \"arn:aws:s3:::bucket/*\" excludes \"arn:aws:s3:::bucket/a\"");
  CHECK(e.statements[2].statement_index == 2);
}

TEST_CASE("evaluate: explicit deny lists every applicable Deny as deciding") {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
  Run run(
      request_for(kAlice, "s3:GetObject", "arn:aws:s3:::bucket/a"),
      {identity(
          R"({"Effect":"Deny","Action":"s3:*","Resource":"*"},{"Effect":"Allow","Action":"*","Resource":"*"},
                       {"Effect":"Deny","Action":"*","Resource":"arn:aws:s3:::bucket/*"})")});
  CHECK(run.result.decision == eval::Decision::ExplicitDeny);
  CHECK(run.result.deciding == std::vector<std::size_t>{0, 2});
  CHECK(run.result.summary.starts_with("explicitly denied"));
}

TEST_CASE("evaluate: cross-account flags and accounts") {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
  Run run(
      request_for(kSession, "sts:AssumeRole", kTargetRole), {},
      {identity(
          R"({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/ExecutionRole"},"Action":"sts:AssumeRole"})")});
  CHECK(run.result.cross_account);
  CHECK(run.result.principal_account == "111122223333");
  CHECK(run.result.resource_account == "444455556666");
  CHECK(run.result.resource_allows);
  CHECK_FALSE(run.result.identity_allows);
  CHECK(run.result.decision == eval::Decision::ImplicitDeny);
  CHECK(run.result.summary.find("needs an Allow on both sides") != std::string::npos);
}

TEST_CASE("evaluate: S3 bucket ARNs carry no account; resource_account says whose it is") {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
  eval::Request request = request_for(kAlice, "s3:GetObject", "arn:aws:s3:::bucket/a");
  request.resource_account = "444455556666";
  Run run(
      request, {identity("")},
      {identity(
          R"({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"s3:GetObject","Resource":"*"})")});
  CHECK(run.result.cross_account);
  CHECK(run.result.decision == eval::Decision::ImplicitDeny);
}

TEST_CASE("evaluate: substitute_variables") {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
  const eval::Request r =
      request_for(kAlice, "s3:GetObject", "*", {{"aws:username", {"alice"}}, {"aws:TagKeys", {"a", "b"}}});
  CHECK(eval::substitute_variables("home/${aws:username}/*", r) == "home/alice/*");
  CHECK(eval::substitute_variables("${ aws:UserName }", r) == "alice");
  CHECK(eval::substitute_variables("${aws:PrincipalTag/team, 'none'}", r) == "none");
  CHECK(eval::substitute_variables("${aws:PrincipalTag/team,'it''s'}", r) == "it's");
  CHECK(eval::substitute_variables("${*}${?}${$}", r) == "*?$");
  CHECK_FALSE(eval::substitute_variables("${aws:PrincipalTag/team}", r).has_value());
  CHECK_FALSE(eval::substitute_variables("${aws:TagKeys}", r).has_value());
  CHECK(eval::substitute_variables("no variables: ${unclosed", r) == "no variables: ${unclosed");
}

TEST_CASE("evaluate: add_principal_context derives the principal keys") {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
  eval::Request user = request_for(kAlice, "s3:GetObject", "*");
  CHECK(eval::add_principal_context(user) == std::vector<std::string>{"aws:PrincipalArn",
                                                                      "aws:PrincipalAccount",
                                                                      "aws:PrincipalType", "aws:username"});
  CHECK(*user.find("aws:username") == std::vector<std::string>{"alice"});
  eval::Request session = request_for(kSession, "s3:GetObject", "*", {{"aws:PrincipalType", {"Custom"}}});
  eval::add_principal_context(session);
  CHECK(*session.find("aws:PrincipalArn") == std::vector<std::string>{kRole});
  CHECK(*session.find("aws:principaltype") == std::vector<std::string>{"Custom"});  // given values win
  CHECK(session.find("aws:username") == nullptr);
}

TEST_CASE("evaluate: evaluation_to_json") {
  Run run(request_for(kAlice, "s3:GetObject", "arn:aws:s3:::bucket/a"), {kAllowGet});
  const std::string json = eval::evaluation_to_json(run.result, run.inputs);
  CHECK(json.starts_with(R"({"decision":"allow","summary":")"));
  CHECK(
      json.find(
          R"("deciding":[0],"statements":[{"file":"identity-0.json","side":"identity","statement_index":0,"sid":"","effect":"Allow","applies":true,"reason":"none")") !=
      std::string::npos);
}

}  // namespace iamsmith::test

namespace iamsmith::test {

TEST_CASE("evaluate: a trust policy naming only the account is reported as delegation") {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
  Run run(
      request_for("arn:aws:sts::111122223333:assumed-role/ExecutionRole/run-1", "sts:AssumeRole",
                  "arn:aws:iam::111122223333:role/TargetRole"),
      {},
      {R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"}]})"});
  CHECK(run.result.decision == eval::Decision::ImplicitDeny);
  CHECK_FALSE(run.result.cross_account);
  CHECK(run.result.resource_allows);
  CHECK(run.result.resource_allows_account_only);
  CHECK(
      run.result.summary ==
      "implicitly denied: the role's trust policy names only the account, not this principal, so an identity "
      "policy must allow \"sts:AssumeRole\" on \"arn:aws:iam::111122223333:role/TargetRole\", and none does");
  CHECK(run.result.statements.front().explanation ==
        "matches Action \"sts:AssumeRole\", Principal \"111122223333\" (the principal's account)");
}

TEST_CASE("evaluate: principal mismatches name the principal") {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
  Run run(request_for("arn:aws:iam::111122223333:user/alice", "s3:GetObject", "arn:aws:s3:::bucket/a"), {},
          {R"({"Version":"2012-10-17","Statement":[
                {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/bob"},"Action":"s3:*","Resource":"*"},
                {"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::111122223333:user/alice","111122223333"]},"Action":"s3:*","Resource":"*"},
                {"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"s3:Put*","Resource":"*"}]})"});
  const auto& st = run.result.statements;
  REQUIRE(st.size() == 3);
  CHECK(st[0].reason == eval::MissReason::Principal);
  CHECK(st[0].explanation == "Principal does not name \"arn:aws:iam::111122223333:user/alice\"");
  CHECK(st[0].span.pointer == "/Statement/0/Principal");
  CHECK(st[1].reason == eval::MissReason::NotPrincipal);
  CHECK(st[1].explanation == "NotPrincipal lists \"arn:aws:iam::111122223333:user/alice\"");
  CHECK(st[2].reason == eval::MissReason::Action);
  CHECK(run.result.decision == eval::Decision::ImplicitDeny);
}

}  // namespace iamsmith::test
