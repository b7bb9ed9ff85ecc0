// Where the documents sit in Terraform plans and AWS CLI responses, and decoding documents
// written as strings.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "iamsmith/json.hpp"
#include "iamsmith/locate.hpp"

using iamsmith::LocatedDocument;
using iamsmith::PolicyKind;

namespace {

std::vector<std::string> labels(const std::vector<LocatedDocument>& docs) {
  std::vector<std::string> out;
  for (const auto& d : docs) out.push_back(d.label + (d.unknown ? " (unknown)" : ""));
  return out;
}

const char* const kPlan = R"({
  "format_version": "1.2", "terraform_version": "1.7.5",
  "planned_values": {"root_module": {
    "resources": [
      {"address": "aws_iam_role.r", "mode": "managed", "type": "aws_iam_role", "name": "r",
       "values": {"assume_role_policy": "{\"Statement\":[]}", "name": "R"}},
      {"address": "aws_kms_key.k", "mode": "managed", "type": "aws_kms_key", "name": "k",
       "values": {"policy": "{\"Statement\":[{\"Sid\":\"kms\"}]}"}}
    ],
    "child_modules": [{"address": "module.m", "resources": [
      {"address": "module.m.aws_iam_policy.p", "mode": "managed", "type": "aws_iam_policy", "name": "p",
       "values": {"policy": "{\"Statement\":[{\"Sid\":\"child\"}]}"}}]}]}},
  "resource_changes": [
    {"address": "aws_iam_role.r", "mode": "managed", "type": "aws_iam_role", "name": "r",
     "change": {"actions": ["create"],
                "after": {"assume_role_policy": "{\"Statement\":[]}", "name": "R",
                          "inline_policy": [{"name": "a", "policy": "{\"Statement\":[{\"Sid\":\"a\"}]}"},
                                            {"name": "b"}]},
                "after_unknown": {"arn": true, "inline_policy": [{}, {"policy": true}]}}},
    {"address": "aws_sqs_queue_policy.q", "mode": "managed", "type": "aws_sqs_queue_policy", "name": "q",
     "change": {"actions": ["create"], "after": {"queue_url": null}, "after_unknown": {"policy": true}}},
    {"address": "aws_iam_role_policy.gone", "mode": "managed", "type": "aws_iam_role_policy", "name": "gone",
     "change": {"actions": ["delete"], "before": {"policy": "{}"}, "after": null}},
    {"address": "aws_sfn_state_machine.sm", "mode": "managed", "type": "aws_sfn_state_machine", "name": "sm",
     "change": {"actions": ["update"],
                "after": {"arn": "arn:aws:states:us-east-1:123456789012:stateMachine:S",
                          "definition": "{\"StartAt\":\"A\",\"States\":{}}",
                          "role_arn": "arn:aws:iam::123456789012:role/E"},
                "after_unknown": {}}}
  ],
  "prior_state": {"values": {"root_module": {"resources": [
    {"address": "aws_iam_role_policy.gone", "mode": "managed", "type": "aws_iam_role_policy", "name": "gone",
     "values": {"policy": "{}"}},
    {"address": "data.aws_iam_policy_document.used", "mode": "data", "type": "aws_iam_policy_document",
     "name": "used", "values": {"json": "{\"Statement\":[]}"}},
    {"address": "data.aws_iam_policy_document.spare", "mode": "data", "type": "aws_iam_policy_document",
     "name": "spare", "values": {"json": "{\"Statement\":[{\"Sid\":\"spare\"}]}"}}
  ]}}}
})";

}  // namespace

TEST_CASE("locate: a Terraform plan's documents, each resource once, unknown values marked") {
  const auto doc = iamsmith::json::parse(kPlan);
  REQUIRE(doc.root);
  const auto found = iamsmith::locate_terraform_plan(*doc.root);
  CHECK(labels(found) == std::vector<std::string>{
                             "the trust policy of aws_iam_role.r",
                             "inline policy \"a\" of aws_iam_role.r",
                             "inline policy \"b\" of aws_iam_role.r (unknown)",
                             "the resource policy of aws_sqs_queue_policy.q (unknown)",
                             "the definition of aws_sfn_state_machine.sm",
                             "the resource policy of aws_kms_key.k",
                             "the policy of module.m.aws_iam_policy.p",
                             "the policy document data.aws_iam_policy_document.spare",
                         });
  // Read from resource_changes (after), not planned_values: the pointer says where.
  CHECK(found[0].pointer == "/resource_changes/0/change/after/assume_role_policy");
  CHECK(found[0].context.kind == PolicyKind::Trust);
  CHECK_FALSE(found[0].context.role_arn);  // the ARN is known only after apply
  CHECK(found[2].pointer == "/resource_changes/0/change/after/inline_policy/1/policy");
  CHECK(found[3].pointer == "/resource_changes/1/change/after/policy");
  CHECK(found[3].value == nullptr);
  CHECK(found[4].definition);
  CHECK(found[4].context.state_machine_arn == "arn:aws:states:us-east-1:123456789012:stateMachine:S");
  CHECK(found[4].context.execution_role_arn == "arn:aws:iam::123456789012:role/E");
  CHECK(found[4].context.account == "123456789012");
  CHECK(found[5].context.kind == PolicyKind::Resource);
  CHECK(found[5].pointer == "/planned_values/root_module/resources/1/values/policy");
  CHECK_FALSE(found[7].context.kind);  // a policy document's use is unknown: its kind is inferred
}

// An aws_iam_role_policy names its role by name (matched against the plan's roles) or, when the
// plan knows it only after apply, by the configuration's reference; the role's ARN is built from
// its name and path with the stack's account (given, or the plan's aws_caller_identity).
TEST_CASE("locate: an aws_iam_role_policy belongs to its role, by name or by the configuration's reference") {
  const auto doc = iamsmith::json::parse(R"({
    "format_version": "1.2", "terraform_version": "1.7.5",
    "resource_changes": [
      {"address": "aws_iam_role.named", "mode": "managed", "type": "aws_iam_role", "name": "named",
       "change": {"actions": ["create"], "after": {"name": "Named", "path": "/svc/", "assume_role_policy": "{}"},
                  "after_unknown": {"arn": true, "id": true}}},
      {"address": "module.m.aws_iam_role.r[0]", "mode": "managed", "type": "aws_iam_role", "name": "r", "index": 0,
       "change": {"actions": ["create"], "after": {"name": "Referenced", "path": "/"},
                  "after_unknown": {"arn": true, "id": true}}},
      {"address": "aws_iam_role_policy.by_name", "mode": "managed", "type": "aws_iam_role_policy", "name": "by_name",
       "change": {"actions": ["create"], "after": {"role": "Named", "policy": "{\"Statement\":[]}"},
                  "after_unknown": {"id": true}}},
      {"address": "module.m.aws_iam_role_policy.by_ref", "mode": "managed", "type": "aws_iam_role_policy",
       "name": "by_ref",
       "change": {"actions": ["create"], "after": {"policy": "{\"Statement\":[]}"},
                  "after_unknown": {"id": true, "role": true}}},
      {"address": "aws_iam_role_policy.elsewhere", "mode": "managed", "type": "aws_iam_role_policy",
       "name": "elsewhere",
       "change": {"actions": ["create"], "after": {"role": "NotInThePlan", "policy": "{\"Statement\":[]}"},
                  "after_unknown": {"id": true}}}
    ],
    "prior_state": {"values": {"root_module": {"resources": [
      {"address": "data.aws_caller_identity.current", "mode": "data", "type": "aws_caller_identity",
       "name": "current", "values": {"account_id": "111122223333", "arn": "arn:aws:iam::111122223333:user/ci"}}]}}},
    "configuration": {"root_module": {"module_calls": {"m": {"module": {"resources": [
      {"address": "aws_iam_role_policy.by_ref", "type": "aws_iam_role_policy", "name": "by_ref",
       "expressions": {"role": {"references": ["aws_iam_role.r[0].id", "aws_iam_role.r"]}}}]}}}}}
  })");
  REQUIRE(doc.root);
  const auto found = iamsmith::locate_terraform_plan(*doc.root);
  REQUIRE(found.size() == 4);
  CHECK(found[0].context.role_arn == "arn:aws:iam::111122223333:role/svc/Named");  // its trust policy
  CHECK(found[1].label == "the policy of aws_iam_role_policy.by_name (role aws_iam_role.named)");
  CHECK(found[1].context.kind == PolicyKind::Identity);
  CHECK(found[1].context.role_arn == "arn:aws:iam::111122223333:role/svc/Named");
  CHECK(found[2].label == "the policy of module.m.aws_iam_role_policy.by_ref (role module.m.aws_iam_role.r[0])");
  CHECK(found[2].context.role_arn == "arn:aws:iam::111122223333:role/Referenced");
  CHECK(found[3].context.role_arn == "arn:aws:iam::111122223333:role/NotInThePlan");
  // The stack's account, when given, wins over the plan's caller; without either, no ARN is made up.
  iamsmith::LintContext stack;
  stack.account = "444455556666";
  stack.partition = "aws";
  CHECK(iamsmith::locate_terraform_plan(*doc.root, stack)[2].context.role_arn ==
        "arn:aws:iam::444455556666:role/Referenced");
  const auto bare = iamsmith::json::parse(R"({"format_version": "1.2", "terraform_version": "1.7.5",
    "resource_changes": [{"address": "aws_iam_role_policy.p", "mode": "managed", "type": "aws_iam_role_policy",
      "name": "p", "change": {"actions": ["create"], "after": {"role": "R", "policy": "{}"}, "after_unknown": {}}}]})");
  REQUIRE(bare.root);
  CHECK_FALSE(iamsmith::locate_terraform_plan(*bare.root)[0].context.role_arn);
}

TEST_CASE("locate: AWS CLI responses") {
  auto find = [](const char* text) {
    const auto doc = iamsmith::json::parse(text);
    REQUIRE(doc.root);
    const auto found = iamsmith::locate_aws_cli_response(*doc.root);
    std::vector<std::string> out;
    for (const auto& d : found) out.push_back(d.label + " @" + d.pointer);
    return out;
  };
  CHECK(find(R"({"Role": {"RoleName": "R", "Arn": "arn:aws:iam::111122223333:role/R",
                "AssumeRolePolicyDocument": {"Statement": []}}})") ==
        std::vector<std::string>{"the trust policy of role R @/Role/AssumeRolePolicyDocument"});
  CHECK(find(R"({"PolicyVersion": {"Document": "%7B%7D", "VersionId": "v3"}})") ==
        std::vector<std::string>{"policy version v3 @/PolicyVersion/Document"});
  CHECK(find(R"({"UserName": "u", "PolicyName": "p", "PolicyDocument": {}})") ==
        std::vector<std::string>{"inline policy \"p\" of user u @/PolicyDocument"});
  CHECK(find(R"({"stateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:S", "name": "S",
                "definition": "{}", "roleArn": "arn:aws:iam::123456789012:role/E"})") ==
        std::vector<std::string>{"the definition of state machine S @/definition"});
  CHECK(find(R"({
    "UserDetailList": [{"UserName": "u", "UserPolicyList": [{"PolicyName": "up", "PolicyDocument": {}}]}],
    "GroupDetailList": [{"GroupName": "g", "GroupPolicyList": [{"PolicyName": "gp", "PolicyDocument": {}}]}],
    "RoleDetailList": [{"RoleName": "r", "Arn": "arn:aws:iam::111122223333:role/r",
                        "AssumeRolePolicyDocument": {}, "RolePolicyList": [{"PolicyName": "rp", "PolicyDocument": {}}]}],
    "Policies": [{"PolicyName": "m", "DefaultVersionId": "v2", "PolicyVersionList": [
      {"VersionId": "v1", "IsDefaultVersion": false, "Document": {}},
      {"VersionId": "v2", "IsDefaultVersion": true, "Document": {}}]}]})") ==
        std::vector<std::string>{
            "the trust policy of role r @/RoleDetailList/0/AssumeRolePolicyDocument",
            "inline policy \"rp\" of role r @/RoleDetailList/0/RolePolicyList/0/PolicyDocument",
            "inline policy \"up\" of user u @/UserDetailList/0/UserPolicyList/0/PolicyDocument",
            "inline policy \"gp\" of group g @/GroupDetailList/0/GroupPolicyList/0/PolicyDocument",
            "managed policy m (default version v2) @/Policies/0/PolicyVersionList/1/Document",
        });
}

TEST_CASE("locate: URL-encoded and double-encoded documents decode, and every byte knows its origin") {
  const auto plain = iamsmith::decode_document_string("{\"a\": 1}");
  CHECK(plain.text == "{\"a\": 1}");
  CHECK(plain.notes.empty());

  const std::string url = "%7B%22Version%22%3A%222012-10-17%22%7D";
  const auto decoded = iamsmith::decode_document_string(url);
  CHECK(decoded.text == "{\"Version\":\"2012-10-17\"}");
  REQUIRE(decoded.notes.size() == 1);
  CHECK(decoded.notes[0].find("URL-encoded") != std::string::npos);
  REQUIRE(decoded.origins.size() == decoded.text.size() + 1);
  CHECK(decoded.origins[1] == 3);  // the first '"' came from "%22" at byte 3
  CHECK(decoded.origins[2] == 6);  // 'V'

  const std::string twice = "\"{\\\"Sid\\\": \\\"\\u00e9\\\"}\"";  // "{\"Sid\": \"\u00e9\"}"
  const auto unquoted = iamsmith::decode_document_string(twice);
  CHECK(unquoted.text == "{\"Sid\": \"\xC3\xA9\"}");
  REQUIRE(unquoted.notes.size() == 1);
  CHECK(unquoted.notes[0].find("double-encoded") != std::string::npos);
  CHECK(unquoted.origins[1] == 2);  // '"' from the escape \" at byte 2
  CHECK(unquoted.origins[9] == unquoted.origins[10]);  // both bytes of é from one \u escape

  // URL-encoded, then written as a JSON string: two layers, two notes.
  const auto both = iamsmith::decode_document_string("\"%7B%7D\"");
  CHECK(both.text == "{}");
  CHECK(both.notes.size() == 2);
  // Not a document: left as it is.
  CHECK(iamsmith::decode_document_string("arn:aws:s3:::b").text == "arn:aws:s3:::b");
}

// IAM percent-encodes as RFC 3986 says: a space is "%20" (a GetUserPolicy response on the wire,
// https://github.com/getmoto/moto/pull/8157, shows "%3A%20%222012-10-17%22"), and '+' is no
// space but a '+' (a role name may hold one). Form decoding would turn "a+b" into "a b".
TEST_CASE("locate: a '+' in a URL-encoded document stays a '+'; %20 is the space") {
  const auto decoded = iamsmith::decode_document_string(
      "%7B%22Version%22%3A%20%222012-10-17%22%2C%22Id%22%3A%22a+b%22%7D");
  CHECK(decoded.text == "{\"Version\": \"2012-10-17\",\"Id\":\"a+b\"}");
}
