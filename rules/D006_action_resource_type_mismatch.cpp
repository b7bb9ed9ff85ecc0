#include "document_facts.hpp"

namespace iamsmith::rules {
namespace {

// Each Action value whose actions fit none of the statement's Resources, reported at the value. A
// pattern is reported when none of the actions it matches fits (and none of them lacks
// resource-level permissions, whose fit is not known).
void report_dead_actions(const iamdata::Catalog& catalog, const Statement& st, StatementFit& fit,
                         FindingSink& out) {
  for (const Scalar& value : *st.action) {
    const d::ResolvedAction& resolved = d::resolve_action(catalog, value);
    if (resolved.status != d::ActionStatus::Known || resolved.actions.empty()) continue;
    const bool unknown_fit = std::any_of(resolved.actions.begin(), resolved.actions.end(),
                                         [](const iamdata::Action* a) { return a->wildcard_only(); });
    if (unknown_fit) continue;
    const bool fits = std::any_of(resolved.actions.begin(), resolved.actions.end(),
                                  [&](const iamdata::Action* a) { return fit.fits(a); });
    if (fits) continue;
    const bool pattern = resolved.actions.size() > 1 || has_wildcard(value.text);
    const std::string subject = pattern ? "none of the " + std::to_string(resolved.actions.size()) +
                                              " actions that " + in_quotes(value.text) + " matches acts on a"
                                        : "action " + in_quotes(value.text) + " acts on no";
    out.report(value.span,
               subject + " resource that this statement's Resource names, so the statement " +
                   (is_deny(st) ? "denies" : "grants") + " nothing through it",
               {{resource_types::accepted_types(*resolved.actions.front()), std::nullopt},
                {"move it to a statement whose Resource names its resources, or drop it", std::nullopt}});
  }
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  const iamdata::Catalog& catalog = catalog_of(in.context);
  // The statement pass is D004's too (shared per document).
  with_facts(in, [&](DocumentFacts& facts) {
    for (const Statement& st : in.policy->statements()) {
      StatementFit& fit = facts.fit(st);
      if (!fit.judged()) continue;
      // A statement none of whose actions fits is D004's, reported once at its Resource; one that
      // holds an action without resource-level permissions is never D004's, so it is judged here.
      if (!fit.some_fits() && !fit.any_wildcard_only()) continue;
      report_dead_actions(catalog, st, fit, out);
    }
  });
}

}  // namespace

// Resource types and their ARN formats: the "Resource types" column of each service's "Actions"
// table, and its "Resource types" table, in the Service Authorization Reference. Parliament's
// RESOURCE_MISMATCH is per action too ("No resource match for ... which requires a resource format
// of ...").
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
extern const Rule kD006ActionResourceTypeMismatch{
    .id = "D006",
    .name = "action-resource-type-mismatch",
    .severity = Severity::Warning,
    .status = RuleStatus::Preview,
    .summary =
        "An action of a statement acts on none of the resources the statement's Resource names, while "
        "other actions of the statement do (s3:GetObject next to s3:ListBucket on a bucket ARN).",
    .rationale =
        "Each action is authorised against resources of particular types. When a statement lists several "
        "actions and one of them can act on none of its resources, the statement never grants (or denies) "
        "that action: the permission it was written for is missing, and the failure shows up later as "
        "AccessDenied, or the action is a leftover that only misleads the reader. AWS's own managed "
        "policies hold a few (wafv2:DisassociateWebACL on web ACL ARNs, which acts on the associated "
        "resource).",
    .exceptions =
        "A statement none of whose actions fits is D004's. Reported at the Action value; a pattern "
        "(\"s3:Get*\") only when none of the actions it matches fits. Actions without resource-level "
        "permissions are not judged (AWS's own policies pair them with ARNs). Wildcards, policy variables "
        "and case are honoured as in D004; statements with NotResource, NotAction, a Resource that is not "
        "an ARN (\"*\" fits everything), or actions that do not resolve are not checked.",
    .fix =
        "Move the action to the statement that names its resources (the note gives the ARN formats it "
        "accepts), or drop it when no statement needs it.",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": [\"s3:ListBucket\", \"s3:GetObject\"],\n"
        "      \"Resource\": \"arn:aws:s3:::reports\"\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Action/1",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": [\"s3:ListBucket\", \"s3:GetObject\"],\n"
        "      \"Resource\": [\"arn:aws:s3:::reports\", \"arn:aws:s3:::reports/*\"]\n    }\n  ]\n}\n",
    .example_context = {},
    .references =
        "https://docs.aws.amazon.com/service-authorization/latest/reference/"
        "reference_policies_actions-resources-contextkeys.html\n"
        "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html",
    .check = check,
};

}  // namespace iamsmith::rules
