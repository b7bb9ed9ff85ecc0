#pragma once
// Findings: what is wrong, where, and notes on why and how to fix it.

#include <initializer_list>
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
  // Set by a lint run over files (iamsmith/baseline.hpp, set_fingerprints): a hash of the
  // repository-relative path, the rule and the flagged element. Empty elsewhere.
  std::string fingerprint;
};

// A finding's stable fingerprint (SARIF partialFingerprints, baselines): finding.fingerprint when
// a lint run set it, else a hash of the rule, `file` and the JSON pointer (never the message or
// the line).
[[nodiscard]] std::string fingerprint(const Diagnostic& finding, std::string_view file);
// The hash fingerprints are made of: 16 hex digits of FNV-1a over the parts, separated.
[[nodiscard]] std::string fingerprint_hash(std::initializer_list<std::string_view> parts);

// Orders findings by line, column, then rule id.
void sort_diagnostics(std::vector<Diagnostic>& diagnostics);

}  // namespace iamsmith
