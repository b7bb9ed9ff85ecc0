// iamsmith lint: check policy files and report findings.

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "cli.hpp"
#include "iamsmith/diagnostic.hpp"
#include "iamsmith/lint.hpp"
#include "iamsmith/load.hpp"
#include "iamsmith/report.hpp"
#include "iamsmith/suggest.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace iamsmith::cli {
namespace {

// Expands the arguments of `lint` into files: a directory means every *.json below it, in a
// stable (sorted) order; "-" means standard input.
std::vector<std::string> expand_inputs(const std::vector<std::string>& inputs, std::vector<std::string>& errors) {
  std::vector<std::string> files;
  for (const std::string& input : inputs) {
    std::error_code ec;
    if (input != "-" && fs::is_directory(input, ec)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(input, fs::directory_options::skip_permission_denied, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file(ec) && it->path().extension() == ".json") found.push_back(it->path().string());
      }
      if (ec) errors.push_back(input + ": cannot list directory: " + ec.message());
      std::sort(found.begin(), found.end());
      if (found.empty()) errors.push_back(input + ": no *.json files in this directory");
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.push_back(input);
    }
  }
  return files;
}

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

}  // namespace

int run_lint(const std::vector<std::string>& args) {
  po::options_description options("lint options");
  std::string format = "text";
  std::string fail_on = "warning";
  std::string kind = "auto";
  std::size_t max_file_size = json::ParseOptions{}.max_bytes;
  std::size_t max_depth = json::ParseOptions{}.max_depth;
  std::vector<std::string> select;
  std::vector<std::string> ignore;
  LintContext context;
  options.add_options()
      ("help,h", "show this help")
      ("format,f", po::value(&format)->default_value(format), "output format: text, json, sarif or github")
      ("explain", po::bool_switch(), "text format: after the findings, each rule's rationale and fix, once")
      ("fail-on", po::value(&fail_on)->default_value(fail_on),
       "exit 1 when a finding is at least this severe: error, security, warning or suggestion")
      ("select", po::value(&select)->composing(),
       "run only these rules: ids, names or id prefixes (repeatable, or comma-separated)")
      ("ignore", po::value(&ignore)->composing(), "skip these rules (same forms as --select)")
      ("kind", po::value(&kind)->default_value(kind),
       "policy kind: identity, trust, resource, or auto (inferred from each policy)")
      ("partition", po::value<std::string>(), "the partition the policies live in (aws, aws-cn, ...)")
      ("account", po::value<std::string>(), "the account the policies live in")
      ("region", po::value<std::string>(), "the region of the setup")
      ("state-machine-arn", po::value<std::string>(), "the state machine of the setup")
      ("execution-role-arn", po::value<std::string>(), "the state machine's execution role")
      ("role-arn", po::value<std::string>(), "the role the checked trust or permission policy belongs to")
      ("max-policy-chars", po::value<std::size_t>(),
       "size quota for P014 in characters, whitespace not counted (default: by kind)")
      ("max-file-size", po::value(&max_file_size)->default_value(max_file_size),
       "refuse files larger than this many bytes")
      ("max-depth", po::value(&max_depth)->default_value(max_depth),
       "refuse JSON nested deeper than this")
      ("input", po::value<std::vector<std::string>>(), "policy files or directories (- for standard input)");
  po::positional_options_description positional;
  positional.add("input", -1);
  const po::variables_map vm = parse_options(args, options, positional, "lint");
  if (vm.count("help") != 0U) {
    std::cout << "usage: iamsmith lint [options] FILE|DIR...\n\n"
                 "Checks IAM policy documents. A directory is searched for *.json files.\n\n"
              << options << "\n";
    return kExitClean;
  }
  if (format != "text" && format != "json" && format != "sarif" && format != "github")
    throw UsageError{"unknown --format '" + format + "'; use text, json, sarif or github"};
  const auto threshold = severity_from_name(fail_on);
  if (!threshold) throw UsageError{"unknown --fail-on '" + fail_on + "'; use error, security, warning or suggestion"};
  if (kind != "auto" && !kind_from_name(kind))
    throw UsageError{"unknown --kind '" + kind + "'; use identity, trust, resource or auto"};
  if (vm.count("input") == 0U) throw UsageError{"lint needs at least one file or directory"};
  if (kind != "auto") context.kind = kind_from_name(kind);
  auto context_field = [&vm](const char* name, std::optional<std::string>& field) {
    if (vm.count(name) != 0U) field = vm[name].as<std::string>();
  };
  context_field("partition", context.partition);
  context_field("account", context.account);
  context_field("region", context.region);
  context_field("state-machine-arn", context.state_machine_arn);
  context_field("execution-role-arn", context.execution_role_arn);
  context_field("role-arn", context.role_arn);
  if (vm.count("max-policy-chars") != 0U) context.max_policy_chars = vm["max-policy-chars"].as<std::size_t>();
  RuleSelection selection;
  selection.select = split_selectors(select);
  selection.ignore = split_selectors(ignore);
  for (const auto* list : {&selection.select, &selection.ignore}) {
    for (const std::string& s : *list) {
      const bool known = std::any_of(all_rules().begin(), all_rules().end(),
                                     [&s](const Rule* r) { return rule_matches_selector(*r, s); });
      if (known) continue;
      std::vector<std::string> names;
      for (const Rule* r : all_rules()) {
        names.emplace_back(r->id);
        names.emplace_back(r->name);
      }
      std::string message = "no rule matches '" + s + "'";
      if (auto near = nearest(s, names, true)) message += "; did you mean '" + *near + "'?";
      throw UsageError{message};
    }
  }

  std::vector<std::string> io_errors;
  const std::vector<std::string> files = expand_inputs(vm["input"].as<std::vector<std::string>>(), io_errors);

  json::ParseOptions parse_options_value;
  parse_options_value.max_bytes = max_file_size;
  parse_options_value.max_depth = max_depth;

  std::vector<LoadedPolicy> loaded;  // kept alive: reports point into their sources
  loaded.reserve(files.size());
  for (const std::string& file : files) {
    LoadFileResult result = file == "-"
                                          ? load_policy_stream(std::cin, "<stdin>", parse_options_value)
                                          : load_policy_file(file, parse_options_value);
    if (result.error) {
      io_errors.push_back(result.error->message);
      continue;
    }
    loaded.push_back(std::move(*result.loaded));
  }

  std::vector<FileReport> reports;
  bool failing = false;
  for (const LoadedPolicy& l : loaded) {
    FileReport report{l.path, &l.document.source, "", iamsmith::lint(l, context, selection)};
    if (l.policy) report.kind = kind_name(context.kind ? *context.kind : infer_kind(*l.policy));
    for (const Diagnostic& d : report.diagnostics) failing = failing || d.severity >= *threshold;
    reports.push_back(std::move(report));
  }

  if (format == "json") {
    std::cout << render_json(reports);
  } else if (format == "sarif") {
    std::cout << render_sarif(reports, all_rules());
  } else if (format == "github") {
    std::cout << render_github(reports);
  } else {
    std::size_t total = 0;
    std::vector<std::string> fired;  // rule ids, in order of first appearance
    for (const FileReport& r : reports) {
      std::cout << render_text(r);
      total += r.diagnostics.size();
      for (const Diagnostic& d : r.diagnostics) {
        if (std::find(fired.begin(), fired.end(), d.rule_id) == fired.end()) fired.push_back(d.rule_id);
      }
    }
    if (vm["explain"].as<bool>()) {
      for (const std::string& id : fired) {
        if (const Rule* rule = find_rule(id)) {
          std::cout << "\n" << rule->id << " " << rule->name << ": " << rule->rationale << "\n  fix: " << rule->fix
                    << "\n";
        }
      }
    }
    std::cerr << "iamsmith: " << reports.size() << (reports.size() == 1 ? " file" : " files") << " checked, "
              << total << (total == 1 ? " finding" : " findings") << "\n";
  }
  for (const std::string& e : io_errors) std::cerr << "iamsmith: error: " << e << "\n";
  if (!io_errors.empty()) return kExitError;
  return failing ? kExitFindings : kExitClean;
}

}  // namespace iamsmith::cli
