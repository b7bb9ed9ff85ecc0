#include <cctype>

#include "p_helpers.hpp"

namespace iamsmith::rules {
namespace {

// The reference tokens of a JSON pointer, unescaped (RFC 6901: "~1" is '/', "~0" is '~').
std::vector<std::string> pointer_tokens(std::string_view pointer) {
  std::vector<std::string> tokens;
  std::size_t pos = 0;
  while (pos < pointer.size() && pointer[pos] == '/') {
    const std::size_t end = std::min(pointer.find('/', pos + 1), pointer.size());
    std::string token;
    for (std::size_t i = pos + 1; i < end; ++i) {
      if (pointer[i] == '~' && i + 1 < end && (pointer[i + 1] == '0' || pointer[i + 1] == '1')) {
        token.push_back(pointer[i + 1] == '0' ? '~' : '/');
        ++i;
      } else {
        token.push_back(pointer[i]);
      }
    }
    tokens.push_back(std::move(token));
    pos = end;
  }
  return tokens;
}

bool is_index(std::string_view token) {
  return !token.empty() && std::all_of(token.begin(), token.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
  });
}

// "the value of \"Action\"", "item 2 of \"Action\"", "the policy".
std::string element_name(std::string_view pointer) {
  const std::vector<std::string> tokens = pointer_tokens(pointer);
  if (tokens.empty()) return "the policy";
  const std::string& last = tokens.back();
  if (is_index(last) && tokens.size() >= 2)
    return "item " + last + " of " + in_quotes(tokens[tokens.size() - 2]);
  return "the value of " + in_quotes(last);
}

// The value as written, when it is short enough to quote: "42", "true", "null".
std::string shown_value(const LintInput& in, const TypeMismatch& m) {
  switch (m.actual) {
    case json::Type::Number:
    case json::Type::Bool:
    case json::Type::String: {
      constexpr std::size_t kMaxShown = 40;
      const std::string& text = in.loaded.document.source.text();
      if (m.span.length == 0 || m.span.length > kMaxShown || m.span.offset + m.span.length > text.size())
        return "";
      return " (" + text.substr(m.span.offset, m.span.length) + ")";
    }
    case json::Type::Null:
    case json::Type::Array:
    case json::Type::Object: return "";
  }
  return "";
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  for (const TypeMismatch& m : in.policy->type_mismatches) {
    const std::string actual(json::type_name(m.actual));
    std::vector<Note> notes;
    const bool wants_string = m.expected.find("string") != std::string::npos;
    switch (m.actual) {
      case json::Type::Number:
      case json::Type::Bool:
        notes.push_back({wants_string ? "write the value as a string: put it in double quotes"
                                      : "write it as " + m.expected,
                         std::nullopt});
        break;
      case json::Type::Null: notes.push_back({"give the element a value, or delete it", std::nullopt}); break;
      case json::Type::String:
      case json::Type::Array:
      case json::Type::Object: notes.push_back({"write it as " + m.expected, std::nullopt}); break;
    }
    const bool root = m.span.pointer.empty();
    if (root)
      notes = {
          {"a policy is a JSON object: {\"Version\": \"2012-10-17\", \"Statement\": [...]}", std::nullopt}};
    out.report(
        m.span,
        element_name(m.span.pointer) + " is " + actual + shown_value(in, m) +
            (root ? ", but a policy must be " + m.expected : ", but IAM expects " + m.expected + " there"),
        std::move(notes));
  }
}

}  // namespace

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
extern const Rule kP015WrongType{
    .id = "P015",
    .name = "wrong-type",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary =
        "A value of a JSON type the policy grammar does not allow at its place (\"Action\": 42, "
        "\"Statement\": \"...\").",
    .rationale =
        "IAM's grammar fixes the JSON type of every element: Version, Sid and Effect are strings; "
        "Action and Resource are a string or an array of strings; Statement is an object or an array "
        "of objects; Condition maps operators to objects. AWS rejects a policy with any other type, "
        "and iamsmith cannot check what the value was meant to say.",
    .exceptions = "",
    .fix =
        "Write the value in the type the element takes: quote numbers such as account IDs, and wrap "
        "several values in an array.",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"states:StartExecution\",\n"
        "      \"Resource\": [\n        \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\",\n"
        "        {\"arn\": \"arn:aws:states:us-east-1:111122223333:stateMachine:Billing\"}\n      ]\n"
        "    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Resource/1",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"states:StartExecution\",\n"
        "      \"Resource\": [\n        \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\",\n"
        "        \"arn:aws:states:us-east-1:111122223333:stateMachine:Billing\"\n      ]\n"
        "    }\n  ]\n}\n",
    .example_context = {},
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
    .check = check,
};

}  // namespace iamsmith::rules
