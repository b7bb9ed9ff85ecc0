// The iamsmith command line. Boost.ProgramOptions lives here and nowhere else.
// Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage, input/output or internal error.

#include <algorithm>
#include <exception>
#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "iamsmith/diagnostic.hpp"
#include "iamsmith/load.hpp"
#include "iamsmith/report.hpp"
#include "iamsmith/suggest.hpp"
#include "iamsmith/version.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

constexpr int kExitClean = 0;
constexpr int kExitFindings = 1;
constexpr int kExitError = 2;

// Thrown for a bad command line; main() prints it and exits 2.
struct UsageError {
  std::string message;
};

struct Command {
  std::string name;
  std::string summary;
};

const std::vector<Command>& commands() {
  static const std::vector<Command> kCommands = {
      {"lint", "check IAM policy files and report every problem with its position"},
  };
  return kCommands;
}

std::vector<std::string> command_names() {
  std::vector<std::string> names;
  for (const Command& c : commands()) names.push_back(c.name);
  return names;
}

std::string main_help() {
  std::ostringstream out;
  out << "iamsmith " << iamsmith::version()
      << " - writes and checks AWS IAM policies for cross-account Step Functions\n\n"
         "usage: iamsmith <command> [options] [arguments]\n"
         "       iamsmith --help | --version\n\ncommands:\n";
  for (const Command& c : commands()) out << "  " << c.name << std::string(10 - c.name.size(), ' ') << c.summary << "\n";
  out << "\nRun 'iamsmith <command> --help' for a command's options.\n"
         "Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage, input/output or internal error.\n";
  return out.str();
}

// Names every long option of `options`, for "did you mean" on an unknown one.
std::vector<std::string> option_names(const po::options_description& options) {
  std::vector<std::string> names;
  for (const auto& opt : options.options()) names.push_back("--" + opt->long_name());
  return names;
}

// Parses a subcommand's options; turns Boost's errors into UsageError with a suggestion.
po::variables_map parse_options(const std::vector<std::string>& args, const po::options_description& visible,
                                const po::positional_options_description& positional,
                                const std::string& command) {
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(visible).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::unknown_option& e) {
    std::string name = e.get_option_name();
    std::string message = "unknown option '" + name + "' for '" + command + "'";
    const std::string bare = name.substr(0, name.find('='));
    if (auto near = iamsmith::nearest(bare, option_names(visible))) message += "; did you mean '" + *near + "'?";
    throw UsageError{message};
  } catch (const po::error& e) {
    throw UsageError{std::string(e.what()) + " (command '" + command + "')"};
  }
  return vm;
}

std::optional<iamsmith::Severity> parse_severity(const std::string& name) { return iamsmith::severity_from_name(name); }

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

int run_lint(const std::vector<std::string>& args) {
  po::options_description options("lint options");
  std::string format = "text";
  std::string fail_on = "warning";
  std::string kind = "auto";
  std::size_t max_file_size = iamsmith::json::ParseOptions{}.max_bytes;
  std::size_t max_depth = iamsmith::json::ParseOptions{}.max_depth;
  options.add_options()
      ("help,h", "show this help")
      ("format,f", po::value(&format)->default_value(format), "output format: text or json")
      ("fail-on", po::value(&fail_on)->default_value(fail_on),
       "exit 1 when a finding is at least this severe: error, security, warning or suggestion")
      ("kind", po::value(&kind)->default_value(kind),
       "policy kind: identity, trust, resource, or auto (inferred from each policy)")
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
  if (format != "text" && format != "json") throw UsageError{"unknown --format '" + format + "'; use text or json"};
  const auto threshold = parse_severity(fail_on);
  if (!threshold) throw UsageError{"unknown --fail-on '" + fail_on + "'; use error, security, warning or suggestion"};
  if (kind != "auto" && !iamsmith::kind_from_name(kind))
    throw UsageError{"unknown --kind '" + kind + "'; use identity, trust, resource or auto"};
  if (vm.count("input") == 0U) throw UsageError{"lint needs at least one file or directory"};

  std::vector<std::string> io_errors;
  const std::vector<std::string> files = expand_inputs(vm["input"].as<std::vector<std::string>>(), io_errors);

  iamsmith::json::ParseOptions parse_options_value;
  parse_options_value.max_bytes = max_file_size;
  parse_options_value.max_depth = max_depth;

  std::vector<iamsmith::LoadedPolicy> loaded;  // kept alive: reports point into their sources
  loaded.reserve(files.size());
  for (const std::string& file : files) {
    iamsmith::LoadFileResult result = file == "-"
                                          ? iamsmith::load_policy_stream(std::cin, "<stdin>", parse_options_value)
                                          : iamsmith::load_policy_file(file, parse_options_value);
    if (result.error) {
      io_errors.push_back(result.error->message);
      continue;
    }
    loaded.push_back(std::move(*result.loaded));
  }

  std::vector<iamsmith::FileReport> reports;
  bool failing = false;
  for (const iamsmith::LoadedPolicy& l : loaded) {
    iamsmith::FileReport report{l.path, &l.document.source, "", iamsmith::document_diagnostics(l.document)};
    if (l.policy) report.kind = kind != "auto" ? kind : std::string(iamsmith::kind_name(iamsmith::infer_kind(*l.policy)));
    for (const iamsmith::Diagnostic& d : report.diagnostics) failing = failing || d.severity >= *threshold;
    reports.push_back(std::move(report));
  }

  if (format == "json") {
    std::cout << iamsmith::render_json(reports);
  } else {
    std::size_t total = 0;
    for (const iamsmith::FileReport& r : reports) {
      std::cout << iamsmith::render_text(r);
      total += r.diagnostics.size();
    }
    std::cerr << "iamsmith: " << reports.size() << (reports.size() == 1 ? " file" : " files") << " checked, "
              << total << (total == 1 ? " finding" : " findings") << "\n";
  }
  for (const std::string& e : io_errors) std::cerr << "iamsmith: error: " << e << "\n";
  if (!io_errors.empty()) return kExitError;
  return failing ? kExitFindings : kExitClean;
}

int dispatch(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << main_help();
    return kExitError;
  }
  const std::string first = args.front();
  if (first == "--help" || first == "-h" || first == "help") {
    std::cout << main_help();
    return kExitClean;
  }
  if (first == "--version" || first == "-V") {
    std::cout << "iamsmith " << iamsmith::version() << "\n" << iamsmith::build_info();
    return kExitClean;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (first == "lint") return run_lint(rest);
  if (!first.empty() && first[0] == '-') {
    std::string message = "unknown option '" + first + "'";
    if (auto near = iamsmith::nearest(first, {"--help", "--version"})) message += "; did you mean '" + *near + "'?";
    throw UsageError{message};
  }
  std::string message = "unknown command '" + first + "'";
  if (auto near = iamsmith::nearest(first, command_names())) message += "; did you mean '" + *near + "'?";
  throw UsageError{message};
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return dispatch(argc, argv);
  } catch (const UsageError& e) {
    std::cerr << "iamsmith: error: " << e.message << "\n"
              << "Run 'iamsmith --help' for usage.\n";
    return kExitError;
  } catch (const std::exception& e) {
    std::cerr << "iamsmith: internal error: " << e.what() << "\n";
    return kExitError;
  } catch (...) {
    std::cerr << "iamsmith: internal error\n";
    return kExitError;
  }
}
