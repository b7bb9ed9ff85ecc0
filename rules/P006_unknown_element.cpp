#include <algorithm>

#include "iamsmith/suggest.hpp"
#include "p_helpers.hpp"

namespace iamsmith::rules {
namespace {

template <std::size_t N>
bool is_one_of(std::string_view key, const std::array<std::string_view, N>& keys) {
  return std::any_of(keys.begin(), keys.end(), [key](std::string_view k) { return ci_equals(k, key); });
}

// "did you mean" among the keys valid at that place; key names are case-sensitive in IAM, so
// "effect" is as wrong as "Efect".
template <std::size_t N>
void suggest(std::string_view key, const std::array<std::string_view, N>& valid, std::vector<Note>& notes) {
  if (auto near = nearest(key, p::to_strings(valid), true)) {
    const bool case_only = ci_equals(*near, key);
    notes.push_back(
        {"did you mean " + in_quotes(*near) + "?" + (case_only ? " element names are case-sensitive" : ""),
         std::nullopt});
  }
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  for (const UnknownKey& unknown : in.policy->unknown) {
    std::vector<Note> notes;
    suggest(unknown.key, p::kPolicyKeys, notes);
    if (is_one_of(unknown.key, p::kStatementKeys)) {
      notes.push_back(
          {in_quotes(unknown.key) + " belongs inside a statement, in the \"Statement\" array", std::nullopt});
    }
    notes.push_back({"a policy holds only \"Version\", \"Id\" and \"Statement\"", std::nullopt});
    out.report(unknown.key_span, "unknown element " + in_quotes(unknown.key) + " at the top of the policy",
               std::move(notes));
  }
  for (const Statement& st : in.policy->statements()) {
    for (const UnknownKey& unknown : st.unknown) {
      std::vector<Note> notes;
      suggest(unknown.key, p::kStatementKeys, notes);
      if (is_one_of(unknown.key, p::kPolicyKeys)) {
        notes.push_back({in_quotes(unknown.key) + " belongs at the top of the policy, next to \"Statement\"",
                         std::nullopt});
      }
      out.report(unknown.key_span, "unknown element " + in_quotes(unknown.key) + " in a statement",
                 std::move(notes));
    }
    // Principal types are keys too: "AWS", "Service", "Federated", "CanonicalUser".
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
    static constexpr std::array<std::string_view, 4> kPrincipalTypes = {"AWS", "Service", "Federated",
                                                                        "CanonicalUser"};
    for_each_principal_group(st, [&](const PrincipalGroup& group) {
      if (group.type != PrincipalType::Unknown) return;
      std::vector<Note> notes;
      suggest(group.key, kPrincipalTypes, notes);
      notes.push_back(
          {"a principal is listed under \"AWS\", \"Service\", \"Federated\" or \"CanonicalUser\"",
           std::nullopt});
      out.report(group.key_span, "unknown principal type " + in_quotes(group.key), std::move(notes));
    });
  }
}

}  // namespace

extern const Rule kP006UnknownElement{
    .id = "P006",
    .name = "unknown-element",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary =
        "A key that IAM does not define at its place: at the top of the policy, in a statement, or "
        "as a principal type.",
    .rationale =
        "AWS rejects a policy with an element it does not know. Element names are case-sensitive, "
        "so \"effect\" or \"Actions\" is as unknown as a made-up name, and a statement key put at "
        "the top level (or the other way round) is unknown where it stands.",
    .exceptions = "",
    .fix =
        "Correct the spelling and capitalisation (\"Effect\", \"Action\", \"Resource\", ...), or move the "
        "element to where it belongs. A policy holds Version, Id and Statement; a statement holds Sid, "
        "Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource and Condition.",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Actions\": \"states:StartExecution\",\n"
        "      \"Resource\": \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\"\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Actions",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"states:StartExecution\",\n"
        "      \"Resource\": \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\"\n    }\n  ]\n}\n",
    .example_context = {},
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html",
    .check = check,
};

}  // namespace iamsmith::rules
