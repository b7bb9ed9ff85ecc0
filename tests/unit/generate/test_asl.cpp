#include <doctest/doctest.h>

#include <string>

#include "generate_test_support.hpp"
#include "iamsmith/asl.hpp"

namespace {

using iamsmith::asl::Definition;
using iamsmith::asl::ProblemKind;
using iamsmith::asl::QueryLanguage;
using iamsmith::asl::StateType;
using iamsmith::asl::ValueForm;
using iamsmith::test::definition_of;

const iamsmith::asl::State* state(const Definition& d, const std::string& name) {
  for (const auto& s : d.states) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

bool has_problem(const Definition& d, ProblemKind kind) {
  for (const auto& p : d.problems) {
    if (p.kind == kind) return true;
  }
  return false;
}

constexpr const char* kNested = R"({
  "StartAt": "P",
  "States": {
    "P": {"Type": "Parallel", "Next": "M", "Branches": [
      {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "f"}, "End": true}}},
      {"StartAt": "Inner", "States": {"Inner": {"Type": "Map", "End": true,
        "Iterator": {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}}}}
    ]},
    "M": {"Type": "Map", "End": true,
      "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket": "in", "Key": "k.json"}},
      "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out", "Prefix": "r"}},
      "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "C",
        "States": {"C": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "End": true,
          "Parameters": {"QueueUrl.$": "$.queue"}}}}}
  }
})";

TEST_CASE("asl: every state is found, however nested, with its parent and scope") {
  const Definition d = definition_of(kNested);
  CHECK(d.problems.empty());
  REQUIRE(d.states.size() == 6);
  CHECK(d.states[0].name == "P");
  CHECK(d.states[1].name == "A");
  CHECK(d.states[1].scope == "Branches/0");
  CHECK(d.states[d.states[1].parent].name == "P");
  const auto* b = state(d, "B");
  REQUIRE(b != nullptr);
  CHECK(b->scope == "Iterator");
  CHECK(d.states[b->parent].name == "Inner");
  CHECK(d.state_path(static_cast<std::size_t>(b - d.states.data())) == "P > Branches/1 > Inner > Iterator > B");
  const auto* m = state(d, "M");
  REQUIRE(m != nullptr);
  CHECK(m->type == StateType::Map);
  CHECK(m->distributed);
  REQUIRE(m->item_reader.has_value());
  CHECK(m->item_reader->resource == "arn:aws:states:::s3:getObject");
  REQUIRE(m->result_writer.has_value());
  CHECK(m->result_writer->payload->field("Prefix")->value.text == "r");
  const auto* c = state(d, "C");
  REQUIRE(c != nullptr);
  CHECK(c->scope == "ItemProcessor");
  CHECK(c->span.pointer == "/States/M/ItemProcessor/States/C");
}

TEST_CASE("asl: states carry positions of their name, Resource and fields") {
  const Definition d = definition_of(kNested);
  const auto* a = state(d, "A");
  REQUIRE(a != nullptr);
  CHECK(a->name_span.line == 5);
  CHECK(a->resource_span.pointer == "/States/P/Branches/0/States/A/Resource");
  const auto f = a->payload->field("FunctionName");
  REQUIRE(f.has_value());
  CHECK(f->form == ValueForm::Static);
  CHECK(f->value.span.pointer == "/States/P/Branches/0/States/A/Parameters/FunctionName");
  CHECK(f->value.span.line == 6);
}

TEST_CASE("asl: JSONPath fields: static, .$ paths and nested objects") {
  const Definition d = definition_of(iamsmith::test::one_task(
      "arn:aws:states:::http:invoke",
      R"({"ApiEndpoint.$": "$.url", "Authentication": {"ConnectionArn": "arn:aws:events:us-east-1:1:connection/c/x"}})"));
  const auto& p = *d.states.front().payload;
  CHECK(p.key == "Parameters");
  const auto endpoint = p.field("ApiEndpoint");
  REQUIRE(endpoint.has_value());
  CHECK(endpoint->form == ValueForm::JsonPath);
  CHECK(endpoint->key == "ApiEndpoint.$");
  CHECK(endpoint->value.text == "$.url");
  const auto conn = p.field("Authentication.ConnectionArn");
  REQUIRE(conn.has_value());
  CHECK(conn->form == ValueForm::Static);
  CHECK(conn->static_string() != nullptr);
  CHECK_FALSE(p.field("Missing").has_value());
  CHECK_FALSE(p.field("Authentication.Missing").has_value());
}

TEST_CASE("asl: a dynamic object on the way makes the nested field dynamic") {
  const Definition d = definition_of(
      iamsmith::test::one_task("arn:aws:states:::http:invoke", R"({"Authentication.$": "$.auth"})"));
  const auto f = d.states.front().payload->field("Authentication.ConnectionArn");
  REQUIRE(f.has_value());
  CHECK(f->is_dynamic());
  CHECK(f->name == "Authentication.ConnectionArn");
}

TEST_CASE("asl: QueryLanguage is inherited from the top level and overridden per state") {
  const Definition d = definition_of(R"({"QueryLanguage": "JSONata", "StartAt": "A", "States": {
    "A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": {"FunctionName": "{% $states.input.fn %}"}, "Next": "B"},
    "B": {"Type": "Task", "QueryLanguage": "JSONPath", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"}, "End": true}}})");
  CHECK(d.query_language == QueryLanguage::Jsonata);
  const auto* a = state(d, "A");
  const auto* b = state(d, "B");
  REQUIRE((a != nullptr && b != nullptr));
  CHECK(a->query_language == QueryLanguage::Jsonata);
  CHECK(a->payload->field("FunctionName")->form == ValueForm::Jsonata);
  CHECK(b->query_language == QueryLanguage::JsonPath);
  CHECK(b->payload->field("FunctionName")->form == ValueForm::Static);
}

TEST_CASE("asl: JSONata Arguments given as one expression make every field dynamic") {
  const Definition d = definition_of(iamsmith::test::one_task("arn:aws:states:::lambda:invoke",
                                                               R"("{% $states.input %}")",
                                                               R"({"RoleArn": "{% $states.input.role %}"})", "JSONata"));
  const auto& s = d.states.front();
  CHECK(s.payload->is_expression());
  CHECK(s.payload->field("FunctionName")->is_dynamic());
  REQUIRE(s.credentials->role_arn.has_value());
  CHECK(s.credentials->role_arn->form == ValueForm::Jsonata);
}

TEST_CASE("asl: is_jsonata_expression needs both delimiters") {
  CHECK(iamsmith::asl::is_jsonata_expression("{% $x %}"));
  CHECK_FALSE(iamsmith::asl::is_jsonata_expression("{% $x"));
  CHECK_FALSE(iamsmith::asl::is_jsonata_expression("arn:aws:iam::1:role/x"));
  CHECK_FALSE(iamsmith::asl::is_jsonata_expression("{%}"));
}

TEST_CASE("asl: array fields (events:putEvents Entries)") {
  const Definition d = definition_of(iamsmith::test::one_task(
      "arn:aws:states:::events:putEvents",
      R"({"Entries": [{"EventBusName": "a"}, {"Source": "s"}, {"EventBusName.$": "$.bus"}]})"));
  const auto fields = d.states.front().payload->array_fields("Entries", "EventBusName");
  REQUIRE(fields.size() == 2);
  CHECK(fields[0].value.text == "a");
  CHECK(fields[1].form == ValueForm::JsonPath);
}

TEST_CASE("asl: Credentials problems are reported with their position") {
  SUBCASE("on a non-Task state") {
    const Definition d = definition_of(R"({"StartAt": "P", "States": {"P": {"Type": "Pass",
      "Credentials": {"RoleArn": "arn:aws:iam::111122223333:role/R"}, "End": true}}})");
    REQUIRE(has_problem(d, ProblemKind::CredentialsOnNonTask));
    CHECK(d.problems.front().span.pointer == "/States/P/Credentials");
    CHECK(d.problems.front().message == "state 'P' is a Pass state; only Task states take Credentials (nested Task "
                                        "states may carry their own)");
  }
  SUBCASE("empty") {
    const Definition d = definition_of(iamsmith::test::one_task("arn:aws:states:::lambda:invoke", "{}", "{}"));
    CHECK(has_problem(d, ProblemKind::CredentialsEmpty));
  }
  SUBCASE("unknown key") {
    const Definition d = definition_of(iamsmith::test::one_task(
        "arn:aws:states:::lambda:invoke", "{}", R"({"RoleArn": "arn:aws:iam::1:role/x", "Role": "y"})"));
    REQUIRE(has_problem(d, ProblemKind::CredentialsUnknownKey));
    CHECK(d.problems.front().span.pointer == "/States/Call/Credentials/Role");
    CHECK(d.problems.front().span.line == 1);
  }
  SUBCASE("RoleArn not a string") {
    const Definition d = definition_of(iamsmith::test::one_task("arn:aws:states:::lambda:invoke", "{}", R"({"RoleArn": 42})"));
    CHECK(has_problem(d, ProblemKind::RoleArnNotString));
  }
  SUBCASE("not an object") {
    const Definition d = definition_of(iamsmith::test::one_task("arn:aws:states:::lambda:invoke", "{}", R"("role")"));
    CHECK(has_problem(d, ProblemKind::CredentialsNotAnObject));
  }
}

TEST_CASE("asl: structural problems") {
  CHECK(has_problem(definition_of("[]"), ProblemKind::NotAnObject));
  CHECK(has_problem(definition_of(R"({"StartAt": "A"})"), ProblemKind::MissingStates));
  CHECK(has_problem(definition_of(R"({"States": {"A": {"End": true}}})"), ProblemKind::MissingType));
  CHECK(has_problem(definition_of(R"({"States": {"A": {"Type": "Tsak"}}})"), ProblemKind::UnknownType));
  CHECK(has_problem(definition_of(R"({"QueryLanguage": "XPath", "States": {}})"), ProblemKind::BadQueryLanguage));
  CHECK(has_problem(definition_of(R"({"States": {"A": {"Type": "Task", "End": true}}})"), ProblemKind::MissingResource));
  CHECK(has_problem(definition_of(R"({"States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
    "Arguments": {"FunctionName": "f"}, "End": true}}})"), ProblemKind::MixedPayload));
}

}  // namespace
