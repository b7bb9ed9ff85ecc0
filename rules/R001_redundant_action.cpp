#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "condition_helpers.hpp"
#include "iamsmith/match.hpp"
#include "iamsmith/text.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  for (const Statement& st : in.policy->statements()) {
    const ValueList* actions = st.actions();
    // One entry cannot be redundant: nothing else in the statement covers it.
    if (actions == nullptr || actions->items.size() < 2) continue;
    const std::string_view element = st.action ? "Action" : "NotAction";
    const auto& items = actions->items;
    const std::size_t n = items.size();
    // Not quadratic: an entry is covered by an earlier copy of itself (the first one,
    // ignoring case, as IAM compares actions) or by a pattern. Only entries with a wildcard, or a
    // policy variable (${*} stands for a literal '*'), can match a text other than their own.
    const std::vector<std::size_t> first =  // entry -> its first copy
        first_copies(n, [&](std::size_t i) { return std::string_view(items[i].text); }, TextCase::IgnoreAscii);
    // A pattern's text up to its first '*' or '?': what it matches starts with it (ignoring case),
    // so the matcher need not run on an entry that does not (statements list hundreds of actions).
    // The service its head names ("s3" of "s3:Get*"): an entry starts with such a head only if it
    // names the same service. A head without ':' ("s3*", "*") may start any entry.
    struct Pattern {
      std::size_t index;
      std::string_view head;
      std::string_view service;  // empty when the head has no ':'
    };
    std::vector<Pattern> by_service;  // sorted by service (ignoring case), then by place
    std::vector<Pattern> any_service;
    for (std::size_t i = 0; i < n; ++i) {
      const std::string_view text = items[i].text;
      if (!has_wildcard(text) && text.find("${") == std::string_view::npos) continue;
      const std::string_view head = text.substr(0, first_wildcard(text));
      const std::size_t colon = head.find(':');
      if (colon == std::string_view::npos) {
        any_service.push_back({i, head, {}});
      } else {
        by_service.push_back({i, head, head.substr(0, colon)});
      }
    }
    std::stable_sort(by_service.begin(), by_service.end(),
                     [](const Pattern& a, const Pattern& b) { return ci_less(a.service, b.service); });
    // The earliest of `patterns` (in order) before `by` that covers entry i and is no copy of it;
    // `by` when there is none.
    const auto earliest = [&](auto begin, auto end, std::size_t i, std::size_t by) {
      const std::string_view text = items[i].text;
      for (auto it = begin; it != end; ++it) {
        const std::size_t j = it->index;
        if (j >= by) break;
        if (j == i || !ci_starts_with(text, it->head) || ci_equals(text, items[j].text)) continue;
        // A '*' in the covered value matches the other's '*' too: "s3:*" covers "s3:Get*".
        if (action_matches(items[j].text, text)) return j;
      }
      return by;
    };
    for (std::size_t i = 0; i < n; ++i) {
      const Scalar& value = items[i];
      const std::string_view text = value.text;
      // The earliest entry that covers this one: an earlier copy, or a pattern that is no copy.
      std::size_t by = first[i] < i ? first[i] : n;
      by = earliest(any_service.begin(), any_service.end(), i, by);
      if (const std::size_t colon = text.find(':'); colon != std::string_view::npos && !by_service.empty()) {
        const std::string_view service = text.substr(0, colon);
        const auto range = std::equal_range(
            by_service.begin(), by_service.end(), Pattern{0, {}, service},
            [](const Pattern& a, const Pattern& b) { return ci_less(a.service, b.service); });
        by = earliest(range.first, range.second, i, by);
      }
      if (by == n) continue;
      const Scalar& other = items[by];
      const bool same = ci_equals(value.text, other.text);
      out.report(value.span,
                 same ? "action " + in_quotes(value.text) + " is listed twice in " + std::string(element)
                      : "action " + in_quotes(value.text) + " is already covered by " + in_quotes(other.text) +
                            " in the same " + std::string(element),
                 {{"remove it; the statement means the same without it", other.span}});
    }
  }
}

}  // namespace

// Access Analyzer, Suggestion – Redundant action: "The {n} action(s) are redundant because they
// provide similar permissions."
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
extern const Rule kR001RedundantAction{
    .id = "R001",
    .name = "redundant-action",
    .severity = Severity::Suggestion,
    .status = RuleStatus::Stable,
    .summary = "An action listed twice in a statement, or already covered by a wildcard of the same statement "
               "(\"s3:GetObject\" next to \"s3:Get*\").",
    .rationale = "A statement grants (or denies) the union of its actions, so an action that another entry already "
                 "matches adds nothing. It makes the policy longer (policies have size quotas) and suggests that "
                 "the author thinks the wildcard does not cover it.",
    .exceptions = "Action names are compared case-insensitively, as IAM does.",
    .fix = "Remove the redundant entry, or replace the wildcard with the actions it was meant to stand for.",
    .bad_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:Get*", "s3:GetObject"],
      "Resource": "arn:aws:s3:::reports/*"
    }
  ]
}
)j",
    .bad_pointer = "/Statement/0/Action/1",
    .good_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:GetObjectVersion"],
      "Resource": "arn:aws:s3:::reports/*"
    }
  ]
}
)j",
    .example_context = {},
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html",
    .check = check,
};

}  // namespace iamsmith::rules
