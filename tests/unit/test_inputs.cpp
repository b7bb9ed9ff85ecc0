// Embedded documents: templates read into trees, the documents they hold linted at the
// template's positions, unknown values silent.

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "iamsmith/inputs.hpp"
#include "iamsmith/lint_paths.hpp"

namespace inputs = iamsmith::inputs;
namespace json = iamsmith::json;
using iamsmith::Diagnostic;
using iamsmith::LintSource;

namespace {

std::vector<Diagnostic> lint_text(const std::string& path, const std::string& text,
                                  iamsmith::LintPathsOptions options = {}) {
  const std::vector<LintSource> sources{{path, text}};
  iamsmith::LintRun run = iamsmith::lint_paths(sources, options);
  REQUIRE(run.reports.size() == 1);
  return run.reports.front().diagnostics;
}

const Diagnostic* find(const std::vector<Diagnostic>& ds, const std::string& id) {
  const auto it = std::find_if(ds.begin(), ds.end(), [&](const Diagnostic& d) { return d.rule_id == id; });
  return it == ds.end() ? nullptr : &*it;
}

// The JSON pointers of the findings of rule `id`, in report order.
std::vector<std::string> pointers_of(const std::vector<Diagnostic>& ds, const std::string& id) {
  std::vector<std::string> out;
  for (const Diagnostic& d : ds) {
    if (d.rule_id == id) out.push_back(d.span.pointer.str());
  }
  return out;
}

bool has_rule_prefix(const std::vector<Diagnostic>& ds, const std::string& prefix) {
  return std::any_of(ds.begin(), ds.end(),
                     [&](const Diagnostic& d) { return d.rule_id.rfind(prefix, 0) == 0; });
}

}  // namespace

TEST_CASE("map_string: each decoded byte of a JSON string maps to its escape in the container") {
  const std::string text = R"({"s": "a\"b\u00e9\nc"})";
  json::Document doc = json::parse(text);
  const json::Node& s = *doc.root->get("s");
  const inputs::MappedText m = inputs::map_string(doc.source, s);
  CHECK(m.text() == "a\"b\xC3\xA9\nc");
  CHECK(m.offset_of(0) == 7);   // a
  CHECK(m.offset_of(1) == 8);   // \" starts at 8
  CHECK(m.offset_of(2) == 10);  // b
  CHECK(m.offset_of(3) == 11);  // both bytes of é come from \u00e9
  CHECK(m.offset_of(4) == 11);
  CHECK(m.offset_of(5) == 17);  // \n
  CHECK(m.offset_of(6) == 19);  // c
}

TEST_CASE("parse_embedded_json: spans in the container's lines and columns, pointers from its root") {
  const std::string text =
      "{\n  \"Doc\": \"{\\\"Version\\\": \\\"2012-10-17\\\",\\n \\\"Statement\\\": 3}\"\n}";
  json::Document doc = json::parse(text);
  const json::Node& s = *doc.root->get("Doc");
  const json::Document inner =
      inputs::parse_embedded_json(inputs::map_string(doc.source, s), doc.source, "/Doc");
  REQUIRE(inner.root);
  const json::Node& statement = *inner.root->get("Statement");
  CHECK(statement.span.pointer == "/Doc/Statement");
  CHECK(statement.span.line == 2);
  CHECK(text.substr(statement.span.offset, 1) == "3");
  CHECK(statement.span.column == 58);
}

TEST_CASE("lint: a template's trust policy with Principal \"*\" is found at the template's position") {
  const std::string text = R"({
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "LambdaRole": {
      "Type": "AWS::IAM::Role",
      "Properties": {
        "AssumeRolePolicyDocument": {
          "Version": "2012-10-17",
          "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}]
        }
      }
    }
  }
})";
  const std::vector<Diagnostic> ds = lint_text("template.json", text);
  const Diagnostic* d = find(ds, "T001");
  REQUIRE(d != nullptr);
  CHECK(d->span.pointer == "/Resources/LambdaRole/Properties/AssumeRolePolicyDocument/Statement/0/Principal");
  CHECK(d->span.line == 9);
  CHECK(d->span.column == 58);
  // Not linted as one policy: no "missing Version" or "unknown element" findings on the template.
  CHECK(find(ds, "P005") == nullptr);
  CHECK(find(ds, "P006") == nullptr);
  CHECK(find(ds, "P017") == nullptr);
}

TEST_CASE("lint: an ARN built with Fn::Sub and ${AWS::Partition} is unknown, never an ARN finding") {
  const std::string text = R"({
  "Resources": {
    "P": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": {
        "PolicyDocument": {
          "Version": "2012-10-17",
          "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
                         "Resource": [{"Fn::Sub": "arn:${AWS::Partition}:s3:::${Bucket}/*"},
                                      {"Fn::GetAtt": ["Bucket", "Arn"]}]}]
        }
      }
    }
  }
})";
  const std::vector<Diagnostic> ds = lint_text("t.json", text);
  CHECK_FALSE(has_rule_prefix(ds, "A"));
  CHECK_FALSE(has_rule_prefix(ds, "P"));
  CHECK_FALSE(has_rule_prefix(ds, "X"));
}

TEST_CASE("lint: with --partition the same Fn::Sub resolves, and a wrong ARN is found") {
  const std::string text = R"({
  "Resources": {
    "P": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": {
        "PolicyDocument": {
          "Version": "2012-10-17",
          "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
                         "Resource": {"Fn::Sub": "arn:${AWS::Partition}:s3:us-east-1:123:bucket/*"}}]
        }
      }
    }
  }
})";
  iamsmith::LintPathsOptions options;
  options.context.partition = "aws";
  const std::vector<Diagnostic> ds = lint_text("t.json", text, options);
  CHECK(has_rule_prefix(ds, "A"));
}

namespace {

json::Document yaml(const std::string& text) {
  return inputs::read_tree(text, inputs::Syntax::Yaml);
}

}  // namespace

TEST_CASE("yaml: no YAML 1.1 typing; only JSON-shaped plain scalars are numbers") {
  const json::Document doc = yaml(
      "Version: 2012-10-17\nAccount: 012345678901\nOn: yes\nFlag: true\nN: 1.5\nE: 1e\nNull: ~\nQ: \"42\"\n");
  REQUIRE(doc.root);
  CHECK(doc.root->get("Version")->type == json::Type::String);
  CHECK(doc.root->get("Version")->text == "2012-10-17");
  CHECK(doc.root->get("Account")->type == json::Type::String);
  CHECK(doc.root->get("Account")->text == "012345678901");
  CHECK(doc.root->get("On")->type == json::Type::String);
  CHECK(doc.root->get("Flag")->type == json::Type::Bool);
  CHECK(doc.root->get("N")->type == json::Type::Number);
  CHECK(doc.root->get("E")->type == json::Type::String);
  CHECK(doc.root->get("Null")->type == json::Type::Null);
  CHECK(doc.root->get("Q")->type == json::Type::String);
}

TEST_CASE("yaml: short-form tags become the long form, !GetAtt A.B a two-item list") {
  const json::Document doc =
      yaml("A: !Ref X\nB: !GetAtt Role.Arn\nC: !Join [':', [a, !Ref B]]\nD: !Sub 'x${Y}'\n");
  REQUIRE(doc.root);
  CHECK(json::to_json(*doc.root->get("A")) == R"({"Ref":"X"})");
  CHECK(json::to_json(*doc.root->get("B")) == R"({"Fn::GetAtt":["Role","Arn"]})");
  CHECK(json::to_json(*doc.root->get("C")) == R"({"Fn::Join":[":",["a",{"Ref":"B"}]]})");
  CHECK(json::to_json(*doc.root->get("D")) == R"({"Fn::Sub":"x${Y}"})");
  CHECK(doc.root->get("C")->get("Fn::Join")->items[1].items[1].span.pointer == "/C/Fn::Join/1/1");
}

TEST_CASE("yaml: spans in code points, pointers on every node") {
  const json::Document doc = yaml("é: [a, \"b\"]\nk:\n  - x: 1\n");
  REQUIRE(doc.root);
  const json::Node& b = doc.root->get("é")->items[1];
  CHECK(b.span.pointer == "/é/1");
  CHECK(b.span.line == 1);
  CHECK(b.span.column == 8);
  const json::Node& x = *doc.root->get("k")->items[0].get("x");
  CHECK(x.span.pointer == "/k/0/x");
  CHECK(x.span.line == 3);
  CHECK(x.span.column == 8);
}

TEST_CASE("yaml: duplicate keys and aliases are recorded; bad YAML is an error with its position") {
  const json::Document dup = yaml("a: 1\nb: &x {c: 2}\na: 3\nd: *x\n");
  REQUIRE(dup.root);
  REQUIRE(dup.duplicate_keys.size() == 1);
  CHECK(dup.duplicate_keys[0].second.line == 3);
  REQUIRE(dup.extensions.size() == 1);
  CHECK(dup.extensions[0].kind == json::ExtensionKind::YamlAlias);
  CHECK(dup.extensions[0].span.line == 4);
  CHECK(json::to_json(*dup.root->get("d")) == R"({"c":2})");

  const json::Document bad = yaml("a: [1, 2\nb: 3\n");
  REQUIRE(bad.error);
  CHECK_FALSE(bad.root);
  CHECK(bad.error->span.line >= 1);

  std::string laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'k'; ++c) {
    const char p = static_cast<char>(c - 1);
    laughs += std::string(1, c) + ": &" + c + " [*" + p + ", *" + p + ", *" + p + ", *" + p + ", *" + p +
              ", *" + p + ", *" + p + ", *" + p + ", *" + p + ", *" + p + "]\n";
  }
  const json::Document bomb = yaml(laughs);
  REQUIRE(bomb.error);
  CHECK(bomb.error->kind == json::ErrorKind::TooLarge);

  std::string deep;
  for (int i = 0; i < 200; ++i) deep += "[";
  const json::Document too_deep = yaml(deep);
  REQUIRE(too_deep.error);
  CHECK(too_deep.error->kind == json::ErrorKind::TooDeep);
}

TEST_CASE("lint: a YAML template's literal DefinitionString maps line for line") {
  const std::string text =
      "Resources:\n"
      "  M:\n"
      "    Type: AWS::StepFunctions::StateMachine\n"
      "    Properties:\n"
      "      DefinitionString: |\n"
      "        {\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Task\",\n"
      "          \"Resource\": \"arn:aws:states:::lambda:invoke\",\n"
      "          \"Credentials\": {\"RoleArn\": \"nope\"}, \"End\": true}}}\n"
      "  R:\n"
      "    Type: AWS::IAM::Role\n"
      "    Properties:\n"
      "      AssumeRolePolicyDocument:\n"
      "        Version: 2012-10-17\n"
      "        Statement:\n"
      "          - {Effect: Allow, Principal: '*', Action: sts:AssumeRole}\n";
  const std::vector<Diagnostic> ds = lint_text("t.yaml", text);
  const Diagnostic* s008 = find(ds, "S008");
  REQUIRE(s008 != nullptr);
  CHECK(s008->span.line == 8);
  CHECK(s008->span.column == 38);
  CHECK(s008->span.pointer == "/Resources/M/Properties/DefinitionString/States/A/Credentials/RoleArn");
  const Diagnostic* t001 = find(ds, "T001");
  REQUIRE(t001 != nullptr);
  CHECK(t001->span.line == 15);
  CHECK(t001->span.column == 40);
  CHECK(find(ds, "P004") == nullptr);  // Version: 2012-10-17 unquoted is the text AWS wants
}

TEST_CASE("lint: a YAML alias and a duplicate key in a template are findings") {
  const std::string text =
      "Resources:\n"
      "  P:\n"
      "    Type: AWS::IAM::ManagedPolicy\n"
      "    Properties:\n"
      "      PolicyDocument:\n"
      "        Version: '2012-10-17'\n"
      "        Statement: &s\n"
      "          - {Effect: Allow, Action: s3:GetObject, Resource: 'arn:aws:s3:::b/*'}\n"
      "  Q:\n"
      "    Type: AWS::IAM::ManagedPolicy\n"
      "    Type: AWS::IAM::ManagedPolicy\n"
      "    Properties: {PolicyDocument: {Version: '2012-10-17', Statement: *s}}\n";
  const std::vector<Diagnostic> ds = lint_text("t.yaml", text);
  const Diagnostic* alias = find(ds, "P002");
  REQUIRE(alias != nullptr);
  CHECK(alias->span.line == 12);
  const Diagnostic* dup = find(ds, "P003");
  REQUIRE(dup != nullptr);
  CHECK(dup->span.line == 11);
}

TEST_CASE("lint: a CDK-synthesised template (no format version) is recognised by its resource types") {
  const std::string text =
      R"({"Resources": {"Topic": {"Type": "AWS::SNS::TopicPolicy", "Properties": {"PolicyDocument":
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sns:Publish",
      "Resource": "*"}]}, "Topics": []}, "Metadata": {"aws:cdk:path": "S/Topic"}}}})";
  const std::vector<Diagnostic> ds = lint_text("cdk.out/S.template.json", text);
  const Diagnostic* w004 = find(ds, "W004");
  REQUIRE(w004 != nullptr);
  CHECK(w004->span.pointer == "/Resources/Topic/Properties/PolicyDocument/Statement/0/Principal");
  CHECK(find(ds, "P017") == nullptr);
}

TEST_CASE("lint: SAM function policies and an event bus statement are linted where they are written") {
  const std::string text =
      "Transform: AWS::Serverless-2016-10-31\n"
      "Resources:\n"
      "  F:\n"
      "    Type: AWS::Serverless::Function\n"
      "    Properties:\n"
      "      Policies:\n"
      "        - AWSLambdaBasicExecutionRole\n"
      "        - Statement:\n"
      "            - {Effect: Allow, Action: 's3:*', Resource: '*'}\n"
      "  B:\n"
      "    Type: AWS::Events::EventBusPolicy\n"
      "    Properties:\n"
      "      StatementId: all\n"
      "      Statement: {Effect: Allow, Principal: '*', Action: 'events:PutEvents', Resource: '*'}\n";
  const std::vector<Diagnostic> ds = lint_text("t.yaml", text);
  const Diagnostic* w001 = find(ds, "W001");
  const Diagnostic* w002 = find(ds, "W002");
  REQUIRE((w001 != nullptr || w002 != nullptr));
  const Diagnostic& broad = w001 != nullptr ? *w001 : *w002;
  CHECK(broad.span.line == 9);
  const Diagnostic* w004 = find(ds, "W004");
  REQUIRE(w004 != nullptr);
  CHECK(w004->span.pointer == "/Resources/B/Properties/Statement/Principal");
  CHECK(w004->span.line == 14);
  // SAM passes a policy as written: without Version it is a 2008-10-17 policy. The event bus
  // statement gets none, since CloudFormation writes its policy.
  CHECK(std::count_if(ds.begin(), ds.end(), [](const Diagnostic& d) { return d.rule_id == "P005"; }) == 1);
  CHECK(find(ds, "P005")->span.line == 8);
}

TEST_CASE("lint: a Fn::Join DefinitionString maps piece by piece; DefinitionSubstitutions fill ${Name}") {
  const std::string text = R"({"Resources": {"M": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {
  "DefinitionSubstitutions": {"Fn": {"Fn::GetAtt": ["F", "Arn"]}, "Role": "bad-role"},
  "DefinitionString": {"Fn::Join": ["\n", [
    "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Task\", \"Resource\": \"${Fn}\",",
    "  \"Credentials\": {\"RoleArn\": \"${Role}\"}, \"End\": true}}}"
  ]]}}}}})";
  const std::vector<Diagnostic> ds = lint_text("t.json", text);
  const Diagnostic* s008 = find(ds, "S008");
  REQUIRE(s008 != nullptr);
  CHECK(s008->message.find("bad-role") != std::string::npos);
  CHECK(s008->span.line == 5);
  CHECK(s008->span.column == 39);
  // The GetAtt substituted into Resource is known only after deployment: nothing about it.
  for (const Diagnostic& d : ds) CHECK(d.span.pointer.view().find("/States/A/Resource") == std::string::npos);
}

TEST_CASE("lint: a Lambda permission for everyone is a public resource policy, found at its Principal") {
  const std::string text =
      "Resources:\n"
      "  Open:\n"
      "    Type: AWS::Lambda::Permission\n"
      "    Properties:\n"
      "      Action: lambda:InvokeFunction\n"
      "      FunctionName: !GetAtt Fn.Arn\n"
      "      Principal: '*'\n"
      "  FromBucket:\n"
      "    Type: AWS::Lambda::Permission\n"
      "    Properties:\n"
      "      Action: lambda:InvokeFunction\n"
      "      FunctionName: !Ref Fn\n"
      "      Principal: s3.amazonaws.com\n"
      "      SourceAccount: !Ref AWS::AccountId\n"
      "      SourceArn: !GetAtt Bucket.Arn\n";
  const std::vector<Diagnostic> ds = lint_text("t.yaml", text);
  const Diagnostic* w004 = find(ds, "W004");
  REQUIRE(w004 != nullptr);
  CHECK(w004->span.pointer == "/Resources/Open/Properties/Principal");
  CHECK(w004->span.line == 7);
  for (const Diagnostic& d : ds) CHECK(d.span.pointer.view().find("/Resources/FromBucket") == std::string::npos);
}

TEST_CASE("yaml: a merge key's members yield to the mapping's own keys without a duplicate") {
  const json::Document doc = yaml("a: &x {k: 1, j: 3}\nb: {<<: *x, k: 2}\n");
  REQUIRE(doc.root);
  CHECK(json::to_json(*doc.root->get("b")) == R"({"k":2,"j":3})");
  CHECK(doc.duplicate_keys.empty());
  CHECK(doc.extensions.size() == 2);  // the merge key and the alias
}

// Every resource-policy property the issue names, and the User and Group inline policies, is read
// with its kind: a misspelt action in each is found at its own pointer.
TEST_CASE("lint: KMS, SQS, ECR, API Gateway policies and IAM user and group policies are read where written") {
  const std::string text =
      "Resources:\n"
      "  Key:\n"
      "    Type: AWS::KMS::Key\n"
      "    Properties:\n"
      "      KeyPolicy: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {AWS: 'arn:aws:iam::111122223333:root'}, Action: 'kms:Decrpt', Resource: '*'}]}\n"
      "  Queue:\n"
      "    Type: AWS::SQS::QueuePolicy\n"
      "    Properties:\n"
      "      Queues: [q]\n"
      "      PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: sns.amazonaws.com}, Action: 'sqs:SendMesage', Resource: 'arn:aws:sqs:us-east-1:111122223333:q'}]}\n"
      "  Repo:\n"
      "    Type: AWS::ECR::Repository\n"
      "    Properties:\n"
      "      RepositoryPolicyText: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {AWS: 'arn:aws:iam::111122223333:root'}, Action: 'ecr:BatchGetImag'}]}\n"
      "  Api:\n"
      "    Type: AWS::ApiGateway::RestApi\n"
      "    Properties:\n"
      "      Policy: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {AWS: 'arn:aws:iam::111122223333:root'}, Action: 'execute-api:Invok', Resource: 'execute-api:/*'}]}\n"
      "  User:\n"
      "    Type: AWS::IAM::User\n"
      "    Properties:\n"
      "      Policies: [{PolicyName: u, PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: 's3:GetObjekt', Resource: 'arn:aws:s3:::b/*'}]}}]\n"
      "  Group:\n"
      "    Type: AWS::IAM::Group\n"
      "    Properties:\n"
      "      Policies: [{PolicyName: g, PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: 's3:PutObjekt', Resource: 'arn:aws:s3:::b/*'}]}}]\n";
  const std::vector<Diagnostic> ds = lint_text("t.yaml", text);
  CHECK(pointers_of(ds, "D002") == std::vector<std::string>{
                     "/Resources/Key/Properties/KeyPolicy/Statement/0/Action",
                     "/Resources/Queue/Properties/PolicyDocument/Statement/0/Action",
                     "/Resources/Repo/Properties/RepositoryPolicyText/Statement/0/Action",
                     "/Resources/Api/Properties/Policy/Statement/0/Action",
                     "/Resources/User/Properties/Policies/0/PolicyDocument/Statement/0/Action",
                     "/Resources/Group/Properties/Policies/0/PolicyDocument/Statement/0/Action",
                 });
}

// !FindInMap and !Select resolve where the template says; !ImportValue and !Split are known only
// at deployment: a value built from them is never a finding.
TEST_CASE("lint: !FindInMap and !Select resolve, !ImportValue and !Split stay unknown") {
  const std::string text =
      "Mappings:\n"
      "  Actions: {read: {name: 's3:GetObjekt'}}\n"
      "Resources:\n"
      "  P:\n"
      "    Type: AWS::IAM::ManagedPolicy\n"
      "    Properties:\n"
      "      PolicyDocument:\n"
      "        Version: '2012-10-17'\n"
      "        Statement:\n"
      "          - Effect: Allow\n"
      "            Action:\n"
      "              - !FindInMap [Actions, read, name]\n"
      "              - !Select [1, ['s3:GetObject', 's3:PutObjekt']]\n"
      "              - !ImportValue SharedAction\n"
      "              - !Select [0, !Split [',', !ImportValue ActionList]]\n"
      "            Resource: arn:aws:s3:::b/*\n";
  const std::vector<Diagnostic> ds = lint_text("t.yaml", text);
  CHECK(pointers_of(ds, "D002") == std::vector<std::string>{"/Resources/P/Properties/PolicyDocument/Statement/0/Action/0",
                                       "/Resources/P/Properties/PolicyDocument/Statement/0/Action/1"});
  CHECK(find(ds, "D002")->span.line == 12);
}
