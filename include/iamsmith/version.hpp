#pragma once

#include <string>
#include <string_view>

namespace iamsmith {

[[nodiscard]] std::string_view version();  // "0.1.0"
// Multi-line build description for --version: compiler, build type, C++ standard.
[[nodiscard]] std::string build_info();

}  // namespace iamsmith
