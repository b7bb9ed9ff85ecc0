#include "iamsmith/fix.hpp"
#include "p_helpers.hpp"

namespace iamsmith::rules {
namespace {

// The first string value that holds a policy variable ("${aws:username}"), in document order.
const json::Node* first_variable(const json::Node& node) {
  if (node.is_string()) return node.text.find("${") != std::string::npos ? &node : nullptr;
  for (const json::Node& item : node.items) {
    if (const json::Node* found = first_variable(item)) return found;
  }
  for (const json::Member& member : node.members) {
    if (const json::Node* found = first_variable(member.value)) return found;
  }
  return nullptr;
}

void check(const LintInput& in, FindingSink& out) {
  if (!p::root_is_object(in)) return;
  const Policy& policy = *in.policy;
  // A Version of the wrong type (P015) or an unknown version (P004) is reported there.
  if (p::has_key(policy.keys, "Version") && !(policy.version && policy.version->text == p::kOldVersion))
    return;
  std::vector<Note> notes;
  // Without a Version, IAM reads the policy as 2008-10-17, where policy variables are literal
  // text. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html
  if (const json::Node* variable = first_variable(*in.loaded.document.root)) {
    notes.push_back({"this policy variable is matched as the literal text " + in_quotes(variable->text) +
                         ", so the statement does not apply to what it names",
                     variable->span});
  }
  notes.push_back({"add \"Version\": \"2012-10-17\" as the first element of the policy", std::nullopt});
  if (policy.version) {
    out.report(policy.version->span,
               "policy language version \"2008-10-17\" is the old version: policy variables such as "
               "${aws:username} are not substituted but read as literal text",
               std::move(notes));
    return;
  }
  out.report(policy.span,
             "the policy has no \"Version\": IAM then reads it as version \"2008-10-17\", where policy "
             "variables such as ${aws:username} are literal text",
             std::move(notes));
}

// The object that starts at byte `offset` of the text, or null: the policy a finding is at (an
// embedded one is a node of its container's tree).
const json::Node* object_at(const json::Node& node, std::size_t offset) {
  if (offset < node.span.offset || offset >= std::size_t{node.span.offset} + node.span.length) return nullptr;
  if (node.is_object() && node.span.offset == offset) return &node;
  for (const json::Node& item : node.items) {
    if (const json::Node* found = object_at(item, offset)) return found;
  }
  for (const json::Member& member : node.members) {
    if (const json::Node* found = object_at(member.value, offset)) return found;
  }
  return nullptr;
}

// A missing Version is added as the policy's first element, indented as its first member is.
// "2008-10-17" written out is left alone: someone chose it, and changing it changes what the
// policy's variables mean.
std::vector<TextEdit> autofix(const Diagnostic& finding, const LoadedPolicy& loaded) {
  const json::Document& doc = loaded.document;
  if (!doc.root) return {};
  const json::Node* object = object_at(*doc.root, finding.span.offset);
  if (object == nullptr || object->members.empty() || object->span.pointer != finding.span.pointer) return {};
  for (const json::Member& m : object->members) {
    if (ci_equals(m.key, "Version")) return {};
  }
  const std::string& text = doc.source.text();
  const std::size_t open = object->span.offset;
  const std::size_t first = object->members.front().key_span.offset;
  if (open >= text.size() || text[open] != '{' || first <= open || first > text.size()) return {};
  const std::string_view between(text.data() + open + 1, first - open - 1);
  const std::size_t nl = between.rfind('\n');
  if (nl == std::string_view::npos || between.find_first_not_of(" \t\r\n") != std::string_view::npos) {
    // On one line (or after a comment): before the first key.
    return {TextEdit{first, 0, "\"Version\": \"2012-10-17\", "}};
  }
  const std::string indent(between.substr(nl + 1));
  const std::string eol = nl > 0 && between[nl - 1] == '\r' ? "\r\n" : "\n";  // the file's own line ends
  return {TextEdit{open + 1, 0, eol + indent + "\"Version\": \"2012-10-17\","}};
}

}  // namespace

extern const Rule kP005MissingVersion{
    .id = "P005",
    .name = "missing-version",
    .severity = Severity::Warning,
    .status = RuleStatus::Stable,
    .summary = "The policy has no Version, or uses the old version \"2008-10-17\".",
    .rationale =
        "Without a Version element IAM evaluates the policy under the old \"2008-10-17\" language, "
        "in which policy variables (${aws:username}, ${aws:PrincipalTag/team}) are not replaced by "
        "their values but matched as literal text, and newer features are unavailable. A policy "
        "that works today can silently stop working once someone adds a variable to it.",
    .exceptions =
        "A policy without variables behaves the same under both versions; the finding is still "
        "worth fixing so that later edits keep working.",
    .fix =
        "Add \"Version\": \"2012-10-17\" at the top of the policy, or change \"2008-10-17\" to "
        "\"2012-10-17\".",
    .bad_example =
        "{\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"states:DescribeExecution\",\n"
        "      \"Resource\": \"arn:aws:states:us-east-1:111122223333:execution:Orders:*\"\n    }\n  ]\n}\n",
    .bad_pointer = "",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"states:DescribeExecution\",\n"
        "      \"Resource\": \"arn:aws:states:us-east-1:111122223333:execution:Orders:*\"\n    }\n  ]\n}\n",
    .example_context = {},
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html",
    .check = check,
    .autofix = autofix,
};

}  // namespace iamsmith::rules
