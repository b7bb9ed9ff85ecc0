#pragma once
// Helpers for the generator tests: one-Task definitions, runs, and compact views of the output.

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "iamsmith/asl.hpp"
#include "iamsmith/generate.hpp"
#include "iamsmith/json.hpp"

// Lists of grants print one per line in failure messages.
namespace doctest {
template <>
struct StringMaker<std::vector<std::string>> {
  static String convert(const std::vector<std::string>& lines) {
    std::string out = "{";
    for (const std::string& l : lines) out += "\n  " + l;
    out += "\n}";
    return String(out.c_str());
  }
};
}  // namespace doctest

namespace iamsmith::test {

inline constexpr const char* kStateMachine = "arn:aws:states:us-east-1:123456789012:stateMachine:Orders";
inline constexpr const char* kExecutionRole = "arn:aws:iam::123456789012:role/OrdersExecution";
inline constexpr const char* kTargetRole = "arn:aws:iam::111122223333:role/TargetRole";

// A definition with one Task "Call" (JSONPath unless `language` says JSONata).
inline std::string one_task(const std::string& resource, const std::string& payload,
                            const std::string& credentials = std::string("{\"RoleArn\": \"") + kTargetRole + "\"}",
                            const std::string& language = "JSONPath") {
  const std::string payload_key = language == "JSONata" ? "Arguments" : "Parameters";
  return "{\"QueryLanguage\": \"" + language + "\", \"StartAt\": \"Call\", \"States\": {\"Call\": {\"Type\": \"Task\", "
         "\"Resource\": \"" + resource + "\", \"Credentials\": " + credentials + ", \"" + payload_key + "\": " + payload +
         ", \"End\": true}}}";
}

inline asl::Definition definition_of(const std::string& text) {
  const json::Document doc = json::parse(text);
  REQUIRE_MESSAGE(doc.root.has_value(), "test definition is not JSON: ", text);
  return asl::build_definition(*doc.root);
}

inline gen::Setup setup_of(const std::string& definition, const std::string& sm = kStateMachine,
                           const std::string& exec = kExecutionRole) {
  gen::Setup s;
  s.state_machine_arn = gen::Text{sm, 0, {}};
  s.execution_role_arn = gen::Text{exec, 0, {}};
  if (!definition.empty()) {
    s.definition = definition_of(definition);
    s.definition_input = 1;
  }
  return s;
}

inline gen::Result run(const std::string& definition, const gen::Options& options = {},
                       const std::string& sm = kStateMachine) {
  return gen::generate({setup_of(definition, sm)}, options, gen::builtin_integrations());
}

inline const gen::GeneratedPolicy* policy_named(const gen::Result& r, const std::string& file) {
  for (const gen::GeneratedPolicy& p : r.policies) {
    if (p.file == file) return &p;
  }
  return nullptr;
}

// "Sid: action,action -> resource,resource [op key=value]" per statement.
inline std::vector<std::string> grants(const Policy& policy) {
  std::vector<std::string> out;
  for (const Statement& s : policy.statements()) {
    std::string line = (s.sid ? s.sid->text : std::string("?")) + ":";
    if (s.action) {
      // A flag, not a separator string reassigned in the loop: GCC 12 at -O3 reports a false
      // -Wrestrict on `sep = ","` (GCC bug 105329).
      bool first = true;
      for (const Scalar& a : *s.action) {
        line += first ? ' ' : ',';
        line += a.text;
        first = false;
      }
    }
    line += " ->";
    if (s.resource) {
      // A flag, not a separator string reassigned in the loop: GCC 12 at -O3 reports a false
      // -Wrestrict on `sep = ","` (GCC bug 105329).
      bool first = true;
      for (const Scalar& r : *s.resource) {
        line += first ? ' ' : ',';
        line += r.text;
        first = false;
      }
    }
    if (s.condition) {
      for (const ConditionOperator& op : s.condition->operators) {
        for (const ConditionEntry& e : op.entries) {
          for (const Scalar& v : e.values) line += " [" + op.name + " " + e.key + "=" + v.text + "]";
        }
      }
    }
    out.push_back(line);
  }
  return out;
}

// The target role's permission grants, or a failure naming the findings.
inline std::vector<std::string> permissions(const gen::Result& r, const std::string& file = "TargetRole.permissions.json") {
  const gen::GeneratedPolicy* p = policy_named(r, file);
  std::string why;
  for (const gen::Finding& f : r.findings) why += " [" + f.diagnostic.rule_id + "] " + f.diagnostic.message + ";";
  REQUIRE_MESSAGE(p != nullptr, "no ", file, "; findings:", why);
  return grants(p->policy);
}

inline const gen::Finding* finding(const gen::Result& r, const std::string& id) {
  for (const gen::Finding& f : r.findings) {
    if (f.diagnostic.rule_id == id) return &f;
  }
  return nullptr;
}

inline std::string findings_text(const gen::Result& r) {
  std::string out;
  for (const gen::Finding& f : r.findings) out += "[" + f.diagnostic.rule_id + "] " + f.diagnostic.message + "\n";
  return out;
}

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace iamsmith::test
