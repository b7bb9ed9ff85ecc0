// Edge cases of the P rules (policy structure): P004 invalid-version ... P017 missing-statement.

#include <string>
#include <string_view>

#include "rule_test_support.hpp"

namespace {

using iamsmith::LintContext;
using iamsmith::PolicyKind;
using iamsmith::test::catches;
using iamsmith::test::catches_not;
using iamsmith::test::findings_of;

// A 2012-10-17 policy with these statements (JSON objects, comma-separated).
std::string policy(std::string_view statements) {
  return R"j({"Version":"2012-10-17","Statement":[)j" + std::string(statements) + "]}";
}

// A valid identity statement, with `extra` members appended (leading comma included).
std::string identity_statement(std::string_view extra = "") {
  return R"j({"Effect":"Allow","Action":"states:StartExecution","Resource":"arn:aws:states:us-east-1:111122223333:stateMachine:Orders")j" +
         std::string(extra) + "}";
}

// A valid trust statement, with `extra` members appended.
std::string trust_statement(std::string_view extra = "") {
  return R"j({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/Caller"},"Action":"sts:AssumeRole")j" +
         std::string(extra) + "}";
}

LintContext kind(PolicyKind k) {
  LintContext c;
  c.kind = k;
  return c;
}

// The messages and notes of one rule's findings, joined, for checking wording.
std::string all_text(std::string_view rule, std::string_view doc, const LintContext& ctx = {}) {
  std::string out;
  for (const auto& d : findings_of(rule, doc, ctx)) {
    out += d.message + "\n";
    for (const auto& n : d.notes) out += "  " + n.message + "\n";
  }
  return out;
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

}  // namespace

// ---------------------------------------------------------------------------------------- P004

TEST_CASE("P004: an unknown version is flagged at its value, with a suggestion for near misses") {
  const std::string next_day = R"j({"Version":"2012-10-18","Statement":[)j" + identity_statement() + "]}";
  catches("P004", next_day, "/Version");
  CHECK(contains(all_text("P004", next_day), "did you mean \"2012-10-17\"?"));
  const std::string swapped = R"j({"Version":"2012-17-10","Statement":[)j" + identity_statement() + "]}";
  catches("P004", swapped, "/Version");
  CHECK(contains(all_text("P004", swapped), "did you mean \"2012-10-17\"?"));
  const std::string old_swapped = R"j({"Version":"2008-17-10","Statement":[)j" + identity_statement() + "]}";
  CHECK(contains(all_text("P004", old_swapped), "did you mean \"2008-10-17\"?"));
}

TEST_CASE("P004: a far-off version has no suggestion but is flagged; an empty one too") {
  const std::string today = R"j({"Version":"2025-06-01","Statement":[)j" + identity_statement() + "]}";
  catches("P004", today, "/Version");
  CHECK_FALSE(contains(all_text("P004", today), "did you mean"));
  catches("P004", R"j({"Version":"","Statement":[)j" + identity_statement() + "]}", "/Version");
  catches("P004", R"j({"Version":"latest","Statement":[)j" + identity_statement() + "]}", "/Version");
}

TEST_CASE("P004: both real versions, a missing version and a non-string version stay silent") {
  catches_not("P004", policy(identity_statement()));
  catches_not("P004", R"j({"Version":"2008-10-17","Statement":[)j" + identity_statement() + "]}");
  catches_not("P004", R"j({"Statement":[)j" + identity_statement() + "]}");
  catches_not("P004", R"j({"Version":20121017,"Statement":[)j" + identity_statement() + "]}");  // P015
  catches_not("P004", "[1, 2]");
  catches_not("P004", "{not json");
}

// ---------------------------------------------------------------------------------------- P005

TEST_CASE("P005: a policy without Version is flagged at the root") {
  catches("P005", R"j({"Statement":[)j" + identity_statement() + "]}", "");
}

TEST_CASE("P005: version 2008-10-17 is flagged at its value, and a policy variable is pointed out") {
  const std::string old =
      R"j({"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject",)j"
      R"j("Resource":"arn:aws:s3:::bucket/${aws:username}/*"}]})j";
  catches("P005", old, "/Version");
  const auto found = findings_of("P005", old);
  REQUIRE(found.size() == 1);
  bool variable_note = false;
  for (const auto& note : found[0].notes) {
    variable_note = variable_note || (note.span && note.span->pointer == "/Statement/0/Resource");
  }
  CHECK(variable_note);
}

TEST_CASE("P005: the current version, an invalid one (P004) or a wrong type (P015) stay silent") {
  catches_not("P005", policy(identity_statement()));
  catches_not("P005", R"j({"Version":"2012-10-18","Statement":[)j" + identity_statement() + "]}");
  catches_not("P005", R"j({"Version":null,"Statement":[)j" + identity_statement() + "]}");
}

TEST_CASE("P005: a root that is not an object, or a file that is not JSON, gets no Version finding") {
  catches_not("P005", "[]");
  catches_not("P005", "\"Version\"");
  catches_not("P005", "42");
  catches_not("P005", "{\"Statement\": [");
}

// ---------------------------------------------------------------------------------------- P006

TEST_CASE("P006: an unknown statement key is flagged at the key, case-insensitive suggestions") {
  const std::string lower = policy(R"j({"effect":"Allow","Action":"s3:GetObject","Resource":"*"})j");
  catches("P006", lower, "/Statement/0/effect");
  CHECK(contains(all_text("P006", lower), "did you mean \"Effect\"? element names are case-sensitive"));
  const std::string plural = policy(R"j({"Effect":"Allow","Actions":"s3:GetObject","Resource":"*"})j");
  catches("P006", plural, "/Statement/0/Actions");
  CHECK(contains(all_text("P006", plural), "did you mean \"Action\"?"));
  const std::string resources = policy(R"j({"Effect":"Allow","Action":"s3:GetObject","Resources":"*"})j");
  catches("P006", resources, "/Statement/0/Resources");
  CHECK(contains(all_text("P006", resources), "did you mean \"Resource\"?"));
}

TEST_CASE("P006: an unknown top-level key is flagged, and a statement key at the top is called misplaced") {
  const std::string lower = R"j({"version":"2012-10-17","Statement":[)j" + identity_statement() + "]}";
  catches("P006", lower, "/version");
  CHECK(contains(all_text("P006", lower), "did you mean \"Version\"?"));
  const std::string statements = R"j({"Version":"2012-10-17","Statements":[)j" + identity_statement() + "]}";
  catches("P006", statements, "/Statements");
  CHECK(contains(all_text("P006", statements), "did you mean \"Statement\"?"));
  const std::string misplaced =
      R"j({"Version":"2012-10-17","Effect":"Allow","Statement":[)j" + identity_statement() + "]}";
  catches("P006", misplaced, "/Effect");
  CHECK(contains(all_text("P006", misplaced), "belongs inside a statement"));
  const std::string made_up =
      R"j({"Version":"2012-10-17","Comment":"x","Statement":[)j" + identity_statement() + "]}";
  catches("P006", made_up, "/Comment");
  CHECK_FALSE(contains(all_text("P006", made_up), "did you mean"));
}

TEST_CASE("P006: a top-level key inside a statement is called misplaced") {
  const std::string inner_version = policy(identity_statement(R"j(,"Version":"2012-10-17")j"));
  catches("P006", inner_version, "/Statement/0/Version");
  CHECK(contains(all_text("P006", inner_version), "belongs at the top of the policy"));
  const std::string inner_id = policy(identity_statement(R"j(,"Id":"x")j"));
  catches("P006", inner_id, "/Statement/0/Id");
  CHECK(contains(all_text("P006", inner_id), "did you mean \"Sid\"?"));
}

TEST_CASE("P006: an unknown principal type is flagged at its key") {
  const std::string doc = policy(
      R"j({"Effect":"Allow","Principal":{"aws":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"})j");
  catches("P006", doc, "/Statement/0/Principal/aws");
  CHECK(contains(all_text("P006", doc), "did you mean \"AWS\"?"));
  catches(
      "P006",
      policy(
          R"j({"Effect":"Deny","NotPrincipal":{"Services":"states.amazonaws.com"},"Action":"s3:*","Resource":"*"})j"),
      "/Statement/0/NotPrincipal/Services");
}

TEST_CASE("P006: every valid key, in every statement form, stays silent") {
  catches_not(
      "P006",
      R"j({"Version":"2012-10-17","Id":"Orders","Statement":{"Sid":"A","Effect":"Allow",)j"
      R"j("Principal":{"AWS":"*","Service":"states.amazonaws.com","Federated":"cognito-identity.amazonaws.com",)j"
      R"j("CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},)j"
      R"j("NotAction":"s3:*","NotResource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}})j");
  catches_not("P006", policy(R"j({"Effect":"Deny","NotPrincipal":"*","Action":"s3:*","Resource":"*"})j"));
  catches_not("P006", "[]");
}

// ---------------------------------------------------------------------------------------- P007

TEST_CASE("P007: a missing Effect is flagged at the statement") {
  catches("P007", policy(R"j({"Action":"s3:GetObject","Resource":"*"})j"), "/Statement/0");
  catches("P007", policy(identity_statement() + R"j(,{"Action":"s3:GetObject","Resource":"*"})j"),
          "/Statement/1");
  catches("P007", R"j({"Version":"2012-10-17","Statement":{"Action":"s3:GetObject","Resource":"*"}})j",
          "/Statement");
}

TEST_CASE("P007: a wrong Effect value is flagged at the value, with a suggestion") {
  const std::string lower = policy(R"j({"Effect":"allow","Action":"s3:GetObject","Resource":"*"})j");
  catches("P007", lower, "/Statement/0/Effect");
  CHECK(contains(all_text("P007", lower), "did you mean \"Allow\"? the value is case-sensitive"));
  const std::string upper = policy(R"j({"Effect":"DENY","Action":"s3:GetObject","Resource":"*"})j");
  CHECK(contains(all_text("P007", upper), "did you mean \"Deny\"?"));
  const std::string allowed = policy(R"j({"Effect":"Allowed","Action":"s3:GetObject","Resource":"*"})j");
  catches("P007", allowed, "/Statement/0/Effect");
  CHECK(contains(all_text("P007", allowed), "did you mean \"Allow\"?"));
  CHECK_FALSE(contains(all_text("P007", allowed), "case-sensitive"));
  catches("P007", policy(R"j({"Effect":"Permit","Action":"s3:GetObject","Resource":"*"})j"),
          "/Statement/0/Effect");
  catches("P007", policy(R"j({"Effect":"","Action":"s3:GetObject","Resource":"*"})j"), "/Statement/0/Effect");
  catches("P007", policy(R"j({"Effect":" Allow","Action":"s3:GetObject","Resource":"*"})j"),
          "/Statement/0/Effect");
}

TEST_CASE("P007: Allow, Deny and a non-string Effect (P015) stay silent") {
  catches_not("P007", policy(identity_statement()));
  catches_not("P007", policy(R"j({"Effect":"Deny","Action":"s3:*","Resource":"*"})j"));
  catches_not("P007", policy(R"j({"Effect":true,"Action":"s3:*","Resource":"*"})j"));
  catches_not("P007", R"j({"Version":"2012-10-17"})j");
}

// ---------------------------------------------------------------------------------------- P008

TEST_CASE("P008: each pair of an element and its negation is flagged at the second key") {
  catches("P008", policy(identity_statement(R"j(,"NotAction":"s3:*")j")), "/Statement/0/NotAction");
  catches("P008", policy(identity_statement(R"j(,"NotResource":"*")j")), "/Statement/0/NotResource");
  catches(
      "P008",
      policy(
          R"j({"Effect":"Allow","NotPrincipal":{"AWS":"*"},"Principal":{"AWS":"*"},"Action":"s3:*","Resource":"*"})j"),
      "/Statement/0/Principal");
  // Order decides which one is "second".
  catches("P008", policy(R"j({"Effect":"Allow","NotAction":"s3:*","Action":"s3:GetObject","Resource":"*"})j"),
          "/Statement/0/Action");
}

TEST_CASE("P008: the note points at the first of the two keys; three conflicts give three findings") {
  const auto found = findings_of("P008", policy(identity_statement(R"j(,"NotAction":"s3:*")j")));
  REQUIRE(found.size() == 1);
  REQUIRE_FALSE(found[0].notes.empty());
  REQUIRE(found[0].notes[0].span.has_value());
  CHECK(found[0].notes[0].span->pointer == "/Statement/0/Action");
  const std::string all = policy(R"j({"Effect":"Allow","Principal":"*","NotPrincipal":"*","Action":"s3:*",)j"
                                 R"j("NotAction":"s3:*","Resource":"*","NotResource":"*"})j");
  CHECK(findings_of("P008", all).size() == 3);
}

TEST_CASE("P008: one form of each element, even of the wrong type, stays silent") {
  catches_not("P008", policy(identity_statement()));
  catches_not("P008", policy(R"j({"Effect":"Allow","NotAction":"iam:*","NotResource":"*"})j"));
  catches_not("P008", policy(R"j({"Effect":"Allow","Action":42,"Resource":"*"})j"));
}

// ---------------------------------------------------------------------------------------- P009

TEST_CASE("P009: a statement without Action or NotAction is flagged at the statement") {
  catches("P009", policy(R"j({"Effect":"Allow","Resource":"*"})j"), "/Statement/0");
  catches("P009", policy(identity_statement() + R"j(,{"Effect":"Allow","Actions":"s3:*","Resource":"*"})j"),
          "/Statement/1");
  catches("P009", policy("{}"), "/Statement/0");
}

TEST_CASE("P009: Action, NotAction, or an Action of the wrong type (P015) stay silent") {
  catches_not("P009", policy(identity_statement()));
  catches_not("P009", policy(R"j({"Effect":"Allow","NotAction":"iam:*","Resource":"*"})j"));
  catches_not("P009", policy(R"j({"Effect":"Allow","Action":{"s3":"GetObject"},"Resource":"*"})j"));
  catches_not("P009", R"j({"Version":"2012-10-17","Statement":[]})j");
}

// ---------------------------------------------------------------------------------------- P010

TEST_CASE("P010: an identity statement without Resource or NotResource is flagged at the statement") {
  catches("P010", policy(R"j({"Effect":"Allow","Action":"s3:GetObject"})j"), "/Statement/0");
  catches("P010", policy(R"j({"Effect":"Deny","Action":"s3:*"})j"), "/Statement/0");
  catches("P010", policy(R"j({"Effect":"Allow","Action":"s3:GetObject"})j"), "/Statement/0",
          kind(PolicyKind::Identity));
}

TEST_CASE("P010: a trust statement with Resource or NotResource is flagged at that key") {
  catches("P010", policy(trust_statement(R"j(,"Resource":"arn:aws:iam::444455556666:role/Target")j")),
          "/Statement/0/Resource");
  catches("P010", policy(trust_statement(R"j(,"NotResource":"*")j")), "/Statement/0/NotResource",
          kind(PolicyKind::Trust));
  CHECK(findings_of("P010", policy(trust_statement(R"j(,"Resource":"*","NotResource":"*")j"))).size() == 2);
}

TEST_CASE(
    "P010: a valid identity or trust statement, a resource policy, or a Resource of the wrong type stay "
    "silent") {
  catches_not("P010", policy(identity_statement()));
  catches_not(
      "P010",
      policy(R"j({"Effect":"Allow","Action":"s3:GetObject","NotResource":"arn:aws:s3:::secret/*"})j"));
  catches_not("P010", policy(R"j({"Effect":"Allow","Action":"s3:GetObject","Resource":42})j"));
  catches_not("P010", policy(trust_statement()));
  // A resource policy (a principal granted a non-trust action): Resource is the service's business.
  catches_not(
      "P010",
      policy(
          R"j({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject"})j"));
  catches_not(
      "P010",
      policy(
          R"j({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"*"})j"));
}

// ---------------------------------------------------------------------------------------- P011

TEST_CASE("P011: a principal in a policy given as identity is flagged at the key") {
  catches("P011", policy(trust_statement()), "/Statement/0/Principal", kind(PolicyKind::Identity));
  catches("P011", policy(R"j({"Effect":"Deny","NotPrincipal":{"AWS":"*"},"Action":"s3:*","Resource":"*"})j"),
          "/Statement/0/NotPrincipal", kind(PolicyKind::Identity));
}

TEST_CASE("P011: a trust or resource statement without a principal is flagged at the statement") {
  catches("P011", policy(trust_statement() + R"j(,{"Effect":"Allow","Action":"sts:TagSession"})j"),
          "/Statement/1");
  catches("P011", policy(R"j({"Effect":"Allow","Action":"sts:AssumeRole"})j"), "/Statement/0",
          kind(PolicyKind::Trust));
  catches("P011", policy(identity_statement()), "/Statement/0", kind(PolicyKind::Resource));
  CHECK(contains(all_text("P011", policy(identity_statement()), kind(PolicyKind::Resource)),
                 "a resource policy requires"));
  CHECK(contains(
      all_text("P011", policy(R"j({"Effect":"Allow","Action":"sts:AssumeRole"})j"), kind(PolicyKind::Trust)),
      "a role trust policy requires"));
}

TEST_CASE(
    "P011: an inferred identity policy, a trust policy with principals, or a principal of the wrong type "
    "stay silent") {
  catches_not("P011", policy(identity_statement()));
  catches_not("P011", policy(identity_statement()), kind(PolicyKind::Identity));
  catches_not("P011", policy(trust_statement()));
  catches_not("P011", policy(trust_statement()), kind(PolicyKind::Trust));
  catches_not("P011", policy(R"j({"Effect":"Allow","Principal":42,"Action":"sts:AssumeRole"})j"),
              kind(PolicyKind::Trust));
}

// ---------------------------------------------------------------------------------------- P012

TEST_CASE("P012: a repeated Sid is flagged at the second, with a note at the first") {
  const std::string doc = policy(identity_statement(R"j(,"Sid":"Orders")j") + "," + identity_statement() +
                                 "," + identity_statement(R"j(,"Sid":"Orders")j"));
  catches("P012", doc, "/Statement/2/Sid");
  const auto found = findings_of("P012", doc);
  REQUIRE(found.size() == 1);
  REQUIRE(found[0].notes[0].span.has_value());
  CHECK(found[0].notes[0].span->pointer == "/Statement/0/Sid");
  catches("P012", policy(trust_statement(R"j(,"Sid":"A")j") + "," + trust_statement(R"j(,"Sid":"A")j")),
          "/Statement/1/Sid");
}

TEST_CASE("P012: three uses of one Sid give two findings") {
  const std::string doc =
      policy(identity_statement(R"j(,"Sid":"X")j") + "," + identity_statement(R"j(,"Sid":"X")j") + "," +
             identity_statement(R"j(,"Sid":"X")j"));
  CHECK(findings_of("P012", doc).size() == 2);
}

TEST_CASE(
    "P012: distinct Sids, Sids differing in case, missing or empty Sids and resource policies stay silent") {
  catches_not("P012",
              policy(identity_statement(R"j(,"Sid":"A")j") + "," + identity_statement(R"j(,"Sid":"B")j")));
  catches_not("P012", policy(identity_statement(R"j(,"Sid":"Orders")j") + "," +
                             identity_statement(R"j(,"Sid":"ORDERS")j")));
  catches_not("P012", policy(identity_statement() + "," + identity_statement()));
  catches_not("P012",
              policy(identity_statement(R"j(,"Sid":"")j") + "," + identity_statement(R"j(,"Sid":"")j")));
  const std::string resource =
      R"j({"Sid":"S","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"*"})j";
  catches_not("P012", policy(std::string(resource) + "," + resource));
}

// ---------------------------------------------------------------------------------------- P013

TEST_CASE("P013: a Sid with characters other than letters and digits is flagged at its value") {
  const std::string hyphen = policy(identity_statement(R"j(,"Sid":"allow-start_execution")j"));
  catches("P013", hyphen, "/Statement/0/Sid");
  const std::string text = all_text("P013", hyphen);
  CHECK(contains(text, "'-' and '_'"));
  CHECK(contains(text, "use \"allowStartExecution\" instead"));
  catches("P013", policy(identity_statement(R"j(,"Sid":"Allow start")j")), "/Statement/0/Sid");
  catches("P013", policy(identity_statement(R"j(,"Sid":"v1.2")j")), "/Statement/0/Sid");
  catches("P013", policy(trust_statement(R"j(,"Sid":"Trust:Caller")j")), "/Statement/0/Sid");
  catches("P013", policy(identity_statement(R"j(,"Sid":"Caf\u00e9")j")), "/Statement/0/Sid");
  CHECK(contains(all_text("P013", policy(identity_statement(R"j(,"Sid":"Caf\u00e9")j"))), "non-ASCII"));
}

TEST_CASE("P013: a Sid made only of refused characters gets no replacement suggestion") {
  const std::string doc = policy(identity_statement(R"j(,"Sid":"--")j"));
  catches("P013", doc, "/Statement/0/Sid");
  CHECK_FALSE(contains(all_text("P013", doc), "instead"));
}

TEST_CASE("P013: letters and digits, an empty or missing Sid, and resource policies stay silent") {
  catches_not("P013", policy(identity_statement(R"j(,"Sid":"AllowStart2")j")));
  catches_not("P013", policy(identity_statement(R"j(,"Sid":"")j")));
  catches_not("P013", policy(identity_statement()));
  catches_not(
      "P013",
      policy(
          R"j({"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"})j"));
  catches_not("P013", policy(identity_statement(R"j(,"Sid":"a-b")j")), kind(PolicyKind::Resource));
}

// ---------------------------------------------------------------------------------------- P014

namespace {

// An identity policy whose size without whitespace is exactly `size` characters (size >= 200).
std::string identity_policy_of_size(std::size_t size) {
  const std::string head =
      R"j({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::)j";
  const std::string tail = R"j("}]})j";
  return head + std::string(size - head.size() - tail.size(), 'a') + tail;
}

// A trust policy of at least `size` characters without whitespace.
std::string trust_policy_of_size(std::size_t size) {
  const std::string head =
      R"j({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/)j";
  const std::string tail = R"j("},"Action":"sts:AssumeRole"}]})j";
  return head + std::string(size - head.size() - tail.size(), 'r') + tail;
}

}  // namespace

TEST_CASE(
    "P014: an identity policy over 6,144 characters is flagged at the root; at the quota it is silent") {
  catches_not("P014", identity_policy_of_size(6144));
  catches("P014", identity_policy_of_size(6145), "");
  const std::string text = all_text("P014", identity_policy_of_size(6145));
  CHECK(contains(text, "6,145 characters"));
  CHECK(contains(text, "6,144-character quota of a managed policy"));
  CHECK(contains(text, "--max-policy-chars 10240"));
}

TEST_CASE("P014: whitespace is not counted, inside strings neither; comments are not counted") {
  std::string spaced = identity_policy_of_size(6144);
  spaced.insert(1, std::string(5000, ' '));
  catches_not("P014", spaced);
  std::string tabbed = identity_policy_of_size(6144);
  tabbed.insert(tabbed.size() - 4, "    \n\t\r\n");
  catches_not("P014", tabbed);
  std::string inside = identity_policy_of_size(6144);
  inside.insert(inside.size() - 6, "    ");  // four spaces inside the Resource string
  catches_not("P014", inside);
  std::string commented = identity_policy_of_size(6144);
  commented.insert(1, "/* a comment that AWS would reject anyway */");
  catches_not("P014", commented);
}

TEST_CASE("P014: characters are counted, not bytes") {
  // "é" (U+00E9) is two bytes in UTF-8 but one character.
  std::string accented = identity_policy_of_size(6144);
  accented.replace(accented.size() - 10, 1, "\xC3\xA9");
  catches_not("P014", accented);
}

TEST_CASE("P014: a trust policy has a 2,048-character default quota") {
  catches("P014", trust_policy_of_size(2049), "");
  catches_not("P014", trust_policy_of_size(2048));
  CHECK(contains(all_text("P014", trust_policy_of_size(2049)),
                 "default 2,048-character quota of a role trust policy"));
  // A resource policy takes the managed-policy default.
  catches_not("P014", trust_policy_of_size(3000), kind(PolicyKind::Resource));
}

TEST_CASE("P014: --max-policy-chars overrides the default quota") {
  LintContext inline_role;
  inline_role.max_policy_chars = 10240;
  catches_not("P014", identity_policy_of_size(10240), inline_role);
  catches("P014", identity_policy_of_size(10241), "", inline_role);
  CHECK(
      contains(all_text("P014", identity_policy_of_size(10241), inline_role), "set with --max-policy-chars"));
  LintContext small;
  small.max_policy_chars = 200;
  catches("P014", identity_policy_of_size(201), "", small);
  LintContext trust_raised;
  trust_raised.kind = PolicyKind::Trust;
  trust_raised.max_policy_chars = 4096;
  catches_not("P014", trust_policy_of_size(4000), trust_raised);
}

TEST_CASE("P014: not JSON, or a root that is not an object, stays silent") {
  catches_not("P014", "[" + std::string(7000, '1') + "]");
  catches_not("P014", "{");
}

// ---------------------------------------------------------------------------------------- P015

TEST_CASE("P015: a value of the wrong type is flagged at the value, naming both types") {
  const std::string number = policy(R"j({"Effect":"Allow","Action":42,"Resource":"*"})j");
  catches("P015", number, "/Statement/0/Action");
  const std::string text = all_text("P015", number);
  CHECK(contains(text, "the value of \"Action\" is a number (42)"));
  CHECK(contains(text, "a string or an array of strings"));
  CHECK(contains(text, "double quotes"));
  const std::string item = policy(R"j({"Effect":"Allow","Action":["s3:GetObject",true],"Resource":"*"})j");
  catches("P015", item, "/Statement/0/Action/1");
  CHECK(contains(all_text("P015", item), "item 1 of \"Action\" is a boolean (true)"));
}

TEST_CASE("P015: wrong types everywhere in the grammar are found") {
  catches("P015", R"j({"Version":2012,"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]})j",
          "/Version");
  catches("P015", R"j({"Version":"2012-10-17","Statement":"Allow everything"})j", "/Statement");
  catches("P015", R"j({"Version":"2012-10-17","Statement":[42]})j", "/Statement/0");
  catches("P015", policy(R"j({"Sid":1,"Effect":"Allow","Action":"s3:*","Resource":"*"})j"),
          "/Statement/0/Sid");
  catches("P015", policy(R"j({"Effect":null,"Action":"s3:*","Resource":"*"})j"), "/Statement/0/Effect");
  catches("P015", policy(R"j({"Effect":"Allow","Principal":["*"],"Action":"sts:AssumeRole"})j"),
          "/Statement/0/Principal");
  catches("P015",
          policy(R"j({"Effect":"Allow","Principal":{"AWS":111122223333},"Action":"sts:AssumeRole"})j"),
          "/Statement/0/Principal/AWS");
  catches("P015", policy(identity_statement(R"j(,"Condition":["x"])j")), "/Statement/0/Condition");
  catches("P015", policy(identity_statement(R"j(,"Condition":{"StringEquals":"x"})j")),
          "/Statement/0/Condition/StringEquals");
  catches("P015",
          policy(identity_statement(R"j(,"Condition":{"StringEquals":{"aws:SourceAccount":{"a":1}}})j")),
          "/Statement/0/Condition/StringEquals/aws:SourceAccount");
  catches("P015", policy(identity_statement(R"j(,"Condition":{"StringEquals":{"a/b":null}})j")),
          "/Statement/0/Condition/StringEquals/a~1b");
  CHECK(contains(
      all_text("P015", policy(identity_statement(R"j(,"Condition":{"StringEquals":{"a/b":null}})j"))),
      "the value of \"a/b\" is null"));
}

TEST_CASE("P015: a root that is not an object is one finding at the root") {
  const auto found = findings_of("P015", "[{\"Effect\":\"Allow\"}]");
  REQUIRE(found.size() == 1);
  CHECK(found[0].span.pointer.empty());
  CHECK(contains(found[0].message, "the policy is an array, but a policy must be an object"));
  catches("P015", "\"2012-10-17\"", "");
}

TEST_CASE("P015: valid types stay silent, numbers and booleans in conditions included") {
  catches_not(
      "P015",
      policy(identity_statement(
          R"j(,"Condition":{"NumericLessThan":{"s3:max-keys":10},"Bool":{"aws:SecureTransport":true}})j")));
  catches_not(
      "P015",
      R"j({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["s3:GetObject"],"Resource":["*"]}})j");
  catches_not("P015", "{");
}

// ---------------------------------------------------------------------------------------- P016

TEST_CASE("P016: empty arrays of actions and resources are flagged at the array") {
  catches("P016", policy(R"j({"Effect":"Allow","Action":[],"Resource":"*"})j"), "/Statement/0/Action");
  catches("P016", policy(R"j({"Effect":"Allow","NotAction":[],"Resource":"*"})j"), "/Statement/0/NotAction");
  catches("P016", policy(R"j({"Effect":"Allow","Action":"s3:*","Resource":[]})j"), "/Statement/0/Resource");
  catches("P016", policy(R"j({"Effect":"Deny","Action":"s3:*","NotResource":[ ]})j"),
          "/Statement/0/NotResource");
}

TEST_CASE("P016: empty strings are flagged at the value") {
  catches("P016", policy(R"j({"Effect":"Allow","Action":"","Resource":"*"})j"), "/Statement/0/Action");
  catches("P016", policy(R"j({"Effect":"Allow","Action":["s3:GetObject",""],"Resource":"*"})j"),
          "/Statement/0/Action/1");
  catches("P016", policy(R"j({"Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::b",""]})j"),
          "/Statement/0/Resource/1");
}

TEST_CASE("P016: empty principals are flagged") {
  catches("P016", policy(R"j({"Effect":"Allow","Principal":"","Action":"sts:AssumeRole"})j"),
          "/Statement/0/Principal");
  catches("P016", policy(R"j({"Effect":"Allow","Principal":{},"Action":"sts:AssumeRole"})j"),
          "/Statement/0/Principal");
  catches("P016", policy(R"j({"Effect":"Allow","Principal":{"AWS":[]},"Action":"sts:AssumeRole"})j"),
          "/Statement/0/Principal/AWS");
  catches(
      "P016",
      policy(
          R"j({"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root",""]},"Action":"sts:AssumeRole"})j"),
      "/Statement/0/Principal/AWS/1");
  catches("P016",
          policy(R"j({"Effect":"Deny","NotPrincipal":{"Service":""},"Action":"s3:*","Resource":"*"})j"),
          "/Statement/0/NotPrincipal/Service");
}

TEST_CASE("P016: an empty operator block and an empty array of condition values are flagged") {
  catches("P016", policy(identity_statement(R"j(,"Condition":{"StringEquals":{}})j")),
          "/Statement/0/Condition/StringEquals");
  catches("P016", policy(identity_statement(R"j(,"Condition":{"StringEquals":{"aws:SourceAccount":[]}})j")),
          "/Statement/0/Condition/StringEquals/aws:SourceAccount");
  catches("P016",
          policy(identity_statement(R"j(,"Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":[]}})j")),
          "/Statement/0/Condition/ForAllValues:StringEquals/aws:TagKeys");
}

TEST_CASE(
    "P016: empty condition strings, empty Sids, an empty Condition and arrays emptied by wrong types stay "
    "silent") {
  // AWS's own managed policies compare tags with "" (present but empty).
  catches_not("P016",
              policy(identity_statement(R"j(,"Condition":{"StringEquals":{"aws:ResourceTag/Team":""}})j")));
  catches_not(
      "P016",
      policy(identity_statement(R"j(,"Condition":{"StringEquals":{"aws:ResourceTag/Team":["a",""]}})j")));
  catches_not("P016", policy(identity_statement(R"j(,"Sid":"")j")));
  catches_not("P016", policy(identity_statement(R"j(,"Condition":{})j")));
  catches_not("P016", policy(R"j({"Effect":"Allow","Action":[42],"Resource":"*"})j"));  // P015
  catches_not("P016", policy(R"j({"Effect":"Allow","Principal":{"AWS":42},"Action":"sts:AssumeRole"})j"));
  catches_not("P016", policy(R"j({"Effect":"Allow","Principal":{"AWS":[42]},"Action":"sts:AssumeRole"})j"));
  catches_not("P016", policy(identity_statement(R"j(,"Condition":{"StringEquals":{"k":[null]}})j")));
  catches_not("P016", policy(identity_statement(R"j(,"Condition":{"StringEquals":{"k":null}})j")));
  catches_not("P016", policy(trust_statement()));
  catches_not("P016", policy(identity_statement()));
}

// ---------------------------------------------------------------------------------------- P017

TEST_CASE("P017: a missing Statement is flagged at the root, an empty one at /Statement") {
  catches("P017", R"j({"Version":"2012-10-17"})j", "");
  catches("P017", "{}", "");
  catches("P017", R"j({"Version":"2012-10-17","Statements":[]})j", "");
  catches("P017", R"j({"Version":"2012-10-17","Statement":[]})j", "/Statement");
}

TEST_CASE("P017: statements, a Statement of the wrong type, or a root that is not an object stay silent") {
  catches_not("P017", policy(identity_statement()));
  catches_not("P017",
              R"j({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}})j");
  catches_not("P017", R"j({"Version":"2012-10-17","Statement":"x"})j");    // P015
  catches_not("P017", R"j({"Version":"2012-10-17","Statement":[1,2]})j");  // P015, twice
  catches_not("P017", "[]");
  catches_not("P017", "null");
  catches_not("P017", "");
}

// ------------------------------------------------------------------------------ interactions

TEST_CASE("P015: a root that is not an object gets exactly one finding from the P rules") {
  for (std::string_view doc : {"[]", "42", "\"text\"", "null", "true"}) {
    CAPTURE(doc);
    std::size_t total = 0;
    for (std::string_view id : {"P004", "P005", "P006", "P007", "P008", "P009", "P010", "P011", "P012",
                                "P013", "P014", "P015", "P016", "P017"}) {
      total += findings_of(id, doc).size();
    }
    CHECK(total == 1);
  }
}

namespace {

// Whether some finding of `rule` has a note pointing at `pointer`.
bool has_note_at(std::string_view rule, std::string_view doc, std::string_view pointer,
                 const LintContext& ctx = {}) {
  for (const auto& d : findings_of(rule, doc, ctx)) {
    for (const auto& n : d.notes) {
      if (n.span && n.span->pointer == pointer) return true;
    }
  }
  return false;
}

}  // namespace

TEST_CASE("P007: a missing Effect points at a misspelt key that was probably meant") {
  const std::string doc = policy(R"j({"effect":"Allow","Action":"s3:GetObject","Resource":"*"})j");
  catches("P007", doc, "/Statement/0");
  CHECK(has_note_at("P007", doc, "/Statement/0/effect"));
  CHECK_FALSE(has_note_at("P007", policy(R"j({"Colour":"Allow","Action":"s3:GetObject","Resource":"*"})j"),
                          "/Statement/0/Colour"));
}

TEST_CASE("P009: a missing Action points at a misspelt key that was probably meant") {
  const std::string doc = policy(R"j({"Effect":"Allow","Actions":["s3:GetObject"],"Resource":"*"})j");
  CHECK(has_note_at("P009", doc, "/Statement/0/Actions"));
  CHECK(has_note_at("P009", policy(R"j({"Effect":"Allow","notaction":"s3:*","Resource":"*"})j"),
                    "/Statement/0/notaction"));
  // "Resources" is nearer to Resource than to Action: no note for the missing Action.
  CHECK_FALSE(
      has_note_at("P009", policy(R"j({"Effect":"Allow","Resources":"*"})j"), "/Statement/0/Resources"));
}

TEST_CASE("P010: a missing Resource points at a misspelt key that was probably meant") {
  CHECK(has_note_at("P010", policy(R"j({"Effect":"Allow","Action":"s3:GetObject","Resources":"*"})j"),
                    "/Statement/0/Resources"));
}

TEST_CASE("P011: a missing Principal points at a misspelt key that was probably meant") {
  CHECK(has_note_at("P011",
                    policy(R"j({"Effect":"Allow","Principals":{"AWS":"*"},"Action":"sts:AssumeRole"})j"),
                    "/Statement/0/Principals", kind(PolicyKind::Trust)));
}

TEST_CASE("P017: a missing Statement points at a misspelt key that was probably meant") {
  const std::string doc = R"j({"Version":"2012-10-17","Statements":[{"Effect":"Allow"}]})j";
  catches("P017", doc, "");
  CHECK(has_note_at("P017", doc, "/Statements"));
}
