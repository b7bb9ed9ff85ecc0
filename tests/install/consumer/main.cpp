// Lints a policy with the installed library and prints the rule ids it finds, one a line.
#include <iostream>

#include "iamsmith/lint.hpp"
#include "iamsmith/load.hpp"

int main() {
  // No Version (P005); an action the service data does not know (D002) and a partition that does
  // not exist (A002) show that the embedded data files work from the installed library.
  const iamsmith::LoadedPolicy policy = iamsmith::load_policy_text(
      R"({"Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "arn:aws-moon:s3:::b/*"}]})",
      "policy.json");
  for (const iamsmith::Diagnostic& finding : iamsmith::lint(policy, {})) std::cout << finding.rule_id << '\n';
}
