#include "rule_helpers.hpp"

namespace iamsmith::rules {
namespace {

// What is wrong with the first malformed ${...} in `text`, if anything. Syntax: ${key} or
// ${key, 'default'}; ${*}, ${?} and ${$} are escapes for the literal characters.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
std::optional<std::string> variable_problem(std::string_view text) {
  for (std::size_t open = text.find("${"); open != std::string_view::npos; open = text.find("${", open + 2)) {
    const std::size_t close = text.find('}', open + 2);
    if (close == std::string_view::npos) return "the policy variable that starts at ${ has no closing }";
    const std::string_view inside = text.substr(open + 2, close - open - 2);
    if (inside.find_first_not_of(' ') == std::string_view::npos) return "${} is an empty policy variable";
    const std::size_t comma = inside.find(',');
    const std::string_view name = inside.substr(0, comma);
    if (name.find(' ') != std::string_view::npos) {
      return "the policy variable ${" + std::string(inside) + "} has a space in its name";
    }
    if (comma != std::string_view::npos) {
      std::string_view fallback = inside.substr(comma + 1);
      while (!fallback.empty() && fallback.front() == ' ') fallback.remove_prefix(1);
      while (!fallback.empty() && fallback.back() == ' ') fallback.remove_suffix(1);
      if (fallback.size() < 2 || fallback.front() != '\'' || fallback.back() != '\'') {
        return "the default value of ${" + std::string(inside) + "} must be in single quotes ('...')";
      }
    }
  }
  return std::nullopt;
}

bool has_variable(std::string_view text) {
  for (std::size_t open = text.find("${"); open != std::string_view::npos; open = text.find("${", open + 2)) {
    const std::string_view rest = text.substr(open);
    if (!rest.starts_with("${*}") && !rest.starts_with("${?}") && !rest.starts_with("${$}")) return true;
  }
  return false;
}

void check_values(const ValueList* values, FindingSink& out) {
  if (values == nullptr) return;
  for (const Scalar& v : *values) {
    if (v.type != json::Type::String) continue;
    if (auto problem = variable_problem(v.text)) {
      out.report(v.span, "malformed policy variable in " + in_quotes(v.text) + ": " + *problem,
                 {{"write ${<key>} (such as ${aws:username}), optionally with a default: ${<key>, 'value'}",
                   std::nullopt}});
    }
  }
}

void check_unsupported(const ValueList* values, std::string_view element, FindingSink& out) {
  if (values == nullptr) return;
  for (const Scalar& v : *values) {
    if (v.type != json::Type::String || !has_variable(v.text)) continue;
    out.report(v.span,
               "policy variable in " + std::string(element) + " " + in_quotes(v.text) +
                   ": IAM replaces variables only in Resource, NotResource and Condition values",
               {{"here the text is matched literally; name the " + std::string(element == "Action" || element == "NotAction" ? "actions" : "principals") +
                     " themselves",
                 std::nullopt}});
  }
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  for (const Statement& st : in.policy->statements()) {
    const auto ptr = [](const std::optional<ValueList>& v) { return v ? &*v : nullptr; };
    check_values(ptr(st.resource), out);
    check_values(ptr(st.not_resource), out);
    if (st.condition) {
      for (const ConditionOperator& op : st.condition->operators) {
        for (const ConditionEntry& entry : op.entries) {
          check_values(&entry.values, out);
        }
      }
    }
    check_unsupported(ptr(st.action), "Action", out);
    check_unsupported(ptr(st.not_action), "NotAction", out);
    for_each_principal_group(st, [&](const PrincipalGroup& group) {
      check_unsupported(&group.values, "Principal", out);
    });
  }
}

}  // namespace

// Access Analyzer: "Missing brace in variable", "Empty variable", "Unsupported space in variable",
// "Missing quote in variable", "Variable unsupported in element".
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
extern const Rule kP024PolicyVariableSyntax{
    .id = "P024",
    .name = "policy-variable-syntax",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "A malformed policy variable (\"${aws:username\", \"${}\", a space in the name, an unquoted default), "
               "or a policy variable in Action, NotAction or Principal.",
    .rationale = "A policy variable is ${key}, optionally ${key, 'default'}, and IAM replaces it only in Resource, "
                 "NotResource and the values of String, ARN and Bool conditions. A variable without its closing "
                 "brace, an empty one, one with a space in its name or an unquoted default is rejected by Access "
                 "Analyzer, and in Action or Principal the text is never replaced.",
    .exceptions = "${*}, ${?} and ${$} are the escapes for the literal characters and are not variables. A variable "
                  "under an operator that does not replace variables is C007's finding.",
    .fix = "Write ${aws:username}, ${aws:PrincipalTag/team} or ${aws:PrincipalTag/team, 'none'}; in Action and "
           "Principal, name the actions and principals.",
    .bad_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::home/${aws:username/*"
    }
  ]
}
)j",
    .bad_pointer = "/Statement/0/Resource",
    .good_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::home/${aws:username}/*"
    }
  ]
}
)j",
    .example_context = {},
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
    .check = check,
};

}  // namespace iamsmith::rules
