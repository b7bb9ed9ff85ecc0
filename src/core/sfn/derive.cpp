// The calls a setup makes: setups -> Tasks with Credentials and spec targets -> the role each
// assumes, the integration it calls, its targets, the statements it needs and the requests it
// sends. `generate` turns the calls into policies, `verify` checks their requests, and the lint
// S rules share the checks (see "Checks shared with the lint S rules" in iamsmith/sfn.hpp).
//
// Finding ids (errors mean some call could not be derived; warnings accompany the calls):
//   G003 invalid-arn           a state machine, role or resource ARN is malformed or of the wrong kind
//   G004 invalid-definition    the state machine definition is malformed (Credentials misuse: S008)
//   G005 partition-mismatch    the execution role in another partition than the state machine
//   G007 unknown-integration   a Task's Resource is in no row of the integration table
//   G009 dynamic-resource      a target chosen at run time, with --exact-resources and no --resource
//   G010 wildcard-granted      (warning) "*" granted because the user opted in or nothing narrower exists
//   G011 missing-parameter     a Task lacks the parameter that names its target
//   G013 invalid-resource      a value that names no resource of the expected kind
//   G014 unsupported-pattern   an integration pattern the service does not offer
//   G015 nothing-to-generate   no cross-account call found
//   G016 statement-omitted     (warning) an optional statement whose resources the task does not name
// and, under the id of the lint rule that makes the same check, with the rule's generate severity:
//   S002 state-machine-name    the state machine ARN is not a valid sts:ExternalId
//   S005 dynamic-role          a role chosen at run time, without --role-arn or --allow-any-role
//   S007 cross-partition-task  a target role or resource in another partition
//   S008 invalid-credentials   Credentials misused, or a Task's RoleArn not a role ARN
//   S009 cross-region-resource (warning) a target in another Region than the state machine

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "catalogue.hpp"
#include "iamsmith/arn.hpp"
#include "iamsmith/partition.hpp"
#include "iamsmith/rule.hpp"  // the Rule of a shared S check: its id, name and generate severity
#include "iamsmith/sfn.hpp"

namespace iamsmith::sfn {

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
      // The API is named by its endpoint; a stage, method or path chosen at run time keeps its
      // static parts ("@connections/*"), or is any ("*").
      if (f->is_dynamic() && std::string(key) == "ApiEndpoint") {
        n.dynamic = f;
        return n;
      }
      const std::string* s = f->static_string();
      if (s == nullptr && !f->is_dynamic()) continue;
      std::string part = s != nullptr ? *s : f->run_time_pattern().value_or("*");
      if (std::string(key) == "ApiEndpoint") {
        span = f->value.span;
        if (part.rfind("https://", 0) == 0) part = part.substr(8);
        joined += part;
      } else {
        while (!part.empty() && part.front() == '/') part.erase(part.begin());
        if (std::string(key) == "Path") {
          // A Path that repeats the stage ("prod/pets" with Stage "prod") names the same
          // resource; the stage is in the ARN once.
          auto stage = p->field("Stage");
          const std::string* stage_name = stage ? stage->static_string() : nullptr;
          if (stage_name != nullptr && !stage_name->empty() &&
              (part == *stage_name || part.rfind(*stage_name + "/", 0) == 0)) {
            part = part.substr(std::min(part.size(), stage_name->size() + 1));
          }
        }
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
        value += key->run_time_pattern().value_or("*");
      } else {
        value += key->value.text;
      }
    } else if (auto prefix = p->field("Prefix")) {
      value += (prefix->is_dynamic() ? prefix->run_time_pattern().value_or("") : prefix->value.text) + "*";
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
  // "A|B": the first of the paths the Task gives names the target (http:invoke's connection is
  // Authentication.ConnectionArn or InvocationConfig.ConnectionArn).
  std::optional<asl::Field> f;
  for (std::string_view rest = row.parameter; p != nullptr && !f;) {
    const std::size_t bar = rest.find('|');
    f = p->field(rest.substr(0, bar));
    if (bar == std::string_view::npos) break;
    rest = rest.substr(bar + 1);
  }
  if (!f) {
    n.absent = true;
    return n;
  }
  static_or_dynamic(*f);
  return n;
}


namespace {

constexpr std::string_view kAnyRole = "*";

// The rules the derivation reports, declared once in rules/ (G rules, and the S rules it shares
// with lint, whose checks live in this layer).
const Rule& kInvalidArn = rules::kG003InvalidArn;
const Rule& kInvalidDefinition = rules::kG004InvalidDefinition;
const Rule& kPartitionMismatch = rules::kG005PartitionMismatch;
const Rule& kUnknownIntegration = rules::kG007UnknownIntegration;
const Rule& kDynamicResource = rules::kG009DynamicResource;
const Rule& kWildcardGranted = rules::kG010WildcardGranted;
const Rule& kMissingParameter = rules::kG011MissingParameter;
const Rule& kInvalidResource = rules::kG013InvalidResource;
const Rule& kUnsupportedPattern = rules::kG014UnsupportedPattern;
const Rule& kNothingToGenerate = rules::kG015NothingToGenerate;
const Rule& kOptionalOmitted = rules::kG016StatementOmitted;

// "$$.StateMachine.Id" (JSONPath) or "{% $states.context.StateMachine.Id %}" (JSONata): the
// state machine's own ARN. https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html
bool is_own_state_machine(const asl::Field& f) {
  if (!f.value.is_string()) return false;
  std::string text;
  for (char c : f.value.text) {
    if (c != ' ') text.push_back(c);
  }
  return text == "$$.StateMachine.Id" || text == "{%$states.context.StateMachine.Id%}";
}

bool is_activity(std::string_view resource) {
  const ArnResult arn = parse_arn(resource);
  return arn && arn->service == "states" && arn->resource_type() == "activity";
}

// A row's parameter for messages: "A|B" (either names the target) is "A (or B)".
std::string parameter_text(std::string_view parameter) {
  const std::size_t bar = parameter.find('|');
  if (bar == std::string_view::npos) return std::string(parameter);
  std::string out(parameter.substr(0, bar));
  std::string rest(parameter.substr(bar + 1));
  for (std::size_t at = rest.find('|'); at != std::string::npos; at = rest.find('|', at)) rest.replace(at, 1, " or ");
  return out + " (or " + rest + ")";
}

// Whether a row's statements name the target (${Arn} or ${Name}); rows that do not build their
// resources from the Region, the account and their vars alone.
bool names_target(const Integration& row) {
  for (const StatementTemplate& st : row.statements) {
    for (const std::string& r : st.resources) {
      if (r.find("${Arn}") != std::string::npos || r.find("${Name}") != std::string::npos) return true;
    }
  }
  return false;
}

// The first var of `row` that a required statement's resources are built from and that the
// task gives at run time (a none-target row's ClusterId.$, Batch's JobQueue.$).
std::optional<asl::Field> required_var_chosen_at_run_time(const Integration& row, const asl::State& state,
                                                          const std::string& pattern) {
  if (!state.payload) return std::nullopt;
  for (const auto& [placeholder, parameter] : row.vars) {
    auto f = state.payload->field(parameter);
    if (!f || !f->is_dynamic()) continue;
    const std::string token = "${" + placeholder + "}";
    for (const StatementTemplate& st : row.statements) {
      if (st.optional || (!st.patterns.empty() &&
                          std::find(st.patterns.begin(), st.patterns.end(), pattern) == st.patterns.end())) {
        continue;
      }
      for (const std::string& r : st.resources) {
        if (r.find(token) != std::string::npos) return f;
      }
    }
  }
  return std::nullopt;
}

// Placeholders derived from the vars a row reads:
//   - "s3://bucket/prefix" values (Athena's ResultConfiguration.OutputLocation) also give
//     ${<var>Bucket} and ${<var>Key} (the prefix, "" for the bucket root);
//   - Batch's JobDefinition (name, name:revision or ARN) and JobQueue (name or ARN) become
//     the name part of their ARNs, "name:*" for every revision.
//     https://docs.aws.amazon.com/batch/latest/userguide/batch-supported-iam-actions-resources.html
void derived_vars(std::map<std::string, std::string>& vars) {
  std::map<std::string, std::string> extra;
  for (const auto& [k, v] : vars) {
    if (v.rfind("s3://", 0) == 0) {
      const std::string rest = v.substr(5);
      const std::size_t slash = rest.find('/');
      extra[k + "Bucket"] = rest.substr(0, slash);
      extra[k + "Key"] = slash == std::string::npos ? std::string() : rest.substr(slash + 1);
    }
  }
  for (auto& [k, v] : extra) vars[k] = v;
  auto after = [](const std::string& value, std::string_view marker) {
    const std::size_t at = value.find(marker);
    return at == std::string::npos ? value : value.substr(at + marker.size());
  };
  if (auto it = vars.find("JobDefinition"); it != vars.end()) {
    std::string name = after(it->second, "job-definition/");
    if (name.find(':') == std::string::npos) name += ":*";
    it->second = name;
  }
  if (auto it = vars.find("JobQueue"); it != vars.end()) it->second = after(it->second, "job-queue/");
}

// The static value that every Task of the row `row_id` in the definition gives `parameter` (a
// row's "vars_from"); nothing when there is no such Task, or one gives no value, a value chosen
// at run time or a different value: then which of them the call reads after is not known.
std::optional<std::string> shared_static_value(const IntegrationTable& table, const asl::Definition& def,
                                               const std::string& row_id, const std::string& parameter) {
  std::optional<std::string> value;
  for (const asl::State& s : def.states) {
    if (!s.resource) continue;
    const auto m = match_integration(table, *s.resource);
    if (!m || m->row->id != row_id) continue;
    const auto f = s.payload ? s.payload->field(parameter) : std::nullopt;
    const std::string* v = f ? f->static_string() : nullptr;
    if (v == nullptr || (value && *value != *v)) return std::nullopt;
    value = *v;
  }
  return value;
}

std::string pattern_name(std::string_view pattern) {
  return pattern.empty() ? "request-response" : std::string(pattern);
}

using Call = DerivedCall;

class Deriver {
 public:
  Deriver(const Options& options, const IntegrationTable& table, Derivation& result)
      : options_(options), table_(table), result_(result) {}

  void run(const std::vector<Setup>& setups) {
    for (std::size_t i = 0; i < setups.size(); ++i) read_setup(setups[i], i);
    const bool refused = has_errors();
    for (Call& c : result_.calls) expand(c, !refused);
    if (result_.calls.empty() && !has_errors()) {
      report(kNothingToGenerate, kNoInput, SourceSpan{},
             activities_ == 0 ? "no cross-account call found: no Task has Credentials and no target was given"
                              : "no cross-account call found: no Task but an activity (whose workers use their "
                                "own credentials) has Credentials, and no target was given",
             {Note{"a Task without Credentials runs with the execution role itself; nothing cross-account "
                   "is needed for it",
                   std::nullopt}});
    }
  }

 private:
  const Options& options_;
  const IntegrationTable& table_;
  Derivation& result_;
  std::size_t activities_ = 0;  // activity Tasks met (nothing cross-account to generate for them)
  std::vector<Call>& calls_ = result_.calls;
  std::vector<std::string> sm_arns_;    // per setup
  std::vector<std::string> sm_regions_;
  std::vector<std::string> partitions_;
  std::vector<std::string> exec_roles_;

  bool has_errors() const { return result_.refused(); }

  // Under the severity `generate` gives the rule (Rule::generate_severity: S005 refuses here).
  void report(const Rule& code, std::size_t input, const SourceSpan& span, std::string message,
              std::vector<Note> notes = {}) {
    Diagnostic d = make_finding(code, span, std::move(message), std::move(notes));
    d.severity = code.generate_severity.value_or(code.severity);
    result_.findings.push_back(Finding{input, std::move(d)});
  }

  void report(const Rule& code, std::size_t input, Check check) {
    report(code, input, check.span, std::move(check.message), std::move(check.notes));
  }

  // An exact ARN of `kind`, or an error at `text` (under `code`: G003, or S008 for a Task's RoleArn).
  std::optional<Arn> check_arn(const Text& text, std::string_view what, ArnKind kind, const Rule& code = kInvalidArn) {
    const std::string problem = arn_problem(text.value, kind);
    if (!problem.empty()) {
      report(code, text.input, text.span, std::string(what) + " \"" + text.value + "\" " + problem);
      return std::nullopt;
    }
    return parse_arn(text.value).value();
  }

  void check_partition(const std::string& partition, std::size_t setup, const Text& text, std::string_view what,
                       const Rule& code = rules::kS007CrossPartitionTask) {
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
    report(rules::kS002StateMachineName, sm.input, sm.span,
           "the state machine ARN \"" + sm.value + "\" cannot be an sts:ExternalId: " + problem,
           {rename_state_machine_note()});
  }

  // `from_credentials`: the role is a Task's Credentials.RoleArn (S008), not a spec's roleArn (G003).
  bool check_role(const Text& role, std::size_t setup, bool from_credentials = false) {
    auto arn = check_arn(role, "the target role ARN", ArnKind::Role, from_credentials ? rules::kS008InvalidCredentials : kInvalidArn);
    if (!arn) return false;
    check_partition(arn->partition, setup, role, "the target role");
    return true;
  }

  ResolveContext context_for(const std::string& role_arn, std::size_t setup) const {
    ResolveContext c;
    c.partition = partitions_[setup];
    c.region = sm_regions_[setup];
    c.state_machine_arn = sm_arns_[setup];
    const ArnResult parsed = parse_arn(role_arn);
    if (parsed) c.account = parsed->account;
    return c;
  }

  // Checks the resolved target's partition and region against the state machine's (S007, S009),
  // and adds it to the call.
  void add_target(Call& call, const Target& t, const Text& where) {
    const CallTarget target{t, where.input, where.span};
    const std::size_t setup = call.setup;
    if (auto c = cross_partition_target_check(call.who, target, partitions_[setup],
                                              state_machine_partition_phrase(sm_arns_[setup], partitions_[setup]))) {
      report(rules::kS007CrossPartitionTask, where.input, std::move(*c));
    }
    if (auto c = cross_region_check(call.who, target, sm_regions_[setup])) report(rules::kS009CrossRegionResource, where.input, std::move(*c));
    call.targets.push_back(target);
  }

  // A target granted on "*": nothing to check, and nothing names it.
  static void add_any(Call& call, std::string name, std::size_t input, const SourceSpan& span,
                      const ResolveContext* ctx = nullptr) {
    Target any;
    any.arn = "*";
    any.name = std::move(name);
    if (ctx != nullptr) {
      any.region = ctx->region;
      any.account = ctx->account;
    }
    call.targets.push_back(CallTarget{std::move(any), input, span});
  }

  std::optional<IntegrationMatch> match(const Text& resource, const std::string& who) {
    auto m = match_integration(table_, resource.value);
    if (!m) {
      // The remedy is the caller's (an integration file: the CLI names its option).
      report(kUnknownIntegration, resource.input, resource.span,
             who + " calls \"" + resource.value + "\", which is in no row of the integration table");
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
    call.partition = partitions_[setup];
    call.region = sm_regions_[setup];
    call.who = spec.label;
    call.input = spec.integration.input;
    call.span = spec.integration.span;
    const ResolveContext ctx = context_for(call.role_arn, setup);
    if (m->row->target == TargetKind::LambdaFunction && m->row->parameter.empty()) {
      // The legacy form: the Resource itself is the function.
      if (auto t = resolve(TargetKind::LambdaFunction, spec.integration, ctx, spec.label)) {
        add_target(call, *t, spec.integration);
      }
    }
    for (const Text& r : spec.resources) {
      if (auto t = resolve(m->row->target, r, ctx, spec.label)) add_target(call, *t, r);
    }
    if (call.targets.empty()) {
      if (!m->row->default_value.empty()) {
        if (auto t = resolve(m->row->target, Text{m->row->default_value, spec.integration.input, spec.integration.span},
                             ctx, spec.label)) {
          call.targets.push_back(CallTarget{*t, spec.integration.input, spec.integration.span});
        }
      } else if (m->row->target == TargetKind::None && m->row->statements.empty()) {
        // IAM grants nothing for the call (its row's outside_iam says what does).
        add_any(call, "", spec.integration.input, spec.integration.span, &ctx);
      } else if (m->row->target == TargetKind::None) {
        report(kWildcardGranted, spec.integration.input, spec.integration.span,
               spec.label + ": no resource is known for " + spec.integration.value + "; it is granted on \"*\"",
               {Note{"list the resources it calls in \"resources\" to narrow it", std::nullopt}});
        add_any(call, "", spec.integration.input, spec.integration.span);
      } else if (!has_errors()) {
        report(kMissingParameter, spec.integration.input, spec.integration.span,
               spec.label + " names no resource for " + m->row->id + "; list it in \"resources\"");
      }
    }
    if (!call.targets.empty()) calls_.push_back(std::move(call));
  }

  void read_definition(const asl::Definition& def, std::size_t input, std::size_t setup) {
    for (const asl::Problem& p : def.problems) {
      if (!asl::is_credentials_problem(p.kind)) report(kInvalidDefinition, input, p.span, p.message);
    }
    for (Check& c : invalid_credentials_checks(def)) report(rules::kS008InvalidCredentials, input, std::move(c));
    for (std::size_t i = 0; i < def.states.size(); ++i) {
      const asl::State& state = def.states[i];
      if (state.type != asl::StateType::Task || !state.credentials || !state.credentials->role_arn || !state.resource) {
        continue;
      }
      read_task(def, i, input, setup);
    }
  }

  // The role(s) a Task assumes.
  std::vector<Text> roles_of(const asl::Definition& def, std::size_t index, const std::string& who,
                             std::size_t input) {
    const asl::State& state = def.states[index];
    const asl::Field& role = *state.credentials->role_arn;
    if (const std::string* value = role.static_string()) return {Text{*value, input, role.value.span}};
    if (!options_.role_arns.empty()) return options_.role_arns;
    if (options_.allow_any_role) {
      report(kWildcardGranted, input, role.value.span,
             who + " assumes a role chosen at run time; the execution role may assume any role (\"*\")",
             {Note{"no trust or permission policy is generated for the roles it may assume", std::nullopt}});
      return {Text{std::string(kAnyRole), input, role.value.span}};
    }
    if (auto c = dynamic_role_check(def, index)) report(rules::kS005DynamicRole, input, std::move(*c));
    return {};
  }

  void read_task(const asl::Definition& def, std::size_t index, std::size_t input, std::size_t setup) {
    const asl::State& state = def.states[index];
    const std::string who = state_label(def, index);
    if (is_activity(*state.resource)) {
      ++activities_;
      // An activity's workers poll Step Functions (GetActivityTask, SendTaskSuccess) with their
      // own credentials; the state machine makes no call on it with the target role.
      // https://docs.aws.amazon.com/step-functions/latest/dg/concepts-activities.html
      report(kOptionalOmitted, input, state.resource_span,
             who + " runs the activity \"" + *state.resource + "\": no statement is generated for it, since "
                 "its workers call Step Functions with their own credentials, not the target role's");
      return;
    }
    const std::vector<Text> roles = roles_of(def, index, who, input);
    auto m = match(Text{*state.resource, input, state.resource_span}, who);
    if (!m || roles.empty()) return;
    const Integration& row = *m->row;
    TargetValues named = task_target_values(row, state, input);
    if (named.dynamic && row.target == TargetKind::StateMachine && is_own_state_machine(*named.dynamic)) {
      named.values.push_back(Text{sm_arns_[setup], input, named.dynamic->value.span});
      named.dynamic.reset();
    }
    std::map<std::string, std::string> vars;
    for (const auto& [placeholder, parameter] : row.vars) {
      auto f = state.payload ? state.payload->field(parameter) : std::nullopt;
      if (f && f->static_string() != nullptr) {
        vars[placeholder] = *f->static_string();
      } else if (!row.vars_from.empty() && !f) {
        if (auto shared = shared_static_value(table_, def, row.vars_from, parameter)) vars[placeholder] = *shared;
      }
    }
    derived_vars(vars);
    for (const Text& role : roles) {
      const bool from_credentials = state.credentials->role_arn->static_string() != nullptr;
      if (from_credentials) {
        // Not a role ARN: S008, reported with the definition's Credentials.
        if (!arn_problem(role.value, ArnKind::Role).empty()) continue;
        if (auto c = cross_partition_role_check(def, index, partitions_[setup],
                                                state_machine_partition_phrase(sm_arns_[setup], partitions_[setup]))) {
          report(rules::kS007CrossPartitionTask, input, std::move(*c));
          continue;
        }
      } else if (role.value != kAnyRole && !check_role(role, setup)) {
        continue;
      }
      Call call;
      call.state = state.name;
      call.dynamic_role = !from_credentials;
      call.role_arn = role.value;
      call.row = &row;
      call.match = *m;
      call.setup = setup;
      call.partition = partitions_[setup];
      call.region = sm_regions_[setup];
      call.vars = vars;
      call.who = who;
      call.input = input;
      call.span = state.resource_span;
      call.from_catalogue = row.target == TargetKind::None && !m->sdk_service.empty();
      const ResolveContext ctx = context_for(role.value, setup);
      std::vector<Text> values = named.values;
      if (call.from_catalogue) {
        if (derive_sdk(call, state, ctx, input)) calls_.push_back(std::move(call));
        continue;
      }
      // A var a required statement's resources are built from, chosen at run time: the same
      // contract as a target chosen at run time (G009 unless any resource is allowed).
      // (--resource does not name such a var: the row builds the resource from it.)
      if (auto f = required_var_chosen_at_run_time(row, state, m->pattern)) {
        if (options_.exact_resources) {
          report(kDynamicResource, input, f->value.span,
                 who + " calls " + row.id + " on a resource built from " + f->name + ", which is chosen at run time (" +
                     f->key + ": " + json::to_json(f->value) + ")",
                 {Note{"the integration builds the resource's ARN from " + f->name + ": give " + f->name +
                           " a static value in the Task, or make the explicit choice of any resource (\"*\" in its "
                           "place)",
                       std::nullopt}});
          return;
        }
        report(kWildcardGranted, input, f->value.span,
               who + ": " + f->name + " is chosen at run time (" + f->key + ": " + json::to_json(f->value) +
                   "); the resources named from it are granted with \"*\" in its place");
      }
      if (named.dynamic) {
        const asl::Field& f = *named.dynamic;
        std::vector<Text> overrides;
        for (const ResourceOverride& o : options_.resources) {
          if (o.state == state.name) overrides.insert(overrides.end(), o.resources.begin(), o.resources.end());
        }
        if (!overrides.empty()) {
          values.insert(values.end(), overrides.begin(), overrides.end());
        } else if (!options_.exact_resources) {
          const Target any = any_target(row.target, ctx);
          report(kWildcardGranted, input, f.value.span,
                 who + " calls a " + std::string(target_kind_name(row.target)) + " chosen at run time (" + f.key +
                     ": " + json::to_json(f.value) + "); it is granted on every one in the target account: \"" +
                     any.arn + "\"");
          call.targets.push_back(CallTarget{any, input, f.value.span});
        } else {
          report(kDynamicResource, input, f.value.span,
                 who + " calls a " + std::string(target_kind_name(row.target)) + " chosen at run time (" + f.key +
                     ": " + json::to_json(f.value) + ")",
                 {Note{"the permission policy needs every resource it may call, or an explicit choice of any "
                       "resource (\"*\")",
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
          if (values.empty() && !names_target(row)) {
            // The row's statements name their resources from the Region, the account and its vars.
            add_any(call, "", input, state.resource_span, &ctx);
          } else if (values.empty()) {
            report(kWildcardGranted, input, state.resource_span,
                   who + " calls " + *state.resource + "; no resource is known for it, so it is granted on \"*\"");
            add_any(call, "", input, state.resource_span);
          }
        } else {
          report(kMissingParameter, input, state.payload ? state.payload->key_span : state.resource_span,
                 who + " calls " + row.id + " without " + parameter_text(row.parameter) + "; it names the " +
                     std::string(target_kind_name(row.target)) + " to call",
                 {Note{row.docs, std::nullopt}});
          return;
        }
      }
      call.dynamic_target = named.dynamic.has_value();
      for (const Text& v : values) {
        if (auto t = resolve(row.target, v, ctx, who)) add_target(call, *t, v);
      }
      if (!call.targets.empty()) calls_.push_back(std::move(call));
    }
  }

  // The overrides --resource gives for a state.
  std::vector<Text> overrides_for(const std::string& state) const {
    std::vector<Text> out;
    for (const ResourceOverride& o : options_.resources) {
      if (o.state == state) out.insert(out.end(), o.resources.begin(), o.resources.end());
    }
    return out;
  }

  // An aws-sdk Task: each IAM action of the call on the resources its payload names, through the
  // catalogue's resource types (sdk_actions), and iam:PassRole on the roles it passes. The same
  // "any resource" contract as the optimised integrations: a resource chosen at run time with no
  // static part needs the resources listed, or any resource allowed (G009); "*" only where the
  // catalogue gives the action no resource types or names no single resource type.
  bool derive_sdk(Call& call, const asl::State& state, const ResolveContext& ctx, std::size_t input) {
    const std::vector<SdkAction> actions = sdk_actions(table_, call.match, state, ctx);
    const std::string base = sid_token(call.match.sdk_action);
    const std::vector<Text> overrides = overrides_for(state.name);
    const std::string& who = call.who;
    bool ok = true;
    for (const SdkAction& a : actions) {
      std::vector<std::string> resources;
      std::vector<ConditionValue> conditions;
      if (!a.known) {
        report(kUnknownIntegration, input, call.span,
               who + " calls " + *state.resource + ", but AWS's catalogue has no IAM action " + a.action,
               {Note{"the API name is not the IAM action; an integration table can map it in "
                     "\"sdk_action_exceptions\"",
                     std::nullopt}});
        ok = false;
        continue;
      }
      if (a.no_resource_types) {
        resources.emplace_back("*");
        report(kWildcardGranted, input, call.span,
               who + ": " + a.action + " is granted on \"*\": AWS's catalogue gives it no resource types, so "
                   "\"*\" is the only Resource it takes");
      } else if (!a.resources.empty()) {
        for (const SdkResource& r : a.resources) resources.push_back(r.arn);
      } else if (!overrides.empty()) {
        for (const Text& t : overrides) resources.push_back(t.value);
        call.dynamic_target = true;
      } else if (!a.any_resources.empty() && a.dynamic) {
        const asl::Field& f = *a.dynamic;
        std::string formats;
        for (const SdkResource& r : a.any_resources) formats += (formats.empty() ? "" : ", ") + r.arn;
        if (options_.exact_resources) {
          report(kDynamicResource, input, f.value.span,
                 who + " calls " + a.action + " on a resource chosen at run time (" + f.key + ": " +
                     json::to_json(f.value) + ")",
                 {Note{"the permission policy needs every resource it may call, or an explicit choice of any "
                       "resource (" + formats + ")",
                       std::nullopt}});
          ok = false;
          continue;
        }
        for (const SdkResource& r : a.any_resources) resources.push_back(r.arn);
        call.dynamic_target = true;
        std::string owned;
        if (!a.owner_key.empty() && !ctx.account.empty()) {
          conditions.push_back(ConditionValue{"StringEquals", a.owner_key, ctx.account});
          owned = ", owned by the target account (" + a.owner_key + ")";
        }
        // A run-time list of resources of any of the action's types (CreateTags' Resources.$) has
        // no ARN format to narrow to: "*", said as such.
        const bool everything = formats == "*" && owned.empty();
        report(kWildcardGranted, input, f.value.span,
               who + " calls " + a.action + " on a resource chosen at run time (" + f.key + ": " +
                   json::to_json(f.value) + "); " +
                   (everything ? std::string("it is granted on \"*\": the resources it lists may be of any of the "
                                             "action's resource types")
                               : "it is granted on every one in the target account: " + formats + owned));
      } else if (a.optional_only) {
        resources.emplace_back("*");
        report(kWildcardGranted, input, call.span,
               who + ": " + a.action + " is granted on \"*\": the one resource type AWS's catalogue gives it is "
                   "optional, and the call names none");
      } else if (!a.unnamed_patterns.empty()) {
        std::string listed;
        for (const std::string& p : a.unnamed_patterns) {
          resources.push_back(p);
          listed += (listed.empty() ? "" : ", ") + p;
        }
        report(kWildcardGranted, input, call.span,
               who + ": no parameter names the resource " + a.action + " acts on; it is granted on every one in "
                   "the target account: " + listed);
      } else {
        resources.emplace_back("*");
        report(kWildcardGranted, input, call.span,
               who + ": no parameter names the resource " + a.action + " acts on, and AWS's catalogue gives it "
                   "only optional resource types, so a call that names none is authorised against \"*\"; it is "
                   "granted on \"*\"");
      }
      add_grant(call, base + (actions.size() > 1 ? sid_token(a.action.substr(a.action.find(':') + 1)) : ""),
                {a.action}, resources, std::move(conditions));
    }
    if (!ok) return false;
    std::string prefix = call.match.sdk_service;
    if (auto it = table_.sdk_service_prefixes.find(prefix); it != table_.sdk_service_prefixes.end()) prefix = it->second;
    std::vector<std::string> passed;
    std::string service;
    for (const PassedRole& r : passed_roles(state, prefix)) {
      service = r.service;
      if (!r.arn.empty()) {
        const std::string problem = arn_problem(r.arn, ArnKind::Role);
        if (!problem.empty()) {
          report(kInvalidResource, input, r.span, who + " passes " + r.key + " \"" + r.arn + "\", which " + problem);
          return false;
        }
        passed.push_back(r.arn);
        continue;
      }
      if (!options_.pass_roles.empty()) {
        for (const Text& t : options_.pass_roles) passed.push_back(t.value);
        continue;
      }
      report(kDynamicResource, input, r.span,
             who + " passes a role chosen at run time to " + r.service + " (" + r.key + ": " + r.dynamic_value +
                 "); iam:PassRole needs the roles it may be",
             {Note{"iam:PassRole on every role would let the call hand any role in the account to the service",
                   std::nullopt}});
      return false;
    }
    if (!passed.empty()) {
      add_grant(call, "PassRolesFor" + base, {"iam:PassRole"}, passed,
                {ConditionValue{"StringEquals", "iam:PassedToService", service}});
    }
    for (const Grant& g : call.grants) {
      for (const std::string& r : g.resources) {
        if (r.find('*') != std::string::npos || r.find('?') != std::string::npos) continue;
        const ArnResult parsed = parse_arn(r);
        if (!parsed) continue;
        Target t;
        t.arn = r;
        t.partition = parsed->partition;
        t.region = parsed->region;
        t.account = parsed->account;
        t.name = std::string(parsed->resource_id());
        add_target(call, t, Text{r, input, call.span});
      }
    }
    return !call.grants.empty();
  }

  static void add_grant(Call& call, std::string sid, std::vector<std::string> actions, std::vector<std::string> resources,
                        std::vector<ConditionValue> conditions) {
    Grant g;
    g.sid = sid_token(sid);
    std::sort(actions.begin(), actions.end());
    actions.erase(std::unique(actions.begin(), actions.end()), actions.end());
    std::sort(resources.begin(), resources.end());
    resources.erase(std::unique(resources.begin(), resources.end()), resources.end());
    if (std::find(resources.begin(), resources.end(), "*") != resources.end()) resources = {"*"};
    g.actions = std::move(actions);
    g.resources = std::move(resources);
    g.conditions = std::move(conditions);
    std::vector<std::pair<std::string, std::string>> context;
    for (const ConditionValue& c : g.conditions) context.emplace_back(c.key, c.value);
    for (const std::string& a : g.actions) {
      for (const std::string& r : g.resources) call.requests.push_back(Request{a, r, context, call.grants.size()});
    }
    call.grants.push_back(std::move(g));
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

  std::string iam_action_for(const IntegrationMatch& m) const { return sdk_iam_action(table_, m); }

  // A resource template that only widens another of its statement ("${Arn}:*" beside "${Arn}": any
  // version or alias of the function) is an allowance of the grant, not a resource the call names.
  static bool widens_sibling(const std::string& tmpl, const StatementTemplate& st) {
    constexpr std::string_view kAnySuffix = ":*";
    if (tmpl.size() <= kAnySuffix.size() || tmpl.compare(tmpl.size() - kAnySuffix.size(), kAnySuffix.size(), kAnySuffix) != 0) {
      return false;
    }
    const std::string base = tmpl.substr(0, tmpl.size() - kAnySuffix.size());
    return std::find(st.resources.begin(), st.resources.end(), base) != st.resources.end();
  }

  // Fills in the row's statements for each target: the grants, and the requests the call sends.
  void expand(Call& call, bool report_omitted) {
    if (call.from_catalogue) return;
    for (const CallTarget& ct : call.targets) {
      const Target& t = ct.target;
      // Placeholders for resources: a target granted on "*" has no Arn or Name, so templates
      // built from them become "*"; Region and Account stay when known (Batch).
      std::map<std::string, std::string> vars = t.vars;
      for (const auto& [k, v] : call.vars) vars[k] = v;
      vars["Partition"] = partitions_[call.setup];
      // The target role's account, for resources a call creates there (a Bedrock custom model)
      // when the target itself has none (a foundation model).
      if (const ArnResult role = parse_arn(call.role_arn)) vars["RoleAccount"] = role->account;
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
      // The requests name the resource as the call does (a Lambda function with its qualifier).
      std::map<std::string, std::string> called = vars;
      if (t.arn != "*") called["Arn"] = t.called_arn();
      // Each value becomes a capitalised word of its own in a Sid: "SendTo" + "audit-queue" ->
      // "SendToAuditQueue".
      std::map<std::string, std::string> words;
      for (const auto& [k, v] : vars) words[k] = sid_token(v);
      words["Name"] = sid_token(t.name.empty() || t.name == "*" ? std::string("Any") : t.name);
      // A var the payload does not give statically stands for any value in a required
      // statement ("cluster/*"): its static parts are kept.
      std::map<std::string, std::string> any_vars = vars;
      for (const auto& [placeholder, parameter] : call.row->vars) any_vars.emplace(placeholder, "*");
      for (const StatementTemplate& st_row : call.row->statements) {
        if (!st_row.patterns.empty() &&
            std::find(st_row.patterns.begin(), st_row.patterns.end(), call.match.pattern) == st_row.patterns.end()) {
          continue;
        }
        StatementTemplate st = st_row;
        if (call.row->target == TargetKind::ExecuteApi && t.vars.count("Connections") != 0U) {
          // A WebSocket API's @connections callbacks are authorised as execute-api:ManageConnections
          // on API/STAGE/POST/@connections/*, not execute-api:Invoke.
          // https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-control-access-iam.html
          std::replace(st.actions.begin(), st.actions.end(), std::string("execute-api:Invoke"),
                       std::string("execute-api:ManageConnections"));
        }
        const std::map<std::string, std::string>& statement_vars = st.optional ? vars : any_vars;
        Grant p;
        bool unused = false;
        p.sid = sid_token(substitute(st.sid, words, unused));
        std::set<std::string> actions;
        std::set<std::string> resources;
        std::set<std::string> requested;
        for (const std::string& a : st.actions) {
          bool missing = false;
          actions.insert(substitute(a, vars, missing));
        }
        for (const std::string& r : st.resources) {
          bool missing = false;
          std::string value = substitute(r, statement_vars, missing);
          if (missing && st.optional) continue;
          resources.insert(missing ? std::string("*") : value);
          if (widens_sibling(r, st)) continue;
          bool missing_called = false;
          std::map<std::string, std::string> called_vars = called;
          if (!st.optional) {
            for (const auto& [placeholder, parameter] : call.row->vars) called_vars.emplace(placeholder, "*");
          }
          std::string request = substitute(r, called_vars, missing_called);
          requested.insert(missing_called ? std::string("*") : request);
        }
        if (resources.empty()) {
          if (report_omitted) {
            report(kOptionalOmitted, call.input, call.span,
                   call.who + ": the " + p.sid + " statement (" + st.actions.front() + ") is not generated: " +
                       "the resources it needs are not named in the task",
                   {Note{call.row->note.empty() ? call.row->docs : call.row->note, std::nullopt}});
          }
          continue;
        }
        for (const ConditionTemplate& c : st.conditions) {
          bool missing = false;
          std::string value = substitute(c.value, vars, missing);
          if (missing || value.empty()) continue;  // a run-time value cannot be pinned
          p.conditions.push_back(ConditionValue{c.op, c.key, value});
        }
        p.actions.assign(actions.begin(), actions.end());
        p.resources.assign(resources.begin(), resources.end());
        std::vector<std::pair<std::string, std::string>> context;
        for (const ConditionValue& c : p.conditions) context.emplace_back(c.key, c.value);
        for (const std::string& a : p.actions) {
          for (const std::string& r : requested) {
            call.requests.push_back(Request{a, r, context, call.grants.size()});
          }
        }
        call.grants.push_back(std::move(p));
      }
    }
    if (report_omitted && !call.row->outside_iam.empty()) report_outside_iam(call);
  }

  // A row whose call something other than IAM authorises (its "outside_iam"): what the target
  // role needs there, once per call. A placeholder the Task does not give statically says which
  // parameter names it at run time.
  void report_outside_iam(const Call& call) {
    std::map<std::string, std::string> vars = call.vars;
    for (const auto& [placeholder, parameter] : call.row->vars) {
      vars.emplace(placeholder, "(" + parameter + " chosen at run time)");
    }
    vars["Partition"] = partitions_[call.setup];
    vars["TargetRole"] = call.role_arn == kAnyRole ? std::string("each role the Task may assume") : call.role_arn;
    if (!call.targets.empty()) {
      const Target& t = call.targets.front().target;
      if (!t.region.empty()) vars["Region"] = t.region;
      if (!t.account.empty()) vars["Account"] = t.account;
    }
    bool missing = false;
    std::vector<Note> notes{Note{call.row->docs, std::nullopt}};
    if (!call.row->note.empty()) notes.insert(notes.begin(), Note{call.row->note, std::nullopt});
    report(kOptionalOmitted, call.input, call.span,
           call.who + " calls " + call.row->id + ": " + substitute(call.row->outside_iam, vars, missing),
           std::move(notes));
  }
};

}  // namespace

}  // namespace iamsmith::sfn

namespace iamsmith::sfn {

namespace {

std::string in_quotes(std::string_view s) { return "\"" + std::string(s) + "\""; }

ValueList values_of(const std::vector<std::string>& items) {
  ValueList list;
  for (const std::string& s : items) list.items.push_back(make_string(s));
  list.is_array = items.size() > 1;
  return list;
}

Note partition_note() {
  return Note{"IAM roles delegate access across accounts only within one partition: " + std::string(kCrossAccountDocs),
              std::nullopt};
}

}  // namespace

bool Derivation::refused() const {
  return std::any_of(findings.begin(), findings.end(),
                     [](const Finding& f) { return f.diagnostic.severity == Severity::Error; });
}

Derivation derive_calls(const std::vector<Setup>& setups, const Options& options, const IntegrationTable& table) {
  Derivation result;
  Deriver d(options, table, result);
  d.run(setups);
  return result;
}

std::vector<CallTarget> task_targets(const asl::State& state, const ResolveContext& context,
                                     const IntegrationTable& table) {
  std::vector<CallTarget> out;
  if (state.type != asl::StateType::Task || !state.resource) return out;
  const auto match = match_integration(table, *state.resource);
  if (!match || match->row == nullptr) return out;
  const TargetValues values = task_target_values(*match->row, state, kNoInput);
  for (const Text& v : values.values) {
    ResolveResult r = resolve_target(match->row->target, v.value, context);
    if (r.target) out.push_back(CallTarget{std::move(*r.target), kNoInput, v.span});
  }
  return out;
}

std::string state_label(const asl::Definition& def, std::size_t index) {
  return "state '" + def.state_path(index) + "'";
}

bool is_task_with_credentials(const asl::State& state) {
  return state.type == asl::StateType::Task && state.credentials.has_value();
}

Note rename_state_machine_note() {
  return Note{"Step Functions sends the state machine ARN as sts:ExternalId and AssumeRole refuses it, so every "
              "cross-account Task fails; rename the state machine using only letters, digits and _ - . + = @",
              std::nullopt};
}

std::optional<Check> state_machine_name_check(const asl::Definition& def, std::string_view state_machine_arn) {
  const std::string problem = external_id_problem(state_machine_arn);
  if (problem.empty()) return std::nullopt;
  const std::size_t colon = state_machine_arn.rfind(':');
  const std::string name(colon == std::string_view::npos ? state_machine_arn : state_machine_arn.substr(colon + 1));
  for (std::size_t i = 0; i < def.states.size(); ++i) {
    if (!is_task_with_credentials(def.states[i])) continue;
    // One finding: the name is wrong once, at the first Task it breaks.
    return Check{def.states[i].credentials->key_span,
                 state_label(def, i) + " assumes a role, but the state machine name " + in_quotes(name) +
                     " cannot be an sts:ExternalId: " + problem,
                 {rename_state_machine_note()}};
  }
  return std::nullopt;
}

std::optional<Check> dynamic_role_check(const asl::Definition& def, std::size_t index) {
  const asl::State& state = def.states[index];
  if (state.type != asl::StateType::Task || !state.credentials || !state.credentials->role_arn) return std::nullopt;
  const asl::Field& role = *state.credentials->role_arn;
  if (!role.is_dynamic()) return std::nullopt;
  // What to pass instead is the caller's to say (generate's CLI names its options; the rule's fix
  // text says it for lint).
  return Check{role.value.span,
               state_label(def, index) + " assumes a role chosen at run time (" + role.key + ": " +
                   json::to_json(role.value) + ")",
               {}};
}

std::vector<Check> invalid_credentials_checks(const asl::Definition& def) {
  std::vector<Check> out;
  const Note only_key{"Credentials takes exactly one key, RoleArn (RoleArn.$ for a JSONPath path), on a Task state",
                      std::nullopt};
  // The structural misuses, found while reading the definition.
  for (const asl::Problem& p : def.problems) {
    if (asl::is_credentials_problem(p.kind)) out.push_back(Check{p.span, p.message, {only_key}});
  }
  for (std::size_t i = 0; i < def.states.size(); ++i) {
    const asl::State& state = def.states[i];
    if (state.type != asl::StateType::Task || !state.credentials || !state.credentials->role_arn) continue;
    const asl::Field& role = *state.credentials->role_arn;
    const std::string* value = role.static_string();
    if (value == nullptr) continue;
    const std::string problem = arn_problem(*value, ArnKind::Role);
    if (problem.empty()) continue;
    out.push_back(Check{role.value.span, state_label(def, i) + ": RoleArn " + in_quotes(*value) + " " + problem,
                        {Note{"Step Functions assumes this role before calling the Resource; it must be exactly one "
                              "role, arn:PARTITION:iam::ACCOUNT:role/NAME",
                              std::nullopt}}});
  }
  return out;
}

std::string state_machine_partition_phrase(std::string_view state_machine_arn, std::string_view partition) {
  if (state_machine_arn.empty()) return "the state machine is in " + in_quotes(partition) + " (the context's partition)";
  return "the state machine " + in_quotes(state_machine_arn) + " is in " + in_quotes(partition);
}

std::optional<Check> cross_partition_role_check(const asl::Definition& def, std::size_t index,
                                                std::string_view partition, std::string_view where) {
  const asl::State& state = def.states[index];
  if (!state.credentials || !state.credentials->role_arn) return std::nullopt;
  const std::string* value = state.credentials->role_arn->static_string();
  if (value == nullptr) return std::nullopt;
  const ArnResult role = parse_arn(*value);
  if (!role || !in_other_partition(role->partition, partition)) return std::nullopt;
  return Check{state.credentials->role_arn->value.span,
               state_label(def, index) + " assumes the role " + in_quotes(*value) + " in partition " +
                   in_quotes(role->partition) + ", but " + std::string(where),
               {partition_note()}};
}

std::optional<Check> cross_partition_target_check(std::string_view who, const CallTarget& target,
                                                  std::string_view partition, std::string_view where) {
  const Target& t = target.target;
  if (t.arn == "*" || !in_other_partition(t.partition, partition)) return std::nullopt;
  return Check{target.span,
               std::string(who) + " calls " + in_quotes(t.arn) + " in partition " + in_quotes(t.partition) + ", but " +
                   std::string(where),
               {partition_note()}};
}

std::optional<Check> cross_region_check(std::string_view who, const CallTarget& target, std::string_view region) {
  const Target& t = target.target;
  if (!in_other_region(t, region)) return std::nullopt;
  return Check{target.span,
               std::string(who) + " calls " + in_quotes(t.arn) + " in " + t.region + ", but the state machine runs in " +
                   std::string(region),
               {Note{cross_region_note(), std::nullopt},
                Note{"test the call, or move the resource to " + std::string(region), std::nullopt}}};
}

Statement trust_statement(const std::vector<std::string>& execution_roles,
                          const std::vector<std::string>& state_machines) {
  Statement trust;
  if (state_machines.size() == 1) {
    const ArnResult sm = parse_arn(state_machines.front());
    constexpr std::string_view kPrefix = "stateMachine:";
    const std::string sm_name = sm && sm->resource.size() >= kPrefix.size() ? sm->resource.substr(kPrefix.size()) : "";
    trust.sid = make_string("Trust" + sid_token(sm_name) + "StateMachine");
  } else {
    trust.sid = make_string("TrustStateMachines");
  }
  trust.effect = make_string("Allow");
  Principal principal;
  PrincipalGroup group;
  group.key = "AWS";
  group.type = PrincipalType::Aws;
  group.values = values_of(execution_roles);
  principal.groups.push_back(std::move(group));
  trust.principal = std::move(principal);
  trust.action = values_of({"sts:AssumeRole"});
  ConditionBlock condition;
  condition.operators.push_back(
      ConditionOperator{"StringEquals", SourceSpan{}, {ConditionEntry{"sts:ExternalId", SourceSpan{}, values_of(state_machines)}}});
  trust.condition = std::move(condition);
  return trust;
}

Statement assume_statement(std::string sid, const std::string& role_arn) {
  Statement s;
  s.sid = make_string(std::move(sid));
  s.effect = make_string("Allow");
  s.action = values_of({"sts:AssumeRole"});
  s.resource = values_of({role_arn});
  return s;
}

Statement grant_statement(const Grant& grant) {
  Statement s;
  s.sid = make_string(grant.sid);
  s.effect = make_string("Allow");
  s.action = values_of(grant.actions);
  if (!grant.resources.empty()) s.resource = values_of(grant.resources);
  if (!grant.conditions.empty()) {
    ConditionBlock block;
    for (const ConditionValue& c : grant.conditions) {
      auto it = std::find_if(block.operators.begin(), block.operators.end(),
                             [&c](const ConditionOperator& o) { return o.name == c.op; });
      if (it == block.operators.end()) {
        block.operators.push_back(ConditionOperator{c.op, SourceSpan{}, {}});
        it = block.operators.end() - 1;
      }
      it->entries.push_back(ConditionEntry{c.key, SourceSpan{}, values_of({c.value})});
    }
    s.condition = std::move(block);
  }
  return s;
}

}  // namespace iamsmith::sfn
