#pragma once
// A JSON tree whose every node knows where it came from, and the lenient parser that builds it.
// The parser accepts what AWS rejects (comments, trailing commas, a byte-order mark, duplicate
// keys) so that one run reports every problem; it records each such extension with its position.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iamsmith/source.hpp"

namespace iamsmith::json {

enum class Type { Null, Bool, Number, String, Array, Object };
[[nodiscard]] std::string_view type_name(Type type);  // "a string", "an array", ...

struct Member;

struct Node {
  Type type = Type::Null;
  // String: the decoded value. Number: its source text ("42", "1e3"). Bool: "true"/"false".
  std::string text;
  std::vector<Node> items;      // Array elements
  std::vector<Member> members;  // Object members, in source order; duplicate keys are all kept
  SourceSpan span;              // the value itself, from its first to its last byte

  [[nodiscard]] bool is_string() const { return type == Type::String; }
  [[nodiscard]] bool is_object() const { return type == Type::Object; }
  [[nodiscard]] bool is_array() const { return type == Type::Array; }
  // The member with this key; with duplicates, the last one (what most JSON readers keep).
  [[nodiscard]] const Member* find(std::string_view key) const;
  [[nodiscard]] const Node* get(std::string_view key) const;
};

struct Member {
  std::string key;
  SourceSpan key_span;  // the quoted key; its pointer is the member's value pointer
  Node value;
};

// YamlAlias: an alias or merge key in a YAML file (the YAML reader expands it; CloudFormation
// does not accept it).
enum class ExtensionKind { LineComment, BlockComment, TrailingComma, ByteOrderMark, YamlAlias };
[[nodiscard]] std::string_view extension_name(ExtensionKind kind);

// Something the parser accepted that strict JSON (and AWS) does not.
struct Extension {
  ExtensionKind kind;
  SourceSpan span;   // the comment, comma or mark itself; pointer of the enclosing value
  char closing = 0;  // TrailingComma: the ']' or '}' that follows it
};

struct DuplicateKey {
  std::string key;
  SourceSpan first;   // key span of the earlier occurrence
  SourceSpan second;  // key span of the later one (whose value is kept)
};

enum class ErrorKind {
  Empty,        // no bytes, or only whitespace and comments
  TooLarge,     // over ParseOptions::max_bytes
  Binary,       // NUL bytes: not a text file
  Utf16,        // a UTF-16 or UTF-32 byte-order mark
  InvalidUtf8,  // a byte sequence that is not UTF-8
  TooDeep,      // nesting deeper than ParseOptions::max_depth
  Syntax,       // not JSON
};

// Why the text could not be read as JSON at all; `span` points at the first offending byte.
struct Error {
  ErrorKind kind;
  std::string message;  // plain English, names the problem, without the position
  SourceSpan span;
};

struct ParseOptions {
  std::size_t max_bytes = 1024 * 1024;  // larger inputs are refused before parsing
  std::size_t max_depth = 128;          // arrays and objects nested deeper are refused
};

struct Document {
  SourceText source;
  std::optional<Node> root;  // absent exactly when `error` is set
  std::vector<Extension> extensions;
  std::vector<DuplicateKey> duplicate_keys;
  std::optional<Error> error;
};

// Never throws for bad input: every problem is recorded in the returned Document.
[[nodiscard]] Document parse(std::string text, const ParseOptions& options = {});

// The document for an input refused for its size, over `limit` bytes, for callers that stop
// reading once an input is known to be too large; `size` when it is known (a regular file).
[[nodiscard]] Document too_large_document(std::optional<std::uintmax_t> size, std::size_t limit);

// Appends `text` as a strict JSON string: quote, backslash and control characters escaped
// (short forms where JSON has them), everything else, non-ASCII UTF-8 included, as is.
void append_quoted(std::string& out, std::string_view text);

// Strict, compact serialization of a node (used for messages and for unknown values).
[[nodiscard]] std::string to_json(const Node& node);

}  // namespace iamsmith::json
