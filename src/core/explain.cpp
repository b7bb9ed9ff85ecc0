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

std::string context_line(const ExampleContext& c) {
  std::string out;
  auto add = [&out](std::string_view flag, std::string_view value) {
    if (value.empty()) return;
    out += " --";
    out += flag;
    out += ' ';
    out += value;
  };
  add("kind", c.kind);
  add("partition", c.partition);
  add("account", c.account);
  add("state-machine-arn", c.state_machine_arn);
  add("execution-role-arn", c.execution_role_arn);
  add("role-arn", c.role_arn);
  add("target-action", c.target_action);
  add("target-resource", c.target_resource);
  return out;
}

// How the examples are checked: by lint with the example's options, or, for a rule of the
// cross-account chain, by `iamsmith verify` on one link.
std::string checked_how(const Rule& rule, bool markdown) {
  const std::string context = context_line(rule.example_context);
  const std::string options = context.empty() ? "" : context.substr(1);
  const std::string quoted = markdown ? "`" + options + "`" : options;
  if (rule.verified_link != ChainLink::None) {
    std::string out = std::string(markdown ? "checked by `iamsmith verify`" : "checked by iamsmith verify") +
                      " as the " + std::string(chain_link_name(rule.verified_link)) + " link";
    if (!options.empty()) out += ", with " + quoted;
    return out;
  }
  return options.empty() ? "" : "checked with " + quoted;
}

std::string pointer_label(std::string_view pointer) {
  return pointer.empty() ? std::string("the document root") : std::string(pointer);
}

}  // namespace

std::string explain_text(const Rule& rule) {
  std::string out;
  out += std::string(rule.id) + " " + std::string(rule.name) + " (" + std::string(severity_name(rule.severity)) +
         ", " + std::string(rule_status_name(rule.status)) + ")\n\n";
  out += wrapped(rule.summary, "");
  out += "\nWhy it matters:\n" + wrapped(rule.rationale, "  ");
  if (!rule.exceptions.empty()) out += "\nExceptions:\n" + wrapped(rule.exceptions, "  ");
  out += "\nHow to fix it:\n" + wrapped(rule.fix, "  ");
  const std::string how = checked_how(rule, false);
  out += "\nProblematic (fires at " + pointer_label(rule.bad_pointer) + ")";
  out += how.empty() ? ":\n" : ", " + how + ":\n";
  out += indented(rule.bad_example, "    ");
  out += "\nCorrect:\n" + indented(rule.good_example, "    ");
  out += "\nReferences:\n" + indented(rule.references, "  ");
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
  put(w, "bad_example", rule.bad_example);
  put(w, "bad_pointer", rule.bad_pointer);
  put(w, "good_example", rule.good_example);
  put(w, "example_options", context_line(rule.example_context));
  if (rule.verified_link != ChainLink::None) put(w, "verified_link", chain_link_name(rule.verified_link));
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

std::string rules_json() {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartArray();
  for (const Rule* rule : all_rules()) write_rule(w, *rule);
  w.EndArray();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

std::string rules_text() {
  std::string out;
  for (const Rule* rule : all_rules()) {
    std::string name(rule->name);
    name.resize(std::max<std::size_t>(name.size(), 30), ' ');
    std::string severity(severity_name(rule->severity));
    severity.resize(11, ' ');
    out += std::string(rule->id) + "  " + name + " " + severity + std::string(rule->summary) + "\n";
  }
  return out;
}

std::string rules_markdown() {
  std::string out =
      "# iamsmith rules\n\n"
      "<!-- Generated by `iamsmith rules --format markdown` from the declarations under rules/.\n"
      "     Do not edit: run tools/update-docs. A test fails when this file is stale. -->\n\n"
      "Severities follow IAM Access Analyzer: `error` (AWS rejects it, or it cannot work), `security`\n"
      "(grants more than intended), `warning`, `suggestion`. `iamsmith explain ID` prints one page.\n\n"
      "| id | name | severity | summary |\n|---|---|---|---|\n";
  for (const Rule* rule : all_rules()) {
    out += "| [" + std::string(rule->id) + "](#" + std::string(rule->id) + ") | `" + std::string(rule->name) + "` | " +
           std::string(severity_name(rule->severity)) + " | " + std::string(rule->summary) + " |\n";
  }
  for (const Rule* rule : all_rules()) {
    out += "\n## " + std::string(rule->id) + "\n\n";
    out += std::string("`").append(rule->name) + "` · " + std::string(severity_name(rule->severity)) + " · " +
           std::string(rule_status_name(rule->status)) + "\n\n";
    out += std::string(rule->summary) + "\n\n";
    out += "**Why it matters.** " + std::string(rule->rationale) + "\n\n";
    if (!rule->exceptions.empty()) out += "**Exceptions.** " + std::string(rule->exceptions) + "\n\n";
    out += "**How to fix it.** " + std::string(rule->fix) + "\n\n";
    const std::string how = checked_how(*rule, true);
    out += "Problematic — fires at `" + pointer_label(rule->bad_pointer) + "`" + (how.empty() ? "" : " (" + how + ")") +
           ":\n\n";
    out += "```json\n" + std::string(rule->bad_example);
    if (!rule->bad_example.empty() && rule->bad_example.back() != '\n') out += "\n";
    out += "```\n\nCorrect:\n\n```json\n" + std::string(rule->good_example);
    if (!rule->good_example.empty() && rule->good_example.back() != '\n') out += "\n";
    out += "```\n\nReferences:\n\n";
    for (std::string_view ref : lines_of(rule->references)) out += "- <" + std::string(ref) + ">\n";
  }
  return out;
}

}  // namespace iamsmith
