#pragma once
// Baselines: adopt iamsmith on a repository with existing findings. `--write-baseline FILE`
// records today's findings; `--baseline FILE` then reports only new ones.

#include <set>
#include <string>
#include <vector>

#include "iamsmith/diagnostic.hpp"
#include "iamsmith/report.hpp"

namespace iamsmith {

struct Baseline {
  std::set<std::string> fingerprints;  // see fingerprint() in diagnostic.hpp
};

// {"version": 1, "findings": [{"fingerprint", "rule", "file", "pointer", "message"}]}
[[nodiscard]] std::string write_baseline(const std::vector<FileReport>& reports);

// Reads a baseline; problems (not JSON, wrong shape) are returned as messages.
[[nodiscard]] Baseline parse_baseline(const std::string& text, std::vector<std::string>& problems);

// Removes from each report the findings the baseline holds; returns how many were removed.
std::size_t apply_baseline(const Baseline& baseline, std::vector<FileReport>& reports);
// The same for one report, as files finish one at a time.
std::size_t apply_baseline(const Baseline& baseline, FileReport& report);

}  // namespace iamsmith
