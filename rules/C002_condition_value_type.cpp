#include <arpa/inet.h>
#include <netinet/in.h>
#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <charconv>

#include "condition_helpers.hpp"
#include "iamsmith/iamdata.hpp"

namespace iamsmith::rules {
namespace {

// Integers and decimals, as NumericEquals and friends compare them.
bool is_number(std::string_view text) {
  static const RE2 kNumber(R"([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?)");
  return RE2::FullMatch(text, kNumber);
}

int to_int(const std::string& digits) {
  int value = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return value;
}

// Date operators take "one of the W3C implementations of the ISO 8601 date formats" or epoch
// (UNIX) time (operators page, "Date condition operators"): YYYY, YYYY-MM, YYYY-MM-DD, and a
// time with minutes, seconds or fractions, with a Z or +hh:mm zone. The zone is accepted as
// optional and without its colon, so that only clearly broken dates are reported.
bool is_date(std::string_view text) {
  static const RE2 kEpoch(R"(-?\d+(\.\d+)?)");
  if (RE2::FullMatch(text, kEpoch)) return true;
  static const RE2 kIso(
      R"((\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-](\d{2}):?(\d{2}))?)?)?)?)");
  std::string year, month, day, hour, minute, second, zone_hour, zone_minute;
  if (!RE2::FullMatch(text, kIso, &year, &month, &day, &hour, &minute, &second, &zone_hour, &zone_minute)) {
    return false;
  }
  auto in_range = [](const std::string& field, int low, int high) {
    if (field.empty()) return true;
    const int v = to_int(field);
    return v >= low && v <= high;
  };
  if (!in_range(month, 1, 12) || !in_range(hour, 0, 24) || !in_range(minute, 0, 59) || !in_range(second, 0, 60) ||
      !in_range(zone_hour, 0, 14) || !in_range(zone_minute, 0, 59)) {
    return false;
  }
  // The day must exist in its month ("2024-02-30" does not; 2024-02-29 does: the Gregorian
  // leap-year rule, as ISO 8601 uses it).
  if (day.empty()) return true;
  const int y = to_int(year);
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int m = to_int(month);
  return in_range(day, 1, kDays[static_cast<std::size_t>(m - 1)] + (m == 2 && leap ? 1 : 0));
}

bool is_base64(std::string_view text) {
  static const RE2 kBase64(R"((?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?)");
  return !text.empty() && RE2::FullMatch(text, kBase64);
}

// "203.0.113.0/24", "2001:DB8:1234:5678::/64", or an address without a prefix (IAM then uses
// /32) (operators page, "IP address condition operators").
bool is_cidr(std::string_view text) {
  const auto slash = text.find('/');
  const std::string address(text.substr(0, slash));
  in6_addr v6{};
  in_addr v4{};
  int max_prefix = 0;
  if (inet_pton(AF_INET, address.c_str(), &v4) == 1) {
    max_prefix = 32;
  } else if (inet_pton(AF_INET6, address.c_str(), &v6) == 1) {
    max_prefix = 128;
  } else {
    return false;
  }
  if (slash == std::string_view::npos) return true;
  const std::string_view prefix = text.substr(slash + 1);
  static const RE2 kPrefix(R"(\d{1,3})");
  if (!RE2::FullMatch(prefix, kPrefix)) return false;
  return to_int(std::string(prefix)) <= max_prefix;
}

bool is_boolean_text(std::string_view text) { return ci_equals(text, "true") || ci_equals(text, "false"); }

// Why `value` does not fit `family`, or nullopt when it does.
std::optional<std::string> mismatch(OperatorFamily family, const Scalar& value) {
  const bool is_string = value.type == json::Type::String;
  switch (family) {
    case OperatorFamily::String:
      return std::nullopt;
    case OperatorFamily::Arn:
      // ARN operators compare ARNs field by field; anything else never matches (Access Analyzer:
      // "Invalid ARN prefix"). "*" and values that start with a policy variable may stand for one.
      if (is_string && (ci_starts_with(value.text, "arn:") || value.text == "*" || value.text.starts_with("${"))) {
        return std::nullopt;
      }
      return "is not an ARN (arn:partition:service:region:account:resource)";
    case OperatorFamily::Numeric:
      if (value.type == json::Type::Number) return std::nullopt;
      // A variable here is C007's finding; it is not substituted, so report it only once.
      if (is_string && (is_number(value.text) || find_policy_variable(value.text))) return std::nullopt;
      return "is not a number";
    case OperatorFamily::Date:
      if (value.type == json::Type::Number) return std::nullopt;
      if (is_string && (is_date(value.text) || find_policy_variable(value.text))) return std::nullopt;
      return "is not a date (ISO 8601, such as \"2026-01-31T12:00:00Z\", or epoch seconds)";
    case OperatorFamily::Bool:
    case OperatorFamily::Null:
      if (value.type == json::Type::Bool) return std::nullopt;
      if (is_string && (is_boolean_text(value.text) || find_policy_variable(value.text))) return std::nullopt;
      return "is not a boolean (\"true\" or \"false\")";
    case OperatorFamily::Binary:
      if (is_string && (is_base64(value.text) || find_policy_variable(value.text))) return std::nullopt;
      return "is not base64-encoded binary data";
    case OperatorFamily::IpAddress:
      if (is_string && (is_cidr(value.text) || find_policy_variable(value.text))) return std::nullopt;
      return "is not an IP address or CIDR range (such as \"203.0.113.0/24\" or \"2001:db8::/32\")";
  }
  return std::nullopt;
}

std::string_view json_type_name(json::Type type) {
  switch (type) {
    case json::Type::String: return "string";
    case json::Type::Number: return "number";
    case json::Type::Bool: return "boolean";
    case json::Type::Null: return "null";
    case json::Type::Array: return "array";
    case json::Type::Object: return "object";
  }
  return "value";
}

using iamdata::KeyType;

std::string_view operators_for(KeyType type) {
  switch (type) {
    case KeyType::String: return "StringEquals, StringLike and their negations";
    case KeyType::Arn: return "ArnEquals, ArnLike and their negations";
    case KeyType::Numeric: return "NumericEquals, NumericLessThan, ...";
    case KeyType::Date: return "DateEquals, DateLessThan, ... (or Numeric operators with epoch seconds)";
    case KeyType::Bool: return "Bool";
    case KeyType::IpAddress: return "IpAddress and NotIpAddress";
    case KeyType::Binary: return "BinaryEquals";
    case KeyType::Unknown: return "the operator of the key's type";
  }
  return "the operator of the key's type";
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  const iamdata::Catalog& catalog = catalog_of(in.context);
  for (const Statement& st : in.policy->statements()) {
    if (!st.condition) continue;
    for (const ConditionOperator& op : st.condition->operators) {
      const ParsedOperator parsed = parse_operator(op.name);
      if (!parsed.known()) continue;  // C001
      for (const ConditionEntry& entry : op.entries) {
        // A String or ARN operator on a typed key compares the key's text: C016's finding.
        const bool textual = parsed.info->family == OperatorFamily::String || parsed.info->family == OperatorFamily::Arn;
        if (const auto type = declared_key_type(catalog, entry.key);
            type && !textual && !operator_fits_key(parsed.info->family, *type)) {
          out.report(entry.key_span,
                     "condition key " + in_quotes(entry.key) + " is of type " +
                         std::string(iamdata::key_type_name(*type)) + ", which " + op.name +
                         " does not compare: the condition never matches as written",
                     {{"for a " + std::string(iamdata::key_type_name(*type)) + " key use " +
                           std::string(operators_for(*type)),
                       std::nullopt}});
          continue;  // its values are judged against the wrong type anyway
        }
        // Access Analyzer rejects a value list whose values are of different JSON types
        // ("Invalid condition data type") and more than one value for a boolean comparison
        // ("Invalid condition multiple Boolean"): ["true", "false"] matches every request that
        // carries the key, so the condition tests nothing.
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
        // Numeric and Date operators read "10" and 10 alike, Bool and Null "true" and true: that mix
        // is accepted (each value is judged below).
        const auto same_meaning = [&](json::Type a, json::Type b) {
          const auto both_in = [&](json::Type x, json::Type y) { return (a == x || a == y) && (b == x || b == y); };
          switch (parsed.info->family) {
            case OperatorFamily::Numeric:
            case OperatorFamily::Date:
              return both_in(json::Type::Number, json::Type::String);
            case OperatorFamily::Bool:
            case OperatorFamily::Null:
              return both_in(json::Type::Bool, json::Type::String);
            case OperatorFamily::String:
            case OperatorFamily::Arn:
            case OperatorFamily::Binary:
            case OperatorFamily::IpAddress:
              return a == b;
          }
          return a == b;
        };
        const auto first_other = std::find_if(entry.values.begin(), entry.values.end(), [&](const Scalar& v) {
          return !same_meaning(v.type, entry.values.items.front().type);
        });
        if (!entry.values.empty() && first_other != entry.values.end()) {
          out.report(first_other->span,
                     "value " + in_quotes(first_other->text) + " of " + in_quotes(entry.key) + " is a " +
                         std::string(json_type_name(first_other->type)) + " but the list's first value is a " +
                         std::string(json_type_name(entry.values.items.front().type)),
                     {{"write every value of one condition key in the same JSON type (all strings is the usual form)",
                       std::nullopt}});
        }
        const bool boolean = parsed.info->family == OperatorFamily::Bool || parsed.info->family == OperatorFamily::Null;
        if (boolean && entry.values.items.size() > 1) {
          out.report(entry.values.items[1].span,
                     in_quotes(entry.key) + " under " + op.name + " has " + std::to_string(entry.values.items.size()) +
                         " values; a boolean comparison takes one, and \"true\" with \"false\" matches either way",
                     {{"keep the one value the condition means", std::nullopt}});
        }
        for (const Scalar& value : entry.values) {
          auto why = mismatch(parsed.info->family, value);
          if (!why) continue;
          out.report(value.span,
                     "value " + in_quotes(value.text) + " of " + in_quotes(entry.key) + " under " + op.name +
                         " " + *why,
                     {{"write the value in the form " + std::string(parsed.info->name) +
                           " expects, or use the operator that fits the key's type",
                       std::nullopt}});
        }
      }
    }
  }
}

}  // namespace

extern const Rule kC002ConditionValueType{
    .id = "C002",
    .name = "condition-value-type",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "A condition value that does not fit its operator (text under Numeric*, \"yes\" under Bool, "
               "a malformed or impossible date, CIDR range or base64 value, a non-ARN under Arn*), or an operator "
               "of a type that cannot compare the key's declared type (NumericEquals on a String key, Bool on aws:SourceIp), "
               "a value list that mixes JSON types (strings with numbers under a String operator), or more than one "
               "value under Bool or Null.",
    .rationale = "Each operator compares values of one type. Numeric operators take integers or decimals, Date "
                 "operators ISO 8601 dates or epoch seconds, Bool and Null \"true\" or \"false\", BinaryEquals "
                 "base64 text, IpAddress and NotIpAddress IPv4 or IPv6 addresses or CIDR ranges. A value of "
                 "another type is either rejected or never matches, so the condition does not do what it says. "
                 "Each condition key has a declared type too (aws:SourceIp is an IP address, "
                 "aws:MultiFactorAuthPresent a boolean), and a Numeric, Date, Bool, IP address or binary operator "
                 "of another type never matches it (Access Analyzer: \"Type mismatch\"). A date must exist: "
                 "\"2024-02-30\" is no day. The values of one key are of one JSON type (Access Analyzer: \"Invalid "
                 "condition data type\" for [\"red\", 7]), and a boolean comparison takes one value: "
                 "[\"true\", \"false\"] matches every request that carries the key (\"Invalid condition "
                 "multiple Boolean\").",
    .exceptions = "Strings and JSON booleans are both accepted for Bool and Null, and \"True\"/\"FALSE\" in any "
                  "case, and numbers mixed with numeric strings under Numeric and Date operators. Values that contain a "
                  "policy variable are left to C007. Key types come from AWS's "
                  "Service Authorization Reference (global keys and each service's keys). String and ARN operators "
                  "on typed keys compare the key's text and are C016's finding; Null fits keys of any type, Numeric "
                  "and Date operators on both Numeric and Date keys (epoch seconds); keys the catalogue does not "
                  "know are not judged. Under Arn operators \"*\" and values that start with a policy variable "
                  "are accepted.",
    .fix = "Write the value in the operator's type (\"true\", \"10\", \"2026-01-31T00:00:00Z\", "
           "\"203.0.113.0/24\"), or choose the operator that matches the key's type.",
    .bad_example = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Deny\",\n"
                   "      \"Action\": \"s3:*\",\n      \"Resource\": \"arn:aws:s3:::bucket/*\",\n"
                   "      \"Condition\": {\"Bool\": {\"aws:SecureTransport\": \"no\"}}\n"
                   "    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Condition/Bool/aws:SecureTransport",
    .good_example = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Deny\",\n"
                    "      \"Action\": \"s3:*\",\n      \"Resource\": \"arn:aws:s3:::bucket/*\",\n"
                    "      \"Condition\": {\"Bool\": {\"aws:SecureTransport\": \"false\"}}\n"
                    "    }\n  ]\n}\n",
    .example_context = {},
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html\n"
                  "https://www.w3.org/TR/NOTE-datetime\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
    .check = check,
};

}  // namespace iamsmith::rules
