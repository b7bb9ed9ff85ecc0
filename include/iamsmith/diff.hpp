#pragma once
// Unified diffs of two texts, line by line, as `diff -u` prints them and `patch` reads them:
// `lint --diff` previews its fixes with one, `generate --check` shows what drifted.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace iamsmith {

struct DiffOptions {
  std::size_t context = 3;  // unchanged lines around each change
  // Past this many changed lines (Myers' edit distance) the diff is not computed: nullopt.
  std::size_t max_edits = 2000;
};

// "--- OLD_LABEL\n+++ NEW_LABEL\n" and the hunks; empty when the texts are equal. A last line
// without a line feed is marked "\ No newline at end of file". nullopt when the texts differ in
// more than options.max_edits lines.
[[nodiscard]] std::optional<std::string> unified_diff(std::string_view old_text, std::string_view new_text,
                                                      std::string_view old_label, std::string_view new_label,
                                                      const DiffOptions& options = {});

}  // namespace iamsmith
