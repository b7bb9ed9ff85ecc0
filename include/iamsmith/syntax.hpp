#pragma once
// Reading a file into a tree: JSON or YAML, both into the same json::Document. The load layer
// reads every file through it; the embedded-document framework (iamsmith/inputs.hpp) builds on it.
// Defined in src/core/inputs/registry.cpp.

#include <string>
#include <string_view>

#include "iamsmith/json.hpp"

namespace iamsmith::inputs {

enum class Syntax { Json, Yaml };

// JSON unless the text is YAML: a path ending in .yaml / .yml / .template whose first
// significant character is not '{' or '['.
[[nodiscard]] Syntax syntax_of(std::string_view path, std::string_view text);

// A path a directory walk reads as YAML: *.yaml, *.yml, *.template.
[[nodiscard]] bool is_yaml_name(std::string_view path);
// Whether YAML text may be a template: a top-level AWSTemplateFormatVersion, Resources or
// Transform key. A walk reads only these of the YAML files it finds, so that a docker-compose
// file or a CI workflow is never parsed, let alone reported.
[[nodiscard]] bool looks_like_template(std::string_view text);

// Parses `text` with the reader `syntax` names. Both build the same json::Document.
[[nodiscard]] json::Document read_tree(std::string text, Syntax syntax,
                                       const json::ParseOptions& options = {});

}  // namespace iamsmith::inputs
