#pragma once
// Reporters: findings as compiler-style text or as JSON. No policy knowledge here.

#include <array>
#include <cstddef>
#include <cstdio>
#include <memory>
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
// With `colour`, ANSI colours as compilers use them (for a terminal). The quoted line is a window
// of it around the span when it is long (a minified policy), and control characters, bytes that
// are not UTF-8 and bidirectional overrides in it are written as escapes (\x1b, \u{202e}), so
// that a binary or hostile file cannot drive the terminal. Without `quote_source` (--no-source),
// the line and caret are left out.
[[nodiscard]] std::string render_text(const FileReport& report, bool colour = false, bool quote_source = true);

// One line per finding, for editors and grep: "file:line:col: ID message".
[[nodiscard]] std::string render_concise(const FileReport& report);

// One JSON document for the whole run:
// {"schemaVersion": 1, "findings": [{"rule", "name", "severity", "message", "file", "line", "column", "pointer",
//   "notes"}], "files": [{"path", "kind"}], "summary": {"files", "errors", "security",
//   "warnings", "suggestions"}}.
[[nodiscard]] std::string render_json(const std::vector<FileReport>& reports);

// What a SARIF log says about where it was made.
struct SarifOptions {
  // The directory artifact URIs are relative to, named "%SRCROOT%" (uriBaseId) and written in
  // run.originalUriBaseIds as a file:// URI: an absolute, normalised path (sarif_source_root()).
  // A file outside it is written as an absolute file:// URI. Empty: every URI is relative to
  // %SRCROOT% without saying where that is (tests: the output does not depend on the machine).
  std::string source_root;
  // run.automationDetails.id: GitHub code scanning tells the analyses of one commit apart by
  // its category, the part before the last '/'.
  std::string automation_id = "iamsmith/lint/";
};

// The %SRCROOT% of a run in `working_directory`: the nearest directory upwards holding .git (the
// repository a code-scanning upload is about), else `working_directory` itself; absolute and
// lexically normal.
// One root per run, as SARIF has one %SRCROOT%; fingerprints (baseline.hpp, RepositoryPaths)
// find each file's own git root, so a finding keeps its fingerprint whichever run reports it.
[[nodiscard]] std::string sarif_source_root(const std::string& working_directory);

// The artifact URI of `path` (as the user named it) against `source_root` (see SarifOptions):
// relative, with no "./", segments percent-encoded (RFC 3986: a space is %20); a file outside
// the root, or any absolute path when the root is empty, as file:///abs/path. Empty for standard
// input that has no name ("<stdin>"): SARIF has no URI for it.
[[nodiscard]] std::string sarif_uri(const std::string& path, const std::string& source_root);

// GitHub's properties.security-severity of a rule (a CVSS-like score, read only for rules
// tagged "security": 9.0+ critical, 7.0-8.9 high, 4.0-6.9 medium, below 4 low), from its
// severity and family: a security rule of who may come in (T: trust, X: cross-account
// chain, and W004/W007, which open a policy to everyone) is critical (9.1), any other security
// rule high (8.1); error 5.5, warning 4.0 (medium), suggestion 2.0 (low). docs/json-output.md
// lists it with the other SARIF fields.
[[nodiscard]] std::string_view security_severity(const Rule& rule);

// SARIF 2.1.0, with every rule's metadata and a stable fingerprint per finding (rule, file,
// pointer and message: it survives lines moving). Severity: error and security -> "error",
// warning -> "warning", suggestion -> "note".
[[nodiscard]] std::string render_sarif(const std::vector<FileReport>& reports, std::span<const Rule* const> rules,
                                       const SarifOptions& options = {});

// GitHub Actions workflow commands: one "::error file=...,line=...,col=...,title=...::message"
// line per finding.
[[nodiscard]] std::string render_github(const std::vector<FileReport>& reports);

// The version of the JSON output's shape ("schemaVersion"): raised when a member is removed or
// changes meaning (docs/json-output.md); members may be added without it.
inline constexpr int kJsonSchemaVersion = 1;

enum class ReportFormat { Text, Json, Sarif, Github, Concise };

// How many findings one rule made in a run (--statistics).
struct RuleStatistic {
  std::string rule;  // "W001"
  std::string name;  // "full-access"
  Severity severity = Severity::Error;  // of its first finding
  std::size_t count = 0;
};

struct ReportOptions {
  bool colour = false;        // text: ANSI colours
  bool quote_source = true;   // text: the source line and caret under each finding
  SarifOptions sarif;
  // JSON: a "statistics" member after "files", [{"rule", "name", "severity", "count"}], most
  // findings first (lint --statistics).
  bool statistics = false;
};

// The same outputs, written as a run goes: header() once, file() for each report in input order,
// footer() once. Their concatenation is exactly what the render_* functions above give for all the
// reports (those are written with it), but a caller can print each file's part and drop the file:
// what is kept between calls is the counts and, for JSON, each file's path and kind (as the
// JSON text of its "files" entry).
class ReportStream {
 public:
  explicit ReportStream(ReportFormat format, std::span<const Rule* const> rules = {}, bool colour = false);
  ReportStream(ReportFormat format, std::span<const Rule* const> rules, ReportOptions options);
  [[nodiscard]] std::string header();
  [[nodiscard]] std::string file(const FileReport& report);
  [[nodiscard]] std::string footer();
  // The same footer written to `out` piece by piece: JSON's "files" array of a run over many
  // files is megabytes, and is then never held twice.
  void write_footer(std::ostream& out);
  // Counts a report's findings per rule without rendering it (file() counts what it renders).
  void count(const FileReport& report);
  // The findings counted so far per rule, most first, then by rule id.
  [[nodiscard]] std::vector<RuleStatistic> statistics() const;

 private:
  ReportFormat format_;
  std::span<const Rule* const> rules_;
  ReportOptions options_;
  bool first_result_ = true;
  std::array<std::size_t, 4> counts_{};  // findings by severity (JSON summary)
  std::size_t file_count_ = 0;
  std::vector<RuleStatistic> by_rule_;  // in order of first finding
  // The footer's start and the JSON "files" entries so far, in chunks of about 1 MiB (one string
  // grown by doubling would hold twice its size while it grows). Past a few chunks, the last one
  // is written to an unnamed temporary file each time it fills (what it held comes, in the
  // footer, between the chunk before it and what it holds then), so that a run over many files
  // holds a few MiB of them whatever their number; without a temporary file, they stay in memory.
  std::vector<std::string> files_json_;
  struct FileCloser {
    void operator()(std::FILE* f) const;
  };
  std::unique_ptr<std::FILE, FileCloser> spill_;
  std::size_t spilled_bytes_ = 0;
  bool spill_failed_ = false;
  bool spill(const std::string& chunk);
  [[nodiscard]] std::string summary_json() const;
};

}  // namespace iamsmith
