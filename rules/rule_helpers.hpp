#pragma once
// Small helpers shared by rule files. Rules read the policy model; they never parse text.

#include <string>
#include <string_view>

#include "iamsmith/lint.hpp"

namespace iamsmith::rules {

// "Allow" exactly (IAM's Effect values are case-sensitive).
[[nodiscard]] inline bool is_allow(const Statement& st) { return st.effect && st.effect->text == "Allow"; }
[[nodiscard]] inline bool is_deny(const Statement& st) { return st.effect && st.effect->text == "Deny"; }

// `text` in double quotes, for messages.
[[nodiscard]] inline std::string in_quotes(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('"');
  out += text;
  out.push_back('"');
  return out;
}

}  // namespace iamsmith::rules
