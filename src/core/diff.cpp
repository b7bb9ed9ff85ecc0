// Unified diffs: Myers' O(ND) shortest edit script over lines, then hunks with context.
// (E. W. Myers, "An O(ND) Difference Algorithm and Its Variations", Algorithmica 1, 1986.)

#include "iamsmith/diff.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace iamsmith {
namespace {

// A line with its line feed, when it has one: a last line without one differs from the same
// line with one, as diff sees it.
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    const std::size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    lines.push_back(text.substr(0, end));
    text.remove_prefix(end);
  }
  return lines;
}

enum class OpKind : char { Same = ' ', Removed = '-', Added = '+' };
struct Op {
  OpKind kind;
  std::size_t old_line;  // 0-based positions in each text before the op
  std::size_t new_line;
};

// The shortest edit script, or nullopt past max_edits. Round d keeps the furthest x reached on
// each diagonal k in [-d, d]; the rounds are kept (d^2 entries in all) to walk the path back.
std::optional<std::vector<Op>> edit_script(const std::vector<std::string_view>& a,
                                           const std::vector<std::string_view>& b, std::size_t max_edits) {
  using Index = std::int64_t;
  const auto n = static_cast<Index>(a.size());
  const auto m = static_cast<Index>(b.size());
  const Index max_d = std::min<Index>(n + m, static_cast<Index>(max_edits));
  std::vector<Index> v(static_cast<std::size_t>(2 * max_d + 3), 0);
  const Index offset = max_d + 1;
  const auto at = [&](const std::vector<Index>& row, Index k) { return row[static_cast<std::size_t>(offset + k)]; };
  std::vector<std::vector<std::int32_t>> trace;  // trace[d][k + d]: v's diagonals -d..d before round d
  Index found = -1;
  for (Index d = 0; d <= max_d && found < 0; ++d) {
    std::vector<std::int32_t>& saved = trace.emplace_back(static_cast<std::size_t>(2 * d + 1));
    for (Index k = -d; k <= d; ++k) saved[static_cast<std::size_t>(k + d)] = static_cast<std::int32_t>(at(v, k));
    for (Index k = -d; k <= d; k += 2) {
      // Down (a line of b added) from diagonal k+1, or right (a line of a removed) from k-1.
      Index x = (k == -d || (k != d && at(v, k - 1) < at(v, k + 1))) ? at(v, k + 1) : at(v, k - 1) + 1;
      Index y = x - k;
      while (x < n && y < m && a[static_cast<std::size_t>(x)] == b[static_cast<std::size_t>(y)]) {
        ++x;
        ++y;
      }
      v[static_cast<std::size_t>(offset + k)] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) return std::nullopt;
  std::vector<Op> ops;
  Index x = n;
  Index y = m;
  for (Index d = found; d >= 0; --d) {
    const std::vector<std::int32_t>& before = trace[static_cast<std::size_t>(d)];
    const auto prev = [&](Index k) { return static_cast<Index>(before[static_cast<std::size_t>(k + d)]); };
    const Index k = x - y;
    Index snake_x = 0;
    Index prev_x = 0;
    Index prev_y = 0;
    bool down = false;
    if (d > 0) {
      down = k == -d || (k != d && prev(k - 1) < prev(k + 1));
      const Index prev_k = down ? k + 1 : k - 1;
      prev_x = prev(prev_k);
      prev_y = prev_x - prev_k;
      snake_x = down ? prev_x : prev_x + 1;
    }
    while (x > snake_x) {
      --x;
      --y;
      ops.push_back({OpKind::Same, static_cast<std::size_t>(x), static_cast<std::size_t>(y)});
    }
    if (d == 0) break;
    ops.push_back({down ? OpKind::Added : OpKind::Removed, static_cast<std::size_t>(prev_x),
                   static_cast<std::size_t>(prev_y)});
    x = prev_x;
    y = prev_y;
  }
  std::reverse(ops.begin(), ops.end());
  return ops;
}

void append_line(std::string& out, char mark, std::string_view line) {
  out.push_back(mark);
  out.append(line);
  if (line.empty() || line.back() != '\n') out += "\n\\ No newline at end of file\n";
}

}  // namespace

std::optional<std::string> unified_diff(std::string_view old_text, std::string_view new_text,
                                        std::string_view old_label, std::string_view new_label,
                                        const DiffOptions& options) {
  if (old_text == new_text) return std::string();
  const std::vector<std::string_view> a = split_lines(old_text);
  const std::vector<std::string_view> b = split_lines(new_text);
  const std::optional<std::vector<Op>> script = edit_script(a, b, options.max_edits);
  if (!script) return std::nullopt;
  const std::vector<Op>& ops = *script;
  const std::size_t context = options.context;
  std::string out = "--- " + std::string(old_label) + "\n+++ " + std::string(new_label) + "\n";
  for (std::size_t k = 0; k < ops.size();) {
    if (ops[k].kind == OpKind::Same) {
      ++k;
      continue;
    }
    // A hunk runs from `context` lines before this change to `context` lines after the last
    // change that follows the previous one by at most 2 * context unchanged lines.
    const std::size_t start = k > context ? k - context : 0;
    std::size_t end = k;
    std::size_t unchanged = 0;
    for (std::size_t e = k; e < ops.size(); ++e) {
      if (ops[e].kind != OpKind::Same) {
        end = e + 1;
        unchanged = 0;
      } else if (++unchanged > 2 * context) {
        break;
      }
    }
    end = std::min(ops.size(), end + context);
    std::size_t old_count = 0;
    std::size_t new_count = 0;
    std::string body;
    for (std::size_t e = start; e < end; ++e) {
      const Op& op = ops[e];
      switch (op.kind) {
        case OpKind::Same:
          ++old_count;
          ++new_count;
          append_line(body, ' ', a[op.old_line]);
          break;
        case OpKind::Removed:
          ++old_count;
          append_line(body, '-', a[op.old_line]);
          break;
        case OpKind::Added:
          ++new_count;
          append_line(body, '+', b[op.new_line]);
          break;
      }
    }
    // An empty side is numbered by the line before it (0 at the top), as diff -u does.
    out += "@@ -" + std::to_string(ops[start].old_line + (old_count > 0 ? 1 : 0)) + "," + std::to_string(old_count) +
           " +" + std::to_string(ops[start].new_line + (new_count > 0 ? 1 : 0)) + "," + std::to_string(new_count) +
           " @@\n" + body;
    k = end;
  }
  return out;
}

}  // namespace iamsmith
