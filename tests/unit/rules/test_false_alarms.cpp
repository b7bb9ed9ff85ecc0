// Issue 13's "false alarms to remove": documented policy forms that the whole catalogue must
// accept without an error, security or warning finding.

#include <string>
#include <string_view>

#include "iamsmith/principal.hpp"
#include "rule_test_support.hpp"

namespace {

// Every finding of the whole catalogue at error, security or warning severity, as text.
std::string serious_findings(std::string_view text, const iamsmith::LintContext& context = {}) {
  const iamsmith::LoadedPolicy loaded = iamsmith::load_policy_text(std::string(text), "policy.json");
  std::string out;
  for (const iamsmith::Diagnostic& d : iamsmith::lint(loaded, context)) {
    if (d.severity == iamsmith::Severity::Suggestion) continue;
    out += " " + d.rule_id + " at '" + d.span.pointer + "': " + d.message;
  }
  return out;
}

iamsmith::LintContext kind(iamsmith::PolicyKind k) {
  iamsmith::LintContext c;
  c.kind = k;
  return c;
}

}  // namespace

// The bucket policy CloudFront's developer guide gives for an origin access identity:
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html
TEST_CASE("false alarms: a CloudFront origin access identity is a valid principal") {
  constexpr std::string_view kBucketPolicy = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity EH1HDMB1FH2TC"},
    "Action": "s3:GetObject", "Resource": "arn:aws:s3:::orders-site/*"}]})";
  CHECK(serious_findings(kBucketPolicy) == "");
  iamsmith::test::catches_not("A004", kBucketPolicy);
  const iamsmith::PrincipalInfo info = iamsmith::classify_principal(
      iamsmith::PrincipalType::Aws,
      "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity EH1HDMB1FH2TC");
  CHECK(info.form == iamsmith::PrincipalForm::User);
  CHECK(info.name == "EH1HDMB1FH2TC");
  // Near misses are still wrong: another namespace, a lower-case ID, no ID.
  CHECK_FALSE(iamsmith::is_cloudfront_origin_access_identity(
      "arn:aws:iam::cloudfrnt:user/CloudFront Origin Access Identity EH1HDMB1FH2TC"));
  CHECK_FALSE(iamsmith::is_cloudfront_origin_access_identity(
      "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity eh1"));
  CHECK_FALSE(iamsmith::is_cloudfront_origin_access_identity(
      "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity "));
  CHECK(iamsmith::classify_principal(iamsmith::PrincipalType::Aws, "arn:aws:iam::cloudfront:user/Someone")
            .form == iamsmith::PrincipalForm::Invalid);
}

// The trust policy Lambda's developer guide gives for an execution role:
// https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html
TEST_CASE("false alarms: a Lambda execution role's trust policy") {
  constexpr std::string_view kTrust = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
    "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})";
  CHECK(serious_findings(kTrust, kind(iamsmith::PolicyKind::Trust)) == "");
}

// The third-party pattern of IAM's ExternalId page: the partner's account, under its ExternalId.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html
TEST_CASE("false alarms: a third party's account trusted under an ExternalId") {
  constexpr std::string_view kTrust = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole",
    "Condition": {"StringEquals": {"sts:ExternalId": "Unique-Id-Given-By-Partner-7f3a"}}}]})";
  CHECK(serious_findings(kTrust, kind(iamsmith::PolicyKind::Trust)) == "");
}
