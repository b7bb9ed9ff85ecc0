// P030 not-a-policy: a JSON file named explicitly that is no IAM policy, state machine definition,
// template, Terraform plan or AWS CLI response (package.json, tsconfig.json, ...). In a directory
// walk such a file is skipped with a note instead (src/core/lint_paths.cpp); lint runs no other
// rule on it (src/core/lint.cpp), so it is one finding, not a row of P006.
#include "iamsmith/recognise.hpp"
#include "p_helpers.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  const json::Node* root = in.loaded.document.root ? &*in.loaded.document.root : nullptr;
  const Recognised what = recognise_input(in.loaded.path, root);
  std::string message;
  switch (what.kind) {
    case InputKind::NotAPolicy:
      message = "not an IAM policy";
      if (!what.looks_like.empty()) message += " (looks like " + what.looks_like + ")";
      break;
    case InputKind::IamsmithManifest:
    case InputKind::IamsmithSpec:
    case InputKind::IamsmithConfig:
      message = "not an IAM policy: this is " + input_kind_description(what);
      break;
    case InputKind::Policy:
    case InputKind::Definition:
    case InputKind::Template:
    case InputKind::TerraformPlan:
    case InputKind::TerraformConfiguration:
    case InputKind::CliResponse: return;
  }
  out.report(root->span, std::move(message),
             {{"a policy is a JSON object with \"Version\" and \"Statement\"; name the policy file instead, "
               "or leave this file out of the arguments",
               std::nullopt}});
}

}  // namespace

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
extern const Rule kP030NotAPolicy{
    .id = "P030",
    .name = "not-a-policy",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary =
        "A file named on the command line is not an IAM policy, a state machine definition, a "
        "template, a Terraform plan or an AWS CLI response (package.json, tsconfig.json, an editor's "
        "settings, iamsmith's own spec or configuration).",
    .rationale =
        "Linting such a file as a policy produces a row of false findings (unknown elements, no "
        "Statement) that hide the one fact that matters: the file named is not the policy meant. "
        "The usual cause is a wrong path or a glob that caught more than policies.",
    .exceptions =
        "In a directory walk, and with --skip-non-policies (which the shipped pre-commit hook uses, "
        "since pre-commit passes every staged JSON file), such files are skipped with a note instead.",
    .fix = "Name the policy file instead, or leave this file out of the arguments.",
    .bad_example =
        "{\n  \"name\": \"orders-service\",\n  \"version\": \"1.0.0\",\n"
        "  \"scripts\": {\"build\": \"tsc\"}\n}\n",
    .bad_pointer = "",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"states:StartExecution\",\n"
        "      \"Resource\": \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\"\n    }\n  ]\n}\n",
    .example_context = {},
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html",
    .check = check,
};

}  // namespace iamsmith::rules
