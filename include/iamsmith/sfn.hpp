#pragma once
// The Step Functions layer: what a state machine setup calls, with whose credentials, derived
// once for `iamsmith generate` (which turns the calls into policies), `iamsmith verify` (which
// checks each call against the policies it is given) and the lint S rules.
//   - the definition model (iamsmith/asl.hpp, namespace asl);
//   - the integration table (rules/integrations.json, extendable with --integrations FILE);
//   - target resolution: the resource ARN a Task's parameter names;
//   - the calls a setup makes (derive_calls), and the checks shared with the S rules;
//   - the trust statement a target role needs (trust_statement);
//   - the manifest vocabulary (Purpose; iamsmith/manifest.hpp reads and writes manifest.json).
// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html
//
// It uses the policy model, ARNs, JSON, sources and diagnostics; never the generator or lint.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "iamsmith/asl.hpp"
#include "iamsmith/diagnostic.hpp"
#include "iamsmith/json.hpp"
#include "iamsmith/policy.hpp"
#include "iamsmith/policy_size.hpp"
#include "iamsmith/source.hpp"

namespace iamsmith::sfn {

inline constexpr std::size_t kNoInput = static_cast<std::size_t>(-1);

// A file, or the command line, that values and findings refer to.
struct Input {
  std::string path;   // as the user named it; "<command line>" for options
  SourceText source;  // for quoting the line of a finding
};

// A string read from an input, with where it was read.
struct Text {
  std::string value;
  std::size_t input = kNoInput;
  SourceSpan span;
};

// ---------------------------------------------------------------------------------------------
// The integration table (rules/integrations.json, extendable with --integrations FILE).

// How the target of a call is named, and how its ARN is derived (see resources.cpp).
enum class TargetKind {
  None,              // no resource-level permissions: statements name "*"
  LambdaFunction,    // name, name:qualifier, ACCOUNT:function:name, or ARN
  SqsQueue,          // queue URL (any partition's DNS suffix, legacy forms), ARN, or name
  SnsTopic,          // topic ARN or name
  DynamoDbTable,     // table name or ARN
  EcsTaskDefinition, // family, family:revision, or ARN
  StateMachine,      // state machine ARN or name
  EventBus,          // event bus name or ARN (default "default")
  CodeBuildProject,  // project name or ARN
  AthenaWorkGroup,   // work group name (default "primary")
  BedrockModel,      // foundation model id, or model ARN
  ExecuteApi,        // API Gateway endpoint + stage + method + path
  HttpConnection,    // EventBridge connection ARN (HTTP Task)
  S3Object,          // bucket + key / prefix
  GlueJob,           // job name (Glue has no resource-level permissions for runs)
  BatchJob,          // job name (Batch: "*")
};
[[nodiscard]] std::string_view target_kind_name(TargetKind kind);  // "lambda-function", ...
[[nodiscard]] std::optional<TargetKind> target_kind_from_name(std::string_view name);

struct ConditionTemplate {
  std::string op;     // "StringEquals"
  std::string key;    // "states:HTTPEndpoint"
  std::string value;  // template
};

// One statement of an integration; ${...} placeholders are filled in per target:
// ${Partition} ${Region} ${Account} ${Arn} ${Name} and kind-specific ones (see resources.cpp).
struct StatementTemplate {
  std::string sid;                     // "Invoke${Name}": made alphanumeric after substitution
  std::vector<std::string> actions;
  std::vector<std::string> resources;  // templates; "*" for no resource-level permissions
  std::vector<std::string> patterns;   // the patterns it applies to; empty = every pattern
  std::vector<ConditionTemplate> conditions;
  // Optional statements name resources only the payload can tell (ECS's iam:PassRole on the
  // roles in Overrides): resources whose placeholders are unknown are left out, and without any
  // the statement is left out with a warning, instead of widening to "*".
  bool optional = false;
};

struct Integration {
  std::string id;        // "lambda:invoke", "lambda-function-arn", "aws-sdk", ...
  std::string resource;  // "arn:${Partition}:states:::lambda:invoke"; matched without the pattern
  std::vector<std::string> patterns;  // "" (request-response), ".waitForTaskToken", ".sync", ".sync:2"
  TargetKind target = TargetKind::None;
  std::string parameter;      // the parameter that names the target ("FunctionName"); may be empty
  std::string default_value;  // used when the parameter is absent (EventBusName "default")
  bool parameter_required = false;
  std::vector<StatementTemplate> statements;
  std::map<std::string, std::string> vars;  // placeholder -> parameter path it is read from
  // Another row's id ("vars_from"): a var this Task does not give is read, by the same parameter
  // path, from the Tasks of that row in the same definition, when all of them give it the same
  // static value. Athena's getQueryResults names only a query execution id; the results it reads
  // are where the definition's startQueryExecution wrote them (ResultConfiguration.OutputLocation).
  std::string vars_from;
  std::string docs;  // the AWS page the row comes from
  std::string note;  // a caveat printed with the generated policy, if any
  // What authorises the call besides the statements, where IAM does not (the Kubernetes API of
  // eks:call and eks:runJob: Kubernetes RBAC), and what the target role needs there; reported
  // with each call (G016). ${...} placeholders as in the statements, and ${TargetRole}. A row
  // with it may have no statements: IAM grants nothing beyond them.
  std::string outside_iam;
};

struct IntegrationTable {
  std::vector<Integration> rows;
  // aws-sdk:SERVICE:ACTION -> IAM service prefix, where they differ (sfn -> states).
  std::map<std::string, std::string> sdk_service_prefixes;
  // "s3:listBuckets" -> "s3:ListAllMyBuckets": SDK actions whose IAM action has another name.
  std::map<std::string, std::string> sdk_action_exceptions;
  std::string source;  // where the data comes from
};

struct Finding {
  std::size_t input = kNoInput;
  Diagnostic diagnostic;
};

// The table compiled into the binary. A broken embedded file throws std::logic_error.
[[nodiscard]] const IntegrationTable& builtin_integrations();

// Reads a table file (same format) and adds its rows in front of `table`'s, so that they take
// precedence; problems are reported as findings against `input`.
void extend_integrations(IntegrationTable& table, const json::Node& root, std::size_t input,
                         std::vector<Finding>& findings);

// The row and pattern a Task's Resource calls, or nullptr.
struct IntegrationMatch {
  const Integration* row = nullptr;
  std::string pattern;      // "", ".sync", ...
  std::string sdk_service;  // aws-sdk rows: "sfn"
  std::string sdk_action;   // aws-sdk rows: "startSyncExecution"
  std::string partition;    // of the Resource ARN
};
[[nodiscard]] std::optional<IntegrationMatch> match_integration(const IntegrationTable& table,
                                                                std::string_view resource);

// ---------------------------------------------------------------------------------------------
// Resources.

// Where a bare name resolves: the target role's account and the state machine's region.
struct ResolveContext {
  std::string partition;
  std::string region;
  std::string account;
  std::string state_machine_arn;  // what $$.StateMachine.Id names; may be empty
};

// A target resource, derived from one value.
struct Target {
  std::string arn;        // the resource ARN (unqualified for Lambda), or "*"
  std::string partition;  // as the ARN says
  std::string region;     // empty for global resources
  std::string account;
  std::string name;       // what Sids are built from ("Echo")
  std::map<std::string, std::string> vars;  // extra placeholders (Endpoint, Method, ...)
  // Lambda: the version or alias the value names ("prod" of "Echo:prod"); the call is made on
  // ARN:QUALIFIER. https://docs.aws.amazon.com/lambda/latest/dg/configuration-aliases.html
  std::string qualifier;

  // The resource the call names: the ARN, with the qualifier when there is one.
  [[nodiscard]] std::string called_arn() const { return qualifier.empty() ? arn : arn + ":" + qualifier; }
};

struct ResolveResult {
  std::optional<Target> target;
  std::string error;  // why the value names no resource of this kind
};

// Every resource of `kind` in the context's account and Region ("arn:aws:lambda:R:A:function:*"),
// named "*": what a run-time target is granted on once any resource is allowed; "*" for kinds
// without resource-level permissions.
[[nodiscard]] Target any_target(TargetKind kind, const ResolveContext& context);

// Derives the target from a value as written in Parameters / Arguments or in a spec.
[[nodiscard]] ResolveResult resolve_target(TargetKind kind, std::string_view value, const ResolveContext& context);

// The queue ARN of an SQS queue URL: https://sqs.REGION.DNS_SUFFIX/ACCOUNT/NAME, the legacy
// https://REGION.queue.amazonaws.com/ACCOUNT/NAME and https://queue.amazonaws.com/ACCOUNT/NAME
// (us-east-1). https://docs.aws.amazon.com/general/latest/gr/sqs-service.html
[[nodiscard]] ResolveResult sqs_queue_from_url(std::string_view url);

// "my-queue_name" -> "MyQueueName": letters and digits only, each word capitalised.
[[nodiscard]] std::string sid_token(std::string_view text);

// ---------------------------------------------------------------------------------------------
// aws-sdk Tasks (sdk.cpp): the IAM actions of an SDK call and the resources its payload names,
// through the catalogue's resource types and ARN formats.

// "s3:getObject" -> "s3:GetObject" (sdk_service_prefixes, sdk_action_exceptions); an exception
// may name several actions, comma-separated.
[[nodiscard]] std::string sdk_iam_action(const IntegrationTable& table, const IntegrationMatch& match);

struct SdkResource {
  std::string arn;       // a catalogue ARN format filled in; "*" where a part is not static
  bool dynamic = false;  // a part of it is chosen at run time
  std::size_t named = 0;      // how many of the format's variables the payload names
  std::size_t variables = 0;  // how many it has (Partition, Region and Account not counted)
  std::optional<asl::Field> field;  // the first run-time field that names a part
};

struct SdkAction {
  std::string action;              // "s3:GetObject", as the catalogue spells it when known
  bool known = false;              // the catalogue has the action
  bool no_resource_types = false;  // the catalogue lists no resource types: Resource "*"
  std::vector<SdkResource> resources;      // resources with a static part named by the payload
  // Nothing static names the resource, but a parameter chosen at run time does (Bucket.$):
  // the ARN formats with "*" for the run-time parts, and that parameter.
  std::vector<SdkResource> any_resources;
  std::optional<asl::Field> dynamic;
  // When every one of any_resources has no account field (S3's "arn:aws:s3:::*/*"), the
  // action's condition key for the owning account, if the catalogue lists one
  // ("s3:ResourceAccount"): the grant is conditioned on the target account with it.
  std::string owner_key;
  // Nothing names the resource at all: every resource of the action's required resource types
  // in the target account and Region (empty when it has only optional types).
  std::vector<std::string> unnamed_patterns;
  // The action's one resource type is optional and the payload does not name it: "*".
  bool optional_only = false;
};

[[nodiscard]] std::vector<SdkAction> sdk_actions(const IntegrationTable& table, const IntegrationMatch& match,
                                                 const asl::State& state, const ResolveContext& context);

// A role an SDK call passes to the service (RoleArn, ExecutionRoleArn, ServiceRoleArn,
// Target.RoleArn, ... at any depth of the payload): it needs iam:PassRole.
struct PassedRole {
  std::string key;            // as written: "RoleArn" or "RoleArn.$"
  SourceSpan span;            // the value
  std::string arn;            // static value; empty when chosen at run time
  std::string dynamic_value;  // the path or expression otherwise
  std::string service;        // iam:PassedToService: "glue.amazonaws.com"
};
[[nodiscard]] std::vector<PassedRole> passed_roles(const asl::State& state, std::string_view iam_service);

// ---------------------------------------------------------------------------------------------
// Checks shared with the lint S rules. Each test lives here once; `generate`, `verify` and the
// S rules (rules/S*.cpp) report it under the rule's id, with the same span, message and notes.

// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html
inline constexpr std::string_view kCrossAccountDocs =
    "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html";

// S002 state-machine-name: why Step Functions could not send `state_machine_arn` as the
// sts:ExternalId of AssumeRole ("it contains \"!()\", ..."); empty when it can.
[[nodiscard]] std::string external_id_problem(std::string_view state_machine_arn);

enum class ArnKind { Role, StateMachine };
// Why `value` is not exactly one known-partition ARN of `kind` ("is not a valid ARN: ...", "is not
// an IAM role ARN (...)"); empty when it is. The generator's G003, and S008 for a Task's RoleArn.
[[nodiscard]] std::string arn_problem(std::string_view value, ArnKind kind);

// The values that name a Task's target, read from its Resource and payload.
struct TargetValues {
  std::vector<Text> values;             // static values, each resolved with resolve_target
  std::optional<asl::Field> dynamic;    // the target is chosen at run time
  bool absent = false;                  // the payload does not name it
};
[[nodiscard]] TargetValues task_target_values(const Integration& row, const asl::State& state, std::size_t input);

// S007 cross-partition-task: a role or target in `partition` cannot be reached from a state
// machine in `state_machine_partition` (an empty partition is unknown and never differs).
[[nodiscard]] bool in_other_partition(std::string_view partition, std::string_view state_machine_partition);
// S009 cross-region-resource: `target` lies in another Region than the state machine (global
// resources and "*" never do).
[[nodiscard]] bool in_other_region(const Target& target, std::string_view state_machine_region);
// The note both S009 reporters attach: what AWS says about cross-Region calls, with its source.
[[nodiscard]] std::string cross_region_note();

// ---------------------------------------------------------------------------------------------
// Inputs.

struct TargetSpec {
  Text role_arn;
  Text integration;  // a Task Resource: "arn:aws:states:::lambda:invoke"
  std::vector<Text> resources;
  std::string label;  // for messages: "target 0" or "--target 1"
};

// One state machine and what it calls.
struct Setup {
  Text state_machine_arn;
  Text execution_role_arn;
  std::vector<TargetSpec> targets;
  std::size_t definition_input = kNoInput;
  std::optional<asl::Definition> definition;
};

// A spec file: {"stateMachineArn", "executionRoleArn", "targets": [...]} or
// {"stateMachines": [ that, ... ]}. Problems are findings against `input`.
[[nodiscard]] std::vector<Setup> parse_spec(const json::Node& root, std::size_t input, std::vector<Finding>& findings);

// --target ROLE_ARN=INTEGRATION=RESOURCE[,RESOURCE...]; `text` spans the value.
[[nodiscard]] std::optional<TargetSpec> parse_target_option(const Text& text, std::vector<Finding>& findings);

// --resource STATE=ARN[,ARN...]: what a dynamic target in STATE may resolve to.
struct ResourceOverride {
  std::string state;
  std::vector<Text> resources;
  Text origin;
};
[[nodiscard]] std::optional<ResourceOverride> parse_resource_option(const Text& text, std::vector<Finding>& findings);

struct Options {
  std::vector<Text> role_arns;  // --role-arn: the roles a dynamic RoleArn may resolve to
  std::vector<ResourceOverride> resources;
  bool allow_any_role = false;      // --allow-any-role: sts:AssumeRole on "*"
  // --exact-resources: a target chosen at run time with nothing static known is refused (G009)
  // until --resource names it. Without it, such a target is granted on every resource of its type
  // in the target account (G010 says so).
  bool exact_resources = false;
  std::vector<Text> pass_roles;     // --pass-role: the roles a run-time role passed by a Task may be
  std::size_t trust_policy_quota = policy_quota(PolicyQuotaKind::Trust);  // IAM's default
};

// ---------------------------------------------------------------------------------------------
// Which policy of which role a file is: the words of manifest.json's "purpose", verify's
// --trust / --permissions / --assume-role, and how each is attached ("attachAs").

enum class Purpose { Trust, Permissions, AssumeRole };
[[nodiscard]] std::string_view purpose_name(Purpose purpose);  // "trust", "permissions", "assume-role"
[[nodiscard]] std::optional<Purpose> purpose_from_name(std::string_view name);
// "trust-policy" for the trust policy, "inline-policy" for the others.
[[nodiscard]] std::string_view attach_as(Purpose purpose);

// ---------------------------------------------------------------------------------------------
// The calls a setup makes.

// A target of a call, with where the value that names it was read.
struct CallTarget {
  Target target;
  std::size_t input = kNoInput;
  SourceSpan span;
};

struct ConditionValue {
  std::string op;     // "StringEquals"
  std::string key;    // "states:HTTPEndpoint"
  std::string value;  // filled in
};

// One statement of the integration row, filled in for one target: what the role must be granted.
struct Grant {
  std::string sid;
  std::vector<std::string> actions;    // sorted, unique
  std::vector<std::string> resources;  // sorted, unique; "*" when a placeholder is unknown
  std::vector<ConditionValue> conditions;
};

// One request the Task sends at run time with the role's credentials: one action on one
// resource, carrying the condition values the call pins (states:HTTPEndpoint, ...). A Lambda
// call names its function with the version or alias it was given, which the grant's
// "FUNCTION:*" covers.
struct Request {
  std::string action;
  std::string resource;
  std::vector<std::pair<std::string, std::string>> context;
  std::size_t grant = 0;  // index into DerivedCall::grants
};

// One call a Task (or a spec target) makes through one target role.
struct DerivedCall {
  std::size_t setup = 0;  // index into the setups
  std::string state;      // the state's name; empty for a spec target
  std::string who;        // "state 'Fan out > Notify'" or "target 0", for messages
  std::string role_arn;   // the role it assumes; "*" for any role (--allow-any-role)
  bool dynamic_role = false;    // RoleArn is chosen at run time (the role came from --role-arn or is "*")
  bool dynamic_target = false;  // the target is chosen at run time (from --resource, or "*")
  std::string partition;  // the state machine's
  std::string region;     // the state machine's
  const Integration* row = nullptr;
  IntegrationMatch match;
  std::size_t input = kNoInput;  // where the Resource (or the spec's integration) was read
  SourceSpan span;
  std::vector<CallTarget> targets;
  std::map<std::string, std::string> vars;  // placeholders read from the row's "vars" parameters (static values)
  std::vector<Grant> grants;
  std::vector<Request> requests;
  // An aws-sdk Task: its grants come from the catalogue (sdk_actions), not the row's templates.
  bool from_catalogue = false;
};

struct Derivation {
  std::vector<DerivedCall> calls;
  std::vector<Finding> findings;  // G and S findings of the setups; errors mean calls may be missing

  [[nodiscard]] bool refused() const;  // some finding is an error
};

// Derives every call of `setups`: each Task with Credentials and each spec target, with its
// role, integration, targets, the statements it needs and the requests it makes. Problems are
// findings (the S rules' under their ids, with their generate severity).
[[nodiscard]] Derivation derive_calls(const std::vector<Setup>& setups, const Options& options,
                                      const IntegrationTable& table);

// The targets one Task calls, as derive_calls resolves them (without --resource overrides):
// the lint S rules use this where there is no complete setup. Values that name nothing are left
// out (the generator reports them).
[[nodiscard]] std::vector<CallTarget> task_targets(const asl::State& state, const ResolveContext& context,
                                                   const IntegrationTable& table);

// ---------------------------------------------------------------------------------------------
// Checks shared with the S rules, on derived targets.

// A finding of a shared check before it has its rule: the S rule reports it through its sink
// (with lint's severity), derive_calls under the rule's generate severity. Both show the same
// span, message and notes.
struct Check {
  SourceSpan span;
  std::string message;
  std::vector<Note> notes;
};

// "state 'Fan out > Branches/1 > Notify'", for messages.
[[nodiscard]] std::string state_label(const asl::Definition& def, std::size_t index);
// A Task that assumes a role: the states whose calls are cross-account.
[[nodiscard]] bool is_task_with_credentials(const asl::State& state);

// S002: the note on a state machine name AssumeRole refuses as an ExternalId.
[[nodiscard]] Note rename_state_machine_note();
// S002 on a definition: the first Task with Credentials, which the name breaks; nullopt when the
// name is fine or no Task assumes a role.
[[nodiscard]] std::optional<Check> state_machine_name_check(const asl::Definition& def,
                                                            std::string_view state_machine_arn);
// S005 dynamic-role: the Task's RoleArn is chosen at run time.
[[nodiscard]] std::optional<Check> dynamic_role_check(const asl::Definition& def, std::size_t state);
// S008 invalid-credentials: the definition's Credentials misuses, and static RoleArns that are not
// one role ARN, in source order of the definition's states.
[[nodiscard]] std::vector<Check> invalid_credentials_checks(const asl::Definition& def);
// S007 cross-partition-task: what the messages say of the state machine: "the state machine
// \"ARN\" is in \"aws\"".
[[nodiscard]] std::string state_machine_partition_phrase(std::string_view state_machine_arn,
                                                         std::string_view partition);
// S007 on a Task: its static role in another partition than `partition` (the state machine's,
// which `where` describes).
[[nodiscard]] std::optional<Check> cross_partition_role_check(const asl::Definition& def, std::size_t state,
                                                              std::string_view partition, std::string_view where);
// S007: a target of `who` in another partition.
[[nodiscard]] std::optional<Check> cross_partition_target_check(std::string_view who, const CallTarget& target,
                                                                std::string_view partition, std::string_view where);
// S009 cross-region-resource: a target of `who` in another Region than `region`.
[[nodiscard]] std::optional<Check> cross_region_check(std::string_view who, const CallTarget& target,
                                                      std::string_view region);

// The statement of a target role's trust policy: the execution roles may assume it, only with
// sts:ExternalId = one of the state machine ARNs (which Step Functions sends).
// https://docs.aws.amazon.com/step-functions/latest/dg/tutorial-access-cross-acct-resources.html
[[nodiscard]] Statement trust_statement(const std::vector<std::string>& execution_roles,
                                        const std::vector<std::string>& state_machines);

// The statement of an execution role's policy that lets it assume `role_arn`.
[[nodiscard]] Statement assume_statement(std::string sid, const std::string& role_arn);

// A grant as a policy statement (Allow, its actions, resources and conditions).
[[nodiscard]] Statement grant_statement(const Grant& grant);

}  // namespace iamsmith::sfn
