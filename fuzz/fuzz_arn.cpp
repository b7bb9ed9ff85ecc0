// The ARN parser and what reads ARNs and principals: parse, print back, split the resource,
// classify as a principal of each type.

#include <stdexcept>
#include <string>

#include "fuzz.hpp"
#include "iamsmith/arn.hpp"
#include "iamsmith/principal.hpp"

IAMSMITH_FUZZ_TARGET(arn) {
  using namespace iamsmith;  // NOLINT(google-build-using-namespace): one function
  const std::string_view text = fuzz::as_text(data, size);
  const ArnResult result = parse_arn(text);
  if (result) {
    const Arn& arn = result.value();
    (void)arn.resource_type();
    (void)arn.resource_id();
    (void)arn.has_wildcard();
    (void)arn.has_variable();
    // What was read prints back as what was written, and reads again as the same ARN.
    const std::string printed = arn.to_string();
    const ArnResult again = parse_arn(printed);
    if (!again || !(again.value() == arn)) throw std::logic_error("an ARN does not read back as itself");
  } else {
    (void)arn_error_message(result.error());
  }
  (void)is_account_id(text);
  (void)detail::has_wildcard_outside_variables(text);
  (void)detail::has_variable(text);
  for (std::size_t pos = 0; pos < text.size() && pos < 64; ++pos) (void)detail::skip_variable(text, pos);
  for (const PrincipalType type : {PrincipalType::Aws, PrincipalType::Service, PrincipalType::Federated,
                                   PrincipalType::CanonicalUser, PrincipalType::Unknown}) {
    (void)classify_principal(type, text);
  }
  return 0;
}
