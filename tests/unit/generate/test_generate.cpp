#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../test_support.hpp"
#include "generate_test_support.hpp"
#include "iamsmith/generate.hpp"
#include "iamsmith/lint.hpp"
#include "iamsmith/load.hpp"

namespace {

namespace fs = std::filesystem;
namespace gen = iamsmith::gen;
using iamsmith::test::contains;
using iamsmith::test::finding;
using iamsmith::test::findings_text;
using iamsmith::test::kTargetRole;
using iamsmith::test::one_task;
using iamsmith::test::permissions;
using iamsmith::test::run;
using Grants = std::vector<std::string>;

const std::string kLambda = R"({"FunctionName": "Echo"})";

TEST_CASE("generate: the three policies of one cross-account call") {
  const auto r = run(one_task("arn:aws:states:::lambda:invoke", kLambda));
  CHECK_FALSE(r.refused());
  REQUIRE(r.policies.size() == 3);
  CHECK(r.policies[0].file == "TargetRole.trust.json");
  CHECK(r.policies[1].file == "TargetRole.permissions.json");
  CHECK(r.policies[2].file == "OrdersExecution.assume-role.json");
  CHECK(r.policies[0].text ==
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": \"TrustOrdersStateMachine\",\n"
        "      \"Effect\": \"Allow\",\n      \"Principal\": {\n        \"AWS\": \"arn:aws:iam::123456789012:role/OrdersExecution\"\n"
        "      },\n      \"Action\": \"sts:AssumeRole\",\n      \"Condition\": {\n        \"StringEquals\": {\n"
        "          \"sts:ExternalId\": \"arn:aws:states:us-east-1:123456789012:stateMachine:Orders\"\n        }\n      }\n"
        "    }\n  ]\n}\n");
  CHECK(iamsmith::test::grants(r.policies[2].policy) ==
        Grants{"AssumeTargetRole: sts:AssumeRole -> arn:aws:iam::111122223333:role/TargetRole"});
  CHECK(r.policies[2].attachment == gen::Attachment::AssumeRole);
}

TEST_CASE("generate: a Task without Credentials produces nothing cross-account") {
  const auto r = run(R"({"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
    "Parameters": {"FunctionName": "f"}, "End": true}}})");
  CHECK(r.refused());
  const auto* f = finding(r, "G015");
  REQUIRE(f != nullptr);
  CHECK(f->diagnostic.message == "no cross-account call found: no Task has Credentials and no target was given");
}

TEST_CASE("generate: several tasks through one role share its policies; Sids stay unique") {
  const auto r = run(R"({"StartAt": "A", "States": {
    "A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Credentials": {"RoleArn": "arn:aws:iam::111122223333:role/TargetRole"},
          "Parameters": {"FunctionName": "Echo"}, "Next": "B"},
    "B": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken", "Credentials": {"RoleArn": "arn:aws:iam::111122223333:role/TargetRole"},
          "Parameters": {"FunctionName": "Echo:live"}, "Next": "C"},
    "C": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem", "Credentials": {"RoleArn": "arn:aws:iam::111122223333:role/TargetRole"},
          "Parameters": {"TableName": "Echo"}, "End": true}}})");
  CHECK(permissions(r) == Grants{"GetItemFromEcho: dynamodb:GetItem -> arn:aws:dynamodb:us-east-1:111122223333:table/Echo",
                                 "InvokeEcho: lambda:InvokeFunction -> arn:aws:lambda:us-east-1:111122223333:function:Echo,"
                                 "arn:aws:lambda:us-east-1:111122223333:function:Echo:*"});
}

TEST_CASE("generate: a dynamic role stops generation with a clear error") {
  const auto r = run(one_task("arn:aws:states:::lambda:invoke", kLambda, R"({"RoleArn.$": "$.role"})"));
  CHECK(r.refused());
  const auto* f = finding(r, "S005");
  REQUIRE(f != nullptr);
  CHECK(f->diagnostic.message == "state 'Call' assumes a role chosen at run time (RoleArn.$: \"$.role\")");
  // The remedy names command-line options: the CLI adds it (cli test generate_fanout_dynamic_role),
  // the core finding does not.
  for (const iamsmith::Note& n : f->diagnostic.notes) CHECK_FALSE(contains(n.message, "--"));
  CHECK(f->diagnostic.span.pointer == "/States/Call/Credentials/RoleArn.$");
}

TEST_CASE("generate: a dynamic role with --role-arn gets policies for each listed role") {
  gen::Options options;
  options.role_arns = {gen::Text{"arn:aws:iam::111122223333:role/Blue", 0, {}},
                       gen::Text{"arn:aws:iam::444455556666:role/Green", 0, {}}};
  const auto r = run(one_task("arn:aws:states:::lambda:invoke", kLambda,
                              R"({"RoleArn": "{% $states.input.role %}"})", "JSONata"),
                     options);
  CHECK_FALSE(r.refused());
  CHECK(permissions(r, "Blue.permissions.json") ==
        Grants{"InvokeEcho: lambda:InvokeFunction -> arn:aws:lambda:us-east-1:111122223333:function:Echo,"
               "arn:aws:lambda:us-east-1:111122223333:function:Echo:*"});
  // A bare function name resolves in each role's own account.
  CHECK(permissions(r, "Green.permissions.json") ==
        Grants{"InvokeEcho: lambda:InvokeFunction -> arn:aws:lambda:us-east-1:444455556666:function:Echo,"
               "arn:aws:lambda:us-east-1:444455556666:function:Echo:*"});
  CHECK(iamsmith::test::grants(iamsmith::test::policy_named(r, "OrdersExecution.assume-role.json")->policy) ==
        Grants{"AssumeBlue: sts:AssumeRole -> arn:aws:iam::111122223333:role/Blue",
               "AssumeGreen: sts:AssumeRole -> arn:aws:iam::444455556666:role/Green"});
}

TEST_CASE("generate: --allow-any-role grants sts:AssumeRole on * with a warning") {
  gen::Options options;
  options.allow_any_role = true;
  const auto r = run(one_task("arn:aws:states:::lambda:invoke", kLambda, R"({"RoleArn.$": "$.role"})"), options);
  CHECK_FALSE(r.refused());
  REQUIRE(r.policies.size() == 1);
  CHECK(iamsmith::test::grants(r.policies[0].policy) == Grants{"AssumeAnyRole: sts:AssumeRole -> *"});
  const auto* w = finding(r, "G010");
  REQUIRE(w != nullptr);
  CHECK(w->diagnostic.severity == iamsmith::Severity::Warning);
  CHECK(w->diagnostic.message ==
        "state 'Call' assumes a role chosen at run time; the execution role may assume any role (\"*\")");
}

TEST_CASE("generate: a dynamic target resource is every one of its kind in the target account, unless exact or named") {
  const std::string def = one_task("arn:aws:states:::lambda:invoke", R"({"FunctionName.$": "$.fn"})");
  gen::Options exact;
  exact.exact_resources = true;
  const auto refused = run(def, exact);
  const auto* e = finding(refused, "G009");
  REQUIRE(e != nullptr);
  CHECK(e->diagnostic.message == "state 'Call' calls a lambda-function chosen at run time (FunctionName.$: \"$.fn\")");
  // The core says what is missing; the command line adds the options that supply it.
  CHECK(e->diagnostic.notes[0].message ==
        "the permission policy needs every resource it may call, or an explicit choice of any resource (\"*\")");

  gen::Options listed;
  listed.resources.push_back(gen::ResourceOverride{"Call", {gen::Text{"Alpha", 0, {}}, gen::Text{"Beta:live", 0, {}}}, {}});
  CHECK(permissions(run(def, listed)) ==
        Grants{"InvokeAlpha: lambda:InvokeFunction -> arn:aws:lambda:us-east-1:111122223333:function:Alpha,"
               "arn:aws:lambda:us-east-1:111122223333:function:Alpha:*",
               "InvokeBeta: lambda:InvokeFunction -> arn:aws:lambda:us-east-1:111122223333:function:Beta,"
               "arn:aws:lambda:us-east-1:111122223333:function:Beta:*"});

  const auto star = run(def);
  // Any function of the target account and Region, not "*": the same contract as aws-sdk tasks.
  CHECK(permissions(star) == Grants{"InvokeAny: lambda:InvokeFunction -> arn:aws:lambda:us-east-1:111122223333:function:*,"
                                    "arn:aws:lambda:us-east-1:111122223333:function:*:*"});
  CHECK(finding(star, "G010") != nullptr);
}

TEST_CASE("generate: roles, state machine and resources in different partitions are refused") {
  SUBCASE("target role") {
    const auto r = run(one_task("arn:aws:states:::lambda:invoke", kLambda,
                                R"({"RoleArn": "arn:aws-cn:iam::111122223333:role/TargetRole"})"));
    const auto* f = finding(r, "S007");
    REQUIRE(f != nullptr);
    // The message S007 gives in lint too (one check in the Step Functions layer).
    CHECK(f->diagnostic.message ==
          "state 'Call' assumes the role \"arn:aws-cn:iam::111122223333:role/TargetRole\" in partition \"aws-cn\", "
          "but the state machine \"arn:aws:states:us-east-1:123456789012:stateMachine:Orders\" is in \"aws\"");
    CHECK(contains(f->diagnostic.notes[0].message, "only within one partition"));
  }
  SUBCASE("resource") {
    const auto r = run(one_task("arn:aws:states:::lambda:invoke",
                                R"({"FunctionName": "arn:aws-us-gov:lambda:us-gov-west-1:111122223333:function:Echo"})"));
    const auto* f = finding(r, "S007");
    REQUIRE(f != nullptr);
    CHECK(contains(f->diagnostic.message, "arn:aws-us-gov:lambda:us-gov-west-1:111122223333:function:Echo"));
    CHECK(contains(f->diagnostic.message, "arn:aws:states:us-east-1:123456789012:stateMachine:Orders"));
  }
  SUBCASE("execution role") {
    auto s = iamsmith::test::setup_of(one_task("arn:aws:states:::lambda:invoke", kLambda));
    s.execution_role_arn.value = "arn:aws-cn:iam::123456789012:role/OrdersExecution";
    const auto r = gen::generate({s}, {}, gen::builtin_integrations());
    CHECK(finding(r, "G005") != nullptr);
  }
}

TEST_CASE("generate: a resource in another region is generated with warning S009") {
  const auto r = run(one_task("arn:aws:states:::lambda:invoke",
                              R"({"FunctionName": "arn:aws:lambda:us-east-2:111122223333:function:Echo"})"));
  CHECK_FALSE(r.refused());
  const auto* w = finding(r, "S009");
  REQUIRE(w != nullptr);
  CHECK(w->diagnostic.severity == iamsmith::Severity::Warning);
  CHECK(w->diagnostic.message ==
        "state 'Call' calls \"arn:aws:lambda:us-east-2:111122223333:function:Echo\" in us-east-2, but the state machine "
        "runs in us-east-1");
  CHECK(contains(w->diagnostic.notes[0].message,
                 "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html"));
  CHECK(w->diagnostic.span.pointer == "/States/Call/Parameters/FunctionName");
}

TEST_CASE("generate: a state machine name AssumeRole cannot take as external ID is refused (S002)") {
  const auto r = run(one_task("arn:aws:states:::lambda:invoke", kLambda), {},
                     "arn:aws:states:us-east-1:123456789012:stateMachine:Orders!(v2)");
  const auto* f = finding(r, "S002");
  REQUIRE(f != nullptr);
  CHECK(f->diagnostic.message ==
        "the state machine ARN \"arn:aws:states:us-east-1:123456789012:stateMachine:Orders!(v2)\" cannot be an "
        "sts:ExternalId: it contains \"!()\", and AssumeRole accepts only letters, digits and _+=,.@:/-");
  CHECK(contains(f->diagnostic.notes[0].message, "AssumeRole refuses it"));
  // Every allowed character passes.
  CHECK_FALSE(run(one_task("arn:aws:states:::lambda:invoke", kLambda), {},
                  "arn:aws:states:us-east-1:123456789012:stateMachine:a_b+c=d.e@f-g")
                  .refused());
}

TEST_CASE("generate: malformed ARNs and an execution role that is not a role") {
  SUBCASE("state machine") {
    const auto r = run(one_task("arn:aws:states:::lambda:invoke", kLambda), {}, "arn:aws:states:us-east-1:123456789012:activity:x");
    const auto* f = finding(r, "G003");
    REQUIRE(f != nullptr);
    CHECK(contains(f->diagnostic.message, "is not a state machine ARN"));
  }
  SUBCASE("execution role is a user") {
    auto s = iamsmith::test::setup_of(one_task("arn:aws:states:::lambda:invoke", kLambda));
    s.execution_role_arn.value = "arn:aws:iam::123456789012:user/Bob";
    const auto r = gen::generate({s}, {}, gen::builtin_integrations());
    const auto* f = finding(r, "G003");
    REQUIRE(f != nullptr);
    CHECK(f->diagnostic.message == "the execution role ARN \"arn:aws:iam::123456789012:user/Bob\" is not an IAM role ARN "
                                   "(arn:PARTITION:iam::ACCOUNT:role/NAME)");
  }
  SUBCASE("target role not an ARN") {
    const auto r = run(one_task("arn:aws:states:::lambda:invoke", kLambda, R"({"RoleArn": "LambdaRole"})"));
    const auto* f = finding(r, "S008");
    REQUIRE(f != nullptr);
    // The message S008 gives in lint too.
    CHECK(contains(f->diagnostic.message, "state 'Call': RoleArn \"LambdaRole\" is not a valid ARN"));
    CHECK(f->diagnostic.span.pointer == "/States/Call/Credentials/RoleArn");
    CHECK(f->diagnostic.span.line == 1);
  }
  SUBCASE("bad resource value") {
    const auto r = run(one_task("arn:aws:states:::sqs:sendMessage", R"({"QueueUrl": "https://example.com/1/q"})"));
    const auto* f = finding(r, "G013");
    REQUIRE(f != nullptr);
    CHECK(f->diagnostic.message == "state 'Call': \"https://example.com/1/q\" does not end in /ACCOUNT/QUEUE_NAME");
  }
}

TEST_CASE("generate: Credentials on a non-Task state is an error with its position") {
  const auto r = run(R"({"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true,
    "Credentials": {"RoleArn": "arn:aws:iam::111122223333:role/TargetRole"},
    "Branches": [{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
      "Credentials": {"RoleArn": "arn:aws:iam::111122223333:role/TargetRole"}, "Parameters": {"FunctionName": "f"}, "End": true}}}]}}})");
  const auto* f = finding(r, "S008");
  REQUIRE(f != nullptr);
  CHECK(f->diagnostic.message ==
        "state 'P' is a Parallel state; only Task states take Credentials (nested Task states may carry their own)");
  CHECK(f->diagnostic.span.line == 2);
  CHECK(f->diagnostic.span.pointer == "/States/P/Credentials");
  CHECK(r.policies.empty());
}

TEST_CASE("generate: several state machines sharing a target role: one trust statement lists every ARN") {
  gen::Setup a = iamsmith::test::setup_of(one_task("arn:aws:states:::lambda:invoke", kLambda));
  gen::Setup b = iamsmith::test::setup_of(one_task("arn:aws:states:::lambda:invoke", R"({"FunctionName": "Other"})"),
                                          "arn:aws:states:us-east-1:123456789012:stateMachine:Billing",
                                          "arn:aws:iam::123456789012:role/BillingExecution");
  const auto r = gen::generate({a, b}, {}, gen::builtin_integrations());
  CHECK_FALSE(r.refused());
  const auto* trust = iamsmith::test::policy_named(r, "TargetRole.trust.json");
  REQUIRE(trust != nullptr);
  REQUIRE(trust->policy.statements().size() == 1);
  CHECK(trust->policy.statements()[0].sid->text == "TrustStateMachines");
  CHECK(contains(trust->text, "\"AWS\": [\n          \"arn:aws:iam::123456789012:role/BillingExecution\",\n"
                              "          \"arn:aws:iam::123456789012:role/OrdersExecution\"\n        ]"));
  CHECK(contains(trust->text, "\"sts:ExternalId\": [\n            \"arn:aws:states:us-east-1:123456789012:stateMachine:Billing\",\n"
                              "            \"arn:aws:states:us-east-1:123456789012:stateMachine:Orders\"\n          ]"));
  CHECK(iamsmith::test::policy_named(r, "OrdersExecution.assume-role.json") != nullptr);
  CHECK(iamsmith::test::policy_named(r, "BillingExecution.assume-role.json") != nullptr);
}

TEST_CASE("generate: a trust policy near its length quota gets a warning") {
  std::vector<gen::Setup> setups;
  for (int i = 0; i < 30; ++i) {
    setups.push_back(iamsmith::test::setup_of(one_task("arn:aws:states:::lambda:invoke", kLambda),
                                              "arn:aws:states:us-east-1:123456789012:stateMachine:OrderProcessingWorkflow" +
                                                  std::to_string(i)));
  }
  const auto r = gen::generate(setups, {}, gen::builtin_integrations());
  const auto* w = finding(r, "G012");
  REQUIRE(w != nullptr);
  CHECK(w->diagnostic.severity == iamsmith::Severity::Warning);
  CHECK(contains(w->diagnostic.message, "over the quota of 2048"));
  gen::Options small;
  small.trust_policy_quota = 300;
  CHECK(finding(run(one_task("arn:aws:states:::lambda:invoke", kLambda), small), "G012") != nullptr);
  CHECK(finding(run(one_task("arn:aws:states:::lambda:invoke", kLambda)), "G012") == nullptr);
}

TEST_CASE("generate: roles with the same name in two accounts get distinct files and Sids") {
  const auto r = run(R"({"StartAt": "A", "States": {
    "A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Credentials": {"RoleArn": "arn:aws:iam::111122223333:role/Worker"},
          "Parameters": {"FunctionName": "f"}, "Next": "B"},
    "B": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Credentials": {"RoleArn": "arn:aws:iam::444455556666:role/Worker"},
          "Parameters": {"FunctionName": "f"}, "End": true}}})");
  CHECK(iamsmith::test::policy_named(r, "Worker.111122223333.trust.json") != nullptr);
  CHECK(iamsmith::test::policy_named(r, "Worker.444455556666.permissions.json") != nullptr);
  CHECK(iamsmith::test::grants(iamsmith::test::policy_named(r, "OrdersExecution.assume-role.json")->policy) ==
        Grants{"AssumeWorker111122223333: sts:AssumeRole -> arn:aws:iam::111122223333:role/Worker",
               "AssumeWorker444455556666: sts:AssumeRole -> arn:aws:iam::444455556666:role/Worker"});
}

TEST_CASE("generate: spec files, --target and --resource values") {
  std::vector<gen::Finding> findings;
  const auto doc = iamsmith::json::parse(R"({"stateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Orders",
    "executionRoleArn": "arn:aws:iam::123456789012:role/OrdersExecution",
    "targets": [{"roleArn": "arn:aws:iam::111122223333:role/TargetRole", "integration": "arn:aws:states:::sqs:sendMessage",
                 "resources": ["jobs"], "resource": 1}]})");
  const auto setups = gen::parse_spec(*doc.root, 1, findings);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].diagnostic.message == "target 0 has the unknown key \"resource\"; did you mean \"resources\"?");
  CHECK(findings[0].diagnostic.span.pointer == "/targets/0/resource");
  REQUIRE(setups.size() == 1);
  const auto r = gen::generate(setups, {}, gen::builtin_integrations());
  CHECK(permissions(r) == Grants{"SendToJobs: sqs:SendMessage -> arn:aws:sqs:us-east-1:111122223333:jobs"});

  std::vector<gen::Finding> none;
  CHECK(gen::parse_spec(*iamsmith::json::parse(R"({"stateMachines": [{"stateMachineArn": "a", "executionRoleArn": "b"},
      {"stateMachineArn": "c", "executionRoleArn": "d"}]})").root, 1, none).size() == 2);
  CHECK(none.empty());
  std::vector<gen::Finding> missing;
  CHECK(gen::parse_spec(*iamsmith::json::parse(R"({"stateMachineArn": 5})").root, 1, missing).empty());
  REQUIRE(missing.size() == 2);
  CHECK(missing[0].diagnostic.message == "the spec: \"stateMachineArn\" is a number, expected a string");

  gen::Text option{"arn:aws:iam::111122223333:role/R=arn:aws:states:::lambda:invoke=Echo,Other", 0, {}};
  option.span.line = 3;
  option.span.column = 10;
  std::vector<gen::Finding> f2;
  const auto target = gen::parse_target_option(option, f2);
  REQUIRE(target.has_value());
  CHECK(target->role_arn.value == "arn:aws:iam::111122223333:role/R");
  CHECK(target->integration.value == "arn:aws:states:::lambda:invoke");
  REQUIRE(target->resources.size() == 2);
  CHECK(target->resources[1].value == "Other");
  CHECK(target->resources[1].span.column == 10 + 69);
  CHECK_FALSE(gen::parse_target_option(gen::Text{"arn:aws:iam::1:role/R", 0, {}}, f2).has_value());
  CHECK(f2.back().diagnostic.message ==
        "--target takes ROLE_ARN=INTEGRATION=RESOURCE[,RESOURCE...], got \"arn:aws:iam::1:role/R\"");
  const auto res = gen::parse_resource_option(gen::Text{"Fan out=arn:aws:sns:us-east-1:1:a,arn:aws:sns:us-east-1:1:b", 0, {}}, f2);
  REQUIRE(res.has_value());
  CHECK(res->state == "Fan out");
  CHECK(res->resources.size() == 2);
}

// ---------------------------------------------------------------------------------------------
// Samples: golden output, byte for byte, from both the spec and the definition; lint-clean.

fs::path samples() { return iamsmith::test::data_path("../../samples"); }

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot read ", p.string());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

gen::Setup load_setup(const std::string& spec, const std::string& definition) {
  std::vector<gen::Finding> findings;
  const auto doc = iamsmith::json::parse(read(samples() / spec));
  REQUIRE(doc.root.has_value());
  auto setups = gen::parse_spec(*doc.root, 1, findings);
  REQUIRE(findings.empty());
  REQUIRE(setups.size() == 1);
  if (!definition.empty()) {
    const auto def = iamsmith::json::parse(read(samples() / definition));
    REQUIRE(def.root.has_value());
    setups[0].definition = iamsmith::asl::build_definition(*def.root);
    setups[0].definition_input = 2;
    setups[0].targets.clear();
  }
  return setups[0];
}

gen::Options fanout_options() {
  gen::Options o;
  o.role_arns = {gen::Text{"arn:aws:iam::444455556666:role/NotifierRole", 0, {}}};
  return o;
}

void check_golden(const gen::Result& r, const fs::path& expected_dir) {
  REQUIRE_MESSAGE(!r.refused(), findings_text(r));
  const auto files = gen::output_files(r, gen::Format::Json);
  std::size_t on_disk = 0;
  for (const auto& entry : fs::directory_iterator(expected_dir)) on_disk += entry.is_regular_file() ? 1U : 0U;
  CHECK(files.size() == on_disk);
  for (const auto& f : files) {
    CAPTURE(f.name);
    CHECK(f.content == read(expected_dir / f.name));
  }
  CHECK(gen::check_directory(expected_dir.string(), files).empty());
}

TEST_CASE("generate: tutorial sample, golden output from the spec and from the definition") {
  const auto from_spec = gen::generate({load_setup("tutorial/spec.json", "")}, {}, gen::builtin_integrations());
  check_golden(from_spec, samples() / "tutorial/expected");
  const auto from_definition =
      gen::generate({load_setup("tutorial/spec.json", "tutorial/definition.asl.json")}, {}, gen::builtin_integrations());
  check_golden(from_definition, samples() / "tutorial/expected");
  // The tutorial mixes us-east-1 and us-east-2: generated, with S009.
  CHECK(finding(from_spec, "S009") != nullptr);
  CHECK(finding(from_definition, "S009") != nullptr);
}

TEST_CASE("generate: fanout sample, golden output") {
  const auto r = gen::generate({load_setup("fanout/spec.json", "fanout/definition.asl.json")}, fanout_options(),
                               gen::builtin_integrations());
  check_golden(r, samples() / "fanout/expected");
  for (const char* format : {"cloudformation", "terraform"}) {
    CAPTURE(format);
    const auto files = gen::output_files(r, *gen::format_from_name(format));
    for (const auto& f : files) CHECK(f.content == read(samples() / "fanout/expected" / format / f.name));
  }
}

TEST_CASE("generate: output is byte-identical across runs") {
  const auto a = gen::generate({load_setup("fanout/spec.json", "fanout/definition.asl.json")}, fanout_options(),
                               gen::builtin_integrations());
  const auto b = gen::generate({load_setup("fanout/spec.json", "fanout/definition.asl.json")}, fanout_options(),
                               gen::builtin_integrations());
  CHECK(gen::output_text(a, gen::Format::Json) == gen::output_text(b, gen::Format::Json));
  CHECK(gen::output_text(a, gen::Format::Terraform) == gen::output_text(b, gen::Format::Terraform));
}

// Every generated policy of both samples, linted with the whole catalogue in its context.
void check_lint_clean(const gen::Result& r, const std::string& sm, const std::string& exec) {
  REQUIRE_MESSAGE(!r.refused(), findings_text(r));
  for (const auto& p : r.policies) {
    CAPTURE(p.file);
    iamsmith::LintContext context;
    context.kind = p.attachment == gen::Attachment::Trust ? iamsmith::PolicyKind::Trust
                                                                 : iamsmith::PolicyKind::Identity;
    context.partition = p.partition;
    context.account = p.account;
    context.role_arn = p.role_arn;
    context.state_machine_arn = sm;
    context.execution_role_arn = exec;
    const auto loaded = iamsmith::load_policy_text(p.text, p.file);
    std::string seen;
    for (const auto& d : iamsmith::lint(loaded, context)) {
      if (d.severity >= iamsmith::Severity::Warning) {
        seen += " [" + d.rule_id + " " + d.span.pointer + "] " + d.message + ";";
      }
    }
    CHECK_MESSAGE(seen.empty(), p.file, " has findings:", seen);
  }
}

TEST_CASE("generate: every generated policy of both samples lints clean") {
  check_lint_clean(gen::generate({load_setup("tutorial/spec.json", "tutorial/definition.asl.json")}, {},
                                 gen::builtin_integrations()),
                   "arn:aws:states:us-east-1:123456789012:stateMachine:testCrossAccount",
                   "arn:aws:iam::123456789012:role/ExecutionRole");
  check_lint_clean(gen::generate({load_setup("fanout/spec.json", "fanout/definition.asl.json")}, fanout_options(),
                                 gen::builtin_integrations()),
                   "arn:aws:states:eu-west-1:123456789012:stateMachine:orderFanout",
                   "arn:aws:iam::123456789012:role/OrderFanoutExecution");
}

// ---------------------------------------------------------------------------------------------
// Writing and checking directories.

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("iamsmith-gen-test-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    fs::remove_all(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

TEST_CASE("generate: writing a directory is all-or-nothing and --check finds drift") {
  const auto r = run(one_task("arn:aws:states:::lambda:invoke", kLambda));
  const auto files = gen::output_files(r, gen::Format::Json);
  TempDir dir;
  const std::string d = dir.path.string();

  auto diffs = gen::check_directory(d, files);
  CHECK(diffs.size() == files.size());
  CHECK(diffs[0].what == "missing");

  auto w = gen::write_directory(d, files, false);
  CHECK(w.error.empty());
  CHECK(w.written.size() == files.size());
  CHECK(gen::check_directory(d, files).empty());
  for (const auto& entry : fs::directory_iterator(dir.path)) {
    CHECK_FALSE(contains(entry.path().filename().string(), ".tmp"));  // no temporary file left
  }

  // Unchanged files are not rewritten.
  w = gen::write_directory(d, files, false);
  CHECK(w.written.empty());
  CHECK(w.unchanged.size() == files.size());

  // A hand-edited file: --check reports it, a write refuses everything without --force.
  { std::ofstream(dir.path / "TargetRole.trust.json", std::ios::trunc) << "{\n  \"Version\": \"2012-10-17\"\n}\n"; }
  diffs = gen::check_directory(d, files);
  REQUIRE(diffs.size() == 1);
  CHECK(diffs[0].file == "TargetRole.trust.json");
  CHECK(diffs[0].what == "differs from line 2");
  fs::remove(dir.path / "OrdersExecution.assume-role.json");
  w = gen::write_directory(d, files, false);
  CHECK(w.conflicts == std::vector<std::string>{"TargetRole.trust.json"});
  CHECK(w.written.empty());
  CHECK_FALSE(fs::exists(dir.path / "OrdersExecution.assume-role.json"));  // nothing written at all
  w = gen::write_directory(d, files, true);
  CHECK(w.conflicts.empty());
  CHECK(w.written.size() == 2);
  CHECK(gen::check_directory(d, files).empty());

  // A file an earlier run generated (listed in its manifest) and this one does not.
  const auto other = run(one_task("arn:aws:states:::lambda:invoke", kLambda,
                                  R"({"RoleArn": "arn:aws:iam::111122223333:role/NewRole"})"));
  diffs = gen::check_directory(d, gen::output_files(other, gen::Format::Json));
  bool stale = false;
  for (const auto& x : diffs) stale = stale || (x.file == "TargetRole.trust.json" && contains(x.what, "not generated any more"));
  CHECK(stale);
}

TEST_CASE("generate: CloudFormation and Terraform renderings") {
  const auto r = run(one_task("arn:aws:states:::lambda:invoke", kLambda,
                              R"({"RoleArn": "arn:aws:iam::111122223333:role/team/TargetRole"})"));
  const auto cfn = gen::output_files(r, gen::Format::CloudFormation);
  REQUIRE(cfn.size() == 3);  // two accounts, then manifest.json
  CHECK(cfn[2].name == "manifest.json");
  CHECK(cfn[0].name == "account-111122223333.cloudformation.yaml");
  CHECK(contains(cfn[0].content, "  TargetRoleRole:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: \"TargetRole\"\n"
                                 "      Path: \"/team/\"\n      AssumeRolePolicyDocument:\n        {\n          \"Version\""));
  CHECK(contains(cfn[0].content, "      Policies:\n        - PolicyName: \"StepFunctionsCrossAccountAccess\"\n"));
  CHECK(contains(cfn[1].content, "Type: AWS::IAM::RolePolicy\n    Properties:\n      RoleName: \"OrdersExecution\"\n"));
  const auto tf = gen::output_files(r, gen::Format::Terraform);
  REQUIRE(tf.size() == 3);
  CHECK(tf[2].name == "manifest.json");
  CHECK(tf[0].name == "account-111122223333.tf");
  CHECK(contains(tf[0].content, "resource \"aws_iam_role\" \"target_role\" {\n  name = \"TargetRole\"\n  path = \"/team/\"\n"
                                "  assume_role_policy = jsonencode({\n"));
  CHECK(contains(tf[0].content, "resource \"aws_iam_role_policy\" \"target_role_step_functions_cross_account_access\" {\n"
                                "  name   = \"StepFunctionsCrossAccountAccess\"\n  role   = aws_iam_role.target_role.id\n"));
  CHECK(contains(tf[1].content, "  role   = \"OrdersExecution\"\n"));
  CHECK(gen::output_text(r, gen::Format::CloudFormation) == cfn[0].content + "---\n" + cfn[1].content);
}

}  // namespace
