#pragma once
// The setup `iamsmith generate` and `iamsmith verify` read: spec files, a definition, the state
// machine and execution role ARNs, --target / --role-arn / --resource values and integration
// files, each value with where it was read (a file, or "<command line>" for option values), read
// once here for both commands. The size cap applies to every file.

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "iamsmith/sfn.hpp"

namespace iamsmith::sfn {

// What the command line names (option parsing is the caller's).
struct SetupRequest {
  std::vector<std::string> specs;                 // --spec FILE...
  std::optional<std::string> definition;          // --definition FILE
  std::optional<std::string> state_machine_arn;   // --state-machine-arn
  std::optional<std::string> execution_role_arn;  // --execution-role-arn
  std::vector<std::string> targets;               // --target ROLE=INTEGRATION=RESOURCE...
  std::vector<std::string> role_arns;             // --role-arn
  std::vector<std::string> pass_roles;            // --pass-role
  std::vector<std::string> resources;             // --resource STATE=ARN...
  std::vector<std::string> integration_files;     // --integrations FILE...
  bool allow_any_role = false;
  bool allow_any_resource = false;
  std::size_t max_file_size = 0;  // 0: json::ParseOptions' default
  std::size_t max_depth = 0;      // 0: json::ParseOptions' default
  // A file named "-" is read from here ("<stdin>" in messages), when set; at most one file may be
  // "-" (read_setup says so as a usage error). Unset, "-" is a file name like any other.
  std::istream* standard_input = nullptr;
};

// Inputs that cannot be read as one setup. The caller reports it as a usage error, in the words
// of its interface (the CLI names its options).
enum class SetupConflict {
  StandardInputTwice,           // more than one input file is "-" (standard input is read once)
  TargetsNeedOneStateMachine,   // `targets` given, but not exactly one state machine to add them to
  DefinitionNeedsOneStateMachine,  // `definition` given, and the specs name several state machines
};
struct SetupUsageError {
  SetupConflict conflict;
  std::size_t state_machines = 0;  // how many the specs name
};

struct SetupRead {
  std::vector<Setup> setups;
  Options options;         // role_arns, resources and the allow-any flags filled in
  IntegrationTable table;  // the built-in table, extended by the integration files
  // Every input values and findings point into: 0 is "<command line>" (one line per option
  // value), then the files in the order they were read.
  std::vector<Input> inputs;
  std::vector<Finding> findings;       // content problems (G001, G002, G004, ...)
  std::vector<std::string> io_errors;  // files that could not be read at all
  // A combination of inputs that cannot be read as one setup: the caller reports it as a usage
  // error.
  std::optional<SetupUsageError> usage_error;

  [[nodiscard]] bool has_errors() const;  // an error finding
};

[[nodiscard]] SetupRead read_setup(const SetupRequest& request);

}  // namespace iamsmith::sfn
