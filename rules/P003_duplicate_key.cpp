#include "rule_helpers.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  for (const json::DuplicateKey& dup : in.loaded.document.duplicate_keys) {
    out.report(dup.second, "duplicate key " + in_quotes(dup.key) + " in one object",
               {{"first defined here", dup.first},
                {"only one of the values takes effect and the other is silently ignored; merge them into one key",
                 std::nullopt}});
  }
}

}  // namespace

extern const Rule kP003DuplicateKey{
    .id = "P003",
    .name = "duplicate-key",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "A key appears twice in one JSON object.",
    .rationale = "JSON readers keep one of the two values (most keep the last) and drop the other without "
                 "a word, so a policy can grant or deny something other than what its author reads. "
                 "A second \"Action\" or \"Resource\" in a statement is the usual slip.",
    .exceptions = "",
    .fix = "Merge the two keys: put all values in one array under a single key.",
    .bad_example = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
                   "      \"Action\": \"s3:GetObject\",\n      \"Action\": \"s3:PutObject\",\n"
                   "      \"Resource\": \"arn:aws:s3:::bucket/*\"\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Action",
    .good_example = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
                    "      \"Action\": [\n        \"s3:GetObject\",\n        \"s3:PutObject\"\n      ],\n"
                    "      \"Resource\": \"arn:aws:s3:::bucket/*\"\n    }\n  ]\n}\n",
    .example_context = {},
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html",
    .check = check,
};

}  // namespace iamsmith::rules
