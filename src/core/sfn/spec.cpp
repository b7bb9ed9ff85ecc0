// The spec file and the --target / --resource options.

#include <string>
#include <utility>

#include "catalogue.hpp"
#include "iamsmith/sfn.hpp"
#include "iamsmith/suggest.hpp"

namespace iamsmith::sfn {

namespace {

Diagnostic spec_error(std::string message, const SourceSpan& span, std::vector<Note> notes = {}) {
  return make_finding(rules::kG001InvalidSpec, span, std::move(message), std::move(notes));
}

// Part of a command-line value: same line, `offset` bytes further (option values are ASCII in
// every case where the split matters: ARNs and '=' / ',').
Text part_of(const Text& whole, std::size_t offset, std::size_t length) {
  Text t;
  t.value = whole.value.substr(offset, length);
  t.input = whole.input;
  t.span = whole.span;
  if (t.span.has_position()) {
    t.span.offset = static_cast<std::uint32_t>(t.span.offset + offset);
    t.span.column = static_cast<std::uint32_t>(t.span.column + offset);
    t.span.length = static_cast<std::uint32_t>(t.value.size());
  }
  return t;
}

std::vector<Text> split(const Text& whole, std::size_t from, char separator) {
  std::vector<Text> out;
  std::size_t start = from;
  while (start <= whole.value.size()) {
    std::size_t end = whole.value.find(separator, start);
    if (end == std::string::npos) end = whole.value.size();
    out.push_back(part_of(whole, start, end - start));
    start = end + 1;
  }
  return out;
}

struct SpecReader {
  std::size_t input;
  std::vector<Finding>& findings;

  void error(std::string message, const SourceSpan& span, std::vector<Note> notes = {}) {
    findings.push_back(Finding{input, spec_error(std::move(message), span, std::move(notes))});
  }

  void check_keys(const json::Node& object, const std::vector<std::string>& allowed, const std::string& where) {
    for (const json::Member& m : object.members) {
      bool known = false;
      for (const std::string& a : allowed) known = known || a == m.key;
      if (known) continue;
      std::string message = where + " has the unknown key \"" + m.key + "\"";
      if (auto near = nearest(m.key, allowed, true)) message += "; did you mean \"" + *near + "\"?";
      error(message, m.key_span);
    }
  }

  std::optional<Text> string_member(const json::Node& object, const char* key, const std::string& where,
                                    bool required) {
    const json::Member* m = object.find(key);
    if (m == nullptr) {
      if (required) error(where + " has no \"" + key + "\"", object.span);
      return std::nullopt;
    }
    if (!m->value.is_string()) {
      error(where + ": \"" + key + "\" is " + std::string(json::type_name(m->value.type)) + ", expected a string",
            m->value.span);
      return std::nullopt;
    }
    return Text{m->value.text, input, m->value.span};
  }

  std::optional<TargetSpec> target(const json::Node& node, std::size_t index) {
    const std::string where = "target " + std::to_string(index);
    if (!node.is_object()) {
      error(where + " is " + std::string(json::type_name(node.type)) + ", expected an object", node.span);
      return std::nullopt;
    }
    check_keys(node, {"roleArn", "integration", "resources"}, where);
    TargetSpec t;
    t.label = where;
    auto role = string_member(node, "roleArn", where, true);
    auto integration = string_member(node, "integration", where, true);
    if (!role || !integration) return std::nullopt;
    t.role_arn = *role;
    t.integration = *integration;
    if (const json::Member* res = node.find("resources")) {
      if (res->value.is_string()) {
        t.resources.push_back(Text{res->value.text, input, res->value.span});
      } else if (res->value.is_array()) {
        for (const json::Node& item : res->value.items) {
          if (!item.is_string()) {
            error(where + ": every resource must be a string", item.span);
            continue;
          }
          t.resources.push_back(Text{item.text, input, item.span});
        }
        if (res->value.items.empty()) error(where + ": \"resources\" is empty", res->value.span);
      } else {
        error(where + ": \"resources\" must be a string or an array of strings", res->value.span);
      }
    }
    return t;
  }

  std::optional<Setup> setup(const json::Node& node, const std::string& where) {
    if (!node.is_object()) {
      error(where + " is " + std::string(json::type_name(node.type)) + ", expected an object", node.span);
      return std::nullopt;
    }
    check_keys(node, {"stateMachineArn", "executionRoleArn", "targets"}, where);
    auto sm = string_member(node, "stateMachineArn", where, true);
    auto role = string_member(node, "executionRoleArn", where, true);
    if (!sm || !role) return std::nullopt;
    Setup s;
    s.state_machine_arn = *sm;
    s.execution_role_arn = *role;
    if (const json::Member* targets = node.find("targets")) {
      if (!targets->value.is_array()) {
        error(where + ": \"targets\" must be an array", targets->value.span);
      } else {
        for (std::size_t i = 0; i < targets->value.items.size(); ++i) {
          if (auto t = target(targets->value.items[i], i)) s.targets.push_back(std::move(*t));
        }
      }
    }
    return s;
  }
};

}  // namespace

std::vector<Setup> parse_spec(const json::Node& root, std::size_t input, std::vector<Finding>& findings) {
  SpecReader r{input, findings};
  std::vector<Setup> out;
  if (root.is_object() && root.find("stateMachines") != nullptr) {
    r.check_keys(root, {"stateMachines"}, "the spec");
    const json::Node& list = root.find("stateMachines")->value;
    if (!list.is_array() || list.items.empty()) {
      r.error("\"stateMachines\" must be a non-empty array", list.span);
      return out;
    }
    for (std::size_t i = 0; i < list.items.size(); ++i) {
      if (auto s = r.setup(list.items[i], "state machine " + std::to_string(i))) out.push_back(std::move(*s));
    }
    return out;
  }
  if (auto s = r.setup(root, "the spec")) out.push_back(std::move(*s));
  return out;
}

std::optional<TargetSpec> parse_target_option(const Text& text, std::vector<Finding>& findings) {
  // ROLE_ARN=INTEGRATION=RESOURCE[,RESOURCE...]: ARNs never contain '='.
  const std::size_t first = text.value.find('=');
  const std::size_t second = first == std::string::npos ? std::string::npos : text.value.find('=', first + 1);
  if (first == std::string::npos || second == std::string::npos) {
    findings.push_back(Finding{
        text.input, spec_error("--target takes ROLE_ARN=INTEGRATION=RESOURCE[,RESOURCE...], got \"" + text.value + "\"",
                               text.span)});
    return std::nullopt;
  }
  TargetSpec t;
  t.role_arn = part_of(text, 0, first);
  t.integration = part_of(text, first + 1, second - first - 1);
  t.resources = split(text, second + 1, ',');
  t.label = "--target " + text.value;
  for (const Text& r : t.resources) {
    if (r.value.empty()) {
      findings.push_back(Finding{text.input, spec_error("--target has an empty resource", r.span)});
      return std::nullopt;
    }
  }
  return t;
}

std::optional<ResourceOverride> parse_resource_option(const Text& text, std::vector<Finding>& findings) {
  // STATE=ARN[,ARN...]: a state name may contain '=' only if... it may not be split well, so
  // the last '=' before "arn:" or the first '=' is used.
  std::size_t eq = text.value.find("=arn:");
  if (eq == std::string::npos) eq = text.value.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 >= text.value.size()) {
    findings.push_back(Finding{
        text.input, spec_error("--resource takes STATE=ARN[,ARN...], got \"" + text.value + "\"", text.span)});
    return std::nullopt;
  }
  ResourceOverride o;
  o.state = text.value.substr(0, eq);
  o.resources = split(text, eq + 1, ',');
  o.origin = text;
  return o;
}

}  // namespace iamsmith::sfn
