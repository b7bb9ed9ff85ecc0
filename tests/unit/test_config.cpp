// .iamsmith.json, baselines and the machine-readable reports.

#include <doctest/doctest.h>

#include <string>

#include "iamsmith/baseline.hpp"
#include "iamsmith/config.hpp"
#include "iamsmith/report.hpp"

namespace {

const char* const kPolicy = R"({
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "Orders", "Effect": "Allow", "Action": "dynamodb:GetItem",
     "Resource": ["arn:aws:dynamodb:us-east-1:111122223333:table/prod-orders",
                  "arn:aws:dynamodb:us-east-1:111122223333:table/dev-orders"]}
  ]
})";

}  // namespace

TEST_CASE("config: a valid configuration is read whole") {
  const auto r = iamsmith::parse_config(R"({
    "select": ["P", "W001"], "ignore": ["W003"], "severity": {"W010": "error"},
    "partition": "aws-cn", "account": "111122223333", "accounts": {"111122223333": "target"},
    "ignores": [{"path": "legacy/**/*.json", "rules": ["W002"], "pointer": "/Statement/1", "reason": "SEC-1"}],
    "rules": [{"id": "U001", "name": "no-prod", "severity": "security", "pointer": "/Statement/*/Resource",
               "pattern": "table/prod-", "message": "no production tables"}]})",
                                        ".iamsmith.json");
  CHECK(r.problems.empty());
  const iamsmith::Config& c = r.config;
  CHECK(c.selection.select == std::vector<std::string>{"P", "W001"});
  CHECK(c.selection.ignore == std::vector<std::string>{"W003"});
  REQUIRE(c.selection.severity_overrides.size() == 1);
  CHECK(c.selection.severity_overrides[0].second == iamsmith::Severity::Error);
  CHECK(c.partition == "aws-cn");
  CHECK(c.account == "111122223333");
  CHECK(c.accounts.at("111122223333") == "target");
  REQUIRE(c.ignores.size() == 1);
  CHECK(c.ignores[0].reason == "SEC-1");
  REQUIRE(c.custom_rules.size() == 1);
  CHECK(c.custom_rules[0].severity == iamsmith::Severity::Security);
}

TEST_CASE("config: every problem is reported with its position, never ignored") {
  const auto r = iamsmith::parse_config(R"({
  "selct": ["P"],
  "ignore": ["W999"],
  "ignores": [{"path": "x/*.json"}],
  "severity": {"W010": "fatal"},
  "rules": [{"id": "P001", "pointer": "/a", "pattern": "(", "message": "m"}]
})",
                                        "cfg.json");
  REQUIRE(r.problems.size() == 6);
  CHECK(r.problems[0].message == "unknown key \"selct\" in the configuration");
  CHECK(r.problems[0].span.line == 2);
  CHECK(r.problems[0].span.column == 3);
  CHECK(r.problems[0].notes.at(0).message.rfind("did you mean \"select\"? The keys are: select, ignore,", 0) == 0);
  CHECK(r.problems[1].message == "no rule matches \"W999\"");
  CHECK(r.problems[2].message == "an ignore needs a \"reason\"");
  CHECK(r.problems[3].message == "unknown severity \"fatal\"");
  CHECK(r.problems[4].message == "custom rule id \"P001\" is a built-in rule's id");
  CHECK(r.problems[5].message.rfind("invalid re2 pattern", 0) == 0);
  CHECK(r.problems[5].span.line == 6);
}

TEST_CASE("config: a configuration that is not JSON is one problem") {
  const auto r = iamsmith::parse_config("{\"select\": [}", "cfg.json");
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].message.find("not valid JSON") != std::string::npos);
}

TEST_CASE("config: path globs") {
  using iamsmith::path_glob_match;
  CHECK(path_glob_match("*.json", "a.json"));
  CHECK_FALSE(path_glob_match("*.json", "dir/a.json"));
  CHECK(path_glob_match("**/*.json", "a.json"));
  CHECK(path_glob_match("**/*.json", "dir/sub/a.json"));
  CHECK(path_glob_match("legacy/**", "legacy/x/y.json"));
  CHECK(path_glob_match("./legacy/?.json", "legacy/a.json"));
  CHECK_FALSE(path_glob_match("legacy/?.json", "legacy/ab.json"));
  CHECK(path_glob_match("a+b.json", "a+b.json"));  // regex characters are literal
}

TEST_CASE("config: custom rules select values by pointer and test them with re2") {
  const auto r = iamsmith::parse_config(R"({"rules": [
    {"id": "U001", "name": "no-prod", "pointer": "/Statement/*/Resource", "pattern": "table/prod-", "message": "no production tables"},
    {"id": "U002", "pointer": "/Statement/*/Sid", "pattern": "^[A-Z]", "when": "does-not-match", "message": "Sids start upper-case"}]})",
                                        "cfg");
  REQUIRE(r.problems.empty());
  const auto loaded = iamsmith::load_policy_text(kPolicy, "p.json");
  const iamsmith::RuleSet rules(r.config.custom_rules);
  const auto found = iamsmith::run_custom_rules(rules, loaded, {});
  REQUIRE(found.size() == 1);
  CHECK(found[0].rule_id == "U001");
  CHECK(found[0].rule_name == "no-prod");
  CHECK(found[0].severity == iamsmith::Severity::Warning);
  CHECK(found[0].span.pointer == "/Statement/0/Resource/0");
  CHECK(found[0].span.line == 5);
}

TEST_CASE("config: path ignores need the path, and match rule and pointer prefix") {
  iamsmith::Config c;
  iamsmith::PathIgnore ignore;
  ignore.path_glob = "legacy/**";
  ignore.rules = {"W002"};
  ignore.pointer_prefix = "/Statement/1";
  ignore.reason = "reason";
  c.ignores.push_back(ignore);
  iamsmith::Diagnostic d;
  d.rule_id = "W002";
  d.rule_name = "service-wildcard";
  d.span.pointer = "/Statement/1/Action/0";
  CHECK(iamsmith::is_ignored(c, "legacy/a.json", d));
  CHECK_FALSE(iamsmith::is_ignored(c, "current/a.json", d));
  d.span.pointer = "/Statement/0/Action";
  CHECK_FALSE(iamsmith::is_ignored(c, "legacy/a.json", d));
  d.span.pointer = "/Statement/10/Action/0";  // a prefix matches whole segments
  CHECK_FALSE(iamsmith::is_ignored(c, "legacy/a.json", d));
  d.span.pointer = "/Statement/1";
  d.rule_id = "W001";
  CHECK_FALSE(iamsmith::is_ignored(c, "legacy/a.json", d));
}

TEST_CASE("baseline: written findings are suppressed, new ones are not") {
  iamsmith::Diagnostic a;
  a.rule_id = "W002";
  a.message = "service wildcard";
  a.span.pointer = "/Statement/0/Action";
  a.span.line = 4;
  iamsmith::Diagnostic b = a;
  b.span.pointer = "/Statement/1/Action";
  std::vector<iamsmith::FileReport> reports{{"p.json", nullptr, "", {a}}};
  const std::string text = iamsmith::write_baseline(reports);
  std::vector<std::string> problems;
  const iamsmith::Baseline baseline = iamsmith::parse_baseline(text, problems);
  CHECK(problems.empty());
  a.span.line = 40;  // lines moving does not matter
  std::vector<iamsmith::FileReport> later{{"p.json", nullptr, "", {a, b}}};
  CHECK(iamsmith::apply_baseline(baseline, later) == 1);
  REQUIRE(later[0].diagnostics.size() == 1);
  CHECK(later[0].diagnostics[0].span.pointer == "/Statement/1/Action");
  std::vector<iamsmith::FileReport> elsewhere{{"q.json", nullptr, "", {a}}};
  CHECK(iamsmith::apply_baseline(baseline, elsewhere) == 0);

  CHECK(iamsmith::parse_baseline("[1]", problems).fingerprints.empty());
  CHECK(problems.size() == 1);
}

TEST_CASE("report: SARIF carries the properties 2.1.0 requires") {
  const auto loaded = iamsmith::load_policy_text(kPolicy, "p.json");
  iamsmith::Diagnostic d;
  d.rule_id = "P002";
  d.rule_name = "json-extension";
  d.message = "m";
  d.span = loaded.policy->statements().at(0).span;
  const std::string sarif = iamsmith::render_sarif({{"p.json", &loaded.document.source, "", {d}}}, iamsmith::all_rules());
  const iamsmith::json::Document doc = iamsmith::json::parse(sarif);
  REQUIRE(doc.root);
  CHECK(doc.root->get("version")->text == "2.1.0");
  const auto& run = doc.root->get("runs")->items.at(0);
  const auto* driver = run.get("tool")->get("driver");
  CHECK(driver->get("name")->text == "iamsmith");
  const auto& rules = driver->get("rules")->items;
  CHECK(rules.size() == iamsmith::all_rules().size());
  for (const auto& rule : rules) {
    CHECK(rule.get("id") != nullptr);
    CHECK(rule.get("shortDescription")->get("text") != nullptr);
  }
  const auto& result = run.get("results")->items.at(0);
  CHECK(result.get("ruleId")->text == "P002");
  CHECK(result.get("message")->get("text")->text == "m");
  const auto* region = result.get("locations")->items.at(0).get("physicalLocation")->get("region");
  CHECK(region->get("startLine")->text == "4");
  CHECK(region->get("startColumn")->text == "5");
  CHECK(result.get("partialFingerprints")->get("iamsmith/v2")->text.size() == 16);
}

TEST_CASE("report: github annotations escape what the runner would misread") {
  iamsmith::Diagnostic d;
  d.rule_id = "P002";
  d.rule_name = "json-extension";
  d.message = "100% wrong,\nreally";
  d.span.line = 3;
  d.span.column = 7;
  const std::string out = iamsmith::render_github({{"dir,x/p:1.json", nullptr, "", {d}}});
  CHECK(out == "::error file=dir%2Cx/p%3A1.json,line=3,col=7,title=P002 json-extension::100%25 wrong,%0Areally\n");
}

TEST_CASE("config: a custom rule is a rule of the run: selectors, severities and ignores may name it") {
  const auto r = iamsmith::parse_config(R"({
    "select": ["P", "U001"], "severity": {"U001": "error", "no-sid-case": "suggestion"},
    "ignores": [{"path": "legacy/*.json", "rules": ["U002"], "reason": "old"}],
    "rules": [
      {"id": "U001", "name": "no-prod", "pointer": "/Statement/*/Resource", "pattern": "table/prod-", "message": "no production tables"},
      {"id": "U002", "name": "no-sid-case", "pointer": "/Statement/*/Sid", "pattern": "^[a-z]", "message": "Sids start upper-case"}]})",
                                        "team.json");
  CHECK(r.problems.empty());
  const iamsmith::RuleSet rules = iamsmith::rule_set(r.config);
  CHECK(rules.rules().size() == iamsmith::all_rules().size() + 2);
  const iamsmith::Rule* u001 = rules.find("u001");
  REQUIRE(u001 != nullptr);
  CHECK(u001 == rules.find("no-prod"));
  CHECK(u001->id == "U001");
  CHECK(u001->summary == "no production tables");
  CHECK(u001->rationale.find("team.json") != std::string_view::npos);
  CHECK(rules.selector_matches_any("U"));
  CHECK_FALSE(rules.selector_matches_any("U003"));
  CHECK(rules.nearest("U01") == "U001");
  CHECK(iamsmith::find_rule("U001") == nullptr);  // the catalogue itself knows only the built-in rules

  const auto loaded = iamsmith::load_policy_text(
      R"({"Version": "2012-10-17", "Statement": [{"Sid": "orders", "Effect": "Allow", "Action": "dynamodb:GetItem",
          "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/prod-orders"}]})",
      "p.json");
  // The configuration's selection: U001 at its overridden severity; U002 is not selected.
  auto found = iamsmith::run_custom_rules(rules, loaded, r.config.selection);
  REQUIRE(found.size() == 1);
  CHECK(found[0].rule_id == "U001");
  CHECK(found[0].severity == iamsmith::Severity::Error);
  // --ignore U001 and --select U002 behave as for a built-in rule.
  iamsmith::RuleSelection ignore_u001;
  ignore_u001.ignore = {"U001"};
  found = iamsmith::run_custom_rules(rules, loaded, ignore_u001);
  REQUIRE(found.size() == 1);
  CHECK(found[0].rule_id == "U002");
  iamsmith::RuleSelection select_u002;
  select_u002.select = {"no-sid-case"};
  select_u002.severity_overrides = r.config.selection.severity_overrides;
  found = iamsmith::run_custom_rules(rules, loaded, select_u002);
  REQUIRE(found.size() == 1);
  CHECK(found[0].rule_id == "U002");
  CHECK(found[0].severity == iamsmith::Severity::Suggestion);
}

TEST_CASE("config: problems are reported under K001 invalid-config") {
  const auto r = iamsmith::parse_config(R"({"selct": ["P"], "severity": {"U009": "error"}})", "cfg.json");
  REQUIRE(r.problems.size() == 2);
  for (const auto& d : r.problems) {
    CHECK(d.rule_id == "K001");
    CHECK(d.rule_name == "invalid-config");
    CHECK(d.severity == iamsmith::Severity::Error);
  }
  CHECK(r.problems[0].span.pointer == "/selct");
  CHECK(r.problems[1].message == "no rule matches \"U009\"");
}

TEST_CASE("report: SARIF describes a custom rule as it describes a built-in one") {
  const auto r =
      iamsmith::parse_config(R"({"rules": [{"id": "U001", "name": "no-prod", "severity": "security",
      "pointer": "/Statement/*/Resource", "pattern": "table/prod-", "message": "no production tables"}]})",
                             "cfg.json");
  REQUIRE(r.problems.empty());
  const iamsmith::RuleSet rules = iamsmith::rule_set(r.config);
  const auto loaded = iamsmith::load_policy_text(kPolicy, "p.json");
  const auto found = iamsmith::run_custom_rules(rules, loaded, {});
  REQUIRE(found.size() == 1);
  const std::string sarif =
      iamsmith::render_sarif({{"p.json", &loaded.document.source, "", found}}, rules.lint_rules());
  const iamsmith::json::Document doc = iamsmith::json::parse(sarif);
  REQUIRE(doc.root);
  const auto& run = doc.root->get("runs")->items.at(0);
  const auto& descriptors = run.get("tool")->get("driver")->get("rules")->items;
  std::size_t index = descriptors.size();
  for (std::size_t i = 0; i < descriptors.size(); ++i) {
    if (descriptors[i].get("id")->text == "U001") index = i;
  }
  REQUIRE(index < descriptors.size());
  CHECK(descriptors[index].get("name")->text == "no-prod");
  CHECK(descriptors[index].get("shortDescription")->get("text")->text == "no production tables");
  CHECK(descriptors[index].get("defaultConfiguration")->get("level")->text == "error");
  const auto& result = run.get("results")->items.at(0);
  CHECK(result.get("ruleId")->text == "U001");
  CHECK(result.get("ruleIndex")->text == std::to_string(index));
  // lint's SARIF lists the rules lint can report: not the generator's or the configuration's.
  for (const auto& d : descriptors) CHECK(d.get("id")->text.front() != 'G');
}
