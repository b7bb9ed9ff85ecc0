#pragma once
// lint --fix and --diff: applying the rules' mechanical fixes (Rule::autofix) to a file's text.
// A fix edits byte spans of the text the findings point into; the engine applies the edits of
// every fixable finding that does not collide with another, then checks the result: it must
// parse, and read as the same JSON except for members named "Version" a fix added. Writing the
// text back (atomically) is the caller's.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "iamsmith/diagnostic.hpp"
#include "iamsmith/load.hpp"
#include "iamsmith/rule.hpp"

namespace iamsmith {

// Whether a file's text may be fixed: a JSON file that parsed (not YAML: a fix writes JSON, and
// YAML has comments of its own; not text that failed to parse or was refused).
[[nodiscard]] bool fixable_file(const LoadedPolicy& loaded);

// The edit deleting `length` bytes at `offset` and the blanks that would be left: a span alone on
// its line(s) goes with them; one at the end of a line takes the blanks before it; one followed
// by more text on its line takes the blanks after it.
[[nodiscard]] TextEdit tidy_deletion(std::string_view text, std::size_t offset, std::size_t length);

// `text` with the edits made (they must not overlap; any order).
[[nodiscard]] std::string apply_edits(std::string_view text, std::vector<TextEdit> edits);

struct FixOutcome {
  std::string text;               // the fixed text; the original when nothing was fixed
  std::vector<std::size_t> fixed;  // indexes into the findings of those fixed
  // Findings with a fix that was not made because it collided with another finding's fix (a
  // second --fix makes it).
  std::size_t left = 0;
  // Set when the fixed text failed the check (a fix's bug): nothing is fixed, and this says why.
  std::string refused;
};

// Fixes what the built-in rules (find_rule by exact id) can fix among `findings`, which are
// findings on `loaded`'s text; nothing in a file that is not fixable_file.
[[nodiscard]] FixOutcome fix_findings(const LoadedPolicy& loaded, std::span<const Diagnostic> findings);

}  // namespace iamsmith
