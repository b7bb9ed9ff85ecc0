// The fix engine (iamsmith/fix.hpp).

#include "iamsmith/fix.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <optional>

#include "iamsmith/json.hpp"
#include "iamsmith/limits.hpp"
#include "iamsmith/syntax.hpp"

namespace iamsmith {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// Whether two edits cannot both be made: their ranges overlap, two insertions at one place, or an
// insertion strictly inside a deletion. Equal edits are the same fix, not a collision.
bool collide(const TextEdit& a, const TextEdit& b) {
  if (a == b) return false;
  const std::size_t a_end = a.offset + a.length;
  const std::size_t b_end = b.offset + b.length;
  if (a.length == 0 && b.length == 0) return a.offset == b.offset;
  if (a.length == 0) return b.offset < a.offset && a.offset < b_end;
  if (b.length == 0) return a.offset < b.offset && b.offset < a_end;
  return a.offset < b_end && b.offset < a_end;
}

// Whether `fixed` reads as `original` with, at most, members named "Version" added to objects
// that had none: the one addition a fix may make (P005). Everything else (values, their order,
// duplicate keys) must be as it was.
bool same_but_version_added(const json::Node& original, const json::Node& fixed) {
  if (original.type != fixed.type) return false;
  switch (original.type) {
    case json::Type::Null:
    case json::Type::Bool:
    case json::Type::Number:
    case json::Type::String: return original.text == fixed.text;
    case json::Type::Array:
      if (original.items.size() != fixed.items.size()) return false;
      for (std::size_t i = 0; i < original.items.size(); ++i) {
        if (!same_but_version_added(original.items[i], fixed.items[i])) return false;
      }
      return true;
    case json::Type::Object: {
      const bool had_version = original.find("Version") != nullptr;
      std::size_t i = 0;
      for (const json::Member& member : fixed.members) {
        if (i < original.members.size() && member.key == original.members[i].key) {
          if (!same_but_version_added(original.members[i].value, member.value)) return false;
          ++i;
        } else if (member.key != "Version" || had_version) {
          return false;
        }
      }
      return i == original.members.size();
    }
  }
  return false;
}

bool is_deletion(const TextEdit& e) { return e.text.empty() && e.length > 0; }

// Two deletions that overlap are one deletion of both spans (two comments on one line, each
// taking the blanks between them), not a collision. (Deletions that only touch do not collide.)
bool mergeable(const TextEdit& a, const TextEdit& b) {
  return is_deletion(a) && is_deletion(b) && a.offset < b.offset + b.length && b.offset < a.offset + a.length;
}

// The edits accepted so far, by offset: no two collide, and deletions that overlap or touch are
// merged. A new edit can collide only with the accepted ones at the greatest offset below its
// own and those from its offset to its end: any earlier one ends before it (it would otherwise
// collide with, or have been merged into, one of those), so each check is logarithmic.
class AcceptedEdits {
 public:
  explicit AcceptedEdits(std::string_view text) : text_(text) {}

  // Adds all of `edits` or, when one collides with an accepted edit or another of them, none.
  bool add(const std::vector<TextEdit>& edits) {
    std::vector<Plan> plans;
    for (std::size_t i = 0; i < edits.size(); ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        if (collide(edits[i], edits[j]) && !mergeable(edits[i], edits[j])) return false;
      }
      auto plan = plan_for(edits[i]);
      if (!plan) return false;
      plans.push_back(std::move(*plan));
    }
    // Edits of one finding that overlap each other merge as they go in.
    for (std::size_t i = 0; i < edits.size(); ++i) {
      if (i == 0) {
        commit(plans[0]);
      } else if (auto plan = plan_for(edits[i])) {
        commit(*plan);
      }
    }
    return true;
  }

  [[nodiscard]] std::vector<TextEdit> edits() const {
    std::vector<TextEdit> out;
    out.reserve(by_offset_.size());
    for (const auto& [offset, e] : by_offset_) out.push_back(e);
    return out;
  }

 private:
  using Map = std::multimap<std::size_t, TextEdit>;
  struct Plan {
    TextEdit edit;                     // what goes in: the edit, or its hull with merged deletions
    std::vector<Map::iterator> merged;  // the accepted deletions it replaces
    bool duplicate = false;            // the same edit is in already (one fix found twice)
  };

  std::vector<Map::iterator> near(const TextEdit& e) {
    std::vector<Map::iterator> out;
    auto it = by_offset_.lower_bound(e.offset);
    if (it != by_offset_.begin()) {
      auto before = std::prev(it);
      const std::size_t at = before->first;
      while (true) {
        out.push_back(before);
        if (before == by_offset_.begin()) break;
        --before;
        if (before->first != at) break;
      }
    }
    for (; it != by_offset_.end() && it->first <= e.offset + e.length; ++it) out.push_back(it);
    return out;
  }

  std::optional<Plan> plan_for(const TextEdit& e) {
    Plan plan{e, {}, false};
    bool grew = true;
    while (grew) {
      grew = false;
      for (Map::iterator n : near(plan.edit)) {
        if (std::find(plan.merged.begin(), plan.merged.end(), n) != plan.merged.end()) continue;
        if (n->second == e) {
          plan.duplicate = true;
          continue;
        }
        if (mergeable(plan.edit, n->second)) {
          // Both spans, and the blanks their joint deletion leaves (the line, when it was all).
          const std::size_t start = std::min(plan.edit.offset, n->second.offset);
          const std::size_t end = std::max(plan.edit.offset + plan.edit.length, n->second.offset + n->second.length);
          plan.edit = tidy_deletion(text_, start, end - start);
          plan.merged.push_back(n);
          grew = true;
        } else if (collide(n->second, plan.edit)) {
          return std::nullopt;
        }
      }
    }
    if (plan.duplicate && plan.merged.empty()) plan.edit = e;
    return plan;
  }

  void commit(const Plan& plan) {
    if (plan.duplicate && plan.merged.empty()) return;
    for (Map::iterator n : plan.merged) by_offset_.erase(n);
    by_offset_.emplace(plan.edit.offset, plan.edit);
  }

  std::string_view text_;
  Map by_offset_;
};

}  // namespace

bool fixable_file(const LoadedPolicy& loaded) {
  const json::Document& doc = loaded.document;
  return !doc.error && doc.root && inputs::syntax_of(loaded.path, doc.source.text()) == inputs::Syntax::Json;
}

TextEdit tidy_deletion(std::string_view text, std::size_t offset, std::size_t length) {
  std::size_t start = offset;
  std::size_t end = std::min(text.size(), offset + length);
  std::size_t before = start;
  while (before > 0 && is_blank(text[before - 1])) --before;
  std::size_t after = end;
  while (after < text.size() && is_blank(text[after])) ++after;
  const bool line_starts = before == 0 || text[before - 1] == '\n';
  const bool line_ends = after == text.size() || text[after] == '\n' || text[after] == '\r';
  if (line_starts && line_ends) {
    // Alone on its line(s): the line goes, with its terminator.
    start = before;
    end = after;
    if (end < text.size() && text[end] == '\r') ++end;
    if (end < text.size() && text[end] == '\n') ++end;
  } else if (line_ends) {
    start = before;
    end = after;
  } else {
    end = after;
  }
  return TextEdit{start, end - start, ""};
}

std::string apply_edits(std::string_view text, std::vector<TextEdit> edits) {
  std::stable_sort(edits.begin(), edits.end(),
                   [](const TextEdit& a, const TextEdit& b) { return a.offset < b.offset; });
  std::string out;
  out.reserve(text.size());
  std::size_t at = 0;
  for (const TextEdit& e : edits) {
    out.append(text.substr(at, e.offset - at));
    out.append(e.text);
    at = e.offset + e.length;
  }
  out.append(text.substr(std::min(at, text.size())));
  return out;
}

FixOutcome fix_findings(const LoadedPolicy& loaded, std::span<const Diagnostic> findings) {
  const std::string& text = loaded.document.source.text();
  FixOutcome outcome;
  outcome.text = text;
  // Each fixable finding's edits, all of them or none.
  struct Candidate {
    std::size_t finding;
    std::vector<TextEdit> edits;
  };
  std::vector<Candidate> candidates;
  if (!fixable_file(loaded)) return outcome;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    const Rule* rule = find_rule(findings[i].rule_id);
    if (rule == nullptr || rule->id != findings[i].rule_id || rule->autofix == nullptr) continue;
    std::vector<TextEdit> edits = rule->autofix(findings[i], loaded);
    const bool in_text = std::all_of(edits.begin(), edits.end(), [&](const TextEdit& e) {
      return e.offset <= text.size() && e.length <= text.size() - e.offset;
    });
    if (edits.empty() || !in_text) continue;  // no safe fix for this one: a person's
    candidates.push_back({i, std::move(edits)});
  }
  std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    return a.edits.front().offset < b.edits.front().offset;
  });
  AcceptedEdits accepted(text);
  std::vector<std::size_t> fixed;
  for (const Candidate& c : candidates) {
    if (!accepted.add(c.edits)) {
      ++outcome.left;
      continue;
    }
    fixed.push_back(c.finding);
  }
  if (fixed.empty()) return outcome;
  std::string result = apply_edits(text, accepted.edits());
  json::ParseOptions options;
  options.max_bytes = std::max(options.max_bytes, result.size());
  options.max_depth = json::kMaxDepthLimit;  // the run's --max-depth admitted the original
  const json::Document check = json::parse(result, options);
  if (check.error || !check.root || !same_but_version_added(*loaded.document.root, *check.root)) {
    outcome.refused = check.error ? "the fixed text would not parse: " + check.error->message
                                  : "the fixed text would not read as the same policy";
    return outcome;
  }
  std::sort(fixed.begin(), fixed.end());
  outcome.fixed = std::move(fixed);
  outcome.text = std::move(result);
  return outcome;
}

}  // namespace iamsmith
