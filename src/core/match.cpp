#include "iamsmith/match.hpp"

#include <cstddef>

#include "iamsmith/arn.hpp"
#include "iamsmith/text.hpp"

namespace iamsmith {

namespace {

// The pattern as the scan reads it, item by item: a literal byte (0..255), kWildcardStar or
// kWildcardQuestion. Two views, so that one scan serves both kinds of pattern.
struct TextPattern {
  std::string_view text;  // '*' and '?' are wildcards
  [[nodiscard]] std::size_t size() const { return text.size(); }
  [[nodiscard]] int operator[](std::size_t i) const {
    const char c = text[i];
    if (c == '*') return kWildcardStar;
    if (c == '?') return kWildcardQuestion;
    return static_cast<unsigned char>(c);
  }
};

struct ItemPattern {
  std::span<const int> items;
  [[nodiscard]] std::size_t size() const { return items.size(); }
  [[nodiscard]] int operator[](std::size_t i) const { return items[i]; }
};

bool same_byte(int item, char c, CaseSensitivity sensitivity) {
  const char want = static_cast<char>(static_cast<unsigned char>(item));
  switch (sensitivity) {
    case CaseSensitivity::Sensitive: return want == c;
    case CaseSensitivity::Insensitive: return fold_ascii(want) == fold_ascii(c);
  }
  return want == c;
}

template <class Pattern>
bool scan(const Pattern& pattern, std::string_view text, CaseSensitivity sensitivity) {
  // Greedy scan with one backtrack point: the most recent '*'. When a later literal fails,
  // that '*' absorbs one more code point and the scan resumes after it. Earlier stars never
  // need revisiting, because the most recent one can absorb anything they could.
  constexpr std::size_t kNoStar = static_cast<std::size_t>(-1);
  std::size_t p = 0;
  std::size_t t = 0;
  std::size_t star = kNoStar;  // pattern index of the most recent '*'
  std::size_t resume = 0;      // text index where that '*' currently ends
  while (t < text.size()) {
    const bool more = p < pattern.size();
    const int item = more ? pattern[p] : 0;
    if (more && item == kWildcardStar) {
      star = p++;
      // A '*' that ends the pattern takes all the rest of the text.
      while (p < pattern.size() && pattern[p] == kWildcardStar) star = p++;
      if (p == pattern.size()) return true;
      resume = t;
      continue;
    }
    if (more && item == kWildcardQuestion) {
      ++p;
      t += code_point_length(text, t);
      continue;
    }
    if (more && same_byte(item, text[t], sensitivity)) {
      ++p;
      ++t;
      continue;
    }
    if (star == kNoStar) return false;
    p = star + 1;
    resume += code_point_length(text, resume);
    // When an ASCII literal follows the star, the scan can resume only where the text has that
    // byte: skip straight there (an ASCII byte always starts a code point, and every position
    // skipped would fail on the literal at once).
    if (p < pattern.size()) {
      const int next = pattern[p];
      if (next >= 0 && next < 0x80) {
        while (resume < text.size() && !same_byte(next, text[resume], sensitivity)) ++resume;
        if (resume == text.size()) return false;
      }
    }
    t = resume;
  }
  while (p < pattern.size() && pattern[p] == kWildcardStar) ++p;
  return p == pattern.size();
}

}  // namespace

bool wildcard_match(std::string_view pattern, std::string_view text, CaseSensitivity sensitivity) {
  return scan(TextPattern{pattern}, text, sensitivity);
}

bool wildcard_match(std::span<const int> pattern, std::string_view text, CaseSensitivity sensitivity) {
  return scan(ItemPattern{pattern}, text, sensitivity);
}

bool action_matches(std::string_view pattern, std::string_view action) {
  return wildcard_match(pattern, action, CaseSensitivity::Insensitive);
}

bool resource_matches(std::string_view pattern, std::string_view resource) {
  return wildcard_match(pattern, resource, CaseSensitivity::Sensitive);
}

bool arn_like(std::string_view pattern, std::string_view arn) {
  // "Each of the six colon-delimited components of the ARN is checked separately and each can
  // include multi-character match wildcards (*) or single-character match wildcards (?)."
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
  const ArnResult parsed_pattern = parse_arn(pattern);
  const ArnResult parsed_arn = parse_arn(arn);
  if (!parsed_pattern || !parsed_arn) return resource_matches(pattern, arn);
  const Arn& p = parsed_pattern.value();
  const Arn& a = parsed_arn.value();
  return resource_matches(p.partition, a.partition) && resource_matches(p.service, a.service) &&
         resource_matches(p.region, a.region) && resource_matches(p.account, a.account) &&
         resource_matches(p.resource, a.resource);
}

bool has_wildcard(std::string_view text) {
  return detail::has_wildcard_outside_variables(text);
}

}  // namespace iamsmith
