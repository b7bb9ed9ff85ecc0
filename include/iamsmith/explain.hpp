#pragma once
// A rule's documentation, rendered from its single declaration: for `iamsmith explain`,
// `iamsmith rules` and docs/rules.md.

#include <string>

#include "iamsmith/lint.hpp"

namespace iamsmith {

// The page for one rule: what it finds, why, exceptions, fix, bad and good examples, references.
[[nodiscard]] std::string explain_text(const Rule& rule);
[[nodiscard]] std::string explain_json(const Rule& rule);

// The catalogue: one line per rule (text), every rule's declaration (json), or the whole
// documentation page (markdown; docs/rules.md is this output, checked by a test).
[[nodiscard]] std::string rules_text();
[[nodiscard]] std::string rules_json();
[[nodiscard]] std::string rules_markdown();

}  // namespace iamsmith
