#pragma once
// Helpers shared by the P rules (policy structure). They look at which keys a statement or the
// policy holds as written, so that a key present with a value of the wrong type (reported once,
// by P015) does not also count as missing.

#include <algorithm>
#include <array>
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "iamsmith/suggest.hpp"
#include "rule_helpers.hpp"

namespace iamsmith::rules::p {

// The elements IAM defines at the top of a policy and inside a statement; key names are
// case-sensitive. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
inline constexpr std::array<std::string_view, 3> kPolicyKeys = {"Version", "Id", "Statement"};
inline constexpr std::array<std::string_view, 9> kStatementKeys = {
    "Sid",       "Effect",   "Principal",   "NotPrincipal", "Action",
    "NotAction", "Resource", "NotResource", "Condition"};

// The versions of the policy language.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html
inline constexpr std::string_view kCurrentVersion = "2012-10-17";
inline constexpr std::string_view kOldVersion = "2008-10-17";

// The first occurrence of `key` among `keys` (source order), or null.
[[nodiscard]] inline const KeySpan* first_key(const std::vector<KeySpan>& keys, std::string_view key) {
  const auto it = std::find_if(keys.begin(), keys.end(), [key](const KeySpan& k) { return k.key == key; });
  return it == keys.end() ? nullptr : &*it;
}

[[nodiscard]] inline bool has_key(const std::vector<KeySpan>& keys, std::string_view key) {
  return first_key(keys, key) != nullptr;
}

// Whether the document's root is a JSON object. When it is not, P015 reports that once and the
// rules about missing top-level elements stay silent.
[[nodiscard]] inline bool root_is_object(const LintInput& in) {
  return in.policy != nullptr && in.loaded.document.root && in.loaded.document.root->is_object();
}

// Whether some value inside the element at `pointer` was dropped for its type: then an array or
// object that the model holds as empty was not empty in the source.
[[nodiscard]] inline bool has_mismatch_inside(const Policy& policy, std::string_view pointer) {
  return std::any_of(policy.type_mismatches.begin(), policy.type_mismatches.end(),
                     [pointer](const TypeMismatch& m) {
                       const std::string_view p = m.span.pointer;
                       return p.size() > pointer.size() && p.substr(0, pointer.size()) == pointer &&
                              p[pointer.size()] == '/';
                     });
}

// The candidates as strings, for `nearest`.
template <std::size_t N>
[[nodiscard]] std::vector<std::string> to_strings(const std::array<std::string_view, N>& items) {
  return {items.begin(), items.end()};
}

// An unknown key that looks like a misspelling of one of `wanted` ("effect", "Actions"): the
// likely reason an element is missing. Null when there is none.
template <std::size_t N>
[[nodiscard]] const UnknownKey* misspelling_of(const std::vector<UnknownKey>& unknown,
                                               std::initializer_list<std::string_view> wanted,
                                               const std::array<std::string_view, N>& valid) {
  const std::vector<std::string> candidates = to_strings(valid);
  for (const UnknownKey& key : unknown) {
    const auto near = nearest(key.key, candidates, true);
    if (near && std::find(wanted.begin(), wanted.end(), *near) != wanted.end()) return &key;
  }
  return nullptr;
}

// Adds a note pointing at a misspelt key that was probably meant as the missing element.
template <std::size_t N>
void note_misspelling(const std::vector<UnknownKey>& unknown, std::initializer_list<std::string_view> wanted,
                      const std::array<std::string_view, N>& valid, std::vector<Note>& notes) {
  if (const UnknownKey* key = misspelling_of(unknown, wanted, valid)) {
    notes.push_back({in_quotes(key->key) + " here is not a known element: a misspelling?", key->key_span});
  }
}

// 6144 -> "6,144", the way the AWS quota tables print numbers.
[[nodiscard]] inline std::string with_thousands(std::size_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

}  // namespace iamsmith::rules::p
