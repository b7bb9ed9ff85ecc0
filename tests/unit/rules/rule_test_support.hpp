#pragma once
// One-line rule tests: catches("W001", policy, "/Statement/0/Action") and catches_not(...).

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "iamsmith/lint.hpp"

namespace iamsmith::test {

// Runs one rule (by id) over `policy` with `context`; returns its findings.
inline std::vector<Diagnostic> findings_of(std::string_view rule_id, std::string_view policy,
                                           const LintContext& context = {}) {
  const Rule* rule = find_rule(rule_id);
  REQUIRE_MESSAGE(rule != nullptr, "no rule ", std::string(rule_id));
  const LoadedPolicy loaded = load_policy_text(std::string(policy), "test.json");
  return lint_with_rule(*rule, loaded, context);
}

// The rule fires at `pointer` (and the finding has a position and a message).
inline void catches(std::string_view rule_id, std::string_view policy, std::string_view pointer,
                    const LintContext& context = {}) {
  const auto found = findings_of(rule_id, policy, context);
  bool hit = false;
  for (const Diagnostic& d : found) {
    hit = hit || d.span.pointer == pointer;
    CHECK(d.span.line > 0);
    CHECK_FALSE(d.message.empty());
  }
  std::string seen;
  for (const Diagnostic& d : found) seen += " '" + d.span.pointer + "' (" + d.message + ")";
  CHECK_MESSAGE(hit, std::string(rule_id), " did not fire at '", std::string(pointer), "'; fired at:", seen);
}

// The rule stays silent.
inline void catches_not(std::string_view rule_id, std::string_view policy, const LintContext& context = {}) {
  const auto found = findings_of(rule_id, policy, context);
  std::string seen;
  for (const Diagnostic& d : found) seen += " '" + d.span.pointer + "' (" + d.message + ")";
  CHECK_MESSAGE(found.empty(), std::string(rule_id), " fired:", seen);
}

}  // namespace iamsmith::test
