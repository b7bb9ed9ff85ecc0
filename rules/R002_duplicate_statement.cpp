#include <string>
#include <unordered_map>

#include "iamsmith/content_key.hpp"
#include "rule_helpers.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  const auto& statements = in.policy->statements();
  if (statements.size() < 2) return;  // one statement repeats nothing
  // Compared without their Sids: two statements that differ only in name say the same thing.
  // Each statement's content is written out once and grouped with the first that says the same.
  std::unordered_map<std::string, std::size_t> first;
  first.reserve(statements.size());
  for (std::size_t i = 0; i < statements.size(); ++i) {
    const auto [it, inserted] = first.try_emplace(content_key(statements[i], false), i);
    if (inserted) continue;
    const std::size_t j = it->second;
    out.report(statements[i].span,
               "statement " + std::to_string(i) + " repeats statement " + std::to_string(j) +
                   " (apart from its Sid): it changes nothing",
               {{"the statement it repeats", statements[j].span}, {"remove one of the two", std::nullopt}});
  }
}

}  // namespace

// Access Analyzer, Suggestion – Redundant statement: "The statements are redundant because they
// provide identical permissions."
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
extern const Rule kR002DuplicateStatement{
    .id = "R002",
    .name = "duplicate-statement",
    .severity = Severity::Suggestion,
    .status = RuleStatus::Stable,
    .summary = "Two statements of a policy are the same, apart from their Sid.",
    .rationale = "A policy's effect is the union of its statements, so a repeated statement adds nothing but length "
                 "(and policies have size quotas). A copy is often the remains of an edit that was meant to change "
                 "one of the two.",
    .exceptions = "Statements are compared element by element (the order of values inside an element counts); "
                  "statements that grant the same in different words are not found.",
    .fix = "Remove one of the statements, or make the change the copy was made for.",
    .bad_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::reports/*"
    },
    {
      "Sid": "ReadReports",
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::reports/*"
    }
  ]
}
)j",
    .bad_pointer = "/Statement/1",
    .good_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::reports/*"
    },
    {
      "Sid": "ReadArchive",
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::archive/*"
    }
  ]
}
)j",
    .example_context = {},
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
    .check = check,
};

}  // namespace iamsmith::rules
