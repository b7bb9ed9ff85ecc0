#pragma once
// Findings: what is wrong, where, and notes on why and how to fix it.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iamsmith/source.hpp"

namespace iamsmith {

// IAM Access Analyzer's finding types, ordered from least to most serious.
enum class Severity { Suggestion, Warning, Security, Error };
[[nodiscard]] std::string_view severity_name(Severity severity);
[[nodiscard]] std::optional<Severity> severity_from_name(std::string_view name);

struct Note {
  std::string message;
  std::optional<SourceSpan> span;  // a related place in the same file, if any
};

struct Diagnostic {
  std::string rule_id;    // "P002"
  std::string rule_name;  // "json-extension"
  Severity severity = Severity::Error;
  std::string message;    // states the fact and names the element
  SourceSpan span;
  std::vector<Note> notes;
};

// A stable fingerprint of a finding in `file`: rule, file, JSON pointer and message, not the
// line, so that it survives edits elsewhere in the file (SARIF partialFingerprints, baselines).
[[nodiscard]] std::string fingerprint(const Diagnostic& finding, std::string_view file);

// Orders findings by line, column, then rule id.
void sort_diagnostics(std::vector<Diagnostic>& diagnostics);

}  // namespace iamsmith
