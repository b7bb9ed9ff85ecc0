#include "iamsmith/explain.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string_view>
#include <vector>

namespace iamsmith {
namespace {

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    out.push_back(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return out;
}

std::string indented(std::string_view text, std::string_view prefix) {
  std::string out;
  for (std::string_view line : lines_of(text)) {
    out += prefix;
    out += line;
    out += "\n";
  }
  return out;
}

// Wraps prose at `width` columns after `prefix`.
std::string wrapped(std::string_view text, std::string_view prefix, std::size_t width = 88) {
  std::string out;
  std::string line(prefix);
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view word = text.substr(start, end - start);
    if (line.size() > prefix.size() && line.size() + 1 + word.size() > width) {
      out += line + "\n";
      line = std::string(prefix);
    }
    if (line.size() > prefix.size()) line += ' ';
    line += word;
    start = end + 1;
  }
  if (line.size() > prefix.size()) out += line + "\n";
  return out;
}

void add_option(std::vector<std::string>& args, std::string_view flag, std::string_view value) {
  if (value.empty()) return;
  args.push_back("--" + std::string(flag));
  args.emplace_back(value);
}

// lint's options for the example's context; lint takes the file as its operand.
ExampleCommand lint_command(const ExampleContext& c) {
  ExampleCommand out{"lint", {}};
  add_option(out.args, "kind", c.kind);
  add_option(out.args, "partition", c.partition);
  add_option(out.args, "account", c.account);
  add_option(out.args, "state-machine-arn", c.state_machine_arn);
  add_option(out.args, "execution-role-arn", c.execution_role_arn);
  add_option(out.args, "role-arn", c.role_arn);
  out.args.emplace_back(kExampleFile);
  return out;
}

// verify's setup from the example's context (the state machine, its roles, the one Task call
// as a --target), with the example as the policy of its link.
ExampleCommand verify_command(ChainLink link, const ExampleContext& c) {
  ExampleCommand out{"verify", {}};
  add_option(out.args, "state-machine-arn", c.state_machine_arn);
  add_option(out.args, "execution-role-arn", c.execution_role_arn);
  if (!c.role_arn.empty() && !c.target_integration.empty() && !c.target_resource.empty()) {
    add_option(out.args, "target",
               std::string(c.role_arn) + "=" + std::string(c.target_integration) + "=" + std::string(c.target_resource));
  }
  const std::string file(kExampleFile);
  switch (link) {
    case ChainLink::None:
    case ChainLink::Partition: break;  // checked from the ARNs of the setup: no policy file
    case ChainLink::AssumeRole: add_option(out.args, "assume-role", file); break;
    case ChainLink::Trust: add_option(out.args, "trust", std::string(c.role_arn) + "=" + file); break;
    case ChainLink::Permissions: add_option(out.args, "permissions", std::string(c.role_arn) + "=" + file); break;
  }
  return out;
}

// generate's options for the example's context; the example is the file of `input`'s option. An
// integration file alone generates nothing: it is read beside a one-call setup of fixed ARNs.
ExampleCommand generate_command(ExampleInput input, const ExampleContext& c) {
  ExampleCommand out{"generate", {}};
  add_option(out.args, example_input_option(input).substr(2), kExampleFile);
  ExampleContext setup = c;
  if (input == ExampleInput::GenerateIntegrations) {
    setup.state_machine_arn = "arn:aws:states:us-east-1:111122223333:stateMachine:Orders";
    setup.execution_role_arn = "arn:aws:iam::111122223333:role/OrdersExecution";
    add_option(out.args, "target",
               "arn:aws:iam::444455556666:role/OrdersTarget=arn:aws:states:::example:call="
               "arn:aws:lambda:us-east-1:444455556666:function:Echo");
  }
  add_option(out.args, "state-machine-arn", setup.state_machine_arn);
  add_option(out.args, "execution-role-arn", setup.execution_role_arn);
  add_option(out.args, "role-arn", c.role_arn);
  add_option(out.args, "resource", c.resource);
  if (c.allow_any_role) out.args.emplace_back("--allow-any-role");
  if (c.exact_resources) out.args.emplace_back("--exact-resources");
  if (c.trust_policy_quota != 0) add_option(out.args, "trust-policy-quota", std::to_string(c.trust_policy_quota));
  return out;
}

// The options of a command as explain prints them: without lint's file operand, which the page
// shows as the example itself.
std::string options_text(const ExampleCommand& command) {
  std::string out;
  for (const std::string& arg : command.args) {
    if (command.command == "lint" && arg == kExampleFile) continue;
    if (!out.empty()) out += ' ';
    out += arg;
  }
  return out;
}

// How the examples are checked: by lint with the example's options, and, for a rule of the
// cross-account chain, by `iamsmith verify` on one link.
std::string checked_how(const Rule& rule, bool markdown) {
  if (rule.example_input == ExampleInput::Config) {
    return markdown ? "checked as `iamsmith lint --config FILE` reads it"
                    : "checked as iamsmith lint --config FILE reads it";
  }
  std::vector<std::string> parts;
  for (const ExampleCommand& command : example_commands(rule)) {
    const std::string options = options_text(command);
    const std::string quoted = markdown ? "`" + options + "`" : options;
    if (command.command == "lint") {
      if (options.empty()) continue;
      // After verify's part (S001), say which command the second set of options is for.
      const std::string lint = markdown ? "by `iamsmith lint`" : "by iamsmith lint";
      parts.push_back(parts.empty() ? "checked with " + quoted : lint + " with " + quoted);
      continue;
    }
    std::string part = markdown ? "checked by `iamsmith " + command.command + "`" : "checked by iamsmith " + command.command;
    if (command.command == "generate") {
      const std::string line = "iamsmith generate " + options;
      parts.push_back("checked with " + (markdown ? "`" + line + "`" : line));
      continue;
    }
    if (command.command == "verify") part += " as the " + std::string(chain_link_name(rule.verified_link)) + " link";
    if (!options.empty()) part += ", with " + quoted;
    parts.push_back(part);
  }
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : "; ") + part;
  return out;
}

std::string pointer_label(std::string_view pointer) {
  return pointer.empty() ? std::string("the document root") : std::string(pointer);
}

// Who reports the rule, where that is not lint alone, and the severity generate gives it when
// that differs from lint's: one sentence, or empty.
std::string reported_by(const Rule& rule, bool markdown) {
  const std::string generate = markdown ? "`iamsmith generate`" : "iamsmith generate";
  if (reported_by_generate(rule.example_input)) {
    return "Reported by " + generate + " (and by " + (markdown ? "`iamsmith verify`" : "iamsmith verify") +
           ", which reads the same inputs), not by lint.";
  }
  if (rule.example_input == ExampleInput::Config) {
    return "Reported when a configuration is read (" +
           std::string(markdown ? "`--config FILE`" : "--config FILE") +
           ", or the nearest .iamsmith.json), by lint and explain.";
  }
  if (rule.generate_severity && *rule.generate_severity != rule.severity) {
    return generate + " reports it as " + std::string(severity_name(*rule.generate_severity)) +
           " (lint: " + std::string(severity_name(rule.severity)) + ").";
  }
  return "";
}

}  // namespace

std::vector<ExampleCommand> example_commands(const Rule& rule) {
  std::vector<ExampleCommand> out;
  // A chain rule is verify's: its lint check (S001) sees the same example with lint's options,
  // but the page names the command that judges the whole link first.
  if (reported_by_generate(rule.example_input)) out.push_back(generate_command(rule.example_input, rule.example_context));
  // A configuration problem is reported when lint reads the configuration (the example itself is
  // then also linted, as any file: that it is not a policy does not matter here).
  if (rule.example_input == ExampleInput::Config) {
    out.push_back(ExampleCommand{"lint", {"--config", std::string(kExampleFile), std::string(kExampleFile)}});
  }
  if (rule.verified_link != ChainLink::None) out.push_back(verify_command(rule.verified_link, rule.example_context));
  if (rule.check != nullptr) out.push_back(lint_command(rule.example_context));
  return out;
}

// Said of a rule with a mechanical fix (Rule::autofix).
constexpr std::string_view kAutofixNote =
    "`iamsmith lint --fix` makes this fix where it is safe (`--diff` shows it first).";

std::string explain_text(const Rule& rule) {
  std::string out;
  out += std::string(rule.id) + " " + std::string(rule.name) + " (" + std::string(severity_name(rule.severity)) +
         ", " + std::string(rule_status_name(rule.status)) + ")\n\n";
  out += wrapped(rule.summary, "");
  if (const std::string by = reported_by(rule, false); !by.empty()) out += "\n" + wrapped(by, "");
  out += "\nWhy it matters:\n" + wrapped(rule.rationale, "  ");
  if (!rule.exceptions.empty()) out += "\nExceptions:\n" + wrapped(rule.exceptions, "  ");
  out += "\nHow to fix it:\n" + wrapped(rule.fix, "  ");
  if (rule.autofix != nullptr) out += wrapped(kAutofixNote, "  ");
  // A custom rule (declared in a configuration) has no examples and no references.
  if (!rule.bad_example.empty()) {
    const std::string how = checked_how(rule, false);
    out += "\nProblematic (fires at " + pointer_label(rule.bad_pointer) + ")";
    out += how.empty() ? ":\n" : ", " + how + ":\n";
    out += indented(rule.bad_example, "    ");
  }
  if (!rule.good_example.empty()) out += "\nCorrect:\n" + indented(rule.good_example, "    ");
  if (!rule.references.empty()) out += "\nReferences:\n" + indented(rule.references, "  ");
  return out;
}

namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void put(Writer& w, std::string_view key, std::string_view value) {
  w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void write_rule(Writer& w, const Rule& rule) {
  w.StartObject();
  put(w, "id", rule.id);
  put(w, "name", rule.name);
  put(w, "severity", severity_name(rule.severity));
  put(w, "status", rule_status_name(rule.status));
  put(w, "summary", rule.summary);
  put(w, "rationale", rule.rationale);
  put(w, "exceptions", rule.exceptions);
  put(w, "fix", rule.fix);
  w.Key("autofix");
  w.Bool(rule.autofix != nullptr);
  put(w, "bad_example", rule.bad_example);
  put(w, "bad_pointer", rule.bad_pointer);
  put(w, "good_example", rule.good_example);
  const std::vector<ExampleCommand> commands = example_commands(rule);
  // The first command's options, with a leading space, as this field has always been written.
  const std::string options = commands.empty() ? std::string() : options_text(commands.front());
  put(w, "example_options", options.empty() ? options : " " + options);
  w.Key("example_commands");
  w.StartArray();
  for (const ExampleCommand& command : commands) {
    w.StartObject();
    put(w, "command", command.command);
    w.Key("args");
    w.StartArray();
    for (const std::string& arg : command.args) w.String(arg.data(), static_cast<rapidjson::SizeType>(arg.size()));
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  if (rule.example_input != ExampleInput::Document)
    put(w, "example_input", example_input_option(rule.example_input));
  if (reported_by_generate(rule.example_input)) put(w, "reported_by", "generate");
  if (rule.verified_link != ChainLink::None) put(w, "verified_link", chain_link_name(rule.verified_link));
  if (rule.generate_severity) put(w, "generate_severity", severity_name(*rule.generate_severity));
  if (rule.lenient_severity) put(w, "lenient_severity", severity_name(*rule.lenient_severity));
  w.Key("references");
  w.StartArray();
  for (std::string_view ref : lines_of(rule.references)) w.String(ref.data(), static_cast<rapidjson::SizeType>(ref.size()));
  w.EndArray();
  w.EndObject();
}

}  // namespace

std::string explain_json(const Rule& rule) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  write_rule(w, rule);
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

std::string rules_json(std::span<const Rule* const> rules) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartArray();
  for (const Rule* rule : rules) write_rule(w, *rule);
  w.EndArray();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

std::string rules_text(std::span<const Rule* const> rules) {
  std::string out;
  for (const Rule* rule : rules) {
    std::string name(rule->name);
    name.resize(std::max<std::size_t>(name.size(), 30), ' ');
    std::string severity(severity_name(rule->severity));
    severity.resize(11, ' ');
    out += std::string(rule->id) + "  " + name + " " + severity + std::string(rule->summary) + "\n";
  }
  return out;
}

std::string explain_markdown(const Rule& rule) {
  std::string out;
  out += std::string("`").append(rule.name) + "` · " + std::string(severity_name(rule.severity)) + " · " +
         std::string(rule_status_name(rule.status)) + "\n\n";
  out += std::string(rule.summary) + "\n\n";
  if (const std::string by = reported_by(rule, true); !by.empty()) out += by + "\n\n";
  out += "**Why it matters.** " + std::string(rule.rationale) + "\n\n";
  if (!rule.exceptions.empty()) out += "**Exceptions.** " + std::string(rule.exceptions) + "\n\n";
  out += "**How to fix it.** " + std::string(rule.fix);
  if (rule.autofix != nullptr) out += " " + std::string(kAutofixNote);
  out += "\n\n";
  const std::string how = checked_how(rule, true);
  out += "Problematic — fires at `" + pointer_label(rule.bad_pointer) + "`" + (how.empty() ? "" : " (" + how + ")") +
         ":\n\n";
  out += "```json\n" + std::string(rule.bad_example);
  if (!rule.bad_example.empty() && rule.bad_example.back() != '\n') out += "\n";
  out += "```\n\nCorrect:\n\n```json\n" + std::string(rule.good_example);
  if (!rule.good_example.empty() && rule.good_example.back() != '\n') out += "\n";
  out += "```\n\nReferences:\n\n";
  for (std::string_view ref : lines_of(rule.references)) out += "- <" + std::string(ref) + ">\n";
  return out;
}

std::string rules_markdown(std::span<const Rule* const> rules) {
  std::string out =
      "# iamsmith rules\n\n"
      "<!-- Generated by `iamsmith rules --format markdown` from the declarations under rules/.\n"
      "     Do not edit: run tools/update-docs. A test fails when this file is stale. -->\n\n"
      "Severities follow IAM Access Analyzer: `error` (AWS rejects it, or it cannot work), `security`\n"
      "(grants more than intended), `warning`, `suggestion`. `iamsmith explain ID` prints one page.\n\n"
      "| id | name | severity | summary |\n|---|---|---|---|\n";
  for (const Rule* rule : rules) {
    out += "| [" + std::string(rule->id) + "](#" + std::string(rule->id) + ") | `" + std::string(rule->name) + "` | " +
           std::string(severity_name(rule->severity)) + " | " + std::string(rule->summary) + " |\n";
  }
  for (const Rule* rule : rules) out += "\n## " + std::string(rule->id) + "\n\n" + explain_markdown(*rule);
  return out;
}

}  // namespace iamsmith
