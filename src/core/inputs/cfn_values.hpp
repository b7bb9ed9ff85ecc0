#pragma once
// CloudFormation's intrinsic functions as symbolic values (see cfn_values.cpp).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iamsmith/inputs.hpp"

namespace iamsmith::inputs::cfn {

// The parts of a template that values refer to.
struct Template {
  const SourceText& source;
  const json::Node& root;
  const json::Node* parameters = nullptr;
  const json::Node* mappings = nullptr;
  const json::Node* resources = nullptr;
  const LintContext& context;  // partition, region, account of the run
  // Which branch resolve() takes of every Fn::If: 1, as if each condition were true, or 2, as if
  // each were false (an AWS::NoValue branch drops the member).
  int if_branch = 1;
};

// A value as text: literal where the template says it, the run's --partition / --region /
// --account for pseudo parameters, a parameter's default (an assumption, with a note), and a
// placeholder "${Name}" for what is known only after deployment.
struct Text {
  MappedText text;
  std::vector<std::uint32_t> unknown_at;  // container offsets of the unknown parts
  struct Assumed {
    std::uint32_t at;  // container offset of the value
    std::string note;
  };
  std::vector<Assumed> assumed;  // notes on the defaults used
  bool failed = false;           // not text at all (a list, an object, a malformed function)
  [[nodiscard]] bool known() const { return unknown_at.empty() && !failed; }
};

// The intrinsic function a node is ({"Ref": ...} or {"Fn::Sub": ...}), or empty.
[[nodiscard]] std::string_view intrinsic_name(const json::Node& node);
[[nodiscard]] bool is_no_value(const json::Node& node);

[[nodiscard]] Text text_of(const Template& t, const json::Node& node);

// `text` with ${Name} placeholders replaced from `variables` (an object of values); a name not
// there is left as written when `only_variables`, else resolved as Fn::Sub does (pseudo
// parameter, parameter, resource, Resource.Attribute).
[[nodiscard]] Text substitute(const Template& t, const MappedText& text, const json::Node* variables,
                              bool only_variables);

// The node with every intrinsic function replaced by a string (known or a placeholder), Fn::If
// by the branch t.if_branch names, and AWS::NoValue members and items dropped;
// std::nullopt when the node itself is AWS::NoValue. Unknown values and assumptions are recorded
// in `doc`.
[[nodiscard]] std::optional<json::Node> resolve(const Template& t, const json::Node& node,
                                                EmbeddedDocument& doc);

// The logical id a value refers to: {"Ref": L}, {"Fn::GetAtt": [L, A]}, "${L.Arn}" in Fn::Sub.
[[nodiscard]] std::optional<std::string> referenced_resource(const json::Node& node);

// Whether a Fn::If is at or below `node`.
[[nodiscard]] bool has_condition(const json::Node& node);

}  // namespace iamsmith::inputs::cfn
