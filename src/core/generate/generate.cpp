// The generator proper: the calls the Step Functions layer derives (sfn::derive_calls) -> the
// three kinds of policy.
//
// Finding ids of its own (the derivation's are listed in src/core/sfn/derive.cpp):
//   G012 trust-policy-size     (warning) a trust policy near or over its length quota

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "catalogue.hpp"
#include "iamsmith/arn.hpp"
#include "iamsmith/generate.hpp"
#include "iamsmith/policy_size.hpp"
#include "iamsmith/rule.hpp"
#include "iamsmith/write.hpp"

namespace iamsmith::gen {

namespace {

constexpr std::string_view kAnyRole = "*";
constexpr std::string_view kPermissionPolicyName = "StepFunctionsCrossAccountAccess";
constexpr std::string_view kAssumePolicyName = "AssumeCrossAccountRoles";

const Rule& kTrustPolicySize = rules::kG012TrustPolicySize;

using Call = sfn::DerivedCall;

// A grant on its way into a statement: grants with the same Sid, actions and conditions merge.
struct Pending {
  std::string sid;
  std::set<std::string> actions;
  std::set<std::string> resources;
  std::vector<std::pair<std::string, std::pair<std::string, std::string>>> conditions;  // op, key, value
};

void pending_of(const Call& call, std::vector<Pending>& out) {
  for (const sfn::Grant& g : call.grants) {
    Pending p;
    p.sid = g.sid;
    p.actions.insert(g.actions.begin(), g.actions.end());
    p.resources.insert(g.resources.begin(), g.resources.end());
    for (const sfn::ConditionValue& c : g.conditions) p.conditions.push_back({c.op, {c.key, c.value}});
    out.push_back(std::move(p));
  }
}

class Generator {
 public:
  Generator(const Options& options, Result& result) : options_(options), result_(result) {}

  void run(const std::vector<Setup>& setups, const sfn::Derivation& derived) {
    // The state machines' partitions (the derivation has checked every ARN).
    for (std::size_t i = 0; i < setups.size(); ++i) {
      const ArnResult sm = parse_arn(setups[i].state_machine_arn.value);
      partitions_[i] = sm ? sm->partition : std::string();
    }
    calls_ = derived.calls;
    build_policies(setups);
  }

 private:
  const Options& options_;
  Result& result_;
  std::vector<Call> calls_;
  std::map<std::size_t, std::string> partitions_;  // per setup with calls

  void report(const Rule& code, std::size_t input, const SourceSpan& span, std::string message,
              std::vector<Note> notes = {}) {
    Diagnostic d = make_finding(code, span, std::move(message), std::move(notes));
    result_.findings.push_back(Finding{input, std::move(d)});
  }

  static ValueList values_of(const std::vector<std::string>& items) {
    ValueList list;
    for (const std::string& s : items) list.items.push_back(make_string(s));
    list.is_array = items.size() > 1;
    return list;
  }

  static Statement allow(std::string sid, const std::vector<std::string>& actions,
                         const std::vector<std::string>& resources) {
    Statement s;
    s.sid = make_string(std::move(sid));
    s.effect = make_string("Allow");
    s.action = values_of(actions);
    if (!resources.empty()) s.resource = values_of(resources);
    return s;
  }

  static Policy policy_of(std::vector<Statement> statements) {
    Policy p;
    p.version = make_string("2012-10-17");
    OneOrMany<Statement> list;
    list.items = std::move(statements);
    list.is_array = true;
    p.statement = std::move(list);
    return p;
  }

  static std::string name_of_role(const std::string& role_arn) {
    const ArnResult parsed = parse_arn(role_arn);
    if (!parsed) return role_arn;
    const std::string id(parsed->resource_id());
    const std::size_t slash = id.rfind('/');  // a role path: role/path/Name
    return slash == std::string::npos ? id : id.substr(slash + 1);
  }

  static std::string account_of(const std::string& arn) {
    const ArnResult parsed = parse_arn(arn);
    return parsed ? parsed->account : std::string();
  }

  std::vector<Statement> merge(std::vector<Pending> pending) {
    // Same Sid -> one statement (several tasks calling the same resource); same Sid with other
    // actions or conditions -> numbered apart.
    std::vector<Pending> merged;
    for (Pending& p : pending) {
      bool done = false;
      for (Pending& m : merged) {
        if (m.sid == p.sid && m.actions == p.actions && m.conditions == p.conditions) {
          m.resources.insert(p.resources.begin(), p.resources.end());
          done = true;
          break;
        }
      }
      if (!done) merged.push_back(std::move(p));
    }
    std::map<std::string, int> seen;
    for (Pending& m : merged) {
      const int n = ++seen[m.sid];
      if (n > 1) m.sid += std::to_string(n);
      if (m.resources.count("*") != 0U) m.resources = {"*"};
    }
    std::sort(merged.begin(), merged.end(), [](const Pending& a, const Pending& b) { return a.sid < b.sid; });
    std::vector<Statement> out;
    for (const Pending& m : merged) {
      Statement s = allow(m.sid, {m.actions.begin(), m.actions.end()}, {m.resources.begin(), m.resources.end()});
      if (!m.conditions.empty()) {
        ConditionBlock block;
        for (const auto& [op, kv] : m.conditions) {
          // A named reference: a lambda may not capture a structured binding before C++20's
          // P1091/P1381, which clang implements only from version 16.
          const auto& name = op;
          auto it = std::find_if(block.operators.begin(), block.operators.end(),
                                 [&name](const ConditionOperator& o) { return o.name == name; });
          if (it == block.operators.end()) {
            block.operators.push_back(ConditionOperator{op, SourceSpan{}, {}});
            it = block.operators.end() - 1;
          }
          it->entries.push_back(ConditionEntry{kv.first, SourceSpan{}, values_of({kv.second})});
        }
        s.condition = std::move(block);
      }
      out.push_back(std::move(s));
    }
    return out;
  }

  void build_policies(const std::vector<Setup>& setups) {
    // Target roles, in ARN order.
    std::map<std::string, std::vector<const Call*>> by_role;
    for (const Call& c : calls_) {
      if (c.role_arn != kAnyRole) by_role[c.role_arn].push_back(&c);
    }
    // File names, Terraform names and logical ids never collide (role_stems).
    std::vector<std::string> target_arns;
    for (const auto& [role, calls] : by_role) target_arns.push_back(role);
    const std::map<std::string, std::string> target_stems = role_stems(target_arns);

    for (const auto& [role, calls] : by_role) {
      std::set<std::size_t> setup_ids;
      for (const Call* c : calls) setup_ids.insert(c->setup);
      std::set<std::string> principals;
      std::set<std::string> machines;
      for (std::size_t s : setup_ids) {
        principals.insert(setups[s].execution_role_arn.value);
        machines.insert(setups[s].state_machine_arn.value);
      }
      const std::string role_name = name_of_role(role);
      const std::string account = account_of(role);
      const std::string& base = target_stems.at(role);
      const std::string partition = partitions_[*setup_ids.begin()];

      // 1. Trust policy. https://docs.aws.amazon.com/step-functions/latest/dg/tutorial-access-cross-acct-resources.html
      Statement trust = sfn::trust_statement({principals.begin(), principals.end()}, {machines.begin(), machines.end()});
      GeneratedPolicy tp;
      tp.file = base + ".trust.json";
      tp.role_arn = role;
      tp.role_name = role_name;
      tp.stem = base;
      tp.account = account;
      tp.partition = partition;
      tp.attachment = Attachment::Trust;
      tp.state_machines = {machines.begin(), machines.end()};
      tp.policy = policy_of({std::move(trust)});
      tp.text = write_policy(tp.policy);
      const std::size_t size = policy_size(tp.text);
      if (size * 10 >= options_.trust_policy_quota * 9) {
        report(kTrustPolicySize, kNoInput, SourceSpan{},
               "the trust policy of " + role + " is " + std::to_string(size) + " characters (whitespace not counted), " +
                   (size > options_.trust_policy_quota ? "over" : "close to") + " the quota of " +
                   std::to_string(options_.trust_policy_quota),
               {Note{"IAM's role trust policy length quota is 2,048 characters by default, adjustable to 4,096: "
                     "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html",
                     std::nullopt},
                Note{"give some state machines their own target role, or ask for a quota increase", std::nullopt}});
      }
      const std::vector<std::string> served = tp.state_machines;
      result_.policies.push_back(std::move(tp));

      // 2. Permission policy; none when IAM grants the role nothing (every call it makes is
      // authorised outside IAM, as the Kubernetes API of eks:call is: G016 says what it needs).
      std::vector<Pending> pending;
      for (const Call* c : calls) pending_of(*c, pending);
      if (pending.empty()) continue;
      GeneratedPolicy pp;
      pp.file = base + ".permissions.json";
      pp.role_arn = role;
      pp.role_name = role_name;
      pp.stem = base;
      pp.account = account;
      pp.partition = partition;
      pp.attachment = Attachment::Permissions;
      pp.policy_name = std::string(kPermissionPolicyName);
      pp.state_machines = served;
      pp.policy = policy_of(merge(std::move(pending)));
      pp.text = write_policy(pp.policy);
      result_.policies.push_back(std::move(pp));
    }

    // 3. The execution roles' policies.
    std::map<std::string, std::vector<std::size_t>> exec_setups;
    for (std::size_t s = 0; s < setups.size(); ++s) exec_setups[setups[s].execution_role_arn.value].push_back(s);
    std::vector<std::string> exec_arns;
    for (const auto& [exec, ids] : exec_setups) exec_arns.push_back(exec);
    const std::map<std::string, std::string> exec_stems = role_stems(exec_arns);
    for (const auto& [exec, ids] : exec_setups) {
      std::set<std::string> roles;
      std::set<std::string> machines;
      for (const Call& c : calls_) {
        if (std::find(ids.begin(), ids.end(), c.setup) == ids.end()) continue;
        roles.insert(c.role_arn);
        machines.insert(setups[c.setup].state_machine_arn.value);
      }
      if (roles.empty()) continue;
      // Sids unique within the policy: from the stems of the roles it names.
      const std::map<std::string, std::string> sid_stems = role_stems({roles.begin(), roles.end()});
      std::vector<Statement> statements;
      if (roles.count(std::string(kAnyRole)) != 0U) {
        statements.push_back(sfn::assume_statement("AssumeAnyRole", "*"));
      } else {
        for (const std::string& r : roles) {
          statements.push_back(sfn::assume_statement("Assume" + sid_token(sid_stems.at(r)), r));
        }
        std::sort(statements.begin(), statements.end(),
                  [](const Statement& a, const Statement& b) { return a.sid->text < b.sid->text; });
      }
      const std::string name = name_of_role(exec);
      GeneratedPolicy ap;
      ap.stem = exec_stems.at(exec);
      ap.file = ap.stem + ".assume-role.json";
      ap.role_arn = exec;
      ap.role_name = name;
      ap.account = account_of(exec);
      ap.partition = partitions_[ids.front()];
      ap.attachment = Attachment::AssumeRole;
      ap.policy_name = std::string(kAssumePolicyName);
      ap.state_machines = {machines.begin(), machines.end()};
      ap.policy = policy_of(std::move(statements));
      ap.text = write_policy(ap.policy);
      result_.policies.push_back(std::move(ap));
    }
  }
};

}  // namespace

bool Result::refused() const {
  return std::any_of(findings.begin(), findings.end(),
                     [](const Finding& f) { return f.diagnostic.severity == Severity::Error; });
}

std::string_view attachment_name(Attachment attachment) { return sfn::attach_as(attachment); }

Result generate(const std::vector<Setup>& setups, const Options& options, const IntegrationTable& table) {
  sfn::Derivation derived = sfn::derive_calls(setups, options, table);
  Result result;
  result.findings = std::move(derived.findings);
  if (result.refused()) return result;
  Generator g(options, result);
  g.run(setups, derived);
  if (result.refused()) result.policies.clear();
  return result;
}

}  // namespace iamsmith::gen
