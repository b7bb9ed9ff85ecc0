#include "iamsmith/diagnostic.hpp"

#include <algorithm>
#include <tuple>

namespace iamsmith {

std::string_view severity_name(Severity severity) {
  switch (severity) {
    case Severity::Suggestion: return "suggestion";
    case Severity::Warning: return "warning";
    case Severity::Security: return "security";
    case Severity::Error: return "error";
  }
  return "error";
}

std::optional<Severity> severity_from_name(std::string_view name) {
  for (Severity s : {Severity::Suggestion, Severity::Warning, Severity::Security, Severity::Error}) {
    if (severity_name(s) == name) return s;
  }
  return std::nullopt;
}

void sort_diagnostics(std::vector<Diagnostic>& diagnostics) {
  std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.span.line, a.span.column, a.rule_id) <
           std::tie(b.span.line, b.span.column, b.rule_id);
  });
}

}  // namespace iamsmith
