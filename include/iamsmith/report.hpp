#pragma once
// Reporters: findings as compiler-style text or as JSON. No policy knowledge here.

#include <string>
#include <vector>

#include "iamsmith/diagnostic.hpp"
#include "iamsmith/source.hpp"

namespace iamsmith {

struct FileReport {
  std::string path;
  const SourceText* source = nullptr;  // for the quoted source line; may be null
  std::string kind;                    // policy kind checked as ("trust", ...); empty if unknown
  std::vector<Diagnostic> diagnostics;
};

// file:line:col: severity[ID name] message
//     N | the source line
//       |      ^~~~
//   = note: ...
[[nodiscard]] std::string render_text(const FileReport& report);

// One JSON document for the whole run: {"files": [...], "summary": {...}}.
[[nodiscard]] std::string render_json(const std::vector<FileReport>& reports);

}  // namespace iamsmith
