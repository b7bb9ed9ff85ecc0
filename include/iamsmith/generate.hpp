#pragma once
// The generator: from a spec or a state machine definition, the three kinds of policy a
// cross-account Step Functions setup needs.
//   1. each target role's trust policy: the execution role may assume it, only with
//      sts:ExternalId = the state machine ARN;
//   2. each target role's permission policy: exactly the calls its tasks make, on exactly
//      their resources;
//   3. the execution role's policy: sts:AssumeRole on each target role.
// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html
//
// Policies are built as Policy values from the calls the Step Functions layer derives
// (iamsmith/sfn.hpp: sfn::derive_calls) and written with write_policy, never assembled as text.

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iamsmith/diagnostic.hpp"
#include "iamsmith/policy.hpp"
#include "iamsmith/sfn.hpp"
#include "iamsmith/source.hpp"

namespace iamsmith::atomic {
class System;
}

namespace iamsmith::gen {


// The generator's inputs and the integration table are the Step Functions layer's; these names
// keep the generator's callers and tests spelling them gen::.
using sfn::ArnKind;
using sfn::arn_problem;
using sfn::builtin_integrations;
using sfn::ConditionTemplate;
using sfn::cross_region_note;
using sfn::extend_integrations;
using sfn::external_id_problem;
using sfn::Finding;
using sfn::in_other_partition;
using sfn::in_other_region;
using sfn::Input;
using sfn::Integration;
using sfn::IntegrationMatch;
using sfn::IntegrationTable;
using sfn::kCrossAccountDocs;
using sfn::kNoInput;
using sfn::match_integration;
using sfn::Options;
using sfn::parse_resource_option;
using sfn::parse_spec;
using sfn::parse_target_option;
using sfn::resolve_target;
using sfn::ResolveContext;
using sfn::ResolveResult;
using sfn::ResourceOverride;
using sfn::Setup;
using sfn::sid_token;
using sfn::sqs_queue_from_url;
using sfn::StatementTemplate;
using sfn::Target;
using sfn::target_kind_from_name;
using sfn::target_kind_name;
using sfn::TargetKind;
using sfn::TargetSpec;
using sfn::TargetValues;
using sfn::task_target_values;
using sfn::Text;

// Which policy of a role a generated file is (the manifest's "purpose").
using Attachment = sfn::Purpose;

// ---------------------------------------------------------------------------------------------
// Output.

// How a generated policy is attached: "trust-policy" or "inline-policy".
[[nodiscard]] std::string_view attachment_name(Attachment attachment);

struct GeneratedPolicy {
  std::string file;         // "LambdaRole.trust.json": the role's stem (role_stems) + its purpose
  std::string stem;         // "LambdaRole", or "LambdaRole.111122223333" and so on (role_stems)
  std::string role_arn;     // the role it belongs to
  std::string role_name;
  std::string account;
  std::string partition;
  Attachment attachment = Attachment::Trust;
  std::string policy_name;  // inline policy name (permission and assume-role policies)
  std::vector<std::string> state_machines;  // the state machines it serves
  Policy policy;
  std::string text;  // write_policy(policy)
};

struct Result {
  std::vector<GeneratedPolicy> policies;  // in a stable order: targets by ARN, then the execution roles
  std::vector<Finding> findings;

  // True when a finding is an error: nothing may be written.
  [[nodiscard]] bool refused() const;
};

// Generates the policies of every setup. Findings point into the inputs the setups' Text values
// came from; with any error finding, no policy is returned.
[[nodiscard]] Result generate(const std::vector<Setup>& setups, const Options& options, const IntegrationTable& table);

// Each role's stem: the name its files, Terraform resource names, CloudFormation logical ids and
// Sids are built from. It is the role's name, unless two of `role_arns` would then collide in any
// of those: file names compared ignoring case (case-insensitive file systems), Terraform names
// (snake_case: `a-b` and `a_b` both give `a_b`) or logical ids (letters and digits only). Every
// role of a collision gets a suffix, escalating only as far as needed:
//   `Name.<account>`, then `Name.<account>.<8 hex digits>`, then 16 hex digits, where the digits
//   are the FNV-1a 64-bit hash of the role's ARN (so the suffix stays when other roles come and go),
//   and last `.i<N>` (the role's place among `role_arns` sorted), which cannot collide.
// Deterministic: the same roles always get the same stems.
[[nodiscard]] std::map<std::string, std::string> role_stems(const std::vector<std::string>& role_arns);

// The manifest: which file attaches to which role, as what (JSON, trailing newline).
[[nodiscard]] std::string render_manifest(const Result& result);
// Everything in one JSON document, for standard output.
[[nodiscard]] std::string render_bundle(const Result& result);

// Terraform: HCL (*.tf); TerraformJson: Terraform's JSON syntax (*.tf.json,
// https://developer.hashicorp.com/terraform/language/syntax/json), which iamsmith reads back.
enum class Format { Json, CloudFormation, Terraform, TerraformJson };
[[nodiscard]] std::optional<Format> format_from_name(std::string_view name);

struct OutputFile {
  std::string name;
  std::string content;
};
// The files --out-dir receives in `format`: JSON, the policies; CloudFormation and Terraform, one
// document per account. Each set ends with its manifest.json (iamsmith/manifest.hpp), which lists
// its files.
[[nodiscard]] std::vector<OutputFile> output_files(const Result& result, Format format);
// The same for standard output, in one text.
[[nodiscard]] std::string output_text(const Result& result, Format format);

// Writing and checking a directory.
struct Difference {
  std::string file;
  std::string what;  // "missing", "differs from line 7", "not generated any more"
};
// What differs between `files` and `dir` (files listed in an old manifest.json there but no
// longer generated count as differences). It reads under the directory's shared lock, so that it
// never sees a set half-committed by a concurrent write (`on_wait`: called once if it waits).
[[nodiscard]] std::vector<Difference> check_directory(const std::string& dir, const std::vector<OutputFile>& files,
                                                      const std::function<void()>& on_wait = {});

struct WriteReport {
  std::vector<std::string> written;    // files created or replaced
  std::vector<std::string> removed;    // files an earlier run wrote and this one does not (--force)
  std::vector<std::string> unchanged;  // identical already
  std::vector<std::string> conflicts;  // existing and different, not replaced (no --force)
  std::vector<std::string> stale;      // listed in the old manifest, not generated any more, kept (no --force)
  std::vector<std::string> notes;      // things worth saying that changed nothing the user wrote
  std::string error;                   // an I/O failure (the directory, the lock, a write)
  bool rolled_back = true;             // with `error`: false when `written`/`removed` say what did change
  int signal = 0;                      // interrupted by this signal before anything was changed
};

struct WriteOptions {
  bool force = false;                  // replace files that differ, remove stale ones
  std::function<void()> on_wait;       // called once when another run holds the directory's lock
  atomic::System* system = nullptr;    // the system calls (tests); null: the real ones
};
// Writes the set into `dir` (created if missing) through atomic::write_set, under the directory's
// lock (atomic::lock_directory: a second run waits for the first), after removing temporaries a
// killed run left there. With a manifest in `files` (every format has one), files the old manifest lists
// and the new set does not are stale: removed with `force` (only plain names of regular files:
// what iamsmith wrote), otherwise listed and nothing is written. When a file exists with other
// content and `force` is false, nothing at all is written and the conflicts are listed.
[[nodiscard]] WriteReport write_directory(const std::string& dir, const std::vector<OutputFile>& files,
                                          const WriteOptions& options);
[[nodiscard]] inline WriteReport write_directory(const std::string& dir, const std::vector<OutputFile>& files,
                                                 bool force) {
  return write_directory(dir, files, WriteOptions{force, {}, nullptr});
}

}  // namespace iamsmith::gen
