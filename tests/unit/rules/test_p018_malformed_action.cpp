// P018 malformed-action: Action and NotAction values that are not "*" or prefix:name. A table of
// values with what the finding must say, and the values that belong to other rules.

#include <string>
#include <string_view>

#include "rule_test_support.hpp"

namespace {

using iamsmith::Diagnostic;
using iamsmith::LintContext;
using iamsmith::PolicyKind;
using iamsmith::test::catches;
using iamsmith::test::catches_not;
using iamsmith::test::findings_of;

std::string with_actions(std::string_view element, std::string_view values) {
  return R"j({"Version":"2012-10-17","Statement":[{"Effect":"Allow",")j" + std::string(element) + "\":" +
         std::string(values) + R"j(,"Resource":"*"}]})j";
}

std::string text_of(const Diagnostic& d) {
  std::string out = d.message;
  for (const auto& n : d.notes) out += "\n" + n.message;
  return out;
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

struct Case {
  std::string_view value;
  std::string_view problem;     // in the message
  std::string_view suggestion;  // "did you mean ...?" note; empty: there must be none
};

// The values of the issue's reproducer, and the separators typed instead of ':'.
constexpr Case kMalformed[] = {
    {"s3GetObject", "has no ':' between the service prefix and the action name", "s3:GetObject"},
    {"s3:Get:Object", "has 2 ':' characters", "s3:GetObject"},
    {"s3::GetObject", "has 2 ':' characters", "s3:GetObject"},
    {"s3:", "has no action name after the ':'", ""},
    {":", "has neither a service prefix nor an action name", ""},
    {":GetObject", "has no service prefix before the ':'", ""},
    {"foo:bar:baz", "has 2 ':' characters", ""},
    {"s3.GetObject", "has no ':'", "s3:GetObject"},
    {"states/StartExecution", "has no ':'", "states:StartExecution"},
    {"STATESStartExecution", "has no ':'", "states:StartExecution"},
    {"s3Get*", "has no ':'", "s3:Get*"},
    {"lambdaInvokeFunctions", "has no ':'", ""},  // no action of that name: no guess
    {"*:", "has no action name after the ':'", ""},
    {"**", "has no ':'", ""},
};

}  // namespace

TEST_CASE("P018: each malformed value is flagged at itself, says what is wrong, and guesses from the catalogue") {
  for (const Case& c : kMalformed) {
    CAPTURE(c.value);
    const std::string doc = with_actions("Action", "[\"s3:GetObject\",\"" + std::string(c.value) + "\"]");
    const auto found = findings_of("P018", doc);
    REQUIRE(found.size() == 1);
    CHECK(found[0].span.pointer == "/Statement/0/Action/1");
    CHECK(found[0].span.line == 1);
    CHECK(contains(found[0].message, "action \"" + std::string(c.value) + "\" " + std::string(c.problem)));
    const std::string text = text_of(found[0]);
    if (c.suggestion.empty()) {
      CHECK_FALSE(contains(text, "did you mean"));
    } else {
      CHECK(contains(text, "did you mean \"" + std::string(c.suggestion) + "\"?"));
    }
  }
}

TEST_CASE("P018: NotAction and a single string are checked too; the note says what NotAction then does") {
  catches("P018", with_actions("NotAction", "\"iamPassRole\""), "/Statement/0/NotAction");
  const auto found = findings_of("P018", with_actions("NotAction", "\"iamPassRole\""));
  REQUIRE(found.size() == 1);
  CHECK(contains(text_of(found[0]), "did you mean \"iam:PassRole\"?"));
  CHECK(contains(text_of(found[0]), "excludes nothing"));
}

TEST_CASE("P018: an ARN in Action is recognised as one") {
  const auto found = findings_of("P018", with_actions("Action", "\"arn:aws:s3:::orders/*\""));
  REQUIRE(found.size() == 1);
  CHECK(contains(found[0].message, "has 5 ':' characters"));
  CHECK(contains(text_of(found[0]), "this is an ARN"));
}

TEST_CASE("P018: well-formed values stay silent, whether or not the catalogue knows them") {
  // Unknown services, actions and patterns are the D rules' findings; empty strings P016's;
  // numbers P015's.
  for (std::string_view value : {"\"*\"", "\"s3:GetObject\"", "\"s3:*\"", "\"*:*\"", "\"s3:Get*\"", "\"foo:Bar\"",
                                 "\"lambda:InvokeFunctions\"", "\"\"", "42", "\"S3:getobject\""}) {
    CAPTURE(value);
    catches_not("P018", with_actions("Action", "[" + std::string(value) + "]"));
  }
}

TEST_CASE("P018: a malformed value is not reported again by T003 or the D rules") {
  const std::string trust =
      R"j({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"stsAssumeRole"}]})j";
  LintContext context;
  context.kind = PolicyKind::Trust;
  catches("P018", trust, "/Statement/0/Action", context);
  catches_not("T003", trust, context);
  for (std::string_view rule : {"D001", "D002", "D003"}) {
    CAPTURE(rule);
    catches_not(rule, with_actions("Action", "[\"s3GetObject\",\"s3::GetObject\",\"s3:\"]"));
  }
}
