// The S rules: the state machine setup (definitions, and trust policies against the state machine).

#include <doctest/doctest.h>

#include <string>

#include "iamsmith/generate.hpp"
#include "rule_test_support.hpp"

namespace {

using iamsmith::LintContext;
using iamsmith::test::catches;
using iamsmith::test::catches_not;
using iamsmith::test::findings_of;

constexpr const char* kMachine = "arn:aws:states:us-east-1:123456789012:stateMachine:Orders";

LintContext machine_context(const std::string& arn = kMachine) {
  LintContext c;
  c.state_machine_arn = arn;
  return c;
}

LintContext trust_context(const std::string& arn = kMachine) {
  LintContext c = machine_context(arn);
  c.kind = iamsmith::PolicyKind::Trust;
  return c;
}

// A trust policy whose one statement carries `condition`.
std::string trust(const std::string& condition, const std::string& effect = "Allow",
                  const std::string& action = "sts:AssumeRole") {
  return R"({"Version": "2012-10-17", "Statement": [{"Effect": ")" + effect +
         R"(", "Principal": {"AWS": "arn:aws:iam::123456789012:role/OrdersExecution"}, "Action": ")" +
         action + "\"" + (condition.empty() ? std::string() : ", \"Condition\": " + condition) + "}]}";
}

// A definition with one Task "Call".
std::string task(const std::string& credentials,
                 const std::string& parameters = R"({"FunctionName": "Echo"})",
                 const std::string& resource = "arn:aws:states:::lambda:invoke") {
  return R"({"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": ")" + resource + "\"" +
         (credentials.empty() ? std::string() : ", \"Credentials\": " + credentials) +
         ", \"Parameters\": " + parameters + ", \"End\": true}}}";
}

constexpr const char* kRole = R"({"RoleArn": "arn:aws:iam::111122223333:role/LambdaRole"})";

}  // namespace

// ---------------------------------------------------------------------------------------------
// S001 external-id-mismatch

TEST_CASE("S001: an ExternalId for another Region is flagged with a did-you-mean") {
  const std::string p = trust(
      R"({"StringEquals": {"sts:ExternalId": "arn:aws:states:us-east-2:123456789012:stateMachine:Orders"}})");
  catches("S001", p, "/Statement/0/Condition/StringEquals/sts:ExternalId", trust_context());
  const auto found = findings_of("S001", p, trust_context());
  REQUIRE(found.size() == 1);
  CHECK(found[0].message ==
        "ExternalId \"arn:aws:states:us-east-2:123456789012:stateMachine:Orders\" does not accept the state "
        "machine "
        "ARN \"arn:aws:states:us-east-1:123456789012:stateMachine:Orders\"");
  CHECK(found[0].notes[0].message ==
        "did you mean \"arn:aws:states:us-east-1:123456789012:stateMachine:Orders\"? this one has region "
        "\"us-east-2\" instead of \"us-east-1\"");
}

TEST_CASE("S001: each value of a list is pointed at; a typo close to the ARN gets a did-you-mean") {
  const std::string p = trust(
      R"({"StringEquals": {"sts:ExternalId": ["orders", "arn:aws:states:us-east-1:123456789012:stateMachine:Order"]}})");
  catches("S001", p, "/Statement/0/Condition/StringEquals/sts:ExternalId/0", trust_context());
  catches("S001", p, "/Statement/0/Condition/StringEquals/sts:ExternalId/1", trust_context());
  const auto found = findings_of("S001", p, trust_context());
  REQUIRE(found.size() == 2);
  CHECK(found[0].notes.size() == 1);  // "orders" is not close: no did-you-mean
  CHECK(found[1].notes[0].message.find("name \"Order\" instead of \"Orders\"") != std::string::npos);
}

TEST_CASE("S001: an empty ExternalId list points at the key") {
  catches("S001", trust(R"({"StringEquals": {"sts:ExternalId": []}})"),
          "/Statement/0/Condition/StringEquals/sts:ExternalId", trust_context());
}

TEST_CASE("S001: values that accept the ARN stay silent") {
  for (
      const char* condition :
      {R"({"StringEquals": {"sts:ExternalId": "arn:aws:states:us-east-1:123456789012:stateMachine:Orders"}})",
       R"({"StringEquals": {"sts:ExternalId": ["x1", "arn:aws:states:us-east-1:123456789012:stateMachine:Orders"]}})",
       R"({"StringLike": {"sts:ExternalId": "arn:aws:states:us-east-1:123456789012:stateMachine:*"}})",
       R"({"StringEqualsIgnoreCase": {"sts:ExternalId": "ARN:AWS:STATES:US-EAST-1:123456789012:STATEMACHINE:ORDERS"}})",
       R"({"ArnLike": {"sts:ExternalId": "arn:aws:states:*:123456789012:stateMachine:Orders"}})",
       R"({"StringEqualsIfExists": {"sts:ExternalId": "arn:aws:states:us-east-1:123456789012:stateMachine:Orders"}})",
       R"({"ForAnyValue:StringEquals": {"sts:ExternalId": "arn:aws:states:us-east-1:123456789012:stateMachine:Orders"}})",
       // A policy variable, a negated operator or an unknown operator cannot be judged.
       R"({"StringEquals": {"sts:ExternalId": "${aws:PrincipalTag/sm}"}})",
       R"({"StringNotEquals": {"sts:ExternalId": "other"}})",
       R"({"StringEqualz": {"sts:ExternalId": "other"}})"}) {
    CAPTURE(condition);
    catches_not("S001", trust(condition), trust_context());
  }
}

TEST_CASE("S001: a case difference matters for StringEquals") {
  catches(
      "S001",
      trust(
          R"({"StringEquals": {"sts:ExternalId": "arn:aws:states:us-east-1:123456789012:stateMachine:orders"}})"),
      "/Statement/0/Condition/StringEquals/sts:ExternalId", trust_context());
}

TEST_CASE("S001: a StringLike pattern that misses the ARN is flagged") {
  catches(
      "S001",
      trust(
          R"({"StringLike": {"sts:ExternalId": "arn:aws:states:us-east-1:123456789012:stateMachine:team-*"}})"),
      "/Statement/0/Condition/StringLike/sts:ExternalId", trust_context());
}

TEST_CASE("S001: one statement that accepts the ARN is enough") {
  const std::string p = R"({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole",
     "Condition": {"StringEquals": {"sts:ExternalId": "old-value"}}},
    {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole",
     "Condition": {"StringEquals": {"sts:ExternalId": "arn:aws:states:us-east-1:123456789012:stateMachine:Orders"}}}]})";
  catches_not("S001", p, trust_context());
}

TEST_CASE("S001: every ExternalId condition of a statement must accept") {
  catches(
      "S001",
      trust(
          R"({"StringEquals": {"sts:ExternalId": "arn:aws:states:us-east-1:123456789012:stateMachine:Orders"},
                    "StringLike": {"sts:ExternalId": "legacy-*"}})"),
      "/Statement/0/Condition/StringLike/sts:ExternalId", trust_context());
}

TEST_CASE("S001: silent without ExternalId, without a state machine, on Deny, off trust policies") {
  catches_not("S001", trust(""), trust_context());  // T001's finding
  catches_not("S001", trust(R"({"StringEquals": {"sts:ExternalId": "x1"}})"), [] {
    LintContext c;
    c.kind = iamsmith::PolicyKind::Trust;
    return c;
  }());
  catches_not("S001", trust(R"({"StringEquals": {"sts:ExternalId": "x1"}})"), trust_context("not-an-arn"));
  catches_not("S001", trust(R"({"StringEquals": {"sts:ExternalId": "x1"}})", "Deny"), trust_context());
  catches_not("S001", trust(R"({"StringEquals": {"sts:ExternalId": "x1"}})", "Allow", "sts:TagSession"),
              trust_context());
  LintContext identity = machine_context();
  identity.kind = iamsmith::PolicyKind::Identity;
  catches_not("S001", trust(R"({"StringEquals": {"sts:ExternalId": "x1"}})"), identity);
  catches_not("S001", "not json", trust_context());
  catches_not("S001", task(kRole), trust_context());
}

// ---------------------------------------------------------------------------------------------
// S002 state-machine-name

TEST_CASE("S002: a definition with a cross-account Task and a name AssumeRole refuses") {
  const auto ctx = machine_context("arn:aws:states:us-east-1:123456789012:stateMachine:Orders!(v2)");
  catches("S002", task(kRole), "/States/Call/Credentials", ctx);
  const auto found = findings_of("S002", task(kRole), ctx);
  REQUIRE(found.size() == 1);
  CHECK(found[0].message ==
        "state 'Call' assumes a role, but the state machine name \"Orders!(v2)\" cannot be an "
        "sts:ExternalId: it "
        "contains \"!()\", and AssumeRole accepts only letters, digits and _+=,.@:/-");
}

TEST_CASE("S002: the first Task with Credentials only, nested ones included") {
  const std::string def = R"({"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
    {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
      "Credentials": {"RoleArn.$": "$.role"}, "Parameters": {"FunctionName": "f"}, "Next": "B"},
     "B": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
      "Credentials": {"RoleArn": "arn:aws:iam::111122223333:role/R"}, "Parameters": {"FunctionName": "f"}, "End": true}}}]}}})";
  const auto ctx = machine_context("arn:aws:states:us-east-1:123456789012:stateMachine:Bestellung-\xC3\xA4");
  catches("S002", def, "/States/P/Branches/0/States/A/Credentials", ctx);
  CHECK(findings_of("S002", def, ctx).size() == 1);
}

TEST_CASE("S002: silent for valid names, without Credentials, without a state machine") {
  catches_not("S002", task(kRole),
              machine_context("arn:aws:states:us-east-1:123456789012:stateMachine:a_b+c=d.e@f-g"));
  catches_not("S002", task(""),
              machine_context("arn:aws:states:us-east-1:123456789012:stateMachine:Orders(v2)"));
  catches_not("S002", task(kRole));
  // Credentials on a Pass state is S008's; S002 looks at Tasks only.
  catches_not(
      "S002",
      R"({"StartAt": "A", "States": {"A": {"Type": "Pass", "Credentials": {"RoleArn": "x"}, "End": true}}})",
      machine_context("arn:aws:states:us-east-1:123456789012:stateMachine:Orders(v2)"));
}

TEST_CASE("S002: on a trust policy, the ExternalId that names the state machine") {
  const std::string bad = "arn:aws:states:us-east-1:123456789012:stateMachine:Orders(v2)";
  catches("S002", trust(R"({"StringEquals": {"sts:ExternalId": ")" + bad + "\"}}"),
          "/Statement/0/Condition/StringEquals/sts:ExternalId", trust_context(bad));
  // No value names it: the trust statement's Action.
  catches("S002", trust(""), "/Statement/0/Action", trust_context(bad));
  catches_not("S002", trust("", "Deny"), trust_context(bad));
}

TEST_CASE("S002 and the generator share the test and the id") {
  CHECK(iamsmith::gen::external_id_problem(kMachine).empty());
  CHECK(iamsmith::gen::external_id_problem("arn:aws:states:us-east-1:123456789012:stateMachine:a b") ==
        "it contains \" \", and AssumeRole accepts only letters, digits and _+=,.@:/-");
  CHECK(iamsmith::gen::external_id_problem("a") == "it must be 2 to 1,224 characters long");
}

// ---------------------------------------------------------------------------------------------
// S005 dynamic-role

TEST_CASE("S005: RoleArn.$ in JSONPath, {% %} in JSONata") {
  catches("S005", task(R"({"RoleArn.$": "$.role"})"), "/States/Call/Credentials/RoleArn.$");
  const auto found = findings_of("S005", task(R"({"RoleArn.$": "$.role"})"));
  REQUIRE(found.size() == 1);
  CHECK(found[0].message == "state 'Call' assumes a role chosen at run time (RoleArn.$: \"$.role\")");
  // What to pass instead names generate's options: generate's CLI adds it, lint's finding has none.
  for (const iamsmith::Note& n : found[0].notes) CHECK(n.message.find("--") == std::string::npos);
  catches("S005", R"({"QueryLanguage": "JSONata", "StartAt": "Call", "States": {"Call": {"Type": "Task",
    "Resource": "arn:aws:states:::lambda:invoke", "Credentials": {"RoleArn": "{% $states.input.role %}"},
    "Arguments": {"FunctionName": "f"}, "End": true}}})",
          "/States/Call/Credentials/RoleArn");
}

TEST_CASE("S005: static roles, strings that only look dynamic, and non-Task states stay silent") {
  catches_not("S005", task(kRole));
  // In JSONPath a "{% %}" string is a literal (S008 then says it is no ARN).
  catches_not("S005", task(R"({"RoleArn": "{% $states.input.role %}"})"));
  catches_not("S005", task(""));
  catches_not(
      "S005",
      R"({"StartAt": "A", "States": {"A": {"Type": "Pass", "Credentials": {"RoleArn.$": "$.r"}, "End": true}}})");
  catches_not("S005", trust(""));
}

// ---------------------------------------------------------------------------------------------
// S007 cross-partition-task

TEST_CASE("S007: a role in another partition than the state machine") {
  catches("S007", task(R"({"RoleArn": "arn:aws-cn:iam::111122223333:role/R"})"),
          "/States/Call/Credentials/RoleArn", machine_context());
  const auto found =
      findings_of("S007", task(R"({"RoleArn": "arn:aws-cn:iam::111122223333:role/R"})"), machine_context());
  REQUIRE(found.size() == 1);
  CHECK(found[0].message ==
        "state 'Call' assumes the role \"arn:aws-cn:iam::111122223333:role/R\" in partition \"aws-cn\", but "
        "the state "
        "machine \"arn:aws:states:us-east-1:123456789012:stateMachine:Orders\" is in \"aws\"");
}

TEST_CASE("S007: a target resource in another partition, derived as the generator derives it") {
  catches(
      "S007",
      task(kRole, R"({"FunctionName": "arn:aws-us-gov:lambda:us-gov-west-1:111122223333:function:Echo"})"),
      "/States/Call/Parameters/FunctionName", machine_context());
  catches("S007",
          task(kRole, R"({"QueueUrl": "https://sqs.cn-north-1.amazonaws.com.cn/111122223333/q"})",
               "arn:aws:states:::sqs:sendMessage"),
          "/States/Call/Parameters/QueueUrl", machine_context());
  // The legacy form: the Resource is the function.
  catches("S007", task(kRole, "{}", "arn:aws-cn:lambda:cn-north-1:111122223333:function:Echo"),
          "/States/Call/Resource", machine_context());
}

TEST_CASE("S007: --partition stands in for the state machine") {
  LintContext c;
  c.partition = "aws-us-gov";
  catches("S007", task(kRole), "/States/Call/Credentials/RoleArn", c);
  const auto found = findings_of("S007", task(kRole), c);
  REQUIRE(found.size() == 1);
  CHECK(found[0].message.find("is in \"aws-us-gov\" (the context's partition)") != std::string::npos);
}

TEST_CASE("S007: same partition, bare names, dynamic values, unknown context stay silent") {
  catches_not("S007", task(kRole), machine_context());
  catches_not("S007", task(R"({"RoleArn.$": "$.role"})", R"({"FunctionName.$": "$.fn"})"), machine_context());
  catches_not("S007",
              task(kRole, R"({"FunctionName": "arn:aws-cn:lambda:cn-north-1:111122223333:function:Echo"})"));
  // A Task without Credentials is not a cross-account call.
  catches_not("S007",
              task("", R"({"FunctionName": "arn:aws-cn:lambda:cn-north-1:111122223333:function:Echo"})"),
              machine_context());
  catches_not("S007", task(R"({"RoleArn": "not-an-arn"})"), machine_context());
}

// ---------------------------------------------------------------------------------------------
// S008 invalid-credentials

TEST_CASE("S008: every misuse of Credentials the definition model finds") {
  catches(
      "S008",
      R"({"StartAt": "A", "States": {"A": {"Type": "Pass", "Credentials": {"RoleArn": "arn:aws:iam::111122223333:role/R"}, "End": true}}})",
      "/States/A/Credentials");
  catches("S008", task("{}"), "/States/Call/Credentials");
  catches("S008", task(R"({"RoleArn": "arn:aws:iam::111122223333:role/R", "Role": "x"})"),
          "/States/Call/Credentials/Role");
  catches("S008", task(R"({"Role": "x"})"), "/States/Call/Credentials");
  catches("S008", task(R"({"RoleArn": 42})"), "/States/Call/Credentials/RoleArn");
  catches("S008", task(R"("arn:aws:iam::111122223333:role/R")"), "/States/Call/Credentials");
}

TEST_CASE("S008: a static RoleArn that is not exactly one IAM role") {
  for (const char* role : {"LambdaRole", "arn:aws:iam::111122223333:user/Bob",
                           "arn:aws:iam::111122223333:role/*", "arn:aws-moon:iam::111122223333:role/R",
                           "arn:aws:iam::1111:role/R", "arn:aws:lambda:us-east-1:111122223333:function:f"}) {
    CAPTURE(role);
    catches("S008", task(std::string(R"({"RoleArn": ")") + role + "\"}"), "/States/Call/Credentials/RoleArn");
  }
  const auto found = findings_of("S008", task(R"({"RoleArn": "arn:aws:iam::111122223333:user/Bob"})"));
  REQUIRE(found.size() == 1);
  CHECK(found[0].message ==
        "state 'Call': RoleArn \"arn:aws:iam::111122223333:user/Bob\" is not an IAM role ARN "
        "(arn:PARTITION:iam::ACCOUNT:role/NAME)");
}

TEST_CASE("S008: valid Credentials, role paths, dynamic roles and other problems stay silent") {
  catches_not("S008", task(kRole));
  catches_not("S008", task(R"({"RoleArn": "arn:aws:iam::111122223333:role/team/path/R"})"));
  catches_not("S008", task(R"({"RoleArn.$": "$.role"})"));
  catches_not("S008", task(""));
  // A Task without Resource is a definition problem, not a Credentials one.
  catches_not("S008", R"({"StartAt": "A", "States": {"A": {"Type": "Task", "End": true}}})");
  catches_not("S008", trust(""));
}

// ---------------------------------------------------------------------------------------------
// S009 cross-region-resource

TEST_CASE("S009: a target in another Region, with the generator's message and note") {
  const std::string def =
      task(kRole, R"({"FunctionName": "arn:aws:lambda:us-east-2:111122223333:function:Echo"})");
  catches("S009", def, "/States/Call/Parameters/FunctionName", machine_context());
  const auto found = findings_of("S009", def, machine_context());
  REQUIRE(found.size() == 1);
  CHECK(found[0].message ==
        "state 'Call' calls \"arn:aws:lambda:us-east-2:111122223333:function:Echo\" in us-east-2, but the "
        "state "
        "machine runs in us-east-1");
  CHECK(
      found[0].notes[0].message.find(
          "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html") !=
      std::string::npos);
}

TEST_CASE("S009: the lint context's integration table decides what a Task calls (lint --integrations)") {
  // An integration only an integration file knows: the built-in table sees no target.
  const std::string def = task(kRole, R"({"FunctionName": "arn:aws:lambda:eu-west-1:111122223333:function:Echo"})",
                               "arn:aws:states:::example:call");
  catches_not("S009", def, machine_context());
  const iamsmith::json::Document file = iamsmith::json::parse(R"({"integrations": [{
      "id": "example:call", "resource": "arn:${Partition}:states:::example:call", "patterns": [""],
      "target": "lambda-function", "parameter": "FunctionName",
      "statements": [{"sid": "Call${Name}", "actions": ["lambda:InvokeFunction"], "resources": ["${Arn}"]}],
      "docs": "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html"}]})");
  REQUIRE(file.root.has_value());
  iamsmith::sfn::IntegrationTable table = iamsmith::sfn::builtin_integrations();
  std::vector<iamsmith::sfn::Finding> problems;
  iamsmith::sfn::extend_integrations(table, *file.root, 0, problems);
  REQUIRE(problems.empty());
  LintContext c = machine_context();
  c.integrations = &table;
  catches("S009", def, "/States/Call/Parameters/FunctionName", c);
}

TEST_CASE("S009: SQS queue URLs and events:putEvents entries are derived like the generator does") {
  catches(
      "S009",
      task(kRole, R"({"QueueUrl": "https://sqs.eu-west-1.amazonaws.com/111122223333/q", "MessageBody": "x"})",
           "arn:aws:states:::sqs:sendMessage"),
      "/States/Call/Parameters/QueueUrl", machine_context());
  catches(
      "S009",
      task(
          kRole,
          R"({"Entries": [{"EventBusName": "orders"}, {"EventBusName": "arn:aws:events:eu-west-1:111122223333:event-bus/b"}]})",
          "arn:aws:states:::events:putEvents"),
      "/States/Call/Parameters/Entries/1/EventBusName", machine_context());
}

TEST_CASE(
    "S009: same Region, bare names, global resources, dynamic values and no state machine stay silent") {
  catches_not("S009",
              task(kRole, R"({"FunctionName": "arn:aws:lambda:us-east-1:111122223333:function:Echo"})"),
              machine_context());
  catches_not("S009", task(kRole), machine_context());
  catches_not("S009", task(kRole, R"({"FunctionName.$": "$.fn"})"), machine_context());
  catches_not("S009", task(kRole, R"({"Bucket": "b", "Key": "k"})", "arn:aws:states:::aws-sdk:s3:getObject"),
              machine_context());
  catches_not("S009", task("", R"({"FunctionName": "arn:aws:lambda:us-east-2:111122223333:function:Echo"})"),
              machine_context());
  catches_not("S009",
              task(kRole, R"({"FunctionName": "arn:aws:lambda:us-east-2:111122223333:function:Echo"})"));
  catches_not("S009",
              task(kRole, R"({"FunctionName": "arn:aws:lambda:us-east-2:111122223333:function:Echo"})",
                   "arn:aws:states:::lambda:invokeAsync"),
              machine_context());
}

// ---------------------------------------------------------------------------------------------
// The generator reports the shared checks under the S rules' ids and names.

TEST_CASE("S rules: the generator's ids for shared checks name existing rules") {
  for (const char* id : {"S002", "S005", "S007", "S008", "S009"}) {
    CAPTURE(id);
    CHECK(iamsmith::find_rule(id) != nullptr);
  }
  CHECK(iamsmith::find_rule("S002")->name == "state-machine-name");
  CHECK(iamsmith::find_rule("S005")->name == "dynamic-role");
  CHECK(iamsmith::find_rule("S007")->name == "cross-partition-task");
  CHECK(iamsmith::find_rule("S008")->name == "invalid-credentials");
  CHECK(iamsmith::find_rule("S009")->name == "cross-region-resource");
}

TEST_CASE("S001: with the execution role known, a statement for another principal does not hide the mismatch") {
  // The execution role's statement names last year's state machine; the one that names the
  // right ARN is for another role, so it cannot let the execution role in.
  const std::string p = R"({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/OrdersExecution"},
     "Action": "sts:AssumeRole",
     "Condition": {"StringEquals": {"sts:ExternalId": "arn:aws:states:us-east-1:123456789012:stateMachine:OrdersOld"}}},
    {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/SomeoneElse"},
     "Action": "sts:AssumeRole",
     "Condition": {"StringEquals": {"sts:ExternalId": "arn:aws:states:us-east-1:123456789012:stateMachine:Orders"}}}]})";
  LintContext c = trust_context();
  c.execution_role_arn = "arn:aws:iam::123456789012:role/OrdersExecution";
  catches("S001", p, "/Statement/0/Condition/StringEquals/sts:ExternalId", c);
  // Without the execution role, the second statement may be the one that admits it: silent.
  catches_not("S001", p, trust_context());
  // For SomeoneElse as the execution role, its own statement names the right ARN: silent.
  LintContext other = c;
  other.execution_role_arn = "arn:aws:iam::123456789012:role/SomeoneElse";
  catches_not("S001", p, other);
}
