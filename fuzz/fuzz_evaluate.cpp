// The evaluator: the input is read as a policy and evaluated against a fixed request, as the
// identity policy and as the resource (trust) policy, with the request context a cross-account
// Step Functions call carries; then the evaluation is written as JSON.

#include <string>
#include <vector>

#include "fuzz.hpp"
#include "iamsmith/evaluate.hpp"
#include "iamsmith/load.hpp"

namespace {

iamsmith::eval::Request make_request(bool assume_role) {
  iamsmith::eval::Request request;
  if (assume_role) {
    request.principal = "arn:aws:iam::111122223333:role/OrdersExecution";
    request.action = "sts:AssumeRole";
    request.resource = "arn:aws:iam::444455556666:role/Target";
    request.context = {{"sts:ExternalId", {"arn:aws:states:us-east-1:111122223333:stateMachine:Orders"}},
                       {"aws:SourceAccount", {"111122223333"}}};
  } else {
    request.principal = "arn:aws:sts::444455556666:assumed-role/Target/session";
    request.action = "s3:GetObject";
    request.resource = "arn:aws:s3:::orders/2026/12/report.csv";
    request.resource_account = "444455556666";
    request.context = {{"aws:SecureTransport", {"true"}},
                       {"s3:prefix", {"2026/", "2027/"}},
                       {"aws:CurrentTime", {"2026-12-02T00:00:00Z"}},
                       {"aws:SourceIp", {"203.0.113.7"}},
                       {"aws:PrincipalTag/team", {"orders"}}};
  }
  (void)iamsmith::eval::add_principal_context(request);
  return request;
}

}  // namespace

IAMSMITH_FUZZ_TARGET(evaluate) {
  using namespace iamsmith;  // NOLINT(google-build-using-namespace): one function
  const LoadedPolicy loaded = load_policy_text(std::string(fuzz::as_text(data, size)), "policy.json");
  if (!loaded.policy) return 0;
  static const eval::Request kRequests[] = {make_request(false), make_request(true)};
  for (const eval::Request& request : kRequests) {
    for (const eval::PolicySide side : {eval::PolicySide::Identity, eval::PolicySide::Resource}) {
      const std::vector<eval::PolicyInput> inputs{{&*loaded.policy, side, loaded.path}};
      const eval::Evaluation evaluation = eval::evaluate(request, inputs);
      (void)eval::evaluation_to_json(evaluation, inputs);
    }
    (void)eval::substitute_variables(fuzz::as_text(data, size < 256 ? size : 256), request);
  }
  return 0;
}
