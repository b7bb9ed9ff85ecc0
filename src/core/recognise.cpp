// What a JSON file is (see iamsmith/recognise.hpp). Only names and root keys are looked at.

#include "iamsmith/recognise.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>

#include "iamsmith/text.hpp"

namespace iamsmith {
namespace {

bool has(const json::Node& root, std::string_view key) { return root.find(key) != nullptr; }

bool has_any(const json::Node& root, std::initializer_list<std::string_view> keys) {
  return std::any_of(keys.begin(), keys.end(), [&](std::string_view k) { return has(root, k); });
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A key a policy, or a statement pasted without its policy, has; and misspellings of Statement
// ("Statment", "statement"), so that a broken policy is still linted as one.
bool policy_key(std::string_view key) {
  static constexpr std::array<std::string_view, 11> kKeys{
      "Version", "Id", "Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal",
      "NotPrincipal", "Condition"};
  if (std::find(kKeys.begin(), kKeys.end(), key) != kKeys.end()) return true;
  const std::string k = lower(key);
  return k.find("statem") != std::string::npos || k.find("statment") != std::string::npos;
}

// CloudFormation: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html
// (Resources is the one required section; each resource has a Type).
bool is_template(const json::Node& root) {
  if (has_any(root, {"AWSTemplateFormatVersion", "Transform"})) return true;
  const json::Node* resources = root.get("Resources");
  if (resources == nullptr || !resources->is_object() || resources->members.empty()) return false;
  const json::Node* type = resources->members.front().value.get("Type");
  return type != nullptr && type->is_string();
}

// terraform show -json, of a plan or of the state:
// https://developer.hashicorp.com/terraform/internals/json-format
bool is_terraform_plan(const json::Node& root) {
  return has(root, "format_version") && has(root, "terraform_version") &&
         has_any(root, {"planned_values", "resource_changes", "prior_state", "values", "configuration"});
}

// The AWS CLI's JSON output of the commands whose responses hold policies or definitions:
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRole.html and the pages beside it.
std::string cli_command(const json::Node& root) {
  if (const json::Node* role = root.get("Role"); role != nullptr && role->is_object()) return "aws iam get-role";
  if (const json::Node* v = root.get("PolicyVersion"); v != nullptr && v->is_object())
    return "aws iam get-policy-version";
  if (has(root, "PolicyDocument") && has(root, "PolicyName")) {
    if (has(root, "RoleName")) return "aws iam get-role-policy";
    if (has(root, "UserName")) return "aws iam get-user-policy";
    if (has(root, "GroupName")) return "aws iam get-group-policy";
  }
  if (has_any(root, {"RoleDetailList", "UserDetailList", "GroupDetailList"}))
    return "aws iam get-account-authorization-details";
  if (has(root, "stateMachineArn") && has(root, "definition")) return "aws stepfunctions describe-state-machine";
  // s3api get-bucket-policy and lambda get-policy: {"Policy": "<the policy as a string>"}.
  if (const json::Node* p = root.get("Policy"); p != nullptr && p->is_string()) {
    return has(root, "RevisionId") ? "aws lambda get-policy" : "aws s3api get-bucket-policy";
  }
  return "";
}

bool is_manifest(const json::Node& root) {
  const json::Node* generator = root.get("generator");
  return generator != nullptr && generator->is_string() && generator->text == "iamsmith generate" &&
         has(root, "policies");
}

// generate --spec: {"stateMachineArn", "executionRoleArn", "targets"} or {"stateMachines": [...]}.
bool is_spec(const json::Node& root) {
  if (const json::Node* list = root.get("stateMachines"); list != nullptr && list->is_array()) return true;
  return has(root, "stateMachineArn") && has_any(root, {"executionRoleArn", "targets"}) && !has(root, "definition");
}

// .iamsmith.json: every key one of the configuration's (iamsmith/config.hpp).
bool is_config(const json::Node& root, std::string_view name) {
  if (name == ".iamsmith.json") return true;
  static constexpr std::array<std::string_view, 8> kKeys{"select",  "ignore",  "severity", "ignores",
                                                         "partition", "account", "accounts", "rules"};
  return !root.members.empty() && std::all_of(root.members.begin(), root.members.end(), [](const json::Member& m) {
    return std::find(kKeys.begin(), kKeys.end(), m.key) != kKeys.end();
  });
}

// What a file that is not a policy looks like: by name, then by the keys of well-known files.
std::string looks_like(std::string_view path, const json::Node& root) {
  const std::filesystem::path p(path);
  const std::string name = p.filename().string();
  const std::string parent = p.parent_path().filename().string();
  if (parent == ".vscode" || parent == ".devcontainer") return parent + "/" + name;
  if (parent == "cdk.out" && (name == "manifest.json" || name == "tree.json")) return "cdk.out/" + name;
  static constexpr std::array<std::string_view, 22> kNames{
      "package.json",  "package-lock.json", "tsconfig.json", "jsconfig.json",  "composer.json", "cdk.json",
      "cdk.context.json", "lerna.json",     "nx.json",       "angular.json",   "turbo.json",    "deno.json",
      "bower.json",    "renovate.json",     "biome.json",    "vercel.json",    "firebase.json", ".eslintrc.json",
      ".prettierrc.json", ".babelrc",       "composer.lock", "app.json"};
  if (std::find(kNames.begin(), kNames.end(), name) != kNames.end()) return name;
  if (name.rfind("tsconfig.", 0) == 0) return "tsconfig.json";
  const auto ends_with = [&](std::string_view suffix) {
    return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (ends_with(".tf.json")) return "a Terraform configuration (*.tf.json)";
  if (root.is_object()) {
    if (has(root, "compilerOptions")) return "tsconfig.json";
    if (has(root, "lockfileVersion")) return "package-lock.json";
    if (has(root, "name") && has_any(root, {"dependencies", "devDependencies", "scripts"})) return "package.json";
    if (has(root, "artifacts") && has(root, "version")) return "cdk.out/manifest.json";
    if (has_any(root, {"resource", "data", "provider", "terraform", "module"}))
      return "a Terraform configuration (*.tf.json)";
    if (const json::Node* policy = root.get("Policy"); policy != nullptr && policy->is_object() && policy->get("DefaultVersionId"))
      return "aws iam get-policy output, which has no document (use aws iam get-policy-version)";
  }
  return "";
}

}  // namespace

Recognised recognise_input(std::string_view path, const json::Node* root) {
  if (root == nullptr) return {InputKind::Policy, ""};
  if (!root->is_object()) {
    // A policy is an object; an array of policies or a bare value is not one AWS reads.
    const std::string_view type = json::type_name(root->type);  // "an array", "a string", ...
    return {InputKind::NotAPolicy, "a JSON " + std::string(type.substr(type.find(' ') + 1))};
  }
  if (has(*root, "Statement")) return {InputKind::Policy, ""};
  if (has(*root, "StartAt") && has(*root, "States")) return {InputKind::Definition, ""};
  if (is_template(*root)) return {InputKind::Template, ""};
  if (is_terraform_plan(*root)) return {InputKind::TerraformPlan, ""};
  // https://developer.hashicorp.com/terraform/language/syntax/json: a *.tf.json file's resources.
  if (const json::Node* resource = root->get("resource");
      resource != nullptr && resource->is_object() && path.size() >= 8 &&
      ascii_lower(path.substr(path.size() - 8)) == ".tf.json")
    return {InputKind::TerraformConfiguration, ""};
  if (std::string command = cli_command(*root); !command.empty()) return {InputKind::CliResponse, command};
  if (is_manifest(*root)) return {InputKind::IamsmithManifest, ""};
  if (is_spec(*root)) return {InputKind::IamsmithSpec, ""};
  const std::string name = std::filesystem::path(path).filename().string();
  if (is_config(*root, name)) return {InputKind::IamsmithConfig, ""};
  if (root->members.empty() ||
      std::any_of(root->members.begin(), root->members.end(), [](const json::Member& m) { return policy_key(m.key); }))
    return {InputKind::Policy, ""};
  return {InputKind::NotAPolicy, looks_like(path, *root)};
}

std::string input_kind_description(const Recognised& r) {
  switch (r.kind) {
    case InputKind::Policy: return "an IAM policy";
    case InputKind::Definition: return "a state machine definition";
    case InputKind::Template: return "a CloudFormation template";
    case InputKind::TerraformPlan: return "a Terraform plan";
    case InputKind::TerraformConfiguration: return "a Terraform configuration";
    case InputKind::CliResponse: return "the output of " + r.looks_like;
    case InputKind::IamsmithManifest: return "the manifest iamsmith generate writes";
    case InputKind::IamsmithSpec: return "an iamsmith generate spec";
    case InputKind::IamsmithConfig: return "an iamsmith configuration";
    case InputKind::NotAPolicy: return r.looks_like.empty() ? "not an IAM policy" : "like " + r.looks_like;
  }
  return "";
}

}  // namespace iamsmith
