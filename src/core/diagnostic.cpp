#include "iamsmith/diagnostic.hpp"

#include <algorithm>
#include <cstdint>
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

std::string fingerprint_hash(std::initializer_list<std::string_view> parts) {
  // FNV-1a, 64 bits: the same on every machine and every run.
  std::uint64_t hash = 14695981039346656037ULL;
  for (std::string_view part : parts) {
    for (const char c : part) {
      hash ^= static_cast<unsigned char>(c);
      hash *= 1099511628211ULL;
    }
    hash ^= 0xFFU;  // a separator, so ("ab", "c") and ("a", "bc") differ
    hash *= 1099511628211ULL;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (std::size_t i = 16; i > 0; --i) {
    out[i - 1] = kHex[hash & 0xFU];
    hash >>= 4U;
  }
  return out;
}

std::string fingerprint(const Diagnostic& finding, std::string_view file) {
  if (!finding.fingerprint.empty()) return finding.fingerprint;
  return fingerprint_hash({finding.rule_id, file, finding.span.pointer});
}

void sort_diagnostics(std::vector<Diagnostic>& diagnostics) {
  std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.span.line, a.span.column, a.rule_id) <
           std::tie(b.span.line, b.span.column, b.rule_id);
  });
}

}  // namespace iamsmith
