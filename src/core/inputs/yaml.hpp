#pragma once
// The YAML reader: libyaml's event API building the JSON reader's tree (see yaml.cpp).

#include <string>

#include "iamsmith/json.hpp"

namespace iamsmith::inputs::yaml {

[[nodiscard]] json::Document parse(std::string text, const json::ParseOptions& options);

}  // namespace iamsmith::inputs::yaml
