// Hostile input through the whole lint run (lint_paths, every rule): huge files, deep nesting,
// huge strings and arrays, bytes that are not UTF-8 text, and the readers' limits. Each input is
// generated here, never checked in. Each case says what the user gets: a finding with a
// position, or an I/O error naming the file; the other inputs of the run are still linted.
// The file system cases (FIFOs, link loops, vanished and unreadable files) are CLI tests
// (tests/cli/cli_hostile_tests.cmake).

#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "iamsmith/lint_paths.hpp"
#include "iamsmith/limits.hpp"
#include "iamsmith/load.hpp"

namespace {

using iamsmith::Diagnostic;
using iamsmith::FileReport;
using iamsmith::LintPathsOptions;
using iamsmith::LintRun;
using iamsmith::LintSource;
namespace json = iamsmith::json;

constexpr const char* kGood =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"states:StartExecution",)"
    R"("Resource":"arn:aws:states:us-east-1:111122223333:stateMachine:Orders"}]})";

// Lints `hostile` (as hostile.json) and a good policy after it, with every rule.
// With `p_rules_only`, the P rules (structure) only: the whole catalogue's cost on a 10 MB value
// or a million actions is the performance work's (bench/), not what these cases check.
LintRun lint_with_good(std::string hostile, const json::ParseOptions& parse = {}, bool p_rules_only = false) {
  const std::vector<LintSource> sources{{"hostile.json", std::move(hostile)}, {"good.json", std::string(kGood)}};
  LintPathsOptions options;
  options.parse = parse;
  if (p_rules_only) options.selection = iamsmith::RuleSelection{{"P"}, {}, {}};
  LintRun run = iamsmith::lint_paths(sources, options);
  REQUIRE(run.reports.size() == 2);
  CHECK(run.reports[1].path == "good.json");
  CHECK(run.reports[1].diagnostics.empty());  // the good file is linted, and clean
  return run;
}

// The single P001 finding of a report, with its position.
const Diagnostic& invalid_json(const FileReport& report) {
  REQUIRE(report.diagnostics.size() == 1);
  const Diagnostic& d = report.diagnostics.front();
  CHECK(d.rule_id == "P001");
  CHECK(d.span.line >= 1);
  CHECK(d.span.column >= 1);
  return d;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// A policy whose one statement allows `action_json` (a JSON value) on `resource_json`.
std::string policy(const std::string& action_json, const std::string& resource_json) {
  return R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":)" + action_json +
         R"(,"Resource":)" + resource_json + "}]}";
}

}  // namespace

TEST_CASE("hostile: a 100 MB file is refused by size at 1:1 under the default limit, and read whole above it") {
  // 100 MB of spaces before a small policy: one line, few nodes.
  std::string big(100U * 1024U * 1024U, ' ');
  big += kGood;
  const LintRun refused = lint_with_good(big);
  CHECK(contains(invalid_json(refused.reports[0]).message, "over the limit of 1048576 bytes"));

  json::ParseOptions raised;
  raised.max_bytes = 128U * 1024U * 1024U;
  const LintRun read = lint_with_good(std::move(big), raised);
  CHECK(read.reports[0].diagnostics.empty());
}

TEST_CASE("hostile: 100,000-deep nesting is refused where it passes the limit, at any limit") {
  const std::string deep = "{\"Statement\": " + std::string(100000, '[') + std::string(100000, ']') + "}";
  const LintRun run = lint_with_good(deep);
  const Diagnostic& d = invalid_json(run.reports[0]);
  CHECK(contains(d.message, "nested more than 128 levels deep"));
  CHECK(d.span.column == 14 + 128);  // the 129th level (the object is the first): the first '[' past it

  // The limit cannot be raised past what the parser reads safely, and the message says so.
  json::ParseOptions most;
  most.max_depth = json::kMaxDepthLimit;
  const LintRun capped = lint_with_good(deep, most);
  CHECK(contains(invalid_json(capped.reports[0]).message, "nested more than 10000 levels deep, the most iamsmith reads"));
  json::ParseOptions beyond;
  beyond.max_depth = std::numeric_limits<std::size_t>::max();
  const LintRun over = lint_with_good(deep, beyond);
  CHECK(contains(invalid_json(over.reports[0]).message, "more than 10000 levels"));
}

TEST_CASE("hostile: a 10 MB string is read and linted, and its finding points at it") {
  const std::string resource = "arn:aws:s3:::orders/" + std::string(10U * 1024U * 1024U, 'x');
  json::ParseOptions raised;
  raised.max_bytes = 16U * 1024U * 1024U;
  const LintRun run = lint_with_good(policy("\"s3:GetObject\"", "\"" + resource + "\""), raised, true);
  for (const Diagnostic& d : run.reports[0].diagnostics) {
    CHECK(d.span.line == 1);
    CHECK_FALSE(d.message.empty());
  }
  // A 10 MB action string is P018's (it has no ':') and is still one finding at its place.
  const LintRun action = lint_with_good(policy("\"" + std::string(10U * 1024U * 1024U, 'a') + "\"", "\"*\""), raised, true);
  std::size_t p018 = 0;
  for (const Diagnostic& d : action.reports[0].diagnostics) {
    if (d.rule_id != "P018") continue;
    ++p018;
    CHECK(d.span.pointer == "/Statement/0/Action");
    CHECK(d.span.column == 65);
  }
  CHECK(p018 == 1);
}

TEST_CASE("hostile: a million-element Action array is linted, each malformed entry reported where it is") {
  // All on one line, as a minifier writes it: the column of the last entry is 15 million
  // characters in (counting columns must stay linear in the line's length).
  std::string actions = "[";
  for (int i = 0; i < 1000000; ++i) actions += i == 0 ? "\"s3:GetObject\"" : ",\"s3:GetObject\"";
  actions += ",\"s3GetObject\"]";
  const std::string text = policy(actions, "\"arn:aws:s3:::orders/*\"");
  const std::size_t bad_offset = text.find("\"s3GetObject\"");
  json::ParseOptions raised;
  raised.max_bytes = 32U * 1024U * 1024U;
  const LintRun run = lint_with_good(text, raised, true);
  bool found = false;
  for (const Diagnostic& d : run.reports[0].diagnostics) {
    found = found || (d.rule_id == "P018" && d.span.pointer == "/Statement/0/Action/1000000" && d.span.line == 1 &&
                      d.span.column == bad_offset + 1);
  }
  CHECK(found);
}

TEST_CASE("hostile: NUL bytes, invalid UTF-8 and UTF-16 are each one finding at the first bad byte") {
  const LintRun nul = lint_with_good(std::string("{\"Version\": \"2012\0-10-17\"}", 26));
  CHECK(contains(invalid_json(nul.reports[0]).message, "NUL bytes"));
  CHECK(invalid_json(nul.reports[0]).span.column == 18);

  const LintRun utf8 = lint_with_good("{\n  \"Sid\": \"caf\xC3\x28\"\n}");
  const Diagnostic& bad = invalid_json(utf8.reports[0]);
  CHECK(contains(bad.message, "invalid UTF-8"));
  CHECK(bad.span.line == 2);
  CHECK(bad.span.column == 14);

  // UTF-16 with a byte-order mark, little and big endian, and without one (then it has NULs).
  const std::string le("\xFF\xFE{\0}\0", 6);
  const std::string be("\xFE\xFF\0{\0}", 6);
  for (const std::string& text : {le, be}) {
    const LintRun run = lint_with_good(text);
    CHECK(contains(invalid_json(run.reports[0]).message, "UTF-16"));
  }
  const LintRun no_bom = lint_with_good(std::string("{\0\"\0V\0\"\0:\0 \0}\0", 14));
  CHECK(contains(invalid_json(no_bom.reports[0]).message, "NUL bytes"));
}

TEST_CASE("hostile: the stream reader stops at the end, whatever the limit (it once spun for ever at 2^64-1)") {
  for (const std::size_t limit : {std::size_t{0}, std::size_t{1}, std::size_t{5}, std::size_t{65536},
                                  std::numeric_limits<std::size_t>::max() - 1,
                                  std::numeric_limits<std::size_t>::max()}) {
    CAPTURE(limit);
    std::istringstream in("{\"a\":1}");
    const iamsmith::FileRead read = iamsmith::read_stream(in, "<stdin>", limit);
    CHECK_FALSE(read.error);
    if (limit < 7) {
      CHECK(read.too_large);
    } else {
      REQUIRE(read.bytes);
      CHECK(*read.bytes == "{\"a\":1}");
    }
  }
  std::istringstream empty("");
  const iamsmith::FileRead nothing = iamsmith::read_stream(empty, "<stdin>", std::numeric_limits<std::size_t>::max());
  REQUIRE(nothing.bytes);
  CHECK(nothing.bytes->empty());
}

TEST_CASE("hostile: a file read at the largest limit is read once, to its end") {
  const std::filesystem::path path = std::filesystem::temp_directory_path() / "iamsmith-hostile-limit.json";
  {
    std::ofstream out(path, std::ios::binary);
    out << kGood;
  }
  const iamsmith::FileRead read = iamsmith::read_file(path, std::numeric_limits<std::size_t>::max());
  std::filesystem::remove(path);
  REQUIRE(read.bytes);
  CHECK(*read.bytes == kGood);
}

TEST_CASE("hostile: a missing file and a path through a file are told apart from other stat errors") {
  const std::vector<LintSource> sources{{"no/such/dir/policy.json", std::nullopt}, {"good.json", std::string(kGood)}};
  LintPathsOptions options;
  const LintRun run = iamsmith::lint_paths(sources, options);
  REQUIRE(run.summary.errors.size() == 1);
  CHECK(run.summary.errors[0].message == "no/such/dir/policy.json: no such file");
  CHECK(run.reports.size() == 1);
}
