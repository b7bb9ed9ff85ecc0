// iamsmith verify: proves each link of a cross-account Step Functions setup grants its call, or
// says which link breaks, where, why, and what fixes it.

#include <unistd.h>

#include <algorithm>
#include <deque>
#include <filesystem>
#include <iostream>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "cli.hpp"
#include "iamsmith/json.hpp"
#include "iamsmith/load.hpp"
#include "iamsmith/manifest.hpp"
#include "iamsmith/report.hpp"
#include "iamsmith/setup.hpp"
#include "iamsmith/verify.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace iamsmith::cli {
namespace {

constexpr const char* kUsage =
    "usage: iamsmith verify --spec FILE (DIR | --trust [ROLE=]FILE --permissions [ROLE=]FILE --assume-role [ROLE=]FILE)\n"
    "       iamsmith verify --definition FILE --state-machine-arn ARN --execution-role-arn ARN (DIR | ...)\n"
    "       iamsmith verify --state-machine-arn ARN --execution-role-arn ARN --target ROLE=INTEGRATION=RESOURCE... (DIR | ...)\n"
    "       iamsmith verify [--region REGION] [ACCOUNT=]SOURCE_STACK [ACCOUNT=]TARGET_STACK...\n\n"
    "Proves, offline, that every Task with Credentials can make its cross-account call. For each Task it\n"
    "checks four links with the IAM evaluator and says which one breaks:\n"
    "  assume-role  the execution role's policy allows sts:AssumeRole on the Task's role     (S003)\n"
    "  trust        the role's trust policy lets the execution role in, with sts:ExternalId =\n"
    "               the state machine ARN                                  (S006, S001, X001)\n"
    "  permissions  the role's policy allows each call the Task makes, derived as `generate`\n"
    "               derives it                                                               (S004)\n"
    "  partition    the state machine, the roles and the resources share a partition        (S007)\n\n"
    "The policies come from a directory written by `iamsmith generate --out-dir` (its manifest.json says\n"
    "which file is whose), or one file each with --trust, --permissions and --assume-role; ROLE= (an ARN\n"
    "or a role name) says whose file it is when the setup has several roles.\n\n"
    "A stack is a CloudFormation, SAM or CDK template (JSON or YAML), a Terraform plan (terraform show\n"
    "-json) or an AWS CLI response (get-role, get-account-authorization-details, describe-state-machine,\n"
    "...): its state machines with their execution roles are the setup, its roles' trust and identity\n"
    "policies the policies. ACCOUNT= (12 digits, or --account for every stack) is the account the stack\n"
    "deploys in, and --region the state machines' Region: a template's ARNs are known only with them.\n\n"
    "Exit codes: 0 every link satisfied; 1 some link broken, or the setup has errors;\n"
    "            2 usage or input error; 3 standard output could not be written.\n\n";

enum class OutputFormat { Text, Json, Sarif, Github, Mermaid, Dot };

std::optional<OutputFormat> output_format(const std::string& name) {
  if (name == "text") return OutputFormat::Text;
  if (name == "github") return OutputFormat::Github;
  if (name == "json") return OutputFormat::Json;
  if (name == "sarif") return OutputFormat::Sarif;
  if (name == "mermaid") return OutputFormat::Mermaid;
  if (name == "dot") return OutputFormat::Dot;
  return std::nullopt;
}

// What verify reads, kept alive while the report points into it.
struct Inputs {
  std::vector<sfn::Input> files;  // every input a finding or link may point into (0: the command line)
  std::vector<sfn::Finding> findings;
  std::deque<LoadedPolicy> loaded;  // stable addresses for verify::PolicyFile
  std::vector<verify::PolicyFile> policies;
  bool io_error = false;
};

void add_policy(Inputs& in, const std::string& path, const std::string& role, verify::Purpose purpose,
                const json::ParseOptions& parse) {
  LoadFileResult r = load_policy_file(path, parse);
  if (r.error) {
    std::cerr << "iamsmith: error: " << r.error->message << "\n";
    in.io_error = true;
    return;
  }
  r.loaded->path = path;
  in.files.push_back(sfn::Input{path, r.loaded->document.source});
  in.loaded.push_back(std::move(*r.loaded));
  in.policies.push_back(verify::PolicyFile{role, purpose, in.files.size() - 1, &in.loaded.back()});
}

// A directory written by `generate --out-dir`: its manifest.json names each file's role and purpose.
void add_directory(Inputs& in, const std::string& dir, const json::ParseOptions& parse) {
  const std::string manifest_path = (fs::path(dir) / "manifest.json").string();
  FileRead read = read_file(manifest_path, parse.max_bytes);
  if (read.error || read.too_large) {
    throw UsageError{"cannot read " + manifest_path +
                     ": a policy directory is one written by `iamsmith generate --out-dir`; otherwise pass the files "
                     "with --trust, --permissions and --assume-role"};
  }
  const json::Document doc = json::parse(std::move(*read.bytes));
  const auto manifest = doc.root ? read_manifest(*doc.root) : std::nullopt;
  if (!manifest) throw UsageError{manifest_path + " is not a manifest written by `iamsmith generate`"};
  if (manifest->format != "json") {
    // A CloudFormation or Terraform JSON set is read as stacks, one account file each.
    const bool stacks = manifest->format == "cloudformation" || manifest->format == "terraform-json";
    throw UsageError{manifest_path + " lists a " + manifest->format +
                     " set: verify reads the policy files `iamsmith generate --format json --out-dir` writes" +
                     (stacks ? "; pass the set's files as stacks instead (ACCOUNT=FILE for each account's file)"
                             : std::string())};
  }
  for (const ManifestEntry& e : manifest->policies) {
    if (!e.purpose) continue;
    add_policy(in, (fs::path(dir) / e.file).lexically_normal().string(), e.role, *e.purpose, parse);
  }
}

std::string role_name_of(const std::string& arn) {
  const std::size_t slash = arn.rfind('/');
  return slash == std::string::npos ? arn : arn.substr(slash + 1);
}

// --trust [ROLE=]FILE: ROLE is a role ARN or name of the setup; without it, the setup's only role.
void add_option_policy(Inputs& in, const std::string& value, const std::string& option, verify::Purpose purpose,
                       const std::set<std::string>& roles, const json::ParseOptions& parse) {
  std::string names;
  for (const std::string& r : roles) names += (names.empty() ? "" : ", ") + role_name_of(r);
  if (names.empty()) names = "none";
  const std::size_t eq = value.find('=');
  if (eq != std::string::npos) {
    const std::string who = value.substr(0, eq);
    for (const std::string& role : roles) {
      if (role == who || role_name_of(role) == who) {
        add_policy(in, value.substr(eq + 1), role, purpose, parse);
        return;
      }
    }
    // "ROLE=FILE" naming no role of the setup (a file name may hold '=' too: then it exists).
    std::error_code ec;
    if (!fs::exists(value, ec)) {
      throw UsageError{"--" + option + " " + value + ": the setup has no role '" + who + "'; its roles here are: " +
                       names};
    }
  }
  if (roles.size() != 1) {
    throw UsageError{"--" + option + " " + value + ": say whose file it is with --" + option +
                     " ROLE=FILE; the setup's roles here are: " + names};
  }
  add_policy(in, value, *roles.begin(), purpose, parse);
}

// --trust and --permissions files given the other way round: what was passed as the trust policy
// names no principal anywhere while a permissions file does (a trust policy always has one).
bool swapped_trust_and_permissions(const Inputs& in) {
  const auto has_principal = [](const LoadedPolicy& p) {
    if (!p.policy) return false;
    const auto& statements = p.policy->statements();
    return std::any_of(statements.begin(), statements.end(), [](const Statement& st) { return st.principal.has_value(); });
  };
  bool trust_without = false;
  bool permissions_with = false;
  for (const verify::PolicyFile& f : in.policies) {
    if (f.loaded == nullptr || !f.loaded->policy) continue;
    if (f.purpose == verify::Purpose::Trust && !has_principal(*f.loaded)) trust_without = true;
    if (f.purpose == verify::Purpose::Permissions && has_principal(*f.loaded)) permissions_with = true;
  }
  return trust_without && permissions_with;
}

// ACCOUNT=FILE: the 12-digit account a stack deploys in.
std::optional<std::string> stack_account(const std::string& value) {
  if (value.size() < 14 || value[12] != '=') return std::nullopt;
  for (std::size_t i = 0; i < 12; ++i) {
    if (value[i] < '0' || value[i] > '9') return std::nullopt;
  }
  return value.substr(0, 12);
}

}  // namespace

int run_verify(const std::vector<std::string>& args) {
  po::options_description options("verify options");
  std::vector<std::string> specs;
  std::vector<std::string> dirs;
  std::vector<std::string> trust;
  std::vector<std::string> permissions;
  std::vector<std::string> assume;
  std::vector<std::string> integration_files;
  std::vector<std::string> role_arns;
  std::vector<std::string> resources;
  std::vector<std::string> pass_roles;
  std::vector<std::string> target_options;
  std::string format = "text";
  std::string fail_on;
  std::string colour = "auto";
  const json::ParseOptions parse_defaults;
  options.add_options()
      ("help,h", "show this help")
      ("spec", po::value(&specs)->composing(), "spec file (JSON); repeatable")
      ("definition", po::value<std::string>(), "state machine definition (Amazon States Language)")
      ("state-machine-arn", po::value<std::string>(), "ARN of the state machine")
      ("execution-role-arn", po::value<std::string>(), "ARN of the state machine's execution role")
      ("target", po::value(&target_options)->composing(),
       "ROLE_ARN=INTEGRATION=RESOURCE[,RESOURCE...]: a call of the state machine (as for generate); repeatable")
      ("policies", po::value(&dirs)->composing(), "directory written by `generate --out-dir`; also positional")
      ("trust", po::value(&trust)->composing(), "[ROLE=]FILE: a target role's trust policy; repeatable")
      ("permissions", po::value(&permissions)->composing(), "[ROLE=]FILE: a target role's permission policy; repeatable")
      ("assume-role", po::value(&assume)->composing(), "[ROLE=]FILE: the execution role's sts:AssumeRole policy")
      ("role-arn", po::value(&role_arns)->composing(),
       "a role a dynamic Credentials.RoleArn may resolve to (as for generate); repeatable")
      ("resource", po::value(&resources)->composing(),
       "STATE=ARN[,ARN...]: what a dynamic target of STATE may resolve to (as for generate); repeatable")
      ("pass-role", po::value(&pass_roles)->composing(),
       "a role a Task passes to a service (RoleArn.$ chosen at run time) may be (as for generate); repeatable")
      ("exact-resources",
       "refuse (G009) a target resource chosen at run time that --resource does not name (as for generate); "
       "without it the calls are checked on every resource of its type in the target account, with a warning")
      ("integrations", po::value(&integration_files)->composing(),
       "extra integration table (format of rules/integrations.json); its rows take precedence")
      ("account", po::value<std::string>(), "the account of the stacks named without ACCOUNT=")
      ("region", po::value<std::string>(), "the Region of the stacks' state machines")
      ("partition", po::value<std::string>(), "the stacks' partition (default aws)")
      ("format,f", po::value(&format)->default_value(format), "text, json, sarif, github, mermaid or dot")
      ("fail-on", po::value(&fail_on),
       "exit 1 when a broken link's or another finding is at least this severe: error, security, warning, "
       "suggestion or never (default: a broken link or an error)")
      ("color", po::value(&colour)->default_value(colour),
       "colour the text output: auto (on a terminal, unless NO_COLOR; FORCE_COLOR or CLICOLOR_FORCE turn it on), "
       "always, never")
      ("max-file-size", po::value<std::string>()->default_value(std::to_string(parse_defaults.max_bytes)),
       "refuse larger input files (bytes, 1 to 1073741824)")
      ("max-depth", po::value<std::string>()->default_value(std::to_string(parse_defaults.max_depth)),
       "refuse JSON inputs nested deeper than this (1 to 10000)");
  po::positional_options_description positional;
  positional.add("policies", -1);
  const po::variables_map vm = parse_options(args, options, positional, "verify");
  if (vm.count("help") != 0U) {
    std::cout << kUsage << options << "\n";
    return kExitClean;
  }
  json::ParseOptions parse;
  parse.max_bytes = number_option(vm, "max-file-size", kFileSizeRange, parse_defaults.max_bytes);
  parse.max_depth = number_option(vm, "max-depth", {1, json::kMaxDepthLimit}, parse_defaults.max_depth);
  const auto out_format = output_format(format);
  if (!out_format) throw UsageError{"unknown --format '" + format + "'; use text, json, sarif, github, mermaid or dot"};
  // Unset: the default (a broken link or an error); set to nullopt: never.
  std::optional<std::optional<Severity>> threshold;
  if (vm.count("fail-on") != 0U) threshold.emplace(fail_on_option(fail_on));
  const bool colour_on = *out_format == OutputFormat::Text && colour_wanted(colour, STDOUT_FILENO);
  const bool has_flags_setup = vm.count("state-machine-arn") != 0U || vm.count("execution-role-arn") != 0U;
  // A positional file (not a directory) is a stack: a template, a plan or a CLI response.
  std::vector<std::pair<std::optional<std::string>, std::string>> stacks;
  {
    std::vector<std::string> directories;
    for (const std::string& d : dirs) {
      std::optional<std::string> account = stack_account(d);
      const std::string path = account ? d.substr(13) : d;
      std::error_code ec;
      if (!account && fs::is_directory(path, ec)) {
        directories.push_back(d);
      } else {
        stacks.emplace_back(account, path);
      }
    }
    dirs = std::move(directories);
  }
  if (specs.empty() && vm.count("definition") == 0U && target_options.empty() && stacks.empty()) {
    throw UsageError{"verify needs the setup: --spec FILE, or --definition FILE with --state-machine-arn and "
                     "--execution-role-arn"};
  }
  if (!specs.empty() && has_flags_setup) {
    throw UsageError{"give the state machine either in --spec or with --state-machine-arn/--execution-role-arn, not both"};
  }
  if (specs.empty() && (vm.count("definition") != 0U || !target_options.empty() || stacks.empty()) &&
      (vm.count("state-machine-arn") == 0U || vm.count("execution-role-arn") == 0U)) {
    if (vm.count("definition") == 0U) throw UsageError{"--target needs --state-machine-arn and --execution-role-arn"};
    throw UsageError{"--definition needs --state-machine-arn and --execution-role-arn (or a --spec naming them)"};
  }
  if (dirs.empty() && trust.empty() && permissions.empty() && assume.empty() && stacks.empty()) {
    throw UsageError{"verify needs the policies: a directory written by `iamsmith generate --out-dir`, or "
                     "--trust, --permissions and --assume-role FILE"};
  }

  sfn::SetupRequest request;
  request.specs = specs;
  if (vm.count("definition") != 0U) request.definition = vm["definition"].as<std::string>();
  if (has_flags_setup) {
    request.state_machine_arn = vm["state-machine-arn"].as<std::string>();
    request.execution_role_arn = vm["execution-role-arn"].as<std::string>();
  }
  request.targets = target_options;
  request.role_arns = role_arns;
  request.resources = resources;
  request.pass_roles = pass_roles;
  request.exact_resources = vm.count("exact-resources") != 0U;
  request.integration_files = integration_files;
  request.max_file_size = parse.max_bytes;
  request.max_depth = parse.max_depth;
  request.standard_input = &std::cin;
  for (const auto& [account, path] : stacks) {
    sfn::StackRequest stack{path, account};
    if (!account && vm.count("account") != 0U) stack.account = vm["account"].as<std::string>();
    request.stacks.push_back(std::move(stack));
  }
  if (vm.count("region") != 0U) request.stack_region = vm["region"].as<std::string>();
  if (vm.count("partition") != 0U) request.stack_partition = vm["partition"].as<std::string>();
  sfn::SetupRead setup = sfn::read_setup(request);
  if (setup.usage_error) throw UsageError{setup_usage_message(*setup.usage_error)};
  for (const std::string& e : setup.io_errors) std::cerr << "iamsmith: error: " << e << "\n";
  Inputs in;
  in.files = std::move(setup.inputs);
  in.findings = std::move(setup.findings);
  in.io_error = !setup.io_errors.empty();
  for (const std::string& note : setup.notes) std::cerr << "iamsmith: note: " << note << "\n";
  for (sfn::StackPolicy& p : setup.policies) {
    in.loaded.push_back(std::move(p.loaded));
    in.policies.push_back(verify::PolicyFile{p.role_arn, p.purpose, p.input, &in.loaded.back()});
  }
  std::vector<sfn::Setup>& setups = setup.setups;
  if (in.io_error) return kExitError;
  if (setups.empty()) {
    throw UsageError{"verify needs the setup: the stacks hold no state machine whose ARN and execution role ARN are "
                     "known (see the notes); give --spec FILE, or --definition FILE with --state-machine-arn and "
                     "--execution-role-arn"};
  }

  // The roles the setup names, for --trust ROLE=FILE.
  std::set<std::string> targets;
  std::set<std::string> execs;
  for (const sfn::Setup& s : setups) {
    execs.insert(s.execution_role_arn.value);
    for (const sfn::TargetSpec& t : s.targets) targets.insert(t.role_arn.value);
    if (!s.definition) continue;
    for (const asl::State& st : s.definition->states) {
      if (st.credentials && st.credentials->role_arn && st.credentials->role_arn->static_string() != nullptr) {
        targets.insert(*st.credentials->role_arn->static_string());
      }
    }
  }
  for (const std::string& d : dirs) add_directory(in, d, parse);
  for (const std::string& t : trust) add_option_policy(in, t, "trust", verify::Purpose::Trust, targets, parse);
  for (const std::string& p : permissions) {
    add_option_policy(in, p, "permissions", verify::Purpose::Permissions, targets, parse);
  }
  for (const std::string& a : assume) {
    add_option_policy(in, a, "assume-role", verify::Purpose::AssumeRole, execs, parse);
  }
  if (in.io_error) return kExitError;

  verify::Report report = verify::verify(setups, in.policies, setup.options, setup.table);
  report.findings.insert(report.findings.begin(), in.findings.begin(), in.findings.end());
  for (sfn::Finding& f : report.findings) {
    if (auto hint = setup_option_hint(f.diagnostic, SetupCommand::Verify)) f.diagnostic.notes.push_back(Note{*hint, std::nullopt});
  }
  switch (*out_format) {
    case OutputFormat::Text: std::cout << verify::render_text(report, in.files, colour_on); break;
    case OutputFormat::Json: std::cout << verify::render_json(report, in.files); break;
    case OutputFormat::Sarif: {
      SarifOptions sarif;
      sarif.source_root = sarif_source_root(fs::current_path().string());
      sarif.automation_id = "iamsmith/verify/";
      std::cout << verify::render_sarif(report, in.files, sarif);
      break;
    }
    case OutputFormat::Github: std::cout << verify::render_github(report, in.files); break;
    case OutputFormat::Mermaid: std::cout << verify::render_mermaid(report); break;
    case OutputFormat::Dot: std::cout << verify::render_dot(report); break;
  }
  if (!report.ok() && swapped_trust_and_permissions(in)) {
    std::cerr << "iamsmith: note: the --trust file names no Principal and a --permissions file does: did you swap "
                 "--trust and --permissions?\n";
  }
  if (!threshold) return report.ok() ? kExitClean : kExitFindings;
  const std::optional<Severity> worst = verify::worst_severity(report);
  return *threshold && worst && *worst >= **threshold ? kExitFindings : kExitClean;
}

}  // namespace iamsmith::cli
