#pragma once
// What a JSON file is, from its name and its root object's keys alone (it runs on every file a
// lint walks, so it never looks deeper than one level, or two for the few containers whose
// root keys are generic): a policy, a state machine definition, a container of policies (a
// CloudFormation template, a Terraform plan, an AWS CLI response), one of iamsmith's own files,
// or something else (package.json, tsconfig.json, ...), which lint skips in a directory walk and
// reports as P030 not-a-policy when it is named explicitly.

#include <string>
#include <string_view>

#include "iamsmith/json.hpp"

namespace iamsmith {

enum class InputKind {
  Policy,            // also anything that cannot be told apart from a broken policy
  Definition,        // a Step Functions state machine definition (StartAt + States)
  Template,          // CloudFormation / SAM / CDK output (AWSTemplateFormatVersion or Resources)
  TerraformPlan,     // terraform show -json
  TerraformConfiguration,  // *.tf.json with resources (Terraform's JSON syntax)
  CliResponse,       // aws iam get-role, get-policy-version, ..., aws stepfunctions describe-state-machine
  IamsmithManifest,  // manifest.json written by iamsmith generate
  IamsmithSpec,      // generate's --spec
  IamsmithConfig,    // .iamsmith.json
  NotAPolicy,        // anything else
};

struct Recognised {
  InputKind kind = InputKind::Policy;
  // For NotAPolicy, what the file looks like ("package.json", "a Terraform configuration
  // (*.tf.json)" when it has no resources), empty when nothing is known; for CliResponse, the command ("aws iam get-role").
  std::string looks_like;
};

// `path` as named (only its last two components are looked at); `root` null when the file is not
// JSON (then it is a Policy: its syntax error is the finding).
[[nodiscard]] Recognised recognise_input(std::string_view path, const json::Node* root);

// "an iamsmith generate spec", "a Terraform plan", ...: for notes.
[[nodiscard]] std::string input_kind_description(const Recognised& recognised);

}  // namespace iamsmith
