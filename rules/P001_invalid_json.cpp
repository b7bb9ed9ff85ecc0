#include "rule_helpers.hpp"
#include "iamsmith/limits.hpp"

namespace iamsmith::rules {
namespace {

static_assert(json::kMaxDepthLimit == 10000, "the --max-depth hint below names the limit");

std::string_view hint(json::ErrorKind kind) {
  switch (kind) {
    case json::ErrorKind::Empty: return "a policy is a JSON object: {\"Version\": \"2012-10-17\", \"Statement\": [...]}";
    case json::ErrorKind::TooLarge: return "raise the limit with --max-file-size if this file really is a policy";
    case json::ErrorKind::Binary: return "check that the right file was named";
    case json::ErrorKind::Utf16: return "save the file as UTF-8";
    case json::ErrorKind::InvalidUtf8: return "save the file as UTF-8";
    case json::ErrorKind::TooDeep:
      return "if this nesting is intended, raise the limit with --max-depth (at most 10000 levels)";
    case json::ErrorKind::Syntax: return "fix the JSON syntax here; nothing after this point was checked";
  }
  return "";
}

void check(const LintInput& in, FindingSink& out) {
  const auto& error = in.loaded.document.error;
  if (!error) return;
  out.report(error->span, error->message, {{std::string(hint(error->kind)), std::nullopt}});
}

}  // namespace

extern const Rule kP001InvalidJson{
    .id = "P001",
    .name = "invalid-json",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "The file is not JSON (or, for a YAML template, not YAML): a syntax error, an empty or binary file, text that is not UTF-8, "
               "or a file over the size or nesting limit.",
    .rationale = "AWS accepts only a valid JSON document as a policy. iamsmith reports the first position "
                 "where the text stops being JSON; nothing after it can be checked until it is fixed.",
    .exceptions = "",
    .fix = "Correct the JSON at the reported position: a missing comma, a missing quote, single quotes "
           "instead of double quotes, an unclosed bracket.",
    .bad_example = "{\n  \"Version\": \"2012-10-17\"\n  \"Statement\": []\n}\n",
    .bad_pointer = "",
    .good_example = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
                    "      \"Action\": \"s3:GetObject\",\n      \"Resource\": \"arn:aws:s3:::bucket/*\"\n    }\n  ]\n}\n",
    .example_context = {},
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html",
    .check = check,
};

}  // namespace iamsmith::rules
