// Edge cases of the D rules (AWS's action catalogue): D001 unknown-service ... D005
// condition-key-not-applicable. They run on tests/data/iam-data-fixture.tsv, a five-service extract
// of the real snapshot, so that what they assert does not move when the snapshot is updated.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "../test_support.hpp"
#include "iamsmith/iamdata.hpp"
#include "rule_test_support.hpp"

namespace {

using iamsmith::LintContext;
using iamsmith::test::catches;
using iamsmith::test::catches_not;
using iamsmith::test::findings_of;

const iamsmith::iamdata::Catalog& fixture() {
  static const std::shared_ptr<const iamsmith::iamdata::Catalog> kCatalog = [] {
    iamsmith::iamdata::DataError error;
    auto catalog = iamsmith::iamdata::Catalog::from_text(iamsmith::test::read_data("iam-data-fixture.tsv"),
                                                         "iam-data-fixture.tsv", error);
    if (!catalog) FAIL("the fixture does not load: line ", error.line, ": ", error.message);
    return catalog;
  }();
  return *kCatalog;
}

LintContext data() {
  LintContext context;
  context.catalog = &fixture();
  return context;
}

// One statement: Effect, Action (a JSON value), Resource (a JSON value) and optional extra members.
std::string statement(std::string_view action, std::string_view resource, std::string_view extra = "",
                      std::string_view effect = "Allow") {
  return R"j({"Version":"2012-10-17","Statement":[{"Effect":")j" + std::string(effect) + R"j(","Action":)j" +
         std::string(action) + R"j(,"Resource":)j" + std::string(resource) + std::string(extra) + "}]}";
}

std::string all_text(std::string_view rule, std::string_view doc) {
  std::string out;
  for (const auto& d : findings_of(rule, doc, data())) {
    out += d.message + "\n";
    for (const auto& n : d.notes) out += "  " + n.message + "\n";
  }
  return out;
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// Each finding of `rule` as "pointer: message"; `with_message` false: the pointers alone.
std::vector<std::string> of_rule(const std::vector<iamsmith::Diagnostic>& found, std::string_view rule,
                                 bool with_message) {
  std::vector<std::string> out;
  for (const auto& d : found) {
    if (d.rule_id == rule) out.push_back(with_message ? d.span.pointer + ": " + d.message : d.span.pointer.str());
  }
  return out;
}

}  // namespace

TEST_CASE("D: the fixture is the extract the tests expect") {
  const auto& c = fixture();
  CHECK(c.service_prefixes().size() == 5);
  REQUIRE(c.action("s3:GetObject") != nullptr);
  CHECK(c.action("S3:getobject") == c.action("s3:GetObject"));
  CHECK(c.action("s3:ListAllMyBuckets")->wildcard_only());
  CHECK(c.global_key("aws:RequestTag/Team") != nullptr);
  CHECK(c.condition_key("s3:ExistingObjectTag/team") != nullptr);
}

TEST_CASE("D: every rule is silent on documents it cannot judge") {
  for (const std::string_view id : {"D001", "D002", "D003", "D004", "D005", "D006"}) {
    CAPTURE(id);
    catches_not(id, "not json", data());
    catches_not(id, R"j({"Statement": 3})j", data());
    catches_not(id, R"j({"Version":"2012-10-17","Statement":[{"Effect":"Allow"}]})j", data());
    catches_not(id, statement(R"j(["s3", 42, "", ":x", "s3:", "a:b:c"])j", R"j("*")j"), data());
  }
}

// ------------------------------------------------------------------------------------------ D001

TEST_CASE("D001: a misspelt service prefix, with the corrected action") {
  const std::string doc = statement(R"j(["s3:GetObject","lamda:InvokeFunction"])j", R"j("*")j");
  catches("D001", doc, "/Statement/0/Action/1", data());
  CHECK(contains(all_text("D001", doc), "did you mean \"lambda:InvokeFunction\"?"));
  CHECK(contains(all_text("D001", doc), "service prefix \"lamda\""));
  // A far-off prefix gets no suggestion but is still reported.
  const std::string far = statement(R"j("frobnicator:Go")j", R"j("*")j");
  catches("D001", far, "/Statement/0/Action", data());
  CHECK_FALSE(contains(all_text("D001", far), "did you mean"));
}

TEST_CASE("D001: NotAction entries are checked too, and say what the typo does there") {
  const std::string doc =
      R"j({"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["iamm:CreateUser"],"Resource":"*"}]})j";
  catches("D001", doc, "/Statement/0/NotAction/0", data());
  CHECK(contains(all_text("D001", doc), "excludes nothing"));
}

TEST_CASE("D001: silent on known services in any case, on patterns and on D002's cases") {
  catches_not("D001", statement(R"j(["S3:GetObject","LAMBDA:invokefunction","sts:AssumeRole"])j", R"j("*")j"),
              data());
  catches_not("D001", statement(R"j(["lamda:*","*","s3:Get*"])j", R"j("*")j"), data());  // D003's
  catches_not("D001", statement(R"j("s3:GetObjects")j", R"j("*")j"), data());            // D002's
}

// ------------------------------------------------------------------------------------------ D002

TEST_CASE("D002: a misspelt action, with did-you-mean ignoring case") {
  const std::string doc = statement(R"j(["lambda:InvokeFunctions"])j", R"j("*")j");
  catches("D002", doc, "/Statement/0/Action/0", data());
  const std::string text = all_text("D002", doc);
  CHECK(contains(text, "did you mean \"lambda:InvokeFunction\"?"));
  CHECK(contains(text, "AWS Lambda (lambda) has no action \"InvokeFunctions\""));
  CHECK(contains(text, "2026-09-26"));  // the snapshot the verdict rests on
  CHECK(contains(all_text("D002", statement(R"j("s3:getobjekt")j", R"j("*")j")), "\"s3:GetObject\""));
}

TEST_CASE("D002: in a Deny and in NotAction") {
  catches("D002", statement(R"j("iam:DeleteRoles")j", R"j("*")j", "", "Deny"), "/Statement/0/Action", data());
  catches(
      "D002",
      R"j({"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":["sts:AssumeRol"],"Resource":"*"}]})j",
      "/Statement/0/NotAction/0", data());
}

TEST_CASE("D002: silent on real actions, patterns and unknown services") {
  catches_not(
      "D002",
      statement(R"j(["lambda:invokefunction","s3:PutObjectTagging","ec2:DescribeVpcs"])j", R"j("*")j"),
      data());
  catches_not("D002", statement(R"j(["s3:Gett*","lamda:InvokeFunction"])j", R"j("*")j"), data());
}

// ------------------------------------------------------------------------------------------ D003

TEST_CASE("D003: a pattern that matches nothing") {
  const std::string doc = statement(R"j(["s3:Get*","s3:Gett*"])j", R"j("*")j");
  catches("D003", doc, "/Statement/0/Action/1", data());
  CHECK(findings_of("D003", doc, data()).size() == 1);
  catches("D003", statement(R"j("lambda:Invoke?")j", R"j("*")j"), "/Statement/0/Action", data());
  catches("D003", statement(R"j("*:Frobnicate*")j", R"j("*")j"), "/Statement/0/Action", data());
  const std::string service = statement(R"j("lamda:*")j", R"j("*")j");
  catches("D003", service, "/Statement/0/Action", data());
  const std::string text = all_text("D003", service);
  CHECK(contains(text, "AWS has no service \"lamda\""));
  CHECK(contains(text, "did you mean \"lambda:*\"?"));
}

TEST_CASE("D003: silent on patterns that match, in any case, and on literals") {
  catches_not("D003",
              statement(R"j(["*","*:*","s*:*","S3:get*","lambda:Invoke*","ec2:*Vpc?","iam:*Role*","s3:*"])j",
                        R"j("*")j"),
              data());
  catches_not("D003", statement(R"j("s3:GetObjects")j", R"j("*")j"), data());
}

// ------------------------------------------------------------------------------------------ D004

TEST_CASE("D004: an object action on a bucket ARN, and the reverse mistake's limit") {
  const std::string doc = statement(R"j("s3:GetObject")j", R"j("arn:aws:s3:::reports")j");
  catches("D004", doc, "/Statement/0/Resource", data());
  const std::string text = all_text("D004", doc);
  CHECK(contains(text, "s3:GetObject acts on"));
  CHECK(contains(text, "arn:${Partition}:s3:::${BucketName}/${ObjectName}"));
  CHECK(contains(text, "grants nothing"));
  catches("D004", statement(R"j(["s3:PutBucketPolicy","s3:PutBucketTagging"])j", R"j(["arn:aws:s3:::b/*"])j"),
          "/Statement/0/Resource/0", data());
}

TEST_CASE("D004: ARNs of another service, and every Resource is reported") {
  const std::string doc = statement(
      R"j("lambda:InvokeFunction")j",
      R"j(["arn:aws:states:us-east-1:111122223333:stateMachine:Orders","arn:aws:sqs:us-east-1:111122223333:q"])j");
  catches("D004", doc, "/Statement/0/Resource/0", data());
  catches("D004", doc, "/Statement/0/Resource/1", data());
  catches("D004",
          statement(R"j("ec2:TerminateInstances")j", R"j("arn:aws:ec2:us-east-1:111122223333:vpc/*")j"),
          "/Statement/0/Resource", data());
  catches("D004", statement(R"j("iam:CreateRole")j", R"j("arn:aws:iam::111122223333:user/u")j", "", "Deny"),
          "/Statement/0/Resource", data());
}

TEST_CASE("D004: fires only when the whole statement matches nothing") {
  // One good resource, or one action that fits, is enough (the dead action is D006's).
  catches_not("D004",
              statement(R"j("s3:GetObject")j", R"j(["arn:aws:s3:::reports","arn:aws:s3:::reports/*"])j"),
              data());
  catches_not("D004", statement(R"j(["s3:GetObject","s3:ListBucket"])j", R"j("arn:aws:s3:::reports")j"),
              data());
  catches_not("D004", statement(R"j(["s3:Get*"])j", R"j("arn:aws:s3:::reports")j"),
              data());  // GetBucketPolicy
}

TEST_CASE("D006: statements whose actions all fit") {
  // One good resource is enough for the statement; a leftover ARN is harmless.
  catches_not("D006",
              statement(R"j("s3:GetObject")j", R"j(["arn:aws:s3:::reports","arn:aws:s3:::reports/*"])j"),
              data());
  catches_not("D006", statement(R"j(["s3:Get*"])j", R"j("arn:aws:s3:::reports")j"),
              data());  // GetBucketPolicy
  catches_not("D006", statement(R"j(["s3:GetObject","s3:ListBucket"])j",
                                R"j(["arn:aws:s3:::reports","arn:aws:s3:::reports/*"])j"),
              data());
  // A dead statement is D004's alone.
  catches_not("D006", statement(R"j("s3:GetObject")j", R"j("arn:aws:s3:::reports")j"), data());
}

TEST_CASE("D006: each action that fits none of the statement's resources, at its position") {
  // ListBucket fits the bucket; GetObject fits nothing here (Parliament's RESOURCE_MISMATCH is per
  // action too: "No resource match for ... which requires a resource format of ...").
  const std::string doc = statement(R"j(["s3:ListBucket","s3:GetObject"])j", R"j("arn:aws:s3:::reports")j");
  catches("D006", doc, "/Statement/0/Action/1", data());
  const auto found = findings_of("D006", doc, data());
  REQUIRE(found.size() == 1);
  CHECK(found.front().span.line > 0);
  const std::string text = all_text("D006", doc);
  CHECK(contains(text, "action \"s3:GetObject\" acts on no resource that this statement's Resource names"));
  CHECK(contains(text, "arn:${Partition}:s3:::${BucketName}/${ObjectName}"));
  // Two dead actions, two findings; a Deny says what it fails to deny.
  const std::string two = statement(R"j(["s3:PutObject","lambda:InvokeFunction","s3:ListBucket"])j",
                                    R"j("arn:aws:s3:::reports")j", "", "Deny");
  catches("D006", two, "/Statement/0/Action/0", data());
  catches("D006", two, "/Statement/0/Action/1", data());
  CHECK(findings_of("D006", two, data()).size() == 2);
  CHECK(contains(all_text("D006", two), "denies nothing through it"));
}

TEST_CASE("D006: a pattern is dead only when none of its actions fits") {
  // "s3:Get*" holds bucket actions (GetBucketPolicy): alive on a bucket ARN.
  catches_not("D006", statement(R"j(["s3:Get*","s3:ListBucket"])j", R"j("arn:aws:s3:::reports")j"), data());
  // "lambda:Invoke*" acts on functions only: dead on a bucket next to a bucket action.
  const std::string doc = statement(R"j(["lambda:Invoke*","s3:ListBucket"])j", R"j("arn:aws:s3:::reports")j");
  catches("D006", doc, "/Statement/0/Action/0", data());
  CHECK(contains(all_text("D006", doc), "actions that \"lambda:Invoke*\" matches acts on a resource"));
}

TEST_CASE("D006: actions without resource-level permissions are not judged, their neighbours are") {
  // ListAllMyBuckets is not known to accept or refuse the ARN; GetObject cannot act on a bucket.
  const std::string doc =
      statement(R"j(["s3:ListAllMyBuckets","s3:GetObject"])j", R"j("arn:aws:s3:::reports")j");
  catches("D006", doc, "/Statement/0/Action/1", data());
  CHECK(findings_of("D006", doc, data()).size() == 1);
}

TEST_CASE("D004: wildcards, variables and case are honoured") {
  catches_not("D004",
              statement(R"j(["s3:GetObject","s3:PutObject"])j",
                        R"j(["arn:aws:s3:::reports*","arn:aws:s3:::${aws:username}","arn:aws:s3:::*",
                            "arn:*:s3:::b?/k"])j"),
              data());
  catches_not(
      "D004",
      statement(R"j("lambda:InvokeFunction")j",
                R"j(["arn:aws:lambda:*:*:function:*","arn:aws:lambda:us-east-1:1:function:f:prod"])j"),
      data());
  catches_not("D004",
              statement(R"j("lambda:InvokeFunction")j", R"j("arn:aws:lambda:us-east-1:1:FUNCTION:f")j"),
              data());
  catches_not("D004",
              statement(R"j("iam:PassRole")j", R"j("arn:aws:iam::${aws:PrincipalAccount}:role/app-*")j"),
              data());
  catches_not("D004", statement(R"j("s3:GetObject")j", R"j("arn:aws:s3:*")j"), data());
  // A misplaced region or account is A005's finding, not this rule's.
  catches_not("D004", statement(R"j("s3:GetObject")j", R"j("arn:aws:s3:us-east-1:111122223333:b/*")j"),
              data());
  catches_not("D004", statement(R"j("lambda:InvokeFunction")j", R"j("arn:aws:lambda:::function:f")j"),
              data());
}

TEST_CASE("D004: statements it leaves alone") {
  // "*" fits everything; a non-ARN is A001's; NotResource and NotAction name what is left out.
  catches_not("D004", statement(R"j("s3:GetObject")j", R"j(["arn:aws:s3:::reports","*"])j"), data());
  catches_not("D004", statement(R"j("s3:GetObject")j", R"j("reports")j"), data());
  catches_not(
      "D004",
      R"j({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","NotResource":"arn:aws:s3:::x"}]})j",
      data());
  catches_not(
      "D004",
      R"j({"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"s3:GetObject","Resource":"arn:aws:s3:::x"}]})j",
      data());
  // Actions without resource-level permissions: AWS's own policies pair them with ARNs.
  catches_not("D004", statement(R"j(["s3:ListAllMyBuckets","s3:GetObject"])j", R"j("arn:aws:s3:::*")j"),
              data());
  catches_not("D004", statement(R"j("iam:ListRoles")j", R"j("arn:aws:iam::*:role/*")j"), data());
  // Unknown actions (D002) and patterns over services make the statement's actions unknown.
  catches_not("D004", statement(R"j(["s3:GetObjekt","s3:GetObject"])j", R"j("arn:aws:s3:::b")j"), data());
  catches_not("D004", statement(R"j("*:GetObject")j", R"j("arn:aws:s3:::b")j"), data());
}

// ------------------------------------------------------------------------------------------ D005

TEST_CASE("D005: a service key none of the statement's actions supports") {
  const std::string doc = statement(R"j("s3:GetObject")j", R"j("arn:aws:s3:::b/*")j",
                                    R"j(,"Condition":{"StringLike":{"s3:prefix":"home/*"}})j");
  catches("D005", doc, "/Statement/0/Condition/StringLike/s3:prefix", data());
  const std::string text = all_text("D005", doc);
  CHECK(contains(text, "applies to none of the statement's actions (s3:GetObject)"));
  CHECK(contains(text, "s3:prefix is set for s3:ListBucket"));
  catches("D005",
          statement(R"j(["lambda:InvokeFunction"])j", R"j("*")j",
                    R"j(,"Condition":{"StringEquals":{"iam:PassedToService":"lambda.amazonaws.com"}})j"),
          "/Statement/0/Condition/StringEquals/iam:PassedToService", data());
}

TEST_CASE("D005: keys of the actions, of their resource types, templates and other prefixes are fine") {
  // Each key is supported by every action it is checked for (a key only some of the actions
  // support is reported at the others: see test_c_condition_semantics.cpp).
  catches_not("D005",
              statement(R"j(["s3:ListBucket"])j", R"j("*")j",
                        R"j(,"Condition":{"StringLike":{"s3:prefix":"a/*",
                            "s3:BucketTag/env":"prod","aws:SourceVpc":"vpc-1","aws:ResourceTag/x":"y"}})j"),
              data());
  catches_not("D005",
              statement(R"j(["s3:GetObject"])j", R"j("*")j",
                        R"j(,"Condition":{"StringLike":{"S3:ExistingObjectTag/team":"x","aws:SourceVpc":"vpc-1"}})j"),
              data());
  catches_not(
      "D005",
      statement(
          R"j("iam:PassRole")j", R"j("*")j",
          R"j(,"Condition":{"StringEquals":{"iam:PassedToService":"states.amazonaws.com","iam:ResourceTag/t":"v"}})j"),
      data());
  // Global keys with a service prefix, identity-provider keys, unknown keys (C003) and prefixes
  // that are no service.
  catches_not(
      "D005",
      statement(R"j("s3:GetObject")j", R"j("*")j",
                R"j(,"Condition":{"StringEquals":{"ec2:SourceInstanceArn":"x","saml:aud":"y","s3:prefx":"z",
                            "acme:thing":"w"}})j"),
      data());
}

TEST_CASE("D005: statements whose actions are not all known are left alone") {
  const std::string key = R"j(,"Condition":{"StringLike":{"s3:prefix":"a/*"}})j";
  catches_not("D005", statement(R"j(["s3:GetObject","s3:GetObjekt"])j", R"j("*")j", key), data());
  catches_not("D005", statement(R"j("*")j", R"j("*")j", key), data());
  catches_not(
      "D005",
      R"j({"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"s3:GetObject","Resource":"*",
                  "Condition":{"StringLike":{"s3:prefix":"a/*"}}}]})j",
      data());
  // A pattern that reaches an action with the key is enough.
  catches_not("D005", statement(R"j("s3:List*")j", R"j("*")j", key), data());
}

// ------------------------------------------------------------------------------------------ real data

TEST_CASE("D: the built-in snapshot knows the services and actions iamsmith's users call") {
  const auto& c = iamsmith::iamdata::Catalog::builtin();
  CHECK(c.service_prefixes().size() >= 400);
  CHECK(c.action_count() >= 20000);
  for (const char* action :
       {"states:StartExecution", "lambda:InvokeFunction", "sts:AssumeRole", "iam:PassRole", "s3:GetObject",
        "sqs:SendMessage", "dynamodb:PutItem", "events:PutEvents"}) {
    CAPTURE(action);
    CHECK(c.action(action) != nullptr);
  }
  CHECK(c.global_key("aws:SourceArn") != nullptr);
  // The rules run on it by default.
  catches("D002", statement(R"j("lambda:InvokeFunctions")j", R"j("*")j"), "/Statement/0/Action");
  catches_not("D002", statement(R"j("states:StartSyncExecution")j", R"j("*")j"));
}

TEST_CASE("D004, D006: a whole run reports what each rule reports alone") {
  // A whole run shares one pass over each statement between D004 and D006 (rules/document_facts.hpp);
  // `--select D006` runs the rule on its own. Statements that are dead, partly dead, repeated, alive,
  // and not judged at all (NotResource, "*"), so that a fact of one statement given to another shows.
  const std::string doc = R"j({"Version":"2012-10-17","Statement":[
    {"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports"},
    {"Effect":"Allow","Action":["s3:ListBucket","s3:GetObject"],"Resource":"arn:aws:s3:::reports"},
    {"Effect":"Allow","Action":["s3:ListBucket","s3:GetObject"],"Resource":"arn:aws:s3:::reports/*"},
    {"Effect":"Allow","Action":"s3:GetObject","NotResource":"arn:aws:s3:::reports"},
    {"Effect":"Deny","Action":["lambda:Invoke*","s3:ListBucket"],"Resource":["*"]},
    {"Effect":"Deny","Action":["lambda:Invoke*","s3:ListBucket"],"Resource":"arn:aws:s3:::reports"},
    {"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports"}]})j";
  const iamsmith::LoadedPolicy loaded = iamsmith::load_policy_text(doc, "test.json");
  iamsmith::RuleSelection selection;
  selection.select = {"D004", "D006"};
  const auto whole = iamsmith::lint_document(loaded, data(), selection).diagnostics;
  for (const std::string_view id : {"D004", "D006"}) {
    CAPTURE(id);
    CHECK(of_rule(whole, id, true) == of_rule(findings_of(id, doc, data()), id, true));
  }
  CHECK(of_rule(whole, "D004", false) == std::vector<std::string>{"/Statement/0/Resource", "/Statement/6/Resource"});
  // ListBucket on an object ARN, GetObject on a bucket ARN, a function pattern on a bucket ARN.
  CHECK(of_rule(whole, "D006", false) ==
        std::vector<std::string>{"/Statement/1/Action/1", "/Statement/2/Action/0", "/Statement/5/Action/0"});
}

TEST_CASE("D001, D002, D003: a whole run reports what each rule reports alone") {
  // A whole run classifies each Action and NotAction value once for the three rules
  // (rules/document_facts.hpp, DocumentFacts::action_values); `--select D002` runs one on its own.
  // Every kind of value, in Action and NotAction, repeated across statements, and a non-string.
  const std::string doc = R"j({"Version":"2012-10-17","Statement":[
    {"Effect":"Allow","Action":["lamda:InvokeFunction","s3:GetObjekt","s3:Gett*","s3:GetObject"],"Resource":"*"},
    {"Effect":"Deny","NotAction":["s3:GetObjekt","lamda:*","S3:getobject"],"Resource":"*"},
    {"Effect":"Allow","Action":[7,"s3:Gett*","*","lamda:InvokeFunction","lambda:Invoke*"],"Resource":"*"},
    {"Effect":"Allow","Action":"s3:PutObjekt","Resource":"*"}]})j";
  const iamsmith::LoadedPolicy loaded = iamsmith::load_policy_text(doc, "test.json");
  iamsmith::RuleSelection selection;
  selection.select = {"D001", "D002", "D003"};
  const auto whole = iamsmith::lint_document(loaded, data(), selection).diagnostics;
  for (const std::string_view id : {"D001", "D002", "D003"}) {
    CAPTURE(id);
    CHECK(of_rule(whole, id, true) == of_rule(findings_of(id, doc, data()), id, true));
  }
  CHECK(of_rule(whole, "D001", false) ==
        std::vector<std::string>{"/Statement/0/Action/0", "/Statement/2/Action/3"});
  CHECK(of_rule(whole, "D002", false) ==
        std::vector<std::string>{"/Statement/0/Action/1", "/Statement/1/NotAction/0", "/Statement/3/Action"});
  CHECK(of_rule(whole, "D003", false) == std::vector<std::string>{"/Statement/0/Action/2",
                                                                  "/Statement/1/NotAction/1",
                                                                  "/Statement/2/Action/1"});
}
