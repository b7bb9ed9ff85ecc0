// The service-data reader: a --iam-data file is user input. The input is read as a data file,
// every service checked; a catalogue that loads is then queried as the rules query it.

#include <string>

#include "fuzz.hpp"
#include "iamsmith/iamdata.hpp"

IAMSMITH_FUZZ_TARGET(iamdata) {
  using namespace iamsmith;  // NOLINT(google-build-using-namespace): one function
  iamdata::DataError error;
  const auto catalog = iamdata::Catalog::from_text(std::string(fuzz::as_text(data, size)), "fuzz.tsv", error);
  if (!catalog) return 0;
  (void)catalog->date();
  (void)catalog->source();
  (void)catalog->action_count();
  for (const std::string_view prefix : catalog->service_prefixes()) {
    const iamdata::Service* service = catalog->service(prefix);
    if (service == nullptr) continue;
    (void)catalog->expand(std::string(prefix) + ":*");
    (void)catalog->expand(std::string(prefix) + ":Get*");
  }
  (void)catalog->expand("*:List*");
  (void)catalog->global_key("aws:SourceArn");
  (void)catalog->condition_key("s3:prefix");
  (void)catalog->retired("cloudhsm:CreateHsm");
  return 0;
}
