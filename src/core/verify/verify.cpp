// The chains of a setup: every Task with Credentials (or spec target), its four links, each
// checked against the policy files the user gave.

#include <algorithm>
#include <cstdint>
#include <set>
#include <tuple>

#include "catalogue.hpp"
#include "iamsmith/arn.hpp"
#include "verify_internal.hpp"

namespace iamsmith::verify {

std::string_view purpose_name(Purpose purpose) {
  switch (purpose) {
    case Purpose::Trust: return "trust";
    case Purpose::Permissions: return "permissions";
    case Purpose::AssumeRole: return "assume-role";
  }
  return "trust";
}

std::optional<Purpose> purpose_from_name(std::string_view name) {
  for (const Purpose p : {Purpose::Trust, Purpose::Permissions, Purpose::AssumeRole}) {
    if (purpose_name(p) == name) return p;
  }
  return std::nullopt;
}

bool Chain::ok() const {
  return std::all_of(links.begin(), links.end(), [](const Link& l) { return l.status == LinkStatus::Satisfied; });
}

bool Report::ok() const {
  return std::all_of(chains.begin(), chains.end(), [](const Chain& c) { return c.ok(); }) &&
         std::none_of(findings.begin(), findings.end(),
                      [](const gen::Finding& f) { return f.diagnostic.severity == Severity::Error; });
}

namespace {

// One Task (or spec target) of a setup, and the setup that holds only it.
struct Task {
  std::string who;
  // The role, or for a role chosen at run time the ones --role-arn says it may be (none: the
  // generator reports S005).
  std::vector<std::string> roles;
  gen::Setup alone;
};

std::vector<Task> tasks_of(const gen::Setup& setup, const gen::Options& options) {
  std::vector<Task> out;
  for (const gen::TargetSpec& t : setup.targets) {
    Task task;
    task.who = t.label;
    task.roles = {t.role_arn.value};
    task.alone = setup;
    task.alone.definition.reset();
    task.alone.targets = {t};
    out.push_back(std::move(task));
  }
  if (!setup.definition) return out;
  const asl::Definition& def = *setup.definition;
  for (std::size_t i = 0; i < def.states.size(); ++i) {
    const asl::State& state = def.states[i];
    if (state.type != asl::StateType::Task || !state.credentials || !state.credentials->role_arn || !state.resource) {
      continue;
    }
    Task task;
    task.who = "state '" + def.state_path(i) + "'";
    if (const std::string* role = state.credentials->role_arn->static_string()) {
      task.roles = {*role};
    } else {
      for (const gen::Text& r : options.role_arns) task.roles.push_back(r.value);
    }
    task.alone = setup;
    task.alone.targets.clear();
    // The generator reads only Tasks with Credentials: without the others' Credentials, it
    // derives this Task's calls alone, exactly as it derives them in the whole definition.
    for (std::size_t j = 0; j < task.alone.definition->states.size(); ++j) {
      if (j != i) task.alone.definition->states[j].credentials.reset();
    }
    out.push_back(std::move(task));
  }
  return out;
}

const PolicyFile* find_policy(std::span<const PolicyFile> policies, const std::string& role, Purpose purpose) {
  for (const PolicyFile& p : policies) {
    if (p.role_arn == role && p.purpose == purpose) return &p;
  }
  return nullptr;
}

const gen::GeneratedPolicy* generated(const gen::Result& r, const std::string& role, gen::Attachment attachment) {
  for (const gen::GeneratedPolicy& p : r.policies) {
    if (p.role_arn == role && p.attachment == attachment) return &p;
  }
  return nullptr;
}

bool names_resource(const Statement& st, const std::string& resource) {
  if (!st.resource) return false;
  return std::any_of(st.resource->begin(), st.resource->end(), [&](const Scalar& s) { return s.text == resource; });
}

// The statement generate writes into the execution role's policy for `role`.
std::optional<Statement> assume_grant(const gen::Result& r, const std::string& exec, const std::string& role) {
  const gen::GeneratedPolicy* p = generated(r, exec, gen::Attachment::AssumeRolePolicy);
  if (p == nullptr) return std::nullopt;
  for (const Statement& st : p->policy.statements()) {
    if (names_resource(st, role)) return st;
  }
  return std::nullopt;
}

std::optional<Statement> trust_grant(const gen::Result& r, const std::string& role) {
  const gen::GeneratedPolicy* p = generated(r, role, gen::Attachment::TrustPolicy);
  if (p == nullptr || p->policy.statements().empty()) return std::nullopt;
  return p->policy.statements().front();
}

bool has_wildcard(std::string_view s) { return s.find_first_of("*?") != std::string_view::npos; }

// The resources of a generated statement a call names. A pattern that widens a plain resource of
// the same statement (Lambda's "FUNCTION:*" next to "FUNCTION", for qualified calls) is the
// generator's allowance, not a call the Task makes; other patterns are checked as written.
std::vector<std::string> called_resources(const Statement& st) {
  std::vector<std::string> out;
  if (!st.resource) return out;
  for (const Scalar& r : *st.resource) {
    const bool widens = r.text != "*" && has_wildcard(r.text) &&
                        std::any_of(st.resource->begin(), st.resource->end(), [&r](const Scalar& s) {
                          return !has_wildcard(s.text) && r.text.size() > s.text.size() &&
                                 r.text.compare(0, s.text.size(), s.text) == 0;
                        });
    if (!widens) out.push_back(r.text);
  }
  return out;
}

// The condition values a generated statement pins (states:HTTPEndpoint, ...): the call carries them.
std::vector<std::pair<std::string, std::string>> pinned_context(const Statement& st) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!st.condition) return out;
  for (const ConditionOperator& op : st.condition->operators) {
    for (const ConditionEntry& e : op.entries) {
      if (!e.values.items.empty()) out.emplace_back(e.key, e.values.items.front().text);
    }
  }
  return out;
}

Link missing_policy(LinkKind kind, std::string_view rule, const std::string& role, Purpose purpose) {
  Link link;
  link.kind = kind;
  link.status = LinkStatus::Broken;
  Diagnostic d = make_finding(
      catalogue_rule(rule), SourceSpan{},
      "no " + std::string(purpose_name(purpose)) + " policy of " + role + " was given, so nothing grants the " +
          std::string(link_kind_name(kind)) + " link",
      {{"fix: pass --" + std::string(purpose_name(purpose)) + " FILE, or the directory `iamsmith generate "
        "--out-dir` wrote (its manifest.json says which file is whose)",
        std::nullopt}});
  link.reason = d.message;
  link.finding = std::move(d);
  return link;
}

Link unreadable_policy(LinkKind kind, const PolicyFile& file) {
  Link link;
  link.kind = kind;
  link.status = LinkStatus::Broken;
  link.input = file.input;
  const auto& error = file.loaded->document.error;
  Diagnostic d = make_finding(rules::kP001InvalidJson, error ? error->span : SourceSpan{},
                              "the " + std::string(purpose_name(file.purpose)) + " policy of " + file.role_arn +
                                  " is not a policy: " +
                                  (error ? error->message : std::string("its root is not an object")));
  link.span = d.span;
  link.reason = d.message;
  link.finding = std::move(d);
  return link;
}

Link checked(LinkKind kind, const LinkRequest& request, const PolicyFile* file, std::string_view rule,
             const std::string& role, Purpose purpose) {
  if (file != nullptr && file->loaded != nullptr && file->loaded->policy) {
    return check_link(kind, request, *file->loaded->policy, file->input);
  }
  Link link = file == nullptr ? missing_policy(kind, rule, role, purpose) : unreadable_policy(kind, *file);
  const bool permissions = kind == LinkKind::Permissions;
  link.principal = permissions ? request.role_arn : request.execution_role_arn;
  link.action = permissions ? request.action : std::string("sts:AssumeRole");
  link.resource = permissions ? request.resource : request.role_arn;
  return link;
}

class Deduper {
 public:
  bool fresh(const gen::Finding& f) {
    return seen_.insert({f.input, f.diagnostic.rule_id, f.diagnostic.message, f.diagnostic.span.offset}).second;
  }

 private:
  std::set<std::tuple<std::size_t, std::string, std::string, std::uint32_t>> seen_;
};

bool is_partition_finding(const gen::Finding& f) {
  return f.diagnostic.rule_id == kCrossPartitionTask || f.diagnostic.rule_id == rules::kG005PartitionMismatch.id;
}

std::optional<Chain> chain_of(const std::string& who, const gen::Setup& setup, const std::string& role,
                              const gen::Result& generated_policies, std::span<const PolicyFile> policies);

}  // namespace

Report verify(const std::vector<gen::Setup>& setups, std::span<const PolicyFile> policies, const gen::Options& options,
              const gen::IntegrationTable& table) {
  Report report;
  Deduper dedupe;
  auto keep_errors = [&](const std::vector<gen::Finding>& findings) {
    for (const gen::Finding& f : findings) {
      if (f.diagnostic.severity == Severity::Error && !is_partition_finding(f) && dedupe.fresh(f)) {
        report.findings.push_back(f);
      }
    }
  };
  for (const gen::Setup& setup : setups) {
    const std::vector<Task> tasks = tasks_of(setup, options);
    if (tasks.empty()) {
      keep_errors(gen::generate({setup}, options, table).findings);
      continue;
    }
    for (const Task& task : tasks) {
      const gen::Result generated_policies = gen::generate({task.alone}, options, table);
      keep_errors(generated_policies.findings);
      for (const std::string& role : task.roles) {
        if (auto chain = chain_of(task.who, setup, role, generated_policies, policies)) {
          report.chains.push_back(std::move(*chain));
        }
      }
    }
  }
  return report;
}

namespace {

std::optional<Chain> chain_of(const std::string& who, const gen::Setup& setup, const std::string& role,
                              const gen::Result& generated_policies, std::span<const PolicyFile> policies) {
  const std::string& sm = setup.state_machine_arn.value;
  const std::string& exec = setup.execution_role_arn.value;
  // Without a valid role and state machine there is no chain to check; the generator's
  // findings say why.
  if (!gen::arn_problem(role, gen::ArnKind::Role).empty() || !gen::arn_problem(exec, gen::ArnKind::Role).empty() ||
      !gen::arn_problem(sm, gen::ArnKind::StateMachine).empty()) {
    return std::nullopt;
  }
  Chain chain;
  chain.who = who;
  chain.state_machine_arn = sm;
  chain.execution_role_arn = exec;
  chain.role_arn = role;

  LinkRequest request;
  request.state_machine_arn = sm;
  request.execution_role_arn = exec;
  request.role_arn = chain.role_arn;

  request.grant = assume_grant(generated_policies, exec, chain.role_arn);
  chain.links.push_back(checked(LinkKind::AssumeRole, request, find_policy(policies, exec, Purpose::AssumeRole),
                                kAssumeNotGranted, exec, Purpose::AssumeRole));
  request.grant = trust_grant(generated_policies, chain.role_arn);
  chain.links.push_back(checked(LinkKind::Trust, request, find_policy(policies, chain.role_arn, Purpose::Trust),
                                kTrustPrincipalMismatch, chain.role_arn, Purpose::Trust));
  if (const gen::GeneratedPolicy* permissions =
          generated(generated_policies, chain.role_arn, gen::Attachment::PermissionPolicy)) {
    const PolicyFile* file = find_policy(policies, chain.role_arn, Purpose::Permissions);
    for (const Statement& st : permissions->policy.statements()) {
      if (!st.action) continue;
      for (const Scalar& action : *st.action) {
        for (const std::string& resource : called_resources(st)) {
          LinkRequest call = request;
          call.action = action.text;
          call.resource = resource;
          call.context = pinned_context(st);
          call.grant = st;
          Link link = checked(LinkKind::Permissions, call, file, kTargetNotGranted, chain.role_arn,
                              Purpose::Permissions);
          // A missing file breaks every call once: say it once.
          if (file == nullptr && !chain.links.empty() && chain.links.back().kind == LinkKind::Permissions) continue;
          link.action = call.action;
          link.resource = call.resource;
          link.principal = chain.role_arn;
          chain.links.push_back(std::move(link));
        }
      }
    }
  }
  // The partition link: the generator checks it (S007, G005) when it derives the calls.
  Link partition;
  partition.kind = LinkKind::Partition;
  partition.principal = exec;
  partition.resource = chain.role_arn;
  partition.status = LinkStatus::Satisfied;
  const ArnResult parsed = parse_arn(sm);
  partition.reason = "the state machine, the execution role, " + chain.role_arn + " and the resources it calls are in partition " +
                     (parsed ? parsed->partition : std::string("?"));
  for (const gen::Finding& f : generated_policies.findings) {
    if (!is_partition_finding(f)) continue;
    partition.status = LinkStatus::Broken;
    partition.input = f.input;
    partition.span = f.diagnostic.span;
    partition.reason = f.diagnostic.message;
    partition.finding = f.diagnostic;
    break;
  }
  chain.links.push_back(std::move(partition));
  return chain;
}

}  // namespace

}  // namespace iamsmith::verify
