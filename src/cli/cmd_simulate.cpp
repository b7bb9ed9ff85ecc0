// iamsmith simulate: evaluate one request against identity policies and a resource (or trust)
// policy, and explain the decision.

#include <algorithm>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "cli.hpp"
#include "iamsmith/condition.hpp"
#include "iamsmith/evaluate.hpp"
#include "iamsmith/lint.hpp"
#include "iamsmith/load.hpp"
#include "iamsmith/principal.hpp"
#include "iamsmith/report.hpp"

namespace po = boost::program_options;

namespace iamsmith::cli {
namespace {

constexpr const char* kUsage =
    "usage: iamsmith simulate --policy FILE... [--resource-policy FILE] --principal ARN --action ACTION\n"
    "                         [--resource ARN] [--context KEY=VALUE...] [--format text|json]\n\n"
    "Evaluates one request the way AWS does and explains the decision: an explicit Deny wins;\n"
    "otherwise a cross-account request needs an Allow from an identity policy (--policy) and from\n"
    "the resource's policy (--resource-policy; for sts:AssumeRole, the role's trust policy); within\n"
    "one account either suffices, except that a trust policy or a KMS key policy must always allow.\n"
    "Without --resource-policy the resource is taken to have no policy: a cross-account request,\n"
    "or sts:AssumeRole without the trust policy, is then denied, and the reasons say so.\n\n"
    "--context KEY=VALUE adds a request context key; repeat a key to give it several values\n"
    "(aws:TagKeys). aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType and aws:username are\n"
    "derived from --principal unless given (or --no-principal-context).\n\n"
    "Exit codes: 0 allowed; 1 denied (explicitly or implicitly); 2 usage, input or invalid JSON;\n"
    "3 standard output could not be written.\n\n";

struct LoadedInput {
  LoadedPolicy loaded;
  eval::PolicySide side;
};

// Loads a policy file; prints why it cannot be used and returns nullopt.
std::optional<LoadedPolicy> load_input(const std::string& path, const json::ParseOptions& parse) {
  LoadFileResult result = load_policy_file(path, parse);
  if (result.error) {
    std::cerr << "iamsmith: error: " << result.error->message << "\n";
    return std::nullopt;
  }
  LoadedPolicy& loaded = *result.loaded;
  if (loaded.document.error || !loaded.policy) {
    // The same finding lint reports (P001), with its position and source line.
    RuleSelection selection;
    selection.select = {"P001"};
    FileReport report{loaded.path, &loaded.document.source, "",
                      iamsmith::lint(loaded, LintContext{}, selection)};
    std::cerr << render_text(report);
    std::cerr << "iamsmith: error: " << path
              << " is not a policy that can be evaluated; fix the JSON first\n";
    return std::nullopt;
  }
  return std::move(loaded);
}

std::string location(const std::string& file, const SourceSpan& span) {
  if (!span.has_position()) return file;
  return file + ":" + std::to_string(span.line) + ":" + std::to_string(span.column);
}

// "Allow \"Sid\" (trust policy)"; a statement without a Sid is named by its index.
std::string statement_label(const eval::StatementTrace& st, const eval::PolicyInput& input,
                            const eval::Request& request) {
  std::string out = st.is_allow ? "Allow" : "Deny";
  if (!st.sid.empty()) {
    out += " \"" + st.sid + "\"";
  } else {
    out += " statement " + std::to_string(st.statement_index);
  }
  const bool trust = input.side == eval::PolicySide::Resource && is_trust_action(request.action);
  out += " (" + std::string(trust ? "trust" : eval::policy_side_name(input.side)) + " policy)";
  return out;
}

void print_evaluation(std::ostream& out, const eval::Evaluation& e, const eval::Request& request,
                      const std::vector<eval::PolicyInput>& inputs, const std::vector<std::string>& derived) {
  out << "decision: " << eval::decision_name(e.decision) << "\n";
  out << "  " << e.summary << "\n";
  out << "request: " << request.principal << " calls " << request.action << " on " << request.resource
      << "\n";
  for (const eval::ContextEntry& c : request.context) {
    out << "  context: " << c.key << " =";
    for (std::size_t i = 0; i < c.values.size(); ++i) out << (i == 0 ? " \"" : ", \"") << c.values[i] << "\"";
    if (std::find(derived.begin(), derived.end(), c.key) != derived.end()) out << "  (from --principal)";
    out << "\n";
  }

  if (!e.deciding.empty()) {
    out << "\n" << (e.decision == eval::Decision::ExplicitDeny ? "denied by:" : "allowed by:") << "\n";
    for (std::size_t index : e.deciding) {
      const eval::StatementTrace& st = e.statements[index];
      const eval::PolicyInput& input = inputs[st.policy_index];
      out << "  " << location(input.file, st.span) << ": " << statement_label(st, input, request) << ": "
          << st.explanation << "\n";
      for (const eval::ConditionTrace& c : st.conditions) {
        out << "    = " << location(input.file, c.span) << ": " << c.op << ": " << c.explanation << "\n";
      }
    }
  }

  bool header = false;
  for (const eval::StatementTrace& st : e.statements) {
    if (st.applies) continue;
    if (!header) {
      out << "\nnot applicable:\n";
      header = true;
    }
    const eval::PolicyInput& input = inputs[st.policy_index];
    out << "  " << location(input.file, st.span) << ": " << statement_label(st, input, request) << ": "
        << st.explanation << "\n";
  }
  // Statements that applied but did not decide (an Allow next to an explicit Deny, or on a
  // side that could not decide alone).
  header = false;
  for (std::size_t index = 0; index < e.statements.size(); ++index) {
    const eval::StatementTrace& st = e.statements[index];
    if (!st.applies || std::find(e.deciding.begin(), e.deciding.end(), index) != e.deciding.end()) continue;
    if (!header) {
      out << "\napplied, but did not decide:\n";
      header = true;
    }
    const eval::PolicyInput& input = inputs[st.policy_index];
    out << "  " << location(input.file, st.span) << ": " << statement_label(st, input, request) << ": "
        << st.explanation << "\n";
  }
}

}  // namespace

int run_simulate(const std::vector<std::string>& args) {
  po::options_description options("simulate options");
  std::vector<std::string> policy_files;
  std::vector<std::string> resource_policy_files;
  std::vector<std::string> context_args;
  std::string resource = "*";
  std::string format = "text";
  options.add_options()("help,h", "show this help")("policy", po::value(&policy_files)->composing(),
                                                    "identity policy of the principal (repeatable)")(
      "resource-policy", po::value(&resource_policy_files)->composing(),
      "the resource's policy, or the role's trust policy for sts:AssumeRole")(
      "principal", po::value<std::string>(), "ARN of the caller: role, role session, user or account")(
      "action", po::value<std::string>(), "the action, such as s3:GetObject")(
      "resource", po::value(&resource)->default_value(resource), "ARN of the resource (\"*\" for none)")(
      "resource-account", po::value<std::string>(),
      "the account that owns the resource, when its ARN has none (S3 buckets)")(
      "context", po::value(&context_args)->composing(),
      "request context KEY=VALUE (repeatable; repeat a key for several values)")(
      "no-principal-context", po::bool_switch(),
      "do not derive aws:PrincipalArn and friends from --principal")(
      "format,f", po::value(&format)->default_value(format), "output format: text or json")(
      "max-file-size", po::value<std::string>()->default_value(std::to_string(json::ParseOptions{}.max_bytes)),
      "refuse larger policy files (bytes, 1 to 1073741824)")(
      "max-depth", po::value<std::string>()->default_value(std::to_string(json::ParseOptions{}.max_depth)),
      "refuse policies nested deeper than this (1 to 10000)");
  const po::variables_map vm = parse_options(args, options, {}, "simulate");
  if (vm.count("help") != 0U) {
    std::cout << kUsage << options << "\n";
    return kExitClean;
  }
  if (format != "text" && format != "json")
    throw UsageError{"unknown --format '" + format + "'; use text or json"};
  json::ParseOptions parse;
  parse.max_bytes = number_option(vm, "max-file-size", kFileSizeRange, parse.max_bytes);
  parse.max_depth = number_option(vm, "max-depth", {1, json::kMaxDepthLimit}, parse.max_depth);
  if (vm.count("principal") == 0U) throw UsageError{"simulate needs --principal ARN"};
  if (vm.count("action") == 0U) throw UsageError{"simulate needs --action (such as s3:GetObject)"};
  if (policy_files.empty() && resource_policy_files.empty())
    throw UsageError{"simulate needs at least one --policy or --resource-policy file"};

  eval::Request request;
  request.principal = vm["principal"].as<std::string>();
  request.action = vm["action"].as<std::string>();
  request.resource = resource;
  if (vm.count("resource-account") != 0U) request.resource_account = vm["resource-account"].as<std::string>();
  if (request.action.find(':') == std::string::npos)
    throw UsageError{"--action '" + request.action + "' has no service prefix; write it as service:Action"};
  for (const std::string& c : context_args) {
    const std::size_t eq = c.find('=');
    if (eq == std::string::npos || eq == 0) throw UsageError{"--context '" + c + "' is not KEY=VALUE"};
    const std::string key = c.substr(0, eq);
    std::vector<std::string>* values = nullptr;
    for (eval::ContextEntry& entry : request.context) {
      if (ci_equals(entry.key, key)) values = &entry.values;  // key names ignore case
    }
    if (values == nullptr) {
      request.context.push_back({key, {}});
      values = &request.context.back().values;
    }
    values->push_back(c.substr(eq + 1));
  }
  // A principal no Principal element can name is almost always a typo; say so, but evaluate.
  bool known_principal = false;
  for (PrincipalType type :
       {PrincipalType::Aws, PrincipalType::Service, PrincipalType::Federated, PrincipalType::CanonicalUser}) {
    known_principal =
        known_principal || classify_principal(type, request.principal).form != PrincipalForm::Invalid;
  }
  if (!known_principal) {
    std::cerr << "iamsmith: warning: --principal '" << request.principal
              << "': " << classify_principal(PrincipalType::Aws, request.principal).problem
              << "; only \"*\" in a resource policy can name it\n";
  }
  std::vector<std::string> derived;
  if (!vm["no-principal-context"].as<bool>()) derived = eval::add_principal_context(request);

  std::vector<LoadedInput> loaded;
  bool failed = false;
  for (const auto& [files, side] : {std::pair{&policy_files, eval::PolicySide::Identity},
                                    std::pair{&resource_policy_files, eval::PolicySide::Resource}}) {
    for (const std::string& file : *files) {
      auto l = load_input(file, parse);
      if (!l) {
        failed = true;
        continue;
      }
      loaded.push_back({std::move(*l), side});
    }
  }
  if (failed) return kExitError;

  std::vector<eval::PolicyInput> inputs;
  for (const LoadedInput& l : loaded) inputs.push_back({&*l.loaded.policy, l.side, l.loaded.path});
  const eval::Evaluation evaluation = eval::evaluate(request, inputs);

  if (format == "json") {
    std::cout << eval::evaluation_to_json(evaluation, inputs);
  } else {
    print_evaluation(std::cout, evaluation, request, inputs, derived);
  }
  return evaluation.decision == eval::Decision::Allow ? kExitClean : kExitFindings;
}

}  // namespace iamsmith::cli
