#pragma once
// IAM condition operators: the catalogue of operators, how an operator name is taken apart
// (set qualifier, base operator, IfExists), and how condition values of each type are read.
// Used by the lint rules (C and T families) and by the evaluator.
// Operators:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html Set
// qualifiers:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// ci_equals and the other ASCII case-insensitive comparisons: condition keys, operators'
// arguments and Bool values ignore case, so users of this header compare with them.
#include "iamsmith/text.hpp"

namespace iamsmith {

// The type an operator compares its values as; it decides which values fit (C002), whether
// policy variables are substituted (C007) and how the evaluator compares.
enum class OperatorFamily { String, Numeric, Date, Bool, Binary, IpAddress, Arn, Null };

enum class SetQualifier { None, ForAllValues, ForAnyValue };

// How a base operator compares one request value with one policy value.
enum class Comparison {
  Equals,            // StringEquals, NumericEquals, DateEquals, Bool, BinaryEquals
  EqualsIgnoreCase,  // StringEqualsIgnoreCase
  Like,              // StringLike, ArnLike, ArnEquals: '*' and '?' are wildcards
  LessThan,
  LessThanEquals,
  GreaterThan,
  GreaterThanEquals,
  InRange,  // IpAddress: the address is inside the CIDR block
  Exists,   // Null: compares the key's presence, not a value
};

struct OperatorInfo {
  std::string_view name;
  OperatorFamily family;
  bool negated;    // true when the key is absent from the request (StringNotEquals, NotIpAddress, ...)
  bool wildcards;  // '*' and '?' in values are wildcards (StringLike, ArnLike, ArnEquals, ...)
  Comparison comparison = Comparison::Equals;  // for a negated operator: the comparison it negates
};

// Every base operator IAM defines. ArnEquals and ArnLike behave identically, both with
// wildcards per ARN field (same page, "Amazon Resource Name (ARN) condition operators").
inline constexpr std::array<OperatorInfo, 27> kOperators{{
    {"StringEquals", OperatorFamily::String, false, false, Comparison::Equals},
    {"StringNotEquals", OperatorFamily::String, true, false, Comparison::Equals},
    {"StringEqualsIgnoreCase", OperatorFamily::String, false, false, Comparison::EqualsIgnoreCase},
    {"StringNotEqualsIgnoreCase", OperatorFamily::String, true, false, Comparison::EqualsIgnoreCase},
    {"StringLike", OperatorFamily::String, false, true, Comparison::Like},
    {"StringNotLike", OperatorFamily::String, true, true, Comparison::Like},
    {"NumericEquals", OperatorFamily::Numeric, false, false, Comparison::Equals},
    {"NumericNotEquals", OperatorFamily::Numeric, true, false, Comparison::Equals},
    {"NumericLessThan", OperatorFamily::Numeric, false, false, Comparison::LessThan},
    {"NumericLessThanEquals", OperatorFamily::Numeric, false, false, Comparison::LessThanEquals},
    {"NumericGreaterThan", OperatorFamily::Numeric, false, false, Comparison::GreaterThan},
    {"NumericGreaterThanEquals", OperatorFamily::Numeric, false, false, Comparison::GreaterThanEquals},
    {"DateEquals", OperatorFamily::Date, false, false, Comparison::Equals},
    {"DateNotEquals", OperatorFamily::Date, true, false, Comparison::Equals},
    {"DateLessThan", OperatorFamily::Date, false, false, Comparison::LessThan},
    {"DateLessThanEquals", OperatorFamily::Date, false, false, Comparison::LessThanEquals},
    {"DateGreaterThan", OperatorFamily::Date, false, false, Comparison::GreaterThan},
    {"DateGreaterThanEquals", OperatorFamily::Date, false, false, Comparison::GreaterThanEquals},
    {"Bool", OperatorFamily::Bool, false, false, Comparison::Equals},
    {"BinaryEquals", OperatorFamily::Binary, false, false, Comparison::Equals},
    {"IpAddress", OperatorFamily::IpAddress, false, false, Comparison::InRange},
    {"NotIpAddress", OperatorFamily::IpAddress, true, false, Comparison::InRange},
    {"ArnEquals", OperatorFamily::Arn, false, true, Comparison::Like},
    {"ArnLike", OperatorFamily::Arn, false, true, Comparison::Like},
    {"ArnNotEquals", OperatorFamily::Arn, true, true, Comparison::Like},
    {"ArnNotLike", OperatorFamily::Arn, true, true, Comparison::Like},
    {"Null", OperatorFamily::Null, false, false, Comparison::Exists},
}};

inline constexpr std::string_view kIfExists = "IfExists";
inline constexpr std::string_view kForAllValues = "ForAllValues";
inline constexpr std::string_view kForAnyValue = "ForAnyValue";

// An operator name taken apart: "ForAnyValue:StringLikeIfExists" is qualifier ForAnyValue,
// base StringLike, IfExists. Names are matched case-sensitively, as IAM does.
struct ParsedOperator {
  SetQualifier qualifier = SetQualifier::None;
  bool qualifier_known = true;  // false for "ForAllValue:StringEquals" and the like
  bool if_exists = false;
  std::string_view base;               // without qualifier and IfExists
  const OperatorInfo* info = nullptr;  // nullptr when the base is not an operator
  [[nodiscard]] bool known() const { return qualifier_known && info != nullptr; }
};

[[nodiscard]] const OperatorInfo* find_operator(std::string_view base);
[[nodiscard]] ParsedOperator parse_operator(std::string_view name);

// Every valid spelling of every operator, for did-you-mean. NullIfExists is left out: IAM
// rejects it (C005).
[[nodiscard]] const std::vector<std::string>& operator_spellings();

// Whether policy variables in a condition value are replaced before comparing. The operators
// page says, family by family, whether "you can use a policy variable" with it: yes for
// String, ARN and Boolean; no for Numeric, Date, Binary, IP address and Null.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
[[nodiscard]] bool family_substitutes_variables(OperatorFamily family);

// "String", "Numeric", ... for messages.
[[nodiscard]] std::string_view operator_family_name(OperatorFamily family);

// A policy variable such as ${aws:username} in `text`. ${*}, ${?} and ${$} only stand for
// the literal characters, so they do not count.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
[[nodiscard]] std::optional<std::string_view> find_policy_variable(std::string_view text);

// Whether the built-in service data types `key` (a global key, or a key of the service its
// prefix names) as multivalued (ArrayOf...): its request value is a set even when it holds one
// value, so it needs ForAllValues/ForAnyValue and cannot stand in for a policy variable.
// A key the data does not know is single-valued.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
[[nodiscard]] bool is_multivalued_key(std::string_view key);

// ---- Reading condition values, as the evaluator compares them ----

// A decimal number: optional sign, digits, optional fraction ("10", "-1.5").
[[nodiscard]] std::optional<double> parse_condition_number(std::string_view text);

// A date as milliseconds since the Unix epoch. Accepts the W3C profile of ISO 8601 that the
// operators page points to ("2020-01-01", "2020-01-01T00:00Z", "2020-01-01T00:00:00.123+02:00")
// and an integer epoch time in seconds ("1577836800", as aws:EpochTime holds).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date
[[nodiscard]] std::optional<std::int64_t> parse_condition_date(std::string_view text);

// "true" or "false", in any case.
[[nodiscard]] std::optional<bool> parse_condition_bool(std::string_view text);

// Standard base64 (with '=' padding) decoded to bytes; nullopt when not valid base64.
[[nodiscard]] std::optional<std::string> decode_base64(std::string_view text);

// An IPv4 or IPv6 address, or a CIDR block ("203.0.113.0/24", "2001:db8::/32"). A bare
// address is a block of one address.
struct IpBlock {
  bool v6 = false;
  std::array<std::uint8_t, 16> bytes{};  // IPv4 uses the first 4
  unsigned prefix = 0;                   // 0..32 or 0..128
};
[[nodiscard]] std::optional<IpBlock> parse_ip_block(std::string_view text);
// An address (no prefix), for request values.
[[nodiscard]] std::optional<IpBlock> parse_ip_address(std::string_view text);
// Whether `address` lies in `block` (false when one is IPv4 and the other IPv6).
[[nodiscard]] bool ip_in_block(const IpBlock& address, const IpBlock& block);

}  // namespace iamsmith
