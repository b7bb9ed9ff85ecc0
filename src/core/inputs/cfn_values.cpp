// CloudFormation's intrinsic functions as symbolic values.
// Functions: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
// Pseudo parameters:
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html

#include "inputs/cfn_values.hpp"

#include <algorithm>

#include <utility>

namespace iamsmith::inputs::cfn {
namespace {

void append(Text& to, const Text& from) {
  to.text.append(from.text);
  to.unknown_at.insert(to.unknown_at.end(), from.unknown_at.begin(), from.unknown_at.end());
  to.assumed.insert(to.assumed.end(), from.assumed.begin(), from.assumed.end());
  to.failed = to.failed || from.failed;
}

Text unknown(std::string_view placeholder, std::uint32_t offset) {
  Text t;
  t.text.append_at("${" + std::string(placeholder) + "}", offset);
  t.unknown_at.push_back(offset);
  return t;
}

Text failed(std::uint32_t offset) {
  Text t = unknown("?", offset);
  t.failed = true;
  return t;
}

Text literal(std::string_view text, std::uint32_t offset) {
  Text t;
  t.text.append_at(text, offset);
  return t;
}

const json::Node* argument(const json::Node& node) {
  return node.members.size() == 1 ? &node.members.front().value : nullptr;
}

// A pseudo parameter, as far as the run knows it.
std::optional<Text> pseudo(const Template& t, std::string_view name, std::uint32_t at) {
  auto from = [&](const std::optional<std::string>& value) {
    return value ? literal(*value, at) : unknown(name, at);
  };
  if (name == "AWS::Partition") return from(t.context.partition);
  if (name == "AWS::Region") return from(t.context.region);
  if (name == "AWS::AccountId") return from(t.context.account);
  if (name.substr(0, 5) == "AWS::") return unknown(name, at);  // StackName, StackId, URLSuffix, ...
  return std::nullopt;
}

// Ref: a pseudo parameter, a parameter (its default when it has one), or a resource (its
// physical id, known after deployment).
Text ref(const Template& t, std::string_view name, std::uint32_t at) {
  if (std::optional<Text> p = pseudo(t, name, at)) return *p;
  if (t.parameters != nullptr) {
    if (const json::Node* param = t.parameters->get(name); param != nullptr && param->is_object()) {
      const json::Node* def = param->get("Default");
      if (def != nullptr &&
          (def->is_string() || def->type == json::Type::Number || def->type == json::Type::Bool)) {
        Text out = literal(def->text, at);
        out.assumed.push_back({at, "the value is parameter " + std::string(name) + "'s default \"" +
                                       def->text + "\"; a deployment may pass another"});
        return out;
      }
    }
  }
  return unknown(name, at);
}

Text find_in_map(const Template& t, const json::Node& args, std::uint32_t at) {
  if (!args.is_array() || args.items.size() != 3 || t.mappings == nullptr)
    return unknown("Fn::FindInMap", at);
  const json::Node* node = t.mappings;
  for (const json::Node& key : args.items) {
    const Text k = text_of(t, key);
    if (!k.known() || !node->is_object()) return unknown("Fn::FindInMap", at);
    node = node->get(k.text.text());
    if (node == nullptr) return unknown("Fn::FindInMap", at);
  }
  return text_of(t, *node);
}

Text join(const Template& t, const json::Node& args, std::uint32_t at) {
  if (!args.is_array() || args.items.size() != 2 || !args.items[1].is_array()) return failed(at);
  const Text delimiter = text_of(t, args.items[0]);
  Text out;
  bool first = true;
  for (const json::Node& item : args.items[1].items) {
    if (is_no_value(item)) continue;
    if (!first) append(out, delimiter);
    first = false;
    append(out, text_of(t, item));
  }
  if (first) out.text.append_at("", at);
  return out;
}

Text select(const Template& t, const json::Node& args, std::uint32_t at) {
  if (!args.is_array() || args.items.size() != 2 || !args.items[1].is_array())
    return unknown("Fn::Select", at);
  const Text index = text_of(t, args.items[0]);
  if (!index.known()) return unknown("Fn::Select", at);
  std::size_t i = 0;
  for (char c : index.text.text()) {
    if (c < '0' || c > '9') return unknown("Fn::Select", at);
    i = i * 10 + static_cast<std::size_t>(c - '0');
    if (i > args.items[1].items.size()) return unknown("Fn::Select", at);
  }
  if (i >= args.items[1].items.size()) return failed(at);
  return text_of(t, args.items[1].items[i]);
}

}  // namespace

std::string_view intrinsic_name(const json::Node& node) {
  if (!node.is_object() || node.members.size() != 1) return {};
  const std::string& key = node.members.front().key;
  if (key == "Ref" || key.rfind("Fn::", 0) == 0) return key;
  return {};
}

bool is_no_value(const json::Node& node) {
  const json::Node* arg = argument(node);
  return intrinsic_name(node) == "Ref" && arg != nullptr && arg->is_string() && arg->text == "AWS::NoValue";
}

Text substitute(const Template& t, const MappedText& text, const json::Node* variables, bool only_variables) {
  Text out;
  const std::string& s = text.text();
  std::size_t done = 0;
  std::size_t i = 0;
  while ((i = s.find("${", i)) != std::string::npos) {
    const std::size_t close = s.find('}', i + 2);
    if (close == std::string::npos) break;
    const std::uint32_t at = text.offset_of(i);
    out.text.append(text.slice(done, i));
    const std::string name = s.substr(i + 2, close - i - 2);
    if (!name.empty() && name.front() == '!') {  // "${!Literal}" is written "${Literal}"
      out.text.append_at("${", at);
      out.text.append(text.slice(i + 3, close + 1));
    } else if (const json::Node* value = variables != nullptr ? variables->get(name) : nullptr) {
      append(out, text_of(t, *value));
    } else if (only_variables || name.find_first_of(" \t\n") != std::string::npos) {
      out.text.append(text.slice(i, close + 1));
    } else if (const std::size_t dot = name.find('.'); dot != std::string::npos) {
      append(out, unknown(name, at));  // Resource.Attribute
    } else {
      append(out, ref(t, name, at));
    }
    done = i = close + 1;
  }
  out.text.append(text.slice(done, s.size()));
  return out;
}

Text text_of(const Template& t, const json::Node& node) {
  const std::uint32_t at = node.span.offset;
  switch (node.type) {
    case json::Type::String: {
      Text out;
      out.text = map_string(t.source, node);
      return out;
    }
    case json::Type::Number:
    case json::Type::Bool: return literal(node.text, at);
    case json::Type::Null:
    case json::Type::Array: return failed(at);
    case json::Type::Object: break;
  }
  const std::string_view name = intrinsic_name(node);
  const json::Node* arg = argument(node);
  if (name.empty() || arg == nullptr) return failed(at);
  if (name == "Ref") return arg->is_string() ? ref(t, arg->text, at) : failed(at);
  if (name == "Fn::Sub") {
    if (arg->is_string()) return substitute(t, map_string(t.source, *arg), nullptr, false);
    if (arg->is_array() && arg->items.size() == 2 && arg->items[0].is_string() && arg->items[1].is_object())
      return substitute(t, map_string(t.source, arg->items[0]), &arg->items[1], false);
    return failed(at);
  }
  if (name == "Fn::Join") return join(t, *arg, at);
  if (name == "Fn::Select") return select(t, *arg, at);
  if (name == "Fn::FindInMap") return find_in_map(t, *arg, at);
  if (name == "Fn::GetAtt") {
    std::string what = "Fn::GetAtt";
    if (arg->is_string()) what = arg->text;
    if (arg->is_array() && arg->items.size() == 2 && arg->items[0].is_string() && arg->items[1].is_string())
      what = arg->items[0].text + "." + arg->items[1].text;
    return unknown(what, at);
  }
  if (name == "Fn::If" || name == "Fn::ImportValue" || name == "Fn::Base64" || name == "Fn::GetAZs" ||
      name == "Fn::Cidr" || name == "Fn::Split" || name == "Fn::Transform")
    return unknown(name, at);
  return failed(at);
}

std::optional<json::Node> resolve(const Template& t, const json::Node& node, EmbeddedDocument& doc) {
  const std::string_view name = intrinsic_name(node);
  if (!name.empty()) {
    if (is_no_value(node)) return std::nullopt;
    const json::Node* arg = argument(node);
    if (name == "Fn::If" && arg != nullptr && arg->is_array() && arg->items.size() == 3) {
      // Either branch can be deployed: the extractor resolves the document once with every
      // condition true and once with every condition false.
      const json::Node& pick = arg->items[t.if_branch == 2 ? 2 : 1];
      if (is_no_value(pick)) return std::nullopt;
      return resolve(t, pick, doc);
    }
    const Text value = text_of(t, node);
    json::Node out;
    out.type = json::Type::String;
    out.text = value.text.text();
    out.span = node.span;
    if (name == "Fn::Sub" && arg != nullptr && arg->is_string()) {
      out.span = arg->span;
      out.span.pointer = node.span.pointer;
    }
    if (!value.known()) doc.unknown_pointers.push_back(node.span.pointer.str());
    for (const Text::Assumed& a : value.assumed) doc.assumptions.push_back({node.span.pointer.str(), a.note});
    return out;
  }
  json::Node out;
  out.type = node.type;
  out.text = node.text;
  out.span = node.span;
  for (const json::Node& item : node.items) {
    if (std::optional<json::Node> r = resolve(t, item, doc)) out.items.push_back(std::move(*r));
  }
  for (const json::Member& m : node.members) {
    if (std::optional<json::Node> r = resolve(t, m.value, doc))
      out.members.push_back({m.key, m.key_span, std::move(*r)});
  }
  return out;
}

bool has_condition(const json::Node& node) {
  if (intrinsic_name(node) == "Fn::If") return true;
  return std::any_of(node.items.begin(), node.items.end(), [](const json::Node& n) { return has_condition(n); }) ||
         std::any_of(node.members.begin(), node.members.end(),
                     [](const json::Member& m) { return has_condition(m.value); });
}

std::optional<std::string> referenced_resource(const json::Node& node) {
  const std::string_view name = intrinsic_name(node);
  const json::Node* arg = argument(node);
  if (arg == nullptr) return std::nullopt;
  if (name == "Ref" && arg->is_string()) return arg->text;
  if (name == "Fn::GetAtt") {
    if (arg->is_array() && !arg->items.empty() && arg->items[0].is_string()) return arg->items[0].text;
    if (arg->is_string()) return arg->text.substr(0, arg->text.find('.'));
  }
  if (name == "Fn::Sub" && arg->is_string()) {
    const std::string& s = arg->text;
    const std::size_t open = s.find("${");
    const std::size_t close = s.find('}', open);
    if (open == 0 && close == s.size() - 1) {
      const std::string inner = s.substr(2, close - 2);
      return inner.substr(0, inner.find('.'));
    }
  }
  return std::nullopt;
}

}  // namespace iamsmith::inputs::cfn
