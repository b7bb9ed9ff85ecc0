// Embedded documents: templates read into trees, the documents they hold linted at the
// template's positions, unknown values silent.

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "iamsmith/inputs.hpp"
#include "iamsmith/lint_paths.hpp"

namespace inputs = iamsmith::inputs;
namespace json = iamsmith::json;
using iamsmith::Diagnostic;
using iamsmith::LintSource;

namespace {

std::vector<Diagnostic> lint_text(const std::string& path, const std::string& text,
                                  iamsmith::LintPathsOptions options = {}) {
  const std::vector<LintSource> sources{{path, text}};
  iamsmith::LintRun run = iamsmith::lint_paths(sources, options);
  REQUIRE(run.reports.size() == 1);
  return run.reports.front().diagnostics;
}

const Diagnostic* find(const std::vector<Diagnostic>& ds, const std::string& id) {
  const auto it = std::find_if(ds.begin(), ds.end(), [&](const Diagnostic& d) { return d.rule_id == id; });
  return it == ds.end() ? nullptr : &*it;
}

bool has_rule_prefix(const std::vector<Diagnostic>& ds, const std::string& prefix) {
  return std::any_of(ds.begin(), ds.end(), [&](const Diagnostic& d) { return d.rule_id.rfind(prefix, 0) == 0; });
}

}  // namespace

TEST_CASE("map_string: each decoded byte of a JSON string maps to its escape in the container") {
  const std::string text = R"({"s": "a\"b\u00e9\nc"})";
  json::Document doc = json::parse(text);
  const json::Node& s = *doc.root->get("s");
  const inputs::MappedText m = inputs::map_string(doc.source, s);
  CHECK(m.text() == "a\"b\xC3\xA9\nc");
  CHECK(m.offset_of(0) == 7);   // a
  CHECK(m.offset_of(1) == 8);   // \" starts at 8
  CHECK(m.offset_of(2) == 10);  // b
  CHECK(m.offset_of(3) == 11);  // both bytes of é come from \u00e9
  CHECK(m.offset_of(4) == 11);
  CHECK(m.offset_of(5) == 17);  // \n
  CHECK(m.offset_of(6) == 19);  // c
}

TEST_CASE("parse_embedded_json: spans in the container's lines and columns, pointers from its root") {
  const std::string text = "{\n  \"Doc\": \"{\\\"Version\\\": \\\"2012-10-17\\\",\\n \\\"Statement\\\": 3}\"\n}";
  json::Document doc = json::parse(text);
  const json::Node& s = *doc.root->get("Doc");
  const json::Document inner = inputs::parse_embedded_json(inputs::map_string(doc.source, s), doc.source, "/Doc");
  REQUIRE(inner.root);
  const json::Node& statement = *inner.root->get("Statement");
  CHECK(statement.span.pointer == "/Doc/Statement");
  CHECK(statement.span.line == 2);
  CHECK(text.substr(statement.span.offset, 1) == "3");
  CHECK(statement.span.column == 58);
}

TEST_CASE("lint: a template's trust policy with Principal \"*\" is found at the template's position") {
  const std::string text = R"({
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "LambdaRole": {
      "Type": "AWS::IAM::Role",
      "Properties": {
        "AssumeRolePolicyDocument": {
          "Version": "2012-10-17",
          "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}]
        }
      }
    }
  }
})";
  const std::vector<Diagnostic> ds = lint_text("template.json", text);
  const Diagnostic* d = find(ds, "T001");
  REQUIRE(d != nullptr);
  CHECK(d->span.pointer == "/Resources/LambdaRole/Properties/AssumeRolePolicyDocument/Statement/0/Principal");
  CHECK(d->span.line == 9);
  CHECK(d->span.column == 58);
  // Not linted as one policy: no "missing Version" or "unknown element" findings on the template.
  CHECK(find(ds, "P005") == nullptr);
  CHECK(find(ds, "P006") == nullptr);
  CHECK(find(ds, "P017") == nullptr);
}

TEST_CASE("lint: an ARN built with Fn::Sub and ${AWS::Partition} is unknown, never an ARN finding") {
  const std::string text = R"({
  "Resources": {
    "P": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": {
        "PolicyDocument": {
          "Version": "2012-10-17",
          "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
                         "Resource": [{"Fn::Sub": "arn:${AWS::Partition}:s3:::${Bucket}/*"},
                                      {"Fn::GetAtt": ["Bucket", "Arn"]}]}]
        }
      }
    }
  }
})";
  const std::vector<Diagnostic> ds = lint_text("t.json", text);
  CHECK_FALSE(has_rule_prefix(ds, "A"));
  CHECK_FALSE(has_rule_prefix(ds, "P"));
  CHECK_FALSE(has_rule_prefix(ds, "X"));
}

TEST_CASE("lint: with --partition the same Fn::Sub resolves, and a wrong ARN is found") {
  const std::string text = R"({
  "Resources": {
    "P": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": {
        "PolicyDocument": {
          "Version": "2012-10-17",
          "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
                         "Resource": {"Fn::Sub": "arn:${AWS::Partition}:s3:us-east-1:123:bucket/*"}}]
        }
      }
    }
  }
})";
  iamsmith::LintPathsOptions options;
  options.context.partition = "aws";
  const std::vector<Diagnostic> ds = lint_text("t.json", text, options);
  CHECK(has_rule_prefix(ds, "A"));
}
