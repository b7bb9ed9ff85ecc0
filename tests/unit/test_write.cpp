#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "iamsmith/load.hpp"
#include "iamsmith/policy.hpp"
#include "iamsmith/write.hpp"
#include "test_support.hpp"

namespace {

using iamsmith::Policy;

Policy load(std::string text) {
  iamsmith::LoadedPolicy loaded = iamsmith::load_policy_text(std::move(text), "<test>");
  REQUIRE(loaded.policy.has_value());
  return *loaded.policy;
}

std::string rewrite(std::string text) { return iamsmith::write_policy(load(std::move(text))); }

int principal_rank(iamsmith::PrincipalType type) {
  switch (type) {
    case iamsmith::PrincipalType::Aws: return 0;
    case iamsmith::PrincipalType::Service: return 1;
    case iamsmith::PrincipalType::Federated: return 2;
    case iamsmith::PrincipalType::CanonicalUser: return 3;
    case iamsmith::PrincipalType::Unknown: return 4;
  }
  return 4;
}

void principal_in_writer_order(std::optional<iamsmith::Principal>& principal) {
  if (!principal) return;
  std::stable_sort(principal->groups.begin(), principal->groups.end(),
                   [](const iamsmith::PrincipalGroup& a, const iamsmith::PrincipalGroup& b) {
                     return principal_rank(a.type) < principal_rank(b.type);
                   });
}

// Two things in the model record source order and take part in operator==, while the writer
// reorders on purpose: the key lists (Policy::keys, Statement::keys) and the order of principal
// types. The round trip therefore compares key lists as multisets and principal types in the
// writer's order; everything else (values, their order, scalar-or-array form) must be equal.
Policy in_writer_order(Policy policy) {
  const auto by_key = [](const iamsmith::KeySpan& a, const iamsmith::KeySpan& b) {
    return a.key < b.key;
  };
  std::stable_sort(policy.keys.begin(), policy.keys.end(), by_key);
  if (policy.statement) {
    for (iamsmith::Statement& statement : policy.statement->items) {
      std::stable_sort(statement.keys.begin(), statement.keys.end(), by_key);
      principal_in_writer_order(statement.principal);
      principal_in_writer_order(statement.not_principal);
    }
  }
  return policy;
}

// A policy built in memory has no key lists (nothing was read); compare without them.
Policy without_key_lists(Policy policy) {
  policy.keys.clear();
  if (policy.statement) {
    for (iamsmith::Statement& statement : policy.statement->items) statement.keys.clear();
  }
  return policy;
}

// Every hand-written writer policy and every corpus policy, sorted so that failures repeat.
std::vector<std::filesystem::path> test_policies() {
  std::vector<std::filesystem::path> paths;
  for (const char* folder : {"write", "corpus"}) {
    const std::filesystem::path dir = iamsmith::test::data_path(folder);
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.path().extension() == ".json") paths.push_back(entry.path());
    }
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

std::string relative_name(const std::filesystem::path& path) {
  return path.parent_path().filename().string() + "/" + path.filename().string();
}

}  // namespace

TEST_CASE("write: a small policy is written exactly") {
  const std::string text =
      R"({"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow",)"
      R"("Action":["s3:GetObject","s3:ListBucket"],"Resource":"arn:aws:s3:::bucket/*"}]})";
  CHECK(rewrite(text) == R"({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Read",
      "Effect": "Allow",
      "Action": [
        "s3:GetObject",
        "s3:ListBucket"
      ],
      "Resource": "arn:aws:s3:::bucket/*"
    }
  ]
}
)");
}

TEST_CASE("write: statement keys come out in canonical order") {
  const std::string text = R"({"Statement": [{
    "Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}},
    "NotResource": "arn:aws:s3:::secret/*",
    "Resource": "*",
    "NotAction": "iam:*",
    "Action": "s3:*",
    "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"},
    "Principal": {"AWS": "*"},
    "Effect": "Allow",
    "Sid": "Reordered"
  }], "Id": "Example", "Version": "2012-10-17"})";
  CHECK(rewrite(text) == R"({
  "Version": "2012-10-17",
  "Id": "Example",
  "Statement": [
    {
      "Sid": "Reordered",
      "Effect": "Allow",
      "Principal": {
        "AWS": "*"
      },
      "NotPrincipal": {
        "AWS": "arn:aws:iam::111122223333:root"
      },
      "Action": "s3:*",
      "NotAction": "iam:*",
      "Resource": "*",
      "NotResource": "arn:aws:s3:::secret/*",
      "Condition": {
        "StringEquals": {
          "aws:RequestedRegion": "eu-west-1"
        }
      }
    }
  ]
}
)");
}

TEST_CASE("write: a scalar stays a scalar and a one-element array stays an array") {
  const std::string written = rewrite(R"({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*",
    "Condition": {"StringEquals": {"aws:username": ["alice"], "aws:SourceAccount": "111122223333"}}
  }]})");
  CHECK(written.find("\"Action\": [\n        \"s3:GetObject\"\n      ],") != std::string::npos);
  CHECK(written.find("\"Resource\": \"*\",") != std::string::npos);
  CHECK(written.find("\"aws:username\": [\n            \"alice\"\n          ],") !=
        std::string::npos);
  CHECK(written.find("\"aws:SourceAccount\": \"111122223333\"\n") != std::string::npos);
}

TEST_CASE("write: a single statement object stays an object") {
  const std::string written =
      rewrite(R"({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*",
      "Resource": "*"}})");
  CHECK(written == R"({
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "Action": "*",
    "Resource": "*"
  }
}
)");
}

TEST_CASE("write: boolean and number condition values keep their JSON type") {
  const std::string written = rewrite(R"({"Version": "2012-10-17", "Statement": [{
    "Effect": "Deny", "Action": "*", "Resource": "*",
    "Condition": {
      "Bool": {"aws:SecureTransport": false, "aws:MultiFactorAuthPresent": [true, "true"]},
      "NumericGreaterThan": {"aws:MultiFactorAuthAge": 3600, "s3:max-keys": [1.5e3, -0.25]}
    }
  }]})");
  CHECK(written.find("\"aws:SecureTransport\": false,\n") != std::string::npos);
  CHECK(written.find("\"aws:MultiFactorAuthPresent\": [\n"
                     "            true,\n"
                     "            \"true\"\n") != std::string::npos);
  CHECK(written.find("\"aws:MultiFactorAuthAge\": 3600,") != std::string::npos);
  // A number is written as its source text, never reformatted.
  CHECK(written.find("            1.5e3,\n            -0.25\n") != std::string::npos);
}

TEST_CASE("write: strings are escaped as strict JSON") {
  const Policy policy = load(iamsmith::test::read_data("write/text.json"));
  const std::string written = iamsmith::write_policy(policy);
  CHECK(written.find(R"("s3:prefix": "quote \" backslash \\ slash / tab \t newline \n cr \r )"
                     R"(bell \u0007 unit \u001f del )"
                     "\x7f\"\n") != std::string::npos);
}

TEST_CASE("write: non-ASCII text is written as UTF-8, not escaped") {
  const std::string written = rewrite(iamsmith::test::read_data("write/text.json"));
  CHECK(written.find("\"aws:PrincipalTag/team\": \"Équipe données 日本 🚀\"") !=
        std::string::npos);
  // The source spelled these characters as \u escapes; the writer spells them as UTF-8.
  CHECK(written.find("\"Resource\": \"arn:aws:s3:::bucket/café/日本/*\"") != std::string::npos);
  CHECK(written.find("\\u00e9") == std::string::npos);
}

TEST_CASE("write: unknown keys are written after the known ones, in source order") {
  CHECK(rewrite(iamsmith::test::read_data("write/unknown_keys.json")) == R"({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "lambda:InvokeFunction",
      "Resource": "*",
      "Note": {
        "owner": "platform",
        "ticket": 1234,
        "ratio": -1.5e3,
        "tags": [
          "a",
          null,
          true,
          {}
        ],
        "empty": []
      },
      "Tags": "second unknown key"
    }
  ],
  "Comment": "kept after the known keys",
  "Metadata": {
    "generator": "hand-written"
  }
}
)");
}

TEST_CASE("write: principal types are written AWS, Service, Federated, CanonicalUser, others") {
  const std::string written = rewrite(R"({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {
      "Custom": "x", "CanonicalUser": "abc", "Federated": "accounts.google.com",
      "Other": ["y"], "Service": "states.amazonaws.com", "AWS": "111122223333"}},
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Principal": "*"}
  ]})");
  CHECK(written == R"({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {
        "AWS": "111122223333",
        "Service": "states.amazonaws.com",
        "Federated": "accounts.google.com",
        "CanonicalUser": "abc",
        "Custom": "x",
        "Other": [
          "y"
        ]
      },
      "Action": "sts:AssumeRole"
    },
    {
      "Effect": "Allow",
      "Principal": "*",
      "Action": "s3:GetObject",
      "Resource": "*"
    }
  ]
}
)");
}

TEST_CASE("write: empty arrays and objects are written as [] and {}") {
  const std::string written = rewrite(iamsmith::test::read_data("write/empty.json"));
  CHECK(written.find("\"Action\": [],") != std::string::npos);
  CHECK(written.find("\"Condition\": {}\n") != std::string::npos);
  CHECK(written.find("\"Principal\": {},") != std::string::npos);
  CHECK(written.find("\"Resource\": [],") != std::string::npos);
  CHECK(written.find("\"StringLike\": {}\n") != std::string::npos);
  CHECK(rewrite(R"({"Version": "2012-10-17", "Statement": []})") ==
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}\n");
  CHECK(rewrite("{}") == "{}\n");
}

TEST_CASE("write: a policy built in memory is written without source positions") {
  using iamsmith::make_string;
  iamsmith::Statement statement;
  statement.sid = make_string("InvokeTarget");
  statement.effect = make_string("Allow");
  statement.action = iamsmith::ValueList{{make_string("states:StartExecution")}, false, {}};
  statement.resource = iamsmith::ValueList{
      {make_string("arn:aws:states:eu-west-1:111122223333:stateMachine:Orders")}, true, {}};
  iamsmith::ConditionOperator op;
  op.name = "NumericLessThanEquals";
  iamsmith::Scalar age;
  age.type = iamsmith::json::Type::Number;
  age.text = "3600";
  op.entries.push_back({"aws:MultiFactorAuthAge", iamsmith::SourceSpan{},
                        iamsmith::ValueList{{age}, false, iamsmith::SourceSpan{}}});
  statement.condition = iamsmith::ConditionBlock{{op}, {}, {}};

  iamsmith::Principal principal;
  iamsmith::PrincipalGroup service;
  service.type = iamsmith::PrincipalType::Service;  // no key: the writer names the type
  service.values = iamsmith::ValueList{{make_string("states.amazonaws.com")}, false, {}};
  principal.groups.push_back(service);
  iamsmith::PrincipalGroup aws;
  aws.key = "AWS";
  aws.type = iamsmith::PrincipalType::Aws;
  aws.values = iamsmith::ValueList{{make_string("111122223333")}, true, {}};
  principal.groups.push_back(aws);
  statement.principal = principal;

  Policy policy;
  policy.version = make_string("2012-10-17");
  policy.statement = iamsmith::OneOrMany<iamsmith::Statement>{{statement}, true, {}};
  const std::string written = iamsmith::write_policy(policy);
  CHECK(written == R"({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "InvokeTarget",
      "Effect": "Allow",
      "Principal": {
        "AWS": [
          "111122223333"
        ],
        "Service": "states.amazonaws.com"
      },
      "Action": "states:StartExecution",
      "Resource": [
        "arn:aws:states:eu-west-1:111122223333:stateMachine:Orders"
      ],
      "Condition": {
        "NumericLessThanEquals": {
          "aws:MultiFactorAuthAge": 3600
        }
      }
    }
  ]
}
)");
  // Reading the text back gives the same policy, now with positions (which this ignores) and
  // with the "Service" key the writer supplied.
  iamsmith::PrincipalGroup& group = policy.statement->items[0].principal->groups[0];
  group.key = "Service";
  CHECK(iamsmith::equal_ignoring_positions(without_key_lists(load(written)), in_writer_order(policy)));
}

TEST_CASE("write: a list built without is_array is written as an array unless it has one item") {
  using iamsmith::make_string;
  iamsmith::Statement statement;
  statement.effect = make_string("Allow");
  statement.action = iamsmith::ValueList{{make_string("s3:GetObject"), make_string("s3:PutObject")},
                                         false, {}};
  statement.resource = iamsmith::ValueList{{}, false, {}};
  Policy policy;
  policy.statement = iamsmith::OneOrMany<iamsmith::Statement>{{statement}, false, {}};
  CHECK(iamsmith::write_policy(policy) == R"({
  "Statement": {
    "Effect": "Allow",
    "Action": [
      "s3:GetObject",
      "s3:PutObject"
    ],
    "Resource": []
  }
}
)");
}

TEST_CASE("write: equal policies give byte-identical text whatever their layout") {
  const std::string pretty = iamsmith::test::read_data("write/trust.json");
  std::string compact;
  bool in_string = false;
  for (std::size_t i = 0; i < pretty.size(); ++i) {
    const char c = pretty[i];
    if (c == '"' && (i == 0 || pretty[i - 1] != '\\')) in_string = !in_string;
    if (!in_string && (c == ' ' || c == '\n')) continue;
    compact.push_back(c);
  }
  REQUIRE(compact.find('\n') == std::string::npos);
  CHECK(iamsmith::equal_ignoring_positions(load(pretty), load(compact)));
  CHECK(rewrite(pretty) == rewrite(compact));
}

TEST_CASE("write: output ends with one newline and no line has trailing whitespace") {
  for (const std::filesystem::path& path : test_policies()) {
    INFO(relative_name(path));
    const std::string written =
        iamsmith::write_policy(load(iamsmith::test::read_data(relative_name(path))));
    REQUIRE(written.size() >= 2);
    CHECK(written.back() == '\n');
    CHECK(written[written.size() - 2] != '\n');
    CHECK(written.find(" \n") == std::string::npos);
    CHECK(written.find('\t') == std::string::npos);
    CHECK(written.find('\r') == std::string::npos);
  }
}

TEST_CASE("write: every test policy survives load, write, load and writing is a fixpoint") {
  const std::vector<std::filesystem::path> paths = test_policies();
  REQUIRE(paths.size() == 70);  // tests/data/write and tests/data/corpus: none may vanish unnoticed
  for (const std::filesystem::path& path : paths) {
    INFO(relative_name(path));
    iamsmith::LoadedPolicy first =
        iamsmith::load_policy_text(iamsmith::test::read_data(relative_name(path)), "first");
    REQUIRE(first.policy.has_value());
    REQUIRE(first.policy->type_mismatches.empty());
    const std::string written = iamsmith::write_policy(*first.policy);

    iamsmith::LoadedPolicy second = iamsmith::load_policy_text(written, "second");
    REQUIRE(second.policy.has_value());
    CHECK(second.document.extensions.empty());
    CHECK(second.document.duplicate_keys.empty());
    CHECK(iamsmith::equal_ignoring_positions(in_writer_order(*second.policy), in_writer_order(*first.policy)));
    CHECK(iamsmith::write_policy(*second.policy) == written);
  }
}
