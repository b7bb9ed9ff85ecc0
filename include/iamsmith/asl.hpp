#pragma once
// The Amazon States Language model: every state of a state machine definition, however deeply
// nested, with the parts that decide which AWS calls it makes and with whose credentials.
// Grammar: https://states-language.net/spec.html and
// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-amazon-states-language.html
//
// Every element keeps the span it was read from, so that the generator and the lint rules can
// point at the exact character.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iamsmith/json.hpp"
#include "iamsmith/source.hpp"

namespace iamsmith::asl {

// "QueryLanguage" at the top of the definition or on a state; a state inherits the top-level
// value. https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
enum class QueryLanguage { JsonPath, Jsonata };
[[nodiscard]] std::string_view query_language_name(QueryLanguage language);  // "JSONPath", "JSONata"

enum class StateType { Task, Pass, Choice, Wait, Succeed, Fail, Parallel, Map, Unknown };
[[nodiscard]] std::string_view state_type_name(StateType type);  // "Task", ...

// How a value is given. In JSONPath states a key ending in ".$" holds a path (or an intrinsic
// function) evaluated at run time; in JSONata states a string "{% ... %}" is an expression.
enum class ValueForm { Static, JsonPath, Jsonata };

// A JSONata expression: the whole string starts with "{%" and ends with "%}".
[[nodiscard]] bool is_jsonata_expression(std::string_view text);

// One field of a payload or of Credentials, looked up by its plain name.
struct Field {
  std::string name;    // "FunctionName"
  std::string key;     // as written: "FunctionName" or "FunctionName.$"
  ValueForm form = ValueForm::Static;
  json::Node value;    // the literal, the path or the expression
  SourceSpan key_span;

  [[nodiscard]] bool is_dynamic() const { return form != ValueForm::Static; }
  // The value when it is a static string; nullptr otherwise.
  [[nodiscard]] const std::string* static_string() const;
  // For a run-time value with static parts, every value it can take as an IAM pattern: the
  // static parts kept, '*' for each part chosen at run time. A JSONPath
  // "States.Format('runs/{}.json', $.id)" gives "runs/*.json"; a JSONata concatenation
  // "{% 'runs/' & $id & '.json' %}" the same. nullopt when nothing static is known.
  [[nodiscard]] std::optional<std::string> run_time_pattern() const;
};

// "Parameters" (JSONPath) or "Arguments" (JSONata) of a state, an ItemReader or a ResultWriter.
struct Payload {
  std::string key;  // "Parameters" or "Arguments", as found
  QueryLanguage language = QueryLanguage::JsonPath;
  json::Node node;  // usually an object; in JSONata possibly one expression string
  SourceSpan key_span;

  // True when the whole payload is one JSONata expression: every field is then dynamic.
  [[nodiscard]] bool is_expression() const;
  // The field at a dotted path ("FunctionName", "Authentication.ConnectionArn"). When the path
  // runs through a dynamic value (an expression, or "Input.$"), that dynamic value is returned,
  // named after the requested path. nullopt when the field is absent.
  [[nodiscard]] std::optional<Field> field(std::string_view path) const;
  // Every value of an array field's items at `item_path` ("Entries" + "EventBusName"); a
  // dynamic array yields one dynamic field. Items without the field are skipped.
  [[nodiscard]] std::vector<Field> array_fields(std::string_view array, std::string_view item_path) const;
};

// A Task's "Credentials": the role Step Functions assumes before calling the Resource.
// https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html#task-state-fields
struct Credentials {
  SourceSpan key_span;
  SourceSpan span;
  std::optional<Field> role_arn;  // "RoleArn" or "RoleArn.$"; absent when missing or not a string
};

// A call that is not a Task state: a Distributed Map's ItemReader or ResultWriter.
struct Invocation {
  std::string what;  // "ItemReader" or "ResultWriter"
  std::string resource;
  SourceSpan resource_span;
  std::optional<Payload> payload;
  SourceSpan span;
};

inline constexpr std::size_t kNoParent = static_cast<std::size_t>(-1);

struct State {
  std::string name;
  SourceSpan name_span;  // the state's key in its "States" object
  SourceSpan span;       // the state's object
  StateType type = StateType::Unknown;
  std::string type_text;  // as written
  QueryLanguage query_language = QueryLanguage::JsonPath;  // effective (inherited or own)
  std::size_t parent = kNoParent;  // index of the enclosing Parallel or Map in Definition::states
  std::string scope;  // where inside the parent: "Branches/1", "ItemProcessor", "Iterator"; "" at top

  std::optional<std::string> resource;  // Task: "Resource"
  SourceSpan resource_span;
  std::optional<Payload> payload;  // Parameters or Arguments
  std::optional<Credentials> credentials;  // on any state (only Task may have one)

  // Map only.
  bool distributed = false;  // ItemProcessor.ProcessorConfig.Mode == "DISTRIBUTED"
  std::optional<Invocation> item_reader;
  std::optional<Invocation> result_writer;
};

enum class ProblemKind {
  NotAnObject,           // the definition, a state, Credentials or a branch is not an object
  MissingStates,         // no "States" object
  MissingType,           // a state without "Type"
  UnknownType,           // a "Type" that is not a state type
  BadQueryLanguage,      // neither "JSONPath" nor "JSONata"
  CredentialsNotAnObject,  // "Credentials" is not an object
  CredentialsOnNonTask,  // Credentials belong to Task states only
  CredentialsEmpty,      // "Credentials": {}
  CredentialsUnknownKey,  // a key other than RoleArn / RoleArn.$
  CredentialsNoRole,     // no RoleArn
  RoleArnNotString,      // RoleArn is not a string
  MissingResource,       // a Task without a string "Resource"
  MixedPayload,          // Parameters in a JSONata state or Arguments in a JSONPath one
};

// Whether a problem is a misuse of Credentials (reported as S008 invalid-credentials by both
// the generator and lint).
[[nodiscard]] bool is_credentials_problem(ProblemKind kind);

struct Problem {
  ProblemKind kind;
  std::string message;  // states the fact and names the state
  SourceSpan span;
};

struct Definition {
  QueryLanguage query_language = QueryLanguage::JsonPath;  // top level
  std::vector<State> states;  // every state, depth first, in source order
  std::vector<Problem> problems;

  // "Fan out > Branches/1 > Invoke": where a state sits, for messages.
  [[nodiscard]] std::string state_path(std::size_t index) const;
};

// Reads a definition from its JSON tree. Never fails: what is wrong is in `problems`.
[[nodiscard]] Definition build_definition(const json::Node& root);

}  // namespace iamsmith::asl
