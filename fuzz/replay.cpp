// The fuzz targets outside libFuzzer: `iamsmith_fuzz_replay TARGET PATH...` runs TARGET once on
// every file (a directory: every file below it, in sorted order). CTest runs it on the saved
// crash inputs (fuzz/regressions/TARGET/) and the seed files under tests/, in every build.
// Exit codes: 0 every input ran; 2 usage or an unreadable input. A crash is a crash.

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "fuzz.hpp"

namespace iamsmith::fuzz {
namespace {

std::map<std::string, Target>& targets() {
  static std::map<std::string, Target> table;
  return table;
}

}  // namespace

Registration::Registration(const char* name, Target target) { targets()[name] = target; }

}  // namespace iamsmith::fuzz

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  const auto& table = iamsmith::fuzz::targets();
  const auto found = argc >= 2 ? table.find(argv[1]) : table.end();
  if (found == table.end()) {
    std::cerr << "usage: iamsmith_fuzz_replay TARGET PATH...\ntargets:";
    for (const auto& [name, target] : table) std::cerr << " " << name;
    std::cerr << "\n";
    return 2;
  }
  std::vector<fs::path> files;
  for (int i = 2; i < argc; ++i) {
    std::error_code ec;
    if (fs::is_directory(argv[i], ec)) {
      for (const auto& entry : fs::recursive_directory_iterator(argv[i], ec)) {
        if (entry.is_regular_file(ec)) files.push_back(entry.path());
      }
    } else {
      files.emplace_back(argv[i]);
    }
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      std::cerr << "iamsmith_fuzz_replay: cannot read " << file.string() << "\n";
      return 2;
    }
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    found->second(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  }
  std::cout << argv[1] << ": " << files.size() << (files.size() == 1 ? " input" : " inputs") << " ran\n";
  return 0;
}
