#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "iamsmith/content_key.hpp"
#include "rule_helpers.hpp"

namespace iamsmith::rules {
namespace {

// A cheap digest of what content_key() holds: statements whose digests differ cannot have equal
// keys, so most statements are told apart without writing their keys out. Only parts of the
// content go in (never the Sid), each the same way content_key() reads it.
std::size_t digest(const Statement& st) {
  const auto mix = [](std::size_t h, std::size_t v) { return h ^ (v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2)); };
  const auto text = [](std::string_view t) { return std::hash<std::string_view>{}(t); };
  const auto list = [&](std::size_t h, const std::optional<ValueList>& l) {
    if (!l) return mix(h, 1);
    h = mix(h, l->items.size() * 2 + (l->is_array ? 1 : 0));
    return l->items.empty() ? h : mix(h, text(l->items.front().text));
  };
  std::size_t h = st.effect ? text(st.effect->text) : 0;
  h = list(h, st.action);
  h = list(h, st.not_action);
  h = list(h, st.resource);
  h = list(h, st.not_resource);
  h = mix(h, st.principal ? st.principal->groups.size() + 1 : 0);
  h = mix(h, st.not_principal ? st.not_principal->groups.size() + 1 : 0);
  h = mix(h, st.condition ? st.condition->operators.size() + 1 : 0);
  return mix(h, st.unknown.size());
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  const auto& statements = in.policy->statements();
  if (statements.size() < 2) return;  // one statement repeats nothing
  // Compared without their Sids: two statements that differ only in name say the same thing.
  // Statements are grouped by digest; within a group, each is compared with the earlier ones by
  // content_key, written out once per statement and only for statements that share a digest.
  std::unordered_map<std::size_t, std::vector<std::size_t>> by_digest;
  by_digest.reserve(statements.size());
  std::vector<std::optional<std::string>> keys(statements.size());
  const auto key = [&](std::size_t i) -> const std::string& {
    if (!keys[i]) keys[i] = content_key(statements[i], false);
    return *keys[i];
  };
  for (std::size_t i = 0; i < statements.size(); ++i) {
    std::vector<std::size_t>& group = by_digest[digest(statements[i])];
    // The first earlier statement with the same content (the group is in source order).
    std::optional<std::size_t> repeated;
    for (const std::size_t j : group) {
      if (key(j) == key(i)) {
        repeated = j;
        break;
      }
    }
    if (!repeated) {
      group.push_back(i);
      continue;
    }
    const std::size_t j = *repeated;
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
