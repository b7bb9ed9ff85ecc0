// One link of the cross-account chain, decided by the IAM evaluator, and explained: which rule,
// where to fix, why (the evaluator's reason) and the smallest change that fixes it.

#include <algorithm>

#include "iamsmith/arn.hpp"
#include "iamsmith/evaluate.hpp"
#include "iamsmith/principal.hpp"
#include "iamsmith/text.hpp"
#include "verify_internal.hpp"

namespace iamsmith::verify {
namespace {

// Global condition keys that are always in the request context
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html):
// aws:PrincipalArn is the role's ARN also for a session of the role.
constexpr std::string_view kPrincipalArn = "aws:PrincipalArn";
constexpr std::string_view kPrincipalAccount = "aws:PrincipalAccount";
// Step Functions sends the state machine's ARN as the ExternalId of its AssumeRole call
// (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html).
constexpr std::string_view kExternalId = "sts:ExternalId";
constexpr std::string_view kAssumeRole = "sts:AssumeRole";

std::string account_of(std::string_view arn) {
  const ArnResult parsed = parse_arn(arn);
  return parsed ? parsed->account : std::string();
}

std::string partition_of(std::string_view arn) {
  const ArnResult parsed = parse_arn(arn);
  return parsed ? parsed->partition : std::string();
}

eval::Request request_for(LinkKind kind, const LinkRequest& r) {
  eval::Request q;
  const bool permissions = kind == LinkKind::Permissions;
  q.principal = permissions ? r.role_arn : r.execution_role_arn;
  q.action = permissions ? r.action : std::string(kAssumeRole);
  q.resource = permissions ? r.resource : r.role_arn;
  q.context.push_back({std::string(kPrincipalArn), {q.principal}});
  const std::string account = account_of(q.principal);
  if (!account.empty()) q.context.push_back({std::string(kPrincipalAccount), {account}});
  if (permissions) {
    for (const auto& [key, value] : r.context) q.context.push_back({key, {value}});
    // Only the role's side is ours to judge: a resource in another account also needs its own
    // resource policy, which verify does not read (the caller notes it).
    if (!account.empty()) q.resource_account = account;
  } else {
    q.context.push_back({std::string(kExternalId), {r.state_machine_arn}});
    const std::string role_account = account_of(r.role_arn);
    if (!role_account.empty()) q.resource_account = role_account;
  }
  return q;
}

// How far a statement got before it missed: the closest one is the one to fix.
int closeness(eval::MissReason reason) {
  switch (reason) {
    case eval::MissReason::None: return 5;
    case eval::MissReason::Condition: return 4;
    case eval::MissReason::Principal:
    case eval::MissReason::NotPrincipal: return 3;
    case eval::MissReason::Resource:
    case eval::MissReason::NotResource: return 2;
    case eval::MissReason::Action:
    case eval::MissReason::NotAction: return 1;
  }
  return 0;
}

std::string statement_name(const Policy& policy, std::size_t index) {
  const auto& statements = policy.statements();
  if (index < statements.size() && statements[index].sid && !statements[index].sid->text.empty()) {
    return statements[index].sid->text;
  }
  return "#" + std::to_string(index);
}

// Where the policy's statements are, for "add a statement" when no statement comes close.
SourceSpan statements_span(const Policy& policy) {
  if (policy.statement) return policy.statement->span;
  return policy.span;
}

const PrincipalGroup* aws_group(const Statement& st) {
  if (!st.principal) return nullptr;
  for (const PrincipalGroup& g : st.principal->groups) {
    if (g.type == PrincipalType::Aws) return &g;
  }
  return nullptr;
}

// The element of `st` a miss of `reason` points at.
SourceSpan element_span(const Statement& st, eval::MissReason reason) {
  switch (reason) {
    case eval::MissReason::Action:
      if (st.action) return st.action->span;
      break;
    case eval::MissReason::NotAction:
      if (st.not_action) return st.not_action->span;
      break;
    case eval::MissReason::Resource:
      if (st.resource) return st.resource->span;
      break;
    case eval::MissReason::NotResource:
      if (st.not_resource) return st.not_resource->span;
      break;
    case eval::MissReason::Principal:
      if (const PrincipalGroup* g = aws_group(st)) return g->values.span;
      if (st.principal) return st.principal->span;
      break;
    case eval::MissReason::NotPrincipal:
      if (st.not_principal) return st.not_principal->span;
      break;
    case eval::MissReason::Condition:
      if (st.condition) return st.condition->span;
      break;
    case eval::MissReason::None: break;
  }
  return st.span;
}

Diagnostic diagnostic(const Rule& rule, std::string message, const SourceSpan& span, std::vector<Note> notes) {
  return make_finding(rule, span, std::move(message), std::move(notes));
}

// The statement that grants the link, as generate would write it.
Statement minimal_grant(LinkKind kind, const LinkRequest& r) {
  Statement s;
  s.effect = make_string("Allow");
  ValueList actions;
  actions.items.push_back(make_string(kind == LinkKind::Permissions ? r.action : std::string(kAssumeRole)));
  s.action = actions;
  ValueList resources;
  resources.items.push_back(make_string(kind == LinkKind::Permissions ? r.resource : r.role_arn));
  if (kind != LinkKind::Trust) s.resource = resources;
  if (kind == LinkKind::Trust) {
    Principal p;
    PrincipalGroup g;
    g.key = "AWS";
    g.type = PrincipalType::Aws;
    g.values.items.push_back(make_string(r.execution_role_arn));
    p.groups.push_back(std::move(g));
    s.principal = std::move(p);
    ConditionBlock c;
    ValueList v;
    v.items.push_back(make_string(r.state_machine_arn));
    c.operators.push_back(ConditionOperator{
        "StringEquals", SourceSpan{}, {ConditionEntry{std::string(kExternalId), SourceSpan{}, v}}});
    s.condition = std::move(c);
  }
  return s;
}

// `alternative`: a smaller fix came first, this one is the other way.
std::string add_statement_fix(LinkKind kind, const LinkRequest& r, bool alternative = false) {
  const Statement grant = r.grant ? *r.grant : minimal_grant(kind, r);
  return std::string(alternative ? "or add" : "fix: add") + " this statement to the Statement array: " +
         statement_json(grant);
}

struct Closest {
  const eval::StatementTrace* trace = nullptr;
  const Statement* statement = nullptr;
};

bool names_exactly(const Statement& st, std::string_view resource) {
  return st.resource && std::any_of(st.resource->begin(), st.resource->end(),
                                    [resource](const Scalar& r) { return r.text == resource; });
}

Closest closest_allow(const eval::Evaluation& e, const Policy& policy, std::string_view resource) {
  Closest best;
  int best_rank = 0;
  for (const eval::StatementTrace& t : e.statements) {
    if (!t.is_allow || t.statement_index >= policy.statements().size()) continue;
    const Statement& st = policy.statements()[t.statement_index];
    int rank = closeness(t.reason);
    // A statement that missed on its Action comes close only when it names the very resource
    // (the action was left out of it); otherwise adding a statement is the fix.
    if (rank <= closeness(eval::MissReason::Action) && !names_exactly(st, resource)) rank = 0;
    if (rank > best_rank) {
      best_rank = rank;
      best = Closest{&t, &st};
    }
  }
  return best;
}

const eval::ConditionTrace* failed_condition(const eval::StatementTrace& t) {
  const eval::ConditionTrace* first = nullptr;
  for (const eval::ConditionTrace& c : t.conditions) {
    if (c.satisfied) continue;
    if (ci_equals(c.key, kExternalId)) return &c;
    if (first == nullptr) first = &c;
  }
  return first;
}

// The failing condition entry's value (its only value, or its list), found in the statement by
// operator and key, so that the position is the one lint's S001 reports.
SourceSpan condition_span(const Statement& st, const eval::ConditionTrace& cond) {
  if (st.condition) {
    for (const ConditionOperator& op : st.condition->operators) {
      if (!ci_equals(op.name, cond.op)) continue;
      for (const ConditionEntry& e : op.entries) {
        if (!ci_equals(e.key, cond.key)) continue;
        return e.values.items.size() == 1 ? e.values.items.front().span : e.values.span;
      }
    }
  }
  return cond.span;
}

// A principal value of `st` in another partition than the target role: X001's finding.
const Scalar* other_partition_principal(const Statement& st, std::string_view partition) {
  const PrincipalGroup* g = aws_group(st);
  if (g == nullptr || partition.empty()) return nullptr;
  for (const Scalar& v : g->values) {
    const PrincipalInfo info = classify_principal(g->type, v.text);
    if (info.partition && *info.partition != partition) return &v;
  }
  return nullptr;
}

std::string what_of(LinkKind kind, const LinkRequest& r) {
  switch (kind) {
    case LinkKind::AssumeRole:
      return "the execution role " + r.execution_role_arn + " may not call sts:AssumeRole on " + r.role_arn;
    case LinkKind::Trust: return "the trust policy of " + r.role_arn + " does not let " + r.execution_role_arn + " assume it";
    case LinkKind::Permissions: return "the role " + r.role_arn + " may not call " + r.action + " on " + r.resource;
    case LinkKind::None:
    case LinkKind::Partition: break;
  }
  return {};
}

const Rule& rule_of(LinkKind kind) {
  switch (kind) {
    case LinkKind::AssumeRole: return kAssumeNotGranted;
    case LinkKind::Trust: return kTrustPrincipalMismatch;
    case LinkKind::Permissions: return kTargetNotGranted;
    case LinkKind::None:  // not a link of a chain
    case LinkKind::Partition: return kCrossPartitionTask;
  }
  return kAssumeNotGranted;
}

void explain_deny(Link& link, LinkKind kind, const LinkRequest& r, const eval::Evaluation& e, const Policy& policy) {
  const eval::StatementTrace& t = e.statements[e.deciding.front()];
  const std::string name = statement_name(policy, t.statement_index);
  link.span = policy.statements()[t.statement_index].span;
  std::vector<Note> notes{{"why: " + (t.explanation.empty() ? e.summary : t.explanation), std::nullopt},
                          {"fix: remove the Deny statement " + in_quotes(name) + ", or narrow it so that it does not match",
                           std::nullopt}};
  link.finding = diagnostic(rule_of(kind), what_of(kind, r) + ": statement " + in_quotes(name) + " denies it explicitly",
                            link.span, std::move(notes));
}

void explain_trust(Link& link, const LinkRequest& r, const Closest& c, const eval::Evaluation& e) {
  const std::string name = c.statement->sid ? c.statement->sid->text : std::string();
  const std::string why = c.trace->explanation.empty() ? e.summary : c.trace->explanation;
  if (c.trace->reason == eval::MissReason::Condition) {
    const eval::ConditionTrace* cond = failed_condition(*c.trace);
    if (cond != nullptr && ci_equals(cond->key, kExternalId)) {
      link.span = condition_span(*c.statement, *cond);
      std::string fix;
      if (cond->policy_values.size() == 1) {
        fix = "fix: change the ExternalId " + in_quotes(cond->policy_values.front()) + " to " + in_quotes(r.state_machine_arn);
      } else {
        fix = "fix: add " + in_quotes(r.state_machine_arn) + " to the values of " + cond->op + " " + cond->key;
      }
      link.finding = diagnostic(
          kExternalIdMismatch,
          "the trust policy of " + r.role_arn + " requires an sts:ExternalId that the state machine ARN " +
              r.state_machine_arn + " does not match",
          link.span,
          {{"why: " + (cond->explanation.empty() ? why : cond->explanation), std::nullopt},
           {"Step Functions sends the state machine's ARN as the ExternalId when it assumes the role", std::nullopt},
           {fix, std::nullopt}});
      return;
    }
    link.span = cond != nullptr ? condition_span(*c.statement, *cond) : element_span(*c.statement, c.trace->reason);
    link.finding = diagnostic(kTrustPrincipalMismatch,
                              what_of(LinkKind::Trust, r) + ": a condition of statement " +
                                  in_quotes(name.empty() ? "#" + std::to_string(c.trace->statement_index) : name) +
                                  " does not hold",
                              link.span,
                              {{"why: " + (cond != nullptr && !cond->explanation.empty() ? cond->explanation : why),
                                std::nullopt},
                               {"fix: remove the condition, or make it hold for the call Step Functions makes",
                                std::nullopt}});
    return;
  }
  if (c.trace->reason == eval::MissReason::Principal) {
    if (const Scalar* other = other_partition_principal(*c.statement, partition_of(r.role_arn))) {
      link.span = other->span;
      const PrincipalInfo info = classify_principal(PrincipalType::Aws, other->text);
      link.finding = diagnostic(
          kCrossPartitionPrincipal,
          "the trust policy of " + r.role_arn + " names " + in_quotes(other->text) + ", a principal in partition " +
              info.partition.value_or("?") + ", but the role is in partition " + partition_of(r.role_arn),
          link.span,
          {{"why: " + why, std::nullopt},
           {"IAM roles delegate access across accounts only within one partition", std::nullopt},
           {"fix: change " + in_quotes(other->text) + " to " + in_quotes(r.execution_role_arn), std::nullopt}});
      return;
    }
    link.span = element_span(*c.statement, c.trace->reason);
    const PrincipalGroup* g = aws_group(*c.statement);
    std::string fix;
    if (g != nullptr && g->values.items.size() == 1) {
      fix = "fix: change the principal " + in_quotes(g->values.items.front().text) + " to " + in_quotes(r.execution_role_arn);
    } else {
      fix = "fix: add " + in_quotes(r.execution_role_arn) + " to the statement's Principal \"AWS\"";
    }
    link.finding = diagnostic(kTrustPrincipalMismatch,
                              what_of(LinkKind::Trust, r) + ": the principal of its statement does not name it",
                              link.span, {{"why: " + why, std::nullopt}, {fix, std::nullopt}});
    return;
  }
  link.span = element_span(*c.statement, c.trace->reason);
  link.finding = diagnostic(kTrustPrincipalMismatch, what_of(LinkKind::Trust, r), link.span,
                            {{"why: " + why, std::nullopt}, {add_statement_fix(LinkKind::Trust, r), std::nullopt}});
}

}  // namespace

std::optional<LinkRequest> example_request(const Rule& rule) {
  if (rule.verified_link == ChainLink::None) return std::nullopt;
  const ExampleContext& c = rule.example_context;
  LinkRequest r;
  r.state_machine_arn = std::string(c.state_machine_arn);
  r.execution_role_arn = std::string(c.execution_role_arn);
  r.role_arn = std::string(c.role_arn);
  r.action = std::string(c.target_action);
  r.resource = std::string(c.target_resource);
  return r;
}

namespace {

Link decide(LinkKind kind, const LinkRequest& request, const Policy& policy, std::size_t input);

}  // namespace

Link check_link(LinkKind kind, const LinkRequest& request, const Policy& policy, std::size_t input) {
  Link link = decide(kind, request, policy, input);
  // A broken link's reason is the evaluator's word on the statement that came closest, which
  // says more than the overall decision ("implicitly denied").
  if (link.finding && !link.finding->notes.empty()) {
    constexpr std::string_view kWhy = "why: ";
    const std::string& first = link.finding->notes.front().message;
    if (first.compare(0, kWhy.size(), kWhy) == 0) link.reason = first.substr(kWhy.size());
  }
  return link;
}

namespace {

Link decide(LinkKind kind, const LinkRequest& request, const Policy& policy, std::size_t input) {
  Link link;
  link.kind = kind;
  link.input = input;
  const eval::Request q = request_for(kind, request);
  link.principal = q.principal;
  link.action = q.action;
  link.resource = q.resource;
  const eval::PolicyInput in{&policy, kind == LinkKind::Trust ? eval::PolicySide::Resource : eval::PolicySide::Identity,
                             std::string()};
  const eval::Evaluation e = eval::evaluate(q, std::span<const eval::PolicyInput>(&in, 1));
  link.reason = e.summary;
  const bool allowed = kind == LinkKind::Trust ? e.resource_allows : e.identity_allows;
  if (e.decision != eval::Decision::ExplicitDeny && allowed) {
    link.status = LinkStatus::Satisfied;
    for (const std::size_t i : e.deciding) {
      const eval::StatementTrace& t = e.statements[i];
      if (!t.is_allow || t.statement_index >= policy.statements().size()) continue;
      link.statement = statement_name(policy, t.statement_index);
      link.span = policy.statements()[t.statement_index].span;
      // The statement's own trace: the overall decision of a one-sided evaluation may say the
      // other side is missing, which is another link's business.
      if (!t.explanation.empty()) link.reason = t.explanation;
      return link;
    }
    // The evaluator lists deciding statements only when the whole decision is an allow; a
    // one-sided evaluation (the trust policy without the identity side) names the first
    // applicable Allow of the side that grants the link.
    for (const eval::StatementTrace& t : e.statements) {
      if (!t.is_allow || !t.applies || t.statement_index >= policy.statements().size()) continue;
      link.statement = statement_name(policy, t.statement_index);
      link.span = policy.statements()[t.statement_index].span;
      if (!t.explanation.empty()) link.reason = t.explanation;
      return link;
    }
    return link;
  }
  link.status = LinkStatus::Broken;
  if (e.decision == eval::Decision::ExplicitDeny && !e.deciding.empty()) {
    explain_deny(link, kind, request, e, policy);
    return link;
  }
  const Closest c = closest_allow(e, policy, q.resource);
  if (kind == LinkKind::Trust && c.trace != nullptr) {
    explain_trust(link, request, c, e);
    return link;
  }
  if (c.trace != nullptr) {
    link.span = element_span(*c.statement, c.trace->reason);
    const std::string why = c.trace->explanation.empty() ? e.summary : c.trace->explanation;
    const std::string name = in_quotes(statement_name(policy, c.trace->statement_index));
    std::vector<Note> notes{{"why: " + why, std::nullopt}};
    if (c.trace->reason == eval::MissReason::Action) {
      notes.push_back({"fix: add " + in_quotes(q.action) + " to the Action of statement " + name, std::nullopt});
    } else if (c.trace->reason == eval::MissReason::Resource) {
      notes.push_back({"fix: add " + in_quotes(q.resource) + " to the Resource of statement " + name, std::nullopt});
    }
    notes.push_back({add_statement_fix(kind, request, notes.size() > 1), std::nullopt});
    link.finding = diagnostic(rule_of(kind), what_of(kind, request) + ": statement " + name + " does not grant it",
                              link.span, std::move(notes));
    return link;
  }
  link.span = statements_span(policy);
  link.finding = diagnostic(rule_of(kind),
                            what_of(kind, request) + ": no statement allows " +
                                (kind == LinkKind::Permissions ? request.action : std::string(kAssumeRole)),
                            link.span, {{"why: " + e.summary, std::nullopt}, {add_statement_fix(kind, request), std::nullopt}});
  return link;
}

}  // namespace

}  // namespace iamsmith::verify
