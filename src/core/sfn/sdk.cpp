// aws-sdk Tasks: the IAM actions an SDK API call needs, and the resources its payload names,
// derived from AWS's catalogue (rules/iam-data.tsv): the action's resource types and their ARN
// formats, whose ${...} variables are filled from the Task's parameters.
//   https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html
//   https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
//
// Which parameter fills which ARN variable: the parameter of the variable's own name
// (TableName -> ${TableName}), the variable without its "Name" suffix (Bucket -> ${BucketName},
// Cluster -> ${ClusterName}), a longer name ending in it (TranscriptionJobName -> ${JobName}),
// "Name" for the one *Name variable left (Glue's StartCrawler Name -> ${CrawlerName}), and the
// few exceptions of kParameterRules. A parameter whose static value is an ARN of the resource
// type names that resource whole (TopicArn, StateMachineArn, a FunctionName ARN).

#include <algorithm>
#include <cctype>
#include <string>
#include <utility>

#include "iamsmith/arn.hpp"
#include "iamsmith/iamdata.hpp"
#include "iamsmith/match.hpp"
#include "iamsmith/sfn.hpp"
#include "iamsmith/text.hpp"

namespace iamsmith::sfn {

namespace {

struct ParameterRule {
  std::string_view service;  // IAM prefix
  std::string_view parameter;
  std::string_view variable;
};

// API parameter names that are not the ARN variable they fill.
constexpr ParameterRule kParameterRules[] = {
    // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html: Bucket, Key.
    {"s3", "Key", "ObjectName"},
    {"s3", "Prefix", "ObjectName"},
    // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html
    {"sqs", "QueueUrl", "QueueName"},
    // https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
    {"secretsmanager", "SecretId", "SecretId"},
    // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html
    {"ecs", "TaskDefinition", "TaskDefinitionFamilyName"},
    // A parent is a root ("r-...") or an organizational unit ("ou-..."): kIdPrefixes says which.
    // https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreateOrganizationalUnit.html
    {"organizations", "ParentId", "RootId"},
    {"organizations", "ParentId", "OrganizationalUnitId"},
};

// IDs whose ARN format writes their prefix ("root/o-${OrganizationId}/r-${RootId}"): a value
// with the prefix fills the variable without it, and a value without it is another type's (a
// ParentId "ou-..." names no root).
struct IdPrefix {
  std::string_view service;
  std::string_view variable;
  std::string_view prefix;
};
constexpr IdPrefix kIdPrefixes[] = {
    {"organizations", "RootId", "r-"},
    {"organizations", "OrganizationalUnitId", "ou-"},
};

const IdPrefix* id_prefix(std::string_view service, std::string_view variable) {
  for (const IdPrefix& p : kIdPrefixes) {
    if (p.service == service && p.variable == variable) return &p;
  }
  return nullptr;
}

// Parameters that name, at run time, the resources a call acts on without saying their type
// (EC2's CreateTags "Resources": instance, volume, snapshot ids, ...). When nothing else names
// the resource and one of these is chosen at run time, the resource is chosen at run time: the
// any-resource contract (G009) applies, not a silent "*".
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateTags.html
constexpr std::string_view kResourceListSuffixes[] = {"Resources", "ResourceArn", "ResourceArns", "ResourceARN",
                                                      "ResourceId", "ResourceIds", "ResourceName"};

// SDK calls whose IAM action reads one object named by another parameter than Bucket/Key:
// CopyObject reads CopySource ("bucket/key") and writes Bucket/Key.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html
struct SourceRule {
  std::string_view sdk;     // "s3:copyObject"
  std::string_view action;  // "s3:GetObject"
  std::string_view parameter;
};
constexpr SourceRule kSourceRules[] = {{"s3:copyObject", "s3:GetObject", "CopySource"}};

// Variables the call's context decides rather than its payload. An account belongs to one
// organization, so AWS Organizations' ${OrganizationId} is the target account's, whatever the
// call names ("o-*" in the ARN is that one organization).
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsorganizations.html
constexpr std::string_view kContextVariables[] = {"Partition", "Region", "Account", "OrganizationId"};

bool is_context_variable(std::string_view v) {
  return std::find(std::begin(kContextVariables), std::end(kContextVariables), v) != std::end(kContextVariables);
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// The ${...} variables of an ARN format, in order.
std::vector<std::string> variables_of(std::string_view format) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while ((i = format.find("${", i)) != std::string_view::npos) {
    const std::size_t close = format.find('}', i);
    if (close == std::string_view::npos) break;
    out.emplace_back(format.substr(i + 2, close - i - 2));
    i = close + 1;
  }
  return out;
}

std::string fill(std::string_view format, const std::map<std::string, std::string>& values) {
  std::string out;
  std::size_t i = 0;
  while (i < format.size()) {
    if (format.substr(i, 2) == "${") {
      const std::size_t close = format.find('}', i);
      if (close != std::string_view::npos) {
        auto it = values.find(std::string(format.substr(i + 2, close - i - 2)));
        out += it == values.end() ? std::string("*") : it->second;
        i = close + 1;
        continue;
      }
    }
    out.push_back(format[i]);
    ++i;
  }
  return out;
}

// A top-level parameter of the payload, by its plain name.
std::optional<asl::Field> parameter(const asl::State& state, std::string_view name) {
  if (!state.payload) return std::nullopt;
  return state.payload->field(name);
}

// Every static value of a key named `name` anywhere in the payload (DynamoDB's TransactItems
// name their tables inside the array), in source order.
void nested_values(const json::Node& node, std::string_view name, std::vector<const json::Node*>& out) {
  if (node.is_object()) {
    for (const json::Member& m : node.members) {
      if (m.key == name && m.value.is_string()) out.push_back(&m.value);
      nested_values(m.value, name, out);
    }
  } else if (node.is_array()) {
    for (const json::Node& item : node.items) nested_values(item, name, out);
  }
}

// Which parameter fills `variable` of a resource type of `service`, among the payload's keys.
std::string parameter_for(std::string_view service, std::string_view variable,
                          const std::vector<std::string>& keys, bool last_name_variable) {
  for (const ParameterRule& r : kParameterRules) {
    if (r.service == service && r.variable == variable &&
        std::find(keys.begin(), keys.end(), r.parameter) != keys.end()) {
      return std::string(r.parameter);
    }
  }
  if (std::find(keys.begin(), keys.end(), variable) != keys.end()) return std::string(variable);
  if (ends_with(variable, "Name")) {
    const std::string_view stem = variable.substr(0, variable.size() - 4);
    if (!stem.empty() && std::find(keys.begin(), keys.end(), stem) != keys.end()) return std::string(stem);
  }
  if (variable.size() >= 5) {
    for (const std::string& k : keys) {
      if (k.size() > variable.size() && ends_with(k, variable)) return k;
    }
  }
  if (last_name_variable && std::find(keys.begin(), keys.end(), "Name") != keys.end()) return "Name";
  return {};
}

// The payload's top-level keys by plain name ("Bucket" for "Bucket.$").
std::vector<std::string> payload_keys(const asl::State& state) {
  std::vector<std::string> keys;
  if (!state.payload || !state.payload->node.is_object()) return keys;
  for (const json::Member& m : state.payload->node.members) {
    std::string k = m.key;
    if (ends_with(k, ".$")) k.resize(k.size() - 2);
    keys.push_back(std::move(k));
  }
  return keys;
}

// The value a static parameter gives an ARN variable.
std::string variable_value(std::string_view service, std::string_view param, std::string_view variable,
                           std::string value) {
  if (service == "s3" && param == "Prefix") return value + "*";
  if (service == "s3" && param == "CopySource") {
    // "bucket/key" or "/bucket/key", URL-encoded; the version suffix is not part of the ARN.
    if (!value.empty() && value.front() == '/') value.erase(value.begin());
    return value.substr(0, value.find("?versionId="));
  }
  if (service == "secretsmanager" && variable == "SecretId" && value.rfind("arn:", 0) != 0) {
    // A secret's ARN ends in a hyphen and six random characters.
    // https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples.html
    return value + "-??????";
  }
  if (value.rfind("arn:", 0) == 0) {
    // An ARN where a name is expected (ECS Cluster): its last part is the name.
    const std::size_t cut = value.find_last_of("/:");
    return value.substr(cut + 1);
  }
  if (param == "QueueUrl") {
    const std::size_t slash = value.rfind('/');
    return slash == std::string::npos ? value : value.substr(slash + 1);
  }
  return value;
}

// "$$.StateMachine.Id" or {% $states.context.StateMachine.Id %}: the state machine's own ARN.
// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html
bool names_own_state_machine(const asl::Field& f) {
  if (!f.is_dynamic() || !f.value.is_string()) return false;
  std::string text;
  for (char c : f.value.text) {
    if (c != ' ') text.push_back(c);
  }
  return text == "$$.StateMachine.Id" || text == "{%$states.context.StateMachine.Id%}";
}

// A static ARN value of the payload that is a resource of `format` (TopicArn, StateMachineArn).
std::optional<std::string> whole_arn(std::string_view format, const asl::State& state,
                                     const std::vector<std::string>& keys, const ResolveContext& ctx) {
  std::string pattern = fill(format, {{"Partition", ctx.partition}});
  for (const std::string& k : keys) {
    auto f = parameter(state, k);
    if (!f) continue;
    const std::string* v = f->static_string();
    if (v == nullptr && names_own_state_machine(*f) && !ctx.state_machine_arn.empty()) v = &ctx.state_machine_arn;
    if (v == nullptr) continue;
    std::string candidate = *v;
    if (k == "QueueUrl") {
      ResolveResult r = sqs_queue_from_url(*v);
      if (!r.target) continue;
      candidate = r.target->arn;
    }
    if (candidate.rfind("arn:", 0) != 0) continue;
    const ArnResult parsed = parse_arn(candidate);
    if (!parsed || parsed->has_wildcard()) continue;
    if (resource_matches(pattern, candidate)) return candidate;
  }
  return std::nullopt;
}

// The resource types the payload names best: those whose every variable it names, else those
// with the most named. The other types of the action share a variable by chance (a table's
// index has the table's name; an access point's object has the object's key).
std::vector<SdkResource> best_named(std::vector<SdkResource> candidates) {
  const bool any_complete = std::any_of(candidates.begin(), candidates.end(),
                                        [](const SdkResource& r) { return r.named == r.variables; });
  std::size_t most = 0;
  for (const SdkResource& r : candidates) most = std::max(most, r.named);
  std::vector<SdkResource> out;
  for (SdkResource& r : candidates) {
    if (any_complete ? r.named == r.variables : r.named == most) out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

std::string sdk_iam_action(const IntegrationTable& table, const IntegrationMatch& m) {
  // aws-sdk:SERVICE:ACTION -> PREFIX:Action; IAM action names are case-insensitive, written
  // here with the API's capitalisation. https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html
  const std::string key = m.sdk_service + ":" + m.sdk_action;
  if (auto it = table.sdk_action_exceptions.find(key); it != table.sdk_action_exceptions.end()) return it->second;
  std::string prefix = m.sdk_service;
  if (auto it = table.sdk_service_prefixes.find(prefix); it != table.sdk_service_prefixes.end()) prefix = it->second;
  std::string action = m.sdk_action;
  if (!action.empty()) action[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(action[0])));
  return prefix + ":" + action;
}

namespace {

// The action's own key for the account that owns the resource ("s3:ResourceAccount"), when
// every pattern is an ARN without an account field: an S3 bucket's ARN names no account, so
// "every bucket" would otherwise be every bucket of every account. The key must be one the
// catalogue lists for the action (rules/iam-data.tsv). s3:ResourceAccount limits requests to
// buckets owned by the given accounts, in every partition
// (https://aws.amazon.com/about-aws/whats-new/2020/12/new-iam-condition-keys-amazon-s3-limit-requests-buckets-owned-specific-aws-accounts-specific-tls-versions/).
std::string owner_key(const iamdata::Action& action, const std::vector<SdkResource>& patterns) {
  if (patterns.empty() || action.service == nullptr) return {};
  for (const SdkResource& r : patterns) {
    const ArnResult parsed = parse_arn(r.arn);
    if (!parsed || !parsed->account.empty()) return {};
  }
  const std::string key = std::string(action.service->prefix) + ":ResourceAccount";
  for (std::string_view k : action.condition_keys) {
    if (ci_equals(k, key)) return std::string(k);
  }
  return {};
}

}  // namespace

std::vector<SdkAction> sdk_actions(const IntegrationTable& table, const IntegrationMatch& match,
                                   const asl::State& state, const ResolveContext& ctx) {
  const iamdata::Catalog& catalog = iamdata::Catalog::builtin();
  std::vector<SdkAction> out;
  // An exception may name several actions, comma-separated (DynamoDB's TransactWriteItems).
  const std::string mapped = sdk_iam_action(table, match);
  std::vector<std::string> names;
  for (std::size_t start = 0; start <= mapped.size();) {
    const std::size_t comma = mapped.find(',', start);
    names.push_back(mapped.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  const std::string sdk_name = match.sdk_service + ":" + match.sdk_action;
  const std::vector<std::string> keys = payload_keys(state);
  for (const std::string& name : names) {
    SdkAction a;
    a.action = name;
    const iamdata::Action* action = catalog.action(name);
    if (action == nullptr) {
      out.push_back(std::move(a));
      continue;
    }
    a.known = true;
    a.action = action->full_name();
    if (action->wildcard_only()) {
      a.no_resource_types = true;
      out.push_back(std::move(a));
      continue;
    }
    const std::string service(action->service->prefix);
    const SourceRule* source = nullptr;
    for (const SourceRule& r : kSourceRules) {
      if (r.sdk == sdk_name && ci_equals(r.action, a.action)) source = &r;
    }
    std::vector<SdkResource> named;    // a static part is named
    std::vector<SdkResource> runtime;  // only run-time parts are named
    // The required types, when nothing is named. Optional types alone may be alternatives (an
    // object or an access point's object) or extras a call need not name (TranslateText's
    // terminology); a call naming none of them is authorised against "*".
    std::vector<std::string> unnamed;
    for (const iamdata::ActionResource& ar : action->resources) {
      for (std::string_view format : ar.type->arn_formats) {
        if (auto whole = whole_arn(format, state, keys, ctx); whole && source == nullptr) {
          named.push_back(SdkResource{*whole, false, 1, 1, std::nullopt});
          continue;
        }
        const std::vector<std::string> vars = variables_of(format);
        std::map<std::string, std::string> values{
            {"Partition", ctx.partition}, {"Region", ctx.region}, {"Account", ctx.account}};
        std::size_t name_vars = 0;
        for (const std::string& v : vars) name_vars += !is_context_variable(v) && ends_with(v, "Name") ? 1U : 0U;
        bool any_static = false;
        bool any_dynamic = false;
        std::size_t matched = 0;
        std::size_t total = 0;
        std::optional<asl::Field> first_dynamic;
        std::size_t seen_names = 0;
        // A variable chosen wholly at run time before any static one (the bucket of
        // "arn:aws:s3:::${BucketName}/${ObjectName}" when only the key is known) leaves the
        // resource any resource of its type: the any-resource contract (G009) decides, as for a
        // resource named by nothing static. After a static one ("reports/*") it narrows within it.
        bool seen_static = false;
        bool leading_dynamic = false;  // also a variable nothing names, before any static one
        for (const std::string& v : vars) {
          if (is_context_variable(v)) continue;
          ++total;
          const bool is_name = ends_with(v, "Name");
          seen_names += is_name ? 1U : 0U;
          std::string param = parameter_for(service, v, keys, is_name && seen_names == name_vars);
          if (source != nullptr && v == "BucketName") param = std::string(source->parameter);
          if (source != nullptr && v == "ObjectName") continue;  // CopySource named it with the bucket
          if (param.empty()) {
            // Nested keys of the variable's own name (TransactItems[*].Put.TableName).
            if (state.payload && !state.payload->is_expression()) {
              std::vector<const json::Node*> found;
              nested_values(state.payload->node, v, found);
              if (!found.empty()) {
                values[v] = found.front()->text;
                any_static = true;
                seen_static = true;
                ++matched;
                for (std::size_t i = 1; i < found.size(); ++i) {
                  std::map<std::string, std::string> other = values;
                  other[v] = found[i]->text;
                  named.push_back(SdkResource{fill(format, other), false, 1, 1, std::nullopt});
                }
              } else if (!seen_static) {
                leading_dynamic = true;
              }
            } else if (!seen_static) {
              leading_dynamic = true;
            }
            continue;
          }
          auto f = parameter(state, param);
          if (!f) continue;
          // A run-time value with static parts ("States.Format('runs/{}', $.id)") names the
          // resources matching them.
          const std::optional<std::string> pattern = f->run_time_pattern();
          if (pattern) any_dynamic = true;
          // A variable wholly chosen at run time.
          const auto chosen_at_run_time = [&] {
            any_dynamic = true;
            ++matched;
            if (!first_dynamic) first_dynamic = f;
            if (!seen_static) leading_dynamic = true;
          };
          if (const std::string* s = pattern ? &*pattern : f->static_string()) {
            std::string value = variable_value(service, param, v, *s);
            if (const IdPrefix* p = id_prefix(service, v)) {
              if (value.rfind(p->prefix, 0) != 0) continue;  // another type's id
              value.erase(0, p->prefix.size());
            }
            if (source != nullptr && param == source->parameter) {
              // "bucket/key": both variables at once.
              const std::size_t slash = value.find('/');
              if (is_all_stars(value.substr(0, slash))) {
                // States.Format('{}/{}', $.bucket, $.key): the bucket is chosen at run time.
                chosen_at_run_time();
                continue;
              }
              values["BucketName"] = value.substr(0, slash);
              values["ObjectName"] = slash == std::string::npos ? std::string("*") : value.substr(slash + 1);
              any_static = true;
              seen_static = true;
              matched += 2;
              continue;
            }
            values[v] = std::move(value);
            any_static = true;
            seen_static = true;
            ++matched;
          } else if (f->is_dynamic()) {
            chosen_at_run_time();
          }
        }
        if (any_static && !leading_dynamic) {
          named.push_back(SdkResource{fill(format, values), any_dynamic, matched, total, std::nullopt});
        } else if (any_dynamic && first_dynamic) {
          runtime.push_back(SdkResource{fill(format, values), true, matched, total, first_dynamic});
        } else if (ar.required) {
          unnamed.push_back(fill(format, values));
        }
      }
    }
    if (!named.empty()) {
      a.resources = best_named(std::move(named));
      a.dynamic.reset();
    } else if (!runtime.empty()) {
      a.any_resources = best_named(std::move(runtime));
      a.dynamic = a.any_resources.front().field;
      a.owner_key = owner_key(*action, a.any_resources);
    } else {
      a.dynamic.reset();
      // Nothing names the resource: every resource of its required types in the target account
      // and Region.
      std::sort(unnamed.begin(), unnamed.end());
      unnamed.erase(std::unique(unnamed.begin(), unnamed.end()), unnamed.end());
      a.unnamed_patterns = std::move(unnamed);
      // One optional type only (translate:TranslateText's terminology): a call that names none is
      // authorised against "*".
      a.optional_only = action->resources.size() == 1 && !action->resources.front().required;
      if (a.optional_only) a.unnamed_patterns.clear();
      // A list of resources chosen at run time (CreateTags' Resources.$) names them after all.
      for (const std::string& k : keys) {
        const bool lists = std::any_of(std::begin(kResourceListSuffixes), std::end(kResourceListSuffixes),
                                       [&](std::string_view suffix) { return ends_with(k, suffix); });
        auto f = lists ? parameter(state, k) : std::nullopt;
        if (!f || !f->is_dynamic()) continue;
        if (a.unnamed_patterns.empty()) {
          a.any_resources.push_back(SdkResource{"*", true, 0, 0, f});
        } else {
          for (const std::string& p : a.unnamed_patterns) a.any_resources.push_back(SdkResource{p, true, 0, 0, f});
        }
        a.dynamic = f;
        a.unnamed_patterns.clear();
        a.optional_only = false;
        break;
      }
    }
    std::sort(a.resources.begin(), a.resources.end(),
              [](const SdkResource& x, const SdkResource& y) { return x.arn < y.arn; });
    a.resources.erase(std::unique(a.resources.begin(), a.resources.end(),
                                  [](const SdkResource& x, const SdkResource& y) { return x.arn == y.arn; }),
                      a.resources.end());
    out.push_back(std::move(a));
  }
  return out;
}

std::vector<PassedRole> passed_roles(const asl::State& state, std::string_view iam_service) {
  std::vector<PassedRole> out;
  if (!state.payload || state.payload->is_expression()) return out;
  // iam:PassedToService takes the service principal the role is passed to.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PassedToService
  std::string principal = std::string(iam_service) + ".amazonaws.com";
  if (iam_service == "ecs") principal = "ecs-tasks.amazonaws.com";
  const asl::QueryLanguage language = state.payload->language;
  // Keys that pass a role: RoleArn, ExecutionRoleArn, ServiceRoleArn, TaskRoleArn, ... at any
  // depth (EventBridge Scheduler's Target.RoleArn).
  struct Walker {
    std::vector<PassedRole>& out;
    const std::string& principal;
    asl::QueryLanguage language;
    void walk(const json::Node& node) {
      if (node.is_array()) {
        for (const json::Node& item : node.items) walk(item);
        return;
      }
      if (!node.is_object()) return;
      for (const json::Member& m : node.members) {
        std::string key = m.key;
        const bool path = ends_with(key, ".$") && language == asl::QueryLanguage::JsonPath;
        if (ends_with(key, ".$")) key.resize(key.size() - 2);
        if (ends_with(key, "RoleArn") && m.value.is_string()) {
          PassedRole r;
          r.key = m.key;
          r.span = m.value.span;
          r.service = principal;
          const bool jsonata = language == asl::QueryLanguage::Jsonata && asl::is_jsonata_expression(m.value.text);
          if (path || jsonata) {
            r.dynamic_value = m.value.text;
          } else {
            r.arn = m.value.text;
          }
          out.push_back(std::move(r));
          continue;
        }
        walk(m.value);
      }
    }
  };
  Walker{out, principal, language}.walk(state.payload->node);
  return out;
}

}  // namespace iamsmith::sfn
