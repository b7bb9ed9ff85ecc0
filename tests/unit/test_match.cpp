// Wildcard matching for actions, resources and the ArnLike condition operator.

#include <doctest/doctest.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "iamsmith/match.hpp"
#include "iamsmith/text.hpp"

using iamsmith::action_matches;
using iamsmith::arn_like;
using iamsmith::CaseSensitivity;
using iamsmith::resource_matches;
using iamsmith::wildcard_match;

namespace {

bool sensitive(std::string_view pattern, std::string_view text) {
  return wildcard_match(pattern, text, CaseSensitivity::Sensitive);
}

}  // namespace

TEST_CASE("match: an empty pattern matches only empty text") {
  CHECK(sensitive("", ""));
  CHECK_FALSE(sensitive("", "a"));
  CHECK_FALSE(sensitive("a", ""));
}

TEST_CASE("match: '*' matches any sequence, including empty, ':' and '/'") {
  CHECK(sensitive("*", ""));
  CHECK(sensitive("*", "arn:aws:s3:::bucket/key"));
  CHECK(sensitive("**", "x"));
  CHECK(sensitive("a*", "a"));
  CHECK(sensitive("a*c", "abc"));
  CHECK(sensitive("a*c", "a:b/c"));
  CHECK(sensitive("*c", "c"));
  CHECK_FALSE(sensitive("a*c", "abd"));
  CHECK(sensitive("a*b*c", "a-b-b-c"));
  CHECK_FALSE(sensitive("a*b*c", "a-c-b"));
}

TEST_CASE("match: '?' matches exactly one character") {
  CHECK(sensitive("?", "x"));
  CHECK_FALSE(sensitive("?", ""));
  CHECK_FALSE(sensitive("?", "xy"));
  CHECK(sensitive("us-east-?", "us-east-1"));
  CHECK_FALSE(sensitive("us-east-?", "us-east-12"));
  CHECK(sensitive("??", "ab"));
}

TEST_CASE("match: '?' on multibyte char consumes one whole code point") {
  CHECK(sensitive("caf?", "café"));  // é is two bytes
  CHECK_FALSE(sensitive("caf??", "café"));
  CHECK(sensitive("?", "€"));  // three bytes
  CHECK(sensitive("?", "😀"));  // four bytes
  CHECK(sensitive("a?b", "a日b"));
  CHECK(sensitive("*?", "日"));
  CHECK(sensitive("*日*", "x日y"));
  CHECK(sensitive("?", "\xC3"));       // a truncated sequence is still one character...
  CHECK(sensitive("??", "\xFF\xFE"));  // ...and so is each invalid byte
}

TEST_CASE("match: case rules for action vs resource") {
  // "The prefix and the action name are case insensitive."
  CHECK(action_matches("iam:ListAccessKeys", "IAM:listaccesskeys"));
  CHECK(action_matches("S3:Get*", "s3:GetObject"));
  CHECK(action_matches("states:startexecution", "states:StartExecution"));
  CHECK(action_matches("*", "sts:AssumeRole"));
  CHECK_FALSE(action_matches("s3:Get*", "s3:PutObject"));
  CHECK(action_matches("iam:*AccessKey*", "iam:CreateAccessKey"));
  CHECK(action_matches("ec2:Describe?pcs", "ec2:DescribeVpcs"));

  CHECK(resource_matches("arn:aws:iam::123456789012:user/Bob", "arn:aws:iam::123456789012:user/Bob"));
  CHECK_FALSE(resource_matches("arn:aws:iam::123456789012:user/Bob", "arn:aws:iam::123456789012:user/bob"));
  CHECK(resource_matches("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b/c"));
  CHECK_FALSE(resource_matches("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket2/a"));
}

TEST_CASE("match: a resource '*' runs across the colons of later fields") {
  // "If the * wildcard is the last character of a resource ARN segment, it can expand to match
  // beyond the colon boundaries."
  CHECK(resource_matches("arn:aws:ec2:*", "arn:aws:ec2:us-east-1:123456789012:instance/i-1"));
  CHECK(resource_matches("arn:aws:iam::*:role/x", "arn:aws:iam::123456789012:role/x"));
}

TEST_CASE("match: adversarial pattern stays fast") {
  std::string pattern;
  for (int i = 0; i < 200; ++i) pattern += "a*";
  pattern += "b";
  const std::string text(20000, 'a');
  CHECK_FALSE(sensitive(pattern, text));
  CHECK(sensitive(pattern, text + "b"));
  CHECK_FALSE(wildcard_match(pattern, text, CaseSensitivity::Insensitive));
  const std::string many_stars(5000, '*');
  CHECK(sensitive(many_stars, text));
  CHECK(sensitive(many_stars + "?", text));
}

TEST_CASE("match: arn_like matches the six fields separately") {
  // Pattern account '*' must not absorb the colon that ends the account field: per field, the
  // account is "123456789012" and the resource "extra:role/x", which is not "role/x".
  CHECK_FALSE(arn_like("arn:aws:iam::*:role/x", "arn:aws:iam::123456789012:extra:role/x"));
  CHECK(resource_matches("arn:aws:iam::*:role/x", "arn:aws:iam::123456789012:extra:role/x"));

  CHECK(arn_like("arn:aws:iam::*:role/x", "arn:aws:iam::123456789012:role/x"));
  CHECK(arn_like("arn:aws:states:*:123456789012:stateMachine:*",
                 "arn:aws:states:us-east-1:123456789012:stateMachine:Orders"));
  CHECK_FALSE(arn_like("arn:aws:states:*:123456789012:stateMachine:*",
                       "arn:aws:states:us-east-1:210987654321:stateMachine:Orders"));
  // "?*" needs at least one character, so it does not match IAM's empty region field.
  CHECK_FALSE(arn_like("arn:aws:iam:?*:*:role/x", "arn:aws:iam::123456789012:role/x"));
  CHECK(arn_like("arn:aws:iam:*:*:role/x", "arn:aws:iam::123456789012:role/x"));
  CHECK(arn_like("arn:*:iam::*:role/*", "arn:aws-cn:iam::123456789012:role/a/b"));
  CHECK_FALSE(arn_like("arn:aws:iam::*:role/*", "arn:aws-cn:iam::123456789012:role/a"));
  // The resource field is matched last, colons and all.
  CHECK(arn_like("arn:aws:logs:*:*:log-group:/aws/*:*",
                 "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/f:log-stream:s"));
  // ArnLike is case-sensitive.
  CHECK_FALSE(arn_like("arn:aws:iam::*:role/Admin", "arn:aws:iam::123456789012:role/admin"));
}

TEST_CASE("match: arn_like falls back to whole-string matching when a side is not an ARN") {
  CHECK(arn_like("*", "arn:aws:iam::123456789012:role/x"));
  CHECK(arn_like("arn:aws:iam::123456789012:*", "arn:aws:iam::123456789012:role/x"));
  CHECK(arn_like("not-an-arn*", "not-an-arn-at-all"));
  CHECK_FALSE(arn_like("arn:aws:iam::123456789012:role/x", "something"));
}

TEST_CASE("match: has_wildcard looks outside policy variables") {
  CHECK(iamsmith::has_wildcard("s3:Get*"));
  CHECK(iamsmith::has_wildcard("us-east-?"));
  CHECK_FALSE(iamsmith::has_wildcard("s3:GetObject"));
  CHECK_FALSE(iamsmith::has_wildcard("${aws:username}"));
  CHECK_FALSE(iamsmith::has_wildcard("file${*}"));
  CHECK(iamsmith::has_wildcard("${aws:username}/*"));
  CHECK_FALSE(iamsmith::has_wildcard(""));
}

// The evaluator matches patterns it has already taken apart (literal bytes and wildcards), with
// the same matcher as the string form; these pin that the two forms agree.
namespace {

std::vector<int> items_of(std::string_view pattern) {
  std::vector<int> out;
  for (char c : pattern) {
    if (c == '*') {
      out.push_back(iamsmith::kWildcardStar);
    } else if (c == '?') {
      out.push_back(iamsmith::kWildcardQuestion);
    } else {
      out.push_back(static_cast<unsigned char>(c));
    }
  }
  return out;
}

}  // namespace

TEST_CASE("match: item patterns and string patterns agree") {
  struct Case {
    std::string_view pattern;
    std::string_view text;
  };
  const Case cases[] = {
      {"", ""},           {"*", ""},          {"?", ""},           {"a*b", "ab"},      {"a*b", "axxb"},
      {"a*b", "axxbx"},   {"*?", "\xC3\xA9"}, {"?", "\xC3\xA9"},   {"??", "\xC3\xA9"}, {"?", "\xC3"},
      {"*\xA9", "\xC3\xA9"}, {"a*a*a*b", "aaaaaaaaaa"}, {"S3:Get*", "s3:getobject"}, {"*:*", "s3:x"},
      {"x?z", "x\xE2\x82\xACz"}, {"**", "abc"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.pattern);
    CAPTURE(c.text);
    const std::vector<int> items = items_of(c.pattern);
    for (CaseSensitivity s : {CaseSensitivity::Sensitive, CaseSensitivity::Insensitive}) {
      CHECK(wildcard_match(items, c.text, s) == wildcard_match(c.pattern, c.text, s));
    }
  }
}

TEST_CASE("match: an item pattern can hold a literal '*' or '?'") {
  // ${*} and substituted variable values are literal in the evaluator.
  const std::vector<int> star_literal{'a', '*'};
  CHECK(wildcard_match(star_literal, "a*", CaseSensitivity::Sensitive));
  CHECK_FALSE(wildcard_match(star_literal, "ab", CaseSensitivity::Sensitive));
  const std::vector<int> question_literal{'?', iamsmith::kWildcardQuestion};
  CHECK(wildcard_match(question_literal, "?x", CaseSensitivity::Sensitive));
  CHECK_FALSE(wildcard_match(question_literal, "xx", CaseSensitivity::Sensitive));
}

TEST_CASE("match: '?' is one code point, and a '*' gives back whole code points") {
  CHECK(sensitive("?", "\xC3\xA9"));          // é is one character
  CHECK_FALSE(sensitive("??", "\xC3\xA9"));
  CHECK(sensitive("?", "\xC3"));             // a malformed byte counts as one
  // A '*' grows by code points, so it never stops inside é: a pattern that needs the second
  // byte of é on its own does not match.
  CHECK_FALSE(sensitive("*\xA9", "\xC3\xA9"));
  // Case folding is ASCII only.
  CHECK_FALSE(wildcard_match("\xC3\x89", "\xC3\xA9", CaseSensitivity::Insensitive));  // É vs é
}

namespace {

// The definition of the match, written as plainly as possible (exponential, for short inputs
// only): '*' takes any number of whole code points, '?' exactly one, a literal its own byte.
bool reference_match(std::string_view pattern, std::string_view text, CaseSensitivity s) {
  if (pattern.empty()) return text.empty();
  if (pattern[0] == '*') {
    for (std::size_t t = 0;; t += iamsmith::code_point_length(text, t)) {
      if (reference_match(pattern.substr(1), text.substr(t), s)) return true;
      if (t >= text.size()) return false;
    }
  }
  if (text.empty()) return false;
  if (pattern[0] == '?') {
    return reference_match(pattern.substr(1), text.substr(iamsmith::code_point_length(text, 0)), s);
  }
  const bool same = s == CaseSensitivity::Sensitive ? pattern[0] == text[0]
                                                    : iamsmith::fold_ascii(pattern[0]) == iamsmith::fold_ascii(text[0]);
  return same && reference_match(pattern.substr(1), text.substr(1), s);
}

// Every string of up to `length` symbols from `alphabet` (each symbol may be several bytes).
std::vector<std::string> all_strings(const std::vector<std::string>& alphabet, std::size_t length) {
  std::vector<std::string> out{""};
  std::vector<std::string> last{""};
  for (std::size_t n = 0; n < length; ++n) {
    std::vector<std::string> next;
    for (const std::string& prefix : last) {
      for (const std::string& symbol : alphabet) next.push_back(prefix + symbol);
    }
    out.insert(out.end(), next.begin(), next.end());
    last = std::move(next);
  }
  return out;
}

}  // namespace

TEST_CASE("match: agrees with the plain definition on every short pattern and text") {
  // Letters in both cases, a separator, a two-byte character and a lone continuation byte, so
  // that skipping ahead after a '*' (to the next place its literal occurs) is checked against
  // case folding and code point boundaries.
  const std::vector<std::string> text_alphabet = {"a", "B", ":", "\xC3\xA9", "\xA9"};
  const std::vector<std::string> pattern_alphabet = {"a", "b", ":", "\xC3\xA9", "\xA9", "*", "?"};
  const std::vector<std::string> patterns = all_strings(pattern_alphabet, 4);
  const std::vector<std::string> texts = all_strings(text_alphabet, 4);
  std::size_t compared = 0;
  std::size_t mismatches = 0;
  for (const std::string& pattern : patterns) {
    for (const std::string& text : texts) {
      for (CaseSensitivity s : {CaseSensitivity::Sensitive, CaseSensitivity::Insensitive}) {
        ++compared;
        if (wildcard_match(pattern, text, s) != reference_match(pattern, text, s)) {
          ++mismatches;
          if (mismatches <= 5) {
            CAPTURE(pattern);
            CAPTURE(text);
            CHECK(wildcard_match(pattern, text, s) == reference_match(pattern, text, s));
          }
        }
      }
    }
  }
  CHECK(compared == patterns.size() * texts.size() * 2);
  CHECK(mismatches == 0);
}
