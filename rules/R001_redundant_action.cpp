#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "condition_helpers.hpp"
#include "iamsmith/match.hpp"
#include "iamsmith/text.hpp"

namespace iamsmith::rules {
namespace {

// Hashing and equality of action texts as IAM compares them: ignoring ASCII case.
struct FoldedHash {
  [[nodiscard]] std::size_t operator()(std::string_view text) const noexcept {
    std::size_t h = 14695981039346656037ULL;  // FNV-1a over the folded bytes
    for (const char c : text) h = (h ^ static_cast<unsigned char>(fold_ascii(c))) * 1099511628211ULL;
    return h;
  }
};
struct FoldedEqual {
  [[nodiscard]] bool operator()(std::string_view a, std::string_view b) const noexcept { return ci_equals(a, b); }
};

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  for (const Statement& st : in.policy->statements()) {
    const ValueList* actions = st.actions();
    // One entry cannot be redundant: nothing else in the statement covers it.
    if (actions == nullptr || actions->items.size() < 2) continue;
    const std::string_view element = st.action ? "Action" : "NotAction";
    const auto& items = actions->items;
    // Linear in the entries, not quadratic: an entry is covered by an earlier copy of itself
    // (the first one, ignoring case) or by a pattern. Only entries with a wildcard, or a policy
    // variable (${*} stands for a literal '*'), can match a text other than their own.
    // Texts are compared as IAM does, ignoring ASCII case, without folded copies.
    std::unordered_map<std::string_view, std::size_t, FoldedHash, FoldedEqual> first;  // -> its first copy
    first.reserve(items.size());
    // A pattern's text up to its first '*' or '?': what it matches starts with it (ignoring case),
    // so the matcher need not run on an entry that does not (statements list hundreds of actions).
    struct Pattern {
      std::size_t index;
      std::string_view head;
    };
    // Patterns by the service their head names ("s3" of "s3:Get*"): an entry starts with such a
    // head only if it names the same service. A head without ':' ("s3*", "*") may start any entry.
    std::unordered_map<std::string_view, std::vector<Pattern>, FoldedHash, FoldedEqual> by_service;
    std::vector<Pattern> any_service;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::string_view text = items[i].text;
      first.try_emplace(text, i);
      if (has_wildcard(text) || text.find("${") != std::string_view::npos) {
        const Pattern pattern{i, text.substr(0, first_wildcard(text))};
        const std::size_t colon = pattern.head.find(':');
        if (colon == std::string_view::npos) {
          any_service.push_back(pattern);
        } else {
          by_service[pattern.head.substr(0, colon)].push_back(pattern);
        }
      }
    }
    // The earliest of `patterns` (in order) before `by` that covers entry i and is no copy of it;
    // `by` when there is none.
    const auto earliest = [&](const std::vector<Pattern>& patterns, std::size_t i, std::size_t by) {
      const std::string_view text = items[i].text;
      for (const Pattern& pattern : patterns) {
        const std::size_t j = pattern.index;
        if (j >= by) break;
        if (j == i || !ci_starts_with(text, pattern.head) || ci_equals(text, items[j].text)) continue;
        // A '*' in the covered value matches the other's '*' too: "s3:*" covers "s3:Get*".
        if (action_matches(items[j].text, text)) return j;
      }
      return by;
    };
    for (std::size_t i = 0; i < items.size(); ++i) {
      const Scalar& value = items[i];
      const std::string_view text = value.text;
      // The earliest entry that covers this one: an earlier copy, or a pattern that is no copy.
      std::size_t by = items.size();
      if (const std::size_t copy = first.find(text)->second; copy < i) by = copy;
      by = earliest(any_service, i, by);
      if (const std::size_t colon = text.find(':'); colon != std::string_view::npos && !by_service.empty()) {
        if (const auto it = by_service.find(text.substr(0, colon)); it != by_service.end()) {
          by = earliest(it->second, i, by);
        }
      }
      if (by == items.size()) continue;
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
