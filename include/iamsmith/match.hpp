#pragma once
// IAM wildcard matching: '*' matches any sequence of characters (also empty, also ':' and '/'),
// '?' matches exactly one character; everything else is literal.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
//
// Policy variables are not expanded here: substitute them before matching.

#include <cstddef>
#include <span>
#include <string_view>

namespace iamsmith {

enum class CaseSensitivity { Sensitive, Insensitive };

// Whole-string match of `text` against `pattern`. '?' consumes one UTF-8 code point (a byte
// that does not start a valid sequence counts as one). Insensitive folds ASCII letters only.
// Runs in O(|pattern| * |text|) at worst, without recursion, so hostile patterns such as
// "a*a*a*a*...b" are safe.
[[nodiscard]] bool wildcard_match(std::string_view pattern, std::string_view text,
                                  CaseSensitivity sensitivity);

// The same match over a pattern already taken apart into items: a literal byte (0..255),
// kWildcardStar or kWildcardQuestion. The evaluator builds these so that ${*}, ${?} and the
// values it substitutes for policy variables stay literal even when they hold '*' or '?'.
inline constexpr int kWildcardStar = -1;
inline constexpr int kWildcardQuestion = -2;
[[nodiscard]] bool wildcard_match(std::span<const int> pattern, std::string_view text,
                                  CaseSensitivity sensitivity);

// Action names are case-insensitive in IAM ("s3:getobject" is s3:GetObject).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
[[nodiscard]] bool action_matches(std::string_view pattern, std::string_view action);

// Resource ARNs are matched case-sensitively, as one string: a '*' can run across ':' and '/'.
[[nodiscard]] bool resource_matches(std::string_view pattern, std::string_view resource);

// The ArnLike / ArnEquals condition operators: both sides are split into their six
// colon-separated fields and each field is matched on its own, so a '*' in the account field
// cannot swallow the colon that ends it. When either side is not an ARN, falls back to a
// case-sensitive whole-string wildcard match.
[[nodiscard]] bool arn_like(std::string_view pattern, std::string_view arn);

// '*' or '?' anywhere outside a policy variable (${*} and ${?} stand for the literal
// characters, so they are not wildcards).
[[nodiscard]] bool has_wildcard(std::string_view text);

// The position of the first '*' or '?' (policy variables not considered), or npos: what
// text.find_first_of("*?") answers, in one pass (libstdc++'s find_first_of calls memchr over the
// set for every character).
[[nodiscard]] constexpr std::size_t first_wildcard(std::string_view text) noexcept {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '*' || text[i] == '?') return i;
  }
  return std::string_view::npos;
}

}  // namespace iamsmith
