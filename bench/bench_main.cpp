// Benchmarks for the pre-commit use case: what one `iamsmith lint` of a small file costs, and
// how much of it is AWS's service data. Wall-clock timings over repeated runs; prints the
// fastest and the median of each. Build with the release preset: tools/bench.
//
// usage: iamsmith_bench IAMSMITH_BINARY SMALL_POLICY.json [REPETITIONS]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "iamsmith/iamdata.hpp"
#include "iamsmith/lint.hpp"
#include "iamsmith/load.hpp"

namespace {

using Clock = std::chrono::steady_clock;

// Runs `body` `repetitions` times and prints the fastest and median time in microseconds.
void measure(const std::string& name, int repetitions, const std::function<void()>& body) {
  std::vector<double> micros;
  for (int i = 0; i < repetitions; ++i) {
    const auto start = Clock::now();
    body();
    micros.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
  }
  std::sort(micros.begin(), micros.end());
  std::printf("%-58s min %10.1f us   median %10.1f us   (%d runs)\n", name.c_str(), micros.front(),
              micros[micros.size() / 2], repetitions);
}

std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: iamsmith_bench IAMSMITH_BINARY SMALL_POLICY.json [REPETITIONS]\n";
    return 2;
  }
  const std::string binary = argv[1];
  const std::string policy_path = argv[2];
  const int repetitions = argc > 3 ? std::max(1, std::atoi(argv[3])) : 50;
  using namespace iamsmith;

  const iamdata::Catalog& builtin = iamdata::Catalog::builtin();
  // The built-in snapshot's text, to load it afresh in each run (the process-wide built-in
  // catalog is loaded once only).
  const auto read = read_file(std::string(IAMSMITH_SOURCE_DIR) + "/rules/iam-data.tsv", std::size_t{1} << 28);
  if (!read.bytes) {
    std::cerr << "cannot read rules/iam-data.tsv\n";
    return 2;
  }
  const std::string text = *read.bytes;
  std::printf("service data: %s, %zu services, %zu bytes\n", std::string(builtin.date()).c_str(),
              builtin.service_prefixes().size(), text.size());

  measure("data: index the snapshot (what every run pays)", repetitions, [&] {
    iamdata::DataError error;
    auto catalog = iamdata::Catalog::from_text(text, "bench", error, false);
    if (!catalog) std::abort();
  });
  measure("data: index + parse one service (s3)", repetitions, [&] {
    iamdata::DataError error;
    auto catalog = iamdata::Catalog::from_text(text, "bench", error, false);
    if (catalog->service("s3") == nullptr) std::abort();
  });
  measure("data: read and check every service (--iam-data FILE)", std::max(1, repetitions / 10), [&] {
    iamdata::DataError error;
    auto catalog = iamdata::Catalog::from_text(text, "bench", error, true);
    if (!catalog) std::abort();
  });
  measure("data: expand \"*:Get*\" over a loaded catalog", repetitions, [&] {
    if (builtin.expand("*:Get*").empty()) std::abort();
  });

  const auto loaded = load_policy_file(policy_path);
  if (!loaded.loaded) {
    std::cerr << "cannot read " << policy_path << "\n";
    return 2;
  }
  measure("lint: one small policy, every rule, fresh data each run", repetitions, [&] {
    iamdata::DataError error;
    auto catalog = iamdata::Catalog::from_text(text, "bench", error, false);
    LintContext context;
    context.catalog = catalog.get();
    auto findings = lint(*loaded.loaded, context);
    (void)findings;
  });
  measure("lint: one small policy, every rule, data already loaded", repetitions, [&] {
    LintContext context;
    auto findings = lint(*loaded.loaded, context);
    (void)findings;
  });

  // Whole processes, as a pre-commit hook runs them.
  const std::string quiet = " >/dev/null 2>&1";
  measure("process: iamsmith --version (start-up baseline)", repetitions,
          [&] { (void)std::system((shell_quote(binary) + " --version" + quiet).c_str()); });
  measure("process: iamsmith lint SMALL_POLICY", repetitions,
          [&] { (void)std::system((shell_quote(binary) + " lint --no-config " + shell_quote(policy_path) + quiet).c_str()); });
  return 0;
}
