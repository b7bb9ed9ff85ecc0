// The reporters as CI and a terminal meet them (issue 14): SARIF fields GitHub code scanning
// reads, artifact URIs, excerpts of long lines and of hostile bytes, the JSON schema version.

#include <doctest/doctest.h>

#include <rapidjson/document.h>

#include <sstream>
#include <string>
#include <vector>

#include "iamsmith/lint.hpp"
#include "iamsmith/load.hpp"
#include "iamsmith/report.hpp"

namespace {

iamsmith::Diagnostic finding_at(const iamsmith::SourceSpan& span, std::string rule = "W001") {
  const iamsmith::Rule& declared = iamsmith::catalogue_rule(rule);
  return iamsmith::make_finding(declared, span, "here");
}

std::vector<std::string> lines_of(const std::string& out) {
  std::vector<std::string> lines;
  for (std::size_t start = 0; start < out.size();) {
    const std::size_t end = out.find('\n', start);
    lines.push_back(out.substr(start, end - start));
    start = end == std::string::npos ? out.size() : end + 1;
  }
  return lines;
}

}  // namespace

TEST_CASE("report: a 24 KB one-line policy quotes a window of the line, not the line and a 24 K caret") {
  std::string resources;
  for (int i = 0; resources.size() < 24000; ++i) {
    resources += std::string(i == 0 ? "" : ",") + "\"arn:aws:s3:::bucket-" + std::to_string(i) + "/*\"";
  }
  const std::string text =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":[)" + resources + "]}]}";
  const iamsmith::LoadedPolicy loaded = iamsmith::load_policy_text(text, "long.json");
  REQUIRE(loaded.policy.has_value());
  // A finding on the whole statement (24 KB) and one on its Action.
  const iamsmith::SourceSpan statement = loaded.policy->statements()[0].span;
  REQUIRE(statement.length > 24000);
  const iamsmith::SourceSpan action = loaded.policy->statements()[0].action->items.front().span;
  const iamsmith::FileReport report{"long.json", &loaded.document.source, "", {finding_at(statement), finding_at(action)}};
  const std::string out = iamsmith::render_text(report);
  CHECK(out.size() < 5000);
  for (const std::string& line : lines_of(out)) CHECK(line.size() < 1300);
  CHECK(out.find("...") != std::string::npos);
  // --no-source: the header and the pointer only.
  const std::string bare = iamsmith::render_text(report, false, false);
  CHECK(bare.find(" | ") == std::string::npos);
  CHECK(bare.find("long.json:1:") == 0);
  CHECK(bare.find("= at: /Statement/0/Action") != std::string::npos);
}

TEST_CASE("report: control bytes, bytes that are not UTF-8 and bidi overrides are escaped in the excerpt") {
  // An ESC sequence that would turn the terminal red, a lone 0xFF byte, and U+202E (right-to-left
  // override) before the span; the caret must still stand under the span.
  const std::string text = "{\"Sid\": \"a\x1b[31mb\xff\xe2\x80\xae\", \"Version\": \"2012-10-17\"}\n";
  const iamsmith::SourceText source(text);
  const std::size_t at = text.find("\"Version\"");
  const iamsmith::SourceSpan span = source.span(at, 9, "/Version");
  const iamsmith::FileReport report{"p.json", &source, "", {finding_at(span)}};
  const std::vector<std::string> lines = lines_of(iamsmith::render_text(report));
  REQUIRE(lines.size() >= 3);
  CHECK(lines[1].find('\x1b') == std::string::npos);
  CHECK(lines[1].find("\\x1b[31m") != std::string::npos);
  CHECK(lines[1].find("\\xff") != std::string::npos);
  CHECK(lines[1].find("\\u{202e}") != std::string::npos);
  CHECK(lines[1].find("\xe2\x80\xae") == std::string::npos);
  const std::size_t caret = lines[2].find('^');
  REQUIRE(caret != std::string::npos);
  CHECK(lines[1].substr(caret, 9) == "\"Version\"");
  CHECK(lines[2].substr(caret) == "^" + std::string(8, '~'));
}

TEST_CASE("report: SARIF artifact URIs are relative to %SRCROOT%, percent-encoded, absolute outside it") {
  CHECK(iamsmith::sarif_uri("./iam/p.json", "") == "iam/p.json");
  CHECK(iamsmith::sarif_uri("my policies/p 1.json", "") == "my%20policies/p%201.json");
  CHECK(iamsmith::sarif_uri("/etc/p.json", "") == "file:///etc/p.json");
  CHECK(iamsmith::sarif_uri("/repo/iam/./p.json", "/repo") == "iam/p.json");
  CHECK(iamsmith::sarif_uri("/elsewhere/a b.json", "/repo") == "file:///elsewhere/a%20b.json");
  CHECK(iamsmith::sarif_uri("/repository/p.json", "/repo") == "file:///repository/p.json");
  CHECK(iamsmith::sarif_uri("iam/p%.json", "") == "iam/p%25.json");
  CHECK(iamsmith::sarif_uri("<stdin>", "/repo").empty());
}

TEST_CASE("report: SARIF carries what GitHub code scanning reads") {
  const std::string text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", "
                           "\"Resource\": \"*\"}]\n}\n";
  const iamsmith::LoadedPolicy loaded = iamsmith::load_policy_text(text, "iam/p.json");
  REQUIRE(loaded.policy.has_value());
  const iamsmith::SourceSpan action = loaded.policy->statements()[0].action->items.front().span;
  iamsmith::SarifOptions options;
  options.automation_id = "iamsmith/lint/";
  const std::string sarif = iamsmith::render_sarif(
      {{"./iam/p.json", &loaded.document.source, "", {finding_at(action)}}, {"<stdin>", nullptr, "", {finding_at(action)}}},
      iamsmith::all_rules(), options);
  rapidjson::Document doc;
  doc.Parse(sarif.c_str(), sarif.size());
  REQUIRE_FALSE(doc.HasParseError());
  const auto& run = doc["runs"][0];
  CHECK(std::string(run["automationDetails"]["id"].GetString()) == "iamsmith/lint/");
  CHECK(run["originalUriBaseIds"].HasMember("%SRCROOT%"));
  CHECK(std::string(run["columnKind"].GetString()) == "unicodeCodePoints");
  const auto& rules = run["tool"]["driver"]["rules"];
  const auto& w001 = rules[static_cast<rapidjson::SizeType>(run["results"][0]["ruleIndex"].GetUint())];
  CHECK(std::string(w001["id"].GetString()) == "W001");
  CHECK(std::string(w001["properties"]["security-severity"].GetString()) == "8.1");
  CHECK(std::string(w001["properties"]["precision"].GetString()) == "high");
  CHECK(std::string(w001["properties"]["tags"][0].GetString()) == "security");
  CHECK(std::string(w001["helpUri"].GetString()).rfind("https://docs.aws.amazon.com/", 0) == 0);
  const std::string markdown = w001["help"]["markdown"].GetString();
  CHECK(markdown.find("**Why it matters.**") != std::string::npos);
  CHECK(markdown.find("```json") != std::string::npos);
  const auto& location = run["results"][0]["locations"][0]["physicalLocation"];
  CHECK(std::string(location["artifactLocation"]["uri"].GetString()) == "iam/p.json");
  CHECK(std::string(location["artifactLocation"]["uriBaseId"].GetString()) == "%SRCROOT%");
  CHECK(location["region"]["startLine"].GetUint() == 3);
  CHECK(location["region"]["endLine"].GetUint() == 3);
  CHECK(location["region"]["endColumn"].GetUint() - location["region"]["startColumn"].GetUint() == 3);  // "*"
  const auto& stdin_location = run["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"];
  CHECK_FALSE(stdin_location.HasMember("uri"));
  CHECK(stdin_location.HasMember("description"));
}

TEST_CASE("report: security-severity follows severity and family") {
  CHECK(iamsmith::security_severity(iamsmith::catalogue_rule("T001")) == "9.1");  // who may assume the role
  CHECK(iamsmith::security_severity(iamsmith::catalogue_rule("W004")) == "9.1");  // everyone
  CHECK(iamsmith::security_severity(iamsmith::catalogue_rule("W002")) == "8.1");
  CHECK(iamsmith::security_severity(iamsmith::catalogue_rule("P001")) == "5.5");
  CHECK(iamsmith::security_severity(iamsmith::catalogue_rule("P005")) == "4.0");
}

TEST_CASE("report: the JSON output starts with its schema version, and concise is one line a finding") {
  const iamsmith::LoadedPolicy loaded = iamsmith::load_policy_text("{\"Version\": \"2012-10-17\"}", "p.json");
  const iamsmith::SourceSpan span = loaded.document.source.span(1, 9, "/Version");
  const std::vector<iamsmith::FileReport> reports{{"p.json", &loaded.document.source, "", {finding_at(span)}}};
  CHECK(iamsmith::render_json(reports).rfind("{\"schemaVersion\":" + std::to_string(iamsmith::kJsonSchemaVersion) +
                                                 ",\"findings\":[",
                                             0) == 0);
  CHECK(iamsmith::render_concise(reports.front()) == "p.json:1:2: W001 here\n");
}

TEST_CASE("report: JSON with statistics counts findings per rule, most first; without, no member") {
  iamsmith::SourceSpan span;
  span.line = 1;
  span.column = 1;
  const iamsmith::FileReport a{"a.json", nullptr, "", {finding_at(span, "W001"), finding_at(span, "P005")}};
  const iamsmith::FileReport b{"b.json", nullptr, "", {finding_at(span, "P005")}};
  iamsmith::ReportOptions options;
  options.statistics = true;
  iamsmith::ReportStream stream(iamsmith::ReportFormat::Json, {}, options);
  std::string out = stream.header();
  out += stream.file(a);
  out += stream.file(b);
  out += stream.footer();
  rapidjson::Document doc;
  doc.Parse(out.c_str());
  REQUIRE_FALSE(doc.HasParseError());
  REQUIRE(doc.HasMember("statistics"));
  const auto& stats = doc["statistics"];
  REQUIRE(stats.Size() == 2);
  CHECK(std::string(stats[0]["rule"].GetString()) == "P005");
  CHECK(std::string(stats[0]["name"].GetString()) == "missing-version");
  CHECK(std::string(stats[0]["severity"].GetString()) == "warning");
  CHECK(stats[0]["count"].GetUint64() == 2);
  CHECK(std::string(stats[1]["rule"].GetString()) == "W001");
  CHECK(stats[1]["count"].GetUint64() == 1);
  CHECK(doc["findings"].Size() == 3);  // beside the findings, not instead of them
  CHECK(iamsmith::render_json({a, b}).find("\"statistics\"") == std::string::npos);
  // count() counts without rendering: what text --statistics prints its table from.
  iamsmith::ReportStream text(iamsmith::ReportFormat::Text);
  text.count(a);
  text.count(b);
  const std::vector<iamsmith::RuleStatistic> counted = text.statistics();
  REQUIRE(counted.size() == 2);
  CHECK(counted[0].rule == "P005");
  CHECK(counted[0].count == 2);
}

TEST_CASE("report: the JSON files list of a run over many files is whole and in order (spilled past 4 MiB)") {
  // 150,000 entries of about 50 bytes: 7 MB, more than the four 1 MiB chunks the stream holds, so
  // the rest goes through its temporary file and must come back between them, in order.
  constexpr std::size_t kFiles = 150000;
  iamsmith::ReportStream stream(iamsmith::ReportFormat::Json);
  std::ostringstream out;
  out << stream.header();
  for (std::size_t i = 0; i < kFiles; ++i) {
    const std::string n = std::to_string(i);
    out << stream.file(iamsmith::FileReport{"policies/dir/" + std::string(8 - n.size(), '0') + n + ".json", nullptr,
                                            "identity", {}});
  }
  stream.write_footer(out);
  REQUIRE(out.good());
  const std::string text = out.str();
  CHECK(text.size() > (std::size_t{6} << 20U));
  rapidjson::Document doc;
  doc.Parse(text.c_str());
  REQUIRE_FALSE(doc.HasParseError());
  const auto& files = doc["files"];
  REQUIRE(files.Size() == kFiles);
  bool ordered = true;
  for (rapidjson::SizeType i = 0; i < files.Size() && ordered; ++i) {
    const std::string n = std::to_string(i);
    ordered = std::string(files[i]["path"].GetString()) ==
              "policies/dir/" + std::string(8 - n.size(), '0') + n + ".json";
    if (!ordered) FAIL_CHECK("files[" << i << "] is " << files[i]["path"].GetString());
  }
  CHECK(doc["summary"].IsObject());
}
