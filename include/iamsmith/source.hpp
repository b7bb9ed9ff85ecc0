#pragma once
// Source positions: where in a file a policy element came from.

#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace iamsmith {

// The text of an RFC 6901 JSON pointer ("/Statement/0/Action/3"). It reads like a string (it
// converts to std::string_view, compares with and appends to strings) but keeps pointers of up
// to kInline bytes, nearly all of them, inside itself: every node of a parsed document and every
// element of its policy model carries one, and copying a span must not allocate.
class JsonPointer {
 public:
  static constexpr std::size_t kInline = 56;

  JsonPointer() noexcept : inline_{} {}
  JsonPointer(std::string_view text) { assign(text); }  // NOLINT(google-explicit-constructor)
  JsonPointer(const std::string& text) { assign(text); }  // NOLINT(google-explicit-constructor)
  JsonPointer(const char* text) { assign(std::string_view(text)); }  // NOLINT(google-explicit-constructor)
  JsonPointer(const JsonPointer& other) { assign(other.view()); }
  JsonPointer(JsonPointer&& other) noexcept { take(other); }
  JsonPointer& operator=(const JsonPointer& other) {
    if (this != &other) {
      release();
      assign(other.view());
    }
    return *this;
  }
  JsonPointer& operator=(JsonPointer&& other) noexcept {
    if (this != &other) {
      release();
      take(other);
    }
    return *this;
  }
  ~JsonPointer() { release(); }

  // This pointer with one more reference token, '~' and '/' escaped (pointer_append).
  [[nodiscard]] JsonPointer child(std::string_view token) const;
  [[nodiscard]] JsonPointer child(std::size_t index) const;

  [[nodiscard]] std::string_view view() const noexcept { return {data(), size_}; }
  operator std::string_view() const noexcept { return view(); }  // NOLINT(google-explicit-constructor)
  [[nodiscard]] std::string str() const { return std::string(view()); }
  [[nodiscard]] const char* data() const noexcept { return on_heap_ ? heap_ : inline_; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] int compare(std::size_t pos, std::size_t n, std::string_view other) const {
    return view().compare(pos, n, other);
  }
  [[nodiscard]] std::string substr(std::size_t pos, std::size_t n = std::string_view::npos) const {
    return std::string(view().substr(pos, n));
  }

  friend bool operator==(const JsonPointer& a, const JsonPointer& b) noexcept { return a.view() == b.view(); }
  friend bool operator==(const JsonPointer& a, std::string_view b) noexcept { return a.view() == b; }
  friend bool operator==(const JsonPointer& a, const std::string& b) noexcept { return a.view() == b; }
  friend bool operator==(const JsonPointer& a, const char* b) noexcept { return a.view() == b; }
  friend std::strong_ordering operator<=>(const JsonPointer& a, const JsonPointer& b) noexcept {
    return a.view() <=> b.view();
  }
  friend std::string operator+(const JsonPointer& a, std::string_view b) { return a.str().append(b); }
  friend std::string operator+(const JsonPointer& a, const std::string& b) { return a.str().append(b); }
  friend std::string operator+(const JsonPointer& a, const char* b) { return a.str().append(b); }
  friend std::string operator+(std::string a, const JsonPointer& b) { return a.append(b.view()); }
  friend std::string operator+(const char* a, const JsonPointer& b) { return std::string(a).append(b.view()); }

 private:
  // `this` holds nothing beforehand. If the heap block cannot be had, it still holds nothing.
  void assign(std::string_view text) {
    if (text.size() > kInline) {
      heap_ = new char[text.size()];
      std::memcpy(heap_, text.data(), text.size());
      on_heap_ = true;
    } else if (!text.empty()) {
      std::memcpy(inline_, text.data(), text.size());
    }
    size_ = static_cast<std::uint32_t>(text.size());
  }
  // Takes `other`'s text (its heap block, or a copy of its inline bytes); `other` is left empty
  // when it held a heap block. `this` holds nothing beforehand.
  void take(JsonPointer& other) noexcept {
    size_ = other.size_;
    on_heap_ = other.on_heap_;
    if (on_heap_) {
      heap_ = other.heap_;
      other.on_heap_ = false;
      other.size_ = 0;
    } else {
      std::memcpy(inline_, other.inline_, size_);
    }
  }
  void release() noexcept {
    if (on_heap_) delete[] heap_;
    on_heap_ = false;
    size_ = 0;
  }

  std::uint32_t size_ = 0;
  bool on_heap_ = false;
  union {
    char inline_[kInline];
    char* heap_;
  };
};

std::ostream& operator<<(std::ostream& out, const JsonPointer& pointer);

// Where an element sits in its file. Two spans are equal when every field is: a test that
// compares spans (or values holding them) checks the position. To compare policies by what they
// say, wherever it was written ("load -> write -> load"), use equal_ignoring_positions()
// (iamsmith/policy.hpp).
struct SourceSpan {
  JsonPointer pointer;        // RFC 6901 JSON pointer, e.g. "/Statement/0/Principal/AWS/1"
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
  [[nodiscard]] SourceSpan span(std::size_t offset, std::size_t length, JsonPointer pointer) const;

 private:
  std::string text_;
  std::vector<std::size_t> line_starts_{0};  // byte offset where each line begins
};

}  // namespace iamsmith
