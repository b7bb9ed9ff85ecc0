// Policy values as patterns: wildcards, policy variables and their defaults.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html

#include <cstddef>

#include "iamsmith/condition.hpp"
#include "iamsmith/match.hpp"
#include "iamsmith/text.hpp"
#include "internal.hpp"

namespace iamsmith::eval {

namespace detail {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// The value of the variable whose text between "${" and "}" is `inner`, or nullopt.
// "${aws:PrincipalTag/team, 'company-wide'}": the key is case-insensitive, spaces around it
// and around the quoted default are ignored, and '' inside the default stands for one quote
// ("Specifying default values" on the variables page).
std::optional<std::string> resolve(std::string_view inner, const Request& request) {
  std::string_view key = inner;
  std::optional<std::string> fallback;
  if (const auto comma = inner.find(','); comma != std::string_view::npos) {
    key = inner.substr(0, comma);
    const std::string_view quoted_default = trim(inner.substr(comma + 1));
    if (quoted_default.size() < 2 || quoted_default.front() != '\'' || quoted_default.back() != '\'') {
      return std::nullopt;  // not the default-value syntax: the variable cannot resolve
    }
    std::string value;
    const std::string_view body = quoted_default.substr(1, quoted_default.size() - 2);
    for (std::size_t i = 0; i < body.size(); ++i) {
      if (body[i] == '\'') {
        if (i + 1 < body.size() && body[i + 1] == '\'')
          ++i;
        else
          return std::nullopt;  // a lone quote inside the default
      }
      value.push_back(body[i]);
    }
    fallback = std::move(value);
  }
  key = trim(key);
  if (key.empty()) return std::nullopt;
  // Only a single-valued key can stand in for a variable ("Single-valued vs. multivalued
  // context keys", key points).
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
  if (const std::vector<std::string>* values = request.find(key);
      values != nullptr && values->size() == 1 && !is_multivalued_key(key)) {
    return values->front();
  }
  return fallback;
}

}  // namespace

void Pattern::add_literal(std::string_view text) {
  for (char c : text) items_.push_back(static_cast<int>(static_cast<unsigned char>(c)));
}

bool Pattern::matches(std::string_view text, bool ignore_case) const {
  return wildcard_match(items_, text, ignore_case ? CaseSensitivity::Insensitive : CaseSensitivity::Sensitive);
}

std::vector<Pattern> Pattern::split_colons(std::size_t max_parts) const {
  std::vector<Pattern> out(1);
  for (int item : items_) {
    if (item == ':' && out.size() < max_parts) {
      out.emplace_back();
      continue;
    }
    out.back().items_.push_back(item);
  }
  return out;
}

std::string Pattern::text() const {
  std::string out;
  for (int item : items_) {
    if (item == kStar) {
      out.push_back('*');
    } else if (item == kQuestion) {
      out.push_back('?');
    } else {
      out.push_back(static_cast<char>(static_cast<unsigned char>(item)));
    }
  }
  return out;
}

Compiled compile(std::string_view text, const Request& request, bool wildcards, bool variables) {
  Compiled out;
  Pattern pattern;
  std::size_t literal_start = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (wildcards && (c == '*' || c == '?')) {
      pattern.add_literal(text.substr(literal_start, i - literal_start));
      pattern.add_wildcard(c == '*' ? Pattern::kStar : Pattern::kQuestion);
      literal_start = ++i;
      continue;
    }
    if (variables && c == '$' && i + 1 < text.size() && text[i + 1] == '{') {
      const std::size_t close = text.find('}', i + 2);
      if (close == std::string_view::npos) break;  // an unclosed "${" is literal text
      pattern.add_literal(text.substr(literal_start, i - literal_start));
      const std::string_view inner = text.substr(i + 2, close - i - 2);
      if (inner == "*" || inner == "?" || inner == "$") {
        pattern.add_literal(inner);  // ${*}, ${?}, ${$}: the character itself, never a wildcard
      } else if (auto value = resolve(inner, request)) {
        pattern.add_literal(*value);  // a substituted value is literal text
      } else if (out.unresolved.empty()) {
        out.unresolved = std::string(text.substr(i, close - i + 1));
      }
      literal_start = i = close + 1;
      continue;
    }
    ++i;
  }
  pattern.add_literal(text.substr(literal_start));
  if (out.unresolved.empty()) out.pattern = std::move(pattern);
  return out;
}

std::string quoted_list(const std::vector<std::string>& values, std::string_view conjunction) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i != 0 && i + 1 == values.size()) {
      out += values.size() == 2 ? " " : ", ";
      out += conjunction;
      out += ' ';
    } else if (i != 0) {
      out += ", ";
    }
    out += in_quotes(values[i]);
  }
  return out;
}

}  // namespace detail

std::optional<std::string> substitute_variables(std::string_view text, const Request& request) {
  const detail::Compiled compiled = detail::compile(text, request, /*wildcards=*/false, /*variables=*/true);
  if (!compiled.pattern) return std::nullopt;
  return compiled.pattern->text();
}

}  // namespace iamsmith::eval
