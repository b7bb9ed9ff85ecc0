// iamsmith explain ID|NAME and iamsmith rules: the rule catalogue's documentation.

#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "cli.hpp"
#include "iamsmith/config.hpp"
#include "iamsmith/explain.hpp"
#include "iamsmith/lint_paths.hpp"
#include "iamsmith/report.hpp"

namespace po = boost::program_options;

namespace iamsmith::cli {
namespace {

// The rules explain and rules know: the catalogue, and the custom rules of --config FILE or of the nearest
// .iamsmith.json (as lint reads it). A bad configuration is a usage error with its positions.
RuleSet explained_rules(const po::variables_map& vm) {
  std::optional<std::filesystem::path> path;
  if (vm.count("config") != 0U) {
    path = vm["config"].as<std::string>();
  } else if (!vm["no-config"].as<bool>()) {
    path = find_config(std::filesystem::current_path());
  }
  if (!path) return RuleSet();
  ConfigFile file = read_config_file(*path);
  if (file.error) throw UsageError{*file.error};
  std::optional<ConfigResult>& result = file.result;
  if (!result->problems.empty()) {
    std::cerr << render_text(
        FileReport{result->config.path, &result->document.document.source, "", result->problems});
    throw UsageError{"the configuration " + result->config.path + " has " +
                     std::to_string(result->problems.size()) +
                     (result->problems.size() == 1 ? " problem" : " problems")};
  }
  return rule_set(result->config);
}

}  // namespace

int run_explain(const std::vector<std::string>& args) {
  po::options_description options("explain options");
  std::string format = "text";
  options.add_options()("help,h", "show this help")("format,f", po::value(&format)->default_value(format),
                                                    "output format: text or json")(
      "config", po::value<std::string>(),
      "configuration whose custom rules to explain too (default: the nearest "
      ".iamsmith.json upwards)")("no-config", po::bool_switch(), "do not look for .iamsmith.json")(
      "rule", po::value<std::vector<std::string>>(), "rule ids or names");
  po::positional_options_description positional;
  positional.add("rule", -1);
  const po::variables_map vm = parse_options(args, options, positional, "explain");
  if (vm.count("help") != 0U) {
    std::cout << "usage: iamsmith explain [--format text|json] ID|NAME...\n\n"
                 "Explains a rule: what it finds, why it matters, how to fix it, with examples.\n\n"
              << options << "\n";
    return kExitClean;
  }
  if (format != "text" && format != "json") throw UsageError{"unknown --format '" + format + "'; use text or json"};
  if (vm.count("rule") == 0U) throw UsageError{"explain needs a rule id or name, e.g. 'iamsmith explain P002'"};
  const RuleSet rules = explained_rules(vm);
  bool first = true;
  for (const std::string& wanted : vm["rule"].as<std::vector<std::string>>()) {
    const Rule* rule = rules.find(wanted);
    if (rule == nullptr) {
      std::string message = "no rule '" + wanted + "'";
      if (auto near = rules.nearest(wanted)) message += "; did you mean '" + *near + "'?";
      throw UsageError{message + " ('iamsmith rules' lists them all)"};
    }
    if (!first && format == "text") std::cout << "\n";
    first = false;
    std::cout << (format == "json" ? explain_json(*rule) : explain_text(*rule));
  }
  return kExitClean;
}

int run_rules(const std::vector<std::string>& args) {
  po::options_description options("rules options");
  std::string format = "text";
  options.add_options()("help,h", "show this help")(
      "format,f", po::value(&format)->default_value(format), "output format: text, json or markdown")(
      "config", po::value<std::string>(),
      "configuration whose custom rules to list too (default: the nearest .iamsmith.json upwards)")(
      "no-config", po::bool_switch(), "do not look for .iamsmith.json");
  const po::variables_map vm = parse_options(args, options, {}, "rules");
  if (vm.count("help") != 0U) {
    std::cout << "usage: iamsmith rules [--format text|json|markdown] [--config FILE | --no-config]\n\n"
                 "Lists every rule: the catalogue, then the configuration's custom rules.\n\n"
              << options << "\n";
    return kExitClean;
  }
  if (format != "text" && format != "json" && format != "markdown")
    throw UsageError{"unknown --format '" + format + "'; use text, json or markdown"};
  const RuleSet rules = explained_rules(vm);
  if (format == "text") {
    std::cout << rules_text(rules.rules());
  } else if (format == "json") {
    std::cout << rules_json(rules.rules());
  } else {
    std::cout << rules_markdown(rules.rules());
  }
  return kExitClean;
}

}  // namespace iamsmith::cli
