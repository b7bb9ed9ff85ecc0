#pragma once
// Baselines: adopt iamsmith on a repository with existing findings. `--write-baseline FILE`
// records today's findings; `--baseline FILE` then reports only new ones.
//
// Both baselines and SARIF's partialFingerprints key a finding on its fingerprint: a hash of
// - the file's path relative to its repository (the git root above it, else the configuration's
//   directory, else the working directory), so `iam`, `./iam`, `$PWD/iam` and a run from `iam/`
//   agree;
// - the rule id;
// - the flagged element: its place with array indexes left out (a statement is named by its Sid
//   when it has one), its content, and which of the equal ones it is, in file order;
// not the message (W002's counts change with the catalogue) and not the line or the index.

#include <cstddef>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "iamsmith/diagnostic.hpp"
#include "iamsmith/json.hpp"
#include "iamsmith/report.hpp"

namespace iamsmith {

// The path findings are fingerprinted under (and SARIF can name a file by): '/'-separated,
// relative to the root of the git repository holding the file, else to `fallback`; a file
// outside that root keeps its absolute path. Symbolic links are resolved. Thread-safe; each
// directory's repository root is looked up once.
class RepositoryPaths {
 public:
  explicit RepositoryPaths(std::filesystem::path fallback);
  // "<stdin>" and other labels that name no file are returned as they are.
  [[nodiscard]] std::string relative(std::string_view path);

 private:
  std::filesystem::path fallback_;  // canonical
  std::mutex mutex_;
  std::map<std::string, std::filesystem::path> roots_;  // canonical directory -> its root
};

// Records in each finding (in Diagnostic::fingerprint, until set_fingerprints) its flagged
// element in `root`, the tree its pointer points into (a document embedded in a template has its
// own tree): null when there is no tree, the pointer alone then counts.
void note_flagged_elements(std::vector<Diagnostic>& findings, const json::Node* root);
// Turns what note_flagged_elements recorded into each finding's fingerprint, for a file at
// `repository_path` (see RepositoryPaths). `findings` are one file's, sorted.
void set_fingerprints(std::vector<Diagnostic>& findings, std::string_view repository_path);

// The Sid of the statement `pointer` is in (an element of a "Statement" array), or empty.
[[nodiscard]] std::string statement_sid(std::string_view pointer, const json::Node* root);

struct Baseline {
  // 1: written before fingerprints were repository-relative (iamsmith 0.1): matched with the
  // old fingerprint (rule, path as typed, pointer, message). 2: see above.
  int version = 2;
  std::set<std::string> fingerprints;
};

// {"version": 2, "findings": [{"fingerprint", "rule", "file", "pointer", "message"}]}
[[nodiscard]] std::string write_baseline(const std::vector<FileReport>& reports);

// Reads a baseline; problems (not JSON, wrong shape, an unknown version) are returned as messages.
[[nodiscard]] Baseline parse_baseline(const std::string& text, std::vector<std::string>& problems);

// Removes from each report the findings the baseline holds; returns how many were removed.
std::size_t apply_baseline(const Baseline& baseline, std::vector<FileReport>& reports);
// The same for one report, as files finish one at a time.
std::size_t apply_baseline(const Baseline& baseline, FileReport& report);

}  // namespace iamsmith
