#pragma once
// Source positions: where in a file a policy element came from.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace iamsmith {

// Where an element sits in its file. Two spans are equal when every field is: a test that
// compares spans (or values holding them) checks the position. To compare policies by what they
// say, wherever it was written ("load -> write -> load"), use equal_ignoring_positions()
// (iamsmith/policy.hpp).
struct SourceSpan {
  std::string pointer;        // RFC 6901 JSON pointer, e.g. "/Statement/0/Principal/AWS/1"
  std::uint32_t line = 0;     // 1-based; 0 when the element has no source (built in memory)
  std::uint32_t column = 0;   // 1-based, counted in Unicode code points, a tab counts as one
  std::uint32_t offset = 0;   // 0-based byte offset of the first byte
  std::uint32_t length = 0;   // length in bytes of the source text of the element

  [[nodiscard]] bool has_position() const { return line != 0; }
  friend bool operator==(const SourceSpan&, const SourceSpan&) = default;
};

// Appends one reference token to a JSON pointer, escaping '~' and '/' as RFC 6901 requires.
[[nodiscard]] std::string pointer_append(std::string_view pointer, std::string_view token);
[[nodiscard]] std::string pointer_append(std::string_view pointer, std::size_t index);

// A file's text with an index of its line starts, turning byte offsets into line:column.
class SourceText {
 public:
  SourceText() = default;
  explicit SourceText(std::string text);

  [[nodiscard]] const std::string& text() const { return text_; }
  [[nodiscard]] std::uint32_t line_of(std::size_t offset) const;
  // 1-based column in code points of the byte at `offset`.
  [[nodiscard]] std::uint32_t column_of(std::size_t offset) const;
  // Text of a 1-based line, without its line terminator; empty for out-of-range lines.
  [[nodiscard]] std::string_view line_text(std::uint32_t line) const;
  [[nodiscard]] std::size_t line_count() const { return line_starts_.size(); }

  // A span at `offset` (length bytes) carrying `pointer`.
  [[nodiscard]] SourceSpan span(std::size_t offset, std::size_t length, std::string pointer) const;

 private:
  std::string text_;
  std::vector<std::size_t> line_starts_{0};  // byte offset where each line begins
};

}  // namespace iamsmith
