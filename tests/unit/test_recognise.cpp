// What a JSON file is, from its name and root keys.

#include <doctest/doctest.h>

#include <string>

#include "iamsmith/json.hpp"
#include "iamsmith/recognise.hpp"

using iamsmith::InputKind;

namespace {

iamsmith::Recognised recognise(const std::string& path, const std::string& text) {
  const iamsmith::json::Document doc = iamsmith::json::parse(text);
  return iamsmith::recognise_input(path, doc.root ? &*doc.root : nullptr);
}

InputKind kind(const std::string& path, const std::string& text) { return recognise(path, text).kind; }

}  // namespace

TEST_CASE("recognise: policies, broken ones included, stay policies") {
  CHECK(kind("p.json", R"({"Version": "2012-10-17", "Statement": []})") == InputKind::Policy);
  CHECK(kind("p.json", R"({"Statement": {"Effect": "Allow"}})") == InputKind::Policy);
  CHECK(kind("p.json", R"({"Version": "2012-10-17", "Statment": []})") == InputKind::Policy);  // a typo
  CHECK(kind("p.json", R"({"statement": []})") == InputKind::Policy);
  CHECK(kind("p.json", R"({"Effect": "Allow", "Action": "s3:GetObject"})") == InputKind::Policy);  // a bare statement
  CHECK(kind("p.json", "{}") == InputKind::Policy);
  CHECK(kind("p.json", "{ not json") == InputKind::Policy);  // its syntax error is the finding
  // A file named package.json that holds a policy is a policy: content first.
  CHECK(kind("package.json", R"({"Version": "2012-10-17", "Statement": []})") == InputKind::Policy);
}

TEST_CASE("recognise: definitions, templates, plans, CLI responses") {
  CHECK(kind("sm.asl.json", R"({"StartAt": "A", "States": {}})") == InputKind::Definition);
  CHECK(kind("t.json", R"({"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}})") == InputKind::Template);
  CHECK(kind("Stack.template.json", R"({"Resources": {"R": {"Type": "AWS::IAM::Role"}}})") == InputKind::Template);
  CHECK(kind("plan.json", R"({"format_version": "1.2", "terraform_version": "1.6.0", "planned_values": {}})") ==
        InputKind::TerraformPlan);
  CHECK(recognise("r.json", R"({"Role": {"RoleName": "R"}})").looks_like == "aws iam get-role");
  CHECK(recognise("v.json", R"({"PolicyVersion": {"Document": {}}})").looks_like == "aws iam get-policy-version");
  CHECK(recognise("p.json", R"({"RoleName": "R", "PolicyName": "P", "PolicyDocument": {}})").looks_like ==
        "aws iam get-role-policy");
  CHECK(recognise("p.json", R"({"UserName": "U", "PolicyName": "P", "PolicyDocument": "%7B%7D"})").looks_like ==
        "aws iam get-user-policy");
  CHECK(recognise("a.json", R"({"UserDetailList": [], "RoleDetailList": [], "Policies": []})").looks_like ==
        "aws iam get-account-authorization-details");
  CHECK(recognise("d.json", R"({"stateMachineArn": "arn", "definition": "{}", "roleArn": "arn"})").looks_like ==
        "aws stepfunctions describe-state-machine");
  CHECK(kind("d.json", R"({"stateMachineArn": "arn", "definition": "{}"})") == InputKind::CliResponse);
}

TEST_CASE("recognise: iamsmith's own files are what they are") {
  CHECK(kind("spec.json", R"({"stateMachineArn": "a", "executionRoleArn": "b", "targets": []})") ==
        InputKind::IamsmithSpec);
  CHECK(kind("spec.json", R"({"stateMachines": []})") == InputKind::IamsmithSpec);
  CHECK(kind("out/manifest.json", R"({"generator": "iamsmith generate", "policies": []})") ==
        InputKind::IamsmithManifest);
  CHECK(kind(".iamsmith.json", R"({"select": ["P"]})") == InputKind::IamsmithConfig);
  CHECK(kind(".iamsmith.json", R"({"selct": ["P"]})") == InputKind::IamsmithConfig);  // by name: K001 says what is wrong
  CHECK(kind("team.json", R"({"ignore": ["W003"], "partition": "aws"})") == InputKind::IamsmithConfig);
}

// Terraform's JSON syntax (https://developer.hashicorp.com/terraform/language/syntax/json): a
// *.tf.json file with resources is read for the policies they hold.
TEST_CASE("recognise: a *.tf.json file with resources is a Terraform configuration") {
  CHECK(recognise("main.tf.json", R"({"resource": {"aws_iam_role": {}}})").kind == InputKind::TerraformConfiguration);
  CHECK(recognise("infra/MAIN.TF.JSON", R"({"//": "x", "resource": {}})").kind == InputKind::TerraformConfiguration);
}

TEST_CASE("recognise: other JSON is not a policy, and says what it looks like") {
  auto looks = [](const std::string& path, const std::string& text) {
    const auto r = recognise(path, text);
    CHECK(r.kind == InputKind::NotAPolicy);
    return r.looks_like;
  };
  CHECK(looks("package.json", R"({"name": "x", "version": "1.0.0"})") == "package.json");
  CHECK(looks("web/tsconfig.build.json", R"({"extends": "./tsconfig.json"})") == "tsconfig.json");
  CHECK(looks(".vscode/settings.json", R"({"editor.tabSize": 2})") == ".vscode/settings.json");
  CHECK(looks("cdk.out/manifest.json", R"({"version": "36.0.0", "artifacts": {}})") == "cdk.out/manifest.json");
  CHECK(looks("main.tf.json", R"({"provider": {"aws": {"region": "us-east-1"}}})") ==
        "a Terraform configuration (*.tf.json)");
  CHECK(looks("main.json", R"({"resource": {"aws_iam_role": {}}})") == "a Terraform configuration (*.tf.json)");
  // By content when the name says nothing.
  CHECK(looks("x.json", R"({"compilerOptions": {}})") == "tsconfig.json");
  CHECK(looks("x.json", R"({"name": "a", "scripts": {}})") == "package.json");
  CHECK(looks("x.json", R"({"Policy": {"PolicyName": "P", "DefaultVersionId": "v1"}})").find("get-policy-version") !=
        std::string::npos);
  CHECK(looks("x.json", R"({"colour": "blue"})").empty());
  CHECK(looks("x.json", "[1, 2]") == "a JSON array");
  CHECK(looks("x.json", "\"text\"") == "a JSON string");
}
