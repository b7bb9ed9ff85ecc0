#pragma once
// A rule's documentation, rendered from its single declaration: for `iamsmith explain`,
// `iamsmith rules` and docs/rules.md.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "iamsmith/lint.hpp"

namespace iamsmith {

// A command line that checks a rule's examples, as `explain` prints it: `iamsmith COMMAND ARGS`,
// where the argument kExampleFile (alone, or after "ROLE=") stands for the file holding the
// example. A test runs each one through the real command, so every option here must be one the
// command accepts.
struct ExampleCommand {
  std::string command;            // "lint", "verify"
  std::vector<std::string> args;  // options and operands
};
inline constexpr std::string_view kExampleFile = "example.json";

// Every command that reports the rule on its examples, in the order explain names them: lint for a
// rule with a check, verify (one link of the chain) for a rule with a verified_link.
[[nodiscard]] std::vector<ExampleCommand> example_commands(const Rule& rule);

// The page for one rule: what it finds, why, exceptions, fix, bad and good examples, references.
[[nodiscard]] std::string explain_text(const Rule& rule);
[[nodiscard]] std::string explain_json(const Rule& rule);
// The same page in Markdown, as docs/rules.md holds it under the rule's heading (SARIF's
// help.markdown).
[[nodiscard]] std::string explain_markdown(const Rule& rule);

// The catalogue: one line per rule (text), every rule's declaration (json), or the whole
// documentation page (markdown; docs/rules.md is this output for the built-in catalogue, checked
// by a test). `rules` defaults to the catalogue; pass RuleSet::rules() to add custom rules.
[[nodiscard]] std::string rules_text(std::span<const Rule* const> rules = all_rules());
[[nodiscard]] std::string rules_json(std::span<const Rule* const> rules = all_rules());
[[nodiscard]] std::string rules_markdown(std::span<const Rule* const> rules = all_rules());

}  // namespace iamsmith
