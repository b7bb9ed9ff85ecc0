#include "document_facts.hpp"

namespace iamsmith::rules {
namespace {

// The whole statement matches nothing: reported at each Resource.
void report_dead_statement(const Statement& st, const std::vector<const iamdata::Action*>& actions,
                           FindingSink& out) {
  std::vector<Note> notes;
  for (std::size_t i = 0; i < actions.size() && i < 2; ++i) notes.push_back({resource_types::accepted_types(*actions[i]), std::nullopt});
  if (actions.size() > 2) {
    notes.push_back(
        {"and " + std::to_string(actions.size() - 2) + " more actions, none of which acts on it either", std::nullopt});
  }
  notes.push_back({std::string("no Resource of this statement fits its actions, so the statement ") +
                       (is_deny(st) ? "denies" : "grants") + " nothing",
                   std::nullopt});
  const std::string what = actions.size() == 1 ? actions[0]->full_name()
                                               : "any of the statement's " + std::to_string(actions.size()) + " actions";
  for (const Scalar& resource : *st.resource) {
    out.report(resource.span,
               "resource " + in_quotes(resource.text) + " is not of a resource type that " + what + " acts on",
               notes);
  }
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  // The statement pass (its Resource values as patterns, its actions, which of them fit) is
  // shared with D006.
  with_facts(in, [&](DocumentFacts& facts) {
    for (const Statement& st : in.policy->statements()) {
      StatementFit& fit = facts.fit(st);
      if (!fit.judged()) continue;
      // An action without resource-level permissions is documented to need "Resource": "*", yet
      // AWS's own managed policies pair such actions with ARNs of their service (s3:ListAllMyBuckets
      // on "arn:aws:s3:::*", iam:ListRoles on "arn:aws:iam::*:role/*") and they work, so what such
      // an action accepts is not known: the statement is left alone.
      if (fit.any_wildcard_only()) continue;
      if (!fit.some_fits()) report_dead_statement(st, fit.actions(), out);
    }
  });
}

}  // namespace

// Resource types and their ARN formats: the "Resource types" column of each service's "Actions"
// table, and its "Resource types" table, in the Service Authorization Reference. An ARN of another
// type makes the statement match no request for that action.
extern const Rule kD004ResourceTypeMismatch{
    .id = "D004",
    .name = "resource-type-mismatch",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary =
        "No Resource of a statement can be a resource that any of its actions acts on (s3:GetObject "
        "on a bucket ARN).",
    .rationale =
        "Each action is authorised against resources of particular types: s3:GetObject against objects "
        "(arn:aws:s3:::bucket/key), s3:ListBucket against buckets (arn:aws:s3:::bucket), "
        "lambda:InvokeFunction against functions. When no ARN in Resource can be of a type the "
        "statement's actions act on, the statement matches no request: the permission it was written "
        "for is never granted, and the failure shows up later as AccessDenied.",
    .exceptions =
        "The rule fires only when the whole statement is dead: if any Resource fits any action, the "
        "statement is left alone (a leftover ARN next to good ones is harmless; an action that fits none "
        "of the Resources while its neighbours do is D006's). Wildcards and policy "
        "variables are honoured ('*' and ${...} may stand for anything, and \"arn:aws:s3:::bucket*\" may "
        "name objects), \"*\" fits everything, and case is ignored. Region and account fields are not "
        "compared (a misplaced one is A005's finding). Not checked: statements with "
        "NotResource or NotAction, action patterns over several services (\"*:Get*\"), actions that do not "
        "resolve (D001-D003), and statements holding an action without resource-level permissions, which "
        "AWS's own policies pair with ARNs.",
    .fix =
        "Name resources of the right type (the notes give the ARN formats the actions accept): "
        "\"arn:aws:s3:::bucket/*\" for object actions, \"arn:aws:s3:::bucket\" for bucket actions; or move "
        "the actions to the statement that names their resources.",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"s3:GetObject\",\n"
        "      \"Resource\": \"arn:aws:s3:::reports\"\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Resource",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"s3:GetObject\",\n"
        "      \"Resource\": \"arn:aws:s3:::reports/*\"\n    }\n  ]\n}\n",
    .example_context = {},
    .references =
        "https://docs.aws.amazon.com/service-authorization/latest/reference/"
        "reference_policies_actions-resources-contextkeys.html\n"
        "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html",
    .check = check,
};

}  // namespace iamsmith::rules
