#pragma once
// The IAM policy model: plain value types, each leaf carrying the span it was read from.
// Grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iamsmith/json.hpp"
#include "iamsmith/source.hpp"

namespace iamsmith {

// A leaf value. Policies hold strings almost everywhere; condition values may also be
// numbers or booleans, and are kept with their JSON type so that writing them back is exact.
struct Scalar {
  json::Type type = json::Type::String;
  std::string text;  // the string value, or the number's / boolean's source text
  SourceSpan span;

  friend bool operator==(const Scalar&, const Scalar&) = default;
};

[[nodiscard]] Scalar make_string(std::string text);

// An element that IAM accepts either as one value or as an array of values. `is_array`
// remembers which form the source used, so writing it back keeps the author's choice.
template <class T>
struct OneOrMany {
  std::vector<T> items;
  bool is_array = false;
  SourceSpan span;  // the element's value (the scalar, or the whole array)

  [[nodiscard]] bool empty() const { return items.empty(); }
  [[nodiscard]] auto begin() const { return items.begin(); }
  [[nodiscard]] auto end() const { return items.end(); }
  friend bool operator==(const OneOrMany&, const OneOrMany&) = default;
};

using ValueList = OneOrMany<Scalar>;

// A key present in an object, in source order, with the span of the key itself.
struct KeySpan {
  std::string key;
  SourceSpan span;
  friend bool operator==(const KeySpan&, const KeySpan&) = default;
};

// A key IAM does not define at that place. Kept whole so that rules can report it and the
// writer can write it back.
struct UnknownKey {
  std::string key;
  SourceSpan key_span;
  json::Node value;
  friend bool operator==(const UnknownKey& a, const UnknownKey& b) {
    return a.key == b.key && json::to_json(a.value) == json::to_json(b.value);
  }
};

// A value of a JSON type the grammar does not allow at that place ("Action": 42). The element
// is then left out of the model, and this records why.
struct TypeMismatch {
  std::string expected;  // "a string or an array of strings"
  json::Type actual = json::Type::Null;
  SourceSpan span;
  friend bool operator==(const TypeMismatch&, const TypeMismatch&) = default;
};

enum class PrincipalType { Aws, Service, Federated, CanonicalUser, Unknown };
[[nodiscard]] std::string_view principal_type_key(PrincipalType type);  // "AWS", "Service", ...
[[nodiscard]] PrincipalType principal_type_from_key(std::string_view key);

struct PrincipalGroup {
  std::string key;  // as written: "AWS", "Service", ... (Unknown keeps the author's spelling)
  PrincipalType type = PrincipalType::Unknown;
  SourceSpan key_span;
  ValueList values;
  friend bool operator==(const PrincipalGroup&, const PrincipalGroup&) = default;
};

// Principal or NotPrincipal: either the bare string "*" or a map of principal types to values.
struct Principal {
  std::optional<Scalar> bare;  // "Principal": "*" (any other bare string is kept too, for lint)
  std::vector<PrincipalGroup> groups;
  SourceSpan key_span;
  SourceSpan span;
  // The order of principal types carries no meaning (the writer puts them in a fixed order),
  // so groups compare as a multiset.
  friend bool operator==(const Principal& a, const Principal& b);
};

struct ConditionEntry {
  std::string key;  // condition key, e.g. "sts:ExternalId" (case-insensitive in IAM)
  SourceSpan key_span;
  ValueList values;
  friend bool operator==(const ConditionEntry&, const ConditionEntry&) = default;
};

struct ConditionOperator {
  std::string name;  // e.g. "StringEquals", "ForAnyValue:StringLike", "ArnLikeIfExists"
  SourceSpan key_span;
  std::vector<ConditionEntry> entries;
  friend bool operator==(const ConditionOperator&, const ConditionOperator&) = default;
};

struct ConditionBlock {
  std::vector<ConditionOperator> operators;
  SourceSpan key_span;
  SourceSpan span;
  friend bool operator==(const ConditionBlock&, const ConditionBlock&) = default;
};

struct Statement {
  std::optional<Scalar> sid;
  std::optional<Scalar> effect;
  std::optional<Principal> principal;
  std::optional<Principal> not_principal;
  std::optional<ValueList> action;
  std::optional<ValueList> not_action;
  std::optional<ValueList> resource;
  std::optional<ValueList> not_resource;
  std::optional<ConditionBlock> condition;
  std::vector<UnknownKey> unknown;
  std::vector<KeySpan> keys;  // every key present, in source order (duplicates included)
  SourceSpan span;

  // The span of `key` in this statement (last occurrence), or the statement's own span.
  [[nodiscard]] SourceSpan key_span(std::string_view key) const;
  // The Action or NotAction list, whichever is present (Action first).
  [[nodiscard]] const ValueList* actions() const;
  // Equality of the elements and their spans; `keys` (the source's key order and duplicates) is
  // not compared. equal_ignoring_positions() leaves the spans out too.
  friend bool operator==(const Statement& a, const Statement& b);
};

struct Policy {
  std::optional<Scalar> version;
  std::optional<Scalar> id;
  std::optional<OneOrMany<Statement>> statement;
  std::vector<UnknownKey> unknown;
  std::vector<KeySpan> keys;
  std::vector<TypeMismatch> type_mismatches;  // anywhere in the document
  SourceSpan span;

  [[nodiscard]] const std::vector<Statement>& statements() const;
  // Like Statement's: elements and spans, not `keys` and `type_mismatches`.
  friend bool operator==(const Policy& a, const Policy& b);
};

// Whether two policies (statements) say the same thing, wherever it was written: operator==
// without the source spans. What "load -> write -> load" and the generator's tests compare.
[[nodiscard]] bool equal_ignoring_positions(const Policy& a, const Policy& b);
[[nodiscard]] bool equal_ignoring_positions(const Statement& a, const Statement& b);

// Which kind of document a policy is; several checks depend on it.
enum class PolicyKind { Identity, Trust, Resource };
[[nodiscard]] std::string_view kind_name(PolicyKind kind);  // "identity", "trust", "resource"
[[nodiscard]] std::optional<PolicyKind> kind_from_name(std::string_view name);

// Trust when every statement with a Principal/NotPrincipal grants only role-assumption
// actions; Resource when some statement with a principal grants anything else; otherwise
// Identity.
[[nodiscard]] PolicyKind infer_kind(const Policy& policy);

// True for actions that belong in a role's trust policy: sts:AssumeRole, AssumeRoleWithSAML,
// AssumeRoleWithWebIdentity, and the session companions TagSession, SetSourceIdentity and
// SetContext (see AWS's "Passing session tags" and "Monitor and control actions taken with
// assumed roles" pages), and patterns that match only those.
[[nodiscard]] bool is_trust_action(std::string_view action);

}  // namespace iamsmith
