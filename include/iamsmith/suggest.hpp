#pragma once
// "Did you mean ...?": the nearest candidate by edit distance.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iamsmith {

// Levenshtein distance, ASCII case-insensitive when `ignore_case`.
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b, bool ignore_case = false);

// The candidate closest to `word`, if it is close enough to be a plausible typo (distance at
// most a third of the word's length, and at least 1 edit allowed); ties go to the first.
[[nodiscard]] std::optional<std::string> nearest(std::string_view word,
                                                 const std::vector<std::string>& candidates,
                                                 bool ignore_case = false);

}  // namespace iamsmith
