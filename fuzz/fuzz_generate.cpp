// The state machine reader and the generator: the input is a definition (Amazon States
// Language) or a spec file, read as `iamsmith generate` reads it, then generated in every output
// format. The last byte picks the reading and the --allow-any-* flags.

#include <sstream>
#include <string>
#include <vector>

#include "fuzz.hpp"
#include "iamsmith/generate.hpp"
#include "iamsmith/setup.hpp"

IAMSMITH_FUZZ_TARGET(generate) {
  using namespace iamsmith;  // NOLINT(google-build-using-namespace): one function
  const std::string_view text = fuzz::as_text(data, size);
  const unsigned mode = size > 0 ? data[size - 1] : 0U;
  std::istringstream input{std::string(text)};
  sfn::SetupRequest request;
  if ((mode & 1U) != 0U) {
    request.specs = {"-"};
  } else {
    request.definition = "-";
    request.state_machine_arn = "arn:aws:states:us-east-1:111122223333:stateMachine:Orders";
    request.execution_role_arn = "arn:aws:iam::111122223333:role/OrdersExecution";
    request.role_arns = {"arn:aws:iam::444455556666:role/Dynamic"};
  }
  request.allow_any_role = (mode & 2U) != 0U;
  request.exact_resources = (mode & 4U) != 0U;
  request.standard_input = &input;
  const sfn::SetupRead setup = sfn::read_setup(request);
  if (setup.usage_error || !setup.io_errors.empty() || setup.has_errors()) return 0;
  const gen::Result result = gen::generate(setup.setups, setup.options, setup.table);
  if (result.refused()) return 0;
  for (const gen::Format format : {gen::Format::Json, gen::Format::CloudFormation, gen::Format::Terraform}) {
    (void)gen::output_text(result, format);
    (void)gen::output_files(result, format);
  }
  return 0;
}
