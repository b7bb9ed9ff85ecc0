// The lenient JSON reader, the policy model and every rule of the catalogue (policies and state
// machine definitions), then the reporters, on arbitrary bytes. The last byte picks the policy
// kind, so that the kind-specific rules (trust, resource) run as well.

#include <string>
#include <vector>

#include "fuzz.hpp"
#include "iamsmith/lint.hpp"
#include "iamsmith/load.hpp"
#include "iamsmith/report.hpp"

IAMSMITH_FUZZ_TARGET(lint) {
  using namespace iamsmith;  // NOLINT(google-build-using-namespace): one function
  const std::string_view text = fuzz::as_text(data, size);
  const LoadedPolicy loaded = load_policy_text(std::string(text), "fuzz.json");
  LintContext context;
  if (size > 0) {
    switch (data[size - 1] % 4) {
      case 0: break;  // inferred
      case 1: context.kind = PolicyKind::Identity; break;
      case 2: context.kind = PolicyKind::Trust; break;
      default: context.kind = PolicyKind::Resource; break;
    }
  }
  if (size > 1 && data[size - 2] % 2 == 1) {
    context.partition = "aws";
    context.account = "111122223333";
    context.region = "us-east-1";
    context.state_machine_arn = "arn:aws:states:us-east-1:111122223333:stateMachine:Orders";
    context.execution_role_arn = "arn:aws:iam::111122223333:role/OrdersExecution";
    context.role_arn = "arn:aws:iam::444455556666:role/Target";
  }
  const LintResult result = lint_document(loaded, context);
  const std::vector<FileReport> reports{FileReport{loaded.path, &loaded.document.source, "", result.diagnostics}};
  (void)render_text(reports.front());
  (void)render_json(reports);
  (void)render_sarif(reports, all_rules());
  return 0;
}
