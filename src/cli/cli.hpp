#pragma once
// Shared pieces of the command line: exit codes, usage errors, option parsing with "did you mean".

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "iamsmith/diagnostic.hpp"
#include "iamsmith/limits.hpp"

namespace iamsmith::sfn {
struct SetupUsageError;  // iamsmith/setup.hpp
}

namespace iamsmith::cli {

// A setup generate and verify cannot read (sfn::read_setup), in the command line's words.
[[nodiscard]] std::string setup_usage_message(const sfn::SetupUsageError& error);
// The options of generate and verify that answer a setup finding the core reports without naming
// options (S005, G007, G009, G010), as a note to add; nullopt when none does. verify takes the
// same options, except --allow-any-role (a Task's chain needs the roles it checks).
enum class SetupCommand { Generate, Verify };
[[nodiscard]] std::optional<std::string> setup_option_hint(const Diagnostic& finding, SetupCommand command);

inline constexpr int kExitClean = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitError = 2;
// An output could not be written: a file or set (generate --out-dir, lint --write-baseline; the
// message says what was and was not written, normally nothing: the old files stay) or standard
// output (a full disk, a reader that went away). 2 stays for what iamsmith could not read or was
// not asked properly, so that a script can tell a bad input from a lost report.
inline constexpr int kExitOutput = 3;

// Thrown for a bad command line; main() prints it and exits 2, pointing at `iamsmith COMMAND
// --help` when the error came after a subcommand.
struct UsageError {
  std::string message;
};

// Parses a subcommand's options; turns Boost's errors into UsageError naming the option and
// suggesting the nearest valid one.
boost::program_options::variables_map parse_options(
    const std::vector<std::string>& args, const boost::program_options::options_description& options,
    const boost::program_options::positional_options_description& positional, const std::string& command);

// A whole-number option, declared as text (po::value<std::string>): Boost reads "-1" into an
// unsigned type as its largest value, and a limit of 18446744073709551615 then wraps to 0 where
// one byte is added to it. Returns the option's value (or `fallback` when it was not given),
// and throws a UsageError naming the option and the accepted range for anything but decimal
// digits with a value in [min, max].
struct NumberRange {
  std::size_t min;
  std::size_t max;
};
[[nodiscard]] std::size_t number_option(const boost::program_options::variables_map& vm, const std::string& name,
                                        NumberRange range, std::size_t fallback);

// The ranges of the numeric options, shared by the commands that take them.
inline constexpr std::size_t kMaxFileSizeLimit = std::size_t{1} << 30;  // 1 GiB: read into memory whole
inline constexpr NumberRange kFileSizeRange{1, kMaxFileSizeLimit};

// --color auto|always|never for output written to `fd`. auto: off when NO_COLOR is set and not
// empty (https://no-color.org) unless FORCE_COLOR or CLICOLOR_FORCE is set to something other
// than "" or "0" (a CI log that renders colours), which turns it on; else on for a terminal.
[[nodiscard]] bool colour_wanted(const std::string& option, int fd);

// --fail-on error|security|warning|suggestion|never: the least severe finding that fails the
// run (exit 1); nullopt for never (as --exit-zero).
[[nodiscard]] std::optional<Severity> fail_on_option(const std::string& value);

// `iamsmith COMMAND --help` when the command is known, for usage errors after it.
inline std::string help_hint(const std::string& command) {
  return "Run 'iamsmith " + command + " --help' for its options.";
}

// One subcommand: `iamsmith NAME ARGS...`. Each lives in its own cmd_*.cpp.
struct Command {
  const char* name;
  const char* summary;
  int (*run)(const std::vector<std::string>& args);
};

int run_lint(const std::vector<std::string>& args);
int run_generate(const std::vector<std::string>& args);
int run_explain(const std::vector<std::string>& args);
int run_rules(const std::vector<std::string>& args);
int run_expand(const std::vector<std::string>& args);
int run_simulate(const std::vector<std::string>& args);
int run_verify(const std::vector<std::string>& args);

}  // namespace iamsmith::cli
