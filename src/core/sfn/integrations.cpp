// The integration table: rules/integrations.json (compiled in) and --integrations files.

#include <stdexcept>
#include <string>
#include <utility>

#include "catalogue.hpp"
#include "iamsmith/arn.hpp"
#include "iamsmith/sfn.hpp"
#include "iamsmith/suggest.hpp"

namespace iamsmith::detail {
// Defined in the source that the build generates from rules/ (cmake/embed.cmake).
std::string_view embedded_file(std::string_view name);
}  // namespace iamsmith::detail

namespace iamsmith::sfn {

namespace {

constexpr std::string_view kDataFile = "integrations.json";
constexpr std::string_view kStatesPrefix = "arn:${Partition}:states:::";
constexpr std::string_view kSdkPrefix = "aws-sdk:";

struct KindName {
  TargetKind kind;
  std::string_view name;
};
constexpr KindName kKindNames[] = {
    {TargetKind::None, "none"},
    {TargetKind::LambdaFunction, "lambda-function"},
    {TargetKind::SqsQueue, "sqs-queue"},
    {TargetKind::SnsTopic, "sns-topic"},
    {TargetKind::DynamoDbTable, "dynamodb-table"},
    {TargetKind::EcsTaskDefinition, "ecs-task-definition"},
    {TargetKind::StateMachine, "state-machine"},
    {TargetKind::EventBus, "event-bus"},
    {TargetKind::CodeBuildProject, "codebuild-project"},
    {TargetKind::AthenaWorkGroup, "athena-workgroup"},
    {TargetKind::BedrockModel, "bedrock-model"},
    {TargetKind::ExecuteApi, "execute-api"},
    {TargetKind::HttpConnection, "http-connection"},
    {TargetKind::S3Object, "s3-object"},
    {TargetKind::GlueJob, "glue-job"},
    {TargetKind::BatchJob, "batch-job"},
};

Diagnostic table_diagnostic(std::string message, const SourceSpan& span) {
  return make_finding(rules::kG002InvalidIntegrations, span, std::move(message));
}

// Reads a table; `report` receives each problem (a logic_error for the built-in table).
template <class Report>
void read_table(const json::Node& root, IntegrationTable& table, Report report) {
  if (!root.is_object()) {
    report("the integration table is not a JSON object", root.span);
    return;
  }
  if (const json::Node* source = root.get("source"); source != nullptr && source->is_string()) {
    table.source = source->text;
  }
  for (const char* key : {"sdk_service_prefixes", "sdk_action_exceptions"}) {
    const json::Node* map = root.get(key);
    if (map == nullptr) continue;
    if (!map->is_object()) {
      report(std::string("\"") + key + "\" must be an object of strings", map->span);
      continue;
    }
    auto& target = std::string_view(key) == "sdk_service_prefixes" ? table.sdk_service_prefixes
                                                                    : table.sdk_action_exceptions;
    for (const json::Member& m : map->members) {
      if (!m.value.is_string()) {
        report("\"" + m.key + "\" must map to a string", m.value.span);
        continue;
      }
      target.emplace(m.key, m.value.text);
    }
  }
  const json::Node* rows = root.get("integrations");
  if (rows == nullptr || !rows->is_array()) {
    report("the integration table needs an \"integrations\" array", root.span);
    return;
  }
  std::vector<Integration> read;
  // Rows whose note is another row's ("note_of"): the row read, the id it names, where.
  struct NoteOf {
    std::size_t row;
    std::string id;
    SourceSpan span;
  };
  std::vector<NoteOf> notes_of;
  std::vector<std::pair<std::size_t, SourceSpan>> vars_from_spans;  // rows with "vars_from"
  for (const json::Node& row : rows->items) {
    if (!row.is_object()) {
      report("an integration row must be an object", row.span);
      continue;
    }
    Integration in;
    auto string_of = [&](const char* key, bool required) -> std::string {
      const json::Node* n = row.get(key);
      if (n == nullptr) {
        if (required) report(std::string("the integration row has no \"") + key + "\"", row.span);
        return {};
      }
      if (!n->is_string()) {
        report(std::string("\"") + key + "\" must be a string", n->span);
        return {};
      }
      return n->text;
    };
    auto strings_of = [&](const json::Node& object, const char* key) {
      std::vector<std::string> out;
      const json::Node* n = object.get(key);
      if (n == nullptr) return out;
      if (!n->is_array()) {
        report(std::string("\"") + key + "\" must be an array of strings", n->span);
        return out;
      }
      for (const json::Node& item : n->items) {
        if (item.is_string()) {
          out.push_back(item.text);
        } else {
          report(std::string("\"") + key + "\" must hold strings only", item.span);
        }
      }
      return out;
    };
    in.id = string_of("id", true);
    in.resource = string_of("resource", true);
    in.patterns = strings_of(row, "patterns");
    if (in.patterns.empty()) in.patterns.emplace_back();
    const std::string kind = string_of("target", true);
    if (auto k = target_kind_from_name(kind)) {
      in.target = *k;
    } else if (!kind.empty()) {
      std::vector<std::string> names;
      for (const KindName& kn : kKindNames) names.emplace_back(kn.name);
      std::string message = "unknown target kind \"" + kind + "\"";
      if (auto near = nearest(kind, names)) message += "; did you mean \"" + *near + "\"?";
      const json::Node* target_node = row.get("target");
      report(message, target_node != nullptr ? target_node->span : row.span);
    }
    in.parameter = string_of("parameter", false);
    in.default_value = string_of("default", false);
    if (const json::Node* req = row.get("required"); req != nullptr) in.parameter_required = req->text == "true";
    if (const json::Node* vars = row.get("vars"); vars != nullptr) {
      if (!vars->is_object()) report("\"vars\" must be an object of strings", vars->span);
      for (const json::Member& m : vars->is_object() ? vars->members : std::vector<json::Member>{}) {
        if (m.value.is_string()) {
          in.vars.emplace(m.key, m.value.text);
        } else {
          report("\"vars\" must map to parameter paths (strings)", m.value.span);
        }
      }
    }
    in.vars_from = string_of("vars_from", false);
    if (!in.vars_from.empty() && in.vars.empty()) {
      report("\"vars_from\" needs \"vars\": the parameter paths to read from the other row's Tasks",
             row.get("vars_from")->span);
    }
    in.docs = string_of("docs", true);
    in.note = string_of("note", false);
    const std::string note_of = string_of("note_of", false);
    in.outside_iam = string_of("outside_iam", false);
    const json::Node* statements = row.get("statements");
    // Without statements a row must say what authorises the call instead ("outside_iam").
    if (statements == nullptr || !statements->is_array() || (statements->items.empty() && in.outside_iam.empty())) {
      report("the integration row \"" + in.id + "\" needs a non-empty \"statements\" array (or an empty one with "
             "\"outside_iam\": what authorises the call instead of IAM)",
             row.span);
      continue;
    }
    for (const json::Node& st : statements->items) {
      if (!st.is_object()) {
        report("a statement template must be an object", st.span);
        continue;
      }
      StatementTemplate t;
      const json::Node* sid = st.get("sid");
      t.sid = sid != nullptr && sid->is_string() ? sid->text : "";
      t.actions = strings_of(st, "actions");
      t.resources = strings_of(st, "resources");
      t.patterns = strings_of(st, "patterns");
      if (t.sid.empty() || t.actions.empty() || t.resources.empty()) {
        report("a statement template needs \"sid\", \"actions\" and \"resources\"", st.span);
        continue;
      }
      if (const json::Node* opt = st.get("optional"); opt != nullptr) t.optional = opt->text == "true";
      if (const json::Node* conds = st.get("conditions"); conds != nullptr && conds->is_array()) {
        for (const json::Node& c : conds->items) {
          const json::Node* op = c.get("op");
          const json::Node* key = c.get("key");
          const json::Node* value = c.get("value");
          if (op == nullptr || key == nullptr || value == nullptr || !op->is_string() || !key->is_string() ||
              !value->is_string()) {
            report("a condition template needs string \"op\", \"key\" and \"value\"", c.span);
            continue;
          }
          t.conditions.push_back(ConditionTemplate{op->text, key->text, value->text});
        }
      }
      in.statements.push_back(std::move(t));
    }
    if (in.id.empty() || in.resource.empty()) continue;
    if (!note_of.empty()) notes_of.push_back(NoteOf{read.size(), note_of, row.get("note_of")->span});
    if (!in.vars_from.empty()) vars_from_spans.emplace_back(read.size(), row.get("vars_from")->span);
    read.push_back(std::move(in));
  }
  // "note_of": one note shared by rows with the same caveat (EKS's eks:runJob and eks:call),
  // written once; the row named is one of this file's or of the table's.
  for (const NoteOf& n : notes_of) {
    const Integration* source = nullptr;
    for (const std::vector<Integration>* rows_read : {&read, &table.rows}) {
      for (const Integration& r : *rows_read) {
        if (source == nullptr && r.id == n.id && !r.note.empty()) source = &r;
      }
    }
    if (source == nullptr) {
      report("\"note_of\" names \"" + n.id + "\", which is no row with a note", n.span);
    } else if (!read[n.row].note.empty()) {
      report("a row has either \"note\" or \"note_of\", not both", n.span);
    } else {
      read[n.row].note = source->note;
    }
  }
  // "vars_from" names a row of this file or of the table.
  for (const auto& [index, span] : vars_from_spans) {
    bool known = false;
    for (const std::vector<Integration>* rows_read : {&read, &table.rows}) {
      for (const Integration& other : *rows_read) known = known || other.id == read[index].vars_from;
    }
    if (!known) report("\"vars_from\" names \"" + read[index].vars_from + "\", which is no integration row", span);
  }
  // Rows read later take precedence over the table's earlier rows.
  read.insert(read.end(), std::make_move_iterator(table.rows.begin()), std::make_move_iterator(table.rows.end()));
  table.rows = std::move(read);
}

IntegrationTable load_builtin() {
  const std::string_view text = detail::embedded_file(kDataFile);
  if (text.empty()) throw std::logic_error("embedded rules/integrations.json is missing");
  const json::Document doc = json::parse(std::string(text));
  if (doc.error) throw std::logic_error("embedded rules/integrations.json is broken: " + doc.error->message);
  IntegrationTable table;
  read_table(*doc.root, table, [](const std::string& message, const SourceSpan& span) {
    throw std::logic_error("embedded rules/integrations.json is broken at " + span.pointer + ": " + message);
  });
  return table;
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && text.substr(0, prefix.size()) == prefix;
}

}  // namespace

std::string_view target_kind_name(TargetKind kind) {
  for (const KindName& kn : kKindNames) {
    if (kn.kind == kind) return kn.name;
  }
  return "none";
}

std::optional<TargetKind> target_kind_from_name(std::string_view name) {
  for (const KindName& kn : kKindNames) {
    if (kn.name == name) return kn.kind;
  }
  return std::nullopt;
}

const IntegrationTable& builtin_integrations() {
  static const IntegrationTable kTable = load_builtin();
  return kTable;
}

void extend_integrations(IntegrationTable& table, const json::Node& root, std::size_t input,
                         std::vector<Finding>& findings) {
  read_table(root, table, [&](const std::string& message, const SourceSpan& span) {
    findings.push_back(Finding{input, table_diagnostic(message, span)});
  });
}

std::optional<IntegrationMatch> match_integration(const IntegrationTable& table, std::string_view resource) {
  const ArnResult parsed = parse_arn(resource);
  if (!parsed) return std::nullopt;
  const Arn& arn = parsed.value();
  IntegrationMatch match;
  match.partition = arn.partition;

  // A Lambda function ARN as the Resource: the legacy form of invoking a function.
  // https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html
  if (arn.service == "lambda") {
    if (arn.resource_type() != "function") return std::nullopt;
    for (const Integration& row : table.rows) {
      if (row.target == TargetKind::LambdaFunction && starts_with(row.resource, "arn:${Partition}:lambda:")) {
        match.row = &row;
        return match;
      }
    }
    return std::nullopt;
  }
  // AWS documents the integration ARNs without Region and account (arn:aws:states:::SERVICE:API,
  // https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html); its own
  // samples also write them with both (arn:aws:states:us-east-1:ACCOUNT:aws-sdk:s3:getObject),
  // and Step Functions runs those, so the regional form calls the same integration.
  if (arn.service != "states") return std::nullopt;
  // "service:api" then an optional pattern suffix (.sync, .sync:2, .waitForTaskToken).
  std::string call = arn.resource;
  std::string pattern;
  for (std::string_view suffix : {".waitForTaskToken", ".sync:2", ".sync"}) {
    if (call.size() > suffix.size() && call.compare(call.size() - suffix.size(), suffix.size(), suffix) == 0) {
      pattern = std::string(suffix);
      call.resize(call.size() - suffix.size());
      break;
    }
  }
  match.pattern = pattern;
  // Exact rows first (aws-sdk:sfn:startSyncExecution is one), then the generic aws-sdk row.
  for (const Integration& row : table.rows) {
    if (!starts_with(row.resource, kStatesPrefix)) continue;
    const std::string_view row_call = std::string_view(row.resource).substr(kStatesPrefix.size());
    if (row_call == call) {
      match.row = &row;
      return match;
    }
  }
  if (starts_with(call, kSdkPrefix)) {
    const std::string rest = call.substr(kSdkPrefix.size());
    const std::size_t colon = rest.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 >= rest.size()) return std::nullopt;
    for (const Integration& row : table.rows) {
      if (row.resource == "arn:${Partition}:states:::aws-sdk:${Service}:${Action}") {
        match.row = &row;
        match.sdk_service = rest.substr(0, colon);
        match.sdk_action = rest.substr(colon + 1);
        return match;
      }
    }
  }
  return std::nullopt;
}

}  // namespace iamsmith::sfn
