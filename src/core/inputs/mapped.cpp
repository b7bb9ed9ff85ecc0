// Text with an offset map back into its container, and JSON parsed from it.

#include <algorithm>

#include "iamsmith/inputs.hpp"

namespace iamsmith::inputs {

std::uint32_t MappedText::offset_of(std::size_t i) const {
  return i < offsets_.size() ? offsets_[i] : end_;
}

void MappedText::append_at(std::string_view text, std::uint32_t offset) {
  text_ += text;
  offsets_.insert(offsets_.end(), text.size(), offset);
  end_ = std::max(end_, offset);
}

void MappedText::append_mapped(std::string_view text, std::span<const std::uint32_t> offsets) {
  text_ += text;
  offsets_.insert(offsets_.end(), offsets.begin(),
                  offsets.begin() + static_cast<std::ptrdiff_t>(text.size()));
  if (offsets.size() > text.size()) end_ = offsets[text.size()];
}

void MappedText::append(const MappedText& other) {
  text_ += other.text_;
  offsets_.insert(offsets_.end(), other.offsets_.begin(), other.offsets_.end());
  end_ = other.end_;
}

MappedText MappedText::slice(std::size_t from, std::size_t to) const {
  MappedText out;
  to = std::min(to, text_.size());
  from = std::min(from, to);
  out.text_ = text_.substr(from, to - from);
  out.offsets_.assign(offsets_.begin() + static_cast<std::ptrdiff_t>(from),
                      offsets_.begin() + static_cast<std::ptrdiff_t>(to));
  out.end_ = offset_of(to);
  return out;
}

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::uint32_t hex_run(std::string_view text, std::size_t at, std::size_t digits) {
  std::uint32_t v = 0;
  for (std::size_t k = 0; k < digits && at + k < text.size(); ++k) {
    const int h = hex_value(text[at + k]);
    if (h < 0) break;
    v = v * 16U + static_cast<std::uint32_t>(h);
  }
  return v;
}

std::size_t utf8_length(std::uint32_t cp) {
  if (cp < 0x80U) return 1;
  if (cp < 0x800U) return 2;
  if (cp < 0x10000U) return 3;
  return 4;
}

// An escape at text[at] == '\\' inside a double-quoted string (JSON's escapes and YAML's): how
// many source bytes it takes and how many decoded bytes it produces.
std::pair<std::size_t, std::size_t> escape_size(std::string_view text, std::size_t at) {
  if (at + 1 >= text.size()) return {1, 0};
  switch (text[at + 1]) {
    case 'u': {
      const std::uint32_t cp = hex_run(text, at + 2, 4);
      // A high surrogate followed by \uDC00..\uDFFF: one code point, four UTF-8 bytes.
      if (cp >= 0xD800U && cp <= 0xDBFFU && at + 7 < text.size() && text[at + 6] == '\\' &&
          text[at + 7] == 'u')
        return {12, 4};
      return {6, utf8_length(cp)};
    }
    case 'x': return {4, utf8_length(hex_run(text, at + 2, 2))};
    case 'U': return {10, utf8_length(hex_run(text, at + 2, 8))};
    case 'N': return {2, 2};   // U+0085
    case '_': return {2, 2};   // U+00A0
    case 'L': return {2, 3};   // U+2028
    case 'P': return {2, 3};   // U+2029
    case '\n': return {2, 0};  // an escaped line break joins the lines
    case '\r': return {at + 2 < text.size() && text[at + 2] == '\n' ? 3 : 2, 0};
    default: return {2, 1};
  }
}

}  // namespace

MappedText map_string(const SourceText& container, const json::Node& node) {
  const std::string& text = container.text();
  const std::string& decoded = node.text;
  std::size_t p = node.span.offset;
  const std::size_t end = std::min<std::size_t>(text.size(), node.span.offset + node.span.length);
  // A YAML scalar's span may start at its tag or anchor ("!Sub |", "&a 'x'").
  while (p < end && (text[p] == '!' || text[p] == '&')) {
    while (p < end && text[p] != ' ' && text[p] != '\t' && text[p] != '\n' && text[p] != '\r') ++p;
    while (p < end && (text[p] == ' ' || text[p] == '\t' || text[p] == '\n' || text[p] == '\r')) ++p;
  }
  bool escapes = false;
  bool single = false;
  if (p < end && text[p] == '"') {
    escapes = true;
    ++p;
  } else if (p < end && text[p] == '\'') {
    single = true;
    ++p;
  } else if (p < end && (text[p] == '|' || text[p] == '>')) {
    while (p < end && text[p] != '\n' && text[p] != '\r') ++p;  // the block header
  }
  std::vector<std::uint32_t> offsets(decoded.size() + 1, 0);
  std::size_t i = 0;
  while (i < decoded.size()) {
    if (escapes && p < end && text[p] == '\\') {
      const auto [consumed, produced] = escape_size(text, p);
      for (std::size_t k = 0; k < produced && i < decoded.size(); ++k)
        offsets[i++] = static_cast<std::uint32_t>(p);
      p += consumed;
      continue;
    }
    if (single && p + 1 < end && text[p] == '\'' && text[p + 1] == '\'') {
      offsets[i++] = static_cast<std::uint32_t>(p);
      p += 2;
      continue;
    }
    // Everything else is the byte itself, after what the scalar's style leaves out (a block's
    // indentation, a folded line break): the next equal byte in the source.
    std::size_t q = p;
    while (q < end && text[q] != decoded[i]) ++q;
    if (q >= end) {
      offsets[i++] = static_cast<std::uint32_t>(std::min(p, end));
      continue;
    }
    offsets[i++] = static_cast<std::uint32_t>(q);
    p = q + 1;
  }
  offsets[decoded.size()] = static_cast<std::uint32_t>(std::min(p, end));
  MappedText out;
  out.append_mapped(decoded, offsets);
  return out;
}

namespace {

class Remapper {
 public:
  Remapper(const MappedText& text, const SourceText& container, const std::string& prefix)
      : text_(text), container_(container), prefix_(prefix) {}

  void span(SourceSpan& s) const {
    const std::size_t size = text_.text().size();
    const std::size_t first = std::min<std::size_t>(s.offset, size);
    const std::size_t last = std::min<std::size_t>(std::size_t{s.offset} + s.length, size);
    const std::uint32_t from = text_.offset_of(first);
    // The end of the last byte: one past the container byte the span's last byte came from.
    std::uint32_t to = last > first ? text_.offset_of(last - 1) + 1 : from;
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
  const MappedText& text_;
  const SourceText& container_;
  const std::string& prefix_;
};

}  // namespace

json::Document parse_embedded_json(const MappedText& text, const SourceText& container,
                                   const std::string& pointer, const json::ParseOptions& options) {
  json::Document doc = json::parse(text.text(), options);
  const Remapper remap(text, container, pointer);
  if (doc.root) remap.node(*doc.root);
  for (json::Extension& e : doc.extensions) remap.span(e.span);
  for (json::DuplicateKey& d : doc.duplicate_keys) {
    remap.span(d.first);
    remap.span(d.second);
  }
  if (doc.error) {
    remap.span(doc.error->span);
    // The reader speaks of a file; here the text that ends is the string holding the document.
    const std::string_view file_ends = "the file ends";
    if (doc.error->message.rfind(file_ends, 0) == 0)
      doc.error->message.replace(0, file_ends.size(), "the embedded document ends");
  }
  doc.source = SourceText();
  return doc;
}

void repoint(json::Node& node, std::string_view from, std::string_view to) {
  auto move = [&](SourceSpan& s) {
    if (s.pointer.compare(0, from.size(), from) == 0)
      s.pointer = std::string(to) + s.pointer.substr(from.size());
  };
  move(node.span);
  for (json::Node& item : node.items) repoint(item, from, to);
  for (json::Member& m : node.members) {
    move(m.key_span);
    repoint(m.value, from, to);
  }
}

}  // namespace iamsmith::inputs
