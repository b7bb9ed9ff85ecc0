// I001 document-not-read: a template names a state machine definition that lives elsewhere.
#include "iamsmith/inputs.hpp"
#include "rule_helpers.hpp"

namespace iamsmith::rules {
namespace {

// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-stepfunctions-statemachine.html
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-statemachine.html
void check(const LintInput& in, FindingSink& out) {
  const auto& root = in.loaded.document.root;
  if (!root || !inputs::is_cloudformation(*root, in.loaded.path)) return;
  const json::Node* resources = root->get("Resources");
  for (const json::Member& m : resources->members) {
    const json::Node* type = m.value.is_object() ? m.value.get("Type") : nullptr;
    const json::Node* props = m.value.is_object() ? m.value.get("Properties") : nullptr;
    if (type == nullptr || props == nullptr || !props->is_object()) continue;
    if (type->text == "AWS::StepFunctions::StateMachine" && props->get("Definition") == nullptr &&
        props->get("DefinitionString") == nullptr) {
      if (const json::Node* s3 = props->get("DefinitionS3Location")) {
        out.report(s3->span, "the definition of state machine " + m.key + " is in S3, so it was not checked",
                   {{"lint the definition file itself, with --state-machine-arn and --execution-role-arn",
                     std::nullopt}});
      }
    }
    // A DefinitionUri naming a file below the template's directory is read as the definition
    // (Extraction::linked); any other is said.
    if (type->text == "AWS::Serverless::StateMachine" && props->get("Definition") == nullptr) {
      if (const json::Node* uri = props->get("DefinitionUri")) {
        const inputs::DefinitionFile file = inputs::definition_uri_file(in.loaded.path, *uri);
        if (file.problem.empty()) continue;
        const bool missing = !file.path.empty() && file.problem.find("does not exist") != std::string::npos;
        out.report(uri->span, "the definition of state machine " + m.key + " " + file.problem,
                   {{missing ? "DefinitionUri is relative to the template's directory"
                             : "lint the definition file itself, with --state-machine-arn and --execution-role-arn",
                     std::nullopt}});
      }
    }
  }
}

}  // namespace

extern const Rule kI001DocumentNotRead{
    .id = "I001",
    .name = "document-not-read",
    .severity = Severity::Warning,
    .status = RuleStatus::Preview,
    .summary =
        "A template names a state machine definition iamsmith does not read (DefinitionS3Location; a "
        "SAM DefinitionUri in S3, outside the template's directory, or naming no file), so its "
        "definition was not checked.",
    .rationale =
        "A clean result on a template should mean that everything it deploys was checked. A "
        "definition in S3 is not part of the template; iamsmith says so instead of staying silent "
        "about it. A SAM DefinitionUri naming a file below the template's directory is read and "
        "linted with the template's role and substitutions; one leading elsewhere is not read, so "
        "that a template cannot make the linter quote files outside the project, and one naming a "
        "file that does not exist breaks `sam build`.",
    .exceptions = "The definition file is linted on its own in the same run or pipeline.",
    .fix =
        "Lint the definition file itself, write the definition in the template (Definition or "
        "DefinitionString), or keep the SAM definition file below the template's directory and "
        "name it by a relative DefinitionUri.",
    .bad_example =
        "{\n  \"Resources\": {\n    \"Orders\": {\n      \"Type\": \"AWS::StepFunctions::StateMachine\",\n"
        "      \"Properties\": {\n        \"RoleArn\": \"arn:aws:iam::111122223333:role/Orders\",\n"
        "        \"DefinitionS3Location\": {\"Bucket\": \"defs\", \"Key\": \"orders.asl.json\"}\n"
        "      }\n    }\n  }\n}\n",
    .bad_pointer = "/Resources/Orders/Properties/DefinitionS3Location",
    .good_example =
        "{\n  \"Resources\": {\n    \"Orders\": {\n      \"Type\": \"AWS::StepFunctions::StateMachine\",\n"
        "      \"Properties\": {\n        \"RoleArn\": \"arn:aws:iam::111122223333:role/Orders\",\n"
        "        \"Definition\": {\"StartAt\": \"Done\", \"States\": {\"Done\": {\"Type\": \"Succeed\"}}}\n"
        "      }\n    }\n  }\n}\n",
    .example_context = {},
    .references =
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
        "aws-resource-stepfunctions-statemachine.html\n"
        "https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/"
        "sam-resource-statemachine.html",
    .check = check,
};

}  // namespace iamsmith::rules
