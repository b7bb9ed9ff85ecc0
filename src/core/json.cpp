// The lenient JSON reader. RapidJSON does the parsing (iteratively, so deep nesting cannot
// overflow the stack); a SAX handler builds our own tree and records exact byte offsets, which
// SourceText turns into line:column. Comments and trailing commas, which RapidJSON accepts
// silently under its flags, are found by a separate lexical scan so that each is reported.

#include <rapidjson/error/error.h>
#include <rapidjson/reader.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "iamsmith/json.hpp"
#include "iamsmith/limits.hpp"

namespace iamsmith::json {

std::string_view type_name(Type type) {
  switch (type) {
    case Type::Null: return "null";
    case Type::Bool: return "a boolean";
    case Type::Number: return "a number";
    case Type::String: return "a string";
    case Type::Array: return "an array";
    case Type::Object: return "an object";
  }
  return "a value";
}

std::string_view extension_name(ExtensionKind kind) {
  switch (kind) {
    case ExtensionKind::LineComment: return "line comment";
    case ExtensionKind::BlockComment: return "block comment";
    case ExtensionKind::TrailingComma: return "trailing comma";
    case ExtensionKind::ByteOrderMark: return "byte-order mark";
    case ExtensionKind::YamlAlias: return "YAML alias";
  }
  return "extension";
}

const Member* Node::find(std::string_view key) const {
  for (auto it = members.rbegin(); it != members.rend(); ++it) {
    if (it->key == key) return &*it;
  }
  return nullptr;
}

const Node* Node::get(std::string_view key) const {
  const Member* m = find(key);
  return m == nullptr ? nullptr : &m->value;
}

namespace {

// A RapidJSON input stream over a NUL-terminated text that reports absolute offsets through
// Tell(). Like RapidJSON's own StringStream it reads no bounds: the text ends in the NUL that
// std::string keeps after its last byte, parse() refuses a text holding NUL before that, and
// RapidJSON stops at a NUL without taking it.
class OffsetStream {
 public:
  using Ch = char;
  OffsetStream(const char* begin, std::size_t start) : begin_(begin), cur_(begin + start) {}
  [[nodiscard]] Ch Peek() const { return *cur_; }
  Ch Take() { return *cur_++; }
  [[nodiscard]] std::size_t Tell() const { return static_cast<std::size_t>(cur_ - begin_); }
  // Write-side members RapidJSON's stream concept names; never used for reading.
  Ch* PutBegin() { return nullptr; }
  void Put(Ch) {}
  void Flush() {}
  std::size_t PutEnd(Ch*) { return 0; }

 private:
  const char* begin_;
  const char* cur_;
};

bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Offset of the opening quote of the string whose closing quote is at `close`: the nearest
// quote before it that is not escaped (preceded by an even number of backslashes).
std::size_t string_start(const std::string& text, std::size_t close) {
  std::size_t i = close;
  while (i > 0) {
    --i;
    if (text[i] != '"') continue;
    std::size_t backslashes = 0;
    std::size_t j = i;
    while (j > 0 && text[j - 1] == '\\') {
      ++backslashes;
      --j;
    }
    if (backslashes % 2 == 0) return i;
  }
  return 0;
}

struct Frame {
  Node node;
  std::string pending_key;
  SourceSpan pending_key_span;
  // key -> index in node.members of its last occurrence; built only for objects with many
  // members (smaller ones are searched from the back, which finds the same member).
  std::unordered_map<std::string, std::size_t> key_index;
};

// Members an object may have before its keys are looked up in a map instead of a scan.
constexpr std::size_t kKeyScanLimit = 16;

class TreeBuilder {
 public:
  TreeBuilder(const SourceText& source, std::size_t max_depth, std::vector<DuplicateKey>& dups,
              const OffsetStream& stream)
      : source_(source), max_depth_(max_depth), duplicates_(dups), stream_(stream) {}

  bool Null() { return scalar(Type::Null, "null", 4); }
  bool Bool(bool b) { return b ? scalar(Type::Bool, "true", 4) : scalar(Type::Bool, "false", 5); }
  bool Int(int) { return true; }  // numbers arrive through RawNumber (kParseNumbersAsStringsFlag)
  bool Uint(unsigned) { return true; }
  bool Int64(std::int64_t) { return true; }
  bool Uint64(std::uint64_t) { return true; }
  bool Double(double) { return true; }
  bool RawNumber(const char* str, rapidjson::SizeType length, bool) {
    return scalar(Type::Number, std::string(str, length), length);
  }
  bool String(const char* str, rapidjson::SizeType length, bool) {
    const std::size_t end = stream_.Tell();
    const std::size_t start = opening_quote(end, length);
    Node node;
    node.type = Type::String;
    node.text.assign(str, length);
    node.span = span(start, end - start, child_pointer());
    return add(std::move(node));
  }
  bool StartObject() { return start(Type::Object); }
  bool Key(const char* str, rapidjson::SizeType length, bool) {
    const std::size_t end = stream_.Tell();
    const std::size_t start = opening_quote(end, length);
    Frame& top = stack_.back();
    top.pending_key.assign(str, length);
    top.pending_key_span = span(start, end - start, top.node.span.pointer.child(top.pending_key));
    return true;
  }
  bool EndObject(rapidjson::SizeType) { return finish(); }
  bool StartArray() { return start(Type::Array); }
  bool EndArray(rapidjson::SizeType) { return finish(); }

  [[nodiscard]] bool too_deep() const { return too_deep_; }
  // Every node keeps its whole JSON pointer, so a long key over many values (a 50 KB key over an
  // array of 25,000 numbers) would need gigabytes: past a budget the document is refused instead.
  static constexpr std::size_t kPointerBudget = std::size_t{64} * 1024 * 1024;
  [[nodiscard]] bool too_many_pointer_bytes() const { return pointer_bytes_ > kPointerBudget; }
  [[nodiscard]] std::size_t too_deep_offset() const { return too_deep_offset_; }
  std::optional<Node>& root() { return root_; }

 private:
  // SourceText::span, with the line and column counted on from the previous span: the parser
  // asks for positions in increasing order, so the text is scanned once in all (a minified policy
  // is one long line: counting each column from the line's start was quadratic).
  SourceSpan span(std::size_t offset, std::size_t length, JsonPointer pointer) {
    pointer_bytes_ += pointer.size();
    SourceSpan s;
    s.pointer = std::move(pointer);
    if (last_line_ != 0 && offset >= last_offset_) {
      const std::string& text = source_.text();
      const std::size_t n = text.size();
      const std::size_t end = std::min(offset, n);
      std::uint32_t line = last_line_;
      std::uint32_t column = last_column_;
      // The rules of SourceText: LF, CRLF and a lone CR end a line; columns count code points.
      std::size_t from = std::min(last_offset_, end);
      if (std::memchr(text.data() + from, '\r', end - from) == nullptr) {
        // No CR between the spans (nearly always): jump from LF to LF, then count the code
        // points after the last one.
        while (const void* lf = std::memchr(text.data() + from, '\n', end - from)) {
          ++line;
          column = 1;
          from = static_cast<std::size_t>(static_cast<const char*>(lf) - text.data()) + 1;
        }
        for (std::size_t i = from; i < end; ++i) {
          column += (static_cast<unsigned char>(text[i]) & 0xC0U) != 0x80U ? 1U : 0U;
        }
      } else {
        for (std::size_t i = from; i < end; ++i) {
          const char c = text[i];
          if (c == '\n' || (c == '\r' && (i + 1 >= n || text[i + 1] != '\n'))) {
            ++line;
            column = 1;
          } else if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) {
            ++column;
          }
        }
      }
      s.line = line;
      s.column = column;
    } else {
      s.line = source_.line_of(offset);
      s.column = source_.column_of(offset);
    }
    last_line_ = s.line;
    last_offset_ = offset;
    last_column_ = s.column;
    s.offset = static_cast<std::uint32_t>(offset);
    s.length = static_cast<std::uint32_t>(length);
    return s;
  }

  // The offset of the opening quote of the string just read, which ends before `end` and decodes
  // to `length` bytes. Without escapes the source holds exactly those bytes between its quotes.
  // A string with escapes is longer in the source: where its shorter form would begin there may
  // be an escaped quote, but then a backslash follows it (the escapes before it cannot make up
  // the difference alone), so the check falls back to searching for the quote.
  [[nodiscard]] std::size_t opening_quote(std::size_t end, std::size_t length) const {
    const std::string& text = source_.text();
    if (end >= length + 2) {
      const std::size_t start = end - length - 2;
      if (text[start] == '"' && std::memchr(text.data() + start + 1, '\\', length) == nullptr) return start;
    }
    return string_start(text, end - 1);
  }

  JsonPointer child_pointer() const {
    if (stack_.empty()) return {};
    const Frame& top = stack_.back();
    if (top.node.type == Type::Array) return top.node.span.pointer.child(top.node.items.size());
    // A member's value has its key's pointer, made when the key was read.
    return top.pending_key_span.pointer;
  }

  bool scalar(Type type, std::string text, std::size_t length) {
    const std::size_t end = stream_.Tell();
    Node node;
    node.type = type;
    node.text = std::move(text);
    node.span = span(end - length, length, child_pointer());
    return add(std::move(node));
  }

  bool start(Type type) {
    // The iterative parser calls StartObject/StartArray before it takes the '{' or '[' (and
    // EndObject/EndArray before the closing bracket), so Tell() is the bracket's own offset.
    const std::size_t offset = stream_.Tell();
    if (stack_.size() >= max_depth_) {
      too_deep_ = true;
      too_deep_offset_ = offset;
      return false;
    }
    Frame frame;
    frame.node.type = type;
    frame.node.span = span(offset, 1, child_pointer());
    stack_.push_back(std::move(frame));
    return true;
  }

  bool finish() {
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    const std::size_t end = stream_.Tell() + 1;
    frame.node.span.length = static_cast<std::uint32_t>(end - frame.node.span.offset);
    return add(std::move(frame.node));
  }

  bool add(Node node) {
    if (too_many_pointer_bytes()) return false;
    if (stack_.empty()) {
      root_ = std::move(node);
      return true;
    }
    Frame& top = stack_.back();
    if (top.node.type == Type::Array) {
      top.node.items.push_back(std::move(node));
      return true;
    }
    std::vector<Member>& members = top.node.members;
    std::optional<std::size_t> earlier;  // the key's previous occurrence
    if (members.size() < kKeyScanLimit) {
      for (std::size_t i = members.size(); i > 0; --i) {
        if (members[i - 1].key == top.pending_key) {
          earlier = i - 1;
          break;
        }
      }
    } else {
      if (top.key_index.empty()) {
        for (std::size_t i = 0; i < members.size(); ++i) top.key_index[members[i].key] = i;
      }
      auto [it, inserted] = top.key_index.try_emplace(top.pending_key, members.size());
      if (!inserted) {
        earlier = it->second;
        it->second = members.size();
      }
    }
    if (earlier) duplicates_.push_back({top.pending_key, members[*earlier].key_span, top.pending_key_span});
    top.node.members.push_back({std::move(top.pending_key), std::move(top.pending_key_span),
                                std::move(node)});
    top.pending_key.clear();
    return true;
  }

  const SourceText& source_;
  std::size_t max_depth_;
  std::vector<DuplicateKey>& duplicates_;
  const OffsetStream& stream_;
  std::vector<Frame> stack_;
  std::optional<Node> root_;
  bool too_deep_ = false;
  std::size_t too_deep_offset_ = 0;
  std::size_t pointer_bytes_ = 0;  // in all the spans made so far
  std::uint32_t last_line_ = 0;  // the previous span's position
  std::uint32_t last_column_ = 0;
  std::size_t last_offset_ = 0;
};

// Offset of the first byte that does not begin a well-formed UTF-8 sequence (overlong forms,
// surrogates and code points past U+10FFFF included), or npos.
std::size_t first_invalid_utf8(const std::string& text) {
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    // Runs of ASCII (nearly all of a policy) eight bytes at a time.
    while (i + 8 <= n) {
      std::uint64_t word = 0;
      std::memcpy(&word, text.data() + i, sizeof word);
      if ((word & 0x8080808080808080ULL) != 0) break;
      i += 8;
    }
    if (i >= n) break;
    const auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80U) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned lo = 0x80U;
    unsigned hi = 0xBFU;
    if (b >= 0xC2U && b <= 0xDFU) {
      len = 2;
    } else if (b >= 0xE0U && b <= 0xEFU) {
      len = 3;
      if (b == 0xE0U) lo = 0xA0U;
      if (b == 0xEDU) hi = 0x9FU;  // U+D800..U+DFFF are surrogates, not characters
    } else if (b >= 0xF0U && b <= 0xF4U) {
      len = 4;
      if (b == 0xF0U) lo = 0x90U;
      if (b == 0xF4U) hi = 0x8FU;
    } else {
      return i;
    }
    if (i + len > n) return i;
    const auto b1 = static_cast<unsigned char>(text[i + 1]);
    if (b1 < lo || b1 > hi) return i;
    for (std::size_t k = 2; k < len; ++k) {
      const auto bk = static_cast<unsigned char>(text[i + k]);
      if (bk < 0x80U || bk > 0xBFU) return i;
    }
    i += len;
  }
  return std::string::npos;
}

// Skips whitespace and comments from `i`; returns the offset of the next significant byte.
std::size_t skip_space_and_comments(const std::string& text, std::size_t i) {
  const std::size_t n = text.size();
  while (i < n) {
    if (is_json_space(text[i])) {
      ++i;
    } else if (text[i] == '/' && i + 1 < n && text[i + 1] == '/') {
      while (i < n && text[i] != '\n' && text[i] != '\r') ++i;
    } else if (text[i] == '/' && i + 1 < n && text[i + 1] == '*') {
      const std::size_t close = text.find("*/", i + 2);
      i = close == std::string::npos ? n : close + 2;
    } else {
      break;
    }
  }
  return i;
}

struct RawExtension {
  ExtensionKind kind;
  std::size_t offset;
  std::size_t length;
  char closing;
};

// The bytes scan_extensions stops at.
constexpr std::array<bool, 256> kExtensionStart = [] {
  std::array<bool, 256> t{};
  t['"'] = t['/'] = t[','] = true;
  return t;
}();

// Finds comments and trailing commas outside strings, in [start, end).
std::vector<RawExtension> scan_extensions(const std::string& text, std::size_t start,
                                          std::size_t end) {
  std::vector<RawExtension> found;
  std::size_t i = start;
  while (i < end) {
    // Only a quote, a slash or a comma can start what is looked for: step over everything else.
    while (i < end && !kExtensionStart[static_cast<unsigned char>(text[i])]) ++i;
    if (i >= end) break;
    const char c = text[i];
    if (c == '"') {
      // To the closing quote: the next quote that is not escaped (an odd run of backslashes
      // before a quote escapes it).
      ++i;
      while (true) {
        const void* quote = std::memchr(text.data() + i, '"', end - i);
        if (quote == nullptr) {
          i = end;
          break;
        }
        const std::size_t q = static_cast<std::size_t>(static_cast<const char*>(quote) - text.data());
        std::size_t backslashes = 0;
        while (q - backslashes > i && text[q - backslashes - 1] == '\\') ++backslashes;
        i = q + 1;
        if (backslashes % 2 == 0) break;
      }
    } else if (c == '/' && i + 1 < end && text[i + 1] == '/') {
      std::size_t j = i;
      while (j < end && text[j] != '\n' && text[j] != '\r') ++j;
      found.push_back({ExtensionKind::LineComment, i, j - i, 0});
      i = j;
    } else if (c == '/' && i + 1 < end && text[i + 1] == '*') {
      const std::size_t close = text.find("*/", i + 2);
      const std::size_t j = close == std::string::npos ? end : close + 2;
      found.push_back({ExtensionKind::BlockComment, i, j - i, 0});
      i = j;
    } else if (c == ',') {
      const std::size_t next = skip_space_and_comments(text, i + 1);
      if (next < end && (text[next] == ']' || text[next] == '}')) {
        found.push_back({ExtensionKind::TrailingComma, i, 1, text[next]});
      }
      ++i;
    } else {
      ++i;
    }
  }
  return found;
}

// The pointer of the innermost array or object whose source range holds `offset`.
const JsonPointer& enclosing_pointer(const Node& node, std::size_t offset) {
  if (node.type == Type::Array) {
    for (const Node& item : node.items) {
      if ((item.is_array() || item.is_object()) && offset >= item.span.offset &&
          offset < item.span.offset + item.span.length) {
        return enclosing_pointer(item, offset);
      }
    }
  } else if (node.type == Type::Object) {
    for (const Member& m : node.members) {
      const Node& v = m.value;
      if ((v.is_array() || v.is_object()) && offset >= v.span.offset &&
          offset < v.span.offset + v.span.length) {
        return enclosing_pointer(v, offset);
      }
    }
  }
  return node.span.pointer;
}

std::string syntax_message(rapidjson::ParseErrorCode code, const std::string& text,
                           std::size_t offset) {
  const char at = offset < text.size() ? text[offset] : '\0';
  switch (code) {
    case rapidjson::kParseErrorNone: return "no error";
    case rapidjson::kParseErrorDocumentEmpty: return "the file holds no JSON value";
    case rapidjson::kParseErrorDocumentRootNotSingular:
      return "unexpected text after the end of the JSON document";
    case rapidjson::kParseErrorValueInvalid:
      if (at == '\'') return "strings must be in double quotes, not single quotes";
      if (at == '\0') return "the file ends where a value was expected";
      return "expected a value (a string, number, object, array, true, false or null)";
    case rapidjson::kParseErrorObjectMissName:
      if (at == '\'') return "object keys must be in double quotes, not single quotes";
      return "expected a key in double quotes";
    case rapidjson::kParseErrorObjectMissColon: return "expected ':' after the object key";
    case rapidjson::kParseErrorObjectMissCommaOrCurlyBracket:
      if (at == '"') return "expected ',' or '}' after an object member (a comma is missing)";
      if (at == '\0') return "the file ends inside an object: '}' is missing";
      return "expected ',' or '}' after an object member";
    case rapidjson::kParseErrorArrayMissCommaOrSquareBracket:
      if (at == '\0') return "the file ends inside an array: ']' is missing";
      return "expected ',' or ']' after an array element";
    case rapidjson::kParseErrorStringUnicodeEscapeInvalidHex:
      return "invalid \\u escape: four hexadecimal digits must follow \\u";
    case rapidjson::kParseErrorStringUnicodeSurrogateInvalid:
      return "invalid \\u escape: a UTF-16 surrogate without its pair";
    case rapidjson::kParseErrorStringEscapeInvalid:
      if (static_cast<unsigned char>(at) < 0x20U)
        return "control character inside a string: write a line break as \\n and a tab as \\t";
      return "invalid escape sequence in a string (valid: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)";
    case rapidjson::kParseErrorStringMissQuotationMark:
      return "the string is not closed: its closing '\"' is missing";
    case rapidjson::kParseErrorStringInvalidEncoding:
      if (static_cast<unsigned char>(at) < 0x20U)
        return "control character inside a string: write a line break as \\n and a tab as \\t";
      return "invalid UTF-8 inside a string";
    case rapidjson::kParseErrorNumberTooBig: return "number too large";
    case rapidjson::kParseErrorNumberMissFraction:
      return "invalid number: digits must follow the decimal point";
    case rapidjson::kParseErrorNumberMissExponent:
      return "invalid number: digits must follow the exponent";
    case rapidjson::kParseErrorTermination: return "parsing stopped";
    case rapidjson::kParseErrorUnspecificSyntaxError: return "syntax error";
  }
  return "syntax error";
}

Document fail(Document doc, ErrorKind kind, std::string message, std::size_t offset) {
  doc.error = Error{kind, std::move(message), doc.source.span(offset, 1, "")};
  doc.root.reset();
  return doc;
}

}  // namespace

Document too_large_document(std::optional<std::uintmax_t> size, std::size_t limit) {
  Document doc;
  return fail(std::move(doc), ErrorKind::TooLarge,
              size ? "the file is " + std::to_string(*size) + " bytes, over the limit of " +
                         std::to_string(limit) + " bytes"
                   : "the input is over the limit of " + std::to_string(limit) + " bytes",
              0);
}

Document parse(std::string text, const ParseOptions& options) {
  if (text.size() > options.max_bytes) return too_large_document(text.size(), options.max_bytes);

  Document doc;
  doc.source = SourceText(std::move(text));
  const std::string& t = doc.source.text();

  auto starts_with = [&t](std::string_view prefix) {
    return std::string_view(t).substr(0, prefix.size()) == prefix;
  };
  if (starts_with(std::string_view("\x00\x00\xFE\xFF", 4)) ||
      starts_with(std::string_view("\xFF\xFE\x00\x00", 4))) {
    return fail(std::move(doc), ErrorKind::Utf16, "the file is UTF-32 encoded; policies must be UTF-8", 0);
  }
  if (starts_with("\xFE\xFF") || starts_with("\xFF\xFE")) {
    return fail(std::move(doc), ErrorKind::Utf16, "the file is UTF-16 encoded; policies must be UTF-8", 0);
  }
  std::size_t begin = 0;
  if (starts_with("\xEF\xBB\xBF")) {
    doc.extensions.push_back({ExtensionKind::ByteOrderMark, doc.source.span(0, 3, ""), 0});
    begin = 3;
  }
  if (const std::size_t nul = t.find('\0'); nul != std::string::npos) {
    return fail(std::move(doc), ErrorKind::Binary,
                "the file holds NUL bytes: it is binary, not JSON text", nul);
  }
  if (const std::size_t bad = first_invalid_utf8(t); bad != std::string::npos) {
    return fail(std::move(doc), ErrorKind::InvalidUtf8, "invalid UTF-8 byte sequence", bad);
  }
  if (skip_space_and_comments(t, begin) >= t.size()) {
    return fail(std::move(doc), ErrorKind::Empty, "the file is empty: it holds no JSON value",
                begin);
  }

  OffsetStream stream(t.c_str(), begin);
  const std::size_t max_depth = std::min(options.max_depth, kMaxDepthLimit);
  TreeBuilder builder(doc.source, max_depth, doc.duplicate_keys, stream);
  rapidjson::Reader reader;
  constexpr unsigned kFlags = rapidjson::kParseIterativeFlag | rapidjson::kParseCommentsFlag |
                              rapidjson::kParseTrailingCommasFlag |
                              rapidjson::kParseNumbersAsStringsFlag;
  const rapidjson::ParseResult result = reader.Parse<kFlags>(stream, builder);

  std::size_t scan_end = t.size();
  if (result.IsError()) {
    if (builder.too_deep()) {
      return fail(std::move(doc), ErrorKind::TooDeep,
                  "arrays and objects are nested more than " + std::to_string(max_depth) +
                      (max_depth == kMaxDepthLimit ? " levels deep, the most iamsmith reads" : " levels deep"),
                  builder.too_deep_offset());
    }
    if (builder.too_many_pointer_bytes()) {
      return fail(std::move(doc), ErrorKind::TooLarge,
                  "the document pairs long keys with many values: its element paths (JSON pointers) "
                  "would take more than " +
                      std::to_string(TreeBuilder::kPointerBudget / (1024 * 1024)) + " MiB",
                  result.Offset());
    }
    std::size_t offset = result.Offset();
    if (result.Code() == rapidjson::kParseErrorValueInvalid) {
      // A misspelt literal ("tru", "nul") is reported after the letters read; point at its start.
      while (offset > begin && std::isalpha(static_cast<unsigned char>(t[offset - 1])) != 0) --offset;
    }
    doc.error = Error{ErrorKind::Syntax, syntax_message(result.Code(), t, offset),
                      doc.source.span(offset, 1, "")};
    scan_end = offset;
  } else {
    doc.root = std::move(builder.root());
  }

  static const Node kNoRoot;
  const Node& root = doc.root ? *doc.root : kNoRoot;
  for (const RawExtension& raw : scan_extensions(t, begin, scan_end)) {
    doc.extensions.push_back({raw.kind,
                              doc.source.span(raw.offset, raw.length, enclosing_pointer(root, raw.offset)),
                              raw.closing});
  }
  if (doc.error) {
    doc.root.reset();
    doc.duplicate_keys.clear();  // keys of a half-read document say little
  }
  return doc;
}

void append_quoted(std::string& out, std::string_view text) {
  out.push_back('"');
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20U) {
          static constexpr std::string_view kHex = "0123456789abcdef";
          out += "\\u00";
          out.push_back(kHex[byte >> 4U]);
          out.push_back(kHex[byte & 0x0FU]);
        } else {
          out.push_back(c);
        }
      }
    }
  }
  out.push_back('"');
}

namespace {

void append_json(std::string& out, const Node& node) {
  switch (node.type) {
    case Type::Null: out += "null"; return;
    case Type::Bool:
    case Type::Number: out += node.text; return;
    case Type::String: append_quoted(out, node.text); return;
    case Type::Array: {
      out.push_back('[');
      for (std::size_t i = 0; i < node.items.size(); ++i) {
        if (i > 0) out.push_back(',');
        append_json(out, node.items[i]);
      }
      out.push_back(']');
      return;
    }
    case Type::Object: {
      out.push_back('{');
      for (std::size_t i = 0; i < node.members.size(); ++i) {
        if (i > 0) out.push_back(',');
        append_quoted(out, node.members[i].key);
        out.push_back(':');
        append_json(out, node.members[i].value);
      }
      out.push_back('}');
      return;
    }
  }
}

}  // namespace

std::string to_json(const Node& node) {
  std::string out;
  append_json(out, node);
  return out;
}

}  // namespace iamsmith::json
