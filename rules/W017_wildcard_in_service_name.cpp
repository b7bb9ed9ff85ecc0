#include <string>
#include <string_view>
#include <vector>

#include "iamsmith/expand.hpp"
#include "iamsmith/iamdata.hpp"
#include "w_helpers.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  const iamdata::Catalog& catalog = catalog_of(in.context);
  for (const Statement& st : in.policy->statements()) {
    if (!is_allow(st) || !st.action) continue;
    for (const Scalar& value : *st.action) {
      const std::string_view text = value.text;
      const std::size_t colon = text.find(':');
      // No colon is P018's; "*" and "*:*" are W001's, "s*:*" (whole services) W002's.
      if (colon == std::string_view::npos || colon == 0) continue;
      const std::string_view service = text.substr(0, colon);
      if (!has_wildcard(service) || w::matches_every_action(text) || w::whole_service(text)) continue;
      const Expansion expansion = expand_actions(catalog, text);
      std::vector<std::string_view> services;
      for (const iamdata::Action* a : expansion.actions) {
        if (services.empty() || services.back() != a->service->prefix) services.push_back(a->service->prefix);
      }
      std::string today;
      if (services.empty()) {
        today = "it matches no action today";
      } else {
        today = "today it matches actions of " + std::to_string(services.size()) +
                (services.size() == 1 ? " service (" : " services (") + w::quoted_list(services) + ")";
      }
      out.report(value.span,
                 "action " + in_quotes(text) + " has a wildcard in its service prefix " + in_quotes(service) + ": " +
                     today + ", and it grants the same actions of every service AWS adds whose prefix matches",
                 {{"write the service prefix out, one entry per service the principal uses" +
                       (services.empty() ? std::string()
                                         : ", e.g. " + in_quotes(std::string(services.front()) + ":" +
                                                                 std::string(text.substr(colon + 1)))),
                   std::nullopt}});
    }
  }
}

}  // namespace

// Access Analyzer, Suggestion – Wildcard in service name: "Avoid using wildcards (*, ?) in the
// service name because it might grant unintended access to other AWS services with similar names."
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
extern const Rule kW017WildcardInServiceName{
    .id = "W017",
    .name = "wildcard-in-service-name",
    .severity = Severity::Warning,
    .status = RuleStatus::Stable,
    .summary = "An Allow statement's action with a wildcard in its service prefix (\"s*:GetObject\", "
               "\"*:Describe*\"): it grants the action in every service whose prefix matches.",
    .rationale = "A wildcard in the service prefix matches more services than the one the author had in mind: "
                 "\"s*:GetObject\" is s3:GetObject, and also the GetObject of any other service whose prefix starts "
                 "with s, now or once AWS launches one. \"*:Get*\" reads every service's data. What the policy "
                 "grants then changes without anyone editing it.",
    .exceptions = "\"*\", \"*:*\" (W001) and whole services such as \"s*:*\" (W002) are reported by those rules. "
                  "Deny statements and NotAction are not reported: there a wider match denies or excludes more, "
                  "not less.",
    .fix = "Write each service prefix out, one entry per service the principal uses (\"s3:GetObject\").",
    .bad_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s*:GetObject",
      "Resource": "arn:aws:s3:::reports/*"
    }
  ]
}
)j",
    .bad_pointer = "/Statement/0/Action",
    .good_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::reports/*"
    }
  ]
}
)j",
    .example_context = {},
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html",
    .check = check,
};

}  // namespace iamsmith::rules
