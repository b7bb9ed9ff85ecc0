// The IAM evaluator: statements, then the decision.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html

#include <algorithm>

#include "iamsmith/arn.hpp"
#include "iamsmith/condition.hpp"
#include "iamsmith/text.hpp"
#include "iamsmith/evaluate.hpp"
#include "iamsmith/match.hpp"
#include "internal.hpp"

namespace iamsmith::eval {

using detail::PrincipalMatch;
using detail::quoted_list;
using detail::RequestPrincipal;

const std::vector<std::string>* Request::find(std::string_view key) const {
  for (const ContextEntry& entry : context) {
    if (ci_equals(entry.key, key)) return &entry.values;
  }
  return nullptr;
}

std::string_view policy_side_name(PolicySide side) {
  switch (side) {
    case PolicySide::Identity: return "identity";
    case PolicySide::Resource: return "resource";
  }
  return "identity";
}

std::string_view decision_name(Decision decision) {
  switch (decision) {
    case Decision::Allow: return "allow";
    case Decision::ExplicitDeny: return "explicit-deny";
    case Decision::ImplicitDeny: return "implicit-deny";
  }
  return "implicit-deny";
}

std::string_view miss_reason_name(MissReason reason) {
  switch (reason) {
    case MissReason::None: return "none";
    case MissReason::Action: return "action";
    case MissReason::NotAction: return "not-action";
    case MissReason::Resource: return "resource";
    case MissReason::NotResource: return "not-resource";
    case MissReason::Principal: return "principal";
    case MissReason::NotPrincipal: return "not-principal";
    case MissReason::Condition: return "condition";
  }
  return "none";
}

std::vector<std::string> add_principal_context(Request& request) {
  std::vector<std::string> added;
  const RequestPrincipal who = detail::classify_request_principal(request.principal);
  const PrincipalInfo& info = who.info;
  auto add = [&](std::string key, std::string value) {
    if (request.find(key) != nullptr) return;
    added.push_back(key);
    request.context.push_back({std::move(key), {std::move(value)}});
  };
  const std::string partition = info.partition.value_or("aws");
  switch (info.form) {
    case PrincipalForm::AccountId:
    case PrincipalForm::AccountRoot:
      add("aws:PrincipalArn", "arn:" + partition + ":iam::" + info.account + ":root");
      add("aws:PrincipalAccount", info.account);
      add("aws:PrincipalType", "Account");
      break;
    case PrincipalForm::User:
      add("aws:PrincipalArn", request.principal);
      add("aws:PrincipalAccount", info.account);
      add("aws:PrincipalType", "User");
      add("aws:username", info.name);
      break;
    case PrincipalForm::Role:
      add("aws:PrincipalArn", request.principal);
      add("aws:PrincipalAccount", info.account);
      add("aws:PrincipalType", "AssumedRole");
      break;
    case PrincipalForm::AssumedRole:
      // aws:PrincipalArn of a role session is the role's ARN.
      add("aws:PrincipalArn", "arn:" + partition + ":iam::" + info.account + ":role/" + info.name);
      add("aws:PrincipalAccount", info.account);
      add("aws:PrincipalType", "AssumedRole");
      break;
    case PrincipalForm::FederatedUser:
      add("aws:PrincipalArn", request.principal);
      add("aws:PrincipalAccount", info.account);
      add("aws:PrincipalType", "FederatedUser");
      break;
    case PrincipalForm::Anyone:
    case PrincipalForm::ServicePrincipal:
    case PrincipalForm::CanonicalUser:
    case PrincipalForm::SamlProvider:
    case PrincipalForm::OidcProvider:
    case PrincipalForm::WebIdentityProvider:
    case PrincipalForm::UniqueId:
    case PrincipalForm::Invalid: break;
  }
  return added;
}

namespace {

std::vector<std::string> texts(const ValueList& list) {
  std::vector<std::string> out;
  for (const Scalar& s : list) out.push_back(s.text);
  return out;
}

// "Action \"s3:GetObject\"" or "Action [\"a\", \"b\"]" for messages.
std::string element_values(std::string_view element, const ValueList& list) {
  if (list.items.size() == 1) return std::string(element) + " " + in_quotes(list.items.front().text);
  return std::string(element) + " (" + quoted_list(texts(list), "and") + ")";
}

struct ElementResult {
  bool matched = false;
  const Scalar* which = nullptr;  // the value that matched
  std::string unresolved;         // a variable without a value, in some Resource value
};

ElementResult match_actions(const ValueList& list, std::string_view action) {
  ElementResult out;
  for (const Scalar& v : list) {
    if (action_matches(v.text, action)) {
      out.matched = true;
      out.which = &v;
      return out;
    }
  }
  return out;
}

// Resource values may hold policy variables; one without a value matches nothing.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-no-value
ElementResult match_resources(const ValueList& list, const Request& request) {
  ElementResult out;
  for (const Scalar& v : list) {
    const detail::Compiled compiled =
        detail::compile(v.text, request, /*wildcards=*/true, /*variables=*/true);
    if (!compiled.pattern) {
      if (out.unresolved.empty()) out.unresolved = compiled.unresolved;
      continue;
    }
    // Resource ARNs are case-sensitive.
    if (compiled.pattern->matches(request.resource, /*ignore_case=*/false)) {
      out.matched = true;
      out.which = &v;
      return out;
    }
  }
  return out;
}

struct PrincipalResult {
  PrincipalMatch match = PrincipalMatch::None;
  const Scalar* which = nullptr;
};

PrincipalResult match_principal(const Principal& p, const RequestPrincipal& who) {
  PrincipalResult out;
  if (p.bare) {
    if (p.bare->text == "*") out = {PrincipalMatch::Direct, &*p.bare};
    return out;
  }
  for (const PrincipalGroup& group : p.groups) {
    for (const Scalar& v : group.values) {
      const PrincipalMatch m = detail::match_principal_value(who, group.type, v.text);
      if (m == PrincipalMatch::Direct) return {m, &v};
      if (m == PrincipalMatch::Account && out.match == PrincipalMatch::None) out = {m, &v};
    }
  }
  return out;
}

// NotPrincipal with Deny: AWS may check the principal's account first, then its role, then
// the role session, so a principal escapes the Deny only when every one of these is listed:
// "you must also specify the account ARN of the not-denied principal", and for a role
// session the session, the role and the account.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
// Each identity is compared exactly (an account ARN does not list a user of the account).
struct NotPrincipalResult {
  bool excluded = false;  // the principal is listed: the statement does not apply
  std::string missing;    // the first identity not listed, for messages
};

NotPrincipalResult match_not_principal(const Principal& p, const RequestPrincipal& who) {
  NotPrincipalResult out;
  if (p.bare) {
    out.excluded = p.bare->text == "*";
    if (!out.excluded) out.missing = who.text;
    return out;
  }
  auto listed = [&](auto&& names_identity) {
    for (const PrincipalGroup& group : p.groups) {
      for (const Scalar& v : group.values) {
        if (group.type == PrincipalType::Aws && v.text == "*") return true;
        if (names_identity(group.type, v.text)) return true;
      }
    }
    return false;
  };
  const PrincipalInfo& me = who.info;
  const std::string partition = me.partition.value_or("aws");
  auto same_account = [&](const PrincipalInfo& named) {
    return named.account == me.account && (!named.partition || *named.partition == partition);
  };
  const bool aws = who.type == PrincipalType::Aws && !me.account.empty();
  // The principal itself.
  const bool self = listed([&](PrincipalType type, std::string_view value) {
    if (type != who.type) return false;
    if (aws && (me.form == PrincipalForm::AccountRoot || me.form == PrincipalForm::AccountId)) {
      const PrincipalInfo named = classify_principal(PrincipalType::Aws, value);
      return (named.form == PrincipalForm::AccountRoot || named.form == PrincipalForm::AccountId) &&
             same_account(named);
    }
    if (aws && me.form == PrincipalForm::Role) {
      const PrincipalInfo named = classify_principal(PrincipalType::Aws, value);
      return named.form == PrincipalForm::Role && named.name == me.name && same_account(named);
    }
    return detail::match_principal_value(who, type, value) == PrincipalMatch::Direct &&
           (type != PrincipalType::Aws || value == who.text);
  });
  if (!self) {
    out.missing = who.text;
    return out;
  }
  if (aws && me.form == PrincipalForm::AssumedRole) {
    const bool role = listed([&](PrincipalType type, std::string_view value) {
      if (type != PrincipalType::Aws) return false;
      const PrincipalInfo named = classify_principal(PrincipalType::Aws, value);
      return named.form == PrincipalForm::Role && named.name == me.name && same_account(named);
    });
    if (!role) {
      out.missing = "arn:" + partition + ":iam::" + me.account + ":role/" + me.name;
      return out;
    }
  }
  if (aws && me.form != PrincipalForm::AccountRoot && me.form != PrincipalForm::AccountId) {
    const bool account = listed([&](PrincipalType type, std::string_view value) {
      if (type != PrincipalType::Aws) return false;
      const PrincipalInfo named = classify_principal(PrincipalType::Aws, value);
      return (named.form == PrincipalForm::AccountRoot || named.form == PrincipalForm::AccountId) &&
             same_account(named);
    });
    if (!account) {
      out.missing = "arn:" + partition + ":iam::" + me.account + ":root";
      return out;
    }
  }
  out.excluded = true;
  return out;
}

struct StatementOutcome {
  StatementTrace trace;
  PrincipalMatch principal = PrincipalMatch::Direct;  // how a resource-side statement named the principal
};

StatementOutcome evaluate_statement(const Statement& st, PolicySide side, const Request& request,
                                    const RequestPrincipal& who) {
  StatementOutcome out;
  StatementTrace& t = out.trace;
  t.span = st.span;
  if (st.sid) t.sid = st.sid->text;
  auto miss = [&](MissReason reason, std::string explanation, const SourceSpan& span) {
    t.applies = false;
    t.reason = reason;
    t.explanation = std::move(explanation);
    t.span = span;
    return out;
  };

  // Effect: exactly "Allow" or "Deny" (case-sensitive).
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html
  const std::string effect = st.effect ? st.effect->text : std::string();
  if (effect != "Allow" && effect != "Deny") {
    return miss(MissReason::None,
                st.effect ? "Effect " + in_quotes(effect) +
                                " is neither \"Allow\" nor \"Deny\", so the statement takes no part"
                          : "the statement has no Effect, so it takes no part",
                st.effect ? st.effect->span : st.span);
  }
  t.is_allow = effect == "Allow";

  // Action / NotAction: case-insensitive, with wildcards.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
  std::vector<std::string> matched_parts;
  if (st.action) {
    const ElementResult r = match_actions(*st.action, request.action);
    if (!r.matched) {
      return miss(MissReason::Action,
                  element_values("Action", *st.action) + " does not match " + in_quotes(request.action),
                  st.action->span);
    }
    matched_parts.push_back("Action " + in_quotes(r.which->text));
  } else if (st.not_action) {
    const ElementResult r = match_actions(*st.not_action, request.action);
    if (r.matched) {
      return miss(MissReason::NotAction,
                  "NotAction " + in_quotes(r.which->text) + " excludes " + in_quotes(request.action),
                  r.which->span);
    }
    matched_parts.push_back(element_values("NotAction", *st.not_action) + " (which leaves " +
                            in_quotes(request.action) + " in)");
  } else {
    return miss(MissReason::Action, "the statement has no Action or NotAction, so it matches no action",
                st.span);
  }

  // Resource / NotResource: case-sensitive, with wildcards and policy variables. A trust
  // policy has no Resource element: the role it is attached to is the resource.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html
  if (st.resource) {
    const ElementResult r = match_resources(*st.resource, request);
    if (!r.matched) {
      std::string why =
          element_values("Resource", *st.resource) + " does not match " + in_quotes(request.resource);
      if (!r.unresolved.empty())
        why += " (" + r.unresolved + " has no value in the request, so it matches nothing)";
      return miss(MissReason::Resource, why, st.resource->span);
    }
    matched_parts.push_back("Resource " + in_quotes(r.which->text));
  } else if (st.not_resource) {
    const ElementResult r = match_resources(*st.not_resource, request);
    if (!r.matched && !r.unresolved.empty()) {
      // Read as "a variable AWS cannot resolve may make the entire statement invalid": the
      // statement takes no part, rather than NotResource leaving every resource in (which
      // would turn a Deny into "deny everything").
      return miss(
          MissReason::NotResource,
          "NotResource has " + r.unresolved +
              ", which has no value in the request, so the statement cannot be evaluated and takes no part",
          st.not_resource->span);
    }
    if (r.matched) {
      return miss(MissReason::NotResource,
                  "NotResource " + in_quotes(r.which->text) + " excludes " + in_quotes(request.resource),
                  r.which->span);
    }
    matched_parts.push_back(element_values("NotResource", *st.not_resource) + " (which leaves " +
                            in_quotes(request.resource) + " in)");
  } else if (side == PolicySide::Identity) {
    return miss(MissReason::Resource,
                "the statement has no Resource or NotResource, so it matches no resource", st.span);
  }

  // Principal / NotPrincipal: only in resource-side policies (an identity policy's principal
  // is the identity it is attached to).
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
  if (side == PolicySide::Resource) {
    if (st.principal) {
      const PrincipalResult r = match_principal(*st.principal, who);
      if (r.match == PrincipalMatch::None) {
        return miss(MissReason::Principal, "Principal does not name " + in_quotes(request.principal),
                    st.principal->span);
      }
      out.principal = r.match;
      matched_parts.push_back("Principal " + in_quotes(r.which->text) +
                              (r.match == PrincipalMatch::Account ? " (the principal's account)" : ""));
    } else if (st.not_principal) {
      const NotPrincipalResult r = match_not_principal(*st.not_principal, who);
      if (r.excluded) {
        return miss(MissReason::NotPrincipal, "NotPrincipal lists " + in_quotes(request.principal),
                    st.not_principal->span);
      }
      matched_parts.push_back("NotPrincipal (which does not list " + in_quotes(r.missing) + ")");
    } else {
      return miss(MissReason::Principal,
                  "a resource policy statement needs a Principal or NotPrincipal; this one has none",
                  st.span);
    }
  }

  // Condition: every operator and every key must hold (AND); the values of one key are ORed.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
  if (st.condition) {
    const ConditionTrace* first_failure = nullptr;
    for (const ConditionOperator& op : st.condition->operators) {
      for (const ConditionEntry& entry : op.entries) {
        t.conditions.push_back(detail::evaluate_condition(op, entry, request));
      }
    }
    for (const ConditionTrace& c : t.conditions) {
      if (!c.satisfied) {
        first_failure = &c;
        break;
      }
    }
    if (first_failure != nullptr) {
      return miss(MissReason::Condition, first_failure->op + ": " + first_failure->explanation,
                  first_failure->span);
    }
  }

  // "matches Action \"s3:GetObject\", Resource \"*\"; its condition holds"
  t.applies = true;
  t.reason = MissReason::None;
  t.explanation = "matches ";
  for (std::size_t i = 0; i < matched_parts.size(); ++i) {
    if (i != 0) t.explanation += ", ";
    t.explanation += matched_parts[i];
  }
  if (t.conditions.size() == 1) {
    t.explanation += "; its condition holds";
  } else if (!t.conditions.empty()) {
    t.explanation += "; all " + std::to_string(t.conditions.size()) + " conditions hold";
  }
  return out;
}

// The account a resource belongs to: given, or the ARN's account field, or (ARNs without one,
// such as S3 buckets) the principal's.
std::string resource_account_of(const Request& request, const std::string& principal_account) {
  if (request.resource_account) return *request.resource_account;
  const ArnResult arn = parse_arn(request.resource);
  if (arn && is_account_id(arn->account)) return arn->account;
  return principal_account;
}

// Actions for which the resource-side policy must always allow, even within one account:
// a role's trust policy for sts:AssumeRole and its companions, a KMS key policy for kms:*.
// "Unlike other resource-based policies, ... a role trust policy ... must allow" and "AWS KMS
// key policies ... without a key policy that allows access, no identity policy suffices".
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
// https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html
bool resource_side_required(std::string_view action) {
  return is_trust_action(action) || ci_starts_with(action, "kms:");
}

// How the summary names the resource side.
std::string resource_side_name(std::string_view action) {
  if (is_trust_action(action)) return "the role's trust policy";
  if (ci_starts_with(action, "kms:")) return "the key policy";
  return "the resource policy";
}

}  // namespace

Evaluation evaluate(const Request& request, std::span<const PolicyInput> policies) {
  Evaluation out;
  const RequestPrincipal who = detail::classify_request_principal(request.principal);
  out.principal_account = who.info.account;
  out.resource_account = resource_account_of(request, out.principal_account);
  out.cross_account = !out.principal_account.empty() && !out.resource_account.empty() &&
                      out.principal_account != out.resource_account;

  std::vector<std::size_t> denies;
  std::vector<std::size_t> identity_allows;
  std::vector<std::size_t> resource_direct;
  std::vector<std::size_t> resource_account;
  for (std::size_t p = 0; p < policies.size(); ++p) {
    const PolicyInput& input = policies[p];
    if (input.side == PolicySide::Resource) out.has_resource_policy = true;
    if (input.policy == nullptr) continue;
    const std::vector<Statement>& statements = input.policy->statements();
    for (std::size_t s = 0; s < statements.size(); ++s) {
      StatementOutcome outcome = evaluate_statement(statements[s], input.side, request, who);
      outcome.trace.policy_index = p;
      outcome.trace.statement_index = s;
      const std::size_t index = out.statements.size();
      if (outcome.trace.applies) {
        if (!outcome.trace.is_allow) {
          denies.push_back(index);
        } else if (input.side == PolicySide::Identity) {
          identity_allows.push_back(index);
        } else if (outcome.principal == PrincipalMatch::Account) {
          resource_account.push_back(index);
        } else {
          resource_direct.push_back(index);
        }
      }
      out.statements.push_back(std::move(outcome.trace));
    }
  }
  out.identity_allows = !identity_allows.empty();
  out.resource_allows = !resource_direct.empty() || !resource_account.empty();
  out.resource_allows_account_only = resource_direct.empty() && !resource_account.empty();

  const std::string what = in_quotes(request.action) + " on " + in_quotes(request.resource);
  const std::string resource_side = resource_side_name(request.action);
  // 1. An explicit Deny in any policy wins.
  if (!denies.empty()) {
    out.decision = Decision::ExplicitDeny;
    out.deciding = denies;
    const StatementTrace& first = out.statements[denies.front()];
    const std::string_view side = policy_side_name(policies[first.policy_index].side);
    out.summary = "explicitly denied: a Deny statement" +
                  (first.sid.empty() ? "" : " (" + in_quotes(first.sid) + ")") + " in the " + std::string(side) +
                  " policy " + policies[first.policy_index].file + " matches " + what +
                  ", and an explicit Deny overrides every Allow";
    return out;
  }

  auto allow_with = [&](std::vector<std::size_t> a, const std::vector<std::size_t>& b, std::string summary) {
    a.insert(a.end(), b.begin(), b.end());
    std::sort(a.begin(), a.end());
    out.decision = Decision::Allow;
    out.deciding = std::move(a);
    out.summary = std::move(summary);
    return out;
  };
  std::vector<std::size_t> resource_all = resource_direct;
  resource_all.insert(resource_all.end(), resource_account.begin(), resource_account.end());

  // 2. Only identity policies given. Within one account they decide alone; but a cross-account
  // request also needs the resource's own policy to allow it, and sts:AssumeRole (the trust
  // policy) and KMS (the key policy) need it even within one account. Without that policy the
  // request is denied, as AWS denies it: the summary says which policy to add.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
  if (!out.has_resource_policy) {
    const bool needs_resource_side = out.cross_account || resource_side_required(request.action);
    if (out.identity_allows && !needs_resource_side) {
      return allow_with(identity_allows, {}, "allowed: an identity policy allows " + what);
    }
    if (out.identity_allows) {
      out.summary = "implicitly denied: an identity policy allows " + what + ", but " +
                    (out.cross_account ? "the request is cross-account (principal in " + out.principal_account +
                                             ", resource in " + out.resource_account + "), so " + resource_side +
                                             " must allow it too"
                                       : in_quotes(request.action) + " needs " + resource_side + " to allow it") +
                    ", and none was given";
      return out;
    }
    out.summary = "implicitly denied: no identity policy statement allows " + what;
    return out;
  }

  const std::string accounts = "principal in " +
                               (out.principal_account.empty() ? "no account" : out.principal_account) +
                               ", resource in " + out.resource_account;
  // 3. Cross-account: both sides must allow.
  if (out.cross_account) {
    if (out.identity_allows && out.resource_allows) {
      return allow_with(identity_allows, resource_all,
                        "allowed: cross-account request (" + accounts +
                            "), and both an identity policy and " + resource_side + " allow " + what);
    }
    out.summary = "implicitly denied: a cross-account request (" + accounts +
                  ") needs an Allow on both sides, but " +
                  (out.identity_allows   ? resource_side + " does not allow it"
                   : out.resource_allows ? std::string("no identity policy allows it")
                                         : std::string("neither side allows it"));
    return out;
  }

  // 4. Same account. A trust policy (sts:AssumeRole) or a KMS key policy must allow; and a
  // resource-side Allow that names only the account delegates to identity policies.
  const bool required = resource_side_required(request.action);
  if (required && !out.resource_allows) {
    out.summary = "implicitly denied: " + in_quotes(request.action) + " needs " + resource_side +
                  " to allow it, even within one account, and it does not";
    return out;
  }
  if (!resource_direct.empty()) {
    return allow_with(
        resource_direct, identity_allows,
        "allowed: same account, and " + resource_side + " allows " + what + " for this principal");
  }
  if (out.identity_allows) {
    return allow_with(identity_allows, resource_account,
                      out.resource_allows_account_only
                          ? "allowed: " + resource_side +
                                " allows the account, which delegates to identity policies, and an identity "
                                "policy allows " +
                                what
                          : "allowed: same account, and an identity policy allows " + what);
  }
  out.summary = out.resource_allows_account_only
                    ? "implicitly denied: " + resource_side +
                          " names only the account, not this principal, so an identity policy must allow " +
                          what + ", and none does"
                    : "implicitly denied: no statement allows " + what;
  return out;
}

}  // namespace iamsmith::eval
