// iamsmith generate: the policies of a cross-account Step Functions setup, from a spec or from
// the state machine definition.

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli.hpp"
#include "iamsmith/atomic_write.hpp"
#include "iamsmith/diff.hpp"
#include "iamsmith/generate.hpp"
#include "iamsmith/json.hpp"
#include "iamsmith/load.hpp"
#include "iamsmith/report.hpp"
#include "iamsmith/setup.hpp"

namespace po = boost::program_options;

namespace iamsmith::cli {
namespace {

// A unified diff from the file on disk to what would be generated, for --check: what drifted,
// not only where it starts.
std::string unified_diff(const std::string& path, std::string_view disk, std::string_view generated) {
  const std::optional<std::string> diff =
      iamsmith::unified_diff(disk, generated, path + " (on disk)", path + " (generated)");
  return diff ? *diff : "  (" + path + " differs in too many lines to show the difference)\n";
}

}  // namespace

namespace {

constexpr const char* kUsage =
    "usage: iamsmith generate --spec FILE [options]\n"
    "       iamsmith generate --definition FILE --state-machine-arn ARN --execution-role-arn ARN [options]\n"
    "       iamsmith generate --state-machine-arn ARN --execution-role-arn ARN --target ROLE=INTEGRATION=RESOURCE...\n\n"
    "Writes every IAM policy a cross-account Step Functions setup needs: for each target role its trust\n"
    "policy (<role>.trust.json) and permission policy (<role>.permissions.json), and for the execution\n"
    "role its sts:AssumeRole policy (<role>.assume-role.json), plus manifest.json saying which file\n"
    "attaches to which role. Without --out-dir, one JSON bundle goes to standard output.\n\n"
    "A definition is walked however deeply nested (Parallel, Map, Distributed Map); each Task with\n"
    "Credentials yields its role, integration and resource from Parameters (JSONPath) or Arguments\n"
    "(JSONata). A role chosen at run time needs --role-arn, or the explicit opt-in --allow-any-role.\n"
    "A resource chosen at run time is granted on every resource of its type in the target account\n"
    "(with a warning) unless --resource names what it may be; --exact-resources refuses it instead.\n\n"
    "With --out-dir the files are written as one set: each to an exclusively created temporary in the\n"
    "directory, synced, then renamed into place (manifest.json last) under a lock on the directory\n"
    "(.iamsmith.lock: a second run waits for the first). A failure or SIGINT/SIGTERM before the set is in\n"
    "place changes nothing. With --force, files the old manifest lists and the new set does not are removed.\n\n"
    "Exit codes: 0 generated (warnings may be printed) or --check found no drift;\n"
    "            1 generation refused because of errors in the inputs, or --check found differences;\n"
    "            2 usage, input or internal error, or existing files differ (or stale files remain) and\n"
    "              --force was not given: nothing was written;\n"
    "            3 the output (the files, or standard output) could not be written (full disk,\n"
    "              permissions, a directory in the way);\n"
    "              the message says what was and was not written (normally: nothing);\n"
    "            killed by SIGINT/SIGTERM/SIGHUP (shell status 128+N) after removing its temporaries.\n\n";

}  // namespace

std::string setup_usage_message(const sfn::SetupUsageError& error) {
  switch (error.conflict) {
    case sfn::SetupConflict::StandardInputTwice:
      return "standard input (\"-\") can be read once: name it as only one input file";
    case sfn::SetupConflict::TargetsNeedOneStateMachine:
      return std::string("--target needs exactly one state machine; the specs name ") +
             std::to_string(error.state_machines);
    case sfn::SetupConflict::DefinitionNeedsOneStateMachine:
      return "--definition needs exactly one state machine; the specs name several";
    case sfn::SetupConflict::NotAStack:
      return error.path + " is not a template, Terraform plan or AWS CLI response" +
             (error.detail.empty() ? std::string() : ": " + error.detail) +
             "; pass a policy file with --trust, --permissions or --assume-role, or a directory written by "
             "`iamsmith generate --out-dir`";
  }
  return "the inputs cannot be read as one setup";
}

// The options that answer a finding the core reports without naming them.
std::optional<std::string> setup_option_hint(const Diagnostic& d, SetupCommand command) {
  if (d.rule_id == "S005") {
    if (command == SetupCommand::Verify) return "pass --role-arn ARN for each role it may resolve to";
    return "pass --role-arn ARN for each role it may resolve to (the execution role needs sts:AssumeRole on each, "
           "and each a trust policy), or --allow-any-role to let the execution role assume any role (sts:AssumeRole "
           "on \"*\")";
  }
  if (d.rule_id == "G007") return "add a row for it with --integrations FILE (same format as rules/integrations.json)";
  if (d.rule_id == "G010") {
    if (d.message.find("assumes a role chosen at run time") != std::string::npos) {
      return "pass --role-arn ARN for each of them to generate those and to narrow sts:AssumeRole";
    }
    if (d.message.find("no resource is known for it") != std::string::npos) {
      return "pass --resource 'STATE=ARN[,ARN...]' to name what it calls";
    }
    if (d.message.find(" chosen at run time (") != std::string::npos &&
        d.message.find("); it is granted on ") != std::string::npos) {
      return "pass --resource 'STATE=ARN[,ARN...]' to name the ones it may call, or --exact-resources to refuse "
             "instead of granting them all";
    }
    return std::nullopt;
  }
  if (d.rule_id == "G009") {
    if (d.message.find("passes a role chosen at run time") != std::string::npos) {
      return "pass --pass-role ARN for each role it may pass";
    }
    if (d.message.find(" on a resource built from ") != std::string::npos) {
      // A var of the integration row (ClusterId, JobName): --resource names targets, not these.
      return "give the parameter a static value, or leave out --exact-resources to grant it with \"*\" in its place; "
             "--resource cannot name it, as the integration builds the ARN from the parameter";
    }
    return "pass --resource 'STATE=ARN[,ARN...]' with every resource it may call, or leave out --exact-resources to "
           "grant every one of its type in the target account";
  }
  return std::nullopt;
}

namespace {

void print_findings(const std::vector<gen::Input>& inputs, const std::vector<gen::Finding>& findings) {
  std::map<std::size_t, std::vector<Diagnostic>> grouped;
  for (gen::Finding f : findings) {
    if (auto hint = setup_option_hint(f.diagnostic, SetupCommand::Generate)) f.diagnostic.notes.push_back(Note{*hint, std::nullopt});
    grouped[f.input].push_back(f.diagnostic);
  }
  for (auto& [input, diagnostics] : grouped) {
    if (input == gen::kNoInput) {
      for (const Diagnostic& d : diagnostics) {
        std::cerr << "iamsmith: " << severity_name(d.severity) << "[" << d.rule_id << " " << d.rule_name << "] "
                  << d.message << "\n";
        for (const Note& n : d.notes) std::cerr << "  = note: " << n.message << "\n";
      }
      continue;
    }
    sort_diagnostics(diagnostics);
    FileReport report{inputs[input].path, &inputs[input].source, "", diagnostics};
    std::cerr << render_text(report);
  }
}

std::string joined(const std::string& dir, const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + (std::filesystem::path(dir) / n).string();
  return out;
}

int report_written(const std::string& dir, const gen::WriteReport& report) {
  const auto path = [&dir](const std::string& name) { return (std::filesystem::path(dir) / name).string(); };
  for (const std::string& n : report.notes) std::cerr << "iamsmith: note: " << n << "\n";
  if (report.signal != 0) {
    std::cerr << "iamsmith: interrupted by " << atomic::signal_name(report.signal) << ": nothing was written\n";
    return kExitOutput;  // not reached once the SignalBlock ends: the signal ends the process
  }
  if (!report.conflicts.empty() || !report.stale.empty()) {
    for (const std::string& c : report.conflicts) {
      std::cerr << "iamsmith: error: " << path(c) << " exists with other content; pass --force to replace it\n";
    }
    for (const std::string& s : report.stale) {
      std::cerr << "iamsmith: error: " << path(s) << " was written by an earlier run (" << path("manifest.json")
                << " lists it) and is not generated any more; pass --force to remove it\n";
    }
    std::cerr << "iamsmith: nothing was written\n";
    return kExitError;
  }
  if (!report.error.empty()) {
    std::cerr << "iamsmith: error: " << report.error << "\n";
    if (report.rolled_back) {
      if (report.error.find("nothing was written") == std::string::npos) {
        std::cerr << "iamsmith: nothing was written; " << dir << " is as it was\n";
      }
    } else {
      if (!report.written.empty()) std::cerr << "iamsmith: written anyway: " << joined(dir, report.written) << "\n";
      if (!report.removed.empty()) std::cerr << "iamsmith: removed anyway: " << joined(dir, report.removed) << "\n";
      std::cerr << "iamsmith: every other file in " << dir << " is as it was\n";
    }
    return kExitOutput;
  }
  for (const std::string& w : report.written) std::cout << "wrote " << path(w) << "\n";
  for (const std::string& r : report.removed) std::cout << "removed " << path(r) << "\n";
  std::cout.flush();
  std::cerr << "iamsmith: " << report.written.size() << " written, ";
  if (!report.removed.empty()) std::cerr << report.removed.size() << " removed, ";
  std::cerr << report.unchanged.size() << " unchanged\n";
  return kExitClean;
}

}  // namespace

int run_generate(const std::vector<std::string>& args) {
  po::options_description options("generate options");
  std::vector<std::string> specs;
  std::vector<std::string> targets;
  std::vector<std::string> role_arns;
  std::vector<std::string> pass_roles;
  std::vector<std::string> resources;
  std::vector<std::string> integration_files;
  std::string format = "json";
  const json::ParseOptions parse_defaults;
  gen::Options gen_options;
  options.add_options()
      ("help,h", "show this help")
      ("spec", po::value(&specs)->composing(), "spec file (JSON); repeatable")
      ("definition", po::value<std::string>(), "state machine definition (Amazon States Language)")
      ("state-machine-arn", po::value<std::string>(), "ARN of the state machine")
      ("execution-role-arn", po::value<std::string>(), "ARN of the state machine's execution role")
      ("target", po::value(&targets)->composing(), "ROLE_ARN=INTEGRATION=RESOURCE[,RESOURCE...]; repeatable")
      ("role-arn", po::value(&role_arns)->composing(),
       "a role a dynamic Credentials.RoleArn may resolve to; repeatable")
      ("resource", po::value(&resources)->composing(),
       "STATE=ARN[,ARN...]: what a dynamic target of STATE may resolve to; repeatable")
      ("pass-role", po::value(&pass_roles)->composing(),
       "a role a Task passes to a service (RoleArn.$ chosen at run time) may be; repeatable")
      ("allow-any-role", "let the execution role assume any role (\"*\") for dynamic roles")
      ("exact-resources",
       "refuse (G009) a target resource chosen at run time that --resource does not name, instead of granting "
       "every resource of its type in the target account")
      ("integrations", po::value(&integration_files)->composing(),
       "extra integration table (format of rules/integrations.json); its rows take precedence")
      ("out-dir,o", po::value<std::string>(), "write the files here (atomically)")
      ("format,f", po::value(&format)->default_value(format),
       "json, cloudformation, terraform (HCL) or terraform-json (*.tf.json, which lint and verify read back)")
      ("check", "write nothing; exit 1 if the files in --out-dir differ from what would be generated")
      ("force", "replace existing files that differ")
      ("trust-policy-quota", po::value<std::string>()->default_value(std::to_string(gen_options.trust_policy_quota)),
       "warn when a trust policy nears this many characters (IAM default 2048, adjustable to 4096; 1 to 4096)")
      ("max-file-size", po::value<std::string>()->default_value(std::to_string(parse_defaults.max_bytes)),
       "refuse larger input files (bytes, 1 to 1073741824)")
      ("max-depth", po::value<std::string>()->default_value(std::to_string(parse_defaults.max_depth)),
       "refuse JSON inputs nested deeper than this (1 to 10000)");
  const po::variables_map vm = parse_options(args, options, {}, "generate");
  if (vm.count("help") != 0U) {
    std::cout << kUsage << options << "\n";
    return kExitClean;
  }
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html: a role trust
  // policy's length quota is 2,048 characters by default and can be raised to at most 4,096.
  gen_options.trust_policy_quota =
      number_option(vm, "trust-policy-quota", {1, 4096}, gen_options.trust_policy_quota);
  const std::size_t max_file_size = number_option(vm, "max-file-size", kFileSizeRange, parse_defaults.max_bytes);
  const std::size_t max_depth = number_option(vm, "max-depth", {1, json::kMaxDepthLimit}, parse_defaults.max_depth);
  const auto out_format = gen::format_from_name(format);
  if (!out_format) throw UsageError{"unknown --format '" + format + "'; use json, cloudformation, terraform or terraform-json"};
  const bool check = vm.count("check") != 0U;
  const bool force = vm.count("force") != 0U;
  if (check && vm.count("out-dir") == 0U) throw UsageError{"--check needs --out-dir: it compares that directory"};
  if (check && force) throw UsageError{"--check writes nothing; it cannot be combined with --force"};
  const bool has_flags_setup = vm.count("state-machine-arn") != 0U || vm.count("execution-role-arn") != 0U;
  if (specs.empty() && !has_flags_setup) {
    throw UsageError{"generate needs --spec FILE, or --state-machine-arn and --execution-role-arn"};
  }
  if (!specs.empty() && has_flags_setup) {
    throw UsageError{"give the state machine either in --spec or with --state-machine-arn/--execution-role-arn, not both"};
  }
  if (has_flags_setup && (vm.count("state-machine-arn") == 0U || vm.count("execution-role-arn") == 0U)) {
    throw UsageError{"--state-machine-arn and --execution-role-arn go together"};
  }
  if (vm.count("definition") == 0U && specs.empty() && targets.empty()) {
    throw UsageError{"nothing to generate from: pass --definition FILE or --target ROLE_ARN=INTEGRATION=RESOURCE"};
  }

  sfn::SetupRequest request;
  request.specs = specs;
  if (vm.count("definition") != 0U) request.definition = vm["definition"].as<std::string>();
  if (has_flags_setup) {
    request.state_machine_arn = vm["state-machine-arn"].as<std::string>();
    request.execution_role_arn = vm["execution-role-arn"].as<std::string>();
  }
  request.targets = targets;
  request.role_arns = role_arns;
  request.pass_roles = pass_roles;
  request.resources = resources;
  request.integration_files = integration_files;
  request.allow_any_role = vm.count("allow-any-role") != 0U;
  request.exact_resources = vm.count("exact-resources") != 0U;
  request.max_file_size = max_file_size;
  request.max_depth = max_depth;
  request.standard_input = &std::cin;
  sfn::SetupRead setup = sfn::read_setup(request);
  if (setup.usage_error) throw UsageError{setup_usage_message(*setup.usage_error)};
  for (const std::string& e : setup.io_errors) std::cerr << "iamsmith: error: " << e << "\n";
  const std::vector<gen::Input>& inputs = setup.inputs;
  const std::vector<gen::Finding>& findings = setup.findings;
  const std::vector<gen::Setup>& setups = setup.setups;
  setup.options.trust_policy_quota = gen_options.trust_policy_quota;
  gen_options = setup.options;

  if (!setup.io_errors.empty()) {
    print_findings(inputs, findings);
    return kExitError;
  }
  const bool input_errors = std::any_of(findings.begin(), findings.end(), [](const gen::Finding& f) {
    return f.diagnostic.severity == Severity::Error;
  });
  gen::Result result;
  if (!input_errors) result = gen::generate(setups, gen_options, setup.table);
  result.findings.insert(result.findings.begin(), findings.begin(), findings.end());
  print_findings(inputs, result.findings);
  if (result.refused()) {
    std::cerr << "iamsmith: generation refused: fix the errors above; nothing was written\n";
    return kExitFindings;
  }

  if (vm.count("out-dir") == 0U) {
    std::cout << gen::output_text(result, *out_format);
    return kExitClean;
  }
  const std::string dir = vm["out-dir"].as<std::string>();
  const std::vector<gen::OutputFile> files = gen::output_files(result, *out_format);
  if (check) {
    const std::vector<gen::Difference> diffs = gen::check_directory(dir, files, [&dir] {
      std::cerr << "iamsmith: waiting for another iamsmith writing " << dir << " to finish\n";
    });
    for (const gen::Difference& d : diffs) {
      const std::string path = (std::filesystem::path(dir) / d.file).string();
      std::cout << path << ": " << d.what << "\n";
      if (d.what.rfind("differs", 0) != 0) continue;
      const auto wanted = std::find_if(files.begin(), files.end(), [&](const gen::OutputFile& f) { return f.name == d.file; });
      FileRead on_disk = read_file(path, kMaxFileSizeLimit);
      if (wanted != files.end() && on_disk.bytes) std::cout << unified_diff(path, *on_disk.bytes, wanted->content);
    }
    std::cerr << "iamsmith: " << files.size() << " files checked, " << diffs.size()
              << (diffs.size() == 1 ? " difference" : " differences") << "\n";
    return diffs.empty() ? kExitClean : kExitFindings;
  }
  // A signal arriving while the set is written takes effect once the outcome is printed.
  const atomic::SignalBlock block;
  gen::WriteOptions write_options;
  write_options.force = force;
  write_options.on_wait = [&dir] {
    std::cerr << "iamsmith: waiting for another iamsmith writing " << dir << " to finish\n";
  };
  const gen::WriteReport report = gen::write_directory(dir, files, write_options);
  return report_written(dir, report);
}

}  // namespace iamsmith::cli
