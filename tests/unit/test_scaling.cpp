// Inputs whose shape once made the reader, the model or the reporters quadratic or exhaust
// memory (issue 15): each must now complete and report correctly. Behaviour only; how fast is
// measured in bench/, not here.

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "iamsmith/json.hpp"
#include "iamsmith/lint_paths.hpp"
#include "iamsmith/load.hpp"
#include "iamsmith/report.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;

namespace {

// A minified identity policy of `count` statements, all on one line.
std::string one_line_policy(std::size_t count, const std::string& action) {
  std::string out = R"({"Version":"2012-10-17","Statement":[)";
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) out += ",";
    out += R"({"Sid":"S)" + std::to_string(i) + R"(","Effect":"Allow","Action":")" + action +
           R"(","Resource":"arn:aws:s3:::bucket-)" + std::to_string(i) + R"(/*"})";
  }
  return out + "]}";
}

// The 1-based column of byte `offset` of a one-line text, counted in code points.
std::uint32_t expected_column(const std::string& text, std::size_t offset) {
  std::uint32_t column = 1;
  for (std::size_t i = 0; i < offset; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0U) != 0x80U) ++column;
  }
  return column;
}

using iamsmith::test::TempDir;

}  // namespace

TEST_CASE("scaling: every value of a long one-line policy gets its own column") {
  // About 0.9 MB on one line, with a multi-byte character early on so that bytes and columns differ.
  std::string text = one_line_policy(9000, "s3:GetObject");
  text.insert(text.find("\"S0\"") + 1, "\xC3\xA9");  // "éS0"
  const iamsmith::LoadedPolicy loaded = iamsmith::load_policy_text(text, "long.json");
  REQUIRE(loaded.policy.has_value());
  const auto& statements = loaded.policy->statements();
  REQUIRE(statements.size() == 9000);
  for (const std::size_t i : {std::size_t{0}, std::size_t{1}, std::size_t{4500}, std::size_t{8999}}) {
    const iamsmith::Scalar& action = statements[i].action->items.front();
    CHECK(action.span.line == 1);
    CHECK(action.span.column == expected_column(text, action.span.offset));
    CHECK(action.span.column == action.span.offset);  // one two-byte character before it, 1-based
    CHECK(action.span.pointer == "/Statement/" + std::to_string(i) + "/Action");
  }
}

TEST_CASE("scaling: a long key over many values is refused with a message, not by running out of memory") {
  // A 50 KB key over 25,000 values: every value's JSON pointer would repeat the key (1.25 GB).
  std::string text = "{\"" + std::string(50000, 'k') + "\":[";
  for (int i = 0; i < 25000; ++i) text += i == 0 ? "1" : ",1";
  text += "]}";
  const iamsmith::json::Document doc = iamsmith::json::parse(text);
  REQUIRE(doc.error.has_value());
  CHECK(doc.error->kind == iamsmith::json::ErrorKind::TooLarge);
  CHECK(doc.error->message.find("JSON pointers") != std::string::npos);
  CHECK_FALSE(doc.root.has_value());
}

TEST_CASE("scaling: the same key over a few values is still read") {
  std::string text = "{\"" + std::string(50000, 'k') + "\":[1,2,3]}";
  const iamsmith::json::Document doc = iamsmith::json::parse(text);
  REQUIRE_FALSE(doc.error.has_value());
  REQUIRE(doc.root.has_value());
  CHECK(doc.root->members.front().value.items.size() == 3);
}

TEST_CASE("scaling: --explain notes every finding on a wildcard action of a large policy") {
  // Thousands of "s3:*" values, each with W002's finding at its pointer: each finding gets the
  // note saying what the pattern grants (once computed, for every one of them).
  iamsmith::LintPathsOptions options;
  options.expansion_notes = true;
  options.selection = iamsmith::RuleSelection{};
  options.selection->select = {"W002"};
  const std::string text = one_line_policy(3000, "s3:*");
  std::vector<iamsmith::LintSource> sources{{"wild.json", text}};
  const iamsmith::LintRun run = iamsmith::lint_paths(sources, options);
  REQUIRE(run.reports.size() == 1);
  const auto& diagnostics = run.reports.front().diagnostics;
  CHECK(diagnostics.size() == 3000);
  for (const iamsmith::Diagnostic& d : diagnostics) {
    REQUIRE_FALSE(d.notes.empty());
    CHECK(d.notes.back().message.rfind("s3:* grants ", 0) == 0);
  }
}

TEST_CASE("scaling: a finding on a very long line quotes a window of it, with the caret under the span") {
  const std::string text = one_line_policy(200, "s3:GetObject");
  REQUIRE(text.size() > 15000);
  const iamsmith::LoadedPolicy loaded = iamsmith::load_policy_text(text, "long.json");
  REQUIRE(loaded.policy.has_value());
  const iamsmith::Scalar& action = loaded.policy->statements()[150].action->items.front();
  iamsmith::Diagnostic d;
  d.rule_id = "X000";
  d.rule_name = "test";
  d.message = "here";
  d.span = action.span;
  const iamsmith::FileReport report{"long.json", &loaded.document.source, "", {d}};
  const std::string out = iamsmith::render_text(report);
  // The header, the quoted window, the caret line, the pointer.
  std::vector<std::string> lines;
  for (std::size_t start = 0; start < out.size();) {
    const std::size_t end = out.find('\n', start);
    lines.push_back(out.substr(start, end - start));
    start = end + 1;
  }
  REQUIRE(lines.size() >= 3);
  CHECK(lines[1].size() < 400);
  CHECK(lines[1].find("...") != std::string::npos);
  const std::size_t caret = lines[2].find('^');
  REQUIRE(caret != std::string::npos);
  CHECK(lines[1].substr(caret, action.span.length) == "\"s3:GetObject\"");
  CHECK(lines[2].substr(caret) == "^" + std::string(action.span.length - 1, '~'));
}

TEST_CASE("scaling: lint_paths gives the same reports in the same order on several threads") {
  TempDir dir("iamsmith-test-jobs");
  for (int i = 0; i < 40; ++i) {
    std::ofstream(dir.path() / ("p" + std::to_string(100 + i) + ".json"))
        << one_line_policy(static_cast<std::size_t>(1 + i % 5), i % 3 == 0 ? "s3:Get*" : "iam:PassRole");
  }
  std::ofstream(dir.path() / "broken.json") << "{";
  std::vector<iamsmith::LintSource> sources{{dir.path().string(), std::nullopt}};
  iamsmith::LintPathsOptions options;
  options.jobs = 1;
  const iamsmith::LintRun one = iamsmith::lint_paths(sources, options);
  REQUIRE(one.reports.size() == 41);
  for (const std::size_t jobs : {std::size_t{2}, std::size_t{3}, std::size_t{8}}) {
    options.jobs = jobs;
    const iamsmith::LintRun many = iamsmith::lint_paths(sources, options);
    CHECK(iamsmith::render_json(many.reports) == iamsmith::render_json(one.reports));
    CHECK(many.summary.findings == one.summary.findings);
  }
}

TEST_CASE("scaling: on several threads each file is visited on the calling thread, and a throw from the visitor ends the run") {
  TempDir dir("iamsmith-test-jobs-visit");
  for (int i = 0; i < 30; ++i) {
    std::ofstream(dir.path() / ("p" + std::to_string(100 + i) + ".json")) << one_line_policy(2, "s3:GetObject");
  }
  std::vector<iamsmith::LintSource> sources{{dir.path().string(), std::nullopt}};
  iamsmith::LintPathsOptions options;
  options.jobs = 3;
  const std::thread::id caller = std::this_thread::get_id();
  std::vector<std::string> seen;
  bool elsewhere = false;
  const iamsmith::LintSummary summary = iamsmith::lint_paths(sources, options, [&](iamsmith::LintedFile&& file) {
    elsewhere = elsewhere || std::this_thread::get_id() != caller;
    seen.push_back(file.report.path);
  });
  CHECK_FALSE(elsewhere);
  CHECK(summary.files == 30);
  REQUIRE(seen.size() == 30);
  CHECK(std::is_sorted(seen.begin(), seen.end()));

  std::size_t visited = 0;
  const auto stop_at_fifth = [&](iamsmith::LintedFile&&) {
    if (++visited == 5) throw std::runtime_error("the visitor gives up");
  };
  CHECK_THROWS_WITH_AS(iamsmith::lint_paths(sources, options, stop_at_fifth), "the visitor gives up", std::runtime_error);
  CHECK(visited == 5);
}

TEST_CASE("scaling: a file is read whole, at its exact size") {
  TempDir dir("iamsmith-test-read");
  const std::string text = one_line_policy(50, "s3:GetObject");
  std::ofstream(dir.path() / "a.json", std::ios::binary) << text;
  const iamsmith::FileRead read = iamsmith::read_file(dir.path() / "a.json", 1024 * 1024);
  REQUIRE(read.bytes.has_value());
  CHECK(*read.bytes == text);
  CHECK(read.size == text.size());
  const iamsmith::FileRead small = iamsmith::read_file(dir.path() / "a.json", 100);
  CHECK(small.too_large);
  CHECK(small.size == text.size());
  const iamsmith::FileRead missing = iamsmith::read_file(dir.path() / "none.json", 100);
  REQUIRE(missing.error.has_value());
  CHECK(missing.error->kind == iamsmith::IoErrorKind::NotFound);
  const iamsmith::FileRead directory = iamsmith::read_file(dir.path(), 100);
  REQUIRE(directory.error.has_value());
  CHECK(directory.error->kind == iamsmith::IoErrorKind::NotARegularFile);
}
