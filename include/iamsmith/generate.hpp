#pragma once
// The generator: from a spec or a state machine definition, the three kinds of policy a
// cross-account Step Functions setup needs.
//   1. each target role's trust policy: the execution role may assume it, only with
//      sts:ExternalId = the state machine ARN;
//   2. each target role's permission policy: exactly the calls its tasks make, on exactly
//      their resources;
//   3. the execution role's policy: sts:AssumeRole on each target role.
// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html
//
// Policies are built as Policy values and written with write_policy, never assembled as text.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iamsmith/asl.hpp"
#include "iamsmith/diagnostic.hpp"
#include "iamsmith/json.hpp"
#include "iamsmith/policy.hpp"
#include "iamsmith/policy_size.hpp"
#include "iamsmith/source.hpp"

namespace iamsmith::gen {

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
  std::string docs;  // the AWS page the row comes from
  std::string note;  // a caveat printed with the generated policy, if any
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
};

// A target resource, derived from one value.
struct Target {
  std::string arn;        // the resource ARN (unqualified for Lambda), or "*"
  std::string partition;  // as the ARN says
  std::string region;     // empty for global resources
  std::string account;
  std::string name;       // what Sids are built from ("Echo")
  std::map<std::string, std::string> vars;  // extra placeholders (Endpoint, Method, ...)
};

struct ResolveResult {
  std::optional<Target> target;
  std::string error;  // why the value names no resource of this kind
};

// Derives the target from a value as written in Parameters / Arguments or in a spec.
[[nodiscard]] ResolveResult resolve_target(TargetKind kind, std::string_view value, const ResolveContext& context);

// The queue ARN of an SQS queue URL: https://sqs.REGION.DNS_SUFFIX/ACCOUNT/NAME, the legacy
// https://REGION.queue.amazonaws.com/ACCOUNT/NAME and https://queue.amazonaws.com/ACCOUNT/NAME
// (us-east-1). https://docs.aws.amazon.com/general/latest/gr/sqs-service.html
[[nodiscard]] ResolveResult sqs_queue_from_url(std::string_view url);

// "my-queue_name" -> "MyQueueName": letters and digits only, each word capitalised.
[[nodiscard]] std::string sid_token(std::string_view text);

// ---------------------------------------------------------------------------------------------
// Checks shared with the lint S rules. Each test lives here once; the generator reports it under
// the S rule's id and name (rules/S*.cpp), so that one problem has one id in `generate` and `lint`.

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

// The values that name a Task's target, read from its Resource and payload (S009 and S007 in
// lint derive targets with this, exactly as the generator does).
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
  bool allow_any_resource = false;  // --allow-any-resource: "*" for dynamic targets
  std::size_t trust_policy_quota = policy_quota(PolicyQuotaKind::Trust);  // IAM's default
};

// ---------------------------------------------------------------------------------------------
// Output.

enum class Attachment { TrustPolicy, PermissionPolicy, AssumeRolePolicy };
[[nodiscard]] std::string_view attachment_name(Attachment attachment);  // "trust-policy", ...

struct GeneratedPolicy {
  std::string file;         // "LambdaRole.trust.json"
  std::string role_arn;     // the role it belongs to
  std::string role_name;
  std::string account;
  std::string partition;
  Attachment attachment = Attachment::TrustPolicy;
  std::string policy_name;  // inline policy name (permission and assume-role policies)
  std::vector<std::string> state_machines;  // the state machines it serves
  Policy policy;
  std::string text;  // write_policy(policy)
};

struct Result {
  std::vector<GeneratedPolicy> policies;  // in a stable order: targets by ARN, then the execution roles
  std::vector<Finding> findings;

  // True when a finding is an error: nothing may be written.
  [[nodiscard]] bool refused() const;
};

// Generates the policies of every setup. Findings point into the inputs the setups' Text values
// came from; with any error finding, no policy is returned.
[[nodiscard]] Result generate(const std::vector<Setup>& setups, const Options& options, const IntegrationTable& table);

// The manifest: which file attaches to which role, as what (JSON, trailing newline).
[[nodiscard]] std::string render_manifest(const Result& result);
// Everything in one JSON document, for standard output.
[[nodiscard]] std::string render_bundle(const Result& result);

enum class Format { Json, CloudFormation, Terraform };
[[nodiscard]] std::optional<Format> format_from_name(std::string_view name);

struct OutputFile {
  std::string name;
  std::string content;
};
// The files --out-dir receives in `format` (JSON: the policies and manifest.json; CloudFormation
// and Terraform: one document per account).
[[nodiscard]] std::vector<OutputFile> output_files(const Result& result, Format format);
// The same for standard output, in one text.
[[nodiscard]] std::string output_text(const Result& result, Format format);

// Writing and checking a directory.
struct Difference {
  std::string file;
  std::string what;  // "missing", "differs from line 7", "not generated any more"
};
// What differs between `files` and `dir` (files listed in an old manifest.json there but no
// longer generated count as differences).
[[nodiscard]] std::vector<Difference> check_directory(const std::string& dir, const std::vector<OutputFile>& files);

struct WriteReport {
  std::vector<std::string> written;    // files created or replaced
  std::vector<std::string> unchanged;  // identical already
  std::vector<std::string> conflicts;  // existing and different, not replaced (no --force)
  std::string error;                   // an I/O failure; nothing more was written after it
};
// Writes every file atomically (temporary file in the same directory, then rename). When a file
// exists with other content and `force` is false, nothing at all is written and the conflicts
// are listed.
[[nodiscard]] WriteReport write_directory(const std::string& dir, const std::vector<OutputFile>& files, bool force);

}  // namespace iamsmith::gen
