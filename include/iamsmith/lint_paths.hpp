#pragma once
// One lint run over files, directories, standard input or in-memory texts: what `iamsmith lint`
// does between parsing its options and printing. The CLI, the tests and embedders all call this,
// so that a program linking iamsmith_core gets the same findings as the command.
//
// For each input, in order: a directory is walked (--include / --exclude globs, sorted); a
// manifest.json written by `iamsmith generate` is not linted but gives the files it lists their
// context (trust policy of which role, for which state machine); each document is linted with
// the selected rules and the configuration's custom rules, optionally annotated with what its
// wildcard actions expand to, sorted, filtered by the configuration's path ignores and by the
// baseline. I/O problems are returned as values, never thrown.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "iamsmith/baseline.hpp"
#include "iamsmith/config.hpp"
#include "iamsmith/json.hpp"
#include "iamsmith/lint.hpp"
#include "iamsmith/load.hpp"
#include "iamsmith/report.hpp"

namespace iamsmith {

struct ManifestEntry;  // iamsmith/manifest.hpp

// The lint context a manifest entry implies: trust policies as kind trust with their role and
// (when there is exactly one) state machine; the others as identity policies of their role.
// What `base` (the run's context) already says is kept.
[[nodiscard]] LintContext manifest_context(const ManifestEntry& entry, const LintContext& base);

// One input of a run.
struct LintSource {
  // A file (linted whatever its extension), a directory, or "-" for LintPathsOptions::standard_input.
  // With `text`, the label the text is reported under (and matched against manifests and ignores).
  std::string path;
  std::optional<std::string> text;  // an in-memory document: linted as if read from `path`
};

struct LintPathsOptions {
  // Path ignores and custom rules apply; its selection applies unless `selection` is set, and its
  // partition and account fill in what `context` leaves open.
  Config config;
  std::optional<RuleSelection> selection;
  LintContext context;  // for every file; a manifest entry adds to it
  // In directories, the files whose path below the directory or whose name matches an include
  // glob and no exclude glob (see path_glob_match). A YAML file a walk finds is read only when
  // it looks like a template (inputs::looks_like_template); other YAML is passed over silently.
  std::vector<std::string> include{"*.json", "*.yaml", "*.yml", "*.template"};
  std::vector<std::string> exclude;
  // Directory walks skip .git, node_modules, .terraform, cdk.out/asset.*, other dot-directories
  // and what .gitignore files ignore (iamsmith/walk.hpp); false walks everything (--no-ignore).
  bool use_ignores = true;
  // Files named explicitly that are not policies, definitions, templates, plans or CLI responses
  // (package.json, iamsmith's spec) are skipped with a note as in a walk, instead of one P030
  // finding: for hooks that pass every staged JSON file (--skip-non-policies).
  bool skip_non_policies = false;
  json::ParseOptions parse;
  // Notes on findings at a wildcard Action or NotAction value: what the pattern grants today,
  // from catalog_of(context) ("s3:Put* grants 43 actions, 12 of them Permissions management").
  bool expansion_notes = false;
  // Findings the baseline holds are dropped (and counted in LintSummary::baselined).
  const Baseline* baseline = nullptr;
  // What "-" reads; when null, "-" is an input error.
  std::istream* standard_input = nullptr;
  // The name "-" is reported, matched against ignores and recognised (.yaml: a template) under
  // (--stdin-filename).
  std::string standard_input_name = "<stdin>";
  // Files linted at once, on this many threads (0: one per core). Files are still handed to the
  // visitor one at a time, in input order, so the output does not depend on it.
  std::size_t jobs = 1;
};

enum class LintErrorKind {
  Read,            // a file could not be read (missing, a directory, unreadable)
  ListDirectory,   // a directory could not be walked to the end
  EmptyDirectory,  // a directory holds no file the include and exclude globs admit
};

struct LintError {
  LintErrorKind kind;
  std::string path;     // the input or file concerned
  std::string message;  // names the path and says what went wrong
};

// One finished file. report.source points into *document: keep `document` as long as the
// report is rendered, and drop both to free the file's memory.
struct LintedFile {
  FileReport report;
  std::shared_ptr<const LoadedPolicy> document;
};

// A file not linted because it is not a policy: one note, not an error.
struct LintSkip {
  std::string path;
  std::string message;  // "package.json: skipped: not an IAM policy (looks like package.json)"
};

struct LintSummary {
  std::size_t files = 0;          // reports produced
  std::size_t findings = 0;       // in those reports, after ignores and baseline
  std::size_t baselined = 0;      // findings dropped because the baseline holds them
  std::vector<LintError> errors;  // directory problems first (in input order), then files' (in file order)
  std::vector<LintSkip> skipped;  // in file order
};

// Lints the sources and hands each finished file to `visit`, in input order (a directory's files
// sorted), one at a time: a caller that renders and drops each file holds one document at a time
// (the manifests of the run are read first); with `jobs` > 1, up to 16 per thread. `visit` is
// called on the calling thread.
LintSummary lint_paths(std::span<const LintSource> sources, const LintPathsOptions& options,
                       const std::function<void(LintedFile&&)>& visit);

// The same, collected: reports in input order, and the documents they point into.
struct LintRun {
  std::vector<FileReport> reports;
  std::vector<std::shared_ptr<const LoadedPolicy>> documents;
  LintSummary summary;
};
[[nodiscard]] LintRun lint_paths(std::span<const LintSource> sources, const LintPathsOptions& options);

// Hand-written configuration and machine-written baselines are small; anything bigger is refused
// before it is read whole (a mistaken path to a device or a huge file costs nothing).
inline constexpr std::size_t kMaxConfigBytes = 1024 * 1024;
inline constexpr std::size_t kMaxBaselineBytes = 64 * 1024 * 1024;

// A configuration file read through the bounded reader. `error` (the file is missing, unreadable
// or too large; the message names it) or `result` (whose problems the caller reports).
struct ConfigFile {
  std::optional<ConfigResult> result;
  std::optional<std::string> error;
};
[[nodiscard]] ConfigFile read_config_file(const std::filesystem::path& path,
                                          std::size_t max_bytes = kMaxConfigBytes);

// A baseline file read the same way; `error` also says when it is not a baseline.
struct BaselineFile {
  std::optional<Baseline> baseline;
  std::optional<std::string> error;
};
[[nodiscard]] BaselineFile read_baseline_file(const std::filesystem::path& path,
                                              std::size_t max_bytes = kMaxBaselineBytes);

}  // namespace iamsmith
