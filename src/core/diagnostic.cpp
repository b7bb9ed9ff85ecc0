#include "iamsmith/diagnostic.hpp"

#include <algorithm>
#include <array>
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

namespace {

// IAM accepts only TAB, LF, CR and U+0020-U+00FF in a policy document, and the policy must be
// valid JSON: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
// (CreatePolicy's PolicyDocument pattern), so every extension below is rejected by AWS.
Diagnostic extension_diagnostic(const json::Extension& ext) {
  Diagnostic d;
  d.rule_id = "P002";
  d.rule_name = "json-extension";
  d.severity = Severity::Error;
  d.span = ext.span;
  switch (ext.kind) {
    case json::ExtensionKind::LineComment:
    case json::ExtensionKind::BlockComment:
      d.message = "comment in JSON: AWS rejects a policy that contains comments";
      d.notes.push_back({"delete the comment; to document a statement, give it a meaningful Sid",
                         std::nullopt});
      break;
    case json::ExtensionKind::TrailingComma:
      d.message = std::string("trailing comma before '") + ext.closing +
                  "': AWS rejects a policy with a comma after the last " +
                  (ext.closing == '}' ? "member of an object" : "element of an array");
      d.notes.push_back({"delete the comma", std::nullopt});
      break;
    case json::ExtensionKind::ByteOrderMark:
      d.message = "the file starts with a UTF-8 byte-order mark, which AWS rejects";
      d.notes.push_back({"save the file as UTF-8 without a BOM", std::nullopt});
      break;
  }
  return d;
}

std::string_view error_hint(json::ErrorKind kind) {
  switch (kind) {
    case json::ErrorKind::Empty: return "a policy is a JSON object: {\"Version\": \"2012-10-17\", \"Statement\": [...]}";
    case json::ErrorKind::TooLarge: return "raise the limit with --max-file-size if this file really is a policy";
    case json::ErrorKind::Binary: return "check that the right file was named";
    case json::ErrorKind::Utf16: return "save the file as UTF-8";
    case json::ErrorKind::InvalidUtf8: return "save the file as UTF-8";
    case json::ErrorKind::TooDeep: return "raise the limit with --max-depth if this nesting is intended";
    case json::ErrorKind::Syntax: return "fix the JSON syntax here; nothing after this point was checked";
  }
  return "";
}

}  // namespace

std::vector<Diagnostic> document_diagnostics(const json::Document& document) {
  std::vector<Diagnostic> out;
  if (document.error) {
    Diagnostic d;
    d.rule_id = "P001";
    d.rule_name = "invalid-json";
    d.severity = Severity::Error;
    d.message = document.error->message;
    d.span = document.error->span;
    d.notes.push_back({std::string(error_hint(document.error->kind)), std::nullopt});
    out.push_back(std::move(d));
  }
  for (const json::Extension& ext : document.extensions) out.push_back(extension_diagnostic(ext));
  for (const json::DuplicateKey& dup : document.duplicate_keys) {
    Diagnostic d;
    d.rule_id = "P003";
    d.rule_name = "duplicate-key";
    d.severity = Severity::Error;
    d.message = "duplicate key \"" + dup.key + "\" in one object";
    d.span = dup.second;
    d.notes.push_back({"first defined here", dup.first});
    d.notes.push_back({"JSON readers keep only one of the values, so the other is silently "
                       "ignored; merge them into one key",
                       std::nullopt});
    out.push_back(std::move(d));
  }
  sort_diagnostics(out);
  return out;
}

void sort_diagnostics(std::vector<Diagnostic>& diagnostics) {
  std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.span.line, a.span.column, a.rule_id) <
           std::tie(b.span.line, b.span.column, b.rule_id);
  });
}

}  // namespace iamsmith
