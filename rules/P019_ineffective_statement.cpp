#include "rule_helpers.hpp"

namespace iamsmith::rules {
namespace {

// A NotPrincipal that names everyone: "*", or {"AWS": "*"}.
const Scalar* excludes_everyone(const std::optional<Principal>& not_principal) {
  if (!not_principal) return nullptr;
  if (not_principal->bare && not_principal->bare->text == "*") return &*not_principal->bare;
  for (const PrincipalGroup& group : not_principal->groups) {
    if (group.type != PrincipalType::Aws) continue;
    for (const Scalar& v : group.values) {
      if (v.text == "*") return &v;
    }
  }
  return nullptr;
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  for (const Statement& st : in.policy->statements()) {
    const std::string effect = is_deny(st) ? "denies" : "grants";
    if (excludes_everything(st.not_resource)) {
      out.report(st.key_span("NotResource"),
                 "\"NotResource\" with \"*\" leaves out every resource, so this statement " + effect + " nothing",
                 {{"to apply the statement everywhere, write \"Resource\": \"*\"; to leave out some resources, "
                   "name them in NotResource",
                   std::nullopt}});
    }
    if (excludes_everything(st.not_action)) {
      out.report(st.key_span("NotAction"),
                 "\"NotAction\" with \"*\" leaves out every action, so this statement " + effect + " nothing",
                 {{"to apply the statement to every action, write \"Action\": \"*\"", std::nullopt}});
    }
    if (excludes_everyone(st.not_principal) != nullptr) {
      out.report(st.key_span("NotPrincipal"),
                 "\"NotPrincipal\" with \"*\" leaves out every principal, so this statement " + effect + " nothing",
                 {{"to apply the statement to everyone, write \"Principal\": \"*\"", std::nullopt}});
    }
  }
}

}  // namespace

// NotResource, NotAction and NotPrincipal match everything except what they list.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
extern const Rule kP019IneffectiveStatement{
    .id = "P019",
    .name = "ineffective-statement",
    .severity = Severity::Warning,
    .status = RuleStatus::Stable,
    .summary = "A statement that can apply to no request: NotResource \"*\", NotAction \"*\" or NotPrincipal "
               "\"*\" leaves nothing for it to match.",
    .rationale = "NotResource, NotAction and NotPrincipal match everything except what they list. With \"*\" in "
                 "the list they match nothing, so the statement never applies: a Deny with NotResource \"*\" "
                 "protects nothing, and \"Action\": \"*\" with \"NotResource\": \"*\" grants nothing although it "
                 "reads like full access. The author usually meant Resource (or Action, Principal).",
    .exceptions = "",
    .fix = "Write Resource, Action or Principal where the statement should apply to everything; keep the Not "
           "form only to leave out named resources, actions or principals.",
    .bad_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Action": "s3:DeleteBucket",
      "NotResource": "*"
    }
  ]
}
)j",
    .bad_pointer = "/Statement/0/NotResource",
    .good_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Action": "s3:DeleteBucket",
      "NotResource": "arn:aws:s3:::scratch-bucket"
    }
  ]
}
)j",
    .example_context = {},
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html",
    .check = check,
};

}  // namespace iamsmith::rules
