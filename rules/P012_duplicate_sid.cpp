#include <map>

#include "p_helpers.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  // IAM requires unique Sids ("Statement IDs (SID) in a single policy must be unique"); resource
  // policies follow each service's own rules, so they are left alone.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html
  if (in.kind == PolicyKind::Resource) return;
  // Compared exactly: AWS documents no case folding for Sids, and an error must be certain.
  std::map<std::string, const Scalar*, std::less<>> seen;
  for (const Statement& st : in.policy->statements()) {
    if (!st.sid || st.sid->text.empty()) continue;  // an empty Sid is no identifier (P016)
    const auto [it, inserted] = seen.emplace(st.sid->text, &*st.sid);
    if (inserted) continue;
    out.report(st.sid->span, "Sid " + in_quotes(st.sid->text) + " is used by an earlier statement",
               {{"first used here", it->second->span},
                {"give each statement its own Sid, or leave the Sid out", std::nullopt}});
  }
}

}  // namespace

extern const Rule kP012DuplicateSid{
    .id = "P012",
    .name = "duplicate-sid",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "Two statements of an IAM policy (identity or trust) share a Sid.",
    .rationale =
        "In IAM a Sid must be unique within its policy; AWS rejects a policy where two statements "
        "share one (\"Statement IDs (SID) in a single policy must be unique\"). Copying a statement "
        "to make a second one is the usual cause, and some tools merge or drop statements with the "
        "same Sid before the upload.",
    .exceptions = "Resource policies follow the rules of their service and are not checked.",
    .fix =
        "Rename one of the Sids so that it says what its statement does, or remove it: the Sid is optional.",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n"
        "      \"Sid\": \"StartOrders\",\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"states:StartExecution\",\n"
        "      \"Resource\": \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\"\n    },\n"
        "    {\n      \"Sid\": \"StartOrders\",\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"states:DescribeExecution\",\n"
        "      \"Resource\": \"arn:aws:states:us-east-1:111122223333:execution:Orders:*\"\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/1/Sid",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n"
        "      \"Sid\": \"StartOrders\",\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"states:StartExecution\",\n"
        "      \"Resource\": \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\"\n    },\n"
        "    {\n      \"Sid\": \"WatchOrders\",\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"states:DescribeExecution\",\n"
        "      \"Resource\": \"arn:aws:states:us-east-1:111122223333:execution:Orders:*\"\n    }\n  ]\n}\n",
    .example_context = {},
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html",
    .check = check,
};

}  // namespace iamsmith::rules
