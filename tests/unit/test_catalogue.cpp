// The rule catalogue, checked from each rule's own declaration: every bad example fires at its
// pointer, every good example stays silent, and ids and names are unique and well-formed.

#include <doctest/doctest.h>

#include <filesystem>
#include <set>
#include <string>

#include "iamsmith/lint.hpp"
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
    // A rule lint does not run must be one verify reports, or nothing would ever report it.
    CHECK((rule->check != nullptr || rule->verified_link != iamsmith::ChainLink::None));
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
  const auto kind = iamsmith::verify::link_of(rule.verified_link);
  REQUIRE(request.has_value());
  REQUIRE(kind.has_value());
  return iamsmith::verify::check_link(*kind, *request, *loaded.policy);
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
