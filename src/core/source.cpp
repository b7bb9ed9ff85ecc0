#include "iamsmith/source.hpp"

#include <algorithm>
#include <cstring>
#include <ostream>
#include <string>

namespace iamsmith {

std::string pointer_append(std::string_view pointer, std::string_view token) {
  std::string out;
  const bool plain = token.empty() || (std::memchr(token.data(), '~', token.size()) == nullptr &&
                                       std::memchr(token.data(), '/', token.size()) == nullptr);
  out.reserve(pointer.size() + 1 + token.size() + (plain ? 0 : token.size()));
  out.append(pointer);
  out.push_back('/');
  if (plain) {
    out.append(token);
    return out;
  }
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

namespace {

// The decimal digits of `index`, most significant first, in `digits`; returns how many.
std::size_t decimal(std::size_t index, char (&digits)[24]) {
  char reversed[24];
  std::size_t n = 0;
  do {
    reversed[n++] = static_cast<char>('0' + index % 10);
    index /= 10;
  } while (index != 0);
  for (std::size_t i = 0; i < n; ++i) digits[i] = reversed[n - 1 - i];
  return n;
}

}  // namespace

std::string pointer_append(std::string_view pointer, std::size_t index) {
  char digits[24];
  const std::size_t n = decimal(index, digits);
  std::string out;
  out.reserve(pointer.size() + 1 + n);
  out.append(pointer);
  out.push_back('/');
  out.append(digits, n);
  return out;
}

JsonPointer JsonPointer::child(std::string_view token) const {
  const std::size_t escapes = static_cast<std::size_t>(std::count_if(token.begin(), token.end(), [](char c) { return c == '~' || c == '/'; }));
  const std::size_t n = size_ + 1 + token.size() + escapes;
  if (n > kInline) return JsonPointer(pointer_append(view(), token));
  JsonPointer out;
  char* at = out.inline_;
  std::memcpy(at, data(), size_);
  at += size_;
  *at++ = '/';
  if (escapes == 0) {
    if (!token.empty()) std::memcpy(at, token.data(), token.size());
  } else {
    for (const char c : token) {
      if (c == '~' || c == '/') {
        *at++ = '~';
        *at++ = c == '~' ? '0' : '1';
      } else {
        *at++ = c;
      }
    }
  }
  out.size_ = static_cast<std::uint32_t>(n);
  return out;
}

JsonPointer JsonPointer::child(std::size_t index) const {
  char digits[24];
  const std::size_t count = decimal(index, digits);
  const std::size_t n = size_ + 1 + count;
  if (n > kInline) return JsonPointer(pointer_append(view(), index));
  JsonPointer out;
  char* at = out.inline_;
  std::memcpy(at, data(), size_);
  at += size_;
  *at++ = '/';
  std::memcpy(at, digits, count);
  out.size_ = static_cast<std::uint32_t>(n);
  return out;
}

std::ostream& operator<<(std::ostream& out, const JsonPointer& pointer) { return out << pointer.view(); }

SourceText::SourceText(std::string text) : text_(std::move(text)) {
  // LF, CRLF and a lone CR each end a line, as editors show them.
  const std::size_t n = text_.size();
  const char* const data = text_.data();
  if (std::memchr(data, '\r', n) == nullptr) {
    // No CR (the common case): every line ends at a line feed, found with memchr.
    for (const char* p = data; (p = static_cast<const char*>(std::memchr(p, '\n', n - static_cast<std::size_t>(p - data)))) != nullptr;) {
      ++p;
      line_starts_.push_back(static_cast<std::size_t>(p - data));
    }
    return;
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (text_[i] == '\n') {
      line_starts_.push_back(i + 1);
    } else if (text_[i] == '\r' && (i + 1 >= n || text_[i + 1] != '\n')) {
      line_starts_.push_back(i + 1);
    }
  }
}

std::uint32_t SourceText::line_of(std::size_t offset) const {
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  return static_cast<std::uint32_t>(it - line_starts_.begin());
}

std::uint32_t SourceText::column_of(std::size_t offset) const {
  const std::size_t start = line_starts_[line_of(offset) - 1];
  const std::size_t end = std::min(offset, text_.size());
  std::uint32_t column = 1;
  for (std::size_t i = start; i < end; ++i) {
    // Count code points: every byte that is not a UTF-8 continuation byte starts one.
    if ((static_cast<unsigned char>(text_[i]) & 0xC0U) != 0x80U) ++column;
  }
  return column;
}

std::string_view SourceText::line_text(std::uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  const std::size_t start = line_starts_[line - 1];
  std::size_t end = line < line_starts_.size() ? line_starts_[line] : text_.size();
  while (end > start && (text_[end - 1] == '\n' || text_[end - 1] == '\r')) --end;
  return std::string_view(text_).substr(start, end - start);
}

SourceSpan SourceText::span(std::size_t offset, std::size_t length, JsonPointer pointer) const {
  SourceSpan s;
  s.pointer = std::move(pointer);
  s.line = line_of(offset);
  s.column = column_of(offset);
  s.offset = static_cast<std::uint32_t>(offset);
  s.length = static_cast<std::uint32_t>(length);
  return s;
}

}  // namespace iamsmith
