// Target resources: the ARN a Task's parameter names, in every form users write it.
// With Credentials, a bare name resolves in the target role's account and the state machine's
// region (the call is made with the target role's credentials, from the state machine's
// Region): https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html
//
// Kind-specific placeholders (Target::vars): execute-api has Stage, Method, Path; http-connection
// has ConnectionName (and the generator adds Endpoint and Method from the payload).

#include <algorithm>
#include <cctype>
#include <string>
#include <utility>

#include "iamsmith/arn.hpp"
#include "iamsmith/sfn.hpp"
#include "iamsmith/partition.hpp"
#include "iamsmith/text.hpp"

namespace iamsmith::sfn {

namespace {

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && text.substr(0, prefix.size()) == prefix;
}

ResolveResult failure(std::string why) {
  ResolveResult r;
  r.error = std::move(why);
  return r;
}

ResolveResult success(Target t) {
  ResolveResult r;
  r.target = std::move(t);
  return r;
}

bool all_of(std::string_view text, bool (*ok)(char)) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!ok(c)) return false;
  }
  return true;
}

bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
// Lambda function names: letters, digits, hyphens, underscores.
// https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html#API_Invoke_RequestSyntax
bool is_function_char(char c) { return is_alnum(c) || c == '-' || c == '_'; }
// DynamoDB table names: [a-zA-Z0-9_.-]; SQS queue names add nothing ('.fifo' included).
bool is_table_char(char c) { return is_alnum(c) || c == '-' || c == '_' || c == '.'; }
// State machine, event bus, project, work group, job names: a permissive common set; AWS
// validates the exact rules, here only what would break an ARN is refused.
bool is_model_char(char c) { return is_alnum(c) || c == '-' || c == '_' || c == '.' || c == ':'; }
// The geographic prefixes of cross-Region inference profile ids.
// https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html
constexpr std::string_view kProfileScopes[] = {"us", "eu", "apac", "jp", "au", "ca", "us-gov", "global"};
bool is_name_char(char c) {
  return c != ':' && c != '/' && c != '*' && c != '?' && c != ' ' && c != '$' && c != '{' && c != '}' &&
         static_cast<unsigned char>(c) > 0x20;
}

std::string arn_of(const ResolveContext& ctx, std::string_view service, std::string_view region,
                   std::string_view account, std::string_view resource) {
  return "arn:" + ctx.partition + ":" + std::string(service) + ":" + std::string(region) + ":" +
         std::string(account) + ":" + std::string(resource);
}

Target target_of(const ResolveContext& ctx, std::string arn, std::string region, std::string account,
                 std::string name) {
  Target t;
  t.arn = std::move(arn);
  t.partition = ctx.partition;
  t.region = std::move(region);
  t.account = std::move(account);
  t.name = std::move(name);
  return t;
}

// An ARN the user wrote: it must be of `service` and must not hold wildcards or variables,
// since the generator grants exactly what is called.
std::optional<Arn> exact_arn(std::string_view value, std::string_view service, std::string& error) {
  const ArnResult parsed = parse_arn(value);
  if (!parsed) {
    error = std::string("\"").append(value) +
            "\" is not a valid ARN: " + std::string(arn_error_message(parsed.error()));
    return std::nullopt;
  }
  const Arn& arn = parsed.value();
  if (arn.service != service) {
    error = std::string("\"").append(value) + "\" is an ARN of service \"" + arn.service + "\", expected \"" +
            std::string(service) + "\"";
    return std::nullopt;
  }
  if (arn.has_wildcard() || arn.has_variable()) {
    error = std::string("\"").append(value) + "\" holds a wildcard or a policy variable; name one resource";
    return std::nullopt;
  }
  return arn;
}

Target from_arn(const Arn& arn, std::string name) {
  Target t;
  t.arn = arn.to_string();
  t.partition = arn.partition;
  t.region = arn.region;
  t.account = arn.account;
  t.name = std::move(name);
  return t;
}

ResolveResult lambda_function(std::string_view value, const ResolveContext& ctx) {
  // Forms of FunctionName: https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
  // name, name:alias|version, ACCOUNT:function:name[:qualifier], full ARN[:qualifier].
  std::string error;
  std::string region = ctx.region;
  std::string account = ctx.account;
  std::string rest;
  std::string partition = ctx.partition;
  if (starts_with(value, "arn:")) {
    auto arn = exact_arn(value, "lambda", error);
    if (!arn) return failure(error);
    if (arn->resource_type() != "function") {
      return failure(std::string("\"").append(value) +
                     "\" is not a Lambda function ARN (expected ...:function:NAME)");
    }
    if (arn->region.empty() || arn->account.empty()) {
      return failure(std::string("\"").append(value) +
                     "\" has no Region or no account; a Lambda function ARN names both "
                     "(arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME)");
    }
    region = arn->region;
    account = arn->account;
    partition = arn->partition;
    rest = std::string(arn->resource_id());
  } else if (value.size() > 22 && is_account_id(value.substr(0, 12)) && value.substr(12, 10) == ":function:") {
    account = std::string(value.substr(0, 12));
    rest = std::string(value.substr(22));
  } else {
    rest = std::string(value);
  }
  const std::size_t colon = rest.find(':');
  const std::string name = rest.substr(0, colon);
  if (!all_of(name, is_function_char) || name.size() > 64) {
    return failure(std::string("\"").append(value) +
                   "\" does not name a Lambda function (a name has 1 to 64 letters, digits, '-' or '_')");
  }
  if (colon != std::string::npos && !all_of(std::string_view(rest).substr(colon + 1), is_function_char) &&
      rest.substr(colon + 1) != "$LATEST") {
    return failure(std::string("\"").append(value) + "\" has an invalid version or alias after ':'");
  }
  Target t;
  t.arn = "arn:" + partition + ":lambda:" + region + ":" + account + ":function:" + name;
  t.partition = partition;
  t.region = region;
  t.account = account;
  t.name = name;
  if (colon != std::string::npos) t.qualifier = rest.substr(colon + 1);
  return success(std::move(t));
}

// Builds a target from "name or ARN" for services whose ARN is
// arn:P:SERVICE:REGION:ACCOUNT:TYPE SEP NAME.
ResolveResult name_or_arn(std::string_view value, const ResolveContext& ctx, std::string_view service,
                          std::string_view type, char separator, bool (*valid)(char), std::string_view what) {
  std::string error;
  if (starts_with(value, "arn:")) {
    auto arn = exact_arn(value, service, error);
    if (!arn) return failure(error);
    std::string name;
    if (type.empty()) {
      name = arn->resource;
    } else {
      const std::string prefix = std::string(type) + separator;
      if (!starts_with(arn->resource, prefix)) {
        return failure(std::string("\"").append(value) + "\" is not " + std::string(what) +
                       " ARN (expected ..." + prefix + "NAME)");
      }
      name = arn->resource.substr(prefix.size());
    }
    return success(from_arn(*arn, name));
  }
  if (!all_of(value, valid)) {
    return failure(std::string("\"").append(value) + "\" is neither an ARN nor a valid " + std::string(what) +
                   " name");
  }
  const std::string resource =
      type.empty() ? std::string(value) : std::string(type) + separator + std::string(value);
  return success(target_of(ctx, arn_of(ctx, service, ctx.region, ctx.account, resource), ctx.region, ctx.account,
                           std::string(value)));
}

ResolveResult ecs_task_definition(std::string_view value, const ResolveContext& ctx) {
  // RunTask is authorised on the task definition ARN with its revision; an unrevisioned ARN is
  // denied since 2024, so a family alone becomes "family:*".
  // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html
  std::string error;
  std::string family_rev;
  Target t;
  if (starts_with(value, "arn:")) {
    auto arn = exact_arn(value, "ecs", error);
    if (!arn) return failure(error);
    if (!starts_with(arn->resource, "task-definition/")) {
      return failure(std::string("\"").append(value) + "\" is not a task definition ARN");
    }
    family_rev = arn->resource.substr(16);
    t = from_arn(*arn, "");
  } else {
    family_rev = std::string(value);
    t = target_of(ctx, "", ctx.region, ctx.account, "");
  }
  const std::size_t colon = family_rev.find(':');
  const std::string family = family_rev.substr(0, colon);
  if (!all_of(family, is_function_char)) {
    return failure(std::string("\"").append(value) + "\" does not name a task definition family");
  }
  const std::string revision = colon == std::string::npos ? "*" : family_rev.substr(colon + 1);
  t.arn = "arn:" + t.partition + ":ecs:" + t.region + ":" + t.account + ":task-definition/" + family + ":" + revision;
  t.name = family;
  return success(std::move(t));
}

ResolveResult state_machine(std::string_view value, const ResolveContext& ctx) {
  std::string error;
  if (starts_with(value, "arn:")) {
    auto arn = exact_arn(value, "states", error);
    if (!arn) return failure(error);
    if (!starts_with(arn->resource, "stateMachine:")) {
      return failure(std::string("\"").append(value) +
                     "\" is not a state machine ARN (expected ...:stateMachine:NAME)");
    }
    std::string name = arn->resource.substr(13);
    // A version or alias ARN ("name:prod") starts executions of that state machine; the
    // executions are named after the state machine.
    name = name.substr(0, name.find(':'));
    return success(from_arn(*arn, name));
  }
  if (!all_of(value, is_name_char))
    return failure(std::string("\"").append(value).append("\" is not a state machine name"));
  return success(target_of(ctx, arn_of(ctx, "states", ctx.region, ctx.account, "stateMachine:" + std::string(value)),
                           ctx.region, ctx.account, std::string(value)));
}

ResolveResult bedrock_model(std::string_view value, const ResolveContext& ctx) {
  // Foundation models have ARNs without an account:
  // https://docs.aws.amazon.com/step-functions/latest/dg/connect-bedrock.html
  if (starts_with(value, "arn:")) {
    std::string error;
    auto arn = exact_arn(value, "bedrock", error);
    if (!arn) return failure(error);
    Target t = from_arn(*arn, std::string(arn->resource_id()));
    t.vars["RoutedModels"] = t.arn;
    return success(std::move(t));
  }
  // Model ids hold a version after ':' ("anthropic.claude-3-haiku-20240307-v1:0").
  if (!all_of(value, is_model_char))
    return failure(std::string("\"").append(value).append("\" is not a model id"));
  const std::string id(value);
  const std::size_t dot = id.find('.');
  const std::string scope = id.substr(0, dot);
  if (dot != std::string::npos && id.find('.', dot + 1) != std::string::npos &&
      std::find(std::begin(kProfileScopes), std::end(kProfileScopes), scope) != std::end(kProfileScopes)) {
    // A cross-Region inference profile ("us.amazon.nova-lite-v1:0", "global.amazon.nova-2-lite-v1:0"):
    // InvokeModel is authorised on the profile and on the foundation model in every Region it
    // routes to; a Region "*" also matches the global profiles' Region-less model ARNs.
    // https://docs.aws.amazon.com/bedrock/latest/userguide/geographic-cross-region-inference.html
    // https://docs.aws.amazon.com/bedrock/latest/userguide/global-cross-region-inference.html
    Target t = target_of(ctx, arn_of(ctx, "bedrock", ctx.region, ctx.account, "inference-profile/" + id), ctx.region,
                         ctx.account, id);
    t.vars["RoutedModels"] = arn_of(ctx, "bedrock", "*", "", "foundation-model/" + id.substr(dot + 1));
    return success(std::move(t));
  }
  Target t = target_of(ctx, arn_of(ctx, "bedrock", ctx.region, "", "foundation-model/" + id), ctx.region, "", id);
  t.vars["RoutedModels"] = t.arn;
  return success(std::move(t));
}

// "https://ID.execute-api.REGION.SUFFIX/STAGE/METHOD/PATH" (the generator joins ApiEndpoint,
// Stage, Method and Path this way) or an execute-api ARN.
ResolveResult execute_api(std::string_view value, const ResolveContext& ctx) {
  if (starts_with(value, "arn:")) {
    std::string error;
    auto arn = exact_arn(value, "execute-api", error);
    if (!arn) return failure(error);
    const std::string id = arn->resource.substr(0, arn->resource.find('/'));
    return success(from_arn(*arn, id));
  }
  std::string_view rest = value;
  if (starts_with(rest, "https://")) rest.remove_prefix(8);
  const std::size_t slash = rest.find('/');
  const std::string_view host = rest.substr(0, slash);
  const std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
  const std::size_t dot = host.find(".execute-api.");
  if (dot == std::string_view::npos || dot == 0) {
    return failure(std::string("\"").append(value) +
                   "\" is not an API Gateway endpoint (ID.execute-api.REGION.amazonaws.com)");
  }
  const std::string id(host.substr(0, dot));
  const std::string_view after = host.substr(dot + 13);
  const std::string region(after.substr(0, after.find('.')));
  const PartitionInfo* partition = partition_of_dns_suffix(host);
  if (partition == nullptr)
    return failure(std::string("\"").append(host) + "\" is not in a known AWS DNS domain");
  ResolveContext local = ctx;
  local.partition = partition->id;
  std::string resource = id + "/" + std::string(path);
  // STAGE/METHOD/@connections/ID: a WebSocket API's connection callbacks, authorised on every
  // connection of the stage. https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-control-access-iam.html
  const std::size_t connections = path.find("/@connections");
  const bool websocket = connections != std::string_view::npos && path.substr(0, connections).find('/') != std::string_view::npos;
  if (websocket) {
    const std::string_view stage = path.substr(0, path.find('/'));
    resource = id + "/" + std::string(stage) + "/POST/@connections/*";
  }
  Target t = target_of(local, arn_of(local, "execute-api", region, ctx.account, resource), region, ctx.account, id);
  if (websocket) t.vars["Connections"] = "true";
  return success(std::move(t));
}

ResolveResult http_connection(std::string_view value) {
  // EventBridge connection ARN: arn:P:events:R:A:connection/NAME/UUID. Its secret lives in
  // Secrets Manager as events!connection/NAME/...:
  // https://docs.aws.amazon.com/step-functions/latest/dg/call-https-apis.html#connect-http-task-permissions
  std::string error;
  auto arn = exact_arn(value, "events", error);
  if (!arn) return failure(error);
  if (!starts_with(arn->resource, "connection/")) {
    return failure(std::string("\"").append(value) + "\" is not an EventBridge connection ARN");
  }
  std::string name = arn->resource.substr(11);
  name = name.substr(0, name.find('/'));
  Target t = from_arn(*arn, name);
  t.vars["ConnectionName"] = name;
  return success(std::move(t));
}

ResolveResult s3_object(std::string_view value, const ResolveContext& ctx) {
  // "bucket/key", "s3://bucket/key" or arn:P:s3:::bucket/key; a key ending in '*' is a prefix.
  std::string_view rest = value;
  if (starts_with(rest, "arn:")) {
    const ArnResult parsed = parse_arn(value);
    if (!parsed || parsed->service != "s3")
      return failure(std::string("\"").append(value) + "\" is not an S3 ARN");
    Target t;
    t.arn = std::string(value);
    t.partition = parsed->partition;
    t.name = parsed->resource.substr(0, parsed->resource.find('/'));
    return success(std::move(t));
  }
  if (starts_with(rest, "s3://")) rest.remove_prefix(5);
  const std::string bucket(rest.substr(0, rest.find('/')));
  if (bucket.empty() || !all_of(bucket, is_table_char)) {
    return failure(std::string("\"").append(value) + "\" does not name an S3 bucket");
  }
  Target t;
  t.arn = "arn:" + ctx.partition + ":s3:::" + std::string(rest);
  t.partition = ctx.partition;
  t.name = bucket;
  return success(std::move(t));
}

}  // namespace

ResolveResult sqs_queue_from_url(std::string_view url) {
  std::string_view rest = url;
  if (starts_with(rest, "https://")) {
    rest.remove_prefix(8);
  } else if (starts_with(rest, "http://")) {
    rest.remove_prefix(7);
  } else {
    return failure(std::string("\"").append(url) +
                   "\" is not a queue URL (https://sqs.REGION.amazonaws.com/ACCOUNT/NAME)");
  }
  const std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos)
    return failure(std::string("\"").append(url) + "\" has no /ACCOUNT/NAME path");
  std::string host = ascii_lower(rest.substr(0, slash));
  std::string_view path = rest.substr(slash + 1);
  if (!path.empty() && path.back() == '/') path.remove_suffix(1);
  const std::size_t second = path.find('/');
  const std::string_view account = path.substr(0, second);
  const std::string_view name = second == std::string_view::npos ? std::string_view() : path.substr(second + 1);
  if (!is_account_id(account) || name.empty() || !all_of(name, is_table_char)) {
    return failure(std::string("\"").append(url) + "\" does not end in /ACCOUNT/QUEUE_NAME");
  }
  const PartitionInfo* partition = partition_of_dns_suffix(host);
  if (partition == nullptr) return failure("\"" + host + "\" is not in a known AWS DNS domain");
  const std::string_view labels = std::string_view(host).substr(0, host.size() - partition->dns_suffix.size() - 1);
  // Endpoints: sqs.REGION.SUFFIX (current), REGION.queue.amazonaws.com and queue.amazonaws.com
  // (legacy; the latter is us-east-1). https://docs.aws.amazon.com/general/latest/gr/sqs-service.html
  std::string region;
  if (starts_with(labels, "sqs.") && labels.find('.', 4) == std::string_view::npos) {
    region = std::string(labels.substr(4));
  } else if (labels == "queue") {
    region = "us-east-1";
  } else if (labels.size() > 6 && labels.substr(labels.size() - 6) == ".queue" &&
             labels.substr(0, labels.size() - 6).find('.') == std::string_view::npos) {
    region = std::string(labels.substr(0, labels.size() - 6));
  } else {
    return failure("\"" + host + "\" is not an SQS endpoint (sqs.REGION." + partition->dns_suffix + ")");
  }
  const PartitionInfo* owner = partition_of_region(region);
  if (owner == nullptr) return failure("\"" + region + "\" in \"" + host + "\" is not a region");
  if (owner->dns_suffix != partition->dns_suffix) {
    return failure("region \"" + region + "\" does not belong to the DNS domain \"" + partition->dns_suffix + "\"");
  }
  Target t;
  t.partition = owner->id;
  t.region = region;
  t.account = std::string(account);
  t.name = std::string(name);
  t.arn = "arn:" + t.partition + ":sqs:" + region + ":" + t.account + ":" + t.name;
  return success(std::move(t));
}

ResolveResult resolve_target(TargetKind kind, std::string_view value, const ResolveContext& context) {
  if (value.empty()) return failure("the value is empty");
  switch (kind) {
    case TargetKind::None: {
      const ArnResult parsed = parse_arn(value);
      if (!parsed) {
        return failure(std::string("\"").append(value) +
                       "\" is not a valid ARN: " + std::string(arn_error_message(parsed.error())));
      }
      return success(from_arn(parsed.value(), std::string(parsed->resource_id())));
    }
    case TargetKind::LambdaFunction: return lambda_function(value, context);
    case TargetKind::SqsQueue: {
      if (starts_with(value, "http")) return sqs_queue_from_url(value);
      return name_or_arn(value, context, "sqs", "", ':', is_table_char, "an SQS queue");
    }
    case TargetKind::SnsTopic: return name_or_arn(value, context, "sns", "", ':', is_table_char, "an SNS topic");
    case TargetKind::DynamoDbTable:
      return name_or_arn(value, context, "dynamodb", "table", '/', is_table_char, "a DynamoDB table");
    case TargetKind::EcsTaskDefinition: return ecs_task_definition(value, context);
    case TargetKind::StateMachine: return state_machine(value, context);
    case TargetKind::EventBus:
      return name_or_arn(value, context, "events", "event-bus", '/', is_name_char, "an event bus");
    case TargetKind::CodeBuildProject:
      return name_or_arn(value, context, "codebuild", "project", '/', is_name_char, "a CodeBuild project");
    case TargetKind::AthenaWorkGroup:
      return name_or_arn(value, context, "athena", "workgroup", '/', is_name_char, "an Athena work group");
    case TargetKind::BedrockModel: return bedrock_model(value, context);
    case TargetKind::ExecuteApi: return execute_api(value, context);
    case TargetKind::HttpConnection: return http_connection(value);
    case TargetKind::S3Object: return s3_object(value, context);
    case TargetKind::GlueJob: return name_or_arn(value, context, "glue", "job", '/', is_name_char, "a Glue job");
    case TargetKind::BatchJob: {
      // Batch authorises SubmitJob on job definitions and queues, not on the job name; the name
      // only labels the statement.
      Target t = target_of(context, "*", context.region, context.account, std::string(value));
      return success(std::move(t));
    }
  }
  return failure("unknown target kind");
}

Target any_target(TargetKind kind, const ResolveContext& ctx) {
  // Every resource of the kind in the target account and the state machine's Region: what a
  // run-time target may be once the user allows any resource. ARN formats from the Service
  // Authorization Reference (rules/iam-data.tsv).
  auto in_account = [&](std::string_view service, std::string_view resource) {
    return arn_of(ctx, service, ctx.region, ctx.account, resource);
  };
  std::string arn = "*";
  switch (kind) {
    case TargetKind::None: break;
    case TargetKind::LambdaFunction: arn = in_account("lambda", "function:*"); break;
    case TargetKind::SqsQueue: arn = in_account("sqs", "*"); break;
    case TargetKind::SnsTopic: arn = in_account("sns", "*"); break;
    case TargetKind::DynamoDbTable: arn = in_account("dynamodb", "table/*"); break;
    case TargetKind::EcsTaskDefinition: arn = in_account("ecs", "task-definition/*"); break;
    case TargetKind::StateMachine: arn = in_account("states", "stateMachine:*"); break;
    case TargetKind::EventBus: arn = in_account("events", "event-bus/*"); break;
    case TargetKind::CodeBuildProject: arn = in_account("codebuild", "project/*"); break;
    case TargetKind::AthenaWorkGroup: arn = in_account("athena", "workgroup/*"); break;
    case TargetKind::BedrockModel: arn = arn_of(ctx, "bedrock", ctx.region, "", "foundation-model/*"); break;
    case TargetKind::ExecuteApi: arn = in_account("execute-api", "*"); break;
    case TargetKind::HttpConnection: arn = in_account("events", "connection/*"); break;
    case TargetKind::S3Object: arn = "arn:" + ctx.partition + ":s3:::*/*"; break;
    case TargetKind::GlueJob: arn = in_account("glue", "job/*"); break;
    case TargetKind::BatchJob: break;
  }
  Target t = target_of(ctx, arn, ctx.region, ctx.account, "*");
  t.vars["RoutedModels"] = arn;
  t.vars["ConnectionName"] = "*";
  return t;
}

std::string sid_token(std::string_view text) {
  std::string out;
  bool upper = true;
  for (char c : text) {
    if (is_alnum(c) && static_cast<unsigned char>(c) < 0x80) {
      out.push_back(upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c);
      upper = false;
    } else {
      upper = true;
    }
  }
  return out;
}

}  // namespace iamsmith::sfn
