// Action expansion and wildcard matching. The input is PATTERN, optionally followed by a newline
// and TEXT: the pattern is expanded against the built-in catalogue (as `iamsmith expand` does),
// and matched against the text by each matcher the rules and the evaluator use.

#include <string>

#include "fuzz.hpp"
#include "iamsmith/config.hpp"
#include "iamsmith/expand.hpp"
#include "iamsmith/iamdata.hpp"
#include "iamsmith/match.hpp"

IAMSMITH_FUZZ_TARGET(expand) {
  using namespace iamsmith;  // NOLINT(google-build-using-namespace): one function
  const std::string_view input = fuzz::as_text(data, size);
  const std::size_t newline = input.find('\n');
  const std::string_view pattern = input.substr(0, newline);
  const std::string_view text = newline == std::string_view::npos ? pattern : input.substr(newline + 1);
  const iamdata::Catalog& catalog = iamdata::Catalog::builtin();
  if (pattern.size() <= 256) {  // expansion is linear in the catalogue, not the point here
    const Expansion expansion = expand_actions(catalog, pattern);
    (void)expansion_summary(expansion);
    (void)nearest_action(catalog, pattern);
    (void)catalog.action(pattern);
  }
  (void)wildcard_match(pattern, text, CaseSensitivity::Sensitive);
  (void)wildcard_match(pattern, text, CaseSensitivity::Insensitive);
  (void)action_matches(pattern, text);
  (void)resource_matches(pattern, text);
  (void)arn_like(pattern, text);
  (void)has_wildcard(pattern);
  (void)path_glob_match(pattern, text);
  return 0;
}
