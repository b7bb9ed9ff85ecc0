// The rule catalogue, checked from each rule's own declaration: every bad example fires at its
// pointer, every good example stays silent, and ids and names are unique and well-formed.

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>

#include "iamsmith/asl.hpp"
#include "iamsmith/config.hpp"
#include "iamsmith/lint_paths.hpp"
#include "iamsmith/generate.hpp"
#include "iamsmith/json.hpp"
#include "iamsmith/lint.hpp"
#include "iamsmith/setup.hpp"
#include "iamsmith/verify.hpp"
#include "re2/re2.h"

namespace {

std::vector<iamsmith::Diagnostic> run(const iamsmith::Rule& rule, std::string_view example) {
  const iamsmith::LoadedPolicy loaded = iamsmith::load_policy_text(std::string(example), "example.json");
  return iamsmith::lint_with_rule(rule, loaded, iamsmith::example_lint_context(rule.example_context));
}

}  // namespace

TEST_CASE("catalogue: every rule's bad example fires at its pointer") {
  for (const iamsmith::Rule* rule : iamsmith::all_rules()) {
    CAPTURE(rule->id);
    if (rule->check == nullptr) continue;  // a chain rule: checked by verify, below
    const auto findings = run(*rule, rule->bad_example);
    bool at_pointer = false;
    for (const auto& d : findings) at_pointer = at_pointer || d.span.pointer == rule->bad_pointer;
    CHECK_MESSAGE(at_pointer, rule->id, " did not fire at '", std::string(rule->bad_pointer), "'; findings: ",
                  findings.size(), findings.empty() ? "" : " first at '" + findings[0].span.pointer + "'");
    for (const auto& d : findings) {
      CHECK(d.rule_id == rule->id);
      CHECK(d.severity == rule->severity);
      CHECK(d.span.line > 0);
      CHECK(d.span.column > 0);
      CHECK_FALSE(d.message.empty());
    }
  }
}

TEST_CASE("catalogue: every rule's good example stays silent") {
  for (const iamsmith::Rule* rule : iamsmith::all_rules()) {
    CAPTURE(rule->id);
    if (rule->check == nullptr) continue;  // a chain rule: checked by verify, below
    const auto findings = run(*rule, rule->good_example);
    CHECK_MESSAGE(findings.empty(), rule->id, " fired on its good example: ",
                  findings.empty() ? "" : findings[0].message + " at " + findings[0].span.pointer);
  }
}

TEST_CASE("catalogue: ids and names are unique, well-formed, and every rule is documented") {
  std::set<std::string_view> ids;
  std::set<std::string_view> names;
  const RE2 id_pattern("[A-Z][0-9]{3}");
  const RE2 name_pattern("[a-z][a-z0-9]*(-[a-z0-9]+)*");
  for (const iamsmith::Rule* rule : iamsmith::all_rules()) {
    CAPTURE(rule->id);
    CHECK(ids.insert(rule->id).second);
    CHECK(names.insert(rule->name).second);
    CHECK(RE2::FullMatch(std::string(rule->id), id_pattern));
    CHECK(RE2::FullMatch(std::string(rule->name), name_pattern));
    CHECK_FALSE(rule->summary.empty());
    CHECK_FALSE(rule->rationale.empty());
    CHECK_FALSE(rule->fix.empty());
    CHECK_FALSE(rule->bad_example.empty());
    CHECK_FALSE(rule->good_example.empty());
    CHECK_FALSE(rule->references.empty());
    // A rule lint does not run must be one verify, generate or the configuration reader reports,
    // or nothing would ever report it.
    CHECK((rule->check != nullptr || rule->verified_link != iamsmith::ChainLink::None ||
           rule->example_input != iamsmith::ExampleInput::Document));
    // ... and a rule they report is not also run by lint on its examples.
    if (rule->example_input != iamsmith::ExampleInput::Document) CHECK((rule->check == nullptr));
    CHECK(iamsmith::find_rule(rule->id) == rule);
    CHECK(iamsmith::find_rule(rule->name) == rule);
  }
  // One rule per rules/<ID>_<name>.cpp file: the catalogue holds exactly the rules on disk.
  std::size_t rule_files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(IAMSMITH_SOURCE_DIR) + "/rules")) {
    const std::string file = entry.path().filename().string();
    if (RE2::FullMatch(file, R"([A-Z][0-9]{3}_[a-z0-9_]+\.cpp)")) ++rule_files;
  }
  CHECK(rule_files > 0);
  CHECK(ids.size() == rule_files);
}

namespace {

// verify's check of one link, on an example of a chain rule (its example_context gives the ARNs,
// action and resource of the call).
iamsmith::verify::Link verify_example(const iamsmith::Rule& rule, std::string_view example) {
  const iamsmith::LoadedPolicy loaded = iamsmith::load_policy_text(std::string(example), "example.json");
  REQUIRE(loaded.policy.has_value());
  const auto request = iamsmith::verify::example_request(rule);
  REQUIRE(request.has_value());
  return iamsmith::verify::check_link(rule.verified_link, *request, *loaded.policy);
}

}  // namespace

TEST_CASE("catalogue: every chain rule's bad example breaks its link at its pointer, the good one holds") {
  std::set<std::string_view> chain_rules;
  for (const iamsmith::Rule* rule : iamsmith::all_rules()) {
    if (rule->verified_link == iamsmith::ChainLink::None) continue;
    CAPTURE(rule->id);
    chain_rules.insert(rule->id);
    const iamsmith::verify::Link bad = verify_example(*rule, rule->bad_example);
    CHECK(bad.status == iamsmith::verify::LinkStatus::Broken);
    REQUIRE(bad.finding.has_value());
    CHECK(bad.finding->rule_id == rule->id);
    CHECK(bad.finding->rule_name == rule->name);
    CHECK(bad.finding->span.pointer == rule->bad_pointer);
    CHECK(bad.finding->span.line > 0);
    const iamsmith::verify::Link good = verify_example(*rule, rule->good_example);
    CHECK_MESSAGE(good.status == iamsmith::verify::LinkStatus::Satisfied, rule->id, " broke its link on its good example: ",
                  good.finding ? good.finding->message : good.reason);
  }
  CHECK(chain_rules == std::set<std::string_view>{"S001", "S003", "S004", "S006"});
}

TEST_CASE("catalogue: selectors match ids, names and id prefixes") {
  const iamsmith::Rule* p002 = iamsmith::find_rule("p002");
  REQUIRE(p002 != nullptr);
  CHECK(iamsmith::rule_matches_selector(*p002, "P002"));
  CHECK(iamsmith::rule_matches_selector(*p002, "P"));
  CHECK(iamsmith::rule_matches_selector(*p002, "json-extension"));
  CHECK_FALSE(iamsmith::rule_matches_selector(*p002, "json"));
  CHECK_FALSE(iamsmith::rule_matches_selector(*p002, ""));
  CHECK(iamsmith::find_rule("no-such-rule") == nullptr);
}

namespace {

namespace gen = iamsmith::gen;

gen::Text option_text(std::string_view value) {
  gen::Text t;
  t.value = std::string(value);
  return t;
}

// What `iamsmith generate` reports on an example of a generator rule: the example read as the
// file of its ExampleInput, with the generate options its example_context declares, as
// cmd_generate passes them.
std::vector<gen::Finding> generate_example(const iamsmith::Rule& rule, std::string_view example) {
  const iamsmith::ExampleContext& c = rule.example_context;
  const iamsmith::json::Document doc = iamsmith::json::parse(std::string(example));
  REQUIRE(doc.root.has_value());
  std::vector<gen::Finding> findings;
  gen::IntegrationTable table = gen::builtin_integrations();
  std::vector<gen::Setup> setups;
  switch (rule.example_input) {
    case iamsmith::ExampleInput::GenerateSpec: setups = gen::parse_spec(*doc.root, 0, findings); break;
    case iamsmith::ExampleInput::GenerateDefinition: {
      gen::Setup s;
      s.state_machine_arn = option_text(c.state_machine_arn);
      s.execution_role_arn = option_text(c.execution_role_arn);
      s.definition = iamsmith::asl::build_definition(*doc.root);
      s.definition_input = 0;
      setups.push_back(std::move(s));
      break;
    }
    case iamsmith::ExampleInput::GenerateIntegrations:
      gen::extend_integrations(table, *doc.root, 0, findings);
      break;
    case iamsmith::ExampleInput::Document:
    case iamsmith::ExampleInput::Config: FAIL("not a generator rule"); break;
  }
  gen::Options options;
  if (!c.role_arn.empty()) options.role_arns.push_back(option_text(c.role_arn));
  if (!c.resource.empty()) {
    auto o = gen::parse_resource_option(option_text(c.resource), findings);
    REQUIRE(o.has_value());
    options.resources.push_back(*o);
  }
  options.allow_any_role = c.allow_any_role;
  options.exact_resources = c.exact_resources;
  if (c.trust_policy_quota != 0) options.trust_policy_quota = c.trust_policy_quota;
  const bool input_errors = std::any_of(findings.begin(), findings.end(), [](const gen::Finding& f) {
    return f.diagnostic.severity == iamsmith::Severity::Error;
  });
  if (!input_errors && !setups.empty()) {
    gen::Result result = gen::generate(setups, options, table);
    findings.insert(findings.end(), result.findings.begin(), result.findings.end());
  }
  return findings;
}

std::string describe(const std::vector<gen::Finding>& findings) {
  std::string out;
  for (const gen::Finding& f : findings) {
    out += "\n  " + f.diagnostic.rule_id + " at '" + f.diagnostic.span.pointer + "': " + f.diagnostic.message;
  }
  return out;
}

std::vector<const iamsmith::Rule*> generator_rules() {
  std::vector<const iamsmith::Rule*> out;
  for (const iamsmith::Rule* rule : iamsmith::all_rules()) {
    if (iamsmith::reported_by_generate(rule->example_input)) out.push_back(rule);
  }
  return out;
}

}  // namespace

TEST_CASE(
    "catalogue: every generator rule's bad example is reported by generate at its pointer, the good one is "
    "not") {
  const auto rules = generator_rules();
  CHECK(rules.size() == 14);  // G001-G016 without G006 and G008
  for (const iamsmith::Rule* rule : rules) {
    CAPTURE(rule->id);
    const auto bad = generate_example(*rule, rule->bad_example);
    bool at_pointer = false;
    for (const gen::Finding& f : bad) {
      if (f.diagnostic.rule_id != rule->id) continue;
      at_pointer = at_pointer || f.diagnostic.span.pointer == rule->bad_pointer;
      CHECK(f.diagnostic.rule_name == rule->name);
      CHECK(f.diagnostic.severity == rule->generate_severity.value_or(rule->severity));
      CHECK_FALSE(f.diagnostic.message.empty());
      // A finding about a file has its position (G012 and G015 are about the whole run).
      if (!rule->bad_pointer.empty()) CHECK(f.diagnostic.span.line > 0);
    }
    CHECK_MESSAGE(at_pointer, rule->id, " not reported at '", std::string(rule->bad_pointer),
                  "'; findings:", describe(bad));
    const auto good = generate_example(*rule, rule->good_example);
    const bool silent = std::none_of(good.begin(), good.end(),
                                     [&](const gen::Finding& f) { return f.diagnostic.rule_id == rule->id; });
    CHECK_MESSAGE(silent, rule->id, " reported on its good example:", describe(good));
  }
}

TEST_CASE(
    "catalogue: the configuration rule's bad example is a problem at its pointer, the good one is read "
    "clean") {
  std::size_t config_rules = 0;
  for (const iamsmith::Rule* rule : iamsmith::all_rules()) {
    if (rule->example_input != iamsmith::ExampleInput::Config) continue;
    CAPTURE(rule->id);
    ++config_rules;
    const iamsmith::ConfigResult bad = iamsmith::parse_config(std::string(rule->bad_example), "example.json");
    // K002 is reported after a run: the example is linted as itself, as explain's command does.
    auto after_run = [](const iamsmith::ConfigResult& config, std::string_view example) {
      iamsmith::LintPathsOptions options;
      options.config = config.config;
      const std::vector<iamsmith::LintSource> sources{{"example.json", std::string(example)}};
      std::vector<iamsmith::Diagnostic> out;
      for (auto& r : iamsmith::lint_paths(sources, options).reports)
        out.insert(out.end(), r.diagnostics.begin(), r.diagnostics.end());
      return out;
    };
    std::vector<iamsmith::Diagnostic> reported = bad.problems;
    if (bad.problems.empty()) reported = after_run(bad, rule->bad_example);
    bool at_pointer = false;
    for (const auto& d : reported)
      at_pointer = at_pointer || (d.rule_id == rule->id && d.span.pointer == rule->bad_pointer);
    CHECK(at_pointer);
    const iamsmith::ConfigResult good =
        iamsmith::parse_config(std::string(rule->good_example), "example.json");
    CHECK(good.problems.empty());
    for (const auto& d : after_run(good, rule->good_example)) CHECK(d.rule_id != rule->id);
  }
  CHECK(config_rules == 2);  // K001, K002
}

TEST_CASE("catalogue: every code generate, verify and the configuration reader print is a rule") {
  auto known = [](const iamsmith::Diagnostic& d) {
    const iamsmith::Rule* rule = iamsmith::find_rule(d.rule_id);
    return rule != nullptr && rule->id == d.rule_id && rule->name == d.rule_name;
  };
  // Everything the generator says on the G rules' examples, good and bad.
  std::set<std::string> seen;
  for (const iamsmith::Rule* rule : generator_rules()) {
    for (std::string_view example : {rule->bad_example, rule->good_example}) {
      for (const gen::Finding& f : generate_example(*rule, example)) {
        CAPTURE(f.diagnostic.rule_id);
        CHECK(known(f.diagnostic));
        seen.insert(f.diagnostic.rule_id);
      }
    }
  }
  CHECK(seen.count("G010") == 1);
  // Configuration problems, of every kind the reader has.
  const auto config = iamsmith::parse_config(
      R"({"selct": [], "select": ["Z9"], "severity": {"W010": "loud"}, "ignores": [{"path": "x"}],
          "rules": [{"id": "u1", "pattern": "(", "pointer": "/", "message": "m"}]})",
      "cfg.json");
  // An unknown key, a selector matching no rule, an unknown severity, an ignore without a reason,
  // a malformed custom rule id and an invalid re2 pattern.
  CHECK(config.problems.size() == 6);
  for (const auto& d : config.problems) {
    CHECK(d.rule_id == "K001");
    CHECK(known(d));
  }
  CHECK(iamsmith::parse_config("{", "cfg.json").problems.at(0).rule_id == "K001");
  // verify's broken links and unreadable policies.
  for (const iamsmith::Rule* rule : iamsmith::all_rules()) {
    if (rule->verified_link == iamsmith::ChainLink::None) continue;
    const iamsmith::verify::Link bad = verify_example(*rule, rule->bad_example);
    REQUIRE(bad.finding.has_value());
    CHECK(known(*bad.finding));
  }
}

TEST_CASE("catalogue: generate reports S005 as an error where lint warns (generate_severity)") {
  const iamsmith::Rule* s005 = iamsmith::find_rule("S005");
  REQUIRE(s005 != nullptr);
  REQUIRE(s005->generate_severity.has_value());
  CHECK(*s005->generate_severity == iamsmith::Severity::Error);
  CHECK(s005->severity == iamsmith::Severity::Warning);
  const iamsmith::json::Document doc = iamsmith::json::parse(std::string(s005->bad_example));
  REQUIRE(doc.root.has_value());
  gen::Setup setup;
  setup.state_machine_arn = option_text("arn:aws:states:us-east-1:111122223333:stateMachine:Orders");
  setup.execution_role_arn = option_text("arn:aws:iam::111122223333:role/OrdersExecution");
  setup.definition = iamsmith::asl::build_definition(*doc.root);
  setup.definition_input = 0;
  const gen::Result result = gen::generate({setup}, gen::Options{}, gen::builtin_integrations());
  bool reported = false;
  for (const gen::Finding& f : result.findings) {
    if (f.diagnostic.rule_id != "S005") continue;
    reported = true;
    CHECK(f.diagnostic.severity == iamsmith::Severity::Error);
    CHECK(f.diagnostic.rule_name == "dynamic-role");
  }
  CHECK(reported);
  CHECK(result.refused());
  const auto linted = run(*s005, s005->bad_example);
  REQUIRE_FALSE(linted.empty());
  CHECK(linted[0].severity == iamsmith::Severity::Warning);
}

TEST_CASE("catalogue: a definition's comments and trailing commas take G004's declared lenient severity") {
  const iamsmith::Rule& g004 = iamsmith::catalogue_rule("G004");
  REQUIRE(g004.lenient_severity.has_value());
  CHECK(*g004.lenient_severity != g004.severity);
  const auto read = [](const std::string& definition) {
    std::istringstream in(definition);
    iamsmith::sfn::SetupRequest request;
    request.definition = "-";
    request.state_machine_arn = "arn:aws:states:us-east-1:111122223333:stateMachine:Orders";
    request.execution_role_arn = "arn:aws:iam::111122223333:role/OrdersExecution";
    request.standard_input = &in;
    return iamsmith::sfn::read_setup(request);
  };
  const auto lenient = read(R"({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true},}})");
  REQUIRE(lenient.findings.size() == 1);
  CHECK(lenient.findings[0].diagnostic.rule_id == "G004");
  CHECK(lenient.findings[0].diagnostic.severity == *g004.lenient_severity);
  CHECK(lenient.setups.at(0).definition.has_value());  // read on
  const auto broken = read(R"({"StartAt": "A", "States": )");
  REQUIRE(broken.findings.size() == 1);
  CHECK(broken.findings[0].diagnostic.rule_id == "G004");
  CHECK(broken.findings[0].diagnostic.severity == g004.severity);
}

TEST_CASE("catalogue: make_finding carries the rule's id, name and severity") {
  const iamsmith::Rule& g007 = iamsmith::catalogue_rule("G007");
  iamsmith::SourceSpan span;
  span.pointer = "/States/Call/Resource";
  span.line = 6;
  const iamsmith::Diagnostic d = iamsmith::make_finding(g007, span, "m", {{"n", std::nullopt}});
  CHECK(d.rule_id == "G007");
  CHECK(d.rule_name == "unknown-integration");
  CHECK(d.severity == iamsmith::Severity::Error);
  CHECK(d.span.pointer == "/States/Call/Resource");
  CHECK(d.message == "m");
  REQUIRE(d.notes.size() == 1);
  CHECK_THROWS_AS((void)iamsmith::catalogue_rule("G006"), std::logic_error);  // retired: now S002
}

namespace {

// The ids a rule declares may fire on its good example (Rule::good_example_tolerates).
std::set<std::string, std::less<>> tolerated_ids(const iamsmith::Rule& rule) {
  std::set<std::string, std::less<>> out;
  std::string_view rest = rule.good_example_tolerates;
  while (!rest.empty()) {
    const std::size_t space = rest.find(' ');
    const std::string_view id = rest.substr(0, space);
    if (!id.empty()) out.emplace(id);
    if (space == std::string_view::npos) break;
    rest.remove_prefix(space + 1);
  }
  return out;
}

}  // namespace

// A good example is what a user copies: it must be clean under the whole catalogue, not only
// under its own rule, or the documentation teaches a policy that `iamsmith lint` flags.
TEST_CASE("catalogue: every good example is clean under all rules, except the ones its rule tolerates") {
  std::size_t linted = 0;
  for (const iamsmith::Rule* rule : iamsmith::all_rules()) {
    // The examples of lint rules and of chain rules are documents lint reads; a rule reported
    // by another command (generate) has examples of that command's input, judged by it.
    if (rule->check == nullptr && rule->verified_link == iamsmith::ChainLink::None) continue;
    CAPTURE(rule->id);
    ++linted;
    const auto tolerated = tolerated_ids(*rule);
    for (const std::string& id : tolerated) {
      CAPTURE(id);
      CHECK_MESSAGE(iamsmith::find_rule(id) != nullptr, "tolerates an unknown rule");
      CHECK_MESSAGE(id != rule->id, "a rule cannot tolerate itself on its good example");
    }
    const iamsmith::LoadedPolicy loaded = iamsmith::load_policy_text(std::string(rule->good_example), "example.json");
    std::set<std::string, std::less<>> fired;
    for (const iamsmith::Diagnostic& d : iamsmith::lint(loaded, iamsmith::example_lint_context(rule->example_context))) {
      fired.insert(d.rule_id);
      CHECK_MESSAGE(tolerated.count(d.rule_id) == 1, d.rule_id, " fired on the good example: ", d.message, " at '",
                    d.span.pointer, "'");
    }
    // A declared exception that no longer fires is stale: the example or the other rule changed.
    for (const std::string& id : tolerated) {
      CHECK_MESSAGE(fired.count(id) == 1, "declares it tolerates ", id, ", which does not fire on the good example");
    }
  }
  CHECK(linted > 0);
}

TEST_CASE("catalogue: a good example that trips another rule fails the all-rules check") {
  // The check above on a made-up rule whose good example is a trust policy without ExternalId:
  // T001 fires on it, so the example is not clean unless T001 is declared tolerated.
  const iamsmith::LoadedPolicy loaded = iamsmith::load_policy_text(
      R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
          "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}]})",
      "example.json");
  iamsmith::ExampleContext context;
  context.kind = "trust";
  std::set<std::string> fired;
  for (const auto& d : iamsmith::lint(loaded, iamsmith::example_lint_context(context))) fired.insert(d.rule_id);
  CHECK(fired.count("T001") == 1);
  iamsmith::Rule rule{};
  rule.id = "Z999";
  rule.good_example_tolerates = "T001  W010";
  CHECK(tolerated_ids(rule) == std::set<std::string, std::less<>>{"T001", "W010"});
}
