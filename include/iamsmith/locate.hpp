#pragma once
// Where the policies and state machine definitions sit in a Terraform plan (terraform show -json)
// and in AWS CLI responses: which JSON value holds each, what it is (trust, identity, resource
// policy, definition) and what it belongs to. Only the finding of the values; decoding a document
// written as a string (JSON text, URL-encoded or double-encoded) and linting it with positions in
// the container file is the embedded-document framework's (iamsmith/inputs.hpp).

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "iamsmith/json.hpp"
#include "iamsmith/lint_context.hpp"
#include "iamsmith/policy.hpp"

namespace iamsmith {

struct LocatedDocument {
  // The document: an object, or a string holding its JSON text (possibly URL-encoded or
  // double-encoded). Points into the container's tree.
  const json::Node* value = nullptr;
  bool definition = false;  // a state machine definition, not a policy
  // What it is for notes and messages: "the trust policy of aws_iam_role.lambda".
  std::string label;
  // kind (unset: inferred, as for an aws_iam_policy_document whose use is not known), role_arn,
  // state_machine_arn, execution_role_arn, account where the container says.
  LintContext context;
  // Known only after apply (listed in after_unknown): not linted, said in a note.
  bool unknown = false;
  // Where the value is (or would be, when unknown): its JSON pointer in the container.
  std::string pointer;
  // A document built from attributes (an aws_lambda_permission's statement): `value` points here;
  // each node's span is the attribute it came from.
  std::shared_ptr<const json::Node> owned;
  // A string of a Terraform configuration: a template, whose "$${" and "%%{" stand for "${" and
  // "%{" (https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences).
  bool template_escapes = false;
};

// Every document of a `terraform show -json` plan or state, each resource read once: from
// resource_changes (after, with after_unknown) when the plan changes or keeps it, else from
// planned_values, else from prior_state or values. An aws_iam_policy_document's rendered json is
// left out when a resource uses the same text (its finding belongs to that resource, whose kind is
// known). Resources being deleted are skipped. An aws_lambda_permission becomes the statement it
// adds to the function's resource policy (when its function is named by ARN).
//
// A role's ARN is its `arn` when the plan knows it, else built from its name and path with the
// account and partition of `stack` (or of the plan's aws_caller_identity / aws_partition data
// sources). An aws_iam_role_policy belongs to the role its `role` names (a role name, matched
// against the plan's roles), or, when that is known only after apply, the aws_iam_role its
// configuration refers to (configuration.root_module ... expressions.role.references).
[[nodiscard]] std::vector<LocatedDocument> locate_terraform_plan(const json::Node& root,
                                                                 const LintContext& stack = {});

// Every document of a Terraform configuration in JSON syntax (*.tf.json,
// https://developer.hashicorp.com/terraform/language/syntax/json), as for a plan: the same
// resource types and attributes, read from "resource". A string holding an interpolation
// ("${data.aws_iam_policy_document.p.json}") is known only after apply, except that one naming a
// role of the same file ("${aws_iam_role.r.id}") makes it the policy's role. What `iamsmith
// generate --format terraform-json` writes.
[[nodiscard]] std::vector<LocatedDocument> locate_terraform_configuration(const json::Node& root,
                                                                          const LintContext& stack = {});

// The documents of an AWS CLI response: aws iam get-role (the trust policy), get-policy-version,
// get-role-policy, get-user-policy, get-group-policy, get-account-authorization-details (every
// role's trust and inline policies, every user's and group's inline policies, every managed
// policy's default version), aws stepfunctions describe-state-machine (the definition, with the
// state machine and its role), aws s3api get-bucket-policy and aws lambda get-policy.
[[nodiscard]] std::vector<LocatedDocument> locate_aws_cli_response(const json::Node& root);

// A document written as a string, decoded: JSON text as is, URL-encoded text (as IAM's API
// returns documents) or a JSON string holding the JSON text (double-encoded), up to three layers.
struct DecodedDocument {
  std::string text;
  // Byte i of text came from byte origins[i] of the string's decoded value (origins.size() ==
  // text.size() + 1): a position in the decoded text maps back to the value, and through the
  // value's own escape map to the container.
  std::vector<std::size_t> origins;
  std::vector<std::string> notes;  // "the document is URL-encoded; decoded before it was checked"
};
[[nodiscard]] DecodedDocument decode_document_string(const std::string& value);

}  // namespace iamsmith
