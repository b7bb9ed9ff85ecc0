// An evaluation as JSON, for `simulate --format json` and `verify`.

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "iamsmith/evaluate.hpp"

namespace iamsmith::eval {
namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

void put_string(JsonWriter& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

void put(JsonWriter& w, std::string_view key, std::string_view value) {
  put_string(w, key);
  put_string(w, value);
}

void put_bool(JsonWriter& w, std::string_view key, bool value) {
  put_string(w, key);
  w.Bool(value);
}

void put_span(JsonWriter& w, const SourceSpan& span) {
  put_string(w, "line");
  w.Uint(span.line);
  put_string(w, "column");
  w.Uint(span.column);
  put(w, "pointer", span.pointer);
}

void put_strings(JsonWriter& w, std::string_view key, const std::vector<std::string>& values) {
  put_string(w, key);
  w.StartArray();
  for (const std::string& v : values) put_string(w, v);
  w.EndArray();
}

}  // namespace

std::string evaluation_to_json(const Evaluation& evaluation, std::span<const PolicyInput> policies) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  put(w, "decision", decision_name(evaluation.decision));
  put(w, "summary", evaluation.summary);
  put_bool(w, "cross_account", evaluation.cross_account);
  put(w, "principal_account", evaluation.principal_account);
  put(w, "resource_account", evaluation.resource_account);
  put_bool(w, "identity_allows", evaluation.identity_allows);
  put_bool(w, "resource_allows", evaluation.resource_allows);
  put_bool(w, "resource_allows_account_only", evaluation.resource_allows_account_only);
  put_string(w, "deciding");
  w.StartArray();
  for (std::size_t index : evaluation.deciding) w.Uint64(index);
  w.EndArray();
  put_string(w, "statements");
  w.StartArray();
  for (const StatementTrace& st : evaluation.statements) {
    w.StartObject();
    const PolicyInput* input = st.policy_index < policies.size() ? &policies[st.policy_index] : nullptr;
    put(w, "file", input != nullptr ? std::string_view(input->file) : std::string_view());
    put(w, "side", input != nullptr ? policy_side_name(input->side) : std::string_view());
    put_string(w, "statement_index");
    w.Uint64(st.statement_index);
    put(w, "sid", st.sid);
    put(w, "effect", st.is_allow ? "Allow" : "Deny");
    put_bool(w, "applies", st.applies);
    put(w, "reason", miss_reason_name(st.reason));
    put(w, "explanation", st.explanation);
    put_span(w, st.span);
    put_string(w, "conditions");
    w.StartArray();
    for (const ConditionTrace& c : st.conditions) {
      w.StartObject();
      put(w, "operator", c.op);
      put(w, "key", c.key);
      put_strings(w, "policy_values", c.policy_values);
      put_string(w, "request_values");
      if (c.request_values == nullptr) {
        w.Null();
      } else {
        w.StartArray();
        for (const std::string& v : *c.request_values) put_string(w, v);
        w.EndArray();
      }
      put_bool(w, "satisfied", c.satisfied);
      put(w, "explanation", c.explanation);
      put_span(w, c.span);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

}  // namespace iamsmith::eval
