#pragma once
// Small helpers shared by rule files. Rules read the policy model; they never parse text.

#include <string>
#include <string_view>

#include "iamsmith/lint.hpp"
#include "iamsmith/text.hpp"  // in_quotes, ci_equals: what every rule quotes and compares with

namespace iamsmith::rules {

// "Allow" exactly (IAM's Effect values are case-sensitive).
[[nodiscard]] inline bool is_allow(const Statement& st) { return st.effect && st.effect->text == "Allow"; }
[[nodiscard]] inline bool is_deny(const Statement& st) { return st.effect && st.effect->text == "Deny"; }

}  // namespace iamsmith::rules
