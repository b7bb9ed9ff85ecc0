#include "iamsmith/condition.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cstring>

#include "iamsmith/iamdata.hpp"

namespace iamsmith {

const OperatorInfo* find_operator(std::string_view base) {
  for (const OperatorInfo& op : kOperators) {
    if (op.name == base) return &op;
  }
  return nullptr;
}

ParsedOperator parse_operator(std::string_view name) {
  ParsedOperator out;
  std::string_view rest = name;
  if (const auto colon = rest.find(':'); colon != std::string_view::npos) {
    const std::string_view prefix = rest.substr(0, colon);
    if (prefix == kForAllValues) {
      out.qualifier = SetQualifier::ForAllValues;
    } else if (prefix == kForAnyValue) {
      out.qualifier = SetQualifier::ForAnyValue;
    } else {
      out.qualifier_known = false;
    }
    rest = rest.substr(colon + 1);
  }
  // "IfExists" may end any operator; a bare "IfExists" is not an operator.
  if (rest.size() > kIfExists.size() && rest.ends_with(kIfExists)) {
    out.if_exists = true;
    rest = rest.substr(0, rest.size() - kIfExists.size());
  }
  out.base = rest;
  out.info = find_operator(rest);
  return out;
}

const std::vector<std::string>& operator_spellings() {
  static const std::vector<std::string> kSpellings = [] {
    std::vector<std::string> out;
    for (std::string_view prefix : {std::string_view{}, kForAllValues, kForAnyValue}) {
      for (const OperatorInfo& op : kOperators) {
        for (bool if_exists : {false, true}) {
          if (if_exists && op.family == OperatorFamily::Null) continue;
          std::string name;
          if (!prefix.empty()) name.append(prefix).push_back(':');
          name.append(op.name);
          if (if_exists) name.append(kIfExists);
          out.push_back(std::move(name));
        }
      }
    }
    return out;
  }();
  return kSpellings;
}

bool family_substitutes_variables(OperatorFamily family) {
  switch (family) {
    case OperatorFamily::String:
    case OperatorFamily::Arn:
    case OperatorFamily::Bool: return true;
    case OperatorFamily::Numeric:
    case OperatorFamily::Date:
    case OperatorFamily::Binary:
    case OperatorFamily::IpAddress:
    case OperatorFamily::Null: return false;
  }
  return true;
}

std::string_view operator_family_name(OperatorFamily family) {
  switch (family) {
    case OperatorFamily::String: return "String";
    case OperatorFamily::Numeric: return "Numeric";
    case OperatorFamily::Date: return "Date";
    case OperatorFamily::Bool: return "Boolean";
    case OperatorFamily::Binary: return "Binary";
    case OperatorFamily::IpAddress: return "IP address";
    case OperatorFamily::Arn: return "ARN";
    case OperatorFamily::Null: return "Null";
  }
  return "String";
}

namespace {
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
}  // namespace

std::optional<std::string_view> find_policy_variable(std::string_view text) {
  std::size_t from = 0;
  while (true) {
    const auto open = text.find("${", from);
    if (open == std::string_view::npos) return std::nullopt;
    const auto close = text.find('}', open + 2);
    if (close == std::string_view::npos) return std::nullopt;
    const std::string_view inner = text.substr(open + 2, close - open - 2);
    if (!inner.empty() && inner != "*" && inner != "?" && inner != "$") {
      return text.substr(open, close - open + 1);
    }
    from = close + 1;
  }
}

bool is_multivalued_key(std::string_view key) {
  const iamdata::ConditionKey* known = iamdata::Catalog::builtin().condition_key(key);
  return known != nullptr && known->multivalued;
}

std::optional<double> parse_condition_number(std::string_view text) {
  // Digits with an optional sign and fraction; no exponent, no hexadecimal, no spaces.
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
  const std::size_t digits_start = i;
  while (i < text.size() && is_digit(text[i])) ++i;
  bool any_digit = i > digits_start;
  if (i < text.size() && text[i] == '.') {
    ++i;
    const std::size_t fraction_start = i;
    while (i < text.size() && is_digit(text[i])) ++i;
    any_digit = any_digit || i > fraction_start;
  }
  if (!any_digit || i != text.size()) return std::nullopt;
  std::string_view number = text;
  if (!number.empty() && number.front() == '+') number.remove_prefix(1);
  double value = 0;
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (ec != std::errc{} || end != number.data() + number.size()) return std::nullopt;
  return value;
}

namespace {

// Reads exactly `count` digits at `pos`.
std::optional<int> fixed_digits(std::string_view text, std::size_t& pos, std::size_t count) {
  if (pos + count > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t k = 0; k < count; ++k) {
    const char c = text[pos + k];
    if (!is_digit(c)) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  pos += count;
  return value;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool is_leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

}  // namespace

std::optional<std::int64_t> parse_condition_date(std::string_view text) {
  if (text.empty()) return std::nullopt;
  // Epoch seconds: an integer, nothing else.
  if (std::all_of(text.begin(), text.end(), is_digit) ||
      (text.front() == '-' && text.size() > 1 && std::all_of(text.begin() + 1, text.end(), is_digit))) {
    std::int64_t seconds = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    if (seconds > 253402300799 || seconds < -62135596800) return std::nullopt;  // years 1..9999
    return seconds * 1000;
  }
  // W3C date and time formats: YYYY-MM-DD[Thh:mm[:ss[.s+]]TZD], TZD = Z | +hh:mm | -hh:mm.
  // https://www.w3.org/TR/NOTE-datetime
  std::size_t pos = 0;
  const auto year = fixed_digits(text, pos, 4);
  if (!year || pos >= text.size() || text[pos++] != '-') return std::nullopt;
  const auto month = fixed_digits(text, pos, 2);
  if (!month || *month < 1 || *month > 12 || pos >= text.size() || text[pos++] != '-') return std::nullopt;
  const auto day = fixed_digits(text, pos, 2);
  if (!day || *day < 1 || *day > days_in_month(*year, *month)) return std::nullopt;
  std::int64_t millis =
      days_from_civil(*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day)) * 86400000;
  if (pos == text.size()) return millis;
  if (text[pos] != 'T' && text[pos] != 't') return std::nullopt;
  ++pos;
  const auto hour = fixed_digits(text, pos, 2);
  if (!hour || *hour > 23 || pos >= text.size() || text[pos++] != ':') return std::nullopt;
  const auto minute = fixed_digits(text, pos, 2);
  if (!minute || *minute > 59) return std::nullopt;
  int second = 0;
  int fraction_millis = 0;
  if (pos < text.size() && text[pos] == ':') {
    ++pos;
    const auto s = fixed_digits(text, pos, 2);
    if (!s || *s > 60) return std::nullopt;  // 60: a leap second
    second = *s;
    if (pos < text.size() && text[pos] == '.') {
      ++pos;
      const std::size_t start = pos;
      int scale = 100;
      while (pos < text.size() && is_digit(text[pos])) {
        fraction_millis += (text[pos] - '0') * scale;
        scale /= 10;
        ++pos;
      }
      if (pos == start) return std::nullopt;
    }
  }
  millis += ((static_cast<std::int64_t>(*hour) * 60 + *minute) * 60 + second) * 1000 + fraction_millis;
  // The time zone designator is required by the W3C profile; a missing one is read as UTC,
  // the only zone a date without one could reasonably mean in a policy.
  if (pos == text.size()) return millis;
  if ((text[pos] == 'Z' || text[pos] == 'z') && pos + 1 == text.size()) return millis;
  if (text[pos] != '+' && text[pos] != '-') return std::nullopt;
  const bool minus = text[pos] == '-';
  ++pos;
  const auto tz_hour = fixed_digits(text, pos, 2);
  if (!tz_hour || *tz_hour > 23 || pos >= text.size() || text[pos++] != ':') return std::nullopt;
  const auto tz_minute = fixed_digits(text, pos, 2);
  if (!tz_minute || *tz_minute > 59 || pos != text.size()) return std::nullopt;
  const std::int64_t offset = (static_cast<std::int64_t>(*tz_hour) * 60 + *tz_minute) * 60000;
  // Local time = UTC + offset, so UTC = local - offset.
  return minus ? millis + offset : millis - offset;
}

std::optional<bool> parse_condition_bool(std::string_view text) {
  if (ci_equals(text, "true")) return true;
  if (ci_equals(text, "false")) return false;
  return std::nullopt;
}

std::optional<std::string> decode_base64(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  auto sextet = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    int values[4] = {0, 0, 0, 0};
    int padding = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const char c = text[i + k];
      if (c == '=' && last && k >= 2) {
        ++padding;
        continue;
      }
      if (padding != 0) return std::nullopt;  // data after '='
      values[k] = sextet(c);
      if (values[k] < 0) return std::nullopt;
    }
    const auto triple =
        static_cast<unsigned>((values[0] << 18) | (values[1] << 12) | (values[2] << 6) | values[3]);
    out.push_back(static_cast<char>((triple >> 16) & 0xFFU));
    if (padding < 2) out.push_back(static_cast<char>((triple >> 8) & 0xFFU));
    if (padding < 1) out.push_back(static_cast<char>(triple & 0xFFU));
  }
  return out;
}

std::optional<IpBlock> parse_ip_address(std::string_view text) {
  if (text.empty() || text.size() > 45) return std::nullopt;
  const std::string address(text);
  IpBlock out;
  unsigned char buffer[16] = {};
  if (inet_pton(AF_INET, address.c_str(), buffer) == 1) {
    std::memcpy(out.bytes.data(), buffer, 4);
    out.prefix = 32;
    return out;
  }
  if (inet_pton(AF_INET6, address.c_str(), buffer) == 1) {
    out.v6 = true;
    std::memcpy(out.bytes.data(), buffer, 16);
    out.prefix = 128;
    return out;
  }
  return std::nullopt;
}

std::optional<IpBlock> parse_ip_block(std::string_view text) {
  const auto slash = text.find('/');
  auto block = parse_ip_address(text.substr(0, slash));
  if (!block || slash == std::string_view::npos) return block;
  const std::string_view prefix = text.substr(slash + 1);
  if (prefix.empty() || prefix.size() > 3 || !std::all_of(prefix.begin(), prefix.end(), is_digit))
    return std::nullopt;
  unsigned bits = 0;
  std::from_chars(prefix.data(), prefix.data() + prefix.size(), bits);
  if (bits > (block->v6 ? 128U : 32U)) return std::nullopt;
  block->prefix = bits;
  return block;
}

bool ip_in_block(const IpBlock& address, const IpBlock& block) {
  if (address.v6 != block.v6) return false;
  unsigned remaining = block.prefix;
  for (std::size_t i = 0; remaining > 0; ++i) {
    const unsigned bits = std::min(remaining, 8U);
    const auto mask = static_cast<std::uint8_t>(0xFFU << (8U - bits));
    if ((address.bytes[i] & mask) != (block.bytes[i] & mask)) return false;
    remaining -= bits;
  }
  return true;
}

}  // namespace iamsmith
