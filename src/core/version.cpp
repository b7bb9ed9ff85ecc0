#include "iamsmith/version.hpp"

namespace iamsmith {

std::string_view version() { return IAMSMITH_VERSION; }

std::string build_info() {
  std::string out;
  out += "build: " IAMSMITH_BUILD_TYPE ", " IAMSMITH_COMPILER ", C++";
  out += std::to_string(__cplusplus / 100 % 100);
#if defined(__SANITIZE_ADDRESS__)
  out += ", AddressSanitizer";
#endif
  out += "\n";
  return out;
}

}  // namespace iamsmith
