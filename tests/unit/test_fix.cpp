// lint --fix: the rules' mechanical fixes make strict JSON that AWS accepts, change nothing else
// a JSON reader sees, and leave alone what they cannot fix safely.

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "iamsmith/diff.hpp"
#include "iamsmith/fix.hpp"
#include "iamsmith/json.hpp"
#include "iamsmith/lint.hpp"
#include "iamsmith/load.hpp"

namespace {

using iamsmith::Diagnostic;
using iamsmith::FixOutcome;
using iamsmith::LoadedPolicy;

// The text after one --fix: lint, fix what can be fixed.
FixOutcome fix_text(const std::string& text, const std::string& path = "policy.json") {
  const LoadedPolicy loaded = iamsmith::load_policy_text(text, path);
  const std::vector<Diagnostic> findings = iamsmith::lint(loaded, {});
  return iamsmith::fix_findings(loaded, findings);
}

std::vector<std::string> ids_of(const std::string& text) {
  const LoadedPolicy loaded = iamsmith::load_policy_text(text, "policy.json");
  std::vector<std::string> ids;
  for (const Diagnostic& d : iamsmith::lint(loaded, {})) ids.push_back(d.rule_id);
  return ids;
}

bool has(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

constexpr const char* kCommented =
    "{\n"
    "  // who may read the bucket\n"
    "  \"Version\": \"2012-10-17\",\n"
    "  \"Statement\": [\n"
    "    {\n"
    "      \"Sid\": \"Read\",\n"
    "      \"Effect\": \"Allow\",\n"
    "      \"Action\": [\"s3:GetObject\", /* and list */ \"s3:ListBucket\",],\n"
    "      \"Resource\": \"arn:aws:s3:::reports/*\"  // the reports\n"
    "    },\n"
    "  ]\n"
    "}\n";

}  // namespace

TEST_CASE("fix: comments and trailing commas are deleted with the blanks they leave") {
  const FixOutcome out = fix_text(kCommented);
  CHECK(out.refused.empty());
  CHECK(out.left == 0);
  CHECK(out.fixed.size() == 5);
  CHECK(out.text ==
        "{\n"
        "  \"Version\": \"2012-10-17\",\n"
        "  \"Statement\": [\n"
        "    {\n"
        "      \"Sid\": \"Read\",\n"
        "      \"Effect\": \"Allow\",\n"
        "      \"Action\": [\"s3:GetObject\", \"s3:ListBucket\"],\n"
        "      \"Resource\": \"arn:aws:s3:::reports/*\"\n"
        "    }\n"
        "  ]\n"
        "}\n");
  // Strict JSON now: no P002 left, the same tree.
  const iamsmith::json::Document before = iamsmith::json::parse(kCommented);
  const iamsmith::json::Document after = iamsmith::json::parse(out.text);
  CHECK(after.extensions.empty());
  CHECK(iamsmith::json::to_json(*after.root) == iamsmith::json::to_json(*before.root));
  CHECK_FALSE(has(ids_of(out.text), "P002"));
}

TEST_CASE("fix: a byte-order mark is removed") {
  const std::string text = "\xEF\xBB\xBF{\"Version\": \"2012-10-17\", \"Statement\": []}\n";
  const FixOutcome out = fix_text(text);
  CHECK(out.fixed.size() == 1);
  CHECK(out.text == text.substr(3));
}

TEST_CASE("fix: a missing Version is added first, indented as the policy is") {
  const FixOutcome out = fix_text(
      "{\n    \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]\n}\n");
  CHECK(out.fixed.size() == 1);
  CHECK(out.text ==
        "{\n    \"Version\": \"2012-10-17\",\n"
        "    \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]\n}\n");
  CHECK_FALSE(has(ids_of(out.text), "P005"));
  // A file with CRLF line ends keeps them.
  const FixOutcome crlf = fix_text("{\r\n  \"Statement\": []\r\n}\r\n");
  CHECK(crlf.text == "{\r\n  \"Version\": \"2012-10-17\",\r\n  \"Statement\": []\r\n}\r\n");
  // On one line it goes before the first key.
  const FixOutcome one_line = fix_text("{ \"Statement\": [] }");
  CHECK(one_line.text == "{ \"Version\": \"2012-10-17\", \"Statement\": [] }");
}

TEST_CASE("fix: semantics are left alone") {
  // "2008-10-17" was written out: changing it changes what variables mean, so P005 stays.
  const std::string old_version =
      "{\"Version\": \"2008-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", "
      "\"Resource\": \"arn:aws:s3:::home/${aws:username}/*\"}]}";
  REQUIRE(has(ids_of(old_version), "P005"));
  const FixOutcome kept = fix_text(old_version);
  CHECK(kept.fixed.empty());
  CHECK(kept.text == old_version);
  // A lowercase "version" key is an unknown element, not a Version to add beside.
  const FixOutcome lower = fix_text("{\"version\": \"2012-10-17\", \"Statement\": []}");
  CHECK(lower.text.find("\"Version\"") == std::string::npos);
}

TEST_CASE("fix: YAML and text that is not JSON are not fixed") {
  const std::string yaml = "Statement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: '*'\n";
  const LoadedPolicy loaded = iamsmith::load_policy_text(yaml, "policy.yaml");
  CHECK_FALSE(iamsmith::fixable_file(loaded));
  const FixOutcome out = iamsmith::fix_findings(loaded, iamsmith::lint(loaded, {}));
  CHECK(out.fixed.empty());
  CHECK(out.text == yaml);
  CHECK_FALSE(iamsmith::fixable_file(iamsmith::load_policy_text("{\"Statement\": [} // broken", "p.json")));
}

TEST_CASE("fix: deletions that overlap are made as one, in one run") {
  const std::string text = "[1, 2]";
  std::vector<iamsmith::TextEdit> edits{{4, 1, "3"}, {0, 0, " "}};
  CHECK(iamsmith::apply_edits(text, edits) == " [1, 3]");
  // Two comments on one line: each one's deletion takes the blanks between them.
  const FixOutcome out = fix_text("{\"Version\": \"2012-10-17\", \"Statement\": [] /* a */ /* b */\n}\n");
  CHECK(out.fixed.size() == 2);
  CHECK(out.left == 0);
  CHECK(out.text == "{\"Version\": \"2012-10-17\", \"Statement\": []\n}\n");
  // Three on a line of their own, and a trailing comma after them: the line goes.
  const FixOutcome line = fix_text("{\"Version\": \"2012-10-17\",\n  /* a */ /* b */ // c\n  \"Statement\": [],\n}\n");
  CHECK(line.left == 0);
  CHECK(line.text == "{\"Version\": \"2012-10-17\",\n  \"Statement\": []\n}\n");
  CHECK(fix_text(line.text).fixed.empty());
}

TEST_CASE("fix: many fixes in one file are each made once") {
  // A long policy with a comment on every line: every one is fixed in one run (the collision
  // check does not grow with the square of their number).
  std::string text = "{\"Version\": \"2012-10-17\", \"Statement\": [\n";
  std::string expected = text;
  for (int i = 0; i < 2000; ++i) {
    const std::string statement = "{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::b" +
                                  std::to_string(i) + "/*\"}" + (i + 1 < 2000 ? "," : "");
    text += statement + " // " + std::to_string(i) + "\n";
    expected += statement + "\n";
  }
  text += "]}\n";
  expected += "]}\n";
  const FixOutcome out = fix_text(text);
  CHECK(out.fixed.size() == 2000);
  CHECK(out.left == 0);
  CHECK(out.text == expected);
}

TEST_CASE("fix: tidy_deletion takes the blanks a deletion would leave") {
  using iamsmith::tidy_deletion;
  CHECK(tidy_deletion("a\n  // c\nb", 4, 4) == iamsmith::TextEdit{2, 7, ""});     // a line of its own
  CHECK(tidy_deletion("a  // c\r\nb", 3, 4) == iamsmith::TextEdit{1, 6, ""});     // at the end of a line
  CHECK(tidy_deletion("[1, /* c */ 2]", 4, 7) == iamsmith::TextEdit{4, 8, ""});   // before more text
}

TEST_CASE("diff: a unified diff patch reads") {
  const std::string a = "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n";
  const std::string b = "one\ntwo\nthree\nfour\nfive\nsix\nSEVEN\neight\nnine\nten\neleven\n";
  const auto diff = iamsmith::unified_diff(a, b, "a.json", "b.json");
  REQUIRE(diff);
  CHECK(*diff ==
        "--- a.json\n+++ b.json\n"
        "@@ -4,7 +4,8 @@\n four\n five\n six\n-seven\n+SEVEN\n eight\n nine\n ten\n+eleven\n");
  CHECK(iamsmith::unified_diff(a, a, "a", "a") == std::string());
  // A change at the top, and a last line without a line feed.
  const auto top = iamsmith::unified_diff("x\ny", "y", "a", "b");
  REQUIRE(top);
  CHECK(*top == "--- a\n+++ b\n@@ -1,2 +1,1 @@\n-x\n y\n\\ No newline at end of file\n");
  // Everything new.
  CHECK(iamsmith::unified_diff("", "a\n", "a", "b") == std::string("--- a\n+++ b\n@@ -0,0 +1,1 @@\n+a\n"));
  // Changes far apart make two hunks.
  std::string many;
  for (int i = 0; i < 20; ++i) many += std::to_string(i) + "\n";
  std::string changed = many;
  changed.replace(0, 1, "X");
  changed.replace(changed.rfind("19"), 2, "Y");
  const auto two = iamsmith::unified_diff(many, changed, "a", "b");
  REQUIRE(two);
  CHECK(two->find("@@ -1,4 +1,4 @@\n-0\n+X\n") != std::string::npos);
  CHECK(two->find("@@ -17,4 +17,4 @@\n 16\n 17\n 18\n-19\n+Y\n") != std::string::npos);
  // Past the limit of changed lines, no diff.
  iamsmith::DiffOptions small;
  small.max_edits = 1;
  CHECK_FALSE(iamsmith::unified_diff(many, changed, "a", "b", small));
}
