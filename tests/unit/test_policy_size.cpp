// How long IAM says a policy is, and the quota table that P014 and the generator share.

#include <doctest/doctest.h>

#include <cstddef>
#include <string>

#include "iamsmith/json.hpp"
#include "iamsmith/policy_size.hpp"

using iamsmith::policy_quota;
using iamsmith::policy_size;
using iamsmith::PolicyQuotaKind;

TEST_CASE("policy size: whitespace is not counted, anywhere") {
  CHECK(policy_size("{}") == 2);
  CHECK(policy_size("{ \"a\" :\t\"b c\" }\r\n") == 10);  // {"a":"bc"}
  CHECK(policy_size("") == 0);
}

TEST_CASE("policy size: characters are code points, not bytes") {
  CHECK(policy_size("\"\xC3\xA9\"") == 3);      // "é" is three characters in four bytes
  CHECK(policy_size("\"\xE2\x82\xAC\"") == 3);  // "€"
}

TEST_CASE("policy size: long texts are counted whole, whatever their length") {
  // Characters of several bytes and whitespace spread through texts of many lengths.
  for (const std::size_t repeats : {1U, 63U, 64U, 85U, 86U, 255U, 256U, 1000U, 70000U}) {
    std::string text;
    for (std::size_t i = 0; i < repeats; ++i) text += "a\xC3\xA9 \n";  // a, é: 2 characters
    CAPTURE(repeats);
    CHECK(policy_size(text) == 2 * repeats);
    CHECK(policy_size(text + "x") == 2 * repeats + 1);
  }
}

TEST_CASE("policy size: every byte value at every position of a word counts as one byte at a time") {
  // The count reads eight bytes at a time: each of the 256 byte values, at each of the sixteen
  // positions of two words and a tail, against a plain count of that byte alone.
  const auto counted = [](unsigned char b) {
    const bool space = b == ' ' || b == '\t' || b == '\n' || b == '\r';
    return (b & 0xC0U) != 0x80U && !space ? 1U : 0U;
  };
  for (unsigned value = 0; value < 256; ++value) {
    for (std::size_t at = 0; at < 19; ++at) {
      std::string text(19, 'x');
      text[at] = static_cast<char>(value);
      CAPTURE(value);
      CAPTURE(at);
      CHECK(policy_size(text) == 18 + counted(static_cast<unsigned char>(value)));
    }
  }
}

TEST_CASE("policy size: a loaded document leaves out comments and the byte-order mark") {
  const iamsmith::json::Document doc =
      iamsmith::json::parse("\xEF\xBB\xBF{\"a\": 1 // note\n, /* x */ \"b\": 2,}");
  // {"a":1,"b":2,} : the trailing comma stays, as AWS would see it once the comments are gone.
  CHECK(policy_size(doc) == 14);
  // Comments first, last, and one after another.
  CHECK(policy_size(iamsmith::json::parse("// head\n{\"a\": 1} /* tail */")) == 7);
  CHECK(policy_size(iamsmith::json::parse("/* a */ /* b */{}// c")) == 2);
}

TEST_CASE("policy size: the default quotas of IAM's quotas page") {
  CHECK(policy_quota(PolicyQuotaKind::Managed) == 6144);
  CHECK(policy_quota(PolicyQuotaKind::InlineRole) == 10240);
  CHECK(policy_quota(PolicyQuotaKind::InlineUser) == 2048);
  CHECK(policy_quota(PolicyQuotaKind::InlineGroup) == 5120);
  CHECK(policy_quota(PolicyQuotaKind::Trust) == 2048);
}
