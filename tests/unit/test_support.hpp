#pragma once
// Helpers shared by the unit tests: test data lives in tests/data (IAMSMITH_TEST_DATA).

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <system_error>

namespace iamsmith::test {

// A scratch directory under the system's temporary directory, emptied first and removed afterwards.
class TempDir {
 public:
  explicit TempDir(const std::string& name) : path_(std::filesystem::temp_directory_path() / name) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

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
