#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "iamsmith/diagnostic.hpp"
#include "iamsmith/lint.hpp"
#include "iamsmith/load.hpp"
#include "iamsmith/policy.hpp"
#include "iamsmith/write.hpp"
#include "test_support.hpp"

// Real AWS managed policies (see tests/data/corpus/README.md): whatever AWS publishes must load
// cleanly, or the loader is wrong.

namespace {

std::vector<std::string> corpus_files() {
  std::vector<std::string> names;
  const std::filesystem::path dir = iamsmith::test::data_path("corpus");
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".json") names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// Position of `key` in the writer's order, or past the end for keys it writes last.
std::size_t rank(std::string_view key, const auto& order) {
  return static_cast<std::size_t>(std::find(order.begin(), order.end(), key) - order.begin());
}

bool in_canonical_order(const std::vector<iamsmith::KeySpan>& keys, const auto& order) {
  return std::is_sorted(keys.begin(), keys.end(), [&order](const auto& a, const auto& b) {
    return rank(a.key, order) < rank(b.key, order);
  });
}

constexpr std::array<std::string_view, 3> kPolicyOrder{"Version", "Id", "Statement"};
constexpr std::array<std::string_view, 9> kStatementOrder{
    "Sid",       "Effect",   "Principal",   "NotPrincipal", "Action",
    "NotAction", "Resource", "NotResource", "Condition"};

}  // namespace

// Exact, so that a policy that vanishes from the folder (and from every test below) is noticed.
TEST_CASE("corpus: the folder holds its 64 policies") {
  CHECK(corpus_files().size() == 64);
}

TEST_CASE("corpus: every policy loads with no finding, type mismatch or unknown key") {
  for (const std::string& name : corpus_files()) {
    INFO(name);
    const iamsmith::LoadedPolicy loaded =
        iamsmith::load_policy_text(iamsmith::test::read_data("corpus/" + name), name);
    // AWS accepts these policies: a finding of severity error on one is a bug in a rule. The one
    // exception is P014: AWS-managed policies are exempt from the size quotas that bind the
    // customer-managed policies a user writes, and several of these exceed 6,144 characters.
    iamsmith::RuleSelection selection;
    selection.ignore = {"P014"};
    for (const iamsmith::Diagnostic& d : iamsmith::lint(loaded, {}, selection)) {
      CAPTURE(d.rule_id);
      CAPTURE(d.message);
      CAPTURE(d.span.pointer);
      CHECK(d.severity != iamsmith::Severity::Error);
    }
    REQUIRE(loaded.policy.has_value());
    const iamsmith::Policy& policy = *loaded.policy;
    CHECK(policy.type_mismatches.empty());
    CHECK(policy.unknown.empty());
    CHECK(policy.version.has_value());
    REQUIRE(policy.statement.has_value());
    CHECK_FALSE(policy.statements().empty());
    for (const iamsmith::Statement& statement : policy.statements()) {
      CHECK(statement.unknown.empty());
      CHECK(statement.effect.has_value());
      CHECK((statement.action.has_value() || statement.not_action.has_value()));
      CHECK((statement.resource.has_value() || statement.not_resource.has_value()));
    }
  }
}

// AWS serves these documents in the writer's own layout, so any of them whose keys are already
// in canonical order must come back unchanged, byte for byte.
TEST_CASE("corpus: policies in canonical key order are written back byte for byte") {
  std::size_t compared = 0;
  for (const std::string& name : corpus_files()) {
    INFO(name);
    const std::string text = iamsmith::test::read_data("corpus/" + name);
    const iamsmith::LoadedPolicy loaded = iamsmith::load_policy_text(text, name);
    REQUIRE(loaded.policy.has_value());
    const iamsmith::Policy& policy = *loaded.policy;
    const bool canonical =
        in_canonical_order(policy.keys, kPolicyOrder) &&
        std::all_of(policy.statements().begin(), policy.statements().end(),
                    [](const iamsmith::Statement& statement) {
                      return in_canonical_order(statement.keys, kStatementOrder);
                    });
    if (!canonical) continue;
    ++compared;
    CHECK(iamsmith::write_policy(policy) == text);
  }
  CHECK(compared == 58);  // every corpus policy AWS serves in canonical order; none may drop out
}
