#pragma once
// Pieces of the evaluator shared by its source files; not part of the public API.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iamsmith/evaluate.hpp"
#include "iamsmith/match.hpp"
#include "iamsmith/principal.hpp"

namespace iamsmith::eval::detail {

// A policy value ready for matching: literal bytes and wildcards. Kept apart from the text so
// that ${*} and ${?} (the literal characters) and values substituted for variables (always
// literal) cannot turn into wildcards.
class Pattern {
 public:
  static constexpr int kStar = kWildcardStar;
  static constexpr int kQuestion = kWildcardQuestion;

  void add_literal(std::string_view text);
  void add_wildcard(int kind) { items_.push_back(kind); }
  [[nodiscard]] bool matches(std::string_view text, bool ignore_case) const;
  // The pattern split at its literal ':' characters, at most `max_parts` parts (the last part
  // keeps the rest); ARN fields.
  [[nodiscard]] std::vector<Pattern> split_colons(std::size_t max_parts) const;
  // For messages: wildcards as '*' and '?', literals as they are.
  [[nodiscard]] std::string text() const;

 private:
  std::vector<int> items_;  // a byte (0..255), kStar or kQuestion
};

struct Compiled {
  std::optional<Pattern> pattern;  // nullopt when a variable has no value
  std::string unresolved;          // the variable that had no value ("${aws:username}")
};

// Turns a policy value into a pattern. With `wildcards`, '*' and '?' are wildcards. With
// `variables`, policy variables are replaced with values from the request; without, "${...}"
// stays literal text.
[[nodiscard]] Compiled compile(std::string_view text, const Request& request, bool wildcards, bool variables);

// How a request principal relates to a Principal element value.
enum class PrincipalMatch {
  None,
  Direct,   // the value names this principal (or anyone: "*")
  Account,  // the value names the principal's account (account ID or :root)
};

struct RequestPrincipal {
  std::string text;
  PrincipalInfo info;  // classified as an AWS principal, else as a service, ...
  PrincipalType type = PrincipalType::Aws;
};
[[nodiscard]] RequestPrincipal classify_request_principal(std::string_view text);

// How a Principal element value of `type` names the request principal.
[[nodiscard]] PrincipalMatch match_principal_value(const RequestPrincipal& who, PrincipalType type,
                                                   std::string_view value);

// ConditionTrace for one condition entry.
[[nodiscard]] ConditionTrace evaluate_condition(const ConditionOperator& op, const ConditionEntry& entry,
                                                const Request& request);

// A list as "a", "b" or "c".
[[nodiscard]] std::string quoted_list(const std::vector<std::string>& values, std::string_view conjunction);

}  // namespace iamsmith::eval::detail
