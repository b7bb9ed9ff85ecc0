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

bool Chain::ok() const {
  return std::all_of(links.begin(), links.end(), [](const Link& l) { return l.status == LinkStatus::Satisfied; });
}

bool Report::ok() const {
  return std::all_of(chains.begin(), chains.end(), [](const Chain& c) { return c.ok(); }) &&
         std::none_of(findings.begin(), findings.end(),
                      [](const sfn::Finding& f) { return f.diagnostic.severity == Severity::Error; });
}

namespace {

// One Task (or spec target) of a setup, and the setup that holds only it.
struct Task {
  std::string who;
  // The role, or for a role chosen at run time the ones --role-arn says it may be (none: the
  // generator reports S005).
  std::vector<std::string> roles;
  sfn::Setup alone;
};

std::vector<Task> tasks_of(const sfn::Setup& setup, const sfn::Options& options) {
  std::vector<Task> out;
  for (const sfn::TargetSpec& t : setup.targets) {
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
      for (const sfn::Text& r : options.role_arns) task.roles.push_back(r.value);
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

std::string name_of_role(const std::string& role_arn) {
  const std::size_t slash = role_arn.rfind('/');  // a role path: role/path/Name
  return slash == std::string::npos ? role_arn : role_arn.substr(slash + 1);
}

Link missing_policy(LinkKind kind, const Rule& rule, const std::string& role, Purpose purpose) {
  Link link;
  link.kind = kind;
  link.status = LinkStatus::Broken;
  Diagnostic d = make_finding(
      rule, SourceSpan{},
      "no " + std::string(purpose_name(purpose)) + " policy of " + role + " was given, so nothing grants the " +
          std::string(chain_link_name(kind)) + " link",
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

Link checked(LinkKind kind, const LinkRequest& request, const PolicyFile* file, const Rule& rule,
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
  bool fresh(const sfn::Finding& f) {
    return seen_.insert({f.input, f.diagnostic.rule_id, f.diagnostic.message, f.diagnostic.span.offset}).second;
  }

 private:
  std::set<std::tuple<std::size_t, std::string, std::string, std::uint32_t>> seen_;
};

bool is_partition_finding(const sfn::Finding& f) {
  return f.diagnostic.rule_id == kCrossPartitionTask.id || f.diagnostic.rule_id == rules::kG005PartitionMismatch.id;
}

std::optional<Chain> chain_of(const std::string& who, const sfn::Setup& setup, const std::string& role,
                              const sfn::Derivation& derived, std::span<const PolicyFile> policies);

}  // namespace

Report verify(const std::vector<sfn::Setup>& setups, std::span<const PolicyFile> policies, const sfn::Options& options,
              const sfn::IntegrationTable& table) {
  Report report;
  Deduper dedupe;
  // The derivation's findings, as `generate` reports them (warnings too); partition findings are
  // the partition link's.
  auto keep = [&](const std::vector<sfn::Finding>& findings) {
    for (const sfn::Finding& f : findings) {
      if (!is_partition_finding(f) && dedupe.fresh(f)) report.findings.push_back(f);
    }
  };
  for (const sfn::Setup& setup : setups) {
    const std::vector<Task> tasks = tasks_of(setup, options);
    if (tasks.empty()) {
      keep(sfn::derive_calls({setup}, options, table).findings);
      continue;
    }
    for (const Task& task : tasks) {
      const sfn::Derivation derived = sfn::derive_calls({task.alone}, options, table);
      // A Task alone that needs no statement (an activity: G016 says why) is not a definition
      // with nothing cross-account: G015 speaks of the whole setup, which has Tasks.
      std::vector<sfn::Finding> findings = derived.findings;
      std::erase_if(findings,
                    [](const sfn::Finding& f) { return f.diagnostic.rule_id == rules::kG015NothingToGenerate.id; });
      keep(findings);
      for (const std::string& role : task.roles) {
        if (auto chain = chain_of(task.who, setup, role, derived, policies)) {
          report.chains.push_back(std::move(*chain));
        }
      }
    }
  }
  return report;
}

namespace {

std::optional<Chain> chain_of(const std::string& who, const sfn::Setup& setup, const std::string& role,
                              const sfn::Derivation& derived, std::span<const PolicyFile> policies) {
  const std::string& sm = setup.state_machine_arn.value;
  const std::string& exec = setup.execution_role_arn.value;
  // Without a valid role and state machine there is no chain to check; the generator's
  // findings say why.
  if (!sfn::arn_problem(role, sfn::ArnKind::Role).empty() || !sfn::arn_problem(exec, sfn::ArnKind::Role).empty() ||
      !sfn::arn_problem(sm, sfn::ArnKind::StateMachine).empty()) {
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

  // The fix notes show what `generate` writes for the link (only for a Task whose calls could
  // all be derived, as generate writes nothing otherwise).
  const bool derived_all = !derived.refused();
  if (derived_all) request.grant = sfn::assume_statement("Assume" + sfn::sid_token(name_of_role(role)), role);
  chain.links.push_back(checked(LinkKind::AssumeRole, request, find_policy(policies, exec, Purpose::AssumeRole),
                                kAssumeNotGranted, exec, Purpose::AssumeRole));
  if (derived_all) request.grant = sfn::trust_statement({exec}, {sm});
  chain.links.push_back(checked(LinkKind::Trust, request, find_policy(policies, chain.role_arn, Purpose::Trust),
                                kTrustPrincipalMismatch, chain.role_arn, Purpose::Trust));
  if (derived_all) {
    // Every request the Task sends with the role, in the order of the statements that grant them.
    struct Pending {
      const sfn::Request* request;
      const sfn::Grant* grant;
    };
    std::vector<Pending> requests;
    for (const sfn::DerivedCall& call : derived.calls) {
      if (call.role_arn != role) continue;
      for (const sfn::Request& r : call.requests) requests.push_back(Pending{&r, &call.grants[r.grant]});
    }
    std::stable_sort(requests.begin(), requests.end(), [](const Pending& a, const Pending& b) {
      return std::tie(a.grant->sid, a.request->action, a.request->resource) <
             std::tie(b.grant->sid, b.request->action, b.request->resource);
    });
    const PolicyFile* file = find_policy(policies, chain.role_arn, Purpose::Permissions);
    std::set<std::pair<std::string, std::string>> seen;
    for (const Pending& p : requests) {
      if (!seen.insert({p.request->action, p.request->resource}).second) continue;
      LinkRequest call = request;
      call.action = p.request->action;
      call.resource = p.request->resource;
      call.context = p.request->context;
      call.grant = sfn::grant_statement(*p.grant);
      Link link = checked(LinkKind::Permissions, call, file, kTargetNotGranted, chain.role_arn, Purpose::Permissions);
      // A missing file breaks every call once: say it once.
      if (file == nullptr && !chain.links.empty() && chain.links.back().kind == LinkKind::Permissions) continue;
      link.action = call.action;
      link.resource = call.resource;
      link.principal = chain.role_arn;
      chain.links.push_back(std::move(link));
    }
  }
  // The partition link: the derivation checks it (S007, G005).
  Link partition;
  partition.kind = LinkKind::Partition;
  partition.principal = exec;
  partition.resource = chain.role_arn;
  partition.status = LinkStatus::Satisfied;
  const ArnResult parsed = parse_arn(sm);
  partition.reason = "the state machine, the execution role, " + chain.role_arn + " and the resources it calls are in partition " +
                     (parsed ? parsed->partition : std::string("?"));
  for (const sfn::Finding& f : derived.findings) {
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
