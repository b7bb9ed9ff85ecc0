#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iamsmith/arn.hpp"
#include "iamsmith/match.hpp"
#include "rule_helpers.hpp"

namespace iamsmith::rules {
namespace {

// `value` with each policy variable written as '*': whatever the variable resolves to, a
// pattern covers it only where a '*' of the pattern can take it.
std::string variables_as_stars(std::string_view value) {
  std::string out;
  for (std::size_t i = 0; i < value.size();) {
    const std::size_t end = detail::skip_variable(value, i);
    if (end != i) {
      out += '*';
      i = end;
    } else {
      out += value[i++];
    }
  }
  return out;
}

// One Resource entry, with what covers() asks of it worked out once: a statement compares each
// entry with every pattern before it.
struct Entry {
  std::string_view text;
  bool variable = false;  // holds a policy variable
  bool question = false;  // holds a '?'
  std::string plain;      // with each variable as '*' (variable entries only)
  bool plain_wildcard = false;  // '*' or '?' in that text (outside variables)
  std::string_view head;  // the text up to its first '*' or '?': all a match must start with

  explicit Entry(std::string_view value) : text(value) {
    variable = detail::has_variable(value);
    question = value.find('?') != std::string_view::npos;
    if (variable) plain = variables_as_stars(value);
    plain_wildcard = has_wildcard(matched());
    head = value.substr(0, first_wildcard(value));
  }
  // The text a pattern is matched against.
  [[nodiscard]] std::string_view matched() const { return variable ? std::string_view(plain) : text; }
};

// Whether every resource `value` stands for is also matched by `pattern`. Matching the text of
// `value` against `pattern` proves it when `value` is a plain ARN, and also when `value` holds
// wildcards as long as `pattern` has no '?' (a '?' could take a '*' of `value`, which stands
// for many characters). The pattern must hold no policy variable: what it matches is only known
// once the variable is resolved.
bool covers(const Entry& pattern, const Entry& value) {
  if (pattern.variable) return false;
  if (value.plain_wildcard && pattern.question) return false;
  const std::string_view text = value.matched();
  // Every text the pattern matches starts with its literal head (a quick no for most pairs).
  if (!text.starts_with(pattern.head)) return false;
  return resource_matches(pattern.text, text);
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  for (const Statement& st : in.policy->statements()) {
    for (const auto* list : {&st.resource, &st.not_resource}) {
      if (!*list || (*list)->items.size() < 2) continue;  // one entry repeats nothing
      const std::string_view element = list == &st.resource ? "Resource" : "NotResource";
      const auto& items = (*list)->items;
      // An entry is covered by an earlier copy of itself (ARNs are case-sensitive) or by a
      // pattern; only entries with a wildcard can cover a text other than their own.
      std::vector<std::size_t> patterns;
      std::vector<std::optional<Entry>> entries(items.size());
      for (std::size_t i = 0; i < items.size(); ++i) {
        if (items[i].type != json::Type::String || items[i].text.empty()) continue;
        if (has_wildcard(items[i].text)) patterns.push_back(i);
      }
      // Entry -> its first copy. Entries that are not strings (or empty) are skipped below; as
      // texts they are "" and only ever match each other.
      const std::vector<std::size_t> first = first_copies(
          items.size(),
          [&](std::size_t i) {
            return items[i].type == json::Type::String ? std::string_view(items[i].text) : std::string_view();
          },
          TextCase::Exact);
      // Only the entries a pattern is compared with need their facts.
      const auto entry = [&](std::size_t i) -> const Entry& {
        if (!entries[i]) entries[i].emplace(items[i].text);
        return *entries[i];
      };
      for (std::size_t i = 0; i < items.size(); ++i) {
        const Scalar& value = items[i];
        if (value.type != json::Type::String || value.text.empty()) continue;
        std::size_t by = items.size();
        if (const std::size_t copy = first[i]; copy < i) by = copy;
        for (const std::size_t j : patterns) {
          if (j >= by) break;
          if (j == i || items[j].text == value.text) continue;
          // Two patterns that cover each other ("a*" and "a**") are the same: keep the first.
          if (covers(entry(j), entry(i)) && (j < i || !covers(entry(i), entry(j)))) by = j;
        }
        if (by == items.size()) continue;
        const Scalar& other = items[by];
        const bool same = value.text == other.text;
        out.report(value.span,
                   same ? "resource " + in_quotes(value.text) + " is listed twice in " + std::string(element)
                        : "resource " + in_quotes(value.text) + " is already covered by " + in_quotes(other.text) +
                              " in the same " + std::string(element),
                   {{"remove it; the statement means the same without it", other.span}});
      }
    }
  }
}

}  // namespace

// Access Analyzer, Suggestion – Redundant resource: "The {n} resource ARN(s) are redundant because
// they reference the same resource. Review the use of wildcards (*)".
// Resource matching ('*' across ':' and '/', case-sensitive):
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
extern const Rule kR004RedundantResource{
    .id = "R004",
    .name = "redundant-resource",
    .severity = Severity::Suggestion,
    .status = RuleStatus::Stable,
    .summary = "A resource listed twice in a statement, or already matched by a wildcard resource of the same "
               "statement (\"arn:aws:s3:::reports/2026/*\" next to \"arn:aws:s3:::reports/*\").",
    .rationale = "A statement applies to every resource any of its entries matches, so an entry that another entry "
                 "already matches adds nothing. It lengthens the policy (policies have size quotas), and it often "
                 "means the author did not notice how far the wildcard reaches: the narrower entry reads like a "
                 "limit but is none.",
    .exceptions = "Resources are compared case-sensitively, as IAM matches them. An entry with a policy variable is "
                  "covered only where a '*' of the other entry takes the whole variable; an entry with a variable "
                  "never covers another.",
    .fix = "Remove the redundant entry, or narrow the wildcard to the resources it was meant to match.",
    .bad_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": ["arn:aws:s3:::reports/*", "arn:aws:s3:::reports/2026/*"]
    }
  ]
}
)j",
    .bad_pointer = "/Statement/0/Resource/1",
    .good_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": ["arn:aws:s3:::reports/2025/*", "arn:aws:s3:::reports/2026/*"]
    }
  ]
}
)j",
    .example_context = {},
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html",
    .check = check,
};

}  // namespace iamsmith::rules
