#include "risk_data.hpp"
#include "risk_helpers.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  risk::report_on_every_resource(in, out, risk::kDataReads,
                                 "return the stored content (objects, items, secrets, parameters, plaintext) "
                                 "of every resource of their kind",
                                 "name the buckets, tables, keys, secrets or parameters the principal reads, "
                                 "or narrow them with a condition "
                                 "on their tags");
}

}  // namespace

extern const Rule kW013DataExfiltration{
    .id = "W013",
    .name = "data-exfiltration",
    .severity = Severity::Warning,
    .status = RuleStatus::Preview,
    .summary =
        "An identity policy allows a read that returns stored data or secrets (s3:GetObject, "
        "secretsmanager:GetSecretValue, ssm:GetParameter, kms:Decrypt, dynamodb:Scan, ...) on every "
        "resource.",
    .rationale =
        "These reads hand over the content itself: every object of every bucket, every secret, every "
        "parameter "
        "and every table the account can reach, and every key's plaintext. On \"*\" a leaked credential or a "
        "compromised task can copy all of it. W003 leaves read actions alone on purpose (listing and "
        "describing "
        "on \"*\" is common and mostly harmless); these reads are the exception.",
    .exceptions =
        "Checked: the actions listed above (also through patterns such as \"ssm:GetParameter*\"; \"*\" and "
        "\"service:*\" are W001's and W002's) in Allow statements of identity policies, on \"*\", on an ARN "
        "pattern that matches every resource of the action's type (\"arn:aws:s3:::*/*\"), or with "
        "NotResource. "
        "A narrowing condition on the resource's tags, account or organization, or on a key of the action's "
        "own "
        "service (kms:ViaService, s3:prefix), silences it, as it does for W003. A read-only auditing role "
        "that "
        "really must read everything is a valid design: suppress the finding with a reason.",
    .fix =
        "List the ARNs of the buckets, tables, keys, secrets or parameters the principal needs, or add a "
        "condition on aws:ResourceTag/... or aws:ResourceAccount.",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"secretsmanager:GetSecretValue\",\n      \"Resource\": \"*\"\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Resource",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"secretsmanager:GetSecretValue\",\n"
        "      \"Resource\": \"arn:aws:secretsmanager:us-east-1:111122223333:secret:orders/db-AbCdEf\"\n"
        "    }\n  ]\n}\n",
    .example_context = {.kind = "identity"},
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege\n"
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples.html\n"
        "https://github.com/salesforce/cloudsplaining/blob/master/docs/glossary/data-exfiltration.md",
    .check = check,
};

}  // namespace iamsmith::rules
