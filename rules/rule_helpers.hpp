#pragma once
// Small helpers shared by rule files. Rules read the policy model; they never parse text.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iamsmith/lint.hpp"
#include "iamsmith/text.hpp"  // in_quotes, ci_equals: what every rule quotes and compares with

namespace iamsmith::rules {

// "Allow" exactly (IAM's Effect values are case-sensitive).
[[nodiscard]] inline bool is_allow(const Statement& st) { return st.effect && st.effect->text == "Allow"; }
[[nodiscard]] inline bool is_deny(const Statement& st) { return st.effect && st.effect->text == "Deny"; }

// A NotResource or NotAction list with "*" (or "*:*", any all-star pattern per side) in it:
// it leaves out everything, so the statement applies to nothing (P019).
[[nodiscard]] inline bool excludes_everything(const std::optional<ValueList>& values) {
  if (!values) return false;
  for (const Scalar& v : *values) {
    const std::string_view t = v.text;
    const std::size_t colon = t.find(':');
    if (is_all_stars(t) || (colon != std::string_view::npos && is_all_stars(t.substr(0, colon)) &&
                            is_all_stars(t.substr(colon + 1)))) {
      return true;
    }
  }
  return false;
}

// How texts are compared: byte for byte, or ignoring ASCII case (action names).
enum class TextCase { Exact, IgnoreAscii };

// A hash of `text` read eight bytes at a time, equal for texts equal under `cases`: the catalogue
// memos' keys (d_helpers.hpp) and first_copies' table.
[[nodiscard]] inline std::uint64_t text_hash(std::string_view text, TextCase cases) noexcept {
  // Folding ORs 0x20 into each byte: texts equal ignoring ASCII case hash alike (other bytes may
  // then collide, which the comparison settles).
  const std::uint64_t fold = cases == TextCase::IgnoreAscii ? 0x2020202020202020ULL : 0;
  std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ text.size();
  std::size_t i = 0;
  const auto mix = [&h](std::uint64_t word) {
    h = (h ^ word) * 0x100000001B3ULL;
    h ^= h >> 29;
  };
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, text.data() + i, 8);
    mix(word | fold);
  }
  if (i < text.size()) {
    std::uint64_t word = 0;
    std::memcpy(&word, text.data() + i, text.size() - i);
    mix(word | fold);
  }
  return h;
}

// For each of n texts (text_of(i) for i < n), the index of its first copy among them (itself when
// it is the first), equal under `cases`. Linear: an open-addressing table of the first copies.
// What R001 (actions, ignoring case) and R004 (resources) find repeated entries with.
template <class TextOf>
[[nodiscard]] std::vector<std::size_t> first_copies(std::size_t n, TextOf&& text_of, TextCase cases) {
  std::vector<std::size_t> first(n);
  std::size_t capacity = 4;
  while (capacity < 2 * n) capacity *= 2;
  constexpr std::size_t kEmpty = static_cast<std::size_t>(-1);
  std::vector<std::size_t> slots(capacity, kEmpty);
  const auto same = [cases](std::string_view a, std::string_view b) {
    return cases == TextCase::IgnoreAscii ? ci_equals(a, b) : a == b;
  };
  for (std::size_t i = 0; i < n; ++i) {
    const std::string_view text = text_of(i);
    std::size_t at = static_cast<std::size_t>(text_hash(text, cases)) & (capacity - 1);
    while (slots[at] != kEmpty && !same(text_of(slots[at]), text)) at = (at + 1) & (capacity - 1);
    if (slots[at] == kEmpty) slots[at] = i;
    first[i] = slots[at];
  }
  return first;
}

// Calls fn(group) for each group of the statement's Principal, then of its NotPrincipal ("AWS":
// [...], "Service": ...): the walk of the rules that check principal values one group at a time.
template <class Fn>
void for_each_principal_group(const Statement& st, Fn&& fn) {
  for (const std::optional<Principal>* principal : {&st.principal, &st.not_principal}) {
    if (!*principal) continue;
    for (const PrincipalGroup& group : (*principal)->groups) fn(group);
  }
}

// A few names (service prefixes a rule's list of actions uses) to test many texts against,
// ignoring ASCII case: the length of a text rules out most of them before any byte is compared.
class NameSet {
 public:
  NameSet() = default;
  void add(std::string_view name) {
    if (contains(name)) return;
    names_.push_back(name);
    lengths_ |= bit(name.size());
  }
  [[nodiscard]] bool contains(std::string_view text) const {
    if ((lengths_ & bit(text.size())) == 0) return false;
    for (const std::string_view name : names_) {
      if (ci_equals(name, text)) return true;
    }
    return false;
  }

 private:
  // One bit per length up to 63; longer names share the last.
  static std::uint64_t bit(std::size_t size) { return std::uint64_t{1} << (size < 63 ? size : 63); }
  std::vector<std::string_view> names_;
  std::uint64_t lengths_ = 0;
};

}  // namespace iamsmith::rules
