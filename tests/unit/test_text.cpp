// The bottom-layer text helpers: ASCII folding, case-insensitive comparison, UTF-8 stepping,
// message quoting.

#include <doctest/doctest.h>

#include <algorithm>
#include <clocale>
#include <string>
#include <vector>

#include "iamsmith/text.hpp"

TEST_CASE("text: fold_ascii lowers ASCII letters and leaves every other byte alone") {
  CHECK(iamsmith::fold_ascii('A') == 'a');
  CHECK(iamsmith::fold_ascii('Z') == 'z');
  CHECK(iamsmith::fold_ascii('a') == 'a');
  CHECK(iamsmith::fold_ascii('@') == '@');        // the byte before 'A'
  CHECK(iamsmith::fold_ascii('[') == '[');        // the byte after 'Z'
  CHECK(iamsmith::fold_ascii('\xC9') == '\xC9');  // Latin-1 'É' is not folded to 'é' (0xE9)
}

TEST_CASE("text: folding does not depend on the C locale") {
  // Under a Latin-1 locale libc's tolower maps 0xC9 to 0xE9, which would corrupt UTF-8 text.
  // The helpers must give the same answer whatever locale the embedding program chose.
  const char* previous = std::setlocale(LC_CTYPE, nullptr);
  const std::string saved = previous != nullptr ? previous : "C";
  std::setlocale(LC_CTYPE, "en_US.ISO-8859-1");  // may be unavailable; then nothing changes
  CHECK_FALSE(iamsmith::ci_equals("\xC9", "\xE9"));
  CHECK(iamsmith::ascii_lower("S3:\xC9tag") == "s3:\xC9tag");
  std::setlocale(LC_CTYPE, saved.c_str());
}

TEST_CASE("text: ci_equals, ci_starts_with, ci_ends_with") {
  CHECK(iamsmith::ci_equals("s3:GetObject", "S3:getobject"));
  CHECK(iamsmith::ci_equals("", ""));
  CHECK_FALSE(iamsmith::ci_equals("s3:GetObject", "s3:GetObjects"));
  CHECK_FALSE(iamsmith::ci_equals("a", "b"));
  CHECK(iamsmith::ci_starts_with("aws:PrincipalTag/team", "AWS:principaltag/"));
  CHECK_FALSE(iamsmith::ci_starts_with("aws", "aws:"));
  CHECK(iamsmith::ci_ends_with("StringLikeIFEXISTS", "IfExists"));
  CHECK_FALSE(iamsmith::ci_ends_with("Exists", "IfExists"));
}

TEST_CASE("text: ci_compare orders by the folded text, shorter first on a tie") {
  CHECK(iamsmith::ci_compare("abc", "ABC") == 0);
  CHECK(iamsmith::ci_compare("a", "B") < 0);  // byte order would put 'B' first
  CHECK(iamsmith::ci_compare("B", "a") > 0);
  CHECK(iamsmith::ci_compare("ab", "abc") < 0);
  CHECK(iamsmith::ci_compare("abc", "ab") > 0);
  // In bytes "aB" < "a_" ('B' 0x42, '_' 0x5F); folded, 'b' is 0x62, so "a_" comes first.
  CHECK(iamsmith::ci_less("a_", "aB"));
  // Bytes above 0x7F compare as unsigned, after every ASCII byte.
  CHECK(iamsmith::ci_less("z", "\xC3\xA9"));
  std::vector<std::string> names{"GetObject", "getbucket", "Abort", "get"};
  std::sort(names.begin(), names.end(),
            [](const std::string& a, const std::string& b) { return iamsmith::ci_less(a, b); });
  CHECK(names == std::vector<std::string>{"Abort", "get", "getbucket", "GetObject"});
}

TEST_CASE("text: code_point_length steps over well-formed UTF-8 and one byte of anything else") {
  CHECK(iamsmith::code_point_length("a", 0) == 1);
  CHECK(iamsmith::code_point_length("\xC3\xA9", 0) == 2);          // é
  CHECK(iamsmith::code_point_length("\xE2\x82\xAC", 0) == 3);      // €
  CHECK(iamsmith::code_point_length("\xF0\x9F\x98\x80", 0) == 4);  // 😀
  CHECK(iamsmith::code_point_length("x\xC3\xA9", 1) == 2);
  CHECK(iamsmith::code_point_length("\xC3", 0) == 1);              // truncated sequence
  CHECK(iamsmith::code_point_length("\xE2\x82", 0) == 1);          // truncated sequence
  CHECK(iamsmith::code_point_length("\xC3(", 0) == 1);             // bad continuation byte
  CHECK(iamsmith::code_point_length("\xA9", 0) == 1);              // a lone continuation byte
  CHECK(iamsmith::code_point_length("\xC0\x80", 0) == 1);          // overlong lead bytes start nothing
  CHECK(iamsmith::code_point_length("\xF5\x80\x80\x80", 0) == 1);  // beyond U+10FFFF
}

TEST_CASE("text: the two quoting styles") {
  CHECK(iamsmith::in_quotes("s3:GetObject") == "\"s3:GetObject\"");
  CHECK(iamsmith::in_quotes("") == "\"\"");
  CHECK(iamsmith::in_single_quotes("Run task") == "'Run task'");
  // Nothing is escaped: messages show the text as written.
  CHECK(iamsmith::in_quotes("a\"b") == "\"a\"b\"");
}
