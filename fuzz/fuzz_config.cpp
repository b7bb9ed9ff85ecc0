// The configuration reader (.iamsmith.json: selection, severities, ignores, custom rules), and
// the rule set it builds, run over a fixed policy so that custom rules' patterns are matched.

#include <string>

#include "fuzz.hpp"
#include "iamsmith/config.hpp"
#include "iamsmith/load.hpp"

namespace {

constexpr const char* kPolicy = R"({
  "Version": "2012-10-17",
  "Statement": [{"Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "dynamodb:*"],
                 "Resource": ["arn:aws:s3:::orders/*", "arn:aws:dynamodb:us-east-1:111122223333:table/prod-orders"]}]
})";

}  // namespace

IAMSMITH_FUZZ_TARGET(config) {
  using namespace iamsmith;  // NOLINT(google-build-using-namespace): one function
  const ConfigResult result = parse_config(std::string(fuzz::as_text(data, size)), ".iamsmith.json");
  if (!result.problems.empty()) return 0;
  const RuleSet rules = rule_set(result.config);
  static const LoadedPolicy policy = load_policy_text(kPolicy, "policy.json");
  (void)run_custom_rules(rules, policy, result.config.selection);
  // The path ignores, as lint applies them to each finding.
  Diagnostic finding;
  finding.rule_id = "W003";
  (void)is_ignored(result.config, "policies/prod/orders.json", finding);
  return 0;
}
