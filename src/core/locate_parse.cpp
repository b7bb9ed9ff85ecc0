// A located document parsed in its container's coordinates (see iamsmith/locate.hpp).

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "iamsmith/locate.hpp"

namespace iamsmith {
namespace {

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::uint32_t hex4(const std::string& text, std::size_t at) {
  std::uint32_t v = 0;
  for (std::size_t k = at; k < at + 4 && k < text.size(); ++k) {
    const int h = hex(text[k]);
    if (h < 0) return 0;
    v = v * 16U + static_cast<std::uint32_t>(h);
  }
  return v;
}

std::size_t utf8_length(std::uint32_t cp) {
  if (cp < 0x80) return 1;
  if (cp < 0x800) return 2;
  if (cp < 0x10000) return 3;
  return 4;
}

// For every byte of a JSON string node's decoded value, the container byte it came from (an
// escape's bytes all come from its backslash); one more entry for the closing quote.
std::vector<std::size_t> string_offsets(const SourceText& container, const json::Node& node) {
  const std::string& text = container.text();
  const std::size_t size = node.text.size();
  std::vector<std::size_t> out(size + 1, node.span.offset);
  std::size_t p = node.span.offset + 1;  // after the opening quote
  std::size_t i = 0;
  while (i < size && p < text.size()) {
    if (text[p] != '\\') {
      out[i++] = p++;
      continue;
    }
    std::size_t consumed = 2;
    std::size_t produced = 1;
    if (p + 1 < text.size() && text[p + 1] == 'u') {
      std::uint32_t cp = hex4(text, p + 2);
      consumed = 6;
      if (cp >= 0xD800 && cp < 0xDC00 && p + 11 < text.size() && text[p + 6] == '\\' && text[p + 7] == 'u') {
        const std::uint32_t low = hex4(text, p + 8);
        if (low >= 0xDC00 && low < 0xE000) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          consumed = 12;
        }
      }
      produced = utf8_length(cp);
    }
    for (std::size_t k = 0; k < produced && i < size; ++k) out[i++] = p;
    p += consumed;
  }
  out[size] = std::min(p, text.size());
  return out;
}

class Remap {
 public:
  Remap(const SourceText& container, std::vector<std::size_t> offsets, const std::string& prefix)
      : container_(container), offsets_(std::move(offsets)), prefix_(prefix) {}

  void span(SourceSpan& s) const {
    const std::size_t last_index = offsets_.size() - 1;
    const std::size_t first = std::min<std::size_t>(s.offset, last_index);
    const std::size_t last = std::min<std::size_t>(std::size_t{s.offset} + s.length, last_index);
    const std::size_t from = offsets_[first];
    std::size_t to = last > first ? offsets_[last - 1] + 1 : from;
    if (to < from) to = from;
    s = container_.span(from, to - from, prefix_ + s.pointer);
  }
  void node(json::Node& n) const {
    span(n.span);
    for (json::Node& item : n.items) node(item);
    for (json::Member& m : n.members) {
      span(m.key_span);
      node(m.value);
    }
  }

 private:
  const SourceText& container_;
  std::vector<std::size_t> offsets_;
  const std::string& prefix_;
};

}  // namespace

ParsedDocument parse_located(const LocatedDocument& located, const SourceText& container,
                             const json::ParseOptions& options) {
  ParsedDocument out;
  if (located.value == nullptr) return out;
  if (!located.value->is_string()) {
    out.document.root = *located.value;  // its spans and pointers are the container's already
    return out;
  }
  const DecodedDocument decoded = decode_document_string(located.value->text);
  out.notes = decoded.notes;
  const std::vector<std::size_t> in_string = string_offsets(container, *located.value);
  std::vector<std::size_t> offsets(decoded.origins.size());
  for (std::size_t i = 0; i < offsets.size(); ++i)
    offsets[i] = in_string[std::min(decoded.origins[i], in_string.size() - 1)];
  out.document = json::parse(decoded.text, options);
  const std::string& prefix = located.value->span.pointer;
  const Remap remap(container, std::move(offsets), prefix);
  if (out.document.root) remap.node(*out.document.root);
  for (json::Extension& e : out.document.extensions) remap.span(e.span);
  for (json::DuplicateKey& d : out.document.duplicate_keys) {
    remap.span(d.first);
    remap.span(d.second);
  }
  if (out.document.error) remap.span(out.document.error->span);
  out.document.source = SourceText();
  return out;
}

}  // namespace iamsmith
