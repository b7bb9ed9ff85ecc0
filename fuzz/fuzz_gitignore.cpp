// The .gitignore matcher: `PATTERNS\0PATH\nPATH...` — the bytes before the first NUL are a
// .gitignore file, each line after it a path relative to that file's directory, matched as a
// directory when it ends in '/'. Patterns become re2 regular expressions (walk.cpp), so this is
// the glob translation (brackets, "**", escapes, negation, anchoring) on hostile text.

#include <string_view>

#include "fuzz.hpp"
#include "iamsmith/walk.hpp"

IAMSMITH_FUZZ_TARGET(gitignore) {
  const std::string_view text = iamsmith::fuzz::as_text(data, size);
  const std::size_t nul = text.find('\0');
  const std::string_view patterns = text.substr(0, nul);
  std::string_view paths = nul == std::string_view::npos ? std::string_view("a/b.json\nnode_modules/\n")
                                                         : text.substr(nul + 1);
  const iamsmith::GitignoreFile file(patterns);
  while (!paths.empty()) {
    const std::size_t end = paths.find('\n');
    std::string_view path = paths.substr(0, end);
    paths = end == std::string_view::npos ? std::string_view() : paths.substr(end + 1);
    const bool is_directory = !path.empty() && path.back() == '/';
    if (is_directory) path.remove_suffix(1);
    (void)file.match(path, is_directory);
  }
  return 0;
}
