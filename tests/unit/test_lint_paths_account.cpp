// The account a policy lives in, when --account is not given but the run knows it: from the
// configuration's "account", or from the role a generate manifest names. T001 and W010 must not
// report the policy's own account as another one (issue 13, "False alarms to remove").

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "iamsmith/lint_paths.hpp"

using iamsmith::LintPathsOptions;
using iamsmith::LintSource;

namespace {

bool fired(const iamsmith::LintRun& run, const std::string& id) {
  REQUIRE(run.reports.size() == 1);
  const auto& d = run.reports.front().diagnostics;
  return std::any_of(d.begin(), d.end(), [&](const iamsmith::Diagnostic& x) { return x.rule_id == id; });
}

// A queue policy that lets account 111122223333 (as a whole) send messages.
constexpr const char* kQueuePolicy = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
  "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sqs:SendMessage",
  "Resource": "arn:aws:sqs:us-east-1:111122223333:orders"}]})";

// A trust policy that lets account 111122223333's principals assume the role.
constexpr const char* kTrustPolicy = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
  "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}]})";

}  // namespace

TEST_CASE("lint_paths: the configuration's account is the policy's own for W010") {
  const std::vector<LintSource> sources{{"queue-policy.json", kQueuePolicy}};
  CHECK(fired(iamsmith::lint_paths(sources, {}), "W010"));
  LintPathsOptions options;
  options.config.account = "111122223333";
  CHECK_FALSE(fired(iamsmith::lint_paths(sources, options), "W010"));
  options.config.account = "444455556666";
  CHECK(fired(iamsmith::lint_paths(sources, options), "W010"));
}

TEST_CASE("lint_paths: a manifest's role gives T001 and W010 the trust policy's account") {
  const std::string manifest = R"({"generator": "iamsmith generate", "policies": [
    {"file": "Target.trust.json", "role": "arn:aws:iam::111122223333:role/Target", "purpose": "trust"}]})";
  const std::vector<LintSource> with_manifest{{"out/manifest.json", manifest},
                                              {"out/Target.trust.json", kTrustPolicy}};
  const auto run = iamsmith::lint_paths(with_manifest, {});
  CHECK_FALSE(fired(run, "T001"));
  CHECK_FALSE(fired(run, "W010"));
  // The same file alone: its account is unknown, and both report the account principal.
  const std::vector<LintSource> alone{{"out/Target.trust.json", kTrustPolicy}};
  LintPathsOptions trust;
  trust.context.kind = iamsmith::PolicyKind::Trust;
  const auto single = iamsmith::lint_paths(alone, trust);
  CHECK(fired(single, "T001"));
  CHECK(fired(single, "W010"));
}

TEST_CASE("lint_paths: the configuration's account is the trust policy's own for T001") {
  const std::vector<LintSource> sources{{"Target.trust.json", kTrustPolicy}};
  LintPathsOptions options;
  options.context.kind = iamsmith::PolicyKind::Trust;
  CHECK(fired(iamsmith::lint_paths(sources, options), "T001"));
  options.config.account = "111122223333";
  CHECK_FALSE(fired(iamsmith::lint_paths(sources, options), "T001"));
  CHECK_FALSE(fired(iamsmith::lint_paths(sources, options), "W010"));
}
