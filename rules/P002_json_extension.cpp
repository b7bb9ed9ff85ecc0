#include "iamsmith/fix.hpp"
#include "rule_helpers.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  for (const json::Extension& ext : in.loaded.document.extensions) {
    switch (ext.kind) {
      case json::ExtensionKind::LineComment:
      case json::ExtensionKind::BlockComment:
        out.report(ext.span, "comment in JSON: AWS rejects a policy that contains comments",
                   {{"delete the comment; to document a statement, give it a meaningful Sid", std::nullopt}});
        break;
      case json::ExtensionKind::TrailingComma:
        out.report(ext.span,
                   std::string("trailing comma before '") + ext.closing +
                       "': AWS rejects a policy with a comma after the last " +
                       (ext.closing == '}' ? "member of an object" : "element of an array"),
                   {{"delete the comma", std::nullopt}});
        break;
      case json::ExtensionKind::ByteOrderMark:
        out.report(ext.span, "the file starts with a UTF-8 byte-order mark, which AWS rejects",
                   {{"save the file as UTF-8 without a BOM", std::nullopt}});
        break;
      // CloudFormation's YAML parser accepts no anchors, aliases or merge keys (reported by its
      // maintainers: https://github.com/aws-cloudformation/cfn-lint-visual-studio-code/issues/158).
      case json::ExtensionKind::YamlAlias:
        out.report(ext.span, "YAML alias: CloudFormation does not accept anchors, aliases or merge keys",
                   {{"write the value out in full (iamsmith checked it expanded)", std::nullopt}});
        break;
    }
  }
}

// Deleting a comment, a trailing comma or the byte-order mark changes nothing a JSON reader
// sees. An alias is left alone: writing it out is a change of the YAML, not a deletion.
std::vector<TextEdit> autofix(const Diagnostic& finding, const LoadedPolicy& loaded) {
  const std::string& text = loaded.document.source.text();
  const std::size_t offset = finding.span.offset;
  const std::size_t length = finding.span.length;
  if (offset > text.size() || length > text.size() - offset) return {};
  const std::string_view at(text.data() + offset, length);
  for (const json::Extension& ext : loaded.document.extensions) {
    if (ext.span.offset != offset || ext.span.length != length) continue;
    switch (ext.kind) {
      case json::ExtensionKind::LineComment:
      case json::ExtensionKind::BlockComment:
        if (at.starts_with("//") || at.starts_with("/*")) return {tidy_deletion(text, offset, length)};
        return {};
      case json::ExtensionKind::TrailingComma:
        if (at == ",") return {TextEdit{offset, 1, ""}};
        return {};
      case json::ExtensionKind::ByteOrderMark:
        if (offset == 0 && at == "\xEF\xBB\xBF") return {TextEdit{0, 3, ""}};
        return {};
      case json::ExtensionKind::YamlAlias: return {};
    }
  }
  return {};
}

}  // namespace

// AWS's own tutorial (tutorial-access-cross-acct-resources) prints its policies with `//`
// comments, and its definition with a trailing comma; pasted as they are, AWS rejects them.
extern const Rule kP002JsonExtension{
    .id = "P002",
    .name = "json-extension",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "Comments, trailing commas or a byte-order mark: text that some editors accept and AWS rejects.",
    .rationale = "A policy must be strict JSON, in the characters TAB, LF, CR and U+0020-U+00FF. "
                 "iamsmith reads such files anyway so that every other check still runs, and reports "
                 "each extension where it is, because the upload will fail on it.",
    .exceptions = "",
    .fix = "Delete the comment or the comma; save the file as UTF-8 without a byte-order mark. "
           "Keep explanations in a Sid, a commit message or a README.",
    .bad_example = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
                   "      \"Action\": \"sts:AssumeRole\",\n"
                   "      \"Resource\": \"arn:aws:iam::111122223333:role/LambdaRole\"  // the target role\n"
                   "    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0",
    .good_example = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": \"AssumeLambdaRole\",\n"
                    "      \"Effect\": \"Allow\",\n      \"Action\": \"sts:AssumeRole\",\n"
                    "      \"Resource\": \"arn:aws:iam::111122223333:role/LambdaRole\"\n    }\n  ]\n}\n",
    .example_context = {},
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html\n"
                  "https://docs.aws.amazon.com/step-functions/latest/dg/tutorial-access-cross-acct-resources.html",
    .check = check,
    .autofix = autofix,
};

}  // namespace iamsmith::rules
