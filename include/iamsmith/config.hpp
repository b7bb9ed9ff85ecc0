#pragma once
// .iamsmith.json: which rules run, how severe they are, what is ignored where and why, what is
// known about accounts and partitions, and users' own rules as data.
//
// {
//   "select": ["P", "W001"],                 ids, names or id prefixes; default: all
//   "ignore": ["W003"],
//   "severity": {"W010": "error"},           rule id or name -> error|security|warning|suggestion
//   "ignores": [{"path": "legacy/**/*.json", "rules": ["W003"], "pointer": "/Statement/2",
//                "sid": "ReadLogs", "resource": "LambdaRole",
//                "reason": "why this is accepted"}],           reason is required; path is
//                relative to this file's directory; pointer matches whole segments; sid names a
//                statement, resource a template's logical id or a Terraform resource address
//   "include": ["*.json"], "exclude": ["vendor"],  what directory walks lint (as --include/--exclude)
//   "fail-on": "security",                   as --fail-on (also "never", as --exit-zero)
//   "kind": "identity",                      as --kind
//   "partition": "aws",                      default partition of the policies
//   "account": "111122223333",               default account the policies live in
//   "accounts": {"123456789012": "source"},  known accounts, by id, with a label
//   "rules": [{"id": "U001", "name": "no-prod-buckets", "severity": "error",
//              "pointer": "/Statement/*/Resource", "pattern": "prod", "when": "matches",
//              "message": "production buckets are off limits"}]
// }

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "iamsmith/diagnostic.hpp"
#include "iamsmith/json.hpp"
#include "iamsmith/lint.hpp"
#include "iamsmith/policy.hpp"

namespace iamsmith {

class PathGlob;

struct PathIgnore {
  // Matched against the file's path relative to the configuration's directory (see
  // config_relative_path), so that an ignore means the same from every working directory.
  std::string path_glob;
  std::vector<std::string> rules;   // selectors (built-in or custom rules); empty = every rule
  std::string pointer_prefix;       // whole reference tokens; empty = anywhere in the file
  std::string reason;
  std::string sid;       // only in the statement with this Sid; empty = any
  // Only in this resource: a CloudFormation logical id, or a Terraform resource address
  // ("aws_iam_role.lambda", "module.app.aws_iam_role.lambda"; without an index it also names
  // each instance, "aws_iam_role.lambda[0]"). Empty = any.
  std::string resource;
  SourceSpan span;       // the ignore in the configuration: K002 reports it there
  std::shared_ptr<const PathGlob> glob;  // path_glob compiled; null: compiled when matched
};

// A user's rule, declared as data: values whose JSON pointer matches `pointer` ('*' stands for
// one reference token) are tested with the re2 `pattern`; `when` says whether a match or a
// non-match is the finding.
struct CustomRule {
  std::string id;
  std::string name;
  Severity severity = Severity::Warning;
  std::string pointer;
  std::string pattern;
  bool fire_when_matches = true;
  std::string message;
};

struct Config {
  std::string path;  // where it was read from; empty for the built-in default
  RuleSelection selection;
  std::vector<PathIgnore> ignores;
  std::optional<std::string> partition;
  std::optional<std::string> account;
  std::map<std::string, std::string> accounts;
  std::vector<CustomRule> custom_rules;
  // Defaults for the command-line options of the same names (the command line wins).
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  // Set when the file says: the least severe finding that fails the run, nullopt for "never".
  std::optional<std::optional<Severity>> fail_on;
  std::optional<PolicyKind> kind;
};

struct ConfigResult {
  Config config;
  std::vector<Diagnostic> problems;  // a bad config is reported with file:line:col, never ignored
  LoadedPolicy document;             // the config's source, for quoting problems
};

// The rules one run knows: the built-in catalogue, then the configuration's custom rules, each
// declared at run time as a Rule (owning its strings), so that selection, severity overrides,
// SARIF's rule descriptors and `explain` treat a custom rule as they treat a built-in one.
// Movable, not copyable: the Rules' strings live in the set.
class RuleSet {
 public:
  RuleSet();  // the built-in catalogue only
  // `origin` names where the custom rules were declared (the configuration's path), for their
  // documentation.
  explicit RuleSet(const std::vector<CustomRule>& custom, std::string_view origin = "");
  RuleSet(RuleSet&&) noexcept;
  RuleSet& operator=(RuleSet&&) noexcept;
  RuleSet(const RuleSet&) = delete;
  RuleSet& operator=(const RuleSet&) = delete;
  ~RuleSet();

  // Every rule: the catalogue's in catalogue order, then the custom ones in declaration order.
  [[nodiscard]] std::span<const Rule* const> rules() const { return all_; }
  // The rules a lint run can report (its SARIF driver.rules): the same, less the ones only
  // `iamsmith generate` or the configuration reader report (ExampleInput other than Document),
  // but K002 (unused ignores), which lint runs report on the configuration file.
  [[nodiscard]] std::span<const Rule* const> lint_rules() const { return lint_; }
  // By id or name, case-insensitively, as find_rule.
  [[nodiscard]] const Rule* find(std::string_view id_or_name) const;
  [[nodiscard]] bool selector_matches_any(std::string_view selector) const;
  // The id or name closest to a mistyped one, for "did you mean".
  [[nodiscard]] std::optional<std::string> nearest(std::string_view word) const;

  // A custom rule and its run-time declaration.
  struct Custom {
    CustomRule rule;
    std::string rationale;
    Rule declaration;
  };
  [[nodiscard]] const std::vector<std::unique_ptr<Custom>>& custom() const { return custom_; }

 private:
  std::vector<std::unique_ptr<Custom>> custom_;  // unique_ptr: the declarations' views stay valid
  std::vector<const Rule*> all_;
  std::vector<const Rule*> lint_;
};

// The rules of a run under `config`: the catalogue and its custom rules.
[[nodiscard]] RuleSet rule_set(const Config& config);

// Parses a config file's text. Unknown keys, wrong types, unknown rules, bad globs or patterns
// and ignores without a reason are problems.
[[nodiscard]] ConfigResult parse_config(std::string text, std::string path);

// The nearest .iamsmith.json from `start` upwards, if any.
[[nodiscard]] std::optional<std::filesystem::path> find_config(const std::filesystem::path& start);

// Whether `path` matches a glob: '*' and '?' within one path segment, '**' across segments.
[[nodiscard]] bool path_glob_match(std::string_view glob, std::string_view path);

// The same glob compiled once, for matching many paths (a directory walk).
class PathGlob {
 public:
  explicit PathGlob(std::string_view glob);
  ~PathGlob();
  PathGlob(PathGlob&&) noexcept;
  PathGlob& operator=(PathGlob&&) noexcept;
  [[nodiscard]] bool matches(std::string_view path) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// `file` relative to the configuration's directory, '/'-separated (symbolic links resolved);
// without a configuration file, the path as given less a leading "./".
[[nodiscard]] std::string config_relative_path(const Config& config, std::string_view file);

// The first of the config's path ignores that hides a finding in `file` (a config_relative_path),
// or null. `root` is the tree the finding's pointer points into, for "sid" (null: an ignore with
// a sid hides nothing); `container`, for a document embedded in a Terraform plan or state, the
// plan's tree, where a resource's "address" is written.
[[nodiscard]] const PathIgnore* matching_ignore(const Config& config, std::string_view file, const Diagnostic& finding,
                                                const json::Node* root = nullptr,
                                                const json::Node* container = nullptr);
[[nodiscard]] bool is_ignored(const Config& config, std::string_view file, const Diagnostic& finding,
                              const json::Node* root = nullptr);
// Whether the ignore's path glob admits `file` (a config_relative_path).
[[nodiscard]] bool ignore_covers_path(const PathIgnore& ignore, std::string_view file);

// Findings of the custom rules of `rules` that `selection` runs (select, ignore), with its
// severity overrides applied, as lint() applies them to the built-in rules.
[[nodiscard]] std::vector<Diagnostic> run_custom_rules(const RuleSet& rules, const LoadedPolicy& loaded,
                                                       const RuleSelection& selection);

}  // namespace iamsmith
