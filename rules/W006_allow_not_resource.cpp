#include "w_helpers.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  for (const Statement& st : in.policy->statements()) {
    // NotResource "*" leaves no resource to grant: P019's finding, not a broad grant.
    if (!is_allow(st) || !st.not_resource || excludes_everything(st.not_resource)) continue;
    const std::string excluded = w::quoted_list(w::texts_of(*st.not_resource));
    out.report(st.key_span("NotResource"),
               "\"NotResource\" with \"Allow\" grants the statement's actions on every resource except " +
                   (excluded.empty() ? std::string("none") : excluded) +
                   ", including resources created later",
               {{"list the resources in \"Resource\" instead", std::nullopt}});
  }
}

}  // namespace

// "NotResource with Allow allows all resources for the services in the statement that are not
// explicitly listed, and could result in granting users more permissions than you intended."
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html
extern const Rule kW006AllowNotResource{
    .id = "W006",
    .name = "allow-not-resource",
    .severity = Severity::Security,
    .status = RuleStatus::Stable,
    .summary =
        "An Allow statement uses NotResource: it grants its actions on every resource except those listed.",
    .rationale =
        "NotResource inverts the list: every resource that is not named is allowed, in every account "
        "and region the actions reach, and every resource created later too. A typo in the excluded "
        "ARN silently excludes nothing.",
    .exceptions =
        "A statement that grants one harmless action everywhere but one resource may be intended. A "
        "Condition on the statement does not silence the finding. Deny statements with NotResource "
        "(\"deny everything outside this bucket\") are the intended use and are never reported.",
    .fix =
        "List the resources in \"Resource\". To keep some resources out, add a Deny statement that names "
        "them.",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"sqs:SendMessage\",\n"
        "      \"NotResource\": \"arn:aws:sqs:us-east-1:111122223333:audit\"\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/NotResource",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"sqs:SendMessage\",\n"
        "      \"Resource\": \"arn:aws:sqs:us-east-1:111122223333:orders\"\n    }\n  ]\n}\n",
    .example_context = {},
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html",
    .check = check,
};

}  // namespace iamsmith::rules
