#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "iamsmith/iamdata.hpp"
#include "iamsmith/match.hpp"
#include "risk_helpers.hpp"
#include "w_helpers.hpp"

namespace iamsmith::rules {
namespace {

// The named "AWS" principals of a Principal element ("*" left out: a Deny of everyone is a
// guardrail, not a limit on one principal, and an Allow of everyone is W004's).
std::vector<std::string_view> named_principals(const Principal& principal) {
  std::vector<std::string_view> out;
  for (const PrincipalGroup& group : principal.groups) {
    if (group.type != PrincipalType::Aws) continue;
    for (const Scalar& v : group.values) {
      if (v.type == json::Type::String && !v.text.empty() && v.text != "*") out.push_back(v.text);
    }
  }
  return out;
}

// The service prefix of an action value, when it names exactly one service ("s3:Delete*" -> "s3").
std::string_view single_service(std::string_view action) {
  const std::size_t colon = action.find(':');
  if (colon == std::string_view::npos || colon == 0) return {};
  const std::string_view service = action.substr(0, colon);
  return has_wildcard(service) ? std::string_view{} : service;
}

// An action that rewrites who may use a resource: the catalogue's access level "Permissions
// management" on a resource type, outside IAM, and not a read that AWS files under that level
// (GetBucketPolicy, DescribeEntity: the same reading W015 applies).
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_understand-policy-summary-access-level-summaries.html
bool rewrites_permissions(const iamdata::Action& a) {
  if (a.service == nullptr || ci_equals(a.service->prefix, "iam") || a.wildcard_only()) return false;
  if (!iamdata::has_level(a.access, iamdata::AccessLevel::PermissionsManagement)) return false;
  return !risk::named_for_reading(a.name);
}

// A Permissions management action `value` grants, or null.
const iamdata::Action* permissions_action(const iamdata::Catalog& catalog, std::string_view value) {
  if (single_service(value).empty()) return nullptr;
  if (!has_wildcard(value)) {
    const iamdata::Action* a = catalog.action(value);
    return a != nullptr && rewrites_permissions(*a) ? a : nullptr;
  }
  // For the message, prefer an action that writes the resource policy itself (PutBucketPolicy)
  // over the first one in alphabetical order.
  const iamdata::Action* first = nullptr;
  for (const iamdata::Action* a : catalog.expand(value)) {
    if (!rewrites_permissions(*a)) continue;
    if (a->name.find("Policy") != std::string_view::npos) return a;
    if (first == nullptr) first = a;
  }
  return first;
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr || in.kind != PolicyKind::Resource) return;
  const iamdata::Catalog& catalog = catalog_of(in.context);
  const std::vector<Statement>& statements = in.policy->statements();
  for (std::size_t d = 0; d < statements.size(); ++d) {
    const Statement& deny = statements[d];
    if (!is_deny(deny) || !deny.principal || !deny.action) continue;
    const std::vector<std::string_view> denied_to = named_principals(*deny.principal);
    if (denied_to.empty()) continue;
    for (std::size_t a = 0; a < statements.size(); ++a) {
      const Statement& allow = statements[a];
      if (!is_allow(allow) || !allow.principal || !allow.action) continue;
      const std::vector<std::string_view> allowed_to = named_principals(*allow.principal);
      const auto shared = std::find_first_of(denied_to.begin(), denied_to.end(), allowed_to.begin(), allowed_to.end());
      if (shared == denied_to.end()) continue;
      for (const Scalar& value : *allow.action) {
        const iamdata::Action* rewrite = permissions_action(catalog, value.text);
        if (rewrite == nullptr) continue;
        // A Deny of the same service is one the principal can lift by rewriting the policy.
        const auto same_service = std::find_if(deny.action->begin(), deny.action->end(), [&](const Scalar& x) {
          return ci_equals(single_service(x.text), rewrite->service->prefix);
        });
        if (same_service == deny.action->end()) continue;
        out.report(value.span,
                   in_quotes(std::string(*shared)) + " is denied " + in_quotes(same_service->text) +
                       " in statement " + std::to_string(d) + ", but " + in_quotes(value.text) +
                       (ci_equals(value.text, rewrite->full_name()) ? std::string()
                                                                     : " (" + rewrite->full_name() + ")") +
                       " lets it change this resource's permissions: it can lift the Deny itself",
                   {{"do not grant a principal you restrict the actions that rewrite the resource's policy; leave "
                     "those to an administrator role",
                     same_service->span}});
        break;
      }
    }
  }
}

}  // namespace

// Parliament RESOURCE_POLICY_PRIVILEGE_ESCALATION: a resource policy that denies a principal some
// actions but lets it change the resource's policy (its example: s3:Delete* denied while
// s3:PutBucketPolicy is allowed). Which actions change a resource's permissions is the
// catalogue's access level "Permissions management".
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_understand-policy-summary-access-level-summaries.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_identity-vs-resource.html
extern const Rule kW018ResourcePolicyEscalation{
    .id = "W018",
    .name = "resource-policy-escalation",
    .severity = Severity::Warning,
    .status = RuleStatus::Preview,
    .summary = "A resource policy denies a principal some actions of a service and allows the same principal an "
               "action that rewrites the resource's permissions (s3:PutBucketPolicy): the principal can lift "
               "the Deny.",
    .rationale = "A Deny in a resource policy holds only as long as the policy does. A principal that may replace "
                 "the policy (PutBucketPolicy, SetRepositoryPolicy, PutKeyPolicy, AddPermission, or any other "
                 "Permissions management action of the service) can delete the Deny and then do what it was "
                 "denied, so the restriction the policy appears to make is not one.",
    .exceptions = "Only principals named in both statements are compared: a Deny of \"*\" (a guardrail such as "
                  "requiring TLS) is not a limit on one principal, and administrators who manage the policy are "
                  "expected to be able to change it. IAM's own actions are W012's.",
    .fix = "Grant the Permissions management actions to a separate administrator role, not to the principal the "
           "Deny restricts.",
    .bad_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::444455556666:role/orders"},
      "Action": "s3:PutBucketPolicy",
      "Resource": "arn:aws:s3:::reports"
    },
    {
      "Effect": "Deny",
      "Principal": {"AWS": "arn:aws:iam::444455556666:role/orders"},
      "Action": "s3:DeleteObject",
      "Resource": "arn:aws:s3:::reports/*"
    }
  ]
}
)j",
    .bad_pointer = "/Statement/0/Action",
    .good_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::444455556666:role/orders"},
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::reports/*"
    },
    {
      "Effect": "Deny",
      "Principal": {"AWS": "arn:aws:iam::444455556666:role/orders"},
      "Action": "s3:DeleteObject",
      "Resource": "arn:aws:s3:::reports/*"
    }
  ]
}
)j",
    .example_context = {.kind = "resource"},
    .references = "https://docs.aws.amazon.com/service-authorization/latest/reference/"
                  "reference_policies_understand-policy-summary-access-level-summaries.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_identity-vs-resource.html",
    .check = check,
};

}  // namespace iamsmith::rules
