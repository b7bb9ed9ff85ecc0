// Edge cases of the T rules (trust policies): T001 missing-external-id ... T005 invalid-external-id.

#include <string>
#include <string_view>

#include "rule_test_support.hpp"

namespace {

using iamsmith::LintContext;
using iamsmith::PolicyKind;
using iamsmith::test::catches;
using iamsmith::test::catches_not;
using iamsmith::test::findings_of;

constexpr std::string_view kStateMachine = "arn:aws:states:us-east-1:111122223333:stateMachine:Orders";

std::string policy(std::string_view statements) {
  return R"j({"Version":"2012-10-17","Statement":[)j" + std::string(statements) + "]}";
}

// An Allow sts:AssumeRole statement for `principal` (a JSON value), with `extra` members.
std::string trust(std::string_view principal, std::string_view extra = "") {
  return policy(R"j({"Effect":"Allow","Principal":)j" + std::string(principal) + R"j(,"Action":"sts:AssumeRole")j" +
                std::string(extra) + "}");
}

LintContext trust_kind() {
  LintContext c;
  c.kind = PolicyKind::Trust;
  return c;
}

LintContext with_role(std::string_view role_arn) {
  LintContext c;
  c.role_arn = std::string(role_arn);
  return c;
}

LintContext with_account(std::string_view account) {
  LintContext c;
  c.account = std::string(account);
  return c;
}

std::string all_text(std::string_view rule, std::string_view doc, const LintContext& ctx = {}) {
  std::string out;
  for (const auto& d : findings_of(rule, doc, ctx)) {
    out += d.message + "\n";
    for (const auto& n : d.notes) out += "  " + n.message + "\n";
  }
  return out;
}

bool contains(std::string_view haystack, std::string_view needle) { return haystack.find(needle) != std::string_view::npos; }

constexpr std::string_view kCaller = R"j({"AWS":"arn:aws:iam::111122223333:role/InvokeRole"})j";
constexpr std::string_view kExternalId =
    R"j(,"Condition":{"StringEquals":{"sts:ExternalId":"arn:aws:states:us-east-1:111122223333:stateMachine:Orders"}})j";

}  // namespace

// ---------------------------------------------------------------------------------------- T001

TEST_CASE("T001: another account's principal without an ExternalId is flagged at the principal") {
  const std::string doc = trust(kCaller);
  catches("T001", doc, "/Statement/0/Principal/AWS", with_role("arn:aws:iam::444455556666:role/Target"));
  catches("T001", doc, "/Statement/0/Principal/AWS", with_account("444455556666"));
  const std::string text = all_text("T001", doc, with_role("arn:aws:iam::444455556666:role/Target"));
  CHECK(contains(text, "arn:aws:iam::111122223333:role/InvokeRole"));
  CHECK(contains(text, "confused-deputy"));
  CHECK(contains(text, "state machine"));
}

TEST_CASE("T001: the role's account unknown: every AWS principal is flagged, with a hint") {
  const std::string doc = trust(R"j({"AWS":["111122223333","arn:aws:iam::444455556666:root"]})j");
  catches("T001", doc, "/Statement/0/Principal/AWS/0");
  catches("T001", doc, "/Statement/0/Principal/AWS/1");
  CHECK(contains(all_text("T001", doc), "--role-arn"));
}

TEST_CASE("T001: same-account trust is silent once the role's account is known") {
  const std::string doc = trust(R"j({"AWS":["arn:aws:iam::111122223333:role/A","111122223333"]})j");
  catches_not("T001", doc, with_role("arn:aws:iam::111122223333:role/Target"));
  catches_not("T001", doc, with_account("111122223333"));
  // One of two principals is outside: only that one is flagged.
  const std::string mixed = trust(R"j({"AWS":["arn:aws:iam::111122223333:role/A","arn:aws:sts::999999999999:assumed-role/R/s"]})j");
  const auto found = findings_of("T001", mixed, with_account("111122223333"));
  REQUIRE(found.size() == 1);
  CHECK(found[0].span.pointer == "/Statement/0/Principal/AWS/1");
}

TEST_CASE("T001: anyone is flagged, even when the role's account is known") {
  catches("T001", trust(R"j({"AWS":"*"})j"), "/Statement/0/Principal/AWS", with_account("111122223333"));
  catches("T001", trust(R"j("*")j"), "/Statement/0/Principal", with_account("111122223333"));
}

TEST_CASE("T001: the state machine ARN from the context is suggested") {
  LintContext ctx = with_account("444455556666");
  ctx.state_machine_arn = std::string(kStateMachine);
  CHECK(contains(all_text("T001", trust(kCaller), ctx), std::string(kStateMachine)));
}

TEST_CASE("T001: an ExternalId condition, in any form, or an enforcing Deny silences it") {
  catches_not("T001", trust(kCaller, kExternalId));
  catches_not("T001", trust(kCaller, R"j(,"Condition":{"StringLike":{"STS:externalid":"x*"}})j"));  // T002's
  const std::string enforcing_deny = policy(
      R"j({"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"},
          {"Effect":"Deny","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"StringNotEquals":{"sts:ExternalId":"abc"}}})j");
  catches_not("T001", enforcing_deny);
  // A Deny that only refuses some values does not require an ExternalId.
  const std::string weak_deny = policy(
      R"j({"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"},
          {"Effect":"Deny","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"abc"}}})j");
  catches("T001", weak_deny, "/Statement/0/Principal/AWS");
}

TEST_CASE("T001: services, federation, Deny, other actions and other kinds are not this rule's") {
  catches_not("T001", trust(R"j({"Service":"states.amazonaws.com"})j"));
  catches_not("T001", trust(R"j({"Federated":"arn:aws:iam::111122223333:saml-provider/Okta"})j"));
  catches_not("T001", trust(R"j({"AWS":"AROAEXAMPLEID1234567"})j"));
  catches_not("T001", policy(R"j({"Effect":"Deny","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"})j"));
  catches_not("T001", policy(R"j({"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:TagSession"})j"));
  // sts:* grants AssumeRole, but as a resource policy; read as a trust policy it is flagged.
  const std::string star = policy(R"j({"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:*"})j");
  catches_not("T001", star);
  catches("T001", star, "/Statement/0/Principal/AWS", trust_kind());
  const std::string not_action =
      policy(R"j({"Effect":"Allow","Principal":{"AWS":"111122223333"},"NotAction":"sts:TagSession"})j");
  catches("T001", not_action, "/Statement/0/Principal/AWS", trust_kind());
  catches_not("T001", R"j({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]})j");
  catches_not("T001", "not json", trust_kind());
}

// ---------------------------------------------------------------------------------------- T002

TEST_CASE("T002: a wildcard ExternalId pattern is flagged at the value") {
  catches("T002", trust(kCaller, R"j(,"Condition":{"StringLike":{"sts:ExternalId":"arn:aws:states:*"}})j"),
          "/Statement/0/Condition/StringLike/sts:ExternalId");
  catches("T002", trust(kCaller, R"j(,"Condition":{"StringLike":{"sts:ExternalId":["exact-one","abc?"]}})j"),
          "/Statement/0/Condition/StringLike/sts:ExternalId/1");
  // StringLike without a wildcard is an exact match; '*' under StringEquals is literal (T005's).
  catches_not("T002", trust(kCaller, R"j(,"Condition":{"StringLike":{"sts:ExternalId":"exact-one"}})j"));
  catches_not("T002", trust(kCaller, R"j(,"Condition":{"StringEquals":{"sts:ExternalId":"a*"}})j"));
  catches_not("T002", trust(kCaller, kExternalId));
}

TEST_CASE("T002: negated operators, IfExists, set qualifiers and Null are flagged at the key") {
  catches("T002", trust(kCaller, R"j(,"Condition":{"StringNotEquals":{"sts:ExternalId":"abc"}})j"),
          "/Statement/0/Condition/StringNotEquals/sts:ExternalId");
  catches("T002", trust(kCaller, R"j(,"Condition":{"StringEqualsIfExists":{"sts:ExternalId":"abc"}})j"),
          "/Statement/0/Condition/StringEqualsIfExists/sts:ExternalId");
  catches("T002", trust(kCaller, R"j(,"Condition":{"ForAllValues:StringEquals":{"sts:ExternalId":"abc"}})j"),
          "/Statement/0/Condition/ForAllValues:StringEquals/sts:ExternalId");
  catches("T002", trust(kCaller, R"j(,"Condition":{"ForAnyValue:StringEquals":{"sts:ExternalId":"abc"}})j"),
          "/Statement/0/Condition/ForAnyValue:StringEquals/sts:ExternalId");
  catches("T002", trust(kCaller, R"j(,"Condition":{"Null":{"sts:ExternalId":"false"}})j"),
          "/Statement/0/Condition/Null/sts:ExternalId");
  CHECK(contains(all_text("T002", trust(kCaller, R"j(,"Condition":{"StringNotEquals":{"sts:ExternalId":"abc"}})j")),
                 "sends none"));
}

TEST_CASE("T002: a weak check next to one that pins the value only narrows access") {
  catches_not("T002", trust(kCaller, R"j(,"Condition":{"StringEquals":{"sts:ExternalId":"abc"},"Null":{"sts:ExternalId":"false"}})j"));
  catches_not("T002", trust(kCaller, R"j(,"Condition":{"StringLike":{"sts:ExternalId":["a*","abc"]},"StringEquals":{"sts:ExternalId":"abc"}})j"));
  catches_not("T002", trust(kCaller, R"j(,"Condition":{"StringNotEquals":{"sts:ExternalId":"old"},"StringEquals":{"sts:ExternalId":"abc"}})j"));
  // Pinning needs an exact, required match: IfExists or a qualifier do not pin.
  catches("T002", trust(kCaller, R"j(,"Condition":{"StringEqualsIfExists":{"sts:ExternalId":"abc"},"StringLike":{"sts:ExternalId":"a*"}})j"),
          "/Statement/0/Condition/StringLike/sts:ExternalId");
}

TEST_CASE("T002: an ExternalId checked only in a Deny") {
  const std::string positive_deny = policy(
      R"j({"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"},
          {"Effect":"Deny","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"abc"}}})j");
  catches("T002", positive_deny, "/Statement/1/Condition/StringEquals/sts:ExternalId");
  const std::string enforcing_deny = policy(
      R"j({"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"},
          {"Effect":"Deny","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"StringNotEquals":{"sts:ExternalId":"abc"}}})j");
  catches_not("T002", enforcing_deny);
  // ForAnyValue makes a negated Deny false when no ExternalId is sent.
  const std::string any_value_deny = policy(
      R"j({"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"},
          {"Effect":"Deny","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"ForAnyValue:StringNotEquals":{"sts:ExternalId":"abc"}}})j");
  catches("T002", any_value_deny, "/Statement/1/Condition/ForAnyValue:StringNotEquals/sts:ExternalId");
  // When the Allow checks the ExternalId itself, an extra Deny is not "only in a Deny".
  const std::string both = policy(
      R"j({"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"abc"}}},
          {"Effect":"Deny","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"old"}}})j");
  catches_not("T002", both);
}

TEST_CASE("T002: identity policies, unknown operators and non-JSON are silent") {
  catches_not("T002", R"j({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
      "Resource":"*","Condition":{"StringLike":{"sts:ExternalId":"*"}}}]})j");
  catches_not("T002", trust(kCaller, R"j(,"Condition":{"StringNotEqual":{"sts:ExternalId":"abc"}})j"));
  catches_not("T002", "not json", trust_kind());
}

// ---------------------------------------------------------------------------------------- T003

TEST_CASE("T003: a non-trust action in a trust statement is flagged at the action") {
  const std::string doc = policy(
      R"j({"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":["sts:AssumeRole","s3:GetObject","sts:*"]})j");
  catches("T003", doc, "/Statement/0/Action/1", trust_kind());
  catches("T003", doc, "/Statement/0/Action/2", trust_kind());
  CHECK(findings_of("T003", doc, trust_kind()).size() == 2);
  catches("T003", policy(R"j({"Effect":"Allow","NotPrincipal":{"AWS":"111122223333"},"Action":"iam:PassRole"})j"),
          "/Statement/0/Action", trust_kind());
}

TEST_CASE("T003: NotAction in a trust statement is flagged at the key") {
  catches("T003", policy(R"j({"Effect":"Allow","Principal":{"AWS":"111122223333"},"NotAction":"s3:*"})j"),
          "/Statement/0/NotAction", trust_kind());
}

TEST_CASE("T003: trust actions, Deny, statements without a principal and other kinds are silent") {
  catches_not("T003", policy(R"j({"Effect":"Allow","Principal":{"Service":"states.amazonaws.com"},
      "Action":["sts:AssumeRole","sts:TagSession","sts:SetSourceIdentity","sts:SetContext","sts:AssumeRoleWith*"]})j"),
              trust_kind());
  catches_not("T003", policy(R"j({"Effect":"Deny","Principal":{"AWS":"*"},"Action":"s3:*"})j"), trust_kind());
  catches_not("T003", policy(R"j({"Effect":"Allow","Action":"s3:*","Resource":"*"})j"), trust_kind());
  // Inferred as a resource policy: not a trust policy, so not this rule's.
  catches_not("T003", policy(R"j({"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"s3:GetObject"})j"));
  catches_not("T003", "not json", trust_kind());
}

// ---------------------------------------------------------------------------------------- T004

TEST_CASE("T004: a service principal without a source condition is flagged at the principal") {
  catches("T004", trust(R"j({"Service":"states.amazonaws.com"})j"), "/Statement/0/Principal/Service");
  const std::string two = trust(R"j({"Service":["scheduler.amazonaws.com","states.amazonaws.com"]})j");
  catches("T004", two, "/Statement/0/Principal/Service/0");
  catches("T004", two, "/Statement/0/Principal/Service/1");
  CHECK(contains(all_text("T004", two), "confused-deputy"));
}

TEST_CASE("T004: notes use the context's state machine or account") {
  LintContext ctx;
  ctx.state_machine_arn = std::string(kStateMachine);
  ctx.account = "111122223333";
  CHECK(contains(all_text("T004", trust(R"j({"Service":"states.amazonaws.com"})j"), ctx),
                 "\"aws:SourceArn\": \"" + std::string(kStateMachine) + "\""));
  CHECK(contains(all_text("T004", trust(R"j({"Service":"glue.amazonaws.com"})j"), ctx),
                 "\"aws:SourceAccount\": \"111122223333\""));
}

TEST_CASE("T004: any source key restricts the service") {
  for (std::string_view condition :
       {R"j(,"Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"}})j",
        R"j(,"Condition":{"ArnLike":{"AWS:SOURCEARN":"arn:aws:states:us-east-1:111122223333:stateMachine:*"}})j",
        R"j(,"Condition":{"StringEquals":{"aws:SourceOrgID":"o-abc"}})j",
        R"j(,"Condition":{"ForAnyValue:StringLike":{"aws:SourceOrgPaths":"o-abc/*"}})j",
        R"j(,"Condition":{"StringEqualsIfExists":{"aws:SourceAccount":"111122223333"}})j"}) {
    CAPTURE(condition);
    catches_not("T004", trust(R"j({"Service":"states.amazonaws.com"})j", condition));
  }
}

TEST_CASE("T004: conditions that do not restrict the source are not enough") {
  for (std::string_view condition : {R"j(,"Condition":{"StringNotEquals":{"aws:SourceAccount":"111122223333"}})j",
                                     R"j(,"Condition":{"Null":{"aws:SourceArn":"false"}})j",
                                     R"j(,"Condition":{"ForAllValues:StringEquals":{"aws:SourceAccount":"1"}})j",
                                     R"j(,"Condition":{"StringEquals":{"aws:PrincipalAccount":"111122223333"}})j"}) {
    CAPTURE(condition);
    catches("T004", trust(R"j({"Service":"states.amazonaws.com"})j", condition), "/Statement/0/Principal/Service");
  }
}

TEST_CASE("T004: EC2, Lambda, AWS principals, Deny and non-trust policies are silent") {
  catches_not("T004", trust(R"j({"Service":"ec2.amazonaws.com"})j"));
  // A function's execution role: Lambda uses it only for functions of the role's account.
  catches_not("T004", trust(R"j({"Service":"lambda.amazonaws.com"})j"));
  catches_not("T004", trust(R"j({"Service":["lambda.amazonaws.com","edgelambda.amazonaws.com"]})j"));
  catches_not("T004", trust(R"j({"Service":"ec2.amazonaws.com.cn"})j"));
  catches_not("T004", trust(kCaller));
  catches_not("T004", policy(R"j({"Effect":"Deny","Principal":{"Service":"states.amazonaws.com"},"Action":"sts:AssumeRole"})j"));
  catches_not("T004", trust(R"j({"Service":"not a service"})j"));
  catches_not("T004", policy(R"j({"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"*"})j"));
  catches_not("T004", "not json", trust_kind());
}

// ---------------------------------------------------------------------------------------- T005

TEST_CASE("T005: an ExternalId with characters AssumeRole refuses is flagged at the value") {
  catches("T005", trust(kCaller, R"j(,"Condition":{"StringEquals":{"sts:ExternalId":"my id"}})j"),
          "/Statement/0/Condition/StringEquals/sts:ExternalId");
  catches("T005", trust(kCaller, R"j(,"Condition":{"StringEquals":{"sts:ExternalId":["ok-id","bad#id"]}})j"),
          "/Statement/0/Condition/StringEquals/sts:ExternalId/1");
  // '*' is a literal character under StringEquals.
  catches("T005", trust(kCaller, R"j(,"Condition":{"StringEquals":{"sts:ExternalId":"abc*"}})j"),
          "/Statement/0/Condition/StringEquals/sts:ExternalId");
  catches("T005", trust(kCaller, R"j(,"Condition":{"StringEquals":{"sts:ExternalId":"caf\u00e9"}})j"),
          "/Statement/0/Condition/StringEquals/sts:ExternalId");
  CHECK(contains(all_text("T005", trust(kCaller, R"j(,"Condition":{"StringEquals":{"sts:ExternalId":"my id"}})j")),
                 "a space"));
}

TEST_CASE("T005: an ExternalId shorter than 2 or longer than 1224 characters is flagged") {
  catches("T005", trust(kCaller, R"j(,"Condition":{"StringEquals":{"sts:ExternalId":"x"}})j"),
          "/Statement/0/Condition/StringEquals/sts:ExternalId");
  catches("T005", trust(kCaller, R"j(,"Condition":{"StringEquals":{"sts:ExternalId":""}})j"),
          "/Statement/0/Condition/StringEquals/sts:ExternalId");
  const std::string longest(1224, 'a');
  catches_not("T005", trust(kCaller, R"j(,"Condition":{"StringEquals":{"sts:ExternalId":")j" + longest + "\"}}"));
  catches("T005", trust(kCaller, R"j(,"Condition":{"StringEquals":{"sts:ExternalId":")j" + longest + "a\"}}"),
          "/Statement/0/Condition/StringEquals/sts:ExternalId");
}

TEST_CASE("T005: valid IDs, wildcards under Like, variables, Null and other kinds are silent") {
  catches_not("T005", trust(kCaller, kExternalId));
  catches_not("T005", trust(kCaller, R"j(,"Condition":{"StringEquals":{"sts:ExternalId":"A_b+c=d,e.f@g:h/i-j"}})j"));
  catches_not("T005", trust(kCaller, R"j(,"Condition":{"StringLike":{"sts:ExternalId":["abc*","*","a?"]}})j"));
  catches_not("T005", trust(kCaller, R"j(,"Condition":{"StringEquals":{"sts:ExternalId":"${aws:PrincipalTag/id}"}})j"));
  catches_not("T005", trust(kCaller, R"j(,"Condition":{"Null":{"sts:ExternalId":"false"}})j"));
  catches_not("T005", trust(kCaller, R"j(,"Condition":{"StringEqual":{"sts:ExternalId":"my id"}})j"));
  catches_not("T005", R"j({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
      "Resource":"*","Condition":{"StringEquals":{"sts:ExternalId":"my id"}}}]})j");
  catches_not("T005", "not json", trust_kind());
  // A Deny's ExternalId values are checked too: they are what callers would have to send.
  catches("T005", policy(R"j({"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"},
      {"Effect":"Deny","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"StringNotEquals":{"sts:ExternalId":"a b"}}})j"),
          "/Statement/1/Condition/StringNotEquals/sts:ExternalId");
}
