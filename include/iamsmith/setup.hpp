#pragma once
// The setup `iamsmith generate` and `iamsmith verify` read: spec files, a definition, the state
// machine and execution role ARNs, --target / --role-arn / --resource values, integration files
// and stacks (CloudFormation/SAM/CDK templates, Terraform plans, AWS CLI responses: their state
// machines and their roles' policies), each value with where it was read (a file, or "<command
// line>" for option values), read once here for both commands. The size cap applies to every file.

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "iamsmith/load.hpp"
#include "iamsmith/sfn.hpp"

namespace iamsmith::sfn {

// A stack verify reads: a template, a Terraform plan or an AWS CLI response, deployed in
// `account` (its AWS::AccountId; unset: not known).
struct StackRequest {
  std::string path;
  std::optional<std::string> account;
};

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
  // Stacks, read after everything else: each state machine whose ARN and execution role ARN are
  // known becomes a setup (its definition read from the stack, or from the file a SAM
  // DefinitionUri names), each role's trust and identity policies a StackPolicy.
  std::vector<StackRequest> stacks;
  std::optional<std::string> stack_partition;  // AWS::Partition of the stacks (unset: aws)
  std::optional<std::string> stack_region;     // AWS::Region, the state machines' Region
  bool allow_any_role = false;
  bool exact_resources = false;  // --exact-resources (Options::exact_resources)
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
  NotAStack,  // a stack (`path`) is no template, plan or CLI response (`detail`: the parse error, or empty)
};
struct SetupUsageError {
  SetupConflict conflict;
  std::size_t state_machines = 0;  // how many the specs name
  std::string path = {};    // NotAStack: the stack
  std::string detail = {};  // NotAStack: why, when the file could not be parsed
};

// A policy of a role, read from a stack. `loaded` is embedded: its spans point into input
// `input` (the stack), whose text it does not hold.
struct StackPolicy {
  std::string role_arn;
  Purpose purpose = Purpose::Trust;
  std::size_t input = 0;
  LoadedPolicy loaded;
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
  // Each role's trust policy, and its identity policies (all of them merged into one, as IAM
  // evaluates them together) as both its permissions and its assume-role policy.
  std::vector<StackPolicy> policies;
  // What the stacks hold but the setup cannot use, and why ("FILE: the definition of state
  // machine X is not verified: ..."), for notes.
  std::vector<std::string> notes;
  // A combination of inputs that cannot be read as one setup: the caller reports it as a usage
  // error.
  std::optional<SetupUsageError> usage_error;

  [[nodiscard]] bool has_errors() const;  // an error finding
};

[[nodiscard]] SetupRead read_setup(const SetupRequest& request);

}  // namespace iamsmith::sfn
