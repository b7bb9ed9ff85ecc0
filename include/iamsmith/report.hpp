#pragma once
// Reporters: findings as compiler-style text or as JSON. No policy knowledge here.

#include <array>
#include <cstddef>
#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

#include <span>

#include "iamsmith/diagnostic.hpp"
#include "iamsmith/rule.hpp"
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
// With `colour`, ANSI colours as compilers use them (for a terminal).
[[nodiscard]] std::string render_text(const FileReport& report, bool colour = false);

// One JSON document for the whole run:
// {"findings": [{"rule", "name", "severity", "message", "file", "line", "column", "pointer",
//   "notes"}], "files": [{"path", "kind"}], "summary": {"files", "errors", "security",
//   "warnings", "suggestions"}}.
[[nodiscard]] std::string render_json(const std::vector<FileReport>& reports);

// SARIF 2.1.0, with every rule's metadata and a stable fingerprint per finding (rule, file,
// pointer and message: it survives lines moving). Severity: error and security -> "error",
// warning -> "warning", suggestion -> "note".
[[nodiscard]] std::string render_sarif(const std::vector<FileReport>& reports, std::span<const Rule* const> rules);

// GitHub Actions workflow commands: one "::error file=...,line=...,col=...,title=...::message"
// line per finding.
[[nodiscard]] std::string render_github(const std::vector<FileReport>& reports);

enum class ReportFormat { Text, Json, Sarif, Github };

// The same outputs, written as a run goes: header() once, file() for each report in input order,
// footer() once. Their concatenation is exactly what the render_* functions above give for all the
// reports (those are written with it), but a caller can print each file's part and drop the file:
// what is kept between calls is the counts and, for JSON, each file's path and kind (as the
// JSON text of its "files" entry).
class ReportStream {
 public:
  explicit ReportStream(ReportFormat format, std::span<const Rule* const> rules = {}, bool colour = false);
  [[nodiscard]] std::string header();
  [[nodiscard]] std::string file(const FileReport& report);
  [[nodiscard]] std::string footer();
  // The same footer written to `out` piece by piece: JSON's "files" array of a run over many
  // files is megabytes, and is then never held twice.
  void write_footer(std::ostream& out);

 private:
  ReportFormat format_;
  std::span<const Rule* const> rules_;
  bool colour_;
  bool first_result_ = true;
  std::array<std::size_t, 4> counts_{};  // findings by severity (JSON summary)
  std::size_t file_count_ = 0;
  // The footer's start and the JSON "files" entries so far, in chunks of about 1 MiB (one string
  // grown by doubling would hold twice its size while it grows).
  std::vector<std::string> files_json_;
  [[nodiscard]] std::string summary_json() const;
};

}  // namespace iamsmith
