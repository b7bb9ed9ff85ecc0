#include "p_helpers.hpp"

namespace iamsmith::rules {
namespace {

bool is_sid_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// "allow-start_orders" -> "AllowStartOrders": the characters IAM refuses dropped, each word after
// one capitalised so that the Sid stays readable.
std::string suggested_sid(std::string_view sid) {
  std::string out;
  bool capitalise = false;
  for (char c : sid) {
    if (!is_sid_char(c)) {
      capitalise = !out.empty();
      continue;
    }
    out.push_back(capitalise && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
    capitalise = false;
  }
  return out;
}

// The refused characters, each once, for the message: "'-' and ' '".
std::string refused_characters(std::string_view sid) {
  std::string seen;
  for (char c : sid) {
    if (!is_sid_char(c) && seen.find(c) == std::string::npos) seen.push_back(c);
  }
  std::string out;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    if (i != 0) out += i + 1 == seen.size() ? " and " : ", ";
    const auto byte = static_cast<unsigned char>(seen[i]);
    if (byte < 0x80) {
      out += '\'';
      out += seen[i];
      out += '\'';
    } else {
      out += "non-ASCII text";
      break;
    }
  }
  return out;
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  // The character rule is IAM's: "The Sid element supports ASCII uppercase letters (A-Z),
  // lowercase letters (a-z), and numbers (0-9)", and IAM answers "Statement IDs (SID) must be
  // alpha-numeric". Resource policies take the rules of their service (the default KMS key policy
  // has the Sid "Enable IAM User Permissions"), so they are left alone.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html
  // https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
  if (in.kind == PolicyKind::Resource) return;
  for (const Statement& st : in.policy->statements()) {
    if (!st.sid) continue;
    const std::string& sid = st.sid->text;
    bool valid = true;
    for (char c : sid) valid = valid && is_sid_char(c);
    if (valid) continue;
    std::vector<Note> notes;
    const std::string fixed = suggested_sid(sid);
    if (!fixed.empty()) notes.push_back({"use " + in_quotes(fixed) + " instead", std::nullopt});
    notes.push_back({"an IAM Sid may contain only the letters A-Z and a-z and the digits 0-9", std::nullopt});
    out.report(st.sid->span,
               "Sid " + in_quotes(sid) + " contains " + refused_characters(sid) +
                   ", which IAM does not accept in a Sid",
               std::move(notes));
  }
}

}  // namespace

extern const Rule kP013InvalidSid{
    .id = "P013",
    .name = "invalid-sid",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "A Sid in an IAM policy (identity or trust) with characters other than A-Z, a-z and 0-9.",
    .rationale =
        "IAM accepts only ASCII letters and digits in a Sid and rejects a policy with a hyphen, an "
        "underscore, a space or a dot in one (\"Statement IDs (SID) must be alpha-numeric\"). "
        "Sids written as descriptions (\"Allow start-execution\") or generated from names "
        "(\"orders_sfn\") fail the upload.",
    .exceptions =
        "Resource policies follow their service's rules: the default KMS key policy, for example, "
        "has the Sid \"Enable IAM User Permissions\". They are not checked.",
    .fix = "Remove the other characters from the Sid; CamelCase keeps it readable (\"AllowStartExecution\").",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n"
        "      \"Sid\": \"allow-start-execution\",\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"states:StartExecution\",\n"
        "      \"Resource\": \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\"\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Sid",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n"
        "      \"Sid\": \"AllowStartExecution\",\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"states:StartExecution\",\n"
        "      \"Resource\": \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\"\n    }\n  ]\n}\n",
    .example_context = {},
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html\n"
        "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html",
    .check = check,
};

}  // namespace iamsmith::rules
