// The generator proper: setups -> calls through target roles -> the three kinds of policy.
//
// Finding ids (errors refuse the whole run; warnings accompany the output):
//   G001 invalid-spec          the spec file or a --target / --resource value is malformed
//   G002 invalid-integrations  an --integrations file is malformed
//   G003 invalid-arn           a state machine, role or resource ARN is malformed or of the wrong kind
//   G004 invalid-definition    the state machine definition is malformed (Credentials misuse: S008)
//   G005 partition-mismatch    the execution role in another partition than the state machine
//   G007 unknown-integration   a Task's Resource is in no row of the integration table
//   G009 dynamic-resource      a target chosen at run time, without --resource or --allow-any-resource
//   G010 wildcard-granted      (warning) "*" granted because the user opted in or nothing narrower exists
//   G011 missing-parameter     a Task lacks the parameter that names its target
//   G012 trust-policy-size     (warning) a trust policy near or over its length quota
//   G013 invalid-resource      a value that names no resource of the expected kind
//   G014 unsupported-pattern   an integration pattern the service does not offer
//   G015 nothing-to-generate   no cross-account call found
//   G016 statement-omitted     (warning) an optional statement whose resources the task does not name
// and, under the id of the lint rule that makes the same check (see "Checks shared with the lint
// S rules" in generate.hpp; the tests live there once):
//   S002 state-machine-name    the state machine ARN is not a valid sts:ExternalId (was G006)
//   S005 dynamic-role          a role chosen at run time, without --role-arn or --allow-any-role
//                              (was G008; an error here, a warning in lint)
//   S007 cross-partition-task  a target role or resource in another partition (was G005)
//   S008 invalid-credentials   Credentials misused, or a Task's RoleArn not a role ARN (was G004/G003)
//   S009 cross-region-resource (warning) a target in another Region than the state machine

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "iamsmith/arn.hpp"
#include "iamsmith/generate.hpp"
#include "iamsmith/partition.hpp"
#include "iamsmith/write.hpp"

namespace iamsmith::gen {

// ---------------------------------------------------------------------------------------------
// Checks shared with the lint S rules.

std::string external_id_problem(std::string_view state_machine_arn) {
  // Step Functions passes the state machine ARN as sts:ExternalId; AssumeRole accepts 2 to
  // 1,224 characters of [\w+=,.@:/-]:
  // https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html and
  // https://docs.aws.amazon.com/step-functions/latest/dg/concepts-cross-acct-sync-pattern.html
  std::string bad;
  for (char c : state_machine_arn) {
    const auto u = static_cast<unsigned char>(c);
    const bool ok = (u < 0x80 && std::isalnum(u) != 0) || std::string_view("_+=,.@:/-").find(c) != std::string_view::npos;
    if (!ok && bad.find(c) == std::string::npos) bad.push_back(c);
  }
  if (!bad.empty()) {
    return "it contains \"" + bad + "\", and AssumeRole accepts only letters, digits and _+=,.@:/-";
  }
  if (state_machine_arn.size() < 2 || state_machine_arn.size() > 1224) return "it must be 2 to 1,224 characters long";
  return {};
}

std::string arn_problem(std::string_view value, ArnKind kind) {
  const ArnResult parsed = parse_arn(value);
  if (!parsed) return "is not a valid ARN: " + std::string(arn_error_message(parsed.error()));
  const Arn& arn = parsed.value();
  const bool role = kind == ArnKind::Role;
  if (arn.service != (role ? "iam" : "states") || arn.resource_type() != (role ? "role" : "stateMachine")) {
    return role ? "is not an IAM role ARN (arn:PARTITION:iam::ACCOUNT:role/NAME)"
                : "is not a state machine ARN (arn:PARTITION:states:REGION:ACCOUNT:stateMachine:NAME)";
  }
  if (arn.has_wildcard() || arn.has_variable()) return "holds a wildcard or a policy variable; name exactly one";
  if (find_partition(arn.partition) == nullptr) return "is in the unknown partition \"" + arn.partition + "\"";
  if (role && !is_account_id(arn.account)) return "has no 12-digit account ID";
  return {};
}

bool in_other_partition(std::string_view partition, std::string_view state_machine_partition) {
  return !partition.empty() && !state_machine_partition.empty() && partition != state_machine_partition;
}

bool in_other_region(const Target& target, std::string_view state_machine_region) {
  return target.arn != "*" && !target.region.empty() && !state_machine_region.empty() &&
         target.region != state_machine_region;
}

std::string cross_region_note() {
  return "AWS documents cross-Region resource access from Step Functions as unavailable: \"Currently, "
         "cross-Region AWS SDK integration and cross-Region AWS resource access aren't available in Step "
         "Functions.\" " + std::string(kCrossAccountDocs);
}

// The values that name the target: one per resource (events:putEvents may name several).
TargetValues task_target_values(const Integration& row, const asl::State& state, std::size_t input) {
  TargetValues n;
  const asl::Payload* p = state.payload ? &*state.payload : nullptr;
  auto static_or_dynamic = [&](const asl::Field& f) {
    if (const std::string* s = f.static_string()) {
      n.values.push_back(Text{*s, input, f.value.span});
    } else {
      n.dynamic = f;
    }
  };
  if (row.target == TargetKind::ExecuteApi) {
    // ApiEndpoint, Stage, Method and Path together name the API resource.
    // https://docs.aws.amazon.com/step-functions/latest/dg/connect-api-gateway.html
    if (p == nullptr || !p->field("ApiEndpoint")) {
      n.absent = true;
      return n;
    }
    std::string joined = "https://";
    SourceSpan span;
    for (const char* key : {"ApiEndpoint", "Stage", "Method", "Path"}) {
      auto f = p->field(key);
      if (!f) {
        joined += std::string(key) == "ApiEndpoint" ? "" : (std::string(key) == "Path" ? "" : "/*");
        continue;
      }
      if (f->is_dynamic()) {
        n.dynamic = f;
        return n;
      }
      const std::string* s = f->static_string();
      if (s == nullptr) continue;
      std::string part = *s;
      if (std::string(key) == "ApiEndpoint") {
        span = f->value.span;
        if (part.rfind("https://", 0) == 0) part = part.substr(8);
        joined += part;
      } else {
        while (!part.empty() && part.front() == '/') part.erase(part.begin());
        joined += "/" + part;
      }
    }
    n.values.push_back(Text{joined, input, span});
    return n;
  }
  if (row.target == TargetKind::S3Object) {
    // Bucket plus Key (one object) or Prefix (every object under it).
    auto bucket = p != nullptr ? p->field("Bucket") : std::nullopt;
    if (!bucket) {
      n.absent = true;
      return n;
    }
    if (bucket->is_dynamic()) {
      n.dynamic = bucket;
      return n;
    }
    std::string value = bucket->value.text + "/";
    if (auto key = p->field("Key")) {
      if (key->is_dynamic()) {
        value += "*";
      } else {
        value += key->value.text;
      }
    } else if (auto prefix = p->field("Prefix")) {
      value += (prefix->is_dynamic() ? std::string() : prefix->value.text) + "*";
    } else {
      value += "*";
    }
    n.values.push_back(Text{value, input, bucket->value.span});
    return n;
  }
  if (row.parameter.empty()) {
    if (row.target == TargetKind::LambdaFunction) {
      n.values.push_back(Text{*state.resource, input, state.resource_span});
    } else {
      n.absent = true;
    }
    return n;
  }
  const std::size_t star = row.parameter.find("[*].");
  if (star != std::string::npos) {
    if (p == nullptr) {
      n.absent = true;
      return n;
    }
    const std::vector<asl::Field> fields = p->array_fields(row.parameter.substr(0, star), row.parameter.substr(star + 4));
    for (const asl::Field& f : fields) static_or_dynamic(f);
    if (fields.empty()) n.absent = true;
    return n;
  }
  auto f = p != nullptr ? p->field(row.parameter) : std::nullopt;
  if (!f) {
    n.absent = true;
    return n;
  }
  static_or_dynamic(*f);
  return n;
}


namespace {

constexpr std::string_view kAnyRole = "*";
constexpr std::string_view kPermissionPolicyName = "StepFunctionsCrossAccountAccess";
constexpr std::string_view kAssumePolicyName = "AssumeCrossAccountRoles";

struct Code {
  std::string_view id;
  std::string_view name;
  Severity severity;
};
constexpr Code kInvalidArn{"G003", "invalid-arn", Severity::Error};
constexpr Code kInvalidDefinition{"G004", "invalid-definition", Severity::Error};
constexpr Code kPartitionMismatch{"G005", "partition-mismatch", Severity::Error};
constexpr Code kStateMachineName{"S002", "state-machine-name", Severity::Error};
constexpr Code kUnknownIntegration{"G007", "unknown-integration", Severity::Error};
constexpr Code kDynamicRole{"S005", "dynamic-role", Severity::Error};
constexpr Code kCrossPartitionTask{"S007", "cross-partition-task", Severity::Error};
constexpr Code kInvalidCredentials{"S008", "invalid-credentials", Severity::Error};
constexpr Code kDynamicResource{"G009", "dynamic-resource", Severity::Error};
constexpr Code kWildcardGranted{"G010", "wildcard-granted", Severity::Warning};
constexpr Code kMissingParameter{"G011", "missing-parameter", Severity::Error};
constexpr Code kTrustPolicySize{"G012", "trust-policy-size", Severity::Warning};
constexpr Code kInvalidResource{"G013", "invalid-resource", Severity::Error};
constexpr Code kUnsupportedPattern{"G014", "unsupported-pattern", Severity::Error};
constexpr Code kNothingToGenerate{"G015", "nothing-to-generate", Severity::Error};
constexpr Code kOptionalOmitted{"G016", "statement-omitted", Severity::Warning};
constexpr Code kCrossRegion{"S009", "cross-region-resource", Severity::Warning};

// One call a task makes through a target role.
struct Call {
  std::string role_arn;  // static, or kAnyRole
  const Integration* row = nullptr;
  IntegrationMatch match;
  std::vector<Target> targets;
  std::map<std::string, std::string> vars;  // from the row's "vars" parameters (static values only)
  std::size_t setup = 0;
  std::string who;  // "state 'X'" or "target 0", for messages
  std::size_t input = kNoInput;
  SourceSpan span;
};

struct Checked {
  Arn arn;
  bool ok = false;
};

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

std::string pattern_name(std::string_view pattern) {
  return pattern.empty() ? "request-response" : std::string(pattern);
}

class Generator {
 public:
  Generator(const Options& options, const IntegrationTable& table, Result& result)
      : options_(options), table_(table), result_(result) {}

  void run(const std::vector<Setup>& setups) {
    for (std::size_t i = 0; i < setups.size(); ++i) read_setup(setups[i], i);
    if (calls_.empty() && !has_errors()) {
      report(kNothingToGenerate, kNoInput, SourceSpan{},
             "no cross-account call found: no Task has Credentials and no target was given",
             {Note{"a Task without Credentials runs with the execution role itself; nothing cross-account "
                   "is needed for it",
                   std::nullopt}});
    }
    if (has_errors()) return;
    build_policies(setups);
  }

 private:
  const Options& options_;
  const IntegrationTable& table_;
  Result& result_;
  std::vector<Call> calls_;
  std::vector<std::string> sm_arns_;    // per setup
  std::vector<std::string> sm_regions_;
  std::vector<std::string> partitions_;
  std::vector<std::string> exec_roles_;

  bool has_errors() const { return result_.refused(); }

  void report(const Code& code, std::size_t input, const SourceSpan& span, std::string message,
              std::vector<Note> notes = {}) {
    Diagnostic d;
    d.rule_id = std::string(code.id);
    d.rule_name = std::string(code.name);
    d.severity = code.severity;
    d.message = std::move(message);
    d.span = span;
    d.notes = std::move(notes);
    result_.findings.push_back(Finding{input, std::move(d)});
  }

  // An exact ARN of `kind`, or an error at `text` (under `code`: G003, or S008 for a Task's RoleArn).
  std::optional<Arn> check_arn(const Text& text, std::string_view what, ArnKind kind, const Code& code = kInvalidArn) {
    const std::string problem = arn_problem(text.value, kind);
    if (!problem.empty()) {
      report(code, text.input, text.span, std::string(what) + " \"" + text.value + "\" " + problem);
      return std::nullopt;
    }
    return parse_arn(text.value).value();
  }

  void check_partition(const std::string& partition, std::size_t setup, const Text& text, std::string_view what,
                       const Code& code = kCrossPartitionTask) {
    if (!in_other_partition(partition, partitions_[setup])) return;
    report(code, text.input, text.span,
           std::string(what) + " \"" + text.value + "\" is in partition \"" + partition +
               "\" but the state machine \"" + sm_arns_[setup] + "\" is in \"" + partitions_[setup] + "\"",
           {Note{"IAM roles delegate access across accounts only within one partition: " +
                     std::string(kCrossAccountDocs),
                 std::nullopt}});
  }

  void read_setup(const Setup& setup, std::size_t index) {
    sm_arns_.push_back(setup.state_machine_arn.value);
    sm_regions_.emplace_back();
    partitions_.emplace_back();
    exec_roles_.push_back(setup.execution_role_arn.value);
    const std::size_t errors_before = result_.findings.size();
    auto sm = check_arn(setup.state_machine_arn, "the state machine ARN", ArnKind::StateMachine);
    if (sm) {
      sm_regions_[index] = sm->region;
      partitions_[index] = sm->partition;
      check_external_id(setup.state_machine_arn);
    }
    auto exec = check_arn(setup.execution_role_arn, "the execution role ARN", ArnKind::Role);
    if (!sm || !exec) return;
    check_partition(exec->partition, index, setup.execution_role_arn, "the execution role", kPartitionMismatch);
    if (result_.findings.size() != errors_before && has_errors()) return;
    for (const TargetSpec& t : setup.targets) read_target(t, index);
    if (setup.definition) read_definition(*setup.definition, setup.definition_input, index);
  }

  void check_external_id(const Text& sm) {
    const std::string problem = external_id_problem(sm.value);
    if (problem.empty()) return;
    report(kStateMachineName, sm.input, sm.span,
           "the state machine ARN \"" + sm.value + "\" cannot be an sts:ExternalId: " + problem,
           {Note{"Step Functions passes the state machine ARN as the external ID, so AssumeRole would reject "
                 "every cross-account call; rename the state machine using only letters, digits and _-.+=@",
                 std::nullopt}});
  }

  // `from_credentials`: the role is a Task's Credentials.RoleArn (S008), not a spec's roleArn (G003).
  bool check_role(const Text& role, std::size_t setup, bool from_credentials = false) {
    auto arn = check_arn(role, "the target role ARN", ArnKind::Role, from_credentials ? kInvalidCredentials : kInvalidArn);
    if (!arn) return false;
    check_partition(arn->partition, setup, role, "the target role");
    return true;
  }

  ResolveContext context_for(const std::string& role_arn, std::size_t setup) const {
    ResolveContext c;
    c.partition = partitions_[setup];
    c.region = sm_regions_[setup];
    const ArnResult parsed = parse_arn(role_arn);
    if (parsed) c.account = parsed->account;
    return c;
  }

  // Checks the resolved target's partition and region against the state machine's.
  void check_target(const Target& t, std::size_t setup, const Text& where, const std::string& who) {
    if (t.arn == "*") return;
    if (!t.partition.empty() && t.partition != partitions_[setup]) {
      check_partition(t.partition, setup, Text{t.arn, where.input, where.span}, "the resource of " + who);
    }
    if (in_other_region(t, sm_regions_[setup])) {
      report(kCrossRegion, where.input, where.span,
             who + " calls \"" + t.arn + "\" in " + t.region + ", but the state machine runs in " +
                 sm_regions_[setup],
             {Note{cross_region_note(), std::nullopt},
              Note{"the policies are generated as asked; test the call, or move the resource to " +
                       sm_regions_[setup],
                   std::nullopt}});
    }
  }

  std::optional<IntegrationMatch> match(const Text& resource, const std::string& who) {
    auto m = match_integration(table_, resource.value);
    if (!m) {
      std::vector<Note> notes{Note{"add a row for it with --integrations FILE (same format as rules/integrations.json)",
                                   std::nullopt}};
      report(kUnknownIntegration, resource.input, resource.span,
             who + " calls \"" + resource.value + "\", which is in no row of the integration table", std::move(notes));
      return std::nullopt;
    }
    if (std::find(m->row->patterns.begin(), m->row->patterns.end(), m->pattern) == m->row->patterns.end()) {
      std::string offered;
      for (const std::string& p : m->row->patterns) offered += (offered.empty() ? "" : ", ") + pattern_name(p);
      report(kUnsupportedPattern, resource.input, resource.span,
             who + " calls " + m->row->id + " with the " + pattern_name(m->pattern) +
                 " pattern, which it does not offer (it offers " + offered + ")",
             {Note{m->row->docs, std::nullopt}});
      return std::nullopt;
    }
    return m;
  }

  std::optional<Target> resolve(TargetKind kind, const Text& value, const ResolveContext& ctx, const std::string& who) {
    ResolveResult r = resolve_target(kind, value.value, ctx);
    if (!r.target) {
      report(kInvalidResource, value.input, value.span, who + ": " + r.error);
      return std::nullopt;
    }
    return r.target;
  }

  void read_target(const TargetSpec& spec, std::size_t setup) {
    if (!check_role(spec.role_arn, setup)) return;
    auto m = match(spec.integration, spec.label);
    if (!m) return;
    Call call;
    call.role_arn = spec.role_arn.value;
    call.row = m->row;
    call.match = *m;
    call.setup = setup;
    call.who = spec.label;
    call.input = spec.integration.input;
    call.span = spec.integration.span;
    const ResolveContext ctx = context_for(call.role_arn, setup);
    if (m->row->target == TargetKind::LambdaFunction && m->row->parameter.empty()) {
      // The legacy form: the Resource itself is the function.
      if (auto t = resolve(TargetKind::LambdaFunction, spec.integration, ctx, spec.label)) {
        check_target(*t, setup, spec.integration, spec.label);
        call.targets.push_back(*t);
      }
    }
    for (const Text& r : spec.resources) {
      if (auto t = resolve(m->row->target, r, ctx, spec.label)) {
        check_target(*t, setup, r, spec.label);
        call.targets.push_back(*t);
      }
    }
    if (call.targets.empty()) {
      if (!m->row->default_value.empty()) {
        if (auto t = resolve(m->row->target, Text{m->row->default_value, spec.integration.input, spec.integration.span},
                             ctx, spec.label)) {
          call.targets.push_back(*t);
        }
      } else if (m->row->target == TargetKind::None) {
        report(kWildcardGranted, spec.integration.input, spec.integration.span,
               spec.label + ": no resource is known for " + spec.integration.value + "; it is granted on \"*\"",
               {Note{"list the resources it calls in \"resources\" to narrow it", std::nullopt}});
        Target any;
        any.arn = "*";
        any.name = "";
        call.targets.push_back(any);
      } else if (!has_errors()) {
        report(kMissingParameter, spec.integration.input, spec.integration.span,
               spec.label + " names no resource for " + m->row->id + "; list it in \"resources\"");
      }
    }
    if (!call.targets.empty()) calls_.push_back(std::move(call));
  }

  void read_definition(const asl::Definition& def, std::size_t input, std::size_t setup) {
    for (const asl::Problem& p : def.problems) {
      report(asl::is_credentials_problem(p.kind) ? kInvalidCredentials : kInvalidDefinition, input, p.span, p.message);
    }
    for (std::size_t i = 0; i < def.states.size(); ++i) {
      const asl::State& state = def.states[i];
      if (state.type != asl::StateType::Task || !state.credentials || !state.credentials->role_arn || !state.resource) {
        continue;
      }
      read_task(def, i, input, setup);
    }
  }

  // The role(s) a Task assumes.
  std::vector<Text> roles_of(const asl::State& state, const std::string& who, std::size_t input) {
    const asl::Field& role = *state.credentials->role_arn;
    if (const std::string* value = role.static_string()) return {Text{*value, input, role.value.span}};
    if (!options_.role_arns.empty()) return options_.role_arns;
    if (options_.allow_any_role) {
      report(kWildcardGranted, input, role.value.span,
             who + " assumes a role chosen at run time; the execution role may assume any role (\"*\")",
             {Note{"no trust or permission policy is generated for the roles it may assume; pass --role-arn ARN "
                   "for each of them to generate those and to narrow sts:AssumeRole",
                   std::nullopt}});
      return {Text{std::string(kAnyRole), input, role.value.span}};
    }
    report(kDynamicRole, input, role.value.span,
           who + " assumes a role chosen at run time (" + role.key + ": " + json::to_json(role.value) + ")",
           {Note{"pass --role-arn ARN for each role it may resolve to, or --allow-any-role to let the execution role "
                 "assume any role (sts:AssumeRole on \"*\")",
                 std::nullopt}});
    return {};
  }

  void read_task(const asl::Definition& def, std::size_t index, std::size_t input, std::size_t setup) {
    const asl::State& state = def.states[index];
    const std::string who = "state " + quoted(def.state_path(index));
    const std::vector<Text> roles = roles_of(state, who, input);
    auto m = match(Text{*state.resource, input, state.resource_span}, who);
    if (!m || roles.empty()) return;
    const Integration& row = *m->row;
    TargetValues named = task_target_values(row, state, input);
    std::map<std::string, std::string> vars;
    for (const auto& [placeholder, parameter] : row.vars) {
      auto f = state.payload ? state.payload->field(parameter) : std::nullopt;
      if (f && f->static_string() != nullptr) vars[placeholder] = *f->static_string();
    }
    for (const Text& role : roles) {
      const bool from_credentials = state.credentials->role_arn->static_string() != nullptr;
      if (role.value != kAnyRole && !check_role(role, setup, from_credentials)) continue;
      Call call;
      call.role_arn = role.value;
      call.row = &row;
      call.match = *m;
      call.setup = setup;
      call.vars = vars;
      call.who = who;
      call.input = input;
      call.span = state.resource_span;
      const ResolveContext ctx = context_for(role.value, setup);
      std::vector<Text> values = named.values;
      if (named.dynamic) {
        const asl::Field& f = *named.dynamic;
        std::vector<Text> overrides;
        for (const ResourceOverride& o : options_.resources) {
          if (o.state == state.name) overrides.insert(overrides.end(), o.resources.begin(), o.resources.end());
        }
        if (!overrides.empty()) {
          values.insert(values.end(), overrides.begin(), overrides.end());
        } else if (options_.allow_any_resource) {
          report(kWildcardGranted, input, f.value.span,
                 who + " calls a " + std::string(target_kind_name(row.target)) +
                     " chosen at run time; it is granted on \"*\"",
                 {Note{"pass --resource " + state.name + "=ARN for each resource it may call to narrow it",
                       std::nullopt}});
          Target any;
          any.arn = "*";
          any.name = "Any";
          call.targets.push_back(any);
        } else {
          report(kDynamicResource, input, f.value.span,
                 who + " calls a " + std::string(target_kind_name(row.target)) + " chosen at run time (" + f.key +
                     ": " + json::to_json(f.value) + ")",
                 {Note{"pass --resource '" + state.name + "=ARN[,ARN...]' with every resource it may call, or "
                       "--allow-any-resource to grant on \"*\"",
                       std::nullopt}});
          return;
        }
      }
      if (named.absent && values.empty() && call.targets.empty()) {
        if (!row.default_value.empty()) {
          values.push_back(Text{row.default_value, input, state.resource_span});
        } else if (row.target == TargetKind::None) {
          std::vector<Text> overrides;
          for (const ResourceOverride& o : options_.resources) {
            if (o.state == state.name) values.insert(values.end(), o.resources.begin(), o.resources.end());
          }
          if (values.empty()) {
            report(kWildcardGranted, input, state.resource_span,
                   who + " calls " + *state.resource + "; no resource is known for it, so it is granted on \"*\"",
                   {Note{"pass --resource '" + state.name + "=ARN' to name what it calls", std::nullopt}});
            Target any;
            any.arn = "*";
            call.targets.push_back(any);
          }
        } else {
          report(kMissingParameter, input, state.payload ? state.payload->key_span : state.resource_span,
                 who + " calls " + row.id + " without " + row.parameter + "; it names the " +
                     std::string(target_kind_name(row.target)) + " to call",
                 {Note{row.docs, std::nullopt}});
          return;
        }
      }
      for (const Text& v : values) {
        if (auto t = resolve(row.target, v, ctx, who)) {
          check_target(*t, setup, v, who);
          call.targets.push_back(*t);
        }
      }
      if (!call.targets.empty()) calls_.push_back(std::move(call));
    }
  }

  // ------------------------------------------------------------------------------------------
  // Building the policies.

  static std::string substitute(std::string_view tmpl, const std::map<std::string, std::string>& vars,
                                bool& missing) {
    std::string out;
    std::size_t i = 0;
    while (i < tmpl.size()) {
      if (tmpl.substr(i, 2) == "${") {
        const std::size_t close = tmpl.find('}', i);
        if (close != std::string_view::npos) {
          const std::string key(tmpl.substr(i + 2, close - i - 2));
          auto it = vars.find(key);
          if (it == vars.end()) {
            missing = true;
          } else {
            out += it->second;
          }
          i = close + 1;
          continue;
        }
      }
      out.push_back(tmpl[i]);
      ++i;
    }
    return out;
  }

  struct Pending {
    std::string sid;
    std::set<std::string> actions;
    std::set<std::string> resources;
    std::vector<std::pair<std::string, std::pair<std::string, std::string>>> conditions;  // op, key, value
  };

  std::string iam_action_for(const IntegrationMatch& m) const {
    // aws-sdk:SERVICE:ACTION -> PREFIX:Action; IAM action names are case-insensitive, written
    // here with the API's capitalisation. https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html
    const std::string key = m.sdk_service + ":" + m.sdk_action;
    if (auto it = table_.sdk_action_exceptions.find(key); it != table_.sdk_action_exceptions.end()) return it->second;
    std::string prefix = m.sdk_service;
    if (auto it = table_.sdk_service_prefixes.find(prefix); it != table_.sdk_service_prefixes.end()) prefix = it->second;
    std::string action = m.sdk_action;
    if (!action.empty()) action[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(action[0])));
    return prefix + ":" + action;
  }

  void expand(const Call& call, std::vector<Pending>& out) {
    for (const Target& t : call.targets) {
      // Placeholders for resources: a target granted on "*" has no Arn or Name, so templates
      // built from them become "*"; Region and Account stay when known (Batch).
      std::map<std::string, std::string> vars = t.vars;
      for (const auto& [k, v] : call.vars) vars[k] = v;
      vars["Partition"] = partitions_[call.setup];
      if (t.arn != "*") {
        vars["Arn"] = t.arn;
        vars["Name"] = t.name;
      }
      if (!t.region.empty() || t.arn != "*") vars["Region"] = t.region;
      if (!t.account.empty() || t.arn != "*") vars["Account"] = t.account;
      if (!call.match.sdk_service.empty()) {
        vars["Service"] = call.match.sdk_service;
        vars["Action"] = call.match.sdk_action;
        vars["IamAction"] = iam_action_for(call.match);
      }
      // Each value becomes a capitalised word of its own in a Sid: "SendTo" + "audit-queue" ->
      // "SendToAuditQueue".
      std::map<std::string, std::string> words;
      for (const auto& [k, v] : vars) words[k] = sid_token(v);
      words["Name"] = sid_token(t.name.empty() ? std::string("Any") : t.name);
      for (const StatementTemplate& st : call.row->statements) {
        if (!st.patterns.empty() &&
            std::find(st.patterns.begin(), st.patterns.end(), call.match.pattern) == st.patterns.end()) {
          continue;
        }
        Pending p;
        bool unused = false;
        p.sid = sid_token(substitute(st.sid, words, unused));
        for (const std::string& a : st.actions) {
          bool missing = false;
          p.actions.insert(substitute(a, vars, missing));
        }
        for (const std::string& r : st.resources) {
          bool missing = false;
          std::string value = substitute(r, vars, missing);
          if (missing && st.optional) continue;
          p.resources.insert(missing ? std::string("*") : value);
        }
        if (p.resources.empty()) {
          report(kOptionalOmitted, call.input, call.span,
                 call.who + ": the " + p.sid + " statement (" + st.actions.front() + ") is not generated: " +
                     "the resources it needs are not named in the task",
                 {Note{call.row->note.empty() ? call.row->docs : call.row->note, std::nullopt}});
          continue;
        }
        for (const ConditionTemplate& c : st.conditions) {
          bool missing = false;
          std::string value = substitute(c.value, vars, missing);
          if (missing || value.empty()) continue;  // a run-time value cannot be pinned
          p.conditions.push_back({c.op, {c.key, value}});
        }
        out.push_back(std::move(p));
      }
    }
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
          auto it = std::find_if(block.operators.begin(), block.operators.end(),
                                 [&op](const ConditionOperator& o) { return o.name == op; });
          if (it == block.operators.end()) {
            block.operators.push_back(ConditionOperator{op, {}, {}});
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

  static std::size_t chars_without_whitespace(const std::string& text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
      return c != ' ' && c != '\n' && c != '\t' && c != '\r';
    }));
  }

  void build_policies(const std::vector<Setup>& setups) {
    // Target roles, in ARN order.
    std::map<std::string, std::vector<const Call*>> by_role;
    for (const Call& c : calls_) {
      if (c.role_arn != kAnyRole) by_role[c.role_arn].push_back(&c);
    }
    std::map<std::string, int> trust_names;
    std::map<std::string, int> assume_names;
    for (const auto& [role, calls] : by_role) ++trust_names[name_of_role(role)];

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
      const std::string base = trust_names[role_name] > 1 ? role_name + "." + account : role_name;
      const std::string partition = partitions_[*setup_ids.begin()];

      // 1. Trust policy. https://docs.aws.amazon.com/step-functions/latest/dg/tutorial-access-cross-acct-resources.html
      Statement trust;
      if (machines.size() == 1) {
        const ArnResult sm = parse_arn(*machines.begin());
        const std::string sm_name = sm ? sm->resource.substr(std::string("stateMachine:").size()) : "";
        trust.sid = make_string("Trust" + sid_token(sm_name) + "StateMachine");
      } else {
        trust.sid = make_string("TrustStateMachines");
      }
      trust.effect = make_string("Allow");
      Principal principal;
      PrincipalGroup group;
      group.key = "AWS";
      group.type = PrincipalType::Aws;
      group.values = values_of({principals.begin(), principals.end()});
      principal.groups.push_back(std::move(group));
      trust.principal = std::move(principal);
      trust.action = values_of({"sts:AssumeRole"});
      ConditionBlock condition;
      condition.operators.push_back(ConditionOperator{
          "StringEquals",
          SourceSpan{},
          {ConditionEntry{"sts:ExternalId", SourceSpan{}, values_of({machines.begin(), machines.end()})}}});
      trust.condition = std::move(condition);
      GeneratedPolicy tp;
      tp.file = base + ".trust.json";
      tp.role_arn = role;
      tp.role_name = role_name;
      tp.account = account;
      tp.partition = partition;
      tp.attachment = Attachment::TrustPolicy;
      tp.state_machines = {machines.begin(), machines.end()};
      tp.policy = policy_of({std::move(trust)});
      tp.text = write_policy(tp.policy);
      const std::size_t size = chars_without_whitespace(tp.text);
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

      // 2. Permission policy.
      std::vector<Pending> pending;
      for (const Call* c : calls) expand(*c, pending);
      GeneratedPolicy pp;
      pp.file = base + ".permissions.json";
      pp.role_arn = role;
      pp.role_name = role_name;
      pp.account = account;
      pp.partition = partition;
      pp.attachment = Attachment::PermissionPolicy;
      pp.policy_name = std::string(kPermissionPolicyName);
      pp.state_machines = served;
      pp.policy = policy_of(merge(std::move(pending)));
      pp.text = write_policy(pp.policy);
      result_.policies.push_back(std::move(pp));
    }

    // 3. The execution roles' policies.
    std::map<std::string, std::vector<std::size_t>> exec_setups;
    for (std::size_t s = 0; s < setups.size(); ++s) exec_setups[setups[s].execution_role_arn.value].push_back(s);
    std::map<std::string, int> exec_names;
    for (const auto& [exec, ids] : exec_setups) ++exec_names[name_of_role(exec)];
    for (const auto& [exec, ids] : exec_setups) {
      std::set<std::string> roles;
      std::set<std::string> machines;
      for (const Call& c : calls_) {
        if (std::find(ids.begin(), ids.end(), c.setup) == ids.end()) continue;
        roles.insert(c.role_arn);
        machines.insert(setups[c.setup].state_machine_arn.value);
      }
      if (roles.empty()) continue;
      std::map<std::string, int> name_count;
      for (const std::string& r : roles) ++name_count[name_of_role(r)];
      std::vector<Statement> statements;
      if (roles.count(std::string(kAnyRole)) != 0U) {
        statements.push_back(allow("AssumeAnyRole", {"sts:AssumeRole"}, {"*"}));
      } else {
        for (const std::string& r : roles) {
          const std::string n = name_of_role(r);
          statements.push_back(
              allow("Assume" + sid_token(n) + (name_count[n] > 1 ? account_of(r) : ""), {"sts:AssumeRole"}, {r}));
        }
        std::sort(statements.begin(), statements.end(),
                  [](const Statement& a, const Statement& b) { return a.sid->text < b.sid->text; });
      }
      const std::string name = name_of_role(exec);
      GeneratedPolicy ap;
      ap.file = (exec_names[name] > 1 ? name + "." + account_of(exec) : name) + ".assume-role.json";
      ap.role_arn = exec;
      ap.role_name = name;
      ap.account = account_of(exec);
      ap.partition = partitions_[ids.front()];
      ap.attachment = Attachment::AssumeRolePolicy;
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

std::string_view attachment_name(Attachment attachment) {
  switch (attachment) {
    case Attachment::TrustPolicy: return "trust-policy";
    case Attachment::PermissionPolicy: return "inline-policy";
    case Attachment::AssumeRolePolicy: return "inline-policy";
  }
  return "inline-policy";
}

Result generate(const std::vector<Setup>& setups, const Options& options, const IntegrationTable& table) {
  Result result;
  Generator g(options, table, result);
  g.run(setups);
  if (result.refused()) result.policies.clear();
  return result;
}

}  // namespace iamsmith::gen
