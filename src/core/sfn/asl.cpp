#include "iamsmith/asl.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <utility>

#include "iamsmith/text.hpp"

namespace iamsmith::asl {

std::string_view query_language_name(QueryLanguage language) {
  switch (language) {
    case QueryLanguage::JsonPath: return "JSONPath";
    case QueryLanguage::Jsonata: return "JSONata";
  }
  return "JSONPath";
}

std::string_view state_type_name(StateType type) {
  switch (type) {
    case StateType::Task: return "Task";
    case StateType::Pass: return "Pass";
    case StateType::Choice: return "Choice";
    case StateType::Wait: return "Wait";
    case StateType::Succeed: return "Succeed";
    case StateType::Fail: return "Fail";
    case StateType::Parallel: return "Parallel";
    case StateType::Map: return "Map";
    case StateType::Unknown: return "Unknown";
  }
  return "Unknown";
}

bool is_jsonata_expression(std::string_view text) {
  // "{%" ... "%}" around the whole string, as Step Functions reads JSONata values:
  // https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
  return text.size() >= 4 && text.substr(0, 2) == "{%" && text.substr(text.size() - 2) == "%}";
}

bool is_credentials_problem(ProblemKind kind) {
  switch (kind) {
    case ProblemKind::CredentialsNotAnObject:
    case ProblemKind::CredentialsOnNonTask:
    case ProblemKind::CredentialsEmpty:
    case ProblemKind::CredentialsUnknownKey:
    case ProblemKind::CredentialsNoRole:
    case ProblemKind::RoleArnNotString:
      return true;
    case ProblemKind::NotAnObject:
    case ProblemKind::MissingStates:
    case ProblemKind::MissingType:
    case ProblemKind::UnknownType:
    case ProblemKind::BadQueryLanguage:
    case ProblemKind::MissingResource:
    case ProblemKind::MixedPayload:
      return false;
  }
  return false;
}


namespace {

constexpr std::string_view kPathSuffix = ".$";

// Appends a run-time part: one '*' for any run of them.
void append_any(std::string& pattern) {
  if (pattern.empty() || pattern.back() != '*') pattern.push_back('*');
}

// The pattern of "States.Format('template', args...)": the template with '*' for each "{}".
// Escapes \', \{, \} and \\ stand for the character.
// https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#asl-intrsc-func-generic
std::optional<std::string> format_pattern(std::string_view text) {
  constexpr std::string_view kFormat = "States.Format(";
  if (text.substr(0, kFormat.size()) != kFormat || text.empty() || text.back() != ')') return std::nullopt;
  std::size_t i = kFormat.size();
  while (i < text.size() && text[i] == ' ') ++i;
  if (i >= text.size() || text[i] != '\'') return std::nullopt;
  std::string pattern;
  for (++i; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\\' && i + 1 < text.size()) {
      pattern.push_back(text[++i]);
    } else if (c == '\'') {
      break;
    } else if (c == '{' && i + 1 < text.size() && text[i + 1] == '}') {
      append_any(pattern);
      ++i;
    } else if (c == '{' || c == '}') {
      return std::nullopt;
    } else {
      pattern.push_back(c);
    }
  }
  if (i >= text.size()) return std::nullopt;  // the template never closes
  std::string_view rest = text.substr(i + 1);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  if (rest.empty() || (rest.front() != ',' && rest != ")")) return std::nullopt;
  return pattern;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\n')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n')) text.remove_suffix(1);
  return text;
}

// The terms a JSONata expression body concatenates with '&' at its top level, trimmed; one term
// when it has no '&'. nullopt when anything else is at the top level (a condition, a comparison,
// arithmetic, a chain), which may give any value. https://docs.jsonata.org/other-operators#-concatenation
std::optional<std::vector<std::string_view>> top_level_terms(std::string_view body) {
  std::vector<std::string_view> terms;
  std::size_t start = 0;
  int depth = 0;
  for (std::size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (c == '\'' || c == '"') {
      const char quote = c;
      for (++i; i < body.size() && body[i] != quote; ++i) {
        if (body[i] == '\\') ++i;
      }
      if (i >= body.size()) return std::nullopt;
    } else if (c == '(' || c == '[' || c == '{') {
      ++depth;
    } else if (c == ')' || c == ']' || c == '}') {
      --depth;
    } else if (depth == 0 && c == '&') {
      terms.push_back(trim(body.substr(start, i - start)));
      start = i + 1;
    } else if (depth == 0 && std::string_view("?:=<>!+-*/%;|^~").find(c) != std::string_view::npos) {
      return std::nullopt;
    }
  }
  terms.push_back(trim(body.substr(start)));
  for (std::string_view term : terms) {
    if (term.empty()) return std::nullopt;
    for (std::string_view word : {" and ", " or ", " in "}) {
      if (term.find(word) != std::string_view::npos && term.front() != '\'' && term.front() != '"') return std::nullopt;
    }
  }
  return terms;
}

// A JSONata string literal without escapes or inner quotes ('runs/' or "runs/").
bool is_plain_literal(std::string_view term) {
  return term.size() >= 2 && (term.front() == '\'' || term.front() == '"') && term.back() == term.front() &&
         term.substr(1, term.size() - 2).find_first_of("\\'\"") == std::string_view::npos;
}

// The pattern of a JSONata expression that concatenates string literals and other terms with
// '&' ("{% 'runs/' & $id %}" gives "runs/*"); nullopt without a static part.
std::optional<std::string> concatenation_pattern(std::string_view expression) {
  const auto terms = top_level_terms(expression.substr(2, expression.size() - 4));
  if (!terms || terms->size() < 2) return std::nullopt;
  std::string pattern;
  bool any_static = false;
  for (std::string_view term : *terms) {
    if (is_plain_literal(term)) {
      pattern.append(term.substr(1, term.size() - 2));
      any_static = any_static || term.size() > 2;
    } else {
      append_any(pattern);
    }
  }
  if (!any_static) return std::nullopt;
  return pattern;
}

// The text of a JSONata expression that is one string literal ({% 'name' %} or {% "name" %}),
// without escapes; nullopt for anything else. https://docs.jsonata.org/simple
std::optional<std::string> jsonata_string_literal(std::string_view expression) {
  const std::string_view body = trim(expression.substr(2, expression.size() - 4));
  if (body.size() < 2 || (body.front() != '\'' && body.front() != '"') || body.back() != body.front()) return std::nullopt;
  const std::string_view inner = body.substr(1, body.size() - 2);
  if (inner.find(body.front()) != std::string_view::npos || inner.find('\\') != std::string_view::npos) return std::nullopt;
  return std::string(inner);
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// The member `name` of `object` in the language's form: in JSONPath "name" or "name.$" (a path);
// in JSONata "name", dynamic when its value is an expression string.
std::optional<Field> lookup(const json::Node& object, std::string_view name, QueryLanguage language) {
  if (!object.is_object()) return std::nullopt;
  const json::Member* found = nullptr;
  bool path = false;
  for (const json::Member& m : object.members) {
    if (m.key == name) {
      found = &m;
      path = false;
    } else if (ends_with(m.key, kPathSuffix) && m.key.size() == name.size() + kPathSuffix.size() &&
               std::string_view(m.key).substr(0, name.size()) == name) {
      found = &m;
      path = true;
    }
  }
  if (found == nullptr) return std::nullopt;
  Field f;
  f.name = std::string(name);
  f.key = found->key;
  f.value = found->value;
  f.key_span = found->key_span;
  if (path && language == QueryLanguage::JsonPath) {
    f.form = ValueForm::JsonPath;
  } else if (language == QueryLanguage::Jsonata && found->value.is_string() &&
             is_jsonata_expression(found->value.text)) {
    if (auto literal = jsonata_string_literal(found->value.text)) {
      // {% 'etl_job' %} is a constant: the field is static, its value the literal's.
      f.value.text = std::move(*literal);
    } else {
      f.form = ValueForm::Jsonata;
    }
  } else if (path) {
    // "Key.$" in a JSONata state is not a path there; keep it static, the linter reports it.
    f.form = ValueForm::Static;
  }
  return f;
}

Field dynamic_whole(const json::Node& node, std::string_view name, std::string key, const SourceSpan& key_span,
                    ValueForm form) {
  Field f;
  f.name = std::string(name);
  f.key = std::move(key);
  f.form = form;
  f.value = node;
  f.key_span = key_span;
  return f;
}

}  // namespace

const std::string* Field::static_string() const {
  return form == ValueForm::Static && value.is_string() ? &value.text : nullptr;
}

std::optional<std::string> Field::run_time_pattern() const {
  if (!is_dynamic() || !value.is_string()) return std::nullopt;
  std::optional<std::string> pattern =
      form == ValueForm::JsonPath ? format_pattern(value.text) : concatenation_pattern(value.text);
  if (!pattern || is_all_stars(*pattern)) return std::nullopt;
  return pattern;
}

bool Payload::is_expression() const {
  return language == QueryLanguage::Jsonata && node.is_string() && is_jsonata_expression(node.text);
}

std::optional<Field> Payload::field(std::string_view path) const {
  if (is_expression()) return dynamic_whole(node, path, key, key_span, ValueForm::Jsonata);
  const json::Node* current = &node;
  std::string_view rest = path;
  while (true) {
    const std::size_t dot = rest.find('.');
    const std::string_view head = rest.substr(0, dot);
    std::optional<Field> f = lookup(*current, head, language);
    if (!f) return std::nullopt;
    if (dot == std::string_view::npos) {
      f->name = std::string(path);
      return f;
    }
    if (f->is_dynamic()) {  // the object holding the rest is computed at run time
      f->name = std::string(path);
      return f;
    }
    if (!f->value.is_object()) return std::nullopt;
    // Keep walking inside the member's value; it lives in `node`, so find it there again.
    const json::Member* m = current->find(f->key);
    if (m == nullptr) return std::nullopt;
    current = &m->value;
    rest = rest.substr(dot + 1);
  }
}

std::vector<Field> Payload::array_fields(std::string_view array, std::string_view item_path) const {
  std::vector<Field> out;
  std::optional<Field> list = field(array);
  if (!list) return out;
  if (list->is_dynamic()) {
    list->name = std::string(array) + "[*]." + std::string(item_path);
    out.push_back(std::move(*list));
    return out;
  }
  if (!list->value.is_array()) return out;
  for (const json::Node& item : list->value.items) {
    Payload inner;
    inner.key = key;
    inner.language = language;
    inner.node = item;
    inner.key_span = item.span;
    if (item.is_string() && language == QueryLanguage::Jsonata && is_jsonata_expression(item.text)) {
      out.push_back(dynamic_whole(item, item_path, key, item.span, ValueForm::Jsonata));
      continue;
    }
    if (std::optional<Field> f = inner.field(item_path)) out.push_back(std::move(*f));
  }
  return out;
}

std::string Definition::state_path(std::size_t index) const {
  std::vector<std::size_t> chain;
  for (std::size_t i = index; i != kNoParent && i < states.size(); i = states[i].parent) chain.push_back(i);
  std::string out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const State& s = states[*it];
    if (!out.empty()) out += " > " + (s.scope.empty() ? std::string() : s.scope + " > ");
    out += s.name;
  }
  return out;
}

namespace {

// Workflow variables: every value an "Assign" gives a name (on a state, a Choice rule or a
// Catcher), in the language of the state that assigns it.
// https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
struct Assigned {
  json::Node value;
  QueryLanguage language = QueryLanguage::JsonPath;
  bool path = false;  // JSONPath "name.$": a path evaluated at run time
};
using Variables = std::map<std::string, std::vector<Assigned>, std::less<>>;

// "$name" or "$name.field.field": a workflow variable, or a field of one. $states is the one
// Step Functions fills itself (the input, the result, the context); it is never assigned.
bool is_variable_reference(std::string_view term) {
  if (term.size() < 2 || term.front() != '$') return false;
  bool after_dot = true;
  for (char c : term.substr(1)) {
    const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (c == '.' && !after_dot) {
      after_dot = true;
    } else if (word) {
      after_dot = false;
    } else {
      return false;
    }
  }
  return !after_dot && term.substr(1, term.find('.') == std::string_view::npos ? std::string_view::npos
                                                                                  : term.find('.') - 1) != "states";
}

// Inlines into a JSONata expression the variables it reads that are assigned one known value
// (the same wherever they are assigned): a constant becomes its literal, an expression that
// concatenates terms its terms. "{% $prefix & '/' & $job %}", with prefix "runs" and job
// "{% 'call-' & $states.input.id %}" assigned, reads "{% 'runs' & '/' & 'call-' & $states.input.id %}",
// whose static parts name what the Task may call ("runs/call-*").
struct Inliner {
  const Variables& variables;
  std::vector<std::string> inlining;  // the variables being inlined: a cycle keeps the reference

  // The expression's body with the variables inlined; nullopt when it is no concatenation.
  std::optional<std::string> body(std::string_view expression) {
    const auto terms = top_level_terms(expression.substr(2, expression.size() - 4));
    if (!terms) return std::nullopt;
    std::string out;
    for (std::string_view term : *terms) {
      if (!out.empty()) out += " & ";
      std::optional<std::string> inlined;
      if (is_variable_reference(term)) inlined = value_of(term.substr(1));
      out += inlined ? *inlined : std::string(term);
    }
    return out;
  }

  // The one string value that "name" or "name.field..." is assigned (the same wherever it is
  // assigned), and the assigning state's language; nullptr when there is none (never assigned,
  // assigned different values, a JSONPath path, not a string, or a cycle being inlined).
  const json::Node* assigned_string(std::string_view reference, QueryLanguage& language) {
    const std::size_t dot = reference.find('.');
    const std::string name(reference.substr(0, dot));
    const auto found = variables.find(name);
    if (found == variables.end() || found->second.empty() || inlining.size() >= 8 ||
        std::find(inlining.begin(), inlining.end(), name) != inlining.end()) {
      return nullptr;
    }
    const Assigned& first = found->second.front();
    for (const Assigned& other : found->second) {
      if (other.language != first.language || other.path != first.path ||
          json::to_json(other.value) != json::to_json(first.value)) {
        return nullptr;  // assigned different values: any of them may be read
      }
    }
    language = first.language;
    const json::Node* node = &first.value;
    bool path = first.path;
    std::string_view rest = dot == std::string_view::npos ? std::string_view() : reference.substr(dot + 1);
    while (node != nullptr && !rest.empty()) {
      const std::size_t next = rest.find('.');
      const std::string_view field = rest.substr(0, next);
      rest = next == std::string_view::npos ? std::string_view() : rest.substr(next + 1);
      const json::Node* inner = nullptr;
      if (!node->is_object() || path) {
        node = nullptr;
        break;
      }
      for (const json::Member& m : node->members) {
        if (m.key == field) {
          inner = &m.value;
          path = false;
        } else if (first.language == QueryLanguage::JsonPath && m.key.size() == field.size() + 2 &&
                   m.key.compare(0, field.size(), field) == 0 && m.key.compare(field.size(), 2, ".$") == 0) {
          inner = &m.value;
          path = true;
        }
      }
      node = inner;
    }
    return node == nullptr || !node->is_string() || path ? nullptr : node;
  }

  // The terms that stand for "name" or "name.field..."; nullopt to keep the reference.
  std::optional<std::string> value_of(std::string_view reference) {
    QueryLanguage language = QueryLanguage::JsonPath;
    const json::Node* node = assigned_string(reference, language);
    if (node == nullptr) return std::nullopt;
    const std::string name(reference.substr(0, reference.find('.')));
    const std::string& text = node->text;
    if (language == QueryLanguage::Jsonata && is_jsonata_expression(text)) {
      inlining.push_back(name);
      std::optional<std::string> inner = body(text);
      inlining.pop_back();
      return inner;
    }
    // A constant: its literal, in quotes it does not contain.
    if (text.find('\\') != std::string::npos) return std::nullopt;
    if (text.find('\'') == std::string::npos) return "'" + text + "'";
    if (text.find('"') == std::string::npos) return "\"" + text + "\"";
    return std::nullopt;
  }

  // The constant that a JSONPath reference "$name" or "$name.field" reads: a string assigned as
  // a literal (not a path, not an expression other than a string literal), the same wherever it
  // is assigned; nullopt otherwise.
  std::optional<std::string> constant_of(std::string_view reference) {
    if (!is_variable_reference(reference)) return std::nullopt;
    QueryLanguage language = QueryLanguage::JsonPath;
    const json::Node* node = assigned_string(reference.substr(1), language);
    if (node == nullptr) return std::nullopt;
    if (language == QueryLanguage::Jsonata && is_jsonata_expression(node->text)) {
      return jsonata_string_literal(node->text);
    }
    return node->text;
  }

  // Every JSONPath "key.$" of a payload whose value reads a variable assigned one constant
  // becomes that constant under "key": "Bucket.$": "$bucket", with bucket assigned "reports",
  // reads as "Bucket": "reports". Other paths and intrinsic functions are left as written.
  void rewrite_paths(json::Node& node) {
    if (node.is_array()) {
      for (json::Node& item : node.items) rewrite_paths(item);
      return;
    }
    if (!node.is_object()) return;
    for (json::Member& m : node.members) {
      if (ends_with(m.key, kPathSuffix) && m.value.is_string()) {
        if (auto constant = constant_of(m.value.text)) {
          m.key.resize(m.key.size() - kPathSuffix.size());
          m.value.text = std::move(*constant);
        }
      } else {
        rewrite_paths(m.value);
      }
    }
  }

  // Credentials.RoleArn read from a variable: the role ARN it is assigned, when that is one
  // constant ("RoleArn.$": "$targetRole", or "{% $targetRole %}").
  void resolve_role(Field& role) {
    std::optional<std::string> constant;
    if (role.form == ValueForm::JsonPath) {
      constant = constant_of(role.value.text);
    } else if (role.form == ValueForm::Jsonata) {
      if (const std::optional<std::string> inlined = body(role.value.text)) {
        constant = jsonata_string_literal("{% " + *inlined + " %}");
      }
    }
    if (!constant) return;
    role.form = ValueForm::Static;
    role.key = role.name;
    role.value.text = std::move(*constant);
  }

  // Every JSONata expression string inside a payload, rewritten where the variables it reads
  // give it a static part it did not have alone; left as written otherwise (so that what is
  // chosen at run time is reported as the Task writes it).
  void rewrite(json::Node& node) {
    if (node.is_object()) {
      for (json::Member& m : node.members) rewrite(m.value);
    } else if (node.is_array()) {
      for (json::Node& item : node.items) rewrite(item);
    } else if (node.is_string() && is_jsonata_expression(node.text) && node.text.find('$') != std::string::npos) {
      const std::optional<std::string> inlined = body(node.text);
      if (!inlined) return;
      const std::string expression = "{% " + *inlined + " %}";
      if (expression == node.text || (!jsonata_string_literal(expression) && !concatenation_pattern(expression))) return;
      node.text = expression;
    }
  }
};

struct Builder {
  Definition& def;
  Variables variables;

  // The names an "Assign" object gives values to.
  void read_assign(const json::Node* assign, QueryLanguage language) {
    if (assign == nullptr || !assign->is_object()) return;
    for (const json::Member& m : assign->members) {
      Assigned a{m.value, language, false};
      std::string name = m.key;
      if (language == QueryLanguage::JsonPath && ends_with(name, kPathSuffix)) {
        name.resize(name.size() - kPathSuffix.size());
        a.path = true;
      }
      variables[name].push_back(std::move(a));
    }
  }

  // Once every Assign is read: the payloads and the Credentials read the variables' values.
  void inline_variables() {
    if (variables.empty()) return;
    Inliner inliner{variables, {}};
    for (State& state : def.states) {
      for (std::optional<Payload>* payload : {&state.payload, state.item_reader ? &state.item_reader->payload : nullptr,
                                              state.result_writer ? &state.result_writer->payload : nullptr}) {
        if (payload == nullptr || !payload->has_value()) continue;
        if ((*payload)->language == QueryLanguage::Jsonata) {
          inliner.rewrite((*payload)->node);
        } else {
          inliner.rewrite_paths((*payload)->node);
        }
      }
      if (state.credentials && state.credentials->role_arn) inliner.resolve_role(*state.credentials->role_arn);
    }
  }

  void problem(ProblemKind kind, std::string message, const SourceSpan& span) {
    def.problems.push_back(Problem{kind, std::move(message), span});
  }

  std::optional<QueryLanguage> read_language(const json::Node& object, std::string_view where) {
    const json::Node* ql = object.get("QueryLanguage");
    if (ql == nullptr) return std::nullopt;
    if (ql->is_string() && ql->text == "JSONPath") return QueryLanguage::JsonPath;
    if (ql->is_string() && ql->text == "JSONata") return QueryLanguage::Jsonata;
    problem(ProblemKind::BadQueryLanguage,
            std::string(where) + " has QueryLanguage " + json::to_json(*ql) + "; it must be \"JSONPath\" or \"JSONata\"",
            ql->span);
    return std::nullopt;
  }

  std::optional<Payload> read_payload(const json::Node& object, QueryLanguage language, const std::string& who) {
    const json::Member* params = object.find("Parameters");
    const json::Member* args = object.find("Arguments");
    const json::Member* chosen = language == QueryLanguage::Jsonata ? args : params;
    const json::Member* other = language == QueryLanguage::Jsonata ? params : args;
    if (chosen == nullptr && other != nullptr) {
      problem(ProblemKind::MixedPayload,
              who + " uses " + (language == QueryLanguage::Jsonata ? "JSONata" : "JSONPath") + " but has \"" +
                  other->key + "\"; " + (language == QueryLanguage::Jsonata ? "JSONata states take \"Arguments\""
                                                                                : "JSONPath states take \"Parameters\""),
              other->key_span);
      chosen = other;  // read it anyway, so that the generator can still see the call
    }
    if (chosen == nullptr) return std::nullopt;
    Payload p;
    p.key = chosen->key;
    p.language = language;
    p.node = chosen->value;
    p.key_span = chosen->key_span;
    return p;
  }

  void read_credentials(const json::Member& member, State& state, QueryLanguage language) {
    Credentials c;
    c.key_span = member.key_span;
    c.span = member.value.span;
    const std::string who = "state " + in_single_quotes(state.name);
    if (!member.value.is_object()) {
      problem(ProblemKind::CredentialsNotAnObject,
              who + ": Credentials is " + std::string(json::type_name(member.value.type)) + ", not an object",
              member.value.span);
      state.credentials = std::move(c);
      return;
    }
    if (member.value.members.empty()) {
      problem(ProblemKind::CredentialsEmpty, who + " has an empty Credentials object; it needs a RoleArn",
              member.value.span);
    }
    for (const json::Member& m : member.value.members) {
      if (m.key != "RoleArn" && m.key != "RoleArn.$") {
        problem(ProblemKind::CredentialsUnknownKey,
                who + ": Credentials has the key \"" + m.key + "\"; the only key it takes is RoleArn" +
                    (language == QueryLanguage::JsonPath ? " (or RoleArn.$)" : ""),
                m.key_span);
      }
    }
    if (std::optional<Field> role = lookup(member.value, "RoleArn", language)) {
      if (!role->value.is_string()) {
        problem(ProblemKind::RoleArnNotString,
                who + ": Credentials." + role->key + " is " + std::string(json::type_name(role->value.type)) +
                    ", not a string",
                role->value.span);
      } else {
        c.role_arn = std::move(role);
      }
    } else if (!member.value.members.empty()) {
      problem(ProblemKind::CredentialsNoRole, who + ": Credentials has no RoleArn", member.value.span);
    }
    state.credentials = std::move(c);
  }

  std::optional<Invocation> read_invocation(const json::Node& map, std::string_view what, QueryLanguage language,
                                            const std::string& who) {
    const json::Member* m = map.find(what);
    if (m == nullptr || !m->value.is_object()) return std::nullopt;
    const json::Node* resource = m->value.get("Resource");
    if (resource == nullptr || !resource->is_string()) return std::nullopt;
    Invocation inv;
    inv.what = std::string(what);
    inv.resource = resource->text;
    inv.resource_span = resource->span;
    inv.span = m->value.span;
    inv.payload = read_payload(m->value, language, who + " " + std::string(what));
    return inv;
  }

  void read_states(const json::Node& machine, std::size_t parent, const std::string& scope,
                   const std::string& where) {
    const json::Node* states = machine.get("States");
    if (states == nullptr || !states->is_object()) {
      problem(ProblemKind::MissingStates, where + " has no \"States\" object", machine.span);
      return;
    }
    for (const json::Member& m : states->members) read_state(m, parent, scope);
  }

  void read_state(const json::Member& member, std::size_t parent, const std::string& scope) {
    State state;
    state.name = member.key;
    state.name_span = member.key_span;
    state.span = member.value.span;
    state.parent = parent;
    state.scope = scope;
    state.query_language = def.query_language;
    const std::string who = "state " + in_single_quotes(state.name);
    if (!member.value.is_object()) {
      problem(ProblemKind::NotAnObject, who + " is " + std::string(json::type_name(member.value.type)) +
                                            ", not an object",
              member.value.span);
      def.states.push_back(std::move(state));
      return;
    }
    const json::Node& obj = member.value;
    if (auto ql = read_language(obj, who)) state.query_language = *ql;
    // Assign on the state, on each Choice rule and on each Catcher.
    read_assign(obj.get("Assign"), state.query_language);
    for (const char* list : {"Choices", "Catch"}) {
      const json::Node* items = obj.get(list);
      if (items == nullptr || !items->is_array()) continue;
      for (const json::Node& item : items->items) read_assign(item.get("Assign"), state.query_language);
    }
    const json::Node* type = obj.get("Type");
    if (type == nullptr || !type->is_string()) {
      problem(ProblemKind::MissingType, who + " has no string \"Type\"", type != nullptr ? type->span : member.key_span);
    } else {
      state.type_text = type->text;
      static constexpr StateType kTypes[] = {StateType::Task,    StateType::Pass,     StateType::Choice,
                                             StateType::Wait,    StateType::Succeed,  StateType::Fail,
                                             StateType::Parallel, StateType::Map};
      for (StateType t : kTypes) {
        if (state_type_name(t) == type->text) state.type = t;
      }
      if (state.type == StateType::Unknown) {
        problem(ProblemKind::UnknownType, who + " has the unknown Type \"" + type->text + "\"", type->span);
      }
    }
    if (const json::Member* cred = obj.find("Credentials")) {
      read_credentials(*cred, state, state.query_language);
      if (state.type != StateType::Task && state.type != StateType::Unknown) {
        problem(ProblemKind::CredentialsOnNonTask,
                who + " is a " + state.type_text +
                    " state; only Task states take Credentials (nested Task states may carry their own)",
                cred->key_span);
      }
    }
    if (state.type == StateType::Task) {
      const json::Node* resource = obj.get("Resource");
      if (resource == nullptr || !resource->is_string()) {
        problem(ProblemKind::MissingResource, who + " is a Task without a string \"Resource\"",
                resource != nullptr ? resource->span : member.key_span);
      } else {
        state.resource = resource->text;
        state.resource_span = resource->span;
      }
      state.payload = read_payload(obj, state.query_language, who);
    }
    if (state.type == StateType::Map) {
      const json::Node* processor = obj.get("ItemProcessor");
      if (processor != nullptr && processor->is_object()) {
        if (const json::Node* config = processor->get("ProcessorConfig")) {
          const json::Node* mode = config->get("Mode");
          state.distributed = mode != nullptr && mode->is_string() && mode->text == "DISTRIBUTED";
        }
      }
      state.item_reader = read_invocation(obj, "ItemReader", state.query_language, who);
      state.result_writer = read_invocation(obj, "ResultWriter", state.query_language, who);
    }
    const std::size_t index = def.states.size();
    def.states.push_back(std::move(state));

    // Children are read after the parent is stored, so that their `parent` index is valid.
    const StateType type_read = def.states[index].type;
    if (type_read == StateType::Parallel) {
      const json::Node* branches = obj.get("Branches");
      if (branches != nullptr && branches->is_array()) {
        for (std::size_t b = 0; b < branches->items.size(); ++b) {
          const json::Node& branch = branches->items[b];
          const std::string branch_scope = "Branches/" + std::to_string(b);
          if (!branch.is_object()) {
            problem(ProblemKind::NotAnObject, who + ": branch " + std::to_string(b) + " is not an object", branch.span);
            continue;
          }
          read_states(branch, index, branch_scope, who + " branch " + std::to_string(b));
        }
      }
    } else if (type_read == StateType::Map) {
      // ItemProcessor is the current field; Iterator the legacy one.
      // https://docs.aws.amazon.com/step-functions/latest/dg/state-map.html
      for (const char* key : {"ItemProcessor", "Iterator"}) {
        const json::Node* processor = obj.get(key);
        if (processor == nullptr) continue;
        if (!processor->is_object()) {
          problem(ProblemKind::NotAnObject, who + ": " + key + " is not an object", processor->span);
          continue;
        }
        read_states(*processor, index, key, who + " " + key);
      }
    }
  }
};

}  // namespace

Definition build_definition(const json::Node& root) {
  Definition def;
  Builder b{def, {}};
  if (!root.is_object()) {
    b.problem(ProblemKind::NotAnObject,
              "the definition is " + std::string(json::type_name(root.type)) + ", not an object", root.span);
    return def;
  }
  if (auto ql = b.read_language(root, "the definition")) def.query_language = *ql;
  b.read_states(root, kNoParent, "", "the definition");
  b.inline_variables();
  return def;
}

}  // namespace iamsmith::asl
