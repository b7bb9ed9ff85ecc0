#include "iamsmith/policy.hpp"
#include "iamsmith/content_key.hpp"

#include <algorithm>
#include <array>
#include <tuple>

#include "iamsmith/match.hpp"
#include "iamsmith/text.hpp"

namespace iamsmith {

Scalar make_string(std::string text) {
  Scalar s;
  s.type = json::Type::String;
  s.text = std::move(text);
  return s;
}

std::string_view principal_type_key(PrincipalType type) {
  switch (type) {
    case PrincipalType::Aws: return "AWS";
    case PrincipalType::Service: return "Service";
    case PrincipalType::Federated: return "Federated";
    case PrincipalType::CanonicalUser: return "CanonicalUser";
    case PrincipalType::Unknown: return "";
  }
  return "";
}

PrincipalType principal_type_from_key(std::string_view key) {
  // Principal type keys are case-sensitive in IAM's grammar.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
  for (PrincipalType t : {PrincipalType::Aws, PrincipalType::Service, PrincipalType::Federated,
                          PrincipalType::CanonicalUser}) {
    if (principal_type_key(t) == key) return t;
  }
  return PrincipalType::Unknown;
}

bool operator==(const Principal& a, const Principal& b) {
  if (a.bare != b.bare || a.groups.size() != b.groups.size()) return false;
  auto ordered = [](const Principal& p) {
    std::vector<const PrincipalGroup*> out;
    for (const PrincipalGroup& g : p.groups) out.push_back(&g);
    std::stable_sort(out.begin(), out.end(), [](const PrincipalGroup* x, const PrincipalGroup* y) {
      return std::tie(x->type, x->key) < std::tie(y->type, y->key);
    });
    return out;
  };
  const auto x = ordered(a);
  const auto y = ordered(b);
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!(*x[i] == *y[i])) return false;
  }
  return true;
}

bool operator==(const Statement& a, const Statement& b) {
  return std::tie(a.sid, a.effect, a.principal, a.not_principal, a.action, a.not_action, a.resource,
                  a.not_resource, a.condition, a.unknown) ==
         std::tie(b.sid, b.effect, b.principal, b.not_principal, b.action, b.not_action, b.resource,
                  b.not_resource, b.condition, b.unknown);
}

bool operator==(const Policy& a, const Policy& b) {
  return std::tie(a.version, a.id, a.statement, a.unknown) == std::tie(b.version, b.id, b.statement, b.unknown);
}

namespace {

// Blanks every span, so that operator== then compares what remains: the values.
void clear_positions(SourceSpan& span);
void clear_positions(Scalar& scalar);
void clear_positions(KeySpan& key);
void clear_positions(UnknownKey& unknown);
void clear_positions(TypeMismatch& mismatch);
void clear_positions(PrincipalGroup& group);
void clear_positions(Principal& principal);
void clear_positions(ConditionEntry& entry);
void clear_positions(ConditionOperator& op);
void clear_positions(ConditionBlock& block);
void clear_positions(Statement& statement);
void clear_positions(Policy& policy);
template <class T>
void clear_positions(std::optional<T>& value);
template <class T>
void clear_positions(std::vector<T>& values);
template <class T>
void clear_positions(OneOrMany<T>& list);

template <class T>
void clear_positions(std::optional<T>& value) {
  if (value) clear_positions(*value);
}

template <class T>
void clear_positions(std::vector<T>& values) {
  for (T& value : values) clear_positions(value);
}

template <class T>
void clear_positions(OneOrMany<T>& list) {
  clear_positions(list.span);
  clear_positions(list.items);
}

void clear_positions(SourceSpan& span) { span = SourceSpan{}; }
void clear_positions(Scalar& scalar) { clear_positions(scalar.span); }
void clear_positions(KeySpan& key) { clear_positions(key.span); }
// The value's own spans do not matter: UnknownKey compares it as JSON text.
void clear_positions(UnknownKey& unknown) { clear_positions(unknown.key_span); }
void clear_positions(TypeMismatch& mismatch) { clear_positions(mismatch.span); }

void clear_positions(PrincipalGroup& group) {
  clear_positions(group.key_span);
  clear_positions(group.values);
}

void clear_positions(Principal& principal) {
  clear_positions(principal.bare);
  clear_positions(principal.groups);
  clear_positions(principal.key_span);
  clear_positions(principal.span);
}

void clear_positions(ConditionEntry& entry) {
  clear_positions(entry.key_span);
  clear_positions(entry.values);
}

void clear_positions(ConditionOperator& op) {
  clear_positions(op.key_span);
  clear_positions(op.entries);
}

void clear_positions(ConditionBlock& block) {
  clear_positions(block.operators);
  clear_positions(block.key_span);
  clear_positions(block.span);
}

void clear_positions(Statement& statement) {
  clear_positions(statement.sid);
  clear_positions(statement.effect);
  clear_positions(statement.principal);
  clear_positions(statement.not_principal);
  clear_positions(statement.action);
  clear_positions(statement.not_action);
  clear_positions(statement.resource);
  clear_positions(statement.not_resource);
  clear_positions(statement.condition);
  clear_positions(statement.unknown);
  clear_positions(statement.keys);
  clear_positions(statement.span);
}

void clear_positions(Policy& policy) {
  clear_positions(policy.version);
  clear_positions(policy.id);
  clear_positions(policy.statement);
  clear_positions(policy.unknown);
  clear_positions(policy.keys);
  clear_positions(policy.type_mismatches);
  clear_positions(policy.span);
}

}  // namespace

bool equal_ignoring_positions(const Policy& a, const Policy& b) {
  Policy x = a;
  Policy y = b;
  clear_positions(x);
  clear_positions(y);
  return x == y;
}

bool equal_ignoring_positions(const Statement& a, const Statement& b) {
  Statement x = a;
  Statement y = b;
  clear_positions(x);
  clear_positions(y);
  return x == y;
}

namespace {

// content_key's encoding: every string is written as its length, ':' and its bytes, and every
// optional part as a tag ('-' absent, '+' present), so that no two different statements meet.
void key_text(std::string& out, std::string_view text) {
  out += std::to_string(text.size());
  out.push_back(':');
  out += text;
}

void key_scalar(std::string& out, const Scalar& scalar) {
  out.push_back(static_cast<char>('0' + static_cast<int>(scalar.type)));
  key_text(out, scalar.text);
}

void key_scalar(std::string& out, const std::optional<Scalar>& scalar) {
  if (!scalar) {
    out.push_back('-');
    return;
  }
  out.push_back('+');
  key_scalar(out, *scalar);
}

void key_list(std::string& out, const ValueList& list) {
  out.push_back(list.is_array ? '[' : '=');
  out += std::to_string(list.items.size());
  out.push_back(':');
  for (const Scalar& s : list.items) key_scalar(out, s);
}

void key_list(std::string& out, const std::optional<ValueList>& list) {
  if (!list) {
    out.push_back('-');
    return;
  }
  out.push_back('+');
  key_list(out, *list);
}

// Groups in the order operator==(Principal) compares them: a stable sort by (type, key).
void key_principal(std::string& out, const std::optional<Principal>& principal) {
  if (!principal) {
    out.push_back('-');
    return;
  }
  out.push_back('+');
  key_scalar(out, principal->bare);
  std::vector<const PrincipalGroup*> groups;
  groups.reserve(principal->groups.size());
  for (const PrincipalGroup& g : principal->groups) groups.push_back(&g);
  std::stable_sort(groups.begin(), groups.end(), [](const PrincipalGroup* x, const PrincipalGroup* y) {
    return std::tie(x->type, x->key) < std::tie(y->type, y->key);
  });
  out += std::to_string(groups.size());
  out.push_back(':');
  for (const PrincipalGroup* g : groups) {
    out.push_back(static_cast<char>('0' + static_cast<int>(g->type)));
    key_text(out, g->key);
    key_list(out, g->values);
  }
}

void key_condition(std::string& out, const std::optional<ConditionBlock>& condition) {
  if (!condition) {
    out.push_back('-');
    return;
  }
  out.push_back('+');
  out += std::to_string(condition->operators.size());
  out.push_back(':');
  for (const ConditionOperator& op : condition->operators) {
    key_text(out, op.name);
    out += std::to_string(op.entries.size());
    out.push_back(':');
    for (const ConditionEntry& entry : op.entries) {
      key_text(out, entry.key);
      key_list(out, entry.values);
    }
  }
}

}  // namespace

std::string content_key(const Statement& statement, bool with_sid) {
  std::string out;
  if (with_sid) {
    key_scalar(out, statement.sid);
  } else {
    out.push_back('-');
  }
  key_scalar(out, statement.effect);
  key_principal(out, statement.principal);
  key_principal(out, statement.not_principal);
  key_list(out, statement.action);
  key_list(out, statement.not_action);
  key_list(out, statement.resource);
  key_list(out, statement.not_resource);
  key_condition(out, statement.condition);
  out += std::to_string(statement.unknown.size());
  out.push_back(':');
  for (const UnknownKey& unknown : statement.unknown) {
    key_text(out, unknown.key);
    key_text(out, json::to_json(unknown.value));  // as UnknownKey's operator== compares it
  }
  return out;
}

SourceSpan Statement::key_span(std::string_view key) const {
  for (auto it = keys.rbegin(); it != keys.rend(); ++it) {
    if (it->key == key) return it->span;
  }
  return span;
}

const ValueList* Statement::actions() const {
  if (action) return &*action;
  if (not_action) return &*not_action;
  return nullptr;
}

const std::vector<Statement>& Policy::statements() const {
  static const std::vector<Statement> kNone;
  return statement ? statement->items : kNone;
}

std::string_view kind_name(PolicyKind kind) {
  switch (kind) {
    case PolicyKind::Identity: return "identity";
    case PolicyKind::Trust: return "trust";
    case PolicyKind::Resource: return "resource";
  }
  return "identity";
}

std::optional<PolicyKind> kind_from_name(std::string_view name) {
  for (PolicyKind k : {PolicyKind::Identity, PolicyKind::Trust, PolicyKind::Resource}) {
    if (kind_name(k) == name) return k;
  }
  return std::nullopt;
}

bool is_trust_action(std::string_view action) {
  // The actions a role's trust policy grants to the principals that may assume it, plus the
  // session companions that trust policies allow next to them.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html (sts:TagSession)
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html
  static constexpr std::array<std::string_view, 6> kTrustActions = {
      "sts:AssumeRole",    "sts:AssumeRoleWithSAML",  "sts:AssumeRoleWithWebIdentity",
      "sts:TagSession",    "sts:SetSourceIdentity",   "sts:SetContext"};
  bool matches_any = false;
  for (std::string_view known : kTrustActions) {
    if (action_matches(action, known)) matches_any = true;
  }
  if (!matches_any) return false;
  // A pattern must not reach beyond the family: "sts:*" also grants sts:GetFederationToken and
  // friends. A pattern that only ends in '*' after "sts:AssumeRole" stays inside it.
  const bool wildcard = first_wildcard(action) != std::string_view::npos;
  if (!wildcard) return true;
  return ci_starts_with(action, "sts:assumerole");
}

PolicyKind infer_kind(const Policy& policy) {
  bool any_principal = false;
  for (const Statement& st : policy.statements()) {
    if (!st.principal && !st.not_principal) continue;
    any_principal = true;
    const ValueList* actions = st.actions();
    const bool only_trust = st.action && !st.action->empty() &&
                            std::all_of(actions->begin(), actions->end(),
                                        [](const Scalar& a) { return is_trust_action(a.text); });
    if (!only_trust) return PolicyKind::Resource;
  }
  return any_principal ? PolicyKind::Trust : PolicyKind::Identity;
}

}  // namespace iamsmith
