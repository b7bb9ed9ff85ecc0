#include <algorithm>
#include <array>
#include <string_view>

#include "d_helpers.hpp"
#include "risk_data.hpp"
#include "risk_helpers.hpp"

namespace iamsmith::rules {
namespace {

// Whether `action` changes who may use a resource: AWS's access level "Permissions management"
// (resource policies, ACLs, grants, sharing attributes), or a RAM resource share. IAM's own
// Permissions management actions change identities' permissions rather than open a resource;
// W012 reports the ones that escalate privileges.
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_understand-policy-summary-access-level-summaries.html
// An action without resource types acts on account-wide settings, not on a resource someone
// could be let into, so only actions with resource types count (and the listed RAM ones).
// ec2:CreateNetworkInterfacePermission can let only an AWS-authorized account (a service such as
// Lambda or EKS attaching its instances to the customer's subnet) use a network interface, so it
// cannot open the interface to anyone else.
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNetworkInterfacePermission.html
constexpr std::array<std::string_view, 1> kServiceOnlyPermissions = {"ec2:CreateNetworkInterfacePermission"};

bool exposes_resource(const iamdata::Action& action) {
  if (action.service == nullptr || ci_equals(action.service->prefix, "iam")) return false;
  if (risk::named_for_reading(action.name) || risk::named_for_removing(action.name)) return false;
  const std::string full = action.full_name();
  if (std::any_of(kServiceOnlyPermissions.begin(), kServiceOnlyPermissions.end(),
                  [&](std::string_view a) { return ci_equals(a, full); })) {
    return false;
  }
  if (!action.wildcard_only() &&
      iamdata::has_level(action.access, iamdata::AccessLevel::PermissionsManagement))
    return true;
  return risk::listed_in(risk::kSharingWriteActions, action);
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr || in.kind != PolicyKind::Identity) return;
  const iamdata::Catalog& catalog = catalog_of(in.context);
  for (const Statement& st : in.policy->statements()) {
    if (!is_allow(st) || !st.action || (!st.resource && !st.not_resource)) continue;
    for (const Scalar& value : *st.action) {
      if (value.type != json::Type::String || !risk::is_specific_action_value(value.text)) continue;
      std::vector<std::string> names;
      // The actions the value names or expands to, from the D rules' per-thread memo (patterns over
      // several services, "*:Get*", are not listed). The list stays valid through the loop: nothing
      // in it resolves another value.
      for (const iamdata::Action* a : d::resolve_action(catalog, value).actions) {
        if (!exposes_resource(*a) || !risk::reaches_every_resource(st, *a)) continue;
        std::string name = a->full_name();
        if (risk::scoped_by_condition(st, name)) continue;
        names.push_back(std::move(name));
      }
      if (names.empty()) continue;
      const std::vector<std::string_view> views(names.begin(), names.end());
      const bool through = names.size() > 1 || !ci_equals(names.front(), value.text);
      out.report(
          value.span,
          (through ? in_quotes(value.text) + " grants " + w::quoted_list(views, 3) : in_quotes(value.text)) +
              " on every resource of " + (names.size() == 1 ? "its kind" : "their kinds") +
              ": the holder can rewrite their resource policies, ACLs, grants or sharing and open them to "
              "other accounts or to anyone",
          {{"name the resources in Resource, or move these actions to a role that administers them",
            std::nullopt}});
    }
  }
}

}  // namespace

extern const Rule kW015ResourceExposure{
    .id = "W015",
    .name = "resource-exposure",
    .severity = Severity::Security,
    .status = RuleStatus::Preview,
    .summary =
        "An identity policy allows an action that changes who may use a resource (s3:PutBucketPolicy, "
        "lambda:AddPermission, kms:PutKeyPolicy, kms:CreateGrant, ecr:SetRepositoryPolicy, "
        "ram:CreateResourceShare, ...) on every resource.",
    .rationale =
        "A resource policy, an ACL, a grant or a share decides who outside the principal's own permissions "
        "may "
        "use the resource. Whoever may write it on every bucket, key, function or snapshot can make any of "
        "them "
        "public or hand it to another account, and no identity policy of the account stops the outsider once "
        "the resource policy lets them in.",
    .exceptions =
        "Checked: actions whose access level in AWS's Service Authorization Reference is Permissions "
        "management "
        "and that act on a resource type (actions that accept only \"*\" change account-wide settings), "
        "outside IAM (IAM's change identities, not resources; W012 reports the ones that escalate), plus "
        "RAM's "
        "CreateResourceShare, AssociateResourceShare and UpdateResourceShare, which AWS classes as Write. "
        "They are "
        "reported at the Action value when the statement's Resource is \"*\", an ARN pattern that matches "
        "every "
        "resource of the action's type, or NotResource, in an Allow statement of an identity policy. \"*\" "
        "and "
        "\"service:*\" actions are W001's and W002's. A narrowing condition on the resource's tags, account "
        "or "
        "organization, or on a key of the action's own service (kms:GrantIsForAWSResource, s3:x-amz-acl), "
        "silences it. Actions named for reading (Get..., Describe..., List..., Search..., View..., Test..., "
        "Validate...) are not reported even where AWS files them under Permissions management "
        "(glue:DescribeEntity): they cannot change a policy. Nor are actions named for taking access away "
        "(Delete..., Remove..., Revoke..., Retire..., Disassociate..., Detach...: s3:DeleteBucketPolicy, "
        "lambda:RemovePermission, kms:RevokeGrant), nor ec2:CreateNetworkInterfacePermission, which lets "
        "only an AWS-authorized service account attach a network interface. W003 may report the same statement's \"*\" as "
        "broader than needed.",
    .fix =
        "List the ARNs of the resources whose policies the principal administers, or add a condition on "
        "their "
        "tags (aws:ResourceTag/...).",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"s3:PutBucketPolicy\",\n      \"Resource\": \"*\"\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Action",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"s3:PutBucketPolicy\",\n"
        "      \"Resource\": \"arn:aws:s3:::orders-exports\"\n    }\n  ]\n}\n",
    .example_context = {.kind = "identity"},
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_identity-vs-resource.html\n"
        "https://docs.aws.amazon.com/service-authorization/latest/reference/"
        "reference_policies_understand-policy-summary-access-level-summaries.html\n"
        "https://docs.aws.amazon.com/ram/latest/userguide/security-iam-policies.html\n"
        "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNetworkInterfacePermission.html",
    .check = check,
};

}  // namespace iamsmith::rules
