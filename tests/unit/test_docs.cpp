// docs/rules.md is generated from the rule declarations; it must not drift from them.

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "iamsmith/explain.hpp"

TEST_CASE("docs: docs/rules.md is current (regenerate with tools/update-docs)") {
  std::ifstream in(std::string(IAMSMITH_SOURCE_DIR) + "/docs/rules.md", std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "docs/rules.md is missing: run tools/update-docs");
  std::ostringstream text;
  text << in.rdbuf();
  CHECK_MESSAGE(text.str() == iamsmith::rules_markdown(), "docs/rules.md is stale: run tools/update-docs");
}

TEST_CASE("docs: every rule has an explain page naming its id, examples and references") {
  for (const iamsmith::Rule* rule : iamsmith::all_rules()) {
    CAPTURE(rule->id);
    const std::string page = iamsmith::explain_text(*rule);
    CHECK(page.rfind(std::string(rule->id) + " " + std::string(rule->name), 0) == 0);
    CHECK(page.find("Problematic") != std::string::npos);
    CHECK(page.find("Correct:") != std::string::npos);
    CHECK(page.find("https://") != std::string::npos);
    const std::string json = iamsmith::explain_json(*rule);
    CHECK(json.find("\"id\":\"" + std::string(rule->id) + "\"") != std::string::npos);
  }
  const std::string markdown = iamsmith::rules_markdown();
  for (const iamsmith::Rule* rule : iamsmith::all_rules()) {
    CHECK(markdown.find("\n## " + std::string(rule->id) + "\n") != std::string::npos);
  }
}
