#pragma once
// Shared pieces of the command line: exit codes, usage errors, option parsing with "did you mean".

#include <string>
#include <vector>

#include <boost/program_options.hpp>

namespace iamsmith::cli {

inline constexpr int kExitClean = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitError = 2;
// An output file or set (generate --out-dir, lint --write-baseline) could not be written; the
// message says what was and was not written (normally nothing: the old files stay).
inline constexpr int kExitOutput = 3;

// Thrown for a bad command line; main() prints it and exits 2.
struct UsageError {
  std::string message;
};

// Parses a subcommand's options; turns Boost's errors into UsageError naming the option and
// suggesting the nearest valid one.
boost::program_options::variables_map parse_options(
    const std::vector<std::string>& args, const boost::program_options::options_description& options,
    const boost::program_options::positional_options_description& positional, const std::string& command);

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
