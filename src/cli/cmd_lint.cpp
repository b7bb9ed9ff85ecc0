// iamsmith lint: check policy files and report findings.

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "cli.hpp"
#include "iamsmith/atomic_write.hpp"
#include "iamsmith/baseline.hpp"
#include "iamsmith/config.hpp"
#include "iamsmith/arn.hpp"
#include "iamsmith/diagnostic.hpp"
#include "iamsmith/diff.hpp"
#include "iamsmith/fix.hpp"
#include "iamsmith/sfn.hpp"  // arn_problem
#include "iamsmith/iamdata.hpp"
#include "iamsmith/lint.hpp"
#include "iamsmith/lint_paths.hpp"
#include "iamsmith/load.hpp"
#include "iamsmith/partition.hpp"
#include "iamsmith/report.hpp"
#include "iamsmith/setup.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace iamsmith::cli {
namespace {

// "--select P001,W --select T" -> {"P001", "W", "T"}.
std::vector<std::string> split_selectors(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const std::string& v : values) {
    std::size_t start = 0;
    while (start <= v.size()) {
      const std::size_t comma = std::min(v.find(',', start), v.size());
      if (comma > start) out.push_back(v.substr(start, comma - start));
      start = comma + 1;
    }
  }
  return out;
}

void check_selectors(const std::vector<std::string>& selectors, const RuleSet& rules) {
  for (const std::string& s : selectors) {
    if (rules.selector_matches_any(s)) continue;
    std::string message = "no rule matches '" + s + "'";
    if (auto near = rules.nearest(s)) message += "; did you mean '" + *near + "'?";
    throw UsageError{message};
  }
}

// What a selector that is an id prefix ("W01") matched, since W01 is easily taken for W001:
// "--select W01 matches W010, W011, W012, W013, W014, W015". Empty for an id or a name.
std::string prefix_note(const std::string& option, const std::string& selector, const RuleSet& rules) {
  if (rules.find(selector) != nullptr) return {};
  std::vector<std::string_view> ids;
  for (const Rule* rule : rules.rules()) {
    if (rule_matches_selector(*rule, selector)) ids.push_back(rule->id);
  }
  if (ids.empty()) return {};
  std::string out = "--" + option + " " + selector + " matches " + std::to_string(ids.size()) +
                    (ids.size() == 1 ? " rule: " : " rules: ");
  constexpr std::size_t kShown = 12;
  for (std::size_t i = 0; i < ids.size() && i < kShown; ++i) out += (i == 0 ? "" : ", ") + std::string(ids[i]);
  if (ids.size() > kShown) out += ", ... (iamsmith rules lists them)";
  return out;
}

// --statistics: one line per rule that fired, most findings first, as ruff and flake8 print it.
std::string statistics_table(const std::vector<RuleStatistic>& counts) {
  std::size_t width = 1;
  std::size_t name_width = 1;
  for (const RuleStatistic& c : counts) {
    width = std::max(width, std::to_string(c.count).size());
    name_width = std::max(name_width, c.name.size());
  }
  std::string out;
  for (const RuleStatistic& c : counts) {
    const std::string n = std::to_string(c.count);
    out += std::string(width - n.size(), ' ') + n + "  " + c.rule + "  " + c.name +
           std::string(name_width - c.name.size(), ' ') + "  " + std::string(severity_name(c.severity)) + "\n";
  }
  return out;
}

// The configuration: --config FILE, else the nearest .iamsmith.json upwards, else defaults.
// A bad configuration is a usage error, reported with its positions.
Config load_config(const po::variables_map& vm) {
  std::optional<fs::path> path;
  if (vm.count("config") != 0U) {
    path = vm["config"].as<std::string>();
  } else if (!vm["no-config"].as<bool>()) {
    path = find_config(fs::current_path());
  }
  if (!path) return {};
  ConfigFile file = read_config_file(*path);
  if (file.error) throw UsageError{*file.error};
  ConfigResult& result = *file.result;
  if (!result.problems.empty()) {
    FileReport report{result.config.path, &result.document.document.source, "", result.problems};
    std::cerr << render_text(report);
    throw UsageError{"the configuration " + result.config.path + " has " + std::to_string(result.problems.size()) +
                     (result.problems.size() == 1 ? " problem" : " problems")};
  }
  return result.config;
}

// --iam-data FILE: a bad file is a usage error naming the file and line.
std::shared_ptr<const iamdata::Catalog> load_data(const std::string& path) {
  iamdata::DataError error;
  auto catalog = iamdata::load_catalog_file(path, error);
  if (!catalog) {
    throw UsageError{"--iam-data " + error.origin + (error.line != 0 ? ":" + std::to_string(error.line) : "") +
                     ": " + error.message};
  }
  return catalog;
}

// --integrations FILE...: read as generate and verify read them (sfn::read_setup). Its findings
// are printed with their positions; an error among them, or a file that cannot be read, is a
// usage error.
std::shared_ptr<const sfn::IntegrationTable> load_integrations(const std::vector<std::string>& files,
                                                               std::size_t max_file_size, std::size_t max_depth) {
  sfn::SetupRequest request;
  request.integration_files = files;
  request.max_file_size = max_file_size;
  request.max_depth = max_depth;
  sfn::SetupRead read = sfn::read_setup(request);
  if (!read.io_errors.empty()) throw UsageError{read.io_errors.front()};
  std::map<std::size_t, std::vector<Diagnostic>> by_input;
  for (const sfn::Finding& f : read.findings) by_input[f.input].push_back(f.diagnostic);
  for (auto& [input, diagnostics] : by_input) {
    sort_diagnostics(diagnostics);
    const sfn::Input& in = read.inputs.at(input);
    std::cerr << render_text(FileReport{in.path, &in.source, "", diagnostics});
  }
  if (read.has_errors()) {
    std::string message = "the integration table has ";
    message += std::to_string(read.findings.size());
    message += read.findings.size() == 1 ? " problem" : " problems";
    throw UsageError{message};
  }
  return std::make_shared<const sfn::IntegrationTable>(std::move(read.table));
}

// --partition, --account, --region and the ARN options name real things: a typo would silently
// turn off the checks that use them. The messages and suggestions are the ones generate gives.
void check_context(const LintContext& c) {
  if (c.partition && find_partition(*c.partition) == nullptr) {
    std::string message = "unknown --partition '" + *c.partition + "'";
    if (auto near = nearest_partition(*c.partition)) message += "; did you mean '" + *near + "'?";
    throw UsageError{message};
  }
  if (c.account && !is_account_id(*c.account))
    throw UsageError{"--account '" + *c.account + "' is not an account ID: it must be 12 digits"};
  if (c.region && !is_known_region(*c.region)) {
    const PartitionInfo* partition = c.partition ? find_partition(*c.partition) : nullptr;
    std::string message = "unknown --region '" + *c.region + "'";
    if (auto near = nearest_region(*c.region, partition)) message += "; did you mean '" + *near + "'?";
    throw UsageError{message};
  }
  if (c.region && c.partition && !region_in_partition(*c.region, *c.partition))
    throw UsageError{"--region '" + *c.region + "' is not a region of --partition '" + *c.partition + "'"};
  const std::pair<const char*, const std::optional<std::string>*> arns[] = {
      {"role-arn", &c.role_arn}, {"execution-role-arn", &c.execution_role_arn}};
  for (const auto& [name, value] : arns) {
    if (!*value) continue;
    if (const std::string problem = sfn::arn_problem(**value, sfn::ArnKind::Role); !problem.empty()) {
      std::string message = "--" + std::string(name) + " '" + **value + "' " + problem;
      if ((*value)->rfind("arn:", 0) != 0 && (*value)->find(':') == std::string::npos) {
        message += "; did you mean 'arn:" + c.partition.value_or("aws") + ":iam::" +
                   c.account.value_or("111122223333") + ":role/" + **value + "'?";
      }
      throw UsageError{message};
    }
  }
  if (c.state_machine_arn) {
    if (const std::string problem = sfn::arn_problem(*c.state_machine_arn, sfn::ArnKind::StateMachine); !problem.empty())
      throw UsageError{"--state-machine-arn '" + *c.state_machine_arn + "' " + problem};
  }
}

// --fix and --diff: one lint run over the sources whose fixable findings (those the selection,
// the ignores and the baseline leave) are fixed file by file, each file written atomically
// (or, for --diff, shown as a unified diff and left alone). The report is a second run, over
// the fixed files.
struct FixRun {
  std::size_t fixed = 0;  // findings
  std::size_t files = 0;
  std::size_t left = 0;   // fixable findings not fixed (a collision: --fix again)
  bool failed = false;    // a file could not be written, or a signal arrived
};

FixRun run_fixes(std::span<const LintSource> sources, const LintPathsOptions& options, bool write, std::ostream& out) {
  FixRun run;
  (void)lint_paths(sources, options, [&](LintedFile&& file) {
    if (run.failed || !file.document) return;
    const FixOutcome outcome = fix_findings(*file.document, file.report.diagnostics);
    run.left += outcome.left;
    if (!outcome.refused.empty())
      std::cerr << "iamsmith: warning: " << file.report.path << " was not fixed: " << outcome.refused << "\n";
    if (outcome.fixed.empty()) return;
    const std::string& path = file.document->path;
    if (!write) {
      const std::optional<std::string> diff =
          unified_diff(file.document->document.source.text(), outcome.text, path, path);
      out << (diff ? *diff : "  (" + path + ": the fixes change too many lines to show)\n");
      run.fixed += outcome.fixed.size();
      ++run.files;
      return;
    }
    // A symlinked policy stays a symlink: the file it names is replaced, with its permissions.
    std::error_code ec;
    fs::path target = fs::canonical(path, ec);
    if (ec) target = path;
    const fs::perms perms = fs::status(target, ec).permissions();
    struct stat owner {};
    const bool has_owner = ::stat(target.c_str(), &owner) == 0;
    const atomic::SignalBlock block;  // a signal takes effect after the outcome is printed
    const atomic::SetResult written = atomic::write_file(target.string(), outcome.text);
    switch (written.status) {
      case atomic::Status::Done:
        // The new file keeps the old one's owner and group (root fixing a user's checkout), as
        // far as this process may give them (cp -p's rule): otherwise it stays the writer's.
        // chown before chmod, which chown may have cleared set-id bits for.
        if (has_owner && (owner.st_uid != ::geteuid() || owner.st_gid != ::getegid()) &&
            ::chown(target.c_str(), owner.st_uid, owner.st_gid) != 0) {
          // Not permitted to give the owner: the group at least, when this process is in it.
          if (::chown(target.c_str(), static_cast<uid_t>(-1), owner.st_gid) != 0) {
            // not permitted either: the writer's owner and group stay
          }
        }
        if (!ec) fs::permissions(target, perms, ec);
        run.fixed += outcome.fixed.size();
        ++run.files;
        return;
      case atomic::Status::Interrupted:
        std::cerr << "iamsmith: interrupted by " << atomic::signal_name(written.signal) << ": " << path
                  << " was not fixed\n";
        break;
      case atomic::Status::Failed:
        std::cerr << "iamsmith: error: " << written.error << "\n";
        if (written.rolled_back) std::cerr << "iamsmith: " << path << " was not fixed\n";
        break;
    }
    run.failed = true;
  });
  return run;
}

}  // namespace

int run_lint(const std::vector<std::string>& args) {
  po::options_description options("lint options");
  std::string format = "text";
  std::string fail_on = "warning";
  std::string kind = "auto";
  std::string colour = "auto";
  const json::ParseOptions parse_defaults;
  std::vector<std::string> select;
  std::vector<std::string> ignore;
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  std::vector<std::string> integration_files;
  options.add_options()
      ("help,h", "show this help")
      ("format,f", po::value(&format)->default_value(format),
       "output format: text, concise (file:line:col: ID message), json, sarif or github")
      ("output-file,o", po::value<std::string>(),
       "write the report to this file (replaced whole, or left as it was if the run fails) instead of standard "
       "output")
      ("quiet,q", po::bool_switch(), "print the findings and errors only: no summary line, no notes")
      ("statistics", po::bool_switch(),
       "instead of the findings, print how many each rule found, most first (--format json: a \"statistics\" "
       "member beside them)")
      ("no-source", po::bool_switch(), "text format: leave out the quoted source line and caret")
      ("fix", po::bool_switch(),
       "fix what is safe to fix mechanically (comments, trailing commas, a byte-order mark: P002; a missing "
       "Version: P005), writing each file atomically, then report what is left")
      ("diff", po::bool_switch(), "show the fixes --fix would make as a unified diff, and write nothing; exit 1 "
       "when there are some")
      ("exit-zero", po::bool_switch(), "exit 0 even when there are findings (2 still means an error); as --fail-on never")
      ("explain", po::bool_switch(), "text format: after the findings, each rule's rationale and fix, once")
      ("color", po::value(&colour)->default_value(colour),
       "colour the text output: auto (on a terminal, unless NO_COLOR; FORCE_COLOR or CLICOLOR_FORCE turn it on), "
       "always, never")
      ("fail-on", po::value(&fail_on)->default_value(fail_on),
       "exit 1 when a finding is at least this severe: error, security, warning, suggestion, or never")
      ("select", po::value(&select)->composing(),
       "run only these rules: ids, names or id prefixes (repeatable, or comma-separated)")
      ("ignore", po::value(&ignore)->composing(), "skip these rules (same forms as --select)")
      ("include", po::value(&include)->composing(), "in directories, lint files matching this glob (default *.json, and *.yaml, *.yml, *.template files that look like templates)")
      ("exclude", po::value(&exclude)->composing(), "in directories, skip files matching this glob")
      ("skip-non-policies", po::bool_switch(),
       "skip files named explicitly that are not policies (package.json, ...) with a note, as in a directory, "
       "instead of reporting P030 (for hooks that pass every staged file)")
      ("no-ignore", po::bool_switch(),
       "in directories, also walk .git, node_modules, .terraform, cdk.out/asset.*, other dot-directories and "
       "what .gitignore files ignore")
      ("config", po::value<std::string>(), "configuration file (default: the nearest .iamsmith.json upwards)")
      ("no-config", po::bool_switch(), "do not look for .iamsmith.json")
      ("baseline", po::value<std::string>(), "report only findings not recorded in this baseline file")
      ("write-baseline", po::value<std::string>(), "record every current finding in this file, then exit 0")
      ("kind", po::value(&kind)->default_value(kind),
       "policy kind: identity, trust, resource, or auto (inferred from each policy)")
      ("partition", po::value<std::string>(), "the partition the policies live in (aws, aws-cn, ...)")
      ("account", po::value<std::string>(), "the account the policies live in")
      ("region", po::value<std::string>(), "the region of the setup")
      ("state-machine-arn", po::value<std::string>(), "the state machine of the setup")
      ("execution-role-arn", po::value<std::string>(), "the state machine's execution role")
      ("role-arn", po::value<std::string>(), "the role the checked trust or permission policy belongs to")
      ("max-policy-chars", po::value<std::string>(),
       "size quota for P014 in characters, whitespace not counted (default: by kind; 1 to 1073741824)")
      ("max-file-size", po::value<std::string>()->default_value(std::to_string(parse_defaults.max_bytes)),
       "refuse files larger than this many bytes (1 to 1073741824)")
      ("max-depth", po::value<std::string>()->default_value(std::to_string(parse_defaults.max_depth)),
       "refuse JSON nested deeper than this (1 to 10000)")
      ("jobs,j", po::value<std::string>()->default_value("0"),
       "lint this many files at once (0: one per core; at most 1024); the output is the same for every value")
      ("integrations", po::value(&integration_files)->composing(),
       "extra integration table (format of rules/integrations.json) for the S rules; its rows take precedence")
      ("iam-data", po::value<std::string>(),
       "read AWS's action catalogue (services, actions, condition keys) from this file instead of the built-in "
       "snapshot")
      ("stdin-filename", po::value<std::string>(),
       "the name standard input (-) is reported, recognised and matched against ignores under (an editor's buffer)")
      ("input", po::value<std::vector<std::string>>(), "policy files or directories (- for standard input)");
  po::positional_options_description positional;
  positional.add("input", -1);
  const po::variables_map vm = parse_options(args, options, positional, "lint");
  if (vm.count("help") != 0U) {
    std::cout << "usage: iamsmith lint [options] FILE|DIR|-...\n\n"
                 "Checks IAM policy documents. A directory is searched for *.json files.\n"
                 "Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input error,\n"
                 "3 an output (--write-baseline, standard output) could not be written.\n\n"
              << options << "\n";
    return kExitClean;
  }
  if (format != "text" && format != "concise" && format != "json" && format != "sarif" && format != "github")
    throw UsageError{"unknown --format '" + format + "'; use text, concise, json, sarif or github"};
  std::optional<Severity> threshold = vm["exit-zero"].as<bool>() ? std::nullopt : fail_on_option(fail_on);
  const bool quiet = vm["quiet"].as<bool>();
  const bool statistics = vm["statistics"].as<bool>();
  // SARIF and workflow annotations are one entry per finding, read by code scanning and the
  // Actions runner: neither has a place for counts.
  if (statistics && (format == "sarif" || format == "github"))
    throw UsageError{"--statistics does not go with --format " + format + ", which lists findings one by one for " +
                     (format == "sarif" ? "code scanning" : "the Actions runner") + "; use --format text or json"};
  const std::optional<std::string> output_file =
      vm.count("output-file") != 0U ? std::optional(vm["output-file"].as<std::string>()) : std::nullopt;
  if (kind != "auto" && !kind_from_name(kind))
    throw UsageError{"unknown --kind '" + kind + "'; use identity, trust, resource or auto"};
  const std::size_t max_file_size = number_option(vm, "max-file-size", kFileSizeRange, parse_defaults.max_bytes);
  const std::size_t max_depth = number_option(vm, "max-depth", {1, json::kMaxDepthLimit}, parse_defaults.max_depth);
  std::optional<std::size_t> max_policy_chars;
  if (vm.count("max-policy-chars") != 0U)
    max_policy_chars = number_option(vm, "max-policy-chars", kFileSizeRange, 0);
  if (vm.count("input") == 0U) throw UsageError{"lint needs at least one file or directory"};
  const std::vector<std::string>& inputs = vm["input"].as<std::vector<std::string>>();
  if (vm.count("stdin-filename") != 0U && std::find(inputs.begin(), inputs.end(), "-") == inputs.end())
    throw UsageError{"--stdin-filename names standard input: give - among the inputs"};
  const bool fix = vm["fix"].as<bool>();
  const bool diff = vm["diff"].as<bool>();
  if (fix || diff) {
    const char* option = diff ? "--diff" : "--fix";
    if (vm.count("write-baseline") != 0U) throw UsageError{std::string(option) + " does not go with --write-baseline"};
    if (statistics) throw UsageError{std::string(option) + " does not go with --statistics"};
    if (diff && format != "text") throw UsageError{"--diff prints a unified diff: it takes no --format"};
    if (!diff && std::find(inputs.begin(), inputs.end(), "-") != inputs.end())
      throw UsageError{"--fix cannot write standard input back; --diff shows the fixes it would make"};
  }
  // A file is no terminal: auto colours it only when forced (FORCE_COLOR).
  const bool colour_on = format == "text" && colour_wanted(colour, output_file ? -1 : STDOUT_FILENO);

  const Config config = load_config(vm);
  const RuleSet rules = rule_set(config);  // the catalogue and the configuration's custom rules
  // The configuration's fail-on, kind, include and exclude stand where the command line is silent.
  // --exit-zero wins over the configuration too.
  if (vm["fail-on"].defaulted() && !vm["exit-zero"].as<bool>() && config.fail_on) threshold = *config.fail_on;
  if (include.empty()) include = config.include;
  if (exclude.empty()) exclude = config.exclude;
  LintContext context;
  if (kind != "auto") context.kind = kind_from_name(kind);
  if (vm["kind"].defaulted()) context.kind = config.kind;
  auto context_field = [&vm](const char* name, std::optional<std::string>& field) {
    if (vm.count(name) != 0U) field = vm[name].as<std::string>();
  };
  context_field("partition", context.partition);
  context_field("account", context.account);
  context_field("region", context.region);
  context_field("state-machine-arn", context.state_machine_arn);
  context_field("execution-role-arn", context.execution_role_arn);
  context_field("role-arn", context.role_arn);
  context.max_policy_chars = max_policy_chars;
  check_context(context);
  std::shared_ptr<const iamdata::Catalog> data;  // kept alive while the contexts point at it
  if (vm.count("iam-data") != 0U) {
    data = load_data(vm["iam-data"].as<std::string>());
    context.catalog = data.get();
  }
  std::shared_ptr<const sfn::IntegrationTable> integrations;  // kept alive like `data`
  if (!integration_files.empty()) {
    integrations = load_integrations(integration_files, max_file_size, max_depth);
    context.integrations = integrations.get();
  }
  const bool explain = vm["explain"].as<bool>();

  // Command-line selection replaces the configuration's; severity overrides come from it.
  RuleSelection selection = config.selection;
  if (!select.empty()) selection.select = split_selectors(select);
  if (!ignore.empty()) {
    const auto more = split_selectors(ignore);
    selection.ignore.insert(selection.ignore.end(), more.begin(), more.end());
  }
  check_selectors(selection.select, rules);
  check_selectors(selection.ignore, rules);
  if (!quiet) {
    for (const std::string& s : selection.select) {
      if (const std::string note = prefix_note("select", s, rules); !note.empty()) std::cerr << "iamsmith: note: " << note << "\n";
    }
  }

  std::optional<Baseline> baseline;
  if (vm.count("baseline") != 0U) {
    BaselineFile file = read_baseline_file(vm["baseline"].as<std::string>());
    if (file.error) throw UsageError{*file.error};
    baseline = std::move(file.baseline);
  }
  const bool writing_baseline = vm.count("write-baseline") != 0U;

  LintPathsOptions run_options;
  run_options.config = config;
  run_options.selection = selection;
  run_options.context = context;
  if (!include.empty()) run_options.include = include;
  run_options.exclude = exclude;
  run_options.use_ignores = !vm["no-ignore"].as<bool>();
  run_options.skip_non_policies = vm["skip-non-policies"].as<bool>();
  run_options.parse.max_bytes = max_file_size;
  run_options.parse.max_depth = max_depth;
  run_options.expansion_notes = explain && format == "text";
  // --write-baseline records every current finding, the baselined ones too.
  run_options.baseline = baseline && !writing_baseline ? &*baseline : nullptr;
  run_options.standard_input = &std::cin;
  if (vm.count("stdin-filename") != 0U) run_options.standard_input_name = vm["stdin-filename"].as<std::string>();
  constexpr std::size_t kMaxJobs = 1024;
  run_options.jobs = number_option(vm, "jobs", {0, kMaxJobs}, 0);
  std::vector<LintSource> sources;
  for (const std::string& input : inputs) sources.push_back({input, std::nullopt});
  if (diff) {
    std::ostringstream diffs;
    const FixRun run = run_fixes(sources, run_options, false, output_file ? diffs : std::cout);
    if (!quiet) {
      std::cerr << "iamsmith: " << run.fixed << (run.fixed == 1 ? " finding" : " findings") << " in " << run.files
                << (run.files == 1 ? " file" : " files") << " would be fixed";
      if (run.left != 0) std::cerr << " (" << run.left << " more by a second --fix)";
      std::cerr << "\n";
    }
    if (output_file) {
      const atomic::SignalBlock block;
      const atomic::SetResult result = atomic::write_file(*output_file, std::move(diffs).str());
      if (result.status != atomic::Status::Done) {
        std::cerr << "iamsmith: error: "
                  << (result.status == atomic::Status::Interrupted ? "interrupted by " + atomic::signal_name(result.signal)
                                                                   : result.error)
                  << ": " << *output_file << " was not written\n";
        return kExitOutput;
      }
    }
    return run.fixed != 0 ? kExitFindings : kExitClean;
  }
  if (fix) {
    const FixRun run = run_fixes(sources, run_options, true, std::cout);
    if (!quiet && (run.fixed != 0 || run.left != 0)) {
      std::cerr << "iamsmith: fixed " << run.fixed << (run.fixed == 1 ? " finding" : " findings") << " in "
                << run.files << (run.files == 1 ? " file" : " files");
      if (run.left != 0) std::cerr << " (" << run.left << " more by a second --fix)";
      std::cerr << "\n";
    }
    if (run.failed) return kExitOutput;
  }
  // Each file is rendered and dropped as soon as it is linted, so memory holds a few files, not
  // the run; only --write-baseline keeps every file's findings (not its text) to the end.
  const ReportFormat report_format = format == "json"      ? ReportFormat::Json
                                     : format == "sarif"   ? ReportFormat::Sarif
                                     : format == "github"  ? ReportFormat::Github
                                     : format == "concise" ? ReportFormat::Concise
                                                           : ReportFormat::Text;
  ReportOptions report_options;
  report_options.colour = colour_on;
  report_options.quote_source = !vm["no-source"].as<bool>();
  report_options.statistics = statistics;
  if (report_format == ReportFormat::Sarif) report_options.sarif.source_root = sarif_source_root(fs::current_path().string());
  ReportStream stream(report_format, rules.lint_rules(), report_options);
  // --output-file: the report is kept and written whole at the end, so that the file is either
  // the old one or the complete new one.
  std::ostringstream kept;
  std::ostream& out = output_file ? static_cast<std::ostream&>(kept) : std::cout;
  std::vector<FileReport> reports;  // --write-baseline only
  bool failing = false;
  std::size_t total = 0;
  std::vector<std::string> fired;  // rule ids, in order of first appearance
  // Text --statistics prints the table instead of the findings; JSON adds it to them.
  const bool table_only = statistics && report_format != ReportFormat::Json;
  if (!writing_baseline && !table_only) out << stream.header();
  const LintSummary summary = lint_paths(sources, run_options, [&](LintedFile&& file) {
    FileReport& r = file.report;
    if (writing_baseline) {
      r.source = nullptr;
      reports.push_back(std::move(r));
      return;
    }
    for (const Diagnostic& d : r.diagnostics) {
      failing = failing || (threshold && d.severity >= *threshold);
      if (std::find(fired.begin(), fired.end(), d.rule_id) == fired.end()) fired.push_back(d.rule_id);
    }
    total += r.diagnostics.size();
    if (table_only) {
      stream.count(r);
    } else {
      out << stream.file(r);
    }
  });
  std::vector<std::string> io_errors;
  for (const LintError& e : summary.errors) {
    switch (e.kind) {
      case LintErrorKind::Read:
      case LintErrorKind::ListDirectory: io_errors.push_back(e.message); break;
      case LintErrorKind::EmptyDirectory: io_errors.push_back(e.message + " (--include)"); break;
    }
  }

  if (writing_baseline) {
    // A baseline of a partial run (a mistyped path, an unreadable file) would silently forget the
    // findings of what was not read: the old baseline stays and the run fails (exit 2).
    const std::string path = vm["write-baseline"].as<std::string>();
    if (!io_errors.empty()) {
      for (const std::string& e : io_errors) std::cerr << "iamsmith: error: " << e << "\n";
      std::cerr << "iamsmith: " << path << " was not written: not every input could be read\n";
      return kExitError;
    }
    const atomic::SignalBlock block;  // a signal takes effect after the outcome is printed
    const atomic::SetResult written = atomic::write_file(path, write_baseline(reports));
    switch (written.status) {
      case atomic::Status::Done: break;
      case atomic::Status::Interrupted:
        std::cerr << "iamsmith: interrupted by " << atomic::signal_name(written.signal) << ": " << path
                  << " was not written\n";
        return kExitOutput;
      case atomic::Status::Failed:
        std::cerr << "iamsmith: error: " << written.error << "\n";
        if (written.rolled_back) std::cerr << "iamsmith: " << path << " was not written\n";
        return kExitOutput;
    }
    std::cerr << "iamsmith: wrote " << summary.findings << " findings to " << path << "\n";
    return kExitClean;
  }
  const std::size_t baselined = summary.baselined;

  if (table_only) {
    out << statistics_table(stream.statistics());
  } else {
    stream.write_footer(out);
  }
  const bool text_like = report_format == ReportFormat::Text || report_format == ReportFormat::Concise;
  if (report_format == ReportFormat::Text && explain && !table_only) {
    for (const std::string& id : fired) {
      if (const Rule* rule = rules.find(id)) {
        out << "\n" << rule->id << " " << rule->name << ": " << rule->rationale << "\n  fix: " << rule->fix << "\n";
      }
    }
  }
  if (text_like && !quiet) {
    std::cerr << "iamsmith: " << summary.files << (summary.files == 1 ? " file" : " files") << " checked, "
              << total << (total == 1 ? " finding" : " findings");
    if (baselined != 0) std::cerr << " (" << baselined << " more in the baseline)";
    std::cerr << "\n";
  }
  if (!quiet) {
    for (const LintSkip& skip : summary.skipped) std::cerr << "iamsmith: note: " << skip.message << "\n";
  }
  for (const std::string& e : io_errors) std::cerr << "iamsmith: error: " << e << "\n";
  if (output_file) {
    const atomic::SignalBlock block;  // a signal takes effect after the outcome is printed
    const atomic::SetResult result = atomic::write_file(*output_file, std::move(kept).str());
    switch (result.status) {
      case atomic::Status::Done: break;
      case atomic::Status::Interrupted:
        std::cerr << "iamsmith: interrupted by " << atomic::signal_name(result.signal) << ": " << *output_file
                  << " was not written\n";
        return kExitOutput;
      case atomic::Status::Failed:
        std::cerr << "iamsmith: error: " << result.error << "\n";
        if (result.rolled_back) std::cerr << "iamsmith: " << *output_file << " was not written\n";
        return kExitOutput;
    }
  }
  if (!io_errors.empty()) return kExitError;
  return failing ? kExitFindings : kExitClean;
}

}  // namespace iamsmith::cli
