#include "arn_helpers.hpp"
#include "d_helpers.hpp"

namespace iamsmith::rules {
namespace {

bool looks_like_arn(std::string_view text) {
  return text.size() >= 4 && ci_equals(text.substr(0, 4), "arn:");
}

// The ARN as tokens, with a literal region or account field standing for any field: a region or
// account in the wrong place is A005's finding, and this rule compares the service and the
// resource part. The stand-ins never match ':' or '/', so they cannot swallow the resource part;
// a '*' written in those fields keeps IAM's meaning (it may run across the colons).
std::vector<d::Token> resource_tokens(std::string_view text) {
  const arns::ArnFields f = arns::split_fields(text);
  if (f.count < 6) return d::policy_tokens(text);
  std::vector<d::Token> out = d::policy_tokens(std::string(f.field[0]) + ":" + std::string(f.field[1]) + ":" +
                                               std::string(f.field[2]) + ":");
  for (const std::size_t i : {std::size_t{3}, std::size_t{4}}) {
    if (arns::is_pattern(f.field[i])) {
      const std::vector<d::Token> field = d::policy_tokens(f.field[i]);
      out.insert(out.end(), field.begin(), field.end());
    } else {
      out.push_back({d::TokenKind::Segment, 0});
    }
    out.push_back({d::TokenKind::Literal, ':'});
  }
  const std::vector<d::Token> rest = d::policy_tokens(f.field[5]);
  out.insert(out.end(), rest.begin(), rest.end());
  return out;
}

// "s3:GetObject acts on object (arn:${Partition}:s3:::${BucketName}/${ObjectName}) or
// accesspointobject (...)".
std::string accepted_types(const iamdata::Action& action) {
  std::vector<std::string> types;
  for (const iamdata::ActionResource& r : action.resources) {
    if (r.type == nullptr) continue;
    std::string text(r.type->name);
    if (!r.type->arn_formats.empty()) text += " (" + std::string(r.type->arn_formats.front()) + ")";
    types.push_back(std::move(text));
  }
  std::string out = action.full_name() + " acts on ";
  for (std::size_t i = 0; i < types.size() && i < 3; ++i) {
    if (i > 0) out += (i + 1 == types.size() || i == 2) ? " or " : ", ";
    out += types[i];
  }
  if (types.size() > 3) out += " (and " + std::to_string(types.size() - 3) + " more types)";
  return out;
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  const iamdata::Catalog& catalog = catalog_of(in.context);
  for (const Statement& st : in.policy->statements()) {
    // NotResource names what is left out, not what is granted: nothing to compare.
    if (!st.resource || st.resource->empty() || st.not_resource) continue;
    const auto actions = d::statement_actions(catalog, st);
    if (!actions || actions->empty()) continue;
    // An action without resource-level permissions is documented to need "Resource": "*", yet
    // AWS's own managed policies pair such actions with ARNs of their service (s3:ListAllMyBuckets
    // on "arn:aws:s3:::*", iam:ListRoles on "arn:aws:iam::*:role/*") and they work, so what such an
    // action accepts is not known: the statement is left alone.
    const bool any_wildcard_only = std::any_of(actions->begin(), actions->end(),
                                               [](const iamdata::Action* a) { return a->wildcard_only(); });
    if (any_wildcard_only) continue;
    std::vector<const iamdata::ResourceType*> types;
    for (const iamdata::Action* a : *actions) {
      for (const iamdata::ActionResource& r : a->resources) {
        if (r.type != nullptr) types.push_back(r.type);
      }
    }
    std::sort(types.begin(), types.end());
    types.erase(std::unique(types.begin(), types.end()), types.end());
    bool comparable = true;
    bool some_fits = false;
    for (const Scalar& resource : *st.resource) {
      // "*" fits everything; a value that is not an ARN at all is A001's finding.
      if (resource.type != json::Type::String || !looks_like_arn(resource.text)) {
        comparable = false;
        break;
      }
      const std::vector<d::Token> tokens = resource_tokens(resource.text);
      some_fits = std::any_of(types.begin(), types.end(), [&](const iamdata::ResourceType* t) {
        return d::resource_fits_type(tokens, *t);
      });
      if (some_fits) break;
    }
    if (!comparable || some_fits) continue;
    // No resource of the statement can be a resource any of its actions acts on.
    std::vector<Note> notes;
    for (std::size_t i = 0; i < actions->size() && i < 2; ++i)
      notes.push_back({accepted_types(*(*actions)[i]), std::nullopt});
    if (actions->size() > 2) {
      notes.push_back(
          {"and " + std::to_string(actions->size() - 2) + " more actions, none of which acts on it either",
           std::nullopt});
    }
    notes.push_back({std::string("no Resource of this statement fits its actions, so the statement ") +
                         (is_deny(st) ? "denies" : "grants") + " nothing",
                     std::nullopt});
    const std::string what = actions->size() == 1
                                 ? (*actions)[0]->full_name()
                                 : "any of the statement's " + std::to_string(actions->size()) + " actions";
    for (const Scalar& resource : *st.resource) {
      out.report(
          resource.span,
          "resource " + in_quotes(resource.text) + " is not of a resource type that " + what + " acts on",
          notes);
    }
  }
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
        "statement is left alone (a leftover ARN next to good ones is harmless). Wildcards and policy "
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
