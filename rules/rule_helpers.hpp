#pragma once
// Small helpers shared by rule files. Rules read the policy model; they never parse text.

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "iamsmith/lint.hpp"
#include "iamsmith/text.hpp"  // in_quotes, ci_equals: what every rule quotes and compares with

namespace iamsmith::rules {

// "Allow" exactly (IAM's Effect values are case-sensitive).
[[nodiscard]] inline bool is_allow(const Statement& st) { return st.effect && st.effect->text == "Allow"; }
[[nodiscard]] inline bool is_deny(const Statement& st) { return st.effect && st.effect->text == "Deny"; }

// A NotResource or NotAction list with "*" (or "*:*", any all-star pattern per side) in it:
// it leaves out everything, so the statement applies to nothing (P019).
[[nodiscard]] inline bool excludes_everything(const std::optional<ValueList>& values) {
  if (!values) return false;
  for (const Scalar& v : *values) {
    const std::string_view t = v.text;
    const std::size_t colon = t.find(':');
    if (is_all_stars(t) || (colon != std::string_view::npos && is_all_stars(t.substr(0, colon)) &&
                            is_all_stars(t.substr(colon + 1)))) {
      return true;
    }
  }
  return false;
}

// Calls fn(group) for each group of the statement's Principal, then of its NotPrincipal ("AWS":
// [...], "Service": ...): the walk of the rules that check principal values one group at a time.
template <class Fn>
void for_each_principal_group(const Statement& st, Fn&& fn) {
  for (const std::optional<Principal>* principal : {&st.principal, &st.not_principal}) {
    if (!*principal) continue;
    for (const PrincipalGroup& group : (*principal)->groups) fn(group);
  }
}

}  // namespace iamsmith::rules
