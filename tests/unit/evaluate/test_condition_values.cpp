// Reading condition values: numbers, dates, booleans, base64, IP addresses and blocks, and
// operator names.

#include <doctest/doctest.h>

#include "iamsmith/condition.hpp"

namespace iamsmith {

TEST_CASE("evaluate: parse_operator takes names apart") {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
  const ParsedOperator p = parse_operator("ForAnyValue:StringLikeIfExists");
  CHECK(p.known());
  CHECK(p.qualifier == SetQualifier::ForAnyValue);
  CHECK(p.if_exists);
  CHECK(p.base == "StringLike");
  CHECK(p.info->comparison == Comparison::Like);
  CHECK_FALSE(parse_operator("ForAllValue:StringEquals").known());
  CHECK_FALSE(parse_operator("stringequals").known());  // names are case-sensitive
  CHECK(parse_operator("NotIpAddress").info->negated);
  CHECK(parse_operator("ArnEquals").info->wildcards);
}

TEST_CASE("evaluate: numbers") {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Numeric
  CHECK(parse_condition_number("10") == 10.0);
  CHECK(parse_condition_number("-1.5") == -1.5);
  CHECK(parse_condition_number("+3") == 3.0);
  CHECK(parse_condition_number(".5") == 0.5);
  CHECK_FALSE(parse_condition_number("1e3"));
  CHECK_FALSE(parse_condition_number("0x10"));
  CHECK_FALSE(parse_condition_number(""));
  CHECK_FALSE(parse_condition_number("-"));
  CHECK_FALSE(parse_condition_number(" 1"));
}

TEST_CASE("evaluate: dates, ISO 8601 and epoch seconds") {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date
  CHECK(parse_condition_date("1970-01-01T00:00:00Z") == 0);
  CHECK(parse_condition_date("2030-01-01T00:00:00Z") == 1893456000000);
  CHECK(parse_condition_date("2030-01-01") == 1893456000000);
  CHECK(parse_condition_date("1893456000") == 1893456000000);
  CHECK(parse_condition_date("2030-01-01T01:00:00+01:00") == 1893456000000);
  CHECK(parse_condition_date("2029-12-31T23:00:00-01:00") == 1893456000000);
  CHECK(parse_condition_date("2030-01-01T00:00Z") == 1893456000000);
  CHECK(parse_condition_date("2030-01-01T00:00:00.5Z") == 1893456000500);
  CHECK(parse_condition_date("2024-02-29T12:00:00Z").has_value());
  CHECK_FALSE(parse_condition_date("2023-02-29T12:00:00Z"));
  CHECK_FALSE(parse_condition_date("2030-13-01"));
  CHECK_FALSE(parse_condition_date("2030-01-01T25:00:00Z"));
  CHECK_FALSE(parse_condition_date("2030-01-01 00:00:00"));
  CHECK_FALSE(parse_condition_date("yesterday"));
  CHECK_FALSE(parse_condition_date(""));
}

TEST_CASE("evaluate: booleans and base64") {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Boolean
  CHECK(parse_condition_bool("True") == true);
  CHECK(parse_condition_bool("false") == false);
  CHECK_FALSE(parse_condition_bool("yes"));
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_BinaryEquals
  CHECK(decode_base64("QmluYXJ5VmFsdWU=") == "BinaryValue");
  CHECK(decode_base64("YQ==") == "a");
  CHECK(decode_base64("") == "");
  CHECK_FALSE(decode_base64("YQ="));
  CHECK_FALSE(decode_base64("Y=Q="));
  CHECK_FALSE(decode_base64("!!!!"));
}

TEST_CASE("evaluate: IP addresses and CIDR blocks") {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress
  const auto block = parse_ip_block("203.0.113.0/24");
  REQUIRE(block);
  CHECK(ip_in_block(*parse_ip_address("203.0.113.255"), *block));
  CHECK_FALSE(ip_in_block(*parse_ip_address("203.0.112.1"), *block));
  CHECK(ip_in_block(*parse_ip_address("10.9.8.7"), *parse_ip_block("0.0.0.0/0")));
  const auto v6 = parse_ip_block("2001:DB8:1234:5678::/64");
  REQUIRE(v6);
  CHECK(v6->v6);
  CHECK(ip_in_block(*parse_ip_address("2001:db8:1234:5678:ffff::1"), *v6));
  CHECK_FALSE(ip_in_block(*parse_ip_address("203.0.113.1"), *v6));
  CHECK(ip_in_block(*parse_ip_address("2001:db8::1"), *parse_ip_block("2001:db8::1")));
  CHECK_FALSE(parse_ip_block("203.0.113.0/33"));
  CHECK_FALSE(parse_ip_block("203.0.113.0/"));
  CHECK_FALSE(parse_ip_block("2001:db8::/129"));
  CHECK_FALSE(parse_ip_address("203.0.113.0/24"));
  CHECK_FALSE(parse_ip_address("example.com"));
}

}  // namespace iamsmith
