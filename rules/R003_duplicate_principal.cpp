#include "iamsmith/principal.hpp"
#include "rule_helpers.hpp"

namespace iamsmith::rules {
namespace {

struct Entry {
  const Scalar* value;
  PrincipalInfo info;
  PrincipalType type;
};

// Why `a` adds nothing next to `b`, or empty: the same principal written again (an account ID and
// its root ARN are the same principal), or an assumed-role session of a role that is listed too
// (Access Analyzer: "Redundant principal in role trust policy").
std::string redundant_with(const Entry& a, const Entry& b) {
  if (a.type != b.type) return {};
  if (a.type == PrincipalType::Service ? ci_equals(a.value->text, b.value->text) : a.value->text == b.value->text) {
    return "is listed twice";
  }
  if (a.type != PrincipalType::Aws) return {};
  const auto account_form = [](PrincipalForm f) { return f == PrincipalForm::AccountId || f == PrincipalForm::AccountRoot; };
  if (account_form(a.info.form) && account_form(b.info.form) && a.info.account == b.info.account &&
      a.info.form != b.info.form) {
    return "names the same account as " + in_quotes(b.value->text);
  }
  if (a.info.form == PrincipalForm::AssumedRole && b.info.form == PrincipalForm::Role &&
      a.info.account == b.info.account && a.info.name == b.info.name) {
    return "is a session of role " + in_quotes(b.value->text) + ", which is listed too";
  }
  return {};
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  for (const Statement& st : in.policy->statements()) {
    for (const auto* principal : {&st.principal, &st.not_principal}) {
      if (!*principal) continue;
      std::vector<Entry> entries;
      for (const PrincipalGroup& group : (*principal)->groups) {
        if (group.type == PrincipalType::Unknown) continue;
        for (const Scalar& value : group.values) {
          entries.push_back({&value, classify_principal(group.type, value.text), group.type});
        }
      }
      for (std::size_t i = 0; i < entries.size(); ++i) {
        for (std::size_t j = 0; j < entries.size(); ++j) {
          if (i == j) continue;
          // A plain repeat is reported at the later copy only.
          const bool repeat = entries[i].type == entries[j].type &&
                              (entries[i].type == PrincipalType::Service
                                   ? ci_equals(entries[i].value->text, entries[j].value->text)
                                   : entries[i].value->text == entries[j].value->text);
          if (repeat && j > i) continue;
          const std::string why = redundant_with(entries[i], entries[j]);
          if (why.empty()) continue;
          out.report(entries[i].value->span, "principal " + in_quotes(entries[i].value->text) + " " + why,
                     {{"remove it; the statement applies to the same principals without it", entries[j].value->span}});
          break;
        }
      }
    }
  }
}

}  // namespace

// Access Analyzer, Suggestion – Redundant principal in role trust policy; an account ID and
// arn:aws:iam::<account>:root name the same principal (the Principal element page).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
extern const Rule kR003DuplicatePrincipal{
    .id = "R003",
    .name = "duplicate-principal",
    .severity = Severity::Suggestion,
    .status = RuleStatus::Stable,
    .summary = "A principal listed twice in one statement, an account given both as its ID and as its root ARN, or "
               "an assumed-role session next to its role.",
    .rationale = "A statement applies to the union of its principals. A repeated principal, an account written in "
                 "both of its forms, or a role session whose role is listed too adds nothing, and makes a trust or "
                 "resource policy harder to review.",
    .exceptions = "Service principals are compared case-insensitively, ARNs and account IDs exactly.",
    .fix = "Remove the redundant principal.",
    .bad_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"AWS": ["arn:aws:iam::111122223333:role/Reader", "arn:aws:iam::111122223333:role/Reader"]},
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::reports/*"
    }
  ]
}
)j",
    .bad_pointer = "/Statement/0/Principal/AWS/1",
    .good_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"AWS": ["arn:aws:iam::111122223333:role/Reader", "arn:aws:iam::111122223333:role/Auditor"]},
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::reports/*"
    }
  ]
}
)j",
    .example_context = {.kind = "resource"},
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html",
    .check = check,
};

}  // namespace iamsmith::rules
