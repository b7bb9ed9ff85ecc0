#include "iamsmith/lint_paths.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <istream>
#include <map>
#include <set>
#include <utility>

#include "iamsmith/expand.hpp"
#include "iamsmith/manifest.hpp"
#include "iamsmith/match.hpp"

namespace iamsmith {
namespace fs = std::filesystem;

namespace {

// One document to lint, after directories are walked.
struct Item {
  const LintSource* source;  // the input it came from
  std::string path;          // the file, "-", or the in-memory text's label
};

bool wanted(const std::string& relative, const LintPathsOptions& options) {
  const std::string name = fs::path(relative).filename().string();
  auto matches = [&](const std::string& glob) {
    return path_glob_match(glob, relative) || path_glob_match(glob, name);
  };
  return std::any_of(options.include.begin(), options.include.end(), matches) &&
         std::none_of(options.exclude.begin(), options.exclude.end(), matches);
}

// Files named explicitly are linted whatever their extension; a directory contributes the files
// below it that the globs admit, in sorted order.
std::vector<Item> expand_sources(std::span<const LintSource> sources, const LintPathsOptions& options,
                                 std::vector<LintError>& errors) {
  std::vector<Item> out;
  for (const LintSource& source : sources) {
    std::error_code ec;
    if (source.text || source.path == "-" || !fs::is_directory(source.path, ec)) {
      out.push_back({&source, source.path});
      continue;
    }
    std::vector<std::string> found;
    for (auto it =
             fs::recursive_directory_iterator(source.path, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      // An entry whose status cannot be read (a dangling symbolic link, a link loop, a file gone
      // since the directory was read) stays in the list: reading it reports what is wrong.
      std::error_code entry_ec;
      const bool regular = it->is_regular_file(entry_ec);
      if (!regular && !entry_ec) {
        // The walk would skip a directory it may not list without a word (and stop at other
        // errors): say so and go on with the rest.
        if (it->is_directory(entry_ec) && !it->is_symlink(entry_ec) &&
            ::access(it->path().c_str(), R_OK | X_OK) != 0) {
          const int err = errno;
          errors.push_back({LintErrorKind::ListDirectory, it->path().string(),
                            it->path().string() + ": cannot list directory: " + std::strerror(err) +
                                "; the files below it were not linted"});
          it.disable_recursion_pending();
        }
        continue;
      }
      // Lexically: fs::relative resolves symbolic links, and fails (ending the walk) on a loop.
      const std::string relative = it->path().lexically_relative(source.path).generic_string();
      if (wanted(relative, options)) found.push_back(it->path().string());
    }
    if (ec) {
      errors.push_back({LintErrorKind::ListDirectory, source.path,
                        source.path + ": cannot list directory: " + ec.message()});
    }
    std::sort(found.begin(), found.end());
    if (found.empty()) {
      errors.push_back(
          {LintErrorKind::EmptyDirectory, source.path, source.path + ": no files to lint in this directory"});
    }
    for (std::string& file : found) out.push_back({&source, std::move(file)});
  }
  return out;
}

// Reads and parses one item; an I/O problem becomes an error value.
std::optional<LoadedPolicy> load_item(const Item& item, const LintPathsOptions& options,
                                      std::optional<IoError>& error) {
  if (item.source->text) {
    return load_policy_text(*item.source->text, item.path, options.parse);
  }
  LoadFileResult result;
  if (item.path == "-") {
    if (options.standard_input == nullptr) {
      error = IoError{IoErrorKind::ReadFailed, "<stdin>: standard input is not available"};
      return std::nullopt;
    }
    result = load_policy_stream(*options.standard_input, "<stdin>", options.parse);
  } else {
    result = load_policy_file(item.path, options.parse);
  }
  if (result.error) {
    error = std::move(result.error);
    return std::nullopt;
  }
  return std::move(result.loaded);
}

std::string normal(const std::string& path) {
  return fs::path(path).lexically_normal().string();
}

// A directory written by `iamsmith generate` carries a manifest.json: it is not a policy, and it
// says what each policy file is. Read before any file is linted, so that files stream after.
struct Manifests {
  std::set<std::size_t> items;                  // indexes of the items that are manifests
  std::map<std::string, LintContext> contexts;  // normalised file path -> its context
};

Manifests read_manifests(const std::vector<Item>& items, const LintPathsOptions& options,
                         const LintContext& base) {
  Manifests out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].path == "-" || fs::path(items[i].path).filename() != "manifest.json") continue;
    std::optional<IoError> error;  // reported when the file is linted as a policy
    const std::optional<LoadedPolicy> loaded = load_item(items[i], options, error);
    if (!loaded || !loaded->document.root) continue;
    const auto entries = parse_manifest(*loaded->document.root);
    if (!entries) continue;
    out.items.insert(i);
    for (const ManifestEntry& e : *entries) {
      out.contexts[normal((fs::path(loaded->path).parent_path() / e.file).string())] =
          manifest_context(e, base);
    }
  }
  return out;
}

// A finding on a wildcard Action or NotAction value ("s3:Put*", "*") gets a note saying what the
// pattern grants today.
void add_expansion_notes(std::vector<Diagnostic>& diagnostics, const LoadedPolicy& loaded,
                         const iamdata::Catalog& catalog) {
  if (!loaded.policy) return;
  std::map<std::string, std::string> summaries;  // JSON pointer of a wildcard action -> summary
  for (const Diagnostic& d : diagnostics) {
    for (const Statement& st : loaded.policy->statements()) {
      for (const ValueList* list :
           {st.action ? &*st.action : nullptr, st.not_action ? &*st.not_action : nullptr}) {
        if (list == nullptr) continue;
        for (const Scalar& value : *list) {
          if (value.span.pointer != d.span.pointer || value.type != json::Type::String) continue;
          if (!has_wildcard(value.text) || summaries.count(value.span.pointer) != 0U) continue;
          const Expansion expansion = expand_actions(catalog, value.text);
          if (!expansion.actions.empty()) summaries[value.span.pointer] = expansion_summary(expansion);
        }
      }
    }
  }
  for (Diagnostic& d : diagnostics) {
    const auto found = summaries.find(d.span.pointer);
    if (found != summaries.end()) d.notes.push_back({found->second, std::nullopt});
  }
}

FileReport lint_one(const LoadedPolicy& loaded, const LintContext& context, const RuleSelection& selection,
                    const RuleSet& rules, const LintPathsOptions& options) {
  LintResult result = lint_document(loaded, context, selection);
  FileReport report{loaded.path, &loaded.document.source, "", std::move(result.diagnostics)};
  for (Diagnostic& d : run_custom_rules(rules, loaded, selection))
    report.diagnostics.push_back(std::move(d));
  if (options.expansion_notes) add_expansion_notes(report.diagnostics, loaded, catalog_of(context));
  sort_diagnostics(report.diagnostics);
  auto& ds = report.diagnostics;
  ds.erase(std::remove_if(ds.begin(), ds.end(),
                          [&](const Diagnostic& d) { return is_ignored(options.config, loaded.path, d); }),
           ds.end());
  if (result.is_definition) {
    report.kind = "state-machine";
  } else if (loaded.policy) {
    report.kind = kind_name(result.kind);
  }
  return report;
}

// The file is `what`, too large to read: say so with its size when known.
std::string too_large_message(const std::string& path, std::string_view what, const FileRead& read,
                              std::size_t max_bytes) {
  std::string message = path + ": " + std::string(what) + " is ";
  if (read.size) message += std::to_string(*read.size) + " bytes, ";
  return message + "over the limit of " + std::to_string(max_bytes) + " bytes";
}

// A small file's text, or a message naming it.
std::optional<std::string> read_small_file(const fs::path& path, std::size_t max_bytes, std::string_view what,
                                           std::optional<std::string>& error) {
  FileRead read = read_file(path, max_bytes);
  if (read.error) {
    error = read.error->message;
    return std::nullopt;
  }
  if (read.too_large || !read.bytes) {
    error = too_large_message(path.string(), what, read, max_bytes);
    return std::nullopt;
  }
  return std::move(read.bytes);
}

}  // namespace

LintSummary lint_paths(std::span<const LintSource> sources, const LintPathsOptions& options,
                       const std::function<void(LintedFile&&)>& visit) {
  LintSummary summary;
  LintContext base = options.context;
  if (!base.partition) base.partition = options.config.partition;
  if (!base.account) base.account = options.config.account;
  const RuleSelection& selection = options.selection ? *options.selection : options.config.selection;
  const RuleSet rules = rule_set(options.config);  // the catalogue and the configuration's custom rules

  const std::vector<Item> items = expand_sources(sources, options, summary.errors);
  const Manifests manifests = read_manifests(items, options, base);
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (manifests.items.count(i) != 0U) continue;
    std::optional<IoError> error;
    std::optional<LoadedPolicy> loaded = load_item(items[i], options, error);
    if (!loaded) {
      summary.errors.push_back({LintErrorKind::Read, items[i].path, error ? error->message : items[i].path});
      continue;
    }
    auto document = std::make_shared<const LoadedPolicy>(std::move(*loaded));
    const auto found = manifests.contexts.find(normal(document->path));
    const LintContext& context = found != manifests.contexts.end() ? found->second : base;
    LintedFile file{lint_one(*document, context, selection, rules, options), document};
    if (options.baseline != nullptr) summary.baselined += apply_baseline(*options.baseline, file.report);
    ++summary.files;
    summary.findings += file.report.diagnostics.size();
    visit(std::move(file));
  }
  return summary;
}

LintRun lint_paths(std::span<const LintSource> sources, const LintPathsOptions& options) {
  LintRun run;
  run.summary = lint_paths(sources, options, [&run](LintedFile&& file) {
    run.reports.push_back(std::move(file.report));
    run.documents.push_back(std::move(file.document));
  });
  return run;
}

ConfigFile read_config_file(const fs::path& path, std::size_t max_bytes) {
  ConfigFile out;
  std::optional<std::string> text = read_small_file(path, max_bytes, "the configuration", out.error);
  if (text) out.result = parse_config(std::move(*text), path.string());
  return out;
}

BaselineFile read_baseline_file(const fs::path& path, std::size_t max_bytes) {
  BaselineFile out;
  const std::optional<std::string> text = read_small_file(path, max_bytes, "the baseline", out.error);
  if (!text) return out;
  std::vector<std::string> problems;
  Baseline baseline = parse_baseline(*text, problems);
  if (!problems.empty()) {
    out.error = "baseline " + path.string() + ": " + problems.front();
  } else {
    out.baseline = std::move(baseline);
  }
  return out;
}

}  // namespace iamsmith
