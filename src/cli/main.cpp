// The iamsmith command line. Boost.ProgramOptions lives in src/cli and nowhere else.
// Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage, input or internal error, 3 an
// output (a file, standard output) could not be written.

#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iostream>
#include <streambuf>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "cli.hpp"
#include "iamsmith/iamdata.hpp"
#include "iamsmith/suggest.hpp"
#include "iamsmith/version.hpp"

namespace po = boost::program_options;

namespace iamsmith::cli {

po::variables_map parse_options(const std::vector<std::string>& args, const po::options_description& options,
                                const po::positional_options_description& positional, const std::string& command) {
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(options).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::unknown_option& e) {
    const std::string name = e.get_option_name();
    std::string message = "unknown option '" + name + "' for '" + command + "'";
    std::vector<std::string> names;
    for (const auto& opt : options.options()) names.push_back("--" + opt->long_name());
    if (auto near = nearest(name.substr(0, name.find('=')), names)) message += "; did you mean '" + *near + "'?";
    throw UsageError{message};
  } catch (const po::error& e) {
    throw UsageError{std::string(e.what()) + " (command '" + command + "')"};
  }
  return vm;
}

std::size_t number_option(const po::variables_map& vm, const std::string& name, NumberRange range,
                          std::size_t fallback) {
  if (vm.count(name) == 0U) return fallback;
  const std::string& text = vm[name].as<std::string>();
  const auto refuse = [&] {
    return UsageError{"--" + name + " must be a whole number from " + std::to_string(range.min) + " to " +
                      std::to_string(range.max) + "; got '" + text + "'"};
  };
  if (text.empty() || text.size() > 20 || text.find_first_not_of("0123456789") != std::string::npos) throw refuse();
  std::size_t value = 0;
  for (const char c : text) {
    const auto digit = static_cast<std::size_t>(c - '0');
    if (digit > range.max || value > (range.max - digit) / 10) throw refuse();  // past max (and so never wrapping)
    value = value * 10 + digit;
  }
  if (value < range.min) throw refuse();
  return value;
}

bool colour_wanted(const std::string& option, int fd) {
  if (option == "always") return true;
  if (option == "never") return false;
  if (option != "auto") throw UsageError{"unknown --color '" + option + "'; use auto, always or never"};
  const auto set = [](const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0' && std::string_view(value) != "0";
  };
  if (set("FORCE_COLOR") || set("CLICOLOR_FORCE")) return true;
  const char* no_color = std::getenv("NO_COLOR");  // https://no-color.org
  if (no_color != nullptr && *no_color != '\0') return false;
  return isatty(fd) != 0;
}

std::optional<Severity> fail_on_option(const std::string& value) {
  if (value == "never") return std::nullopt;
  if (const auto severity = severity_from_name(value)) return severity;
  throw UsageError{"unknown --fail-on '" + value + "'; use error, security, warning, suggestion or never"};
}

namespace {

// The subcommand whose options are being read, for the hint after a usage error.
const char* g_command = nullptr;

// Every subcommand, in the order --help lists them.
const std::vector<Command>& commands() {
  static const std::vector<Command> kCommands = {
      {"lint", "check IAM policy files and report every problem with its position", run_lint},
      {"generate", "write the trust, permission and assume-role policies of a cross-account setup", run_generate},
      {"explain", "explain a rule: what it finds, why it matters, how to fix it", run_explain},
      {"rules", "list every rule (text, json, markdown)", run_rules},
      {"expand", "list the actions an action pattern grants, with their access levels", run_expand},
      {"simulate", "evaluate one request against policies, as IAM would, and say why", run_simulate},
      {"verify", "prove each link of a cross-account setup grants the call, or say which breaks", run_verify},
  };
  return kCommands;
}

std::string main_help() {
  std::ostringstream out;
  out << "iamsmith " << version() << " - writes and checks AWS IAM policies for cross-account Step Functions\n\n"
      << "usage: iamsmith <command> [options] [arguments]\n"
      << "       iamsmith --help | --version\n\ncommands:\n";
  for (const Command& c : commands()) {
    const std::string name = c.name;
    out << "  " << name << std::string(name.size() < 10 ? 10 - name.size() : 1, ' ') << c.summary << "\n";
  }
  out << "\nRun 'iamsmith <command> --help' for a command's options.\n"
      << "Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage, input or internal error,\n"
      << "3 an output (a file, standard output) could not be written.\n";
  return out.str();
}

int dispatch(const std::vector<std::string>& args) {
  if (args.empty()) {
    std::cerr << main_help();
    return kExitError;
  }
  const std::string& first = args.front();
  if (first == "help" && args.size() > 1) {  // iamsmith help lint: lint's --help
    std::vector<std::string> names;
    for (const Command& c : commands()) {
      if (args[1] == c.name) return c.run({"--help"});
      names.emplace_back(c.name);
    }
    std::string message = "no command '" + args[1] + "'";
    if (auto near = nearest(args[1], names)) message += "; did you mean '" + *near + "'?";
    throw UsageError{message};
  }
  if (first == "--help" || first == "-h" || first == "help") {
    std::cout << main_help();
    return kExitClean;
  }
  if (first == "--version" || first == "-V") {
    const iamdata::Catalog& data = iamdata::Catalog::builtin();
    std::cout << "iamsmith " << version() << "\n"
              << build_info() << "service data: " << data.date() << " snapshot, " << data.service_prefixes().size()
              << " services (" << data.source() << ")\n";
    return kExitClean;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  std::vector<std::string> names;
  for (const Command& c : commands()) {
    if (first == c.name) {
      g_command = c.name;
      return c.run(rest);
    }
    names.emplace_back(c.name);
  }
  if (!first.empty() && first[0] == '-') {
    std::string message = "unknown option '" + first + "'";
    if (auto near = nearest(first, {"--help", "--version"})) message += "; did you mean '" + *near + "'?";
    throw UsageError{message};
  }
  std::string message = "unknown command '" + first + "'";
  if (auto near = nearest(first, names)) message += "; did you mean '" + *near + "'?";
  throw UsageError{message};
}

// Standard output, with every write checked. Through std::cout's own buffer a failed write (a
// full disk, /dev/full) only sets a flag nobody reads, and the run exits 0 with its output cut
// short. Here the first failure is kept for main() to report; a reader that went away (EPIPE:
// `iamsmith lint DIR | head -1`) ends the run at once and quietly, as nothing more can be shown.
// Both exit 3, as an output file that cannot be written does (README, "Exit codes").
class CheckedStdout : public std::streambuf {
 public:
  CheckedStdout() { reset(); }
  [[nodiscard]] int error() const { return error_; }

 protected:
  int_type overflow(int_type ch) override {
    if (!drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(ch);
      pbump(1);
    }
    return traits_type::not_eof(ch);
  }
  int sync() override { return drain() ? 0 : -1; }

 private:
  void reset() { setp(buffer_.data(), buffer_.data() + buffer_.size()); }

  bool drain() {
    if (error_ != 0) return false;  // the output is already incomplete: write nothing more
    const char* p = pbase();
    auto left = static_cast<std::size_t>(pptr() - pbase());
    while (left > 0) {
      const ::ssize_t written = ::write(STDOUT_FILENO, p, left);
      if (written < 0 && errno == EINTR) continue;
      if (written <= 0) {
        error_ = written < 0 ? errno : EIO;
        if (error_ == EPIPE) std::_Exit(kExitOutput);
        reset();
        return false;
      }
      p += written;
      left -= static_cast<std::size_t>(written);
    }
    reset();
    return true;
  }

  std::array<char, 64 * 1024> buffer_{};
  int error_ = 0;
};

int run(int argc, char** argv) {
  try {
    return dispatch(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const UsageError& e) {
    std::cerr << "iamsmith: error: " << e.message << "\n"
              << (g_command != nullptr ? help_hint(g_command) : std::string("Run 'iamsmith --help' for usage.")) << "\n";
    return kExitError;
  } catch (const std::exception& e) {
    std::cerr << "iamsmith: internal error: " << e.what() << "\n";
    return kExitError;
  } catch (...) {
    std::cerr << "iamsmith: internal error\n";
    return kExitError;
  }
}

}  // namespace
}  // namespace iamsmith::cli

int main(int argc, char** argv) {
  using namespace iamsmith::cli;  // NOLINT(google-build-using-namespace): this file only
  // A closed pipe is then an EPIPE error that CheckedStdout handles, whatever the parent set.
  std::signal(SIGPIPE, SIG_IGN);
  CheckedStdout out;
  std::streambuf* const original = std::cout.rdbuf(&out);
  int code = run(argc, argv);
  std::cout.flush();
  std::cout.rdbuf(original);  // `out` ends here; std::cout outlives main()
  if (out.error() != 0) {
    std::cerr << "iamsmith: error: cannot write to standard output: " << std::strerror(out.error())
              << "; the output is incomplete\n";
    code = kExitOutput;  // whatever the run found: the report it produced did not arrive whole
  }
  return code;
}
