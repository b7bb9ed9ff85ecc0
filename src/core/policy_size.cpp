#include "iamsmith/policy_size.hpp"

#include <string>
#include <vector>

#include "iamsmith/json.hpp"

namespace iamsmith {

namespace {

bool is_whitespace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Counts the code points that are not whitespace, leaving out bytes marked in `skip` (when given).
std::size_t count(std::string_view text, const std::vector<bool>* skip) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const bool continuation = (byte & 0xC0U) == 0x80U;
    if ((skip == nullptr || !(*skip)[i]) && !continuation && !is_whitespace(text[i])) ++n;
  }
  return n;
}

}  // namespace

std::size_t policy_size(std::string_view text) {
  return count(text, nullptr);
}

std::size_t policy_size(const json::Document& document) {
  const std::string& text = document.source.text();
  std::vector<bool> skip(text.size(), false);
  for (const json::Extension& ext : document.extensions) {
    switch (ext.kind) {
      case json::ExtensionKind::LineComment:
      case json::ExtensionKind::BlockComment:
      case json::ExtensionKind::ByteOrderMark:
        for (std::size_t i = ext.span.offset; i < ext.span.offset + ext.span.length && i < text.size(); ++i) {
          skip[i] = true;
        }
        break;
      case json::ExtensionKind::TrailingComma:
      case json::ExtensionKind::YamlAlias: break;  // one character that stays in the text
    }
  }
  return count(text, &skip);
}

}  // namespace iamsmith
