#include "iamsmith/policy_size.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "iamsmith/json.hpp"
#include "iamsmith/text.hpp"

namespace iamsmith {

namespace {

// Counts the code points that are not whitespace (space, tab, LF, CR): every byte that is not a
// UTF-8 continuation byte starts a code point. Branch-free, so that the compiler can vectorise it.
std::size_t count(std::string_view text) {
  std::size_t n = 0;
  std::size_t i = 0;
  // Eight bytes at a time: every byte counts but UTF-8 continuation bytes (10xxxxxx) and JSON
  // whitespace, each flagged in its high bit.
  for (; i + 8 <= text.size(); i += 8) {
    const std::uint64_t w = word::load(text.data() + i);
    const std::uint64_t continuation = w & ~(w << 1U) & 0x8080808080808080ULL;
    const std::uint64_t skipped = continuation | word::bytes_equal(w, ' ') | word::bytes_equal(w, '\t') |
                                  word::bytes_equal(w, '\n') | word::bytes_equal(w, '\r');
    n += 8 - static_cast<std::size_t>(std::popcount(skipped));
  }
  for (const char c : text.substr(i)) {
    const auto byte = static_cast<unsigned char>(c);
    const bool counted = ((byte & 0xC0U) != 0x80U) & (byte != ' ') & (byte != '\t') & (byte != '\n') & (byte != '\r');
    n += static_cast<std::size_t>(counted);
  }
  return n;
}

}  // namespace

std::size_t policy_size(std::string_view text) {
  return count(text);
}

std::size_t policy_size(const json::Document& document) {
  const std::string_view text = document.source.text();
  // What is not sent to IAM: comments and a byte order mark, as [begin, end) ranges of the text.
  std::vector<std::pair<std::size_t, std::size_t>> skipped;
  for (const json::Extension& ext : document.extensions) {
    switch (ext.kind) {
      case json::ExtensionKind::LineComment:
      case json::ExtensionKind::BlockComment:
      case json::ExtensionKind::ByteOrderMark: {
        const std::size_t begin = std::min<std::size_t>(ext.span.offset, text.size());
        skipped.emplace_back(begin, std::min<std::size_t>(begin + ext.span.length, text.size()));
        break;
      }
      case json::ExtensionKind::TrailingComma:
      case json::ExtensionKind::YamlAlias: break;  // one character that stays in the text
    }
  }
  if (skipped.empty()) return count(text);
  std::sort(skipped.begin(), skipped.end());
  std::size_t n = 0;
  std::size_t at = 0;  // counted up to here
  for (const auto& [begin, end] : skipped) {
    if (begin > at) n += count(text.substr(at, begin - at));
    at = std::max(at, end);
  }
  if (at < text.size()) n += count(text.substr(at));
  return n;
}

}  // namespace iamsmith
