#include <doctest/doctest.h>

#include <algorithm>
#include <cstddef>
#include <sstream>
#include <string>
#include <vector>

#include "iamsmith/diagnostic.hpp"
#include "iamsmith/lint.hpp"
#include "iamsmith/load.hpp"
#include "iamsmith/policy.hpp"
#include "test_support.hpp"

// The peer case set (tests/data/peer-cases/README.md): one policy per check of the peer linters
// surveyed for issue 13, each with the peers' verdict and what iamsmith reports. The policies are
// written for this project from the peers' published check descriptions; none is a peer's test file.
// tools/peer-coverage prints the coverage figure from the same table.

namespace {

struct PeerCase {
  std::string id;
  std::string kind;
  std::string peer;
  std::string check;
  std::string verdict;             // "flag" or "fine"
  std::vector<std::string> rules;  // what iamsmith must report; empty: a known gap (or a fine case)
};

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, sep)) out.push_back(part);
  return out;
}

std::vector<PeerCase> peer_cases() {
  std::vector<PeerCase> out;
  std::istringstream in(iamsmith::test::read_data("peer-cases/cases.tsv"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line.front() == '#') continue;
    const std::vector<std::string> f = split(line, '\t');
    REQUIRE_MESSAGE(f.size() == 6, "cases.tsv: ", line);
    PeerCase c{f[0], f[1], f[2], f[3], f[4], {}};
    if (f[5] != "-") c.rules = split(f[5], ',');
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<iamsmith::Diagnostic> lint_case(const PeerCase& c) {
  const iamsmith::LoadedPolicy loaded =
      iamsmith::load_policy_text(iamsmith::test::read_data("peer-cases/" + c.id + ".json"), c.id + ".json");
  iamsmith::LintContext context;
  context.kind = iamsmith::kind_from_name(c.kind);
  REQUIRE_MESSAGE(context.kind.has_value(), c.id, ": kind ", c.kind);
  return iamsmith::lint(loaded, context);
}

std::string describe(const std::vector<iamsmith::Diagnostic>& found) {
  std::string out;
  for (const auto& d : found) out += " " + d.rule_id + " (" + d.span.pointer + ": " + d.message + ")";
  return out;
}

}  // namespace

TEST_CASE("peer cases: the table is well formed") {
  const std::vector<PeerCase> cases = peer_cases();
  CHECK(cases.size() >= 150);
  for (const PeerCase& c : cases) {
    INFO(c.id);
    CHECK((c.verdict == "flag" || c.verdict == "fine"));
    if (c.verdict == "fine") CHECK(c.rules.empty());
    CHECK(std::count_if(cases.begin(), cases.end(), [&](const PeerCase& o) { return o.id == c.id; }) == 1);
  }
}

TEST_CASE("peer cases: each case the peers flag draws the findings the table records") {
  for (const PeerCase& c : peer_cases()) {
    if (c.verdict != "flag") continue;
    INFO(c.id, " (", c.peer, " ", c.check, ")");
    const auto found = lint_case(c);
    if (c.rules.empty()) {
      // A known gap: when a rule starts to catch it, record the rule in cases.tsv.
      CHECK_MESSAGE(found.empty(), "now reported:", describe(found));
      continue;
    }
    for (const std::string& id : c.rules) {
      const bool hit = std::any_of(found.begin(), found.end(), [&](const auto& d) { return d.rule_id == id; });
      CHECK_MESSAGE(hit, id, " did not fire; found:", describe(found));
    }
  }
}

TEST_CASE("peer cases: the policies the peers consider fine draw no error, security or warning finding") {
  for (const PeerCase& c : peer_cases()) {
    if (c.verdict != "fine") continue;
    INFO(c.id, " (", c.check, ")");
    std::vector<iamsmith::Diagnostic> serious;
    for (const auto& d : lint_case(c)) {
      if (d.severity != iamsmith::Severity::Suggestion) serious.push_back(d);
    }
    CHECK_MESSAGE(serious.empty(), "reported:", describe(serious));
  }
}
