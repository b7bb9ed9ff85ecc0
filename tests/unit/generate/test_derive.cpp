// The Step Functions layer's derivation of the calls a Task makes (sfn::derive_calls), the trust
// statement builder generate and verify share, and the S checks generate and lint share.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "generate_test_support.hpp"
#include "iamsmith/generate.hpp"
#include "iamsmith/lint.hpp"
#include "iamsmith/load.hpp"
#include "iamsmith/sfn.hpp"
#include "iamsmith/write.hpp"

namespace sfn = iamsmith::sfn;
using iamsmith::test::kExecutionRole;
using iamsmith::test::kStateMachine;
using iamsmith::test::kTargetRole;
using iamsmith::test::one_task;
using iamsmith::test::setup_of;

namespace {

sfn::Derivation derive(const std::string& definition, const sfn::Options& options = {}) {
  return sfn::derive_calls({setup_of(definition)}, options, sfn::builtin_integrations());
}

std::vector<std::string> requests_of(const sfn::DerivedCall& call) {
  std::vector<std::string> out;
  for (const sfn::Request& r : call.requests) out.push_back(r.action + " " + r.resource);
  return out;
}

}  // namespace

TEST_CASE("derive_calls: a Lambda task, its grant, its request and where its target was named") {
  const std::string fn = "arn:aws:lambda:us-east-1:111122223333:function:Echo";
  const sfn::Derivation d =
      derive(one_task("arn:aws:states:::lambda:invoke", "{\"FunctionName\": \"" + fn + "\"}"));
  CHECK_FALSE(d.refused());
  REQUIRE(d.calls.size() == 1);
  const sfn::DerivedCall& c = d.calls[0];
  CHECK(c.state == "Call");
  CHECK(c.who == "state 'Call'");
  CHECK(c.role_arn == kTargetRole);
  CHECK_FALSE(c.dynamic_role);
  CHECK_FALSE(c.dynamic_target);
  CHECK(c.partition == "aws");
  CHECK(c.region == "us-east-1");
  CHECK(c.span.pointer == "/States/Call/Resource");
  REQUIRE(c.targets.size() == 1);
  CHECK(c.targets[0].target.arn == fn);
  CHECK(c.targets[0].input == 1);
  CHECK(c.targets[0].span.pointer == "/States/Call/Parameters/FunctionName");
  REQUIRE(c.grants.size() == 1);
  CHECK(c.grants[0].sid == "InvokeEcho");
  CHECK(c.grants[0].actions == std::vector<std::string>{"lambda:InvokeFunction"});
  CHECK(c.grants[0].resources == std::vector<std::string>{fn, fn + ":*"});
  // The call names the function itself; "FUNCTION:*" is the grant's allowance for qualifiers.
  CHECK(requests_of(c) == std::vector<std::string>{"lambda:InvokeFunction " + fn});
}

TEST_CASE("derive_calls: a qualified Lambda function is requested with its qualifier") {
  const sfn::Derivation d =
      derive(one_task("arn:aws:states:::lambda:invoke", R"({"FunctionName": "Echo:prod"})"));
  REQUIRE(d.calls.size() == 1);
  const std::string fn = "arn:aws:lambda:us-east-1:111122223333:function:Echo";
  CHECK(d.calls[0].targets[0].target.qualifier == "prod");
  CHECK(d.calls[0].grants[0].resources == std::vector<std::string>{fn, fn + ":*"});
  CHECK(requests_of(d.calls[0]) == std::vector<std::string>{"lambda:InvokeFunction " + fn + ":prod"});
}

TEST_CASE("derive_calls: an SQS task names its queue by URL; the span is the URL's") {
  const sfn::Derivation d = derive(one_task(
      "arn:aws:states:::sqs:sendMessage",
      R"({"QueueUrl": "https://sqs.us-east-1.amazonaws.com/111122223333/orders", "MessageBody.$": "$"})"));
  REQUIRE(d.calls.size() == 1);
  const sfn::DerivedCall& c = d.calls[0];
  REQUIRE(c.targets.size() == 1);
  CHECK(c.targets[0].target.arn == "arn:aws:sqs:us-east-1:111122223333:orders");
  CHECK(c.targets[0].span.pointer == "/States/Call/Parameters/QueueUrl");
  CHECK(requests_of(c) ==
        std::vector<std::string>{"sqs:SendMessage arn:aws:sqs:us-east-1:111122223333:orders"});
}

TEST_CASE("derive_calls: a target chosen at run time is any of its kind, or with exact resources needs --resource (G009)") {
  const std::string def = one_task("arn:aws:states:::lambda:invoke", R"({"FunctionName.$": "$.fn"})");
  sfn::Options exact;
  exact.exact_resources = true;
  const sfn::Derivation refused = derive(def, exact);
  CHECK(refused.refused());
  CHECK(refused.calls.empty());
  REQUIRE_FALSE(refused.findings.empty());
  CHECK(refused.findings[0].diagnostic.rule_id == "G009");

  // By default: every function of the target account and Region, said by G010.
  const sfn::Derivation any = derive(def);
  CHECK_FALSE(any.refused());
  REQUIRE(any.calls.size() == 1);
  CHECK(any.calls[0].dynamic_target);
  CHECK(requests_of(any.calls[0]) ==
        std::vector<std::string>{"lambda:InvokeFunction arn:aws:lambda:us-east-1:111122223333:function:*"});
  REQUIRE_FALSE(any.findings.empty());
  CHECK(any.findings[0].diagnostic.rule_id == "G010");

  sfn::Options options;
  sfn::ResourceOverride o;
  o.state = "Call";
  o.resources = {sfn::Text{"arn:aws:lambda:us-east-1:111122223333:function:A", 0, {}}};
  options.resources.push_back(o);
  const sfn::Derivation d = derive(def, options);
  CHECK_FALSE(d.refused());
  REQUIRE(d.calls.size() == 1);
  CHECK(d.calls[0].dynamic_target);
  CHECK(requests_of(d.calls[0]) ==
        std::vector<std::string>{"lambda:InvokeFunction arn:aws:lambda:us-east-1:111122223333:function:A"});
}

TEST_CASE("derive_calls: a role chosen at run time comes from --role-arn") {
  sfn::Options options;
  options.role_arns = {sfn::Text{"arn:aws:iam::111122223333:role/A", 0, {}},
                       sfn::Text{"arn:aws:iam::111122223333:role/B", 0, {}}};
  const sfn::Derivation d = derive(
      one_task("arn:aws:states:::lambda:invoke", R"({"FunctionName": "Echo"})", R"({"RoleArn.$": "$.role"})"),
      options);
  REQUIRE(d.calls.size() == 2);
  CHECK(d.calls[0].dynamic_role);
  CHECK(d.calls[0].role_arn == "arn:aws:iam::111122223333:role/A");
  CHECK(d.calls[1].role_arn == "arn:aws:iam::111122223333:role/B");
}

TEST_CASE("trust_statement: the statement generate writes into each trust policy") {
  const iamsmith::Statement st = sfn::trust_statement({kExecutionRole}, {kStateMachine});
  REQUIRE(st.sid.has_value());
  CHECK(st.sid->text == "TrustOrdersStateMachine");
  CHECK(st.effect->text == "Allow");
  const iamsmith::gen::Result r = iamsmith::gen::generate(
      {setup_of(one_task("arn:aws:states:::lambda:invoke", R"({"FunctionName": "Echo"})"))}, {},
      sfn::builtin_integrations());
  REQUIRE_FALSE(r.refused());
  const iamsmith::gen::GeneratedPolicy& trust = r.policies.front();
  REQUIRE(trust.attachment == sfn::Purpose::Trust);
  iamsmith::Policy alone = trust.policy;
  alone.statement->items = {st};
  CHECK(iamsmith::write_policy(alone) == trust.text);
}

TEST_CASE("S005: generate and lint report the same finding; generate as an error, lint as a warning") {
  const std::string def =
      one_task("arn:aws:states:::lambda:invoke", R"({"FunctionName": "Echo"})", R"({"RoleArn.$": "$.role"})");
  const sfn::Derivation d = derive(def);
  REQUIRE(d.findings.size() == 1);
  const iamsmith::Diagnostic& generated = d.findings[0].diagnostic;
  const iamsmith::Rule* rule = iamsmith::find_rule("S005");
  REQUIRE(rule != nullptr);
  const auto linted = iamsmith::lint_with_rule(*rule, iamsmith::load_policy_text(def, "definition.json"),
                                               iamsmith::LintContext{});
  REQUIRE(linted.size() == 1);
  CHECK(generated.rule_id == "S005");
  CHECK(generated.severity == iamsmith::Severity::Error);
  CHECK(linted[0].severity == iamsmith::Severity::Warning);
  CHECK(generated.message == linted[0].message);
  CHECK(generated.span.pointer == linted[0].span.pointer);
  CHECK(generated.span.line == linted[0].span.line);
  CHECK(generated.span.column == linted[0].span.column);
  REQUIRE(generated.notes.size() == linted[0].notes.size());
  for (std::size_t i = 0; i < generated.notes.size(); ++i)
    CHECK(generated.notes[i].message == linted[0].notes[i].message);
}

TEST_CASE("S009 and S008: generate and lint report the same finding") {
  iamsmith::LintContext context;
  context.state_machine_arn = kStateMachine;
  for (const std::string& def :
       {one_task("arn:aws:states:::lambda:invoke",
                 R"({"FunctionName": "arn:aws:lambda:us-east-2:111122223333:function:Echo"})"),
        one_task("arn:aws:states:::lambda:invoke", R"({"FunctionName": "Echo"})",
                 R"({"RoleArn": "arn:aws:iam::111122223333:user/Deployer"})")}) {
    const sfn::Derivation d = derive(def);
    REQUIRE(d.findings.size() == 1);
    const iamsmith::Diagnostic& generated = d.findings[0].diagnostic;
    const iamsmith::Rule* rule = iamsmith::find_rule(generated.rule_id);
    REQUIRE(rule != nullptr);
    const auto linted =
        iamsmith::lint_with_rule(*rule, iamsmith::load_policy_text(def, "definition.json"), context);
    REQUIRE(linted.size() == 1);
    CHECK(generated.severity == linted[0].severity);
    CHECK(generated.message == linted[0].message);
    CHECK(generated.span.pointer == linted[0].span.pointer);
    CHECK(generated.span.line == linted[0].span.line);
    CHECK(generated.span.column == linted[0].span.column);
    REQUIRE(generated.notes.size() == linted[0].notes.size());
    for (std::size_t i = 0; i < generated.notes.size(); ++i)
      CHECK(generated.notes[i].message == linted[0].notes[i].message);
  }
}
