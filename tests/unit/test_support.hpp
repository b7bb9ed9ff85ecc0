#pragma once
// Helpers shared by the unit tests: test data lives in tests/data (IAMSMITH_TEST_DATA).

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace iamsmith::test {

inline std::filesystem::path data_path(const std::string& relative) {
  return std::filesystem::path(IAMSMITH_TEST_DATA) / relative;
}

inline std::string read_data(const std::string& relative) {
  std::ifstream in(data_path(relative), std::ios::binary);
  if (!in) throw std::runtime_error("test data missing: " + relative);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace iamsmith::test
