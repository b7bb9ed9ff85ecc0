#pragma once
// Text at the bottom layer: ASCII case folding and comparison, UTF-8 stepping, and quoting for
// messages. Includes nothing of the project, so every layer may use it.
//
// IAM ignores case only for ASCII letters (action names, condition keys, Bool values, service
// prefixes), so folding here is ASCII only and locale-free. std::tolower is not used: it reads
// the C locale on every call, which showed in profiles (the catalogue's sorting called it tens
// of millions of times per run), and under another locale it could fold bytes of UTF-8 text.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace iamsmith {

// "*", "**", ...: a pattern of nothing but '*', which matches every string.
[[nodiscard]] constexpr bool is_all_stars(std::string_view text) noexcept {
  return !text.empty() && text.find_first_not_of('*') == std::string_view::npos;
}

// 'A'-'Z' to 'a'-'z'; every other byte unchanged.
[[nodiscard]] constexpr char fold_ascii(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

[[nodiscard]] constexpr bool ci_equals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (fold_ascii(a[i]) != fold_ascii(b[i])) return false;
  }
  return true;
}

// FNV-1a over the folded bytes: equal for texts that ci_equals, so tables of names looked up
// ignoring case hash with it (constexpr: the build's table of services holds each prefix's).
[[nodiscard]] constexpr std::uint64_t folded_hash(std::string_view text) noexcept {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : text) h = (h ^ static_cast<unsigned char>(fold_ascii(c))) * 0x100000001b3ULL;
  return h;
}

[[nodiscard]] constexpr bool ci_starts_with(std::string_view text, std::string_view prefix) noexcept {
  return text.size() >= prefix.size() && ci_equals(text.substr(0, prefix.size()), prefix);
}

[[nodiscard]] constexpr bool ci_ends_with(std::string_view text, std::string_view suffix) noexcept {
  return text.size() >= suffix.size() && ci_equals(text.substr(text.size() - suffix.size()), suffix);
}

// Three-way comparison of the folded texts, bytes compared as unsigned char: negative, zero or
// positive. This is the order the service data file is sorted in (docs/iam-data-format.md).
[[nodiscard]] constexpr int ci_compare(std::string_view a, std::string_view b) noexcept {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const auto x = static_cast<unsigned char>(fold_ascii(a[i]));
    const auto y = static_cast<unsigned char>(fold_ascii(b[i]));
    if (x != y) return x < y ? -1 : 1;
  }
  if (a.size() == b.size()) return 0;
  return a.size() < b.size() ? -1 : 1;
}

[[nodiscard]] constexpr bool ci_less(std::string_view a, std::string_view b) noexcept {
  return ci_compare(a, b) < 0;
}

[[nodiscard]] inline std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = fold_ascii(c);
  return out;
}

// Length in bytes of the UTF-8 code point that starts at `pos` (< text.size()). A byte that
// does not start a complete, well-formed sequence counts as a code point of its own, so that
// malformed input still advances one byte at a time.
[[nodiscard]] constexpr std::size_t code_point_length(std::string_view text, std::size_t pos) noexcept {
  const auto lead = static_cast<unsigned char>(text[pos]);
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
    if ((static_cast<unsigned char>(text[pos + k]) & 0xC0U) != 0x80U) return 1;
  }
  return length;
}

// Messages quote what they name in one of two styles, and each message keeps the style it has
// always had: double quotes for policy text (rules, evaluator, verify), single quotes for names
// in the generator's and the state machine reader's messages.
[[nodiscard]] inline std::string in_quotes(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('"');
  out.append(text);
  out.push_back('"');
  return out;
}

// Bytes eight at a time (SWAR), for the scans over every value of every policy.
namespace word {

// Eight bytes from `p`, in memory order.
[[nodiscard]] inline std::uint64_t load(const char* p) noexcept {
  std::uint64_t w = 0;
  std::memcpy(&w, p, sizeof w);
  return w;
}

// The bytes of `w` equal to `byte`, each as its high bit (0x80); exact: no other byte is flagged.
[[nodiscard]] constexpr std::uint64_t bytes_equal(std::uint64_t w, unsigned char byte) noexcept {
  constexpr std::uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL;
  const std::uint64_t x = w ^ (0x0101010101010101ULL * byte);  // zero where equal
  return ~(((x & kLow7) + kLow7) | x | kLow7);
}

}  // namespace word

[[nodiscard]] inline std::string in_single_quotes(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('\'');
  out.append(text);
  out.push_back('\'');
  return out;
}

}  // namespace iamsmith
