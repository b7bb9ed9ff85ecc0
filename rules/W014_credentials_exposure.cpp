#include "risk_data.hpp"
#include "risk_helpers.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  risk::report_on_every_resource(
      in, out, risk::kCredentialActions,
      "hand out credentials (access keys, passwords, tokens, database logins) for every resource of their "
      "kind",
      "name the users, instances, clusters or databases whose credentials the principal needs");
}

}  // namespace

extern const Rule kW014CredentialsExposure{
    .id = "W014",
    .name = "credentials-exposure",
    .severity = Severity::Security,
    .status = RuleStatus::Preview,
    .summary =
        "An identity policy allows an action that returns credentials (iam:CreateAccessKey, "
        "redshift:GetClusterCredentials, sts:GetFederationToken, ec2:GetPasswordData, "
        "lightsail:GetInstanceAccessDetails, ...) on every resource.",
    .rationale =
        "The response of these actions is a secret that works elsewhere: a user's access key, an instance's "
        "administrator password, a database login, a federation token. On \"*\" the holder can mint "
        "credentials "
        "for every user, instance or database of the account and act as them, which is both a privilege "
        "escalation and a way to keep access after the original credential is revoked.",
    .exceptions =
        "Checked: the actions listed above (also through patterns such as \"redshift:GetCluster*\"; \"*\" "
        "and "
        "\"service:*\" are W001's and W002's) in Allow statements of identity policies, on \"*\", on an ARN "
        "pattern that matches every resource of the action's type (\"arn:aws:iam::*:user/*\"), or with "
        "NotResource. ecr:GetAuthorizationToken is not listed: it accepts only \"*\" and its token reaches "
        "only "
        "the repositories the principal may already use. A narrowing condition on the resource's tags, "
        "account "
        "or organization, or on a key of the action's own service, silences the finding. iam:CreateAccessKey "
        "on "
        "\"*\" is also a privilege-escalation method, which W012 reports at the Action.",
    .fix =
        "Name the users, instances, clusters or databases in Resource (for a user managing its own keys: "
        "\"arn:aws:iam::ACCOUNT:user/${aws:username}\").",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"redshift:GetClusterCredentials\",\n      \"Resource\": \"*\"\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Resource",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"redshift:GetClusterCredentials\",\n      \"Resource\": [\n"
        "        \"arn:aws:redshift:us-east-1:111122223333:dbuser:reporting/report_reader\",\n"
        "        \"arn:aws:redshift:us-east-1:111122223333:dbname:reporting/sales\"\n      ]\n    }\n  "
        "]\n}\n",
    .example_context = {.kind = "identity"},
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html\n"
        "https://docs.aws.amazon.com/redshift/latest/mgmt/generating-iam-credentials-role-permissions.html\n"
        "https://docs.aws.amazon.com/service-authorization/latest/reference/"
        "reference_policies_actions-resources-contextkeys.html",
    .check = check,
};

}  // namespace iamsmith::rules
