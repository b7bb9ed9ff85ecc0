// iamsmith expand: the concrete actions an action pattern grants, with their access levels.

#include <algorithm>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli.hpp"
#include "iamsmith/expand.hpp"
#include "iamsmith/iamdata.hpp"
#include "iamsmith/json.hpp"
#include "iamsmith/load.hpp"

namespace po = boost::program_options;

namespace iamsmith::cli {
namespace {

// One pattern to expand, and where it came from (a --policy file's Action or NotAction).
struct Item {
  std::string pattern;
  std::string file;     // empty for a pattern from the command line
  std::string element;  // "Action" or "NotAction"
  SourceSpan span;
};

struct Result {
  Item item;
  Expansion expansion;
  std::vector<const iamdata::Action*> shown;  // after --level
  std::optional<std::string> suggestion;
  bool is_action = true;  // false for a value that is not of the form service:action
};

// "*" alone, or service:action with both parts non-empty (the forms IAM accepts).
bool has_action_shape(std::string_view text) {
  if (text == "*") return true;
  const std::size_t colon = text.find(':');
  return colon != std::string_view::npos && colon > 0 && colon + 1 < text.size() &&
         text.find(':', colon + 1) == std::string_view::npos;
}

std::vector<std::string> split_commas(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const std::string& v : values) {
    std::stringstream in(v);
    std::string part;
    while (std::getline(in, part, ',')) {
      if (!part.empty()) out.push_back(part);
    }
  }
  return out;
}

std::shared_ptr<const iamdata::Catalog> load_data(const std::string& path) {
  iamdata::DataError error;
  auto catalog = iamdata::load_catalog_file(path, error);
  if (!catalog) {
    throw UsageError{"--iam-data " + error.origin +
                     (error.line != 0 ? ":" + std::to_string(error.line) : "") + ": " + error.message};
  }
  return catalog;
}

std::vector<Item> items_of_policy(const std::string& path) {
  LoadFileResult result = load_policy_file(path);
  if (result.error) throw UsageError{result.error->message};
  const LoadedPolicy& loaded = *result.loaded;
  if (!loaded.policy) throw UsageError{path + ": not a policy document (expected a JSON object)"};
  std::vector<Item> out;
  for (const Statement& st : loaded.policy->statements()) {
    const auto add = [&](const std::optional<ValueList>& list, const char* element) {
      if (!list) return;
      for (const Scalar& value : *list) {
        if (value.type != json::Type::String) continue;
        out.push_back({value.text, path, element, value.span});
      }
    };
    add(st.action, "Action");
    add(st.not_action, "NotAction");
  }
  if (out.empty()) throw UsageError{path + ": the policy has no Action or NotAction values"};
  return out;
}

std::string location(const Item& item) {
  if (item.file.empty()) return "";
  return item.file + ":" + std::to_string(item.span.line) + ":" + std::to_string(item.span.column) + ": " +
         item.element + " ";
}

void print_text(const std::vector<Result>& results, const std::vector<iamdata::AccessLevel>& levels) {
  bool first = true;
  for (const Result& r : results) {
    if (!first) std::cout << "\n";
    first = false;
    const std::string where = location(r.item);
    if (!r.is_action) {
      std::cout << where << r.item.pattern << " is not an action: IAM actions are written service:action\n";
      continue;
    }
    std::cout << where << expansion_summary(r.expansion);
    if (r.expansion.actions.empty() && r.suggestion)
      std::cout << "; did you mean \"" << *r.suggestion << "\"?";
    std::cout << "\n";
    if (!levels.empty() && !r.expansion.actions.empty()) {
      std::string names;
      for (const iamdata::AccessLevel level : levels) {
        if (!names.empty()) names += ", ";
        names += iamdata::access_level_name(level);
      }
      std::cout << "  (" << r.shown.size() << " of them " << names << ")\n";
    }
    std::size_t width = 0;
    for (const iamdata::Action* a : r.shown) width = std::max(width, a->full_name().size());
    for (const iamdata::Action* a : r.shown) {
      const std::string name = a->full_name();
      std::cout << "  " << name << std::string(width - name.size() + 2, ' ')
                << iamdata::access_level_name(primary_level(a->access)) << "\n";
    }
  }
}

void print_json(const std::vector<Result>& results, const iamdata::Catalog& catalog) {
  std::string out = "{\"catalog\":{\"date\":";
  json::append_quoted(out, catalog.date());
  out += ",\"origin\":";
  json::append_quoted(out, catalog.origin());
  out += "},\"patterns\":[";
  bool first = true;
  for (const Result& r : results) {
    if (!first) out += ",";
    first = false;
    out += "{\"pattern\":";
    json::append_quoted(out, r.item.pattern);
    if (!r.item.file.empty()) {
      out += ",\"file\":";
      json::append_quoted(out, r.item.file);
      out += ",\"line\":" + std::to_string(r.item.span.line) +
             ",\"column\":" + std::to_string(r.item.span.column) + ",\"pointer\":";
      json::append_quoted(out, r.item.span.pointer);
      out += ",\"element\":";
      json::append_quoted(out, r.item.element);
    }
    out += ",\"is_action\":";
    out += r.is_action ? "true" : "false";
    out += ",\"count\":" + std::to_string(r.expansion.actions.size()) + ",\"levels\":{";
    bool first_level = true;
    for (const iamdata::AccessLevel level :
         {iamdata::AccessLevel::List, iamdata::AccessLevel::Read, iamdata::AccessLevel::Write,
          iamdata::AccessLevel::PermissionsManagement, iamdata::AccessLevel::Tagging}) {
      if (!first_level) out += ",";
      first_level = false;
      json::append_quoted(out, iamdata::access_level_name(level));
      out += ':';
      out += std::to_string(r.expansion.counts.of(level));
    }
    out += "},\"summary\":";
    json::append_quoted(out, expansion_summary(r.expansion));
    if (r.suggestion) {
      out += ",\"suggestion\":";
      json::append_quoted(out, *r.suggestion);
    }
    out += ",\"actions\":[";
    bool first_action = true;
    for (const iamdata::Action* a : r.shown) {
      if (!first_action) out += ",";
      first_action = false;
      out += "{\"action\":";
      json::append_quoted(out, a->full_name());
      out += ",\"access\":";
      json::append_quoted(out, iamdata::access_level_name(primary_level(a->access)));
      out += ",\"levels\":";
      json::append_quoted(out, iamdata::access_levels_text(a->access));
      out += ",\"resource_level\":";
      out += a->wildcard_only() ? "false" : "true";
      out += "}";
    }
    out += "]}";
  }
  out += "]}\n";
  std::cout << out;
}

}  // namespace

int run_expand(const std::vector<std::string>& args) {
  po::options_description options("expand options");
  std::string format = "text";
  std::vector<std::string> policies;
  std::vector<std::string> level_names;
  options.add_options()("help,h", "show this help")("format,f", po::value(&format)->default_value(format),
                                                    "output format: text or json")(
      "policy", po::value(&policies)->composing(),
      "expand every Action and NotAction value of this policy file (repeatable)")(
      "level", po::value(&level_names)->composing(),
      "list only actions of these access levels: list, read, write, permissions-management, tagging "
      "(repeatable, or comma-separated)")(
      "iam-data", po::value<std::string>(),
      "read AWS's action catalogue from this file instead of the built-in snapshot")(
      "pattern", po::value<std::vector<std::string>>(), "action patterns (s3:Put*, ec2:*Vpc*, iam:PassRole)");
  po::positional_options_description positional;
  positional.add("pattern", -1);
  const po::variables_map vm = parse_options(args, options, positional, "expand");
  if (vm.count("help") != 0U) {
    std::cout << "usage: iamsmith expand [options] PATTERN...\n"
                 "       iamsmith expand [options] --policy FILE\n\n"
                 "Lists the actions each action pattern matches in AWS's Service Authorization Reference,\n"
                 "with their access levels. Patterns use IAM's wildcards ('*', '?') and ignore case.\n"
                 "Exit codes: 0 every pattern matches an action, 1 some pattern matches none,\n"
                 "2 usage or input error, 3 standard output could not be written.\n\n"
              << options << "\n";
    return kExitClean;
  }
  if (format != "text" && format != "json")
    throw UsageError{"unknown --format '" + format + "'; use text or json"};
  std::vector<iamdata::AccessLevel> levels;
  for (const std::string& name : split_commas(level_names)) {
    const auto level = access_level_from_name(name);
    if (!level) {
      throw UsageError{"unknown --level '" + name +
                       "'; use list, read, write, permissions-management or tagging"};
    }
    if (std::find(levels.begin(), levels.end(), *level) == levels.end()) levels.push_back(*level);
  }
  std::vector<Item> items;
  if (vm.count("pattern") != 0U) {
    for (const std::string& p : vm["pattern"].as<std::vector<std::string>>())
      items.push_back({p, "", "", {}});
  }
  for (const std::string& path : policies) {
    std::vector<Item> more = items_of_policy(path);
    items.insert(items.end(), more.begin(), more.end());
  }
  if (items.empty()) throw UsageError{"expand needs at least one action pattern, or --policy FILE"};

  std::shared_ptr<const iamdata::Catalog> loaded;
  if (vm.count("iam-data") != 0U) loaded = load_data(vm["iam-data"].as<std::string>());
  const iamdata::Catalog& catalog = loaded ? *loaded : iamdata::Catalog::builtin();

  std::vector<Result> results;
  bool all_match = true;
  for (const Item& item : items) {
    Result r;
    r.item = item;
    r.is_action = has_action_shape(item.pattern);
    if (r.is_action) r.expansion = expand_actions(catalog, item.pattern);
    r.expansion.pattern = item.pattern;
    for (const iamdata::Action* a : r.expansion.actions) {
      if (levels.empty() ||
          std::find(levels.begin(), levels.end(), primary_level(a->access)) != levels.end()) {
        r.shown.push_back(a);
      }
    }
    if (r.is_action && r.expansion.actions.empty()) r.suggestion = nearest_action(catalog, item.pattern);
    all_match = all_match && r.is_action && !r.expansion.actions.empty();
    results.push_back(std::move(r));
  }
  if (format == "json") {
    print_json(results, catalog);
  } else {
    print_text(results, levels);
  }
  return all_match ? kExitClean : kExitFindings;
}

}  // namespace iamsmith::cli
