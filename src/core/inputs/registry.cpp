// Which reader a file needs, which extractor understands it, and what the linter does with the
// symbolic values an extractor leaves in a document.

#include <algorithm>
#include <cctype>

#include <re2/re2.h>

#include "iamsmith/inputs.hpp"
#include "iamsmith/text.hpp"
#include "inputs/yaml.hpp"

namespace iamsmith::inputs {

bool is_yaml_name(std::string_view path) {
  return ci_ends_with(path, ".yaml") || ci_ends_with(path, ".yml") || ci_ends_with(path, ".template");
}

bool looks_like_template(std::string_view text) {
  // A block mapping's key at column 0, or a flow (JSON-like) document's key.
  static const RE2 kKey(R"re((?m)(?:^|[{,]\s*)["']?(?:AWSTemplateFormatVersion|Resources|Transform)["']?[ \t]*:)re");
  return RE2::PartialMatch(text, kKey);
}

Syntax syntax_of(std::string_view path, std::string_view text) {
  if (!is_yaml_name(path)) return Syntax::Json;
  std::size_t i = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])) != 0) ++i;
  if (i < text.size() && (text[i] == '{' || text[i] == '[')) return Syntax::Json;
  return Syntax::Yaml;
}

json::Document read_tree(std::string text, Syntax syntax, const json::ParseOptions& options) {
  switch (syntax) {
    case Syntax::Json: return json::parse(std::move(text), options);
    case Syntax::Yaml: return yaml::parse(std::move(text), options);
  }
  return json::parse(std::move(text), options);
}

std::span<const Extractor> extractors() {
  static const Extractor kExtractors[] = {
      {"terraform-plan", is_terraform_plan, extract_terraform_plan},
      {"terraform-configuration", is_terraform_configuration, extract_terraform_configuration},
      {"aws-cli", is_aws_cli_response, extract_aws_cli_response},
      {"cloudformation", is_cloudformation, extract_cloudformation},
  };
  return kExtractors;
}

const Extractor* find_extractor(const json::Node& root, std::string_view path) {
  for (const Extractor& e : extractors()) {
    if (e.recognise(root, path)) return &e;
  }
  return nullptr;
}

namespace {

// `pointer` is `base` or below it.
bool at_or_below(std::string_view pointer, std::string_view base) {
  return pointer.substr(0, base.size()) == base &&
         (pointer.size() == base.size() || pointer[base.size()] == '/');
}

// `pointer` is the array or object directly holding `unknown` ("/Principal/AWS" holds
// "/Principal/AWS/0"): a finding about the list as a whole may rest on the unknown item.
bool holds(std::string_view pointer, std::string_view unknown) {
  if (unknown.size() <= pointer.size() || !at_or_below(unknown, pointer)) return false;
  return unknown.find('/', pointer.size() + 1) == std::string_view::npos;
}

}  // namespace

void apply_symbolic(const EmbeddedDocument& document, std::vector<Diagnostic>& diagnostics) {
  if (!document.unknown_pointers.empty()) {
    diagnostics.erase(std::remove_if(diagnostics.begin(), diagnostics.end(),
                                     [&](const Diagnostic& d) {
                                       return std::any_of(document.unknown_pointers.begin(),
                                                          document.unknown_pointers.end(),
                                                          [&](const std::string& u) {
                                                            return at_or_below(d.span.pointer, u) ||
                                                                   holds(d.span.pointer, u);
                                                          });
                                     }),
                      diagnostics.end());
  }
  for (Diagnostic& d : diagnostics) {
    for (const EmbeddedDocument::Assumption& a : document.assumptions) {
      if (at_or_below(d.span.pointer, a.pointer) || holds(d.span.pointer, a.pointer))
        d.notes.push_back({a.note, std::nullopt});
    }
  }
}

LintContext merged_context(const LintContext& base, const LintContext& extra) {
  LintContext c = base;
  auto take = [](std::optional<std::string>& to, const std::optional<std::string>& from) {
    if (from) to = from;
  };
  if (extra.kind) c.kind = extra.kind;  // the container knows what each document is
  take(c.partition, extra.partition);
  take(c.account, extra.account);
  take(c.region, extra.region);
  take(c.state_machine_arn, extra.state_machine_arn);
  take(c.execution_role_arn, extra.execution_role_arn);
  take(c.role_arn, extra.role_arn);
  if (extra.max_policy_chars) c.max_policy_chars = extra.max_policy_chars;
  return c;
}

}  // namespace iamsmith::inputs
