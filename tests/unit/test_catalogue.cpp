// The rule catalogue, checked from each rule's own declaration: every bad example fires at its
// pointer, every good example stays silent, and ids and names are unique and well-formed.

#include <doctest/doctest.h>

#include <set>
#include <string>

#include "iamsmith/lint.hpp"
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
    CHECK((rule->check != nullptr));
    CHECK(iamsmith::find_rule(rule->id) == rule);
    CHECK(iamsmith::find_rule(rule->name) == rule);
  }
  CHECK(ids.size() >= 3);
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
