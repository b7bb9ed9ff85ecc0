#include "iamsmith/suggest.hpp"

#include <algorithm>
#include <numeric>

#include "iamsmith/text.hpp"

namespace iamsmith {

std::size_t edit_distance(std::string_view a, std::string_view b, bool ignore_case) {
  auto eq = [ignore_case](char x, char y) {
    if (!ignore_case) return x == y;
    return fold_ascii(x) == fold_ascii(y);
  };
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (eq(a[i - 1], b[j - 1]) ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::optional<std::string> nearest(std::string_view word, const std::vector<std::string>& candidates,
                                   bool ignore_case) {
  const std::size_t allowed = std::max<std::size_t>(1, word.size() / 3);
  std::optional<std::string> best;
  std::size_t best_distance = allowed + 1;
  for (const std::string& c : candidates) {
    const std::size_t d = edit_distance(word, c, ignore_case);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

}  // namespace iamsmith
