// One reader of the setup for `generate` and `verify` (see iamsmith/setup.hpp).

#include "iamsmith/setup.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "catalogue.hpp"
#include "iamsmith/json.hpp"
#include "iamsmith/load.hpp"
#include "iamsmith/rule.hpp"
#include "sfn/stacks.hpp"

namespace iamsmith::sfn {

namespace {

// The command-line values findings can point at: one line per option value.
struct CommandLine {
  std::string text;
  std::vector<Text> values;

  Text add(const std::string& option, const std::string& value, std::size_t input) {
    const std::string prefix = "--" + option + " ";
    const std::size_t offset = text.size() + prefix.size();
    const auto line = static_cast<std::uint32_t>(values.size() + 1);
    text += prefix + value + "\n";
    Text t;
    t.value = value;
    t.input = input;
    t.span.line = line;
    t.span.column = static_cast<std::uint32_t>(prefix.size() + 1);
    t.span.offset = static_cast<std::uint32_t>(offset);
    t.span.length = static_cast<std::uint32_t>(value.size());
    t.span.pointer = "--" + option;
    values.push_back(t);
    return t;
  }
};

// Reads a JSON input; a content problem becomes a finding against it, an I/O problem an io_error.
std::optional<json::Node> load_json(const std::string& path, SetupRead& out, const json::ParseOptions& options,
                                    std::istream* standard_input, const Rule& rule, bool strict) {
  const bool from_stdin = path == "-" && standard_input != nullptr;
  const std::string name = from_stdin ? "<stdin>" : path;
  FileRead read = from_stdin ? read_stream(*standard_input, name, options.max_bytes)
                             : read_file(path, options.max_bytes);
  if (read.error) {
    out.io_errors.push_back(read.error->message);
    return std::nullopt;
  }
  json::Document doc = read.too_large ? json::too_large_document(read.size, options.max_bytes)
                                      : json::parse(std::move(*read.bytes), options);
  const std::size_t index = out.inputs.size();
  out.inputs.push_back(Input{name, doc.source});
  if (doc.error) {
    out.findings.push_back(Finding{index, make_finding(rule, doc.error->span, doc.error->message)});
    return std::nullopt;
  }
  if (strict) {
    // Step Functions rejects a definition with comments or trailing commas; read on leniently,
    // under the rule's declared severity for that (G004: a warning).
    for (const json::Extension& e : doc.extensions) {
      Diagnostic d = make_finding(rule, e.span,
                                  std::string(json::extension_name(e.kind)) + " in JSON: Step Functions rejects it");
      d.severity = rule.lenient_severity.value_or(rule.severity);
      out.findings.push_back(Finding{index, std::move(d)});
    }
  }
  return std::move(doc.root);
}

}  // namespace

bool SetupRead::has_errors() const {
  return std::any_of(findings.begin(), findings.end(),
                     [](const Finding& f) { return f.diagnostic.severity == Severity::Error; });
}

SetupRead read_setup(const SetupRequest& request) {
  SetupRead out;
  json::ParseOptions parse;
  if (request.max_file_size != 0) parse.max_bytes = request.max_file_size;
  if (request.max_depth != 0) parse.max_depth = request.max_depth;
  if (request.standard_input != nullptr) {
    std::size_t dashes = static_cast<std::size_t>(std::count(request.specs.begin(), request.specs.end(), "-")) +
                         static_cast<std::size_t>(std::count(request.integration_files.begin(),
                                                             request.integration_files.end(), "-"));
    if (request.definition == "-") ++dashes;
    if (dashes > 1) {
      out.usage_error = SetupUsageError{SetupConflict::StandardInputTwice};
      return out;
    }
  }
  out.inputs.push_back(Input{"<command line>", SourceText()});  // input 0; its text is set below
  CommandLine cl;
  out.table = builtin_integrations();
  for (const std::string& file : request.integration_files) {
    if (auto root = load_json(file, out, parse, request.standard_input, rules::kG002InvalidIntegrations, false)) {
      extend_integrations(out.table, *root, out.inputs.size() - 1, out.findings);
    }
  }
  for (const std::string& file : request.specs) {
    if (auto root = load_json(file, out, parse, request.standard_input, rules::kG001InvalidSpec, false)) {
      std::vector<Setup> read = parse_spec(*root, out.inputs.size() - 1, out.findings);
      out.setups.insert(out.setups.end(), read.begin(), read.end());
    }
  }
  if (request.state_machine_arn || request.execution_role_arn) {
    Setup s;
    s.state_machine_arn = cl.add("state-machine-arn", request.state_machine_arn.value_or(""), 0);
    s.execution_role_arn = cl.add("execution-role-arn", request.execution_role_arn.value_or(""), 0);
    out.setups.push_back(std::move(s));
  }
  for (const std::string& t : request.targets) {
    if (out.setups.size() != 1) {
      if (!request.specs.empty() && out.setups.empty()) break;  // the spec failed; its findings say why
      out.usage_error = SetupUsageError{SetupConflict::TargetsNeedOneStateMachine, out.setups.size()};
      return out;
    }
    if (auto spec = parse_target_option(cl.add("target", t, 0), out.findings))
      out.setups.front().targets.push_back(*spec);
  }
  if (request.definition) {
    if (out.setups.size() > 1) {
      out.usage_error = SetupUsageError{SetupConflict::DefinitionNeedsOneStateMachine, out.setups.size()};
      return out;
    }
    auto root = load_json(*request.definition, out, parse, request.standard_input, rules::kG004InvalidDefinition, true);
    if (root && out.setups.size() == 1) {
      out.setups.front().definition = asl::build_definition(*root);
      out.setups.front().definition_input = out.inputs.size() - 1;
    }
  }
  for (const std::string& r : request.role_arns) out.options.role_arns.push_back(cl.add("role-arn", r, 0));
  for (const std::string& r : request.pass_roles) out.options.pass_roles.push_back(cl.add("pass-role", r, 0));
  for (const std::string& r : request.resources) {
    if (auto o = parse_resource_option(cl.add("resource", r, 0), out.findings))
      out.options.resources.push_back(*o);
  }
  out.options.allow_any_role = request.allow_any_role;
  out.options.exact_resources = request.exact_resources;
  out.inputs[0].source = SourceText(cl.text);
  read_stacks(request, parse, out);
  return out;
}

}  // namespace iamsmith::sfn
