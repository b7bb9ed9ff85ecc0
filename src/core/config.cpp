#include "iamsmith/config.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <memory>
#include <utility>

#include "catalogue.hpp"
#include "iamsmith/baseline.hpp"  // statement_sid
#include "iamsmith/arn.hpp"        // is_account_id
#include "iamsmith/condition.hpp"  // ci_equals
#include "iamsmith/load.hpp"
#include "iamsmith/partition.hpp"
#include "iamsmith/suggest.hpp"

namespace iamsmith {
namespace {

constexpr std::string_view kConfigName = ".iamsmith.json";

class ConfigReader {
 public:
  // `rules`: what selectors may name (the catalogue and the configuration's custom rules).
  ConfigReader(std::vector<Diagnostic>& problems, const RuleSet& rules)
      : problems_(problems), rules_(rules) {}

  void problem(const SourceSpan& span, std::string message, std::string hint = "") {
    std::vector<Note> notes;
    if (!hint.empty()) notes.push_back({std::move(hint), std::nullopt});
    problems_.push_back(make_finding(rules::kK001InvalidConfig, span, std::move(message), std::move(notes)));
  }

  [[nodiscard]] const RuleSet& rules() const { return rules_; }

  bool expect(const json::Node& node, json::Type type, std::string_view what) {
    if (node.type == type) return true;
    problem(node.span, std::string(what) + " must be " + std::string(json::type_name(type)) + ", not " +
                           std::string(json::type_name(node.type)));
    return false;
  }

  std::vector<std::string> strings(const json::Node& node, std::string_view what) {
    std::vector<std::string> out;
    if (!expect(node, json::Type::Array, what)) return out;
    for (const json::Node& item : node.items) {
      if (expect(item, json::Type::String, std::string(what) + " entries")) out.push_back(item.text);
    }
    return out;
  }

  // A rule selector must name at least one rule.
  void check_selector(const json::Node& node, const std::string& selector) {
    if (rules_.selector_matches_any(selector)) return;
    const auto near = rules_.nearest(selector);
    problem(node.span, "no rule matches \"" + selector + "\"", near ? "did you mean \"" + *near + "\"?" : "");
  }

  std::optional<Severity> severity(const json::Node& node) {
    if (!expect(node, json::Type::String, "a severity")) return std::nullopt;
    if (auto s = severity_from_name(node.text)) return s;
    problem(node.span, "unknown severity \"" + node.text + "\"", "use error, security, warning or suggestion");
    return std::nullopt;
  }

  void unknown_key(const json::Member& m, const std::vector<std::string>& allowed, std::string_view where) {
    const auto near = nearest(m.key, allowed, true);
    std::string keys;
    for (const std::string& k : allowed) keys += (keys.empty() ? "" : ", ") + k;
    problem(m.key_span, "unknown key \"" + m.key + "\" in " + std::string(where),
            (near ? "did you mean \"" + *near + "\"? " : std::string()) + "The keys are: " + keys + ".");
  }

 private:
  std::vector<Diagnostic>& problems_;
  const RuleSet& rules_;
};

void read_ignores(ConfigReader& r, const json::Node& node, Config& config) {
  if (!r.expect(node, json::Type::Array, "\"ignores\"")) return;
  for (const json::Node& item : node.items) {
    if (!r.expect(item, json::Type::Object, "an ignore")) continue;
    PathIgnore ignore;
    ignore.span = item.span;
    bool has_reason = false;
    for (const json::Member& m : item.members) {
      if (m.key == "path" && r.expect(m.value, json::Type::String, "\"path\"")) {
        ignore.path_glob = m.value.text;
      } else if (m.key == "rules") {
        ignore.rules = r.strings(m.value, "\"rules\"");
        for (std::size_t i = 0; i < ignore.rules.size(); ++i) r.check_selector(m.value.items[i], ignore.rules[i]);
      } else if (m.key == "pointer" && r.expect(m.value, json::Type::String, "\"pointer\"")) {
        ignore.pointer_prefix = m.value.text;
      } else if (m.key == "reason" && r.expect(m.value, json::Type::String, "\"reason\"")) {
        ignore.reason = m.value.text;
        has_reason = !ignore.reason.empty();
      } else if (m.key == "sid" && r.expect(m.value, json::Type::String, "\"sid\"")) {
        ignore.sid = m.value.text;
      } else if (m.key == "resource" && r.expect(m.value, json::Type::String, "\"resource\"")) {
        ignore.resource = m.value.text;
      } else if (m.key != "path" && m.key != "rules" && m.key != "pointer" && m.key != "reason" &&
                 m.key != "sid" && m.key != "resource") {
        r.unknown_key(m, {"path", "rules", "pointer", "sid", "resource", "reason"}, "an ignore");
      }
    }
    if (ignore.path_glob.empty()) ignore.path_glob = "**";
    ignore.glob = std::make_shared<const PathGlob>(ignore.path_glob);
    if (!has_reason) {
      r.problem(item.span, "an ignore needs a \"reason\"", "say why these findings are accepted, for the next reader");
      continue;
    }
    config.ignores.push_back(std::move(ignore));
  }
}

void read_custom_rules(ConfigReader& r, const json::Node& node, Config& config) {
  if (!r.expect(node, json::Type::Array, "\"rules\"")) return;
  static const RE2 kIdPattern("[A-Z][A-Z0-9]*[0-9]+");
  for (const json::Node& item : node.items) {
    if (!r.expect(item, json::Type::Object, "a custom rule")) continue;
    CustomRule rule;
    bool ok = true;
    for (const json::Member& m : item.members) {
      const std::vector<std::string> keys = {"id", "name", "severity", "pointer", "pattern", "when", "message"};
      if (std::find(keys.begin(), keys.end(), m.key) == keys.end()) {
        r.unknown_key(m, keys, "a custom rule");
        continue;
      }
      if (m.key == "severity") {
        if (auto s = r.severity(m.value)) rule.severity = *s;
        continue;
      }
      if (!r.expect(m.value, json::Type::String, "\"" + m.key + "\"")) {
        ok = false;
        continue;
      }
      const std::string& v = m.value.text;
      if (m.key == "id") {
        rule.id = v;
        if (!RE2::FullMatch(v, kIdPattern)) {
          r.problem(m.value.span, "custom rule id \"" + v + "\" must be capital letters then digits, like \"U001\"");
          ok = false;
        } else if (find_rule(v) != nullptr) {
          r.problem(m.value.span, "custom rule id \"" + v + "\" is a built-in rule's id");
          ok = false;
        }
      } else if (m.key == "name") {
        rule.name = v;
      } else if (m.key == "pointer") {
        rule.pointer = v;
      } else if (m.key == "pattern") {
        rule.pattern = v;
        RE2 compiled(v, RE2::Quiet);
        if (!compiled.ok()) {
          r.problem(m.value.span, "invalid re2 pattern: " + compiled.error());
          ok = false;
        }
      } else if (m.key == "when") {
        if (v == "matches") {
          rule.fire_when_matches = true;
        } else if (v == "does-not-match") {
          rule.fire_when_matches = false;
        } else {
          r.problem(m.value.span, "\"when\" must be \"matches\" or \"does-not-match\"");
          ok = false;
        }
      } else if (m.key == "message") {
        rule.message = v;
      }
    }
    for (const char* required : {"id", "pointer", "pattern", "message"}) {
      if (item.find(required) == nullptr) {
        r.problem(item.span, std::string("a custom rule needs \"") + required + "\"");
        ok = false;
      }
    }
    if (rule.name.empty()) rule.name = "custom";
    if (ok) config.custom_rules.push_back(std::move(rule));
  }
}

}  // namespace

ConfigResult parse_config(std::string text, std::string path) {
  ConfigResult result;
  result.config.path = path;
  result.document = load_policy_text(std::move(text), std::move(path));
  const RuleSet builtin;
  const json::Document& doc = result.document.document;
  {
    ConfigReader early(result.problems, builtin);
    if (doc.error) {
      early.problem(doc.error->span, "the configuration is not valid JSON: " + doc.error->message);
      return result;
    }
    if (!early.expect(*doc.root, json::Type::Object, "the configuration")) return result;
  }
  const json::Node& root = *doc.root;
  Config& config = result.config;
  // The custom rules first, wherever "rules" stands, so that selectors and severities may name
  // them; their problems are reported in document order below.
  std::vector<Diagnostic> custom_problems;
  if (const json::Member* custom = root.find("rules")) {
    ConfigReader scratch(custom_problems, builtin);
    read_custom_rules(scratch, custom->value, config);
  }
  const RuleSet known(config.custom_rules);
  ConfigReader r(result.problems, known);
  bool custom_read = false;
  for (const json::Member& m : root.members) {
    if (m.key == "select" || m.key == "ignore") {
      auto& list = m.key == "select" ? config.selection.select : config.selection.ignore;
      list = r.strings(m.value, "\"" + m.key + "\"");
      for (std::size_t i = 0; i < list.size(); ++i) r.check_selector(m.value.items[i], list[i]);
    } else if (m.key == "severity") {
      if (!r.expect(m.value, json::Type::Object, "\"severity\"")) continue;
      for (const json::Member& s : m.value.members) {
        if (r.rules().find(s.key) == nullptr) {
          r.check_selector(json::Node{json::Type::String, s.key, {}, {}, s.key_span}, s.key);
          continue;
        }
        if (auto sev = r.severity(s.value)) config.selection.severity_overrides.emplace_back(s.key, *sev);
      }
    } else if (m.key == "ignores") {
      read_ignores(r, m.value, config);
    } else if (m.key == "partition") {
      if (!r.expect(m.value, json::Type::String, "\"partition\"")) continue;
      if (find_partition(m.value.text) == nullptr) {
        const auto near = nearest_partition(m.value.text);
        r.problem(m.value.span, "unknown partition \"" + m.value.text + "\"",
                  near ? "did you mean \"" + *near + "\"?" : "");
        continue;
      }
      config.partition = m.value.text;
    } else if (m.key == "account") {
      if (!r.expect(m.value, json::Type::String, "\"account\"")) continue;
      if (!is_account_id(m.value.text)) {
        r.problem(m.value.span, "\"account\" must be a 12-digit account ID, not \"" + m.value.text + "\"");
        continue;
      }
      config.account = m.value.text;
    } else if (m.key == "accounts") {
      if (!r.expect(m.value, json::Type::Object, "\"accounts\"")) continue;
      for (const json::Member& a : m.value.members) {
        if (r.expect(a.value, json::Type::String, "an account's label")) config.accounts[a.key] = a.value.text;
      }
    } else if (m.key == "rules") {
      if (std::exchange(custom_read, true)) continue;  // a duplicate key: the first one counts
      result.problems.insert(result.problems.end(), custom_problems.begin(), custom_problems.end());
    } else if (m.key == "include" || m.key == "exclude") {
      (m.key == "include" ? config.include : config.exclude) = r.strings(m.value, "\"" + m.key + "\"");
    } else if (m.key == "fail-on") {
      if (m.value.is_string() && m.value.text == "never") {
        config.fail_on.emplace(std::nullopt);
      } else if (m.value.is_string() && !severity_from_name(m.value.text)) {
        r.problem(m.value.span, "unknown fail-on \"" + m.value.text + "\"",
                  "use error, security, warning, suggestion or never");
      } else if (auto sev = r.severity(m.value)) {
        config.fail_on.emplace(sev);
      }
    } else if (m.key == "kind") {
      if (!r.expect(m.value, json::Type::String, "\"kind\"")) continue;
      if (auto kind = kind_from_name(m.value.text)) {
        config.kind = kind;
      } else if (m.value.text != "auto") {
        r.problem(m.value.span, "unknown kind \"" + m.value.text + "\"", "use identity, trust, resource or auto");
      }
    } else {
      r.unknown_key(m,
                    {"select", "ignore", "severity", "ignores", "include", "exclude", "fail-on", "kind", "partition",
                     "account", "accounts", "rules"},
                    "the configuration");
    }
  }
  return result;
}

std::optional<std::filesystem::path> find_config(const std::filesystem::path& start) {
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::absolute(start, ec);
  if (ec) return std::nullopt;
  while (true) {
    const std::filesystem::path candidate = dir / kConfigName;
    if (std::filesystem::is_regular_file(candidate, ec)) return candidate;
    if (!dir.has_parent_path() || dir.parent_path() == dir) return std::nullopt;
    dir = dir.parent_path();
  }
}

namespace {

// Translates a path glob into an anchored re2 pattern.
std::string glob_to_regex(std::string_view glob) {
  std::string out;
  for (std::size_t i = 0; i < glob.size(); ++i) {
    const char c = glob[i];
    if (c == '*' && i + 1 < glob.size() && glob[i + 1] == '*') {
      ++i;
      if (i + 1 < glob.size() && glob[i + 1] == '/') {
        ++i;
        out += "(?:.*/)?";  // "**/" : any number of directories, including none
      } else {
        out += ".*";
      }
    } else if (c == '*') {
      out += "[^/]*";
    } else if (c == '?') {
      out += "[^/]";
    } else {
      out += RE2::QuoteMeta(std::string(1, c));
    }
  }
  return out;
}

std::string_view strip_dot_slash(std::string_view path) {
  while (path.substr(0, 2) == "./") path.remove_prefix(2);
  return path;
}

}  // namespace

struct PathGlob::Impl {
  RE2 re;
  explicit Impl(const std::string& pattern) : re(pattern) {}
};

PathGlob::PathGlob(std::string_view glob) : impl_(std::make_unique<Impl>(glob_to_regex(strip_dot_slash(glob)))) {}
PathGlob::~PathGlob() = default;
PathGlob::PathGlob(PathGlob&&) noexcept = default;
PathGlob& PathGlob::operator=(PathGlob&&) noexcept = default;

bool PathGlob::matches(std::string_view path) const {
  const std::string_view stripped = strip_dot_slash(path);
  return impl_->re.ok() && RE2::FullMatch(re2::StringPiece(stripped.data(), stripped.size()), impl_->re);
}

bool path_glob_match(std::string_view glob, std::string_view path) { return PathGlob(glob).matches(path); }

std::string config_relative_path(const Config& config, std::string_view file) {
  if (config.path.empty() || file.empty() || file == "-" || file.front() == '<') return std::string(strip_dot_slash(file));
  std::error_code ec;
  const std::filesystem::path base =
      std::filesystem::weakly_canonical(std::filesystem::absolute(config.path, ec).parent_path(), ec);
  if (ec) return std::string(strip_dot_slash(file));
  const std::filesystem::path full = std::filesystem::weakly_canonical(std::filesystem::absolute(file, ec), ec);
  if (ec) return std::string(strip_dot_slash(file));
  const std::filesystem::path relative = full.lexically_relative(base);
  if (relative.empty() || *relative.begin() == "..") return full.generic_string();
  return relative.generic_string();
}

bool ignore_covers_path(const PathIgnore& ignore, std::string_view file) {
  return ignore.glob ? ignore.glob->matches(file) : path_glob_match(ignore.path_glob, file);
}

namespace {

// Whether `prefix` is `pointer` or names an element above it: "/Statement/1" covers
// "/Statement/1/Action" but not "/Statement/10".
bool pointer_within(std::string_view prefix, std::string_view pointer) {
  if (!prefix.empty() && prefix.back() == '/') prefix.remove_suffix(1);
  if (pointer.substr(0, prefix.size()) != prefix) return false;
  return pointer.size() == prefix.size() || pointer[prefix.size()] == '/';
}

// The resource a finding's pointer is under: a CloudFormation logical id ("/Resources/LambdaRole/
// ..."), a Terraform configuration's address ("/resource/aws_iam_role/lambda/..." is
// aws_iam_role.lambda, "/data/..." data.TYPE.NAME), or, in a plan or state (`container`), the
// "address" of the deepest object on the pointer's way that has one. Empty when none.
std::string resource_of(std::string_view pointer, const json::Node* container) {
  std::vector<std::string> tokens;
  for (std::size_t at = 0; at < pointer.size() && pointer[at] == '/';) {
    const std::size_t end = std::min(pointer.find('/', at + 1), pointer.size());
    std::string token;
    for (std::size_t i = at + 1; i < end; ++i) {
      if (pointer[i] == '~' && i + 1 < end) {
        token += pointer[++i] == '1' ? '/' : '~';
      } else {
        token += pointer[i];
      }
    }
    tokens.push_back(std::move(token));
    at = end;
  }
  if (tokens.size() >= 2 && tokens[0] == "Resources") return tokens[1];
  if (tokens.size() >= 3 && tokens[0] == "resource") return tokens[1] + "." + tokens[2];
  if (tokens.size() >= 3 && tokens[0] == "data") return "data." + tokens[1] + "." + tokens[2];
  std::string address;
  const json::Node* node = container;
  for (const std::string& token : tokens) {
    if (node == nullptr) break;
    if (node->is_object()) {
      node = node->get(token);
    } else if (node->is_array() && !token.empty() && token.size() < 10 &&
               token.find_first_not_of("0123456789") == std::string::npos) {
      const std::size_t index = std::stoul(token);
      node = index < node->items.size() ? &node->items[index] : nullptr;
    } else {
      node = nullptr;
    }
    if (node == nullptr || !node->is_object()) continue;
    if (const json::Node* a = node->get("address"); a != nullptr && a->is_string()) address = a->text;
  }
  return address;
}

// Whether an ignore's "resource" names `resource`: exactly, or a Terraform address without the
// instance index ("aws_iam_role.lambda" names "aws_iam_role.lambda[0]").
bool names_resource(std::string_view wanted, std::string_view resource) {
  if (resource == wanted) return true;
  return resource.size() > wanted.size() && resource.substr(0, wanted.size()) == wanted &&
         resource[wanted.size()] == '[' && resource.back() == ']';
}

}  // namespace

const PathIgnore* matching_ignore(const Config& config, std::string_view file, const Diagnostic& finding,
                                  const json::Node* root, const json::Node* container) {
  std::optional<std::string> sid;       // looked up once, when an ignore names one
  std::optional<std::string> resource;  // the same
  Rule probe{};  // selectors match custom rules as built-in ones: by id, id prefix or name
  probe.id = finding.rule_id;
  probe.name = finding.rule_name;
  for (const PathIgnore& ignore : config.ignores) {
    if (!ignore_covers_path(ignore, file)) continue;
    if (!ignore.pointer_prefix.empty() && !pointer_within(ignore.pointer_prefix, finding.span.pointer)) continue;
    if (!ignore.resource.empty()) {
      if (!resource) resource = resource_of(finding.span.pointer, container);
      if (!names_resource(ignore.resource, *resource)) continue;
    }
    if (!ignore.sid.empty()) {
      if (!sid) sid = statement_sid(finding.span.pointer, root);
      if (*sid != ignore.sid) continue;
    }
    if (ignore.rules.empty()) return &ignore;
    for (const std::string& selector : ignore.rules) {
      if (rule_matches_selector(probe, selector)) return &ignore;
    }
  }
  return nullptr;
}

bool is_ignored(const Config& config, std::string_view file, const Diagnostic& finding, const json::Node* root) {
  return matching_ignore(config, file, finding, root) != nullptr;
}

namespace {

// '/Statement/*/Resource' -> a regex over pointers, '*' standing for one reference token.
std::string pointer_pattern_to_regex(std::string_view pattern) {
  std::string out;
  for (const char c : pattern) {
    if (c == '*') {
      out += "[^/]*";
    } else {
      out += RE2::QuoteMeta(std::string(1, c));
    }
  }
  // A pattern naming an element also covers the values of an array under it.
  return out + "(?:/[0-9]+)?";
}

void visit_scalars(const json::Node& node, const RE2& where, const RE2& what, const CustomRule& rule,
                   const Rule& declaration, std::vector<Diagnostic>& out) {
  switch (node.type) {
    case json::Type::Array:
      for (const json::Node& item : node.items) visit_scalars(item, where, what, rule, declaration, out);
      return;
    case json::Type::Object:
      for (const json::Member& m : node.members) visit_scalars(m.value, where, what, rule, declaration, out);
      return;
    case json::Type::String:
    case json::Type::Number:
    case json::Type::Bool:
    case json::Type::Null:
      break;
  }
  if (!RE2::FullMatch(node.span.pointer.str(), where)) return;
  const bool matched = RE2::PartialMatch(node.text, what);
  if (matched != rule.fire_when_matches) return;
  out.push_back(make_finding(
      declaration, node.span, rule.message + " (value \"" + node.text + "\")",
      {{"custom rule from the configuration: " +
            std::string(rule.fire_when_matches ? "values must not match " : "values must match ") +
            rule.pattern,
        std::nullopt}}));
}

}  // namespace

std::vector<Diagnostic> run_custom_rules(const RuleSet& rules, const LoadedPolicy& loaded,
                                         const RuleSelection& selection) {
  std::vector<Diagnostic> out;
  if (!loaded.document.root) return out;
  for (const auto& custom : rules.custom()) {
    const CustomRule& rule = custom->rule;
    if (!is_selected(selection, custom->declaration)) continue;
    const RE2 where(pointer_pattern_to_regex(rule.pointer));
    const RE2 what(rule.pattern, RE2::Quiet);
    if (!where.ok() || !what.ok()) continue;  // reported when the config was read
    const std::size_t first = out.size();
    visit_scalars(*loaded.document.root, where, what, rule, custom->declaration, out);
    for (std::size_t i = first; i < out.size(); ++i) {
      out[i].severity = selected_severity(selection, custom->declaration, out[i].severity);
    }
  }
  sort_diagnostics(out);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The rules of a run.

RuleSet::RuleSet() : all_(all_rules().begin(), all_rules().end()) {
  // K002 is the configuration reader's, but a lint run reports it (lint_paths, on the
  // configuration file): SARIF's driver.rules must describe every rule a result names.
  const Rule* unused_ignore = &catalogue_rule("K002");
  for (const Rule* rule : all_) {
    if (rule->example_input == ExampleInput::Document || rule == unused_ignore) lint_.push_back(rule);
  }
}

RuleSet::RuleSet(const std::vector<CustomRule>& custom, std::string_view origin) : RuleSet() {
  const std::string where =
      origin.empty() ? std::string("the configuration") : "the configuration " + std::string(origin);
  for (const CustomRule& rule : custom) {
    auto c = std::make_unique<Custom>();
    c->rule = rule;
    c->rationale = "A custom rule of " + where + ": every value whose JSON pointer matches \"" +
                   rule.pointer + "\" " + (rule.fire_when_matches ? "must not match" : "must match") +
                   " the re2 pattern \"" + rule.pattern + "\".";
    c->declaration = Rule{
        .id = c->rule.id,
        .name = c->rule.name,
        .severity = c->rule.severity,
        .status = RuleStatus::Stable,
        .summary = c->rule.message,
        .rationale = c->rationale,
        .exceptions = "",
        .fix =
            "Change the value; where it is accepted, ignore the rule for that file or pointer in the "
            "configuration's \"ignores\", with a reason.",
        .bad_example = "",
        .bad_pointer = "",
        .good_example = "",
        .example_context = {},
        .references = "",
        .check = nullptr,
    };
    all_.push_back(&c->declaration);
    lint_.push_back(&c->declaration);
    custom_.push_back(std::move(c));
  }
}

RuleSet::RuleSet(RuleSet&&) noexcept = default;
RuleSet& RuleSet::operator=(RuleSet&&) noexcept = default;
RuleSet::~RuleSet() = default;

const Rule* RuleSet::find(std::string_view id_or_name) const {
  if (const Rule* builtin = find_rule(id_or_name)) return builtin;
  for (const auto& c : custom_) {
    if (ci_equals(c->declaration.id, id_or_name) || ci_equals(c->declaration.name, id_or_name))
      return &c->declaration;
  }
  return nullptr;
}

bool RuleSet::selector_matches_any(std::string_view selector) const {
  return std::any_of(all_.begin(), all_.end(),
                     [selector](const Rule* r) { return rule_matches_selector(*r, selector); });
}

std::optional<std::string> RuleSet::nearest(std::string_view word) const {
  std::vector<std::string> names;
  for (const Rule* r : all_) {
    names.emplace_back(r->id);
    names.emplace_back(r->name);
  }
  return iamsmith::nearest(word, names, true);
}

RuleSet rule_set(const Config& config) {
  return RuleSet(config.custom_rules, config.path);
}

}  // namespace iamsmith
