#include <array>
#include <utility>

#include "p_helpers.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  // Each element and its negation are alternatives: a statement holds one or the other.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 3> kPairs = {{
      {"Principal", "NotPrincipal"},
      {"Action", "NotAction"},
      {"Resource", "NotResource"},
  }};
  for (const Statement& st : in.policy->statements()) {
    for (const auto& [positive, negative] : kPairs) {
      const KeySpan* a = p::first_key(st.keys, positive);
      const KeySpan* b = p::first_key(st.keys, negative);
      if (a == nullptr || b == nullptr) continue;
      const bool a_first = a->span.offset < b->span.offset;
      const KeySpan& first = a_first ? *a : *b;
      const KeySpan& second = a_first ? *b : *a;
      out.report(second.span,
                 "the statement has both " + in_quotes(positive) + " and " + in_quotes(negative) +
                     ", which exclude each other",
                 {{in_quotes(first.key) + " is here", first.span},
                  {"keep one of them; to combine both, split the statement in two", std::nullopt}});
    }
  }
}

}  // namespace

extern const Rule kP008ConflictingElements{
    .id = "P008",
    .name = "conflicting-elements",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary =
        "A statement holds both Action and NotAction, Resource and NotResource, or Principal and "
        "NotPrincipal.",
    .rationale =
        "IAM's grammar lets a statement name its actions, resources and principals either positively "
        "or negatively, never both; AWS rejects a statement that has both forms of one element.",
    .exceptions = "",
    .fix =
        "Keep one of the two elements. If both are needed (\"these actions, but not those\"), write an "
        "Allow statement with Action and a Deny statement for the exceptions.",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"states:*\",\n      \"NotAction\": \"states:DeleteStateMachine\",\n"
        "      \"Resource\": \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\"\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/NotAction",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": [\n        \"states:StartExecution\",\n        \"states:DescribeStateMachine\"\n"
        "      ],\n"
        "      \"Resource\": \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\"\n    }\n  ]\n}\n",
    .example_context = {},
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html",
    .check = check,
};

}  // namespace iamsmith::rules
