#include "iamsmith/match.hpp"

#include <cstddef>

#include "iamsmith/arn.hpp"

namespace iamsmith {

namespace {

constexpr std::size_t kNoStar = static_cast<std::size_t>(-1);

unsigned char byte_at(std::string_view text, std::size_t pos) {
  return static_cast<unsigned char>(text[pos]);
}

// Length in bytes of the UTF-8 code point starting at `pos`; 1 for a byte that does not start
// a complete, well-formed sequence, so malformed input still advances.
std::size_t code_point_length(std::string_view text, std::size_t pos) {
  const unsigned char lead = byte_at(text, pos);
  std::size_t length = 1;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
  }
  if (pos + length > text.size()) return 1;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte_at(text, pos + k) & 0xC0U) != 0x80U) return 1;
  }
  return length;
}

char fold_ascii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool same_byte(char a, char b, CaseSensitivity sensitivity) {
  switch (sensitivity) {
    case CaseSensitivity::Sensitive: return a == b;
    case CaseSensitivity::Insensitive: return fold_ascii(a) == fold_ascii(b);
  }
  return a == b;
}

}  // namespace

bool wildcard_match(std::string_view pattern, std::string_view text, CaseSensitivity sensitivity) {
  // Greedy scan with one backtrack point: the most recent '*'. When a later literal fails,
  // that '*' absorbs one more code point and the scan resumes after it. Earlier stars never
  // need revisiting, because the most recent one can absorb anything they could.
  std::size_t p = 0;
  std::size_t t = 0;
  std::size_t star = kNoStar;  // pattern index of the most recent '*'
  std::size_t resume = 0;      // text index where that '*' currently ends
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
      continue;
    }
    if (p < pattern.size() && pattern[p] == '?') {
      ++p;
      t += code_point_length(text, t);
      continue;
    }
    if (p < pattern.size() && same_byte(pattern[p], text[t], sensitivity)) {
      ++p;
      ++t;
      continue;
    }
    if (star == kNoStar) return false;
    p = star + 1;
    resume += code_point_length(text, resume);
    t = resume;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
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
