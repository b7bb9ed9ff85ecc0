#pragma once
// Helpers of the rules that read AWS's action catalogue (the D rules, and W002, W003, C002, C003,
// A005): how an Action value resolves against the catalogue, which actions a statement grants,
// and whether a Resource pattern can name a resource of a type whose ARN format AWS documents.
// Catalogue:
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "iamsmith/arn.hpp"
#include "iamsmith/expand.hpp"
#include "iamdata/generation.hpp"
#include "iamsmith/iamdata.hpp"
#include "iamsmith/match.hpp"
#include "rule_helpers.hpp"

namespace iamsmith::rules::d {

// What an Action or NotAction value is, as far as the catalogue can tell.
enum class ActionStatus {
  NotAnAction,     // not a string of the form service:action (P018 reports those)
  UnknownService,  // a literal action whose service prefix AWS does not have
  UnknownAction,   // a literal action the service does not have
  MatchesNothing,  // a wildcard pattern that matches no action
  Known,           // a real action, or a pattern matching at least one
};

struct ResolvedAction {
  ActionStatus status = ActionStatus::NotAnAction;
  std::vector<const iamdata::Action*> actions;  // what it matches (Known only)
};

// "*" alone matches every action; otherwise exactly one ':' with text on both sides.
[[nodiscard]] inline bool has_action_shape(std::string_view text) {
  if (text == "*") return true;
  const std::size_t colon = text.find(':');
  return colon != std::string_view::npos && colon > 0 && colon + 1 < text.size() &&
         text.find(':', colon + 1) == std::string_view::npos;
}

using iamsmith::is_all_stars;

// Resolves one Action value. A value whose service part holds a wildcard ("*", "*:*", "s*:*")
// is only classified, not listed: listing it would parse every service of the catalogue, and the
// callers that need the list (statement_actions) give up on such values anyway.
[[nodiscard]] inline ResolvedAction resolve_action_uncached(const iamdata::Catalog& catalog, std::string_view text) {
  ResolvedAction out;
  if (!has_action_shape(text)) return out;
  if (text == "*") {
    out.status = ActionStatus::Known;
    return out;
  }
  const std::size_t colon = text.find(':');
  const std::string_view service_part = text.substr(0, colon);
  const std::string_view action_part = text.substr(colon + 1);
  if (has_wildcard(service_part)) {
    bool some_service = false;
    for (const std::string_view prefix : catalog.service_prefixes()) {
      some_service = some_service || wildcard_match(service_part, prefix, CaseSensitivity::Insensitive);
    }
    // "s*:*" grants every action of the services it matches: no need to look at their actions.
    const bool known = some_service && (is_all_stars(action_part) || !catalog.expand(text).empty());
    out.status = known ? ActionStatus::Known : ActionStatus::MatchesNothing;
    return out;
  }
  if (has_wildcard(text)) {
    out.actions = catalog.expand(text);
    out.status = out.actions.empty() ? ActionStatus::MatchesNothing : ActionStatus::Known;
    return out;
  }
  const iamdata::Service* service = catalog.service(service_part);
  if (service == nullptr) {
    out.status = ActionStatus::UnknownService;
    return out;
  }
  const iamdata::Action* action = service->find_action(action_part);
  if (action == nullptr) {
    out.status = ActionStatus::UnknownAction;
    return out;
  }
  out.status = ActionStatus::Known;
  out.actions.push_back(action);
  return out;
}

// Hashing for maps keyed by std::string that are searched with a string_view (no copy per look-up).
// Deliberately not noexcept: libstdc++ then keeps each entry's hash beside it, so that a look-up
// compares hashes before texts and finds the end of its bucket without hashing the next entry's
// text again (with a noexcept hash it recomputes them; the memos' look-ups showed it).
struct TextHash {
  using is_transparent = void;
  [[nodiscard]] std::size_t operator()(std::string_view text) const {  // NOLINT(performance-noexcept-*)
    return static_cast<std::size_t>(text_hash(text, TextCase::Exact));
  }
};

// A per-thread memo of look-ups in one catalog: the same Action value appears in many
// statements, files and rules (the D rules, W003 and C rules resolve each value again), so
// each distinct value is resolved once per thread. Bounded: it is emptied when it grows past
// `kLimit` entries, when another catalog is asked, and when any catalog is created or destroyed.
template <class Value>
class CatalogMemo {
 public:
  static constexpr std::size_t kLimit = 1U << 16U;
  // The remembered value for `key`, computed by make() when absent. The reference stays valid
  // until the next call on this memo.
  template <class Make>
  const Value& get(const iamdata::Catalog& catalog, std::string_view key, Make&& make) {
    const std::uint64_t generation = iamdata::catalog_generation();
    if (catalog_ != &catalog || generation_ != generation) {
      map_.clear();
      catalog_ = &catalog;
      generation_ = generation;
    }
    if (const auto it = map_.find(key); it != map_.end()) return it->second;
    if (map_.size() >= kLimit) map_.clear();
    return map_.emplace(std::string(key), make()).first->second;
  }

 private:
  const iamdata::Catalog* catalog_ = nullptr;
  std::uint64_t generation_ = 0;
  std::unordered_map<std::string, Value, TextHash, std::equal_to<>> map_;
};

// How `value` resolves, remembered per thread. The reference stays valid until the next call on
// this thread (the memo may be emptied then): copy what must outlive it.
[[nodiscard]] inline const ResolvedAction& resolve_action(const iamdata::Catalog& catalog, const Scalar& value) {
  static const ResolvedAction kNotAnAction;
  if (value.type != json::Type::String) return kNotAnAction;
  thread_local CatalogMemo<ResolvedAction> memo;
  return memo.get(catalog, value.text, [&] { return resolve_action_uncached(catalog, value.text); });
}

// Every action the statement's Action element grants, each once, or nullopt when that cannot be
// known exactly: no Action element (NotAction), a value that does not resolve, or a value whose
// service part is a wildcard ("*", "*:Get*"), which grants across services wholesale.
[[nodiscard]] inline std::optional<std::vector<const iamdata::Action*>> statement_actions(
    const iamdata::Catalog& catalog, const Statement& st) {
  if (!st.action || st.action->empty()) return std::nullopt;
  std::vector<const iamdata::Action*> out;
  for (const Scalar& value : *st.action) {
    if (value.type != json::Type::String) return std::nullopt;
    const std::size_t colon = value.text.find(':');
    if (colon == std::string_view::npos || has_wildcard(std::string_view(value.text).substr(0, colon))) {
      return std::nullopt;
    }
    const ResolvedAction& resolved = resolve_action(catalog, value);
    if (resolved.status != ActionStatus::Known) return std::nullopt;
    out.insert(out.end(), resolved.actions.begin(), resolved.actions.end());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// --- Resource patterns against ARN formats -------------------------------------------------

// One element of a pattern: a literal character, '?' (one character), '*' (any run), or a
// placeholder that stands for a run without ':' or '/' (a partition, region, account or bucket
// name never holds either).
enum class TokenKind : std::uint8_t { Literal, One, Any, Segment };

struct Token {
  TokenKind kind = TokenKind::Literal;
  char c = 0;
};

// A Resource value as IAM matches it: '*' and '?' are wildcards, and a policy variable
// ("${aws:username}") may be anything, so it counts as '*'. ${*}, ${?} and ${$} are the literal
// characters.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
inline void append_policy_tokens(std::vector<Token>& out, std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t after = detail::skip_variable(text, i);
    if (after != i) {
      const std::string_view inner = text.substr(i + 2, after - i - 3);
      if (inner == "*" || inner == "?" || inner == "$") {
        out.push_back({TokenKind::Literal, inner[0]});
      } else {
        out.push_back({TokenKind::Any, 0});
      }
      i = after;
      continue;
    }
    const char c = text[i];
    out.push_back({c == '*' ? TokenKind::Any : c == '?' ? TokenKind::One : TokenKind::Literal, c});
    ++i;
  }
}
[[nodiscard]] inline std::vector<Token> policy_tokens(std::string_view text) {
  std::vector<Token> out;
  out.reserve(text.size());
  append_policy_tokens(out, text);
  return out;
}

// Placeholders whose values never contain ':' or '/'.
[[nodiscard]] inline bool is_segment_placeholder(std::string_view name) {
  return name == "Partition" || name == "Region" || name == "Account" || name == "BucketName";
}

// An ARN format from the catalogue ("arn:${Partition}:s3:::${BucketName}/${ObjectName}"): each
// ${Placeholder} is a run of characters; everything else is literal.
[[nodiscard]] inline std::vector<Token> format_tokens_uncached(std::string_view format) {
  std::vector<Token> out;
  for (std::size_t i = 0; i < format.size();) {
    if (format.substr(i, 2) == "${") {
      const std::size_t close = format.find('}', i + 2);
      if (close != std::string_view::npos) {
        const std::string_view name = format.substr(i + 2, close - i - 2);
        out.push_back({is_segment_placeholder(name) ? TokenKind::Segment : TokenKind::Any, 0});
        i = close + 1;
        continue;
      }
    }
    out.push_back({TokenKind::Literal, format[i]});
    ++i;
  }
  return out;
}

// The same, remembered per thread: a catalogue's formats are few and are compared with every
// Resource value. Keyed by the format's text, so that it holds whatever catalog is in use.
[[nodiscard]] inline const std::vector<Token>& format_tokens(std::string_view format) {
  struct Memo {
    std::unordered_map<std::string, std::vector<Token>, TextHash, std::equal_to<>> map;
  };
  thread_local Memo memo;
  if (const auto it = memo.map.find(format); it != memo.map.end()) return it->second;
  if (memo.map.size() >= (1U << 16U)) memo.map.clear();
  return memo.map.emplace(std::string(format), format_tokens_uncached(format)).first->second;
}

// Whether some string matches both patterns (compared ASCII case-insensitively, so that a
// difference of case alone is never reported as a mismatch). A search over pairs of positions:
// O(|a| * |b|).
[[nodiscard]] inline bool can_overlap(const std::vector<Token>& a, const std::vector<Token>& b) {
  // Literals at both ends must agree, whatever lies between: most pairs A005 and D004/D006 compare
  // differ there ("function:" against "layer:"), and are told apart without the search. Along the
  // common literal prefix the search has one path, so it starts where the prefix ends.
  const auto literal = [](const Token& t) { return t.kind == TokenKind::Literal; };
  std::size_t start = 0;
  while (start < a.size() && start < b.size() && literal(a[start]) && literal(b[start])) {
    if (fold_ascii(a[start].c) != fold_ascii(b[start].c)) return false;
    ++start;
  }
  for (std::size_t i = a.size(), j = b.size();
       i > start && j > start && literal(a[i - 1]) && literal(b[j - 1]); --i, --j) {
    if (fold_ascii(a[i - 1].c) != fold_ascii(b[j - 1].c)) return false;
  }
  const std::size_t width = b.size() + 1;
  // Scratch space kept per thread: this runs for every pair of a Resource value and an ARN
  // format, and allocating the table each time was most of its cost.
  thread_local std::vector<std::uint8_t> seen;
  thread_local std::vector<std::pair<std::size_t, std::size_t>> todo;
  seen.assign((a.size() + 1) * width, 0);
  todo.clear();
  todo.emplace_back(start, start);
  const auto push = [&](std::size_t i, std::size_t j) {
    if (seen[i * width + j] == 0) todo.emplace_back(i, j);
  };
  const auto is_run = [](TokenKind k) { return k == TokenKind::Any || k == TokenKind::Segment; };
  const auto separator = [](char c) { return c == ':' || c == '/'; };
  while (!todo.empty()) {
    const auto [i, j] = todo.back();
    todo.pop_back();
    if (seen[i * width + j] != 0) continue;
    seen[i * width + j] = 1;
    if (i == a.size() && j == b.size()) return true;
    const Token* ta = i < a.size() ? &a[i] : nullptr;
    const Token* tb = j < b.size() ? &b[j] : nullptr;
    // A run may end here (match nothing more).
    if (ta != nullptr && is_run(ta->kind)) push(i + 1, j);
    if (tb != nullptr && is_run(tb->kind)) push(i, j + 1);
    if (ta == nullptr || tb == nullptr) continue;
    // Both consume one character that both accept; a run stays where it is.
    if (is_run(ta->kind) && is_run(tb->kind)) continue;  // no progress
    bool compatible = true;
    if (ta->kind == TokenKind::Literal && tb->kind == TokenKind::Literal) {
      compatible = fold_ascii(ta->c) == fold_ascii(tb->c);
    } else if (ta->kind == TokenKind::Literal && tb->kind == TokenKind::Segment) {
      compatible = !separator(ta->c);
    } else if (tb->kind == TokenKind::Literal && ta->kind == TokenKind::Segment) {
      compatible = !separator(tb->c);
    }
    if (!compatible) continue;
    push(is_run(ta->kind) ? i : i + 1, is_run(tb->kind) ? j : j + 1);
  }
  return false;
}

// Whether `resource` (a Resource value) can name a resource of `type`.
[[nodiscard]] inline bool resource_fits_type(const std::vector<Token>& resource,
                                             const iamdata::ResourceType& type) {
  return std::any_of(type.arn_formats.begin(), type.arn_formats.end(),
                     [&](std::string_view format) { return can_overlap(resource, format_tokens(format)); });
}

// "a", "a and b", "a, b and 3 more".
[[nodiscard]] inline std::string name_list(const std::vector<std::string>& names, std::size_t shown = 3) {
  std::string out;
  const std::size_t listed = std::min(names.size(), shown);
  for (std::size_t i = 0; i < listed; ++i) {
    if (i > 0) out += (i + 1 == listed && names.size() <= shown) ? " and " : ", ";
    out += names[i];
  }
  if (names.size() > shown) out += " and " + std::to_string(names.size() - shown) + " more";
  return out;
}

// Whether a condition key written in a policy ("s3:ExistingObjectTag/team") is `listed`, a key
// as the catalogue names it ("s3:ExistingObjectTag/<key>"): equal ignoring case, or an instance
// of the template.
[[nodiscard]] inline bool key_is(std::string_view key, std::string_view listed,
                                 const iamdata::ConditionKey* resolved) {
  if (ci_equals(key, listed)) return true;
  if (resolved != nullptr && ci_equals(resolved->name, listed)) return true;
  // Most listed keys are no template ("s3:prefix"): equality was the whole question.
  if (listed.find('$') == std::string_view::npos && listed.find('<') == std::string_view::npos &&
      !listed.ends_with("/tag-key")) {
    return false;
  }
  // A template spelt differently in the action's list than in the key table: compare as patterns.
  std::string pattern;
  for (std::size_t i = 0; i < listed.size(); ++i) {
    const bool dollar = listed[i] == '$' && i + 1 < listed.size() && listed[i + 1] == '{';
    const bool angle = listed[i] == '<';
    // Two keys spell their placeholder as a literal "tag-key" ("ssm:resourceTag/tag-key").
    const bool tag_key = i > 0 && listed[i - 1] == '/' && listed.substr(i) == "tag-key";
    if (tag_key) {
      pattern += '*';
      break;
    }
    const std::size_t end = dollar  ? listed.find('}', i)
                            : angle ? listed.find('>', i)
                                    : std::string_view::npos;
    if (end != std::string_view::npos) {
      pattern += '*';
      i = end;
    } else {
      pattern += listed[i];
    }
  }
  return pattern != listed && wildcard_match(pattern, key, CaseSensitivity::Insensitive);
}

// Whether `action` can carry `key` in its request context: the action lists it, or one of the
// resource types it acts on does.
[[nodiscard]] inline bool action_supports_key(const iamdata::Action& action, std::string_view key,
                                              const iamdata::ConditionKey* resolved) {
  for (const std::string_view listed : action.condition_keys) {
    if (key_is(key, listed, resolved)) return true;
  }
  for (const iamdata::ActionResource& r : action.resources) {
    if (r.type == nullptr) continue;
    for (const std::string_view listed : r.type->condition_keys) {
      if (key_is(key, listed, resolved)) return true;
    }
  }
  return false;
}

}  // namespace iamsmith::rules::d

namespace iamsmith::rules::d {

// Calls fn(statement, value, is_not_action) for every string in every Action and NotAction.
template <class Fn>
void for_each_action_value(const Policy& policy, Fn&& fn) {
  for (const Statement& st : policy.statements()) {
    if (st.action) {
      for (const Scalar& value : *st.action) fn(st, value, false);
    }
    if (st.not_action) {
      for (const Scalar& value : *st.not_action) fn(st, value, true);
    }
  }
}

// What a value that matches nothing does to its statement, for the findings' notes.
[[nodiscard]] inline std::string matches_nothing_consequence(bool is_not_action) {
  if (is_not_action) {
    return "as a NotAction entry it excludes nothing, so the statement covers the action it was meant to "
           "leave out";
  }
  return "it matches no request, so the statement grants (or denies) nothing through it";
}

// Names the snapshot a verdict rests on, and how to read a newer one.
[[nodiscard]] inline std::string catalogue_note(const iamdata::Catalog& catalog) {
  return "iamsmith knows AWS's Service Authorization Reference as of " + std::string(catalog.date()) +
         "; an action AWS added later is missing from it (--iam-data FILE reads a newer snapshot)";
}

}  // namespace iamsmith::rules::d
