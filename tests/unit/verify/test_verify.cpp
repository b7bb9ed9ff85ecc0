// verify: each link decided by the evaluator and explained under the right rule, at the right
// place, with a fix; chains derived from specs and definitions as the generator derives them.

#include <doctest/doctest.h>

#include <deque>
#include <string>
#include <vector>

#include "iamsmith/asl.hpp"
#include "iamsmith/generate.hpp"
#include "iamsmith/json.hpp"
#include "iamsmith/load.hpp"
#include "iamsmith/setup.hpp"
#include "iamsmith/sfn.hpp"
#include "iamsmith/verify.hpp"

namespace v = iamsmith::verify;
namespace gen = iamsmith::gen;

namespace {

constexpr const char* kSm = "arn:aws:states:us-east-1:123456789012:stateMachine:Orders";
constexpr const char* kExec = "arn:aws:iam::123456789012:role/OrdersExecution";
constexpr const char* kRole = "arn:aws:iam::111122223333:role/LambdaRole";
constexpr const char* kFunction = "arn:aws:lambda:us-east-1:111122223333:function:Echo";

std::string statement_policy(const std::string& statements) {
  return "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n" + statements + "\n  ]\n}\n";
}

std::string assume_policy(const std::string& resource, const std::string& effect = "Allow") {
  return statement_policy("    {\"Sid\": \"Assume\", \"Effect\": \"" + effect +
                          "\", \"Action\": \"sts:AssumeRole\", \"Resource\": \"" + resource + "\"}");
}

std::string trust_policy(const std::string& principal, const std::string& external_id) {
  return statement_policy("    {\"Sid\": \"Trust\", \"Effect\": \"Allow\",\n     \"Principal\": {\"AWS\": \"" + principal +
                          "\"},\n     \"Action\": \"sts:AssumeRole\",\n     \"Condition\": {\"StringEquals\": "
                          "{\"sts:ExternalId\": \"" +
                          external_id + "\"}}}");
}

std::string permissions_policy(const std::string& action, const std::string& resource) {
  return statement_policy("    {\"Sid\": \"Invoke\", \"Effect\": \"Allow\", \"Action\": \"" + action +
                          "\", \"Resource\": \"" + resource + "\"}");
}

v::LinkRequest request() {
  v::LinkRequest r;
  r.state_machine_arn = kSm;
  r.execution_role_arn = kExec;
  r.role_arn = kRole;
  r.action = "lambda:InvokeFunction";
  r.resource = kFunction;
  return r;
}

v::Link check(v::LinkKind kind, const std::string& text, const v::LinkRequest& r = request()) {
  const iamsmith::LoadedPolicy loaded = iamsmith::load_policy_text(text, "policy.json");
  REQUIRE(loaded.policy.has_value());
  return v::check_link(kind, r, *loaded.policy);
}

bool has_note(const v::Link& link, const std::string& part) {
  if (!link.finding) return false;
  for (const auto& n : link.finding->notes) {
    if (n.message.find(part) != std::string::npos) return true;
  }
  return false;
}

// A setup and its policy files, as the CLI reads them.
struct Fixture {
  std::vector<gen::Setup> setups;
  std::deque<iamsmith::LoadedPolicy> loaded;
  std::vector<v::PolicyFile> files;

  void add(const std::string& role, v::Purpose purpose, const std::string& text) {
    loaded.push_back(iamsmith::load_policy_text(text, std::string(v::purpose_name(purpose)) + ".json"));
    files.push_back(v::PolicyFile{role, purpose, gen::kNoInput, &loaded.back()});
  }

  v::Report run() const { return v::verify(setups, files, gen::Options{}, gen::builtin_integrations()); }
};

gen::Text text(const std::string& value) { return gen::Text{value, gen::kNoInput, {}}; }

gen::Setup spec_setup(const std::string& role = kRole) {
  gen::Setup s;
  s.state_machine_arn = text(kSm);
  s.execution_role_arn = text(kExec);
  gen::TargetSpec t;
  t.role_arn = text(role);
  t.integration = text("arn:aws:states:::lambda:invoke");
  t.resources = {text(kFunction)};
  t.label = "target 0";
  s.targets.push_back(t);
  return s;
}

// The tutorial's policies, as generate writes them for spec_setup().
void add_generated(Fixture& f) {
  f.add(kExec, v::Purpose::AssumeRole, assume_policy(kRole));
  f.add(kRole, v::Purpose::Trust, trust_policy(kExec, kSm));
  f.add(kRole, v::Purpose::Permissions,
        statement_policy("    {\"Sid\": \"InvokeEcho\", \"Effect\": \"Allow\", \"Action\": \"lambda:InvokeFunction\", "
                         "\"Resource\": [\"" + std::string(kFunction) + "\", \"" + kFunction + ":*\"]}"));
}

}  // namespace

TEST_CASE("verify: the assume-role link holds by the statement that grants it, else S003 at what to fix") {
  const v::Link ok = check(v::LinkKind::AssumeRole, assume_policy(kRole));
  CHECK(ok.status == v::LinkStatus::Satisfied);
  CHECK(ok.statement == "Assume");
  CHECK(ok.span.line == 4);
  CHECK_FALSE(ok.finding.has_value());

  const v::Link wrong = check(v::LinkKind::AssumeRole, assume_policy("arn:aws:iam::111122223333:role/Other"));
  CHECK(wrong.status == v::LinkStatus::Broken);
  REQUIRE(wrong.finding.has_value());
  CHECK(wrong.finding->rule_id == "S003");
  CHECK(wrong.finding->rule_name == "assume-not-granted");
  CHECK(wrong.finding->span.pointer == "/Statement/0/Resource");
  CHECK(has_note(wrong, "why: "));
  CHECK(has_note(wrong, "fix: add \"arn:aws:iam::111122223333:role/LambdaRole\" to the Resource of statement \"Assume\""));
  CHECK(has_note(wrong, "or add this statement to the Statement array: {\"Effect\":\"Allow\",\"Action\":"
                        "\"sts:AssumeRole\",\"Resource\":\"arn:aws:iam::111122223333:role/LambdaRole\"}"));

  // No statement comes close: the place to add one is the Statement array.
  const v::Link none = check(v::LinkKind::AssumeRole, permissions_policy("s3:GetObject", "*"));
  REQUIRE(none.finding.has_value());
  CHECK(none.finding->rule_id == "S003");
  CHECK(none.finding->span.pointer == "/Statement");

  const v::Link denied = check(
      v::LinkKind::AssumeRole,
      statement_policy("    {\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\", \"Resource\": \"*\"},\n"
                       "    {\"Sid\": \"NoCrossAccount\", \"Effect\": \"Deny\", \"Action\": \"sts:*\", \"Resource\": \"*\"}"));
  REQUIRE(denied.finding.has_value());
  CHECK(denied.finding->rule_id == "S003");
  CHECK(denied.finding->message.find("statement \"NoCrossAccount\" denies it explicitly") != std::string::npos);
  CHECK(denied.finding->span.pointer == "/Statement/1");
}

TEST_CASE("verify: the trust link tells a wrong ExternalId (S001) from a wrong principal (S006) and another partition (X001)") {
  const v::Link ok = check(v::LinkKind::Trust, trust_policy(kExec, kSm));
  CHECK(ok.status == v::LinkStatus::Satisfied);
  CHECK(ok.statement == "Trust");

  const std::string other_region = "arn:aws:states:us-east-2:123456789012:stateMachine:Orders";
  const v::Link external = check(v::LinkKind::Trust, trust_policy(kExec, other_region));
  REQUIRE(external.finding.has_value());
  CHECK(external.finding->rule_id == "S001");
  CHECK(external.finding->span.pointer == "/Statement/0/Condition/StringEquals/sts:ExternalId");
  CHECK(has_note(external, "fix: change the ExternalId \"" + other_region + "\" to \"" + kSm + "\""));

  const v::Link principal = check(v::LinkKind::Trust, trust_policy("arn:aws:iam::123456789012:role/Legacy", kSm));
  REQUIRE(principal.finding.has_value());
  CHECK(principal.finding->rule_id == "S006");
  CHECK(principal.finding->span.pointer == "/Statement/0/Principal/AWS");
  CHECK(has_note(principal, "fix: change the principal \"arn:aws:iam::123456789012:role/Legacy\" to \"" +
                                std::string(kExec) + "\""));

  const v::Link china = check(v::LinkKind::Trust, trust_policy("arn:aws-cn:iam::123456789012:role/OrdersExecution", kSm));
  REQUIRE(china.finding.has_value());
  CHECK(china.finding->rule_id == "X001");
  CHECK(china.finding->message.find("a principal in partition aws-cn, but the role is in partition aws") !=
        std::string::npos);
}

TEST_CASE("verify: the permissions link needs the call itself, not the generator's widening to qualified ARNs") {
  CHECK(check(v::LinkKind::Permissions, permissions_policy("lambda:InvokeFunction", kFunction)).status ==
        v::LinkStatus::Satisfied);
  const v::Link qualified_only =
      check(v::LinkKind::Permissions, permissions_policy("lambda:InvokeFunction", std::string(kFunction) + ":*"));
  REQUIRE(qualified_only.finding.has_value());
  CHECK(qualified_only.finding->rule_id == "S004");
  CHECK(qualified_only.finding->span.pointer == "/Statement/0/Resource");
  // The statement names the function but not the action: the smallest fix is adding the action.
  const v::Link other_action = check(v::LinkKind::Permissions, permissions_policy("lambda:GetFunction", kFunction));
  REQUIRE(other_action.finding.has_value());
  CHECK(other_action.finding->rule_id == "S004");
  CHECK(other_action.finding->span.pointer == "/Statement/0/Action");
  CHECK(other_action.finding->message ==
        "the role arn:aws:iam::111122223333:role/LambdaRole may not call lambda:InvokeFunction on " +
            std::string(kFunction) + ": statement \"Invoke\" does not grant it");
  CHECK(has_note(other_action, "fix: add \"lambda:InvokeFunction\" to the Action of statement \"Invoke\""));
  // A statement about something else does not come close: add one.
  const v::Link unrelated = check(v::LinkKind::Permissions, permissions_policy("lambda:GetFunction", "*"));
  REQUIRE(unrelated.finding.has_value());
  CHECK(unrelated.finding->span.pointer == "/Statement");
  CHECK(unrelated.finding->message ==
        "the role arn:aws:iam::111122223333:role/LambdaRole may not call lambda:InvokeFunction on " +
            std::string(kFunction) + ": no statement allows lambda:InvokeFunction");
}

TEST_CASE("verify: a generated setup verifies clean, link by link") {
  Fixture f;
  f.setups.push_back(spec_setup());
  add_generated(f);
  const v::Report r = f.run();
  CHECK(r.ok());
  CHECK(r.findings.empty());
  REQUIRE(r.chains.size() == 1);
  const v::Chain& c = r.chains[0];
  CHECK(c.who == "target 0");
  CHECK(c.role_arn == kRole);
  // assume-role, trust, one call (the ":*" widening is not a call), partition.
  REQUIRE(c.links.size() == 4);
  CHECK(c.links[0].kind == v::LinkKind::AssumeRole);
  CHECK(c.links[1].kind == v::LinkKind::Trust);
  CHECK(c.links[2].kind == v::LinkKind::Permissions);
  CHECK(c.links[2].action == "lambda:InvokeFunction");
  CHECK(c.links[2].resource == kFunction);
  CHECK(c.links[2].statement == "InvokeEcho");
  CHECK(c.links[3].kind == v::LinkKind::Partition);
  for (const v::Link& l : c.links) CHECK(l.status == v::LinkStatus::Satisfied);
}

TEST_CASE("verify: a missing policy file breaks its link and the others are still checked") {
  Fixture f;
  f.setups.push_back(spec_setup());
  f.add(kExec, v::Purpose::AssumeRole, assume_policy(kRole));
  f.add(kRole, v::Purpose::Permissions, permissions_policy("lambda:InvokeFunction", kFunction));
  const v::Report r = f.run();
  CHECK_FALSE(r.ok());
  REQUIRE(r.chains.size() == 1);
  const auto& links = r.chains[0].links;
  REQUIRE(links.size() == 4);
  CHECK(links[0].status == v::LinkStatus::Satisfied);
  CHECK(links[1].status == v::LinkStatus::Broken);
  REQUIRE(links[1].finding.has_value());
  CHECK(links[1].finding->rule_id == "S006");
  CHECK(links[1].finding->message.find("no trust policy of " + std::string(kRole) + " was given") == 0);
  CHECK(links[2].status == v::LinkStatus::Satisfied);
}

TEST_CASE("verify: a fix offers the statement generate writes for the link") {
  Fixture f;
  f.setups.push_back(spec_setup());
  add_generated(f);
  f.loaded.push_back(iamsmith::load_policy_text(permissions_policy("s3:GetObject", "*"), "assume.json"));
  f.files[0].loaded = &f.loaded.back();
  const v::Report r = f.run();
  REQUIRE(r.chains.size() == 1);
  const v::Link& l = r.chains[0].links[0];
  REQUIRE(l.finding.has_value());
  CHECK(has_note(l, "fix: add this statement to the Statement array: {\"Sid\":\"AssumeLambdaRole\",\"Effect\":\"Allow\","
                    "\"Action\":\"sts:AssumeRole\",\"Resource\":\"arn:aws:iam::111122223333:role/LambdaRole\"}"));
}

TEST_CASE("verify: every Task with Credentials of a definition is its own chain") {
  const std::string definition = R"({"StartAt": "A", "States": {
    "A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
          "Credentials": {"RoleArn": "arn:aws:iam::111122223333:role/LambdaRole"},
          "Parameters": {"FunctionName": "Echo"}, "Next": "B"},
    "B": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
          "Credentials": {"RoleArn": "arn:aws:iam::444455556666:role/SnsRole"},
          "Parameters": {"TopicArn": "arn:aws:sns:us-east-1:444455556666:alerts", "Message": "x"}, "Next": "C"},
    "C": {"Type": "Pass", "End": true}}})";
  const auto doc = iamsmith::json::parse(definition);
  REQUIRE(doc.root.has_value());
  Fixture f;
  gen::Setup s;
  s.state_machine_arn = text(kSm);
  s.execution_role_arn = text(kExec);
  s.definition = iamsmith::asl::build_definition(*doc.root);
  f.setups.push_back(s);
  add_generated(f);  // grants the Lambda role's chain only
  const v::Report r = f.run();
  REQUIRE(r.chains.size() == 2);
  CHECK(r.chains[0].who == "state 'A'");
  CHECK(r.chains[0].ok());
  CHECK(r.chains[1].who == "state 'B'");
  CHECK(r.chains[1].role_arn == "arn:aws:iam::444455556666:role/SnsRole");
  CHECK_FALSE(r.chains[1].ok());
  // Derived as generate derives it: sns:Publish on the topic.
  bool publish = false;
  for (const v::Link& l : r.chains[1].links) {
    publish = publish || (l.kind == v::LinkKind::Permissions && l.action == "sns:Publish" &&
                          l.resource == "arn:aws:sns:us-east-1:444455556666:alerts");
  }
  CHECK(publish);
  CHECK_FALSE(r.ok());
}

TEST_CASE("verify: a target role in another partition breaks the partition link (S007)") {
  Fixture f;
  const std::string china_role = "arn:aws-cn:iam::111122223333:role/LambdaRole";
  f.setups.push_back(spec_setup(china_role));
  add_generated(f);
  const v::Report r = f.run();
  CHECK_FALSE(r.ok());
  REQUIRE(r.chains.size() == 1);
  const v::Link& partition = r.chains[0].links.back();
  CHECK(partition.kind == v::LinkKind::Partition);
  CHECK(partition.status == v::LinkStatus::Broken);
  REQUIRE(partition.finding.has_value());
  CHECK(partition.finding->rule_id == "S007");
}

TEST_CASE("verify: the drawings mark each link, broken ones in red") {
  Fixture f;
  f.setups.push_back(spec_setup());
  add_generated(f);
  f.loaded.push_back(iamsmith::load_policy_text(trust_policy(kExec, "wrong"), "trust.json"));
  f.files[1].loaded = &f.loaded.back();
  const v::Report r = f.run();
  const std::string mermaid = v::render_mermaid(r);
  CHECK(mermaid.rfind("flowchart LR\n", 0) == 0);
  CHECK(mermaid.find("n0[\"" + std::string(kSm) + "\"]") != std::string::npos);
  CHECK(mermaid.find("n1 -->|\"assume-role ok\"| n2") != std::string::npos);
  CHECK(mermaid.find("n1 -->|\"trust broken\"| n2") != std::string::npos);
  CHECK(mermaid.find("  linkStyle 2 stroke:red,color:red\n") != std::string::npos);
  CHECK(mermaid.find("linkStyle 1 ") == std::string::npos);
  const std::string dot = v::render_dot(r);
  CHECK(dot.find("n1 -> n2 [label=\"trust broken\", color=red, fontcolor=red];") != std::string::npos);
  CHECK(dot.find("n2 -> n3 [label=\"lambda:InvokeFunction ok\"];") != std::string::npos);
}

TEST_CASE("verify: a qualified Lambda call is checked on the qualified function, as the Task calls it") {
  Fixture f;
  gen::Setup s = spec_setup();
  s.targets[0].resources = {text("Echo:prod")};
  f.setups.push_back(s);
  f.add(kExec, v::Purpose::AssumeRole, assume_policy(kRole));
  f.add(kRole, v::Purpose::Trust, trust_policy(kExec, kSm));
  // Granting the alias alone is enough: the Task calls FUNCTION:prod, not FUNCTION.
  f.add(kRole, v::Purpose::Permissions, permissions_policy("lambda:InvokeFunction", std::string(kFunction) + ":prod"));
  const v::Report ok = f.run();
  REQUIRE(ok.chains.size() == 1);
  CHECK(ok.chains[0].ok());
  REQUIRE(ok.chains[0].links.size() == 4);
  CHECK(ok.chains[0].links[2].resource == std::string(kFunction) + ":prod");

  // The unqualified function does not cover the alias.
  f.loaded.push_back(iamsmith::load_policy_text(permissions_policy("lambda:InvokeFunction", kFunction), "p.json"));
  f.files[2].loaded = &f.loaded.back();
  const v::Report broken = f.run();
  REQUIRE(broken.chains.size() == 1);
  const v::Link& call = broken.chains[0].links[2];
  CHECK(call.status == v::LinkStatus::Broken);
  REQUIRE(call.finding.has_value());
  CHECK(call.finding->rule_id == "S004");
  CHECK(call.finding->message.find(std::string(kFunction) + ":prod") != std::string::npos);
}

TEST_CASE("verify: the trust fix offers the statement of sfn::trust_statement, which generate writes") {
  Fixture f;
  f.setups.push_back(spec_setup());
  add_generated(f);
  f.loaded.push_back(iamsmith::load_policy_text(permissions_policy("s3:GetObject", "*"), "trust.json"));
  f.files[1].loaded = &f.loaded.back();
  const v::Report r = f.run();
  REQUIRE(r.chains.size() == 1);
  const v::Link& trust = r.chains[0].links[1];
  REQUIRE(trust.finding.has_value());
  CHECK(iamsmith::sfn::trust_statement({kExec}, {kSm}).sid->text == "TrustOrdersStateMachine");
  CHECK(has_note(trust, "\"Sid\":\"TrustOrdersStateMachine\""));
  CHECK(has_note(trust, "\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"" + std::string(kSm) + "\"}}"));
}

TEST_CASE("verify reads the setup as generate does: G004 and S009 on the same definition") {
  iamsmith::sfn::SetupRequest request;
  request.definition = std::string(IAMSMITH_SOURCE_DIR) + "/tests/data/verify/trailing-comma-cross-region.asl.json";
  request.state_machine_arn = kSm;
  request.execution_role_arn = kExec;
  const iamsmith::sfn::SetupRead setup = iamsmith::sfn::read_setup(request);
  REQUIRE(setup.io_errors.empty());
  REQUIRE(setup.setups.size() == 1);
  REQUIRE(setup.findings.size() == 1);
  CHECK(setup.findings[0].diagnostic.rule_id == "G004");
  CHECK(setup.findings[0].diagnostic.span.line == 8);
  CHECK(setup.inputs[0].path == "<command line>");

  const gen::Result generated = gen::generate(setup.setups, setup.options, setup.table);
  const v::Report verified = v::verify(setup.setups, {}, setup.options, setup.table);
  auto s009 = [](const std::vector<gen::Finding>& findings) {
    std::vector<std::string> out;
    for (const gen::Finding& f : findings) {
      if (f.diagnostic.rule_id == "S009") {
        out.push_back(std::to_string(f.input) + ":" + std::to_string(f.diagnostic.span.line) + ":" +
                      std::to_string(f.diagnostic.span.column) + " " + f.diagnostic.message);
      }
    }
    return out;
  };
  REQUIRE(s009(generated.findings).size() == 1);
  CHECK(s009(verified.findings) == s009(generated.findings));
}


namespace {

// `definition` verified with `options`: the execution role may assume LambdaRole, which trusts it,
// and whose permission policy grants `action` on `granted` (none: no permission policy given).
v::Report verify_definition(const std::string& definition, const gen::Options& options,
                            const std::string& action = "", const std::string& granted = "") {
  const auto doc = iamsmith::json::parse(definition);
  REQUIRE(doc.root.has_value());
  Fixture f;
  gen::Setup s;
  s.state_machine_arn = text(kSm);
  s.execution_role_arn = text(kExec);
  s.definition = iamsmith::asl::build_definition(*doc.root);
  f.setups.push_back(s);
  f.add(kExec, v::Purpose::AssumeRole, assume_policy(kRole));
  f.add(kRole, v::Purpose::Trust, trust_policy(kExec, kSm));
  if (!action.empty()) f.add(kRole, v::Purpose::Permissions, permissions_policy(action, granted));
  return v::verify(f.setups, f.files, options, gen::builtin_integrations());
}

// A one-Task definition verified so.
v::Report verify_with(const std::string& resource, const std::string& parameters, const gen::Options& options,
                      const std::string& action = "", const std::string& granted = "") {
  return verify_definition(R"({"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": ")" + resource +
                               R"(", "Credentials": {"RoleArn": "arn:aws:iam::111122223333:role/LambdaRole"}, "Parameters": )" +
                               parameters + R"(, "End": true}}})",
                           options, action, granted);
}

// The same with generate's default options, the permission policy granting `granted_action` on "*".
v::Report verify_task(const std::string& resource, const std::string& parameters, const std::string& granted_action) {
  return verify_with(resource, parameters, gen::Options{}, granted_action, "*");
}

}  // namespace

TEST_CASE("verify: an SDK name that is no IAM action never satisfies the permissions link") {
  // s3:copyObject is checked as the IAM actions it needs: granting the API name grants nothing.
  const v::Report copy = verify_task("arn:aws:states:::aws-sdk:s3:copyObject",
                                     R"({"Bucket": "archive", "Key": "a.csv", "CopySource": "inbox/a.csv"})", "s3:CopyObject");
  REQUIRE(copy.chains.size() == 1);
  std::vector<std::string> broken;
  for (const v::Link& l : copy.chains[0].links) {
    if (l.kind != v::LinkKind::Permissions) continue;
    CHECK(l.status == v::LinkStatus::Broken);
    broken.push_back(l.action + " " + l.resource);
  }
  CHECK(broken == std::vector<std::string>{"s3:GetObject arn:aws:s3:::inbox/a.csv", "s3:PutObject arn:aws:s3:::archive/a.csv"});
  CHECK_FALSE(copy.ok());
  // An SDK call whose IAM action the catalogue does not have: an error, never a satisfied chain.
  const v::Report unknown = verify_task("arn:aws:states:::aws-sdk:s3:fetchThing", R"({"Bucket": "b"})", "s3:FetchThing");
  CHECK_FALSE(unknown.ok());
  bool g007 = false;
  for (const auto& finding : unknown.findings) g007 = g007 || finding.diagnostic.rule_id == "G007";
  CHECK(g007);
}

namespace {

const iamsmith::sfn::Finding* finding_of(const v::Report& r, const std::string& id) {
  for (const auto& f : r.findings) {
    if (f.diagnostic.rule_id == id) return &f;
  }
  return nullptr;
}

std::vector<std::string> permission_links(const v::Report& r) {
  std::vector<std::string> out;
  for (const v::Chain& c : r.chains) {
    for (const v::Link& l : c.links) {
      if (l.kind != v::LinkKind::Permissions) continue;
      out.push_back(l.action + " " + l.resource + (l.status == v::LinkStatus::Satisfied ? " ok" : " broken"));
    }
  }
  return out;
}

}  // namespace

TEST_CASE("verify: a target chosen at run time has generate's contract: G010 by default, G009 with exact resources") {
  const std::string dynamic = R"({"FunctionName.$": "$.fn", "Payload.$": "$"})";
  const std::string any_function = "arn:aws:lambda:us-east-1:111122223333:function:*";
  // With exact resources: the Task's calls cannot be derived, so no permission link is checked
  // and the report fails on the error, whatever the policy grants.
  gen::Options exact;
  exact.exact_resources = true;
  const v::Report refused = verify_with("arn:aws:states:::lambda:invoke", dynamic, exact, "lambda:InvokeFunction", "*");
  CHECK_FALSE(refused.ok());
  const auto* g009 = finding_of(refused, "G009");
  REQUIRE(g009 != nullptr);
  CHECK(g009->diagnostic.severity == iamsmith::Severity::Error);
  CHECK(permission_links(refused).empty());

  // By default: the call is checked on every function of the account, as generate grants it.
  const gen::Options any;
  const v::Report granted = verify_with("arn:aws:states:::lambda:invoke", dynamic, any, "lambda:InvokeFunction",
                                        any_function);
  const auto* g010 = finding_of(granted, "G010");
  REQUIRE(g010 != nullptr);
  CHECK(g010->diagnostic.severity == iamsmith::Severity::Warning);
  CHECK(finding_of(granted, "G009") == nullptr);
  CHECK(permission_links(granted) == std::vector<std::string>{"lambda:InvokeFunction " + any_function + " ok"});
  CHECK(granted.ok());
  // A policy that grants one function does not cover "any".
  const v::Report narrow = verify_with("arn:aws:states:::lambda:invoke", dynamic, any, "lambda:InvokeFunction", kFunction);
  CHECK(permission_links(narrow) == std::vector<std::string>{"lambda:InvokeFunction " + any_function + " broken"});
  CHECK_FALSE(narrow.ok());

  // An aws-sdk resource chosen at run time, the same way. The request carries the target account
  // as s3:ResourceAccount (the bucket's owner), so a grant conditioned on it is satisfied.
  const std::string bucket = R"({"Bucket.$": "$.bucket", "Key": "in.csv"})";
  CHECK(finding_of(verify_with("arn:aws:states:::aws-sdk:s3:getObject", bucket, exact, "s3:GetObject", "*"), "G009") !=
        nullptr);
  const v::Report sdk = verify_with("arn:aws:states:::aws-sdk:s3:getObject", bucket, any, "s3:GetObject", "arn:aws:s3:::*/in.csv");
  CHECK(finding_of(sdk, "G010") != nullptr);
  CHECK(sdk.ok());
}

TEST_CASE("verify: a call IAM does not authorise (eks:call) has no permission link, and G016 says what it needs") {
  const v::Report r = verify_with("arn:aws:states:::eks:call",
                                  R"({"ClusterName": "batch", "CertificateAuthority": "Q0E=",
                                      "Endpoint": "https://ABC.gr7.us-east-1.eks.amazonaws.com", "Method": "GET",
                                      "Path": "/api/v1/namespaces/jobs/pods"})",
                                  gen::Options{});
  CHECK(r.ok());
  REQUIRE(r.chains.size() == 1);
  CHECK(permission_links(r).empty());
  const auto* w = finding_of(r, "G016");
  REQUIRE(w != nullptr);
  CHECK(w->diagnostic.severity == iamsmith::Severity::Warning);
  CHECK(w->diagnostic.message.find("Kubernetes RBAC authorises the call") != std::string::npos);
}

// An activity Task with Credentials needs no statement of the target role (its workers call Step
// Functions with their own credentials): G016 says so, once, and G015 ("no cross-account call")
// is not reported for a definition whose other Tasks make cross-account calls.
TEST_CASE("verify: an activity Task beside cross-account calls draws G016, not G015") {
  const std::string definition = R"({"StartAt": "Work", "States": {
    "Work": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:111122223333:activity:Review",
             "Credentials": {"RoleArn": "arn:aws:iam::111122223333:role/LambdaRole"}, "Next": "Call"},
    "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
             "Credentials": {"RoleArn": "arn:aws:iam::111122223333:role/LambdaRole"},
             "Parameters": {"FunctionName": "arn:aws:lambda:us-east-1:111122223333:function:Echo"}, "End": true}}})";
  const v::Report r = verify_definition(definition, gen::Options{}, "lambda:InvokeFunction", kFunction);
  CHECK(finding_of(r, "G015") == nullptr);
  const auto* w = finding_of(r, "G016");
  REQUIRE(w != nullptr);
  CHECK(w->diagnostic.message.find("runs the activity") != std::string::npos);
  REQUIRE(r.chains.size() == 2);
  CHECK(r.chains[0].ok());
  CHECK(r.chains[1].ok());
}
