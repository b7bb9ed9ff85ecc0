#include "iamsmith/lint_paths.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <cerrno>
#include <cstring>
#include <istream>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "iamsmith/expand.hpp"
#include "iamsmith/inputs.hpp"
#include "iamsmith/manifest.hpp"
#include "iamsmith/match.hpp"
#include "iamsmith/recognise.hpp"
#include "iamsmith/text.hpp"
#include "iamsmith/walk.hpp"

namespace iamsmith {
namespace fs = std::filesystem;

namespace {

// One document to lint, after directories are walked.
struct Item {
  const LintSource* source;  // the input it came from
  std::string path;          // the file, "-", or the in-memory text's label
  bool walked = false;       // found in a directory walk, not named
  std::shared_ptr<const WalkDirectory> directory;  // where a walk found it (null: named)
};

// The include and exclude globs, compiled once for the walk.
struct Globs {
  std::vector<PathGlob> include;
  std::vector<PathGlob> exclude;
  explicit Globs(const LintPathsOptions& options) {
    for (const std::string& g : options.include) include.emplace_back(g);
    for (const std::string& g : options.exclude) exclude.emplace_back(g);
  }
  [[nodiscard]] bool wanted(std::string_view relative) const {
    const std::size_t slash = relative.rfind('/');
    const std::string_view name = slash == std::string_view::npos ? relative : relative.substr(slash + 1);
    auto matches = [&](const PathGlob& glob) { return glob.matches(relative) || glob.matches(name); };
    // An exclude glob also matches a directory on the way: "node_modules" (or "vendor*")
    // excludes that directory anywhere, without "/**".
    auto excluded = [&](const PathGlob& glob) {
      if (matches(glob)) return true;
      for (std::size_t start = 0, end = relative.find('/'); end != std::string_view::npos;
           start = end + 1, end = relative.find('/', start)) {
        if (glob.matches(relative.substr(start, end - start))) return true;
      }
      return false;
    };
    return std::any_of(include.begin(), include.end(), matches) && std::none_of(exclude.begin(), exclude.end(), excluded);
  }
};

// A source that is one document: a file named explicitly (linted whatever its extension), "-",
// or an in-memory text; otherwise a directory to walk.
bool names_one_document(const LintSource& source) {
  std::error_code ec;
  return source.text || source.path == "-" || !fs::is_directory(source.path, ec);
}

// The sources named explicitly, in input order.
std::vector<Item> named_items(std::span<const LintSource> sources) {
  std::vector<Item> out;
  for (const LintSource& source : sources) {
    if (names_one_document(source)) out.push_back({&source, source.path, false, nullptr});
  }
  return out;
}

// The items of a run, one at a time, in input order: files named explicitly are linted whatever
// their extension; a directory contributes the files below it that the globs admit, in sorted
// order, walked as they are asked for (DirectoryWalk), so that no list of every file is held.
class ItemStream {
 public:
  ItemStream(std::span<const LintSource> sources, const LintPathsOptions& options)
      : sources_(sources), options_(options) {}

  std::optional<Item> next() {
    while (true) {
      if (walk_) {
        std::optional<std::string> file = walk_->next();
        for (std::string& message : walk_->take_unlisted())
          errors_.push_back({LintErrorKind::ListDirectory, walking_->path, std::move(message)});
        if (file) {
          ++found_;
          return Item{walking_, std::move(*file), true, walk_->directory()};
        }
        if (!walk_->error().empty()) {
          errors_.push_back({LintErrorKind::ListDirectory, walking_->path,
                             walking_->path + ": cannot list directory: " + walk_->error()});
        }
        if (found_ == 0) {
          errors_.push_back({LintErrorKind::EmptyDirectory, walking_->path,
                             walking_->path + ": no files to lint in this directory"});
        }
        walk_.reset();
      }
      if (index_ == sources_.size()) return std::nullopt;
      const LintSource& source = sources_[index_++];
      if (names_one_document(source)) return Item{&source, source.path, false, nullptr};
      if (!globs_) globs_.emplace(options_);  // compiled when the first directory is walked
      // Skips .git, node_modules, dot-directories and what .gitignore ignores (iamsmith/walk.hpp).
      WalkOptions walk_options;
      walk_options.use_ignores = options_.use_ignores;
      walking_ = &source;
      found_ = 0;
      walk_.emplace(source.path, walk_options, [this](const std::string& relative) { return globs_->wanted(relative); });
    }
  }

  // The directories' problems so far (a directory that cannot be listed, one with no file to lint).
  [[nodiscard]] std::vector<LintError> take_errors() { return std::exchange(errors_, {}); }

 private:
  std::span<const LintSource> sources_;
  const LintPathsOptions& options_;
  std::size_t index_ = 0;
  std::optional<Globs> globs_;
  std::optional<DirectoryWalk> walk_;
  const LintSource* walking_ = nullptr;
  std::size_t found_ = 0;
  std::vector<LintError> errors_;
};

// Reads and parses one item; an I/O problem becomes an error value.
std::optional<LoadedPolicy> load_item(const Item& item, const LintPathsOptions& options,
                                      std::optional<IoError>& error) {
  if (item.source->text) {
    return load_policy_text(*item.source->text, item.path, options.parse);
  }
  LoadFileResult result;
  if (item.path == "-") {
    if (options.standard_input == nullptr) {
      error = IoError{IoErrorKind::ReadFailed, options.standard_input_name + ": standard input is not available"};
      return std::nullopt;
    }
    result = load_policy_stream(*options.standard_input, options.standard_input_name, options.parse);
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
// says what each policy file is. The manifests named explicitly are read before any file is
// linted, so that files stream after; one a walk finds gives the files beside it their context
// (ManifestsBeside) and is passed over.
struct Manifests {
  std::set<const LintSource*> items;            // the named sources that are manifests
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
    out.items.insert(items[i].source);
    for (const ManifestEntry& e : *entries) {
      out.contexts[normal((fs::path(loaded->path).parent_path() / e.file).string())] =
          manifest_context(e, base);
    }
  }
  return out;
}

// The manifest.json beside a file, read once per directory: a file generate wrote gets its context
// whether or not the manifest is among the inputs (pre-commit passes only the staged files).
class ManifestsBeside {
 public:
  ManifestsBeside(const LintPathsOptions& options, const LintContext& base) : options_(options), base_(base) {}

  // Called from the linting threads: the cache is guarded (map nodes do not move, so the
  // returned context stays valid).
  const LintContext* find(const std::string& path) {
    if (path == "-") return nullptr;
    const std::lock_guard<std::mutex> lock(mutex_);
    const fs::path file = fs::path(path).lexically_normal();
    const std::string directory = file.parent_path().string();
    auto it = directories_.find(directory);
    if (it == directories_.end()) it = directories_.emplace(directory, read(file.parent_path())).first;
    const auto found = it->second.find(file.filename().string());
    return found != it->second.end() ? &found->second : nullptr;
  }

 private:
  std::map<std::string, LintContext> read(const fs::path& directory) const {
    std::map<std::string, LintContext> out;  // file name -> context
    const fs::path manifest = (directory.empty() ? fs::path(".") : directory) / "manifest.json";
    std::error_code ec;
    if (!fs::is_regular_file(manifest, ec)) return out;
    LoadFileResult result = load_policy_file(manifest, options_.parse);
    if (!result.loaded || !result.loaded->document.root) return out;
    const auto entries = parse_manifest(*result.loaded->document.root);
    if (!entries) return out;
    for (const ManifestEntry& e : *entries) {
      const fs::path entry = fs::path(e.file).lexically_normal();
      if (entry.has_parent_path()) continue;  // generate writes its files beside the manifest
      out[entry.string()] = manifest_context(e, base_);
    }
    return out;
  }

  const LintPathsOptions& options_;
  const LintContext& base_;
  std::mutex mutex_;
  std::map<std::string, std::map<std::string, LintContext>> directories_;
};

// Why a file is not linted as a policy, or empty when it is: iamsmith's own files always, other
// JSON that is no policy when a walk found it or the options say to skip it.
std::string skip_reason(const LoadedPolicy& loaded, bool walked, const LintPathsOptions& options) {
  const json::Node* root = loaded.document.root ? &*loaded.document.root : nullptr;
  const Recognised what = recognise_input(loaded.path, root);
  switch (what.kind) {
    case InputKind::IamsmithManifest:
    case InputKind::IamsmithSpec:
    case InputKind::IamsmithConfig:
      if (!walked && !options.skip_non_policies) return "";  // P030 says what it is
      return input_kind_description(what) + ", not a policy";
    case InputKind::NotAPolicy:
      if (!walked && !options.skip_non_policies) return "";  // P030
      return what.looks_like.empty() ? "not an IAM policy" : "not an IAM policy (looks like " + what.looks_like + ")";
    case InputKind::Policy:
    case InputKind::Definition:
    case InputKind::Template:
    case InputKind::TerraformPlan:
    case InputKind::TerraformConfiguration:
    case InputKind::CliResponse: return "";
  }
  return "";
}

// A finding on a wildcard Action or NotAction value ("s3:Put*", "*") gets a note saying what the
// pattern grants today. Linear: the wildcard values are indexed by pointer once, and each is
// expanded at most once.
void add_expansion_notes(std::vector<Diagnostic>& diagnostics, const LoadedPolicy& loaded,
                         const iamdata::Catalog& catalog) {
  if (!loaded.policy || diagnostics.empty()) return;
  struct Wildcard {
    const Scalar* value;
    std::optional<std::optional<std::string>> summary;  // computed on first use; inner empty: no action
  };
  std::unordered_map<std::string_view, Wildcard> wildcards;  // JSON pointer of a wildcard action
  for (const Statement& st : loaded.policy->statements()) {
    for (const ValueList* list : {st.action ? &*st.action : nullptr, st.not_action ? &*st.not_action : nullptr}) {
      if (list == nullptr) continue;
      for (const Scalar& value : *list) {
        if (value.type != json::Type::String || !has_wildcard(value.text)) continue;
        wildcards.try_emplace(value.span.pointer, Wildcard{&value, std::nullopt});
      }
    }
  }
  if (wildcards.empty()) return;
  for (Diagnostic& d : diagnostics) {
    const auto found = wildcards.find(d.span.pointer);
    if (found == wildcards.end()) continue;
    Wildcard& w = found->second;
    if (!w.summary) {
      const Expansion expansion = expand_actions(catalog, w.value->text);
      w.summary.emplace(expansion.actions.empty() ? std::nullopt
                                                  : std::optional<std::string>(expansion_summary(expansion)));
    }
    if (*w.summary) d.notes.push_back({**w.summary, std::nullopt});
  }
}

// Which of the configuration's ignores covered a linted file, and which hid a finding: an ignore
// that covered files but hid nothing is reported (K002). Written from the linting threads.
struct IgnoreUse {
  explicit IgnoreUse(std::size_t n) : covered(n), used(n) {}
  std::vector<std::atomic<bool>> covered;
  std::vector<std::atomic<bool>> used;
};

// One file's findings, from the tree `root` they point into: their flagged elements are noted for
// the fingerprint, and the configuration's path ignores drop theirs (`file`: config_relative_path).
// `container`: the tree of the template or plan an embedded document is in (null for a file of its own).
void settle(std::vector<Diagnostic>& ds, const json::Node* root, const Config& config, std::string_view file,
            IgnoreUse& use, const json::Node* container = nullptr) {
  note_flagged_elements(ds, root);
  if (config.ignores.empty()) return;
  ds.erase(std::remove_if(ds.begin(), ds.end(),
                          [&](const Diagnostic& d) {
                            const PathIgnore* ignore = matching_ignore(config, file, d, root, container ? container : root);
                            if (ignore == nullptr) return false;
                            use.used[static_cast<std::size_t>(ignore - config.ignores.data())] = true;
                            return true;
                          }),
           ds.end());
}

// Where a file's findings are filtered and fingerprinted.
struct FileKeys {
  std::string ignore_path;  // config_relative_path
  IgnoreUse& use;
};

// One document's checks, in the order every reader shares: the catalogue and the configuration's
// custom rules, what its reader knows of values resolved only at deployment (`embedded`: a
// document a template or plan holds), what each wildcard grants (--explain), then the ignores
// (`container`: the tree of the file that holds the document, for ignores naming its resources).
// Sorted by position.
LintResult check_document(const LoadedPolicy& document, const LintContext& context, const RuleSelection& selection,
                          const RuleSet& rules, const LintPathsOptions& options,
                          const inputs::EmbeddedDocument* embedded, FileKeys& keys,
                          const json::Node* container = nullptr) {
  LintResult result = lint_document(document, context, selection);
  std::vector<Diagnostic>& found = result.diagnostics;
  for (Diagnostic& d : run_custom_rules(rules, document, selection)) found.push_back(std::move(d));
  if (embedded != nullptr) inputs::apply_symbolic(*embedded, found);
  if (options.expansion_notes) add_expansion_notes(found, document, catalog_of(context));
  sort_diagnostics(found);
  settle(found, document.document.root ? &*document.document.root : nullptr, options.config, keys.ignore_path,
         keys.use, container);
  return result;
}

FileReport lint_one(const LoadedPolicy& loaded, const LintContext& context, const RuleSelection& selection,
                    const RuleSet& rules, const LintPathsOptions& options, FileKeys& keys) {
  LintResult result = check_document(loaded, context, selection, rules, options, nullptr, keys);
  FileReport report{loaded.path, &loaded.document.source, "", std::move(result.diagnostics)};
  if (result.is_definition) {
    report.kind = "state-machine";
  } else if (loaded.policy) {
    report.kind = kind_name(result.kind);
  }
  return report;
}

// A container (a CloudFormation template, ...; see iamsmith/inputs.hpp) is not a policy: each
// document it holds is linted with its kind and context, at the container's positions, and the
// findings are reported for the container's file. Null when the file is no container.
// A definition the container names in a file of its own (a SAM DefinitionUri): linted as that
// file, with the container's context for it, at the file's positions.
LintedFile lint_linked(inputs::Extraction::Linked& linked, const LintContext& context, const RuleSelection& selection,
                       const RuleSet& rules, const LintPathsOptions& options, IgnoreUse& use) {
  auto part = std::make_shared<LoadedPolicy>();
  part->path = linked.path;
  part->document = std::move(linked.document.document);
  FileKeys keys{config_relative_path(options.config, part->path), use};
  for (std::size_t k = 0; k < options.config.ignores.size(); ++k) {
    if (ignore_covers_path(options.config.ignores[k], keys.ignore_path)) use.covered[k] = true;
  }
  std::vector<Diagnostic> found = check_document(*part, inputs::merged_context(context, linked.document.context),
                                                 selection, rules, options, &linked.document, keys)
                                      .diagnostics;
  FileReport report{part->path, &part->document.source, "state-machine", std::move(found)};
  return LintedFile{std::move(report), std::move(part)};
}

std::optional<FileReport> lint_embedded(LoadedPolicy& loaded, const LintContext& context,
                                        const RuleSelection& selection, const RuleSet& rules,
                                        const LintPathsOptions& options, FileKeys& keys,
                                        std::vector<LintedFile>& linked) {
  if (!loaded.document.root) return std::nullopt;
  const inputs::Extractor* extractor = inputs::find_extractor(*loaded.document.root, loaded.path);
  if (extractor == nullptr) return std::nullopt;
  inputs::ExtractOptions extract_options{loaded.path, context, options.parse, false};
  extract_options.read_linked = loaded.path != "-" && loaded.path != options.standard_input_name;
  const inputs::Container container{loaded.document, inputs::syntax_of(loaded.path, loaded.document.source.text()),
                                    extract_options};
  inputs::Extraction extraction = extractor->extract(container);
  FileReport report{loaded.path, nullptr, extraction.kind, {}};
  auto& ds = report.diagnostics;
  // What the reader was lenient about is the container's (its duplicate keys, comments), and
  // what it names but does not hold (I001).
  for (const std::string_view id : {"P002", "P003", "I001"}) {
    const Rule& rule = catalogue_rule(id);
    if (!is_selected(selection, rule)) continue;
    for (Diagnostic& d : lint_with_rule(rule, loaded, context)) {
      d.severity = selected_severity(selection, rule, d.severity);
      ds.push_back(std::move(d));
    }
  }
  for (Diagnostic& d : extraction.findings) {
    const Rule* rule = find_rule(d.rule_id);
    if (rule != nullptr && !is_selected(selection, *rule)) continue;
    ds.push_back(std::move(d));
  }
  settle(ds, &*loaded.document.root, options.config, keys.ignore_path, keys.use);
  for (inputs::EmbeddedDocument& doc : extraction.documents) {
    // The document borrows the container's text, so that positions quote the right line.
    LoadedPolicy part;
    part.path = loaded.path;
    part.embedded = true;
    part.document = std::move(doc.document);
    part.document.source = std::move(loaded.document.source);
    if (doc.type == inputs::DocumentType::Policy && part.document.root)
      part.policy = build_policy(*part.document.root);
    std::vector<Diagnostic> found = check_document(part, inputs::merged_context(context, doc.context), selection,
                                                   rules, options, &doc, keys, &*loaded.document.root)
                                        .diagnostics;
    loaded.document.source = std::move(part.document.source);
    for (Diagnostic& d : found) ds.push_back(std::move(d));
  }
  sort_diagnostics(ds);
  // A document with a Fn::If is linted on both branches: a finding both readings share, once.
  ds.erase(std::unique(ds.begin(), ds.end(),
                       [](const Diagnostic& a, const Diagnostic& b) {
                         return a.rule_id == b.rule_id && a.span.offset == b.span.offset &&
                                a.span.pointer == b.span.pointer && a.message == b.message;
                       }),
           ds.end());
  for (inputs::Extraction::Linked& l : extraction.linked)
    linked.push_back(lint_linked(l, context, selection, rules, options, keys.use));
  return report;
}

// The definition files that SAM templates among the items name (DefinitionUri) are linted once,
// with their template's context, as part of the template's report, not also on their own. A
// DefinitionUri is only read below its template's directory (inputs::definition_uri_file), so the
// templates that can name a definition are the items in its own directory or above it: those
// named explicitly, and those the walk that found the definition admits in its directory and the
// ones above it (WalkDirectory). Only those are read, each once, and only when a definition is
// met: a run with no definition reads no file twice.
class TemplateLinks {
 public:
  explicit TemplateLinks(const std::vector<Item>& items, const LintPathsOptions& options) : options_(options) {
    for (const Item& item : items) {
      if (item.source->text || item.path == "-") continue;
      if (!inputs::is_yaml_name(item.path) && !ci_ends_with(item.path, ".json")) continue;
      const fs::path file = fs::path(item.path).lexically_normal();
      candidates_[file.parent_path().string()].push_back(file.filename().string());
    }
  }

  // Whether a template among the items names `path` by a DefinitionUri. Called from the linting
  // threads: the templates' answers are remembered under a lock.
  [[nodiscard]] bool linked(const std::string& path, const WalkDirectory* walked) {
    const fs::path file = fs::path(path).lexically_normal();
    const std::string wanted = file.string();
    for (const WalkDirectory* d = walked; d != nullptr; d = d->parent.get()) {
      for (const std::string& name : d->files) {
        if (!inputs::is_yaml_name(name) && !ci_ends_with(name, ".json")) continue;
        const std::string candidate = (fs::path(d->path) / name).string();
        if (candidate != wanted && names(candidate, wanted)) return true;
      }
    }
    if (candidates_.empty()) return false;
    for (fs::path directory = file.parent_path();; directory = directory.parent_path()) {
      if (const auto found = candidates_.find(directory.string()); found != candidates_.end()) {
        for (const std::string& name : found->second) {
          const std::string candidate = (directory / name).string();
          if (candidate != wanted && names(candidate, wanted)) return true;
        }
      }
      if (directory.empty() || directory == directory.parent_path()) return false;
    }
  }

 private:
  // At most this many templates' answers are remembered (then all are forgotten and read again
  // when asked), so that memory does not grow with the number of files in a tree of definitions.
  static constexpr std::size_t kRemembered = 4096;

  // Whether the file at `path` is a template that names the definition `wanted` (normalised).
  bool names(const std::string& path, const std::string& wanted) {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      if (const auto found = named_.find(path); found != named_.end()) return found->second.count(wanted) != 0U;
    }
    std::set<std::string> names = named_by(path);
    const bool answer = names.count(wanted) != 0U;
    const std::lock_guard<std::mutex> lock(mutex_);
    if (named_.size() >= kRemembered) named_.clear();
    named_.emplace(path, std::move(names));
    return answer;
  }

  // The normalised definition files the template at `path` names; empty when it is no template.
  [[nodiscard]] std::set<std::string> named_by(const std::string& path) const {
    std::set<std::string> names;
    FileRead read = read_file(path, options_.parse.max_bytes);
    if (read.bytes && read.bytes->find("DefinitionUri") != std::string::npos) {
      const LoadedPolicy loaded = load_policy_text(std::move(*read.bytes), path, options_.parse);
      if (loaded.document.root && inputs::is_cloudformation(*loaded.document.root, path)) {
        for (const std::string& f : inputs::linked_definition_files(*loaded.document.root, path))
          names.insert(normal(f));
      }
    }
    return names;
  }

  const LintPathsOptions& options_;
  std::map<std::string, std::vector<std::string>> candidates_;  // directory -> named JSON and YAML files
  std::mutex mutex_;
  std::map<std::string, std::set<std::string>> named_;  // template path -> the definitions it names
};

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

// What linting one item gives: a finished file, a read error, or an exception to rethrow on the
// visiting thread.
struct Outcome {
  std::optional<LintedFile> file;
  std::vector<LintedFile> linked;  // definitions in files of their own the file names, after it
  std::optional<LintError> error;
  std::optional<LintSkip> skipped;
  std::exception_ptr failure;
  std::size_t worker = 0;  // the thread of run_parallel that made it (0: the calling thread)
};

// Lints the items `produce` gives (called under a lock, in order, until it gives none) on `jobs`
// threads, this one included, and consumes the outcomes on this thread, in order. At most
// `window` items are in flight (claimed, done or being done, not yet consumed), so memory stays
// bounded by 16 files per thread whatever the number of files.
//
// This thread is one of the workers: it consumes whatever is ready in order and, when the next
// outcome is not ready, lints an item itself instead of waiting. A worker wakes it only when it
// stores the very outcome this thread waits for, so there is not a thread switch per file (a
// dedicated consumer thread beside `jobs` workers was woken for every file and competed with
// them for the cores). An outcome a worker made is also destroyed by that worker once consumed:
// freeing a document on another thread than the one that allocated it costs glibc's allocator
// a lock per chunk and moves every cache line of the tree between cores.
template <class Produce, class Process, class Consume>
void run_parallel(std::size_t jobs, const Produce& produce, const Process& process, const Consume& consume) {
  // 16 per thread: while this thread lints a large file, the others go on with the small ones
  // after it instead of waiting for it to be consumed (with 4 per thread, -j 2 on 10 copies of
  // the managed policies was 1.5x faster than -j 1; with 16, 1.85x, for 1 MB more at the peak).
  const std::size_t window = 16 * jobs;
  std::vector<std::optional<Outcome>> slots(window);
  std::mutex mutex;
  std::condition_variable ready;  // the outcome this thread waits for was stored, or the items ran out
  std::condition_variable space;  // an outcome was consumed, or the run stops
  std::size_t next = 0;           // the position the next item claimed gets
  std::size_t consumed = 0;       // positions before this one are consumed
  bool stop = false;
  bool exhausted = false;         // `produce` gave no item, or threw
  std::vector<std::vector<Outcome>> trash(jobs);  // consumed outcomes, by the worker to destroy them
  // Under the lock: the next item and its position, or none when the items ran out (a throw from
  // `produce` becomes the outcome at its position).
  const auto claim = [&]() -> std::optional<std::pair<std::size_t, Item>> {
    std::optional<Item> item;
    try {
      item = produce();
    } catch (...) {
      Outcome failed;
      failed.failure = std::current_exception();
      slots[next++ % window] = std::move(failed);
      exhausted = true;
      return std::nullopt;
    }
    if (!item) {
      exhausted = true;
      return std::nullopt;
    }
    const std::size_t position = next++;
    return std::pair<std::size_t, Item>{position, std::move(*item)};
  };
  const auto work = [&](std::size_t worker) {
    std::vector<Outcome> garbage;
    while (true) {
      garbage.clear();
      std::optional<std::pair<std::size_t, Item>> claimed;
      {
        std::unique_lock lock(mutex);
        space.wait(lock, [&] { return stop || exhausted || next < consumed + window; });
        garbage.swap(trash[worker]);
        if (stop || exhausted) return;
        claimed = claim();
        if (!claimed) {
          lock.unlock();
          ready.notify_all();
          space.notify_all();
          return;
        }
      }
      Outcome outcome = process(std::move(claimed->second));
      outcome.worker = worker;
      bool awaited = false;
      {
        const std::lock_guard lock(mutex);
        awaited = claimed->first == consumed;
        slots[claimed->first % window] = std::move(outcome);
      }
      if (awaited) ready.notify_one();
    }
  };
  std::vector<std::thread> threads;
  const auto finish = [&] {
    {
      const std::lock_guard lock(mutex);
      stop = true;
    }
    space.notify_all();
    for (std::thread& t : threads) t.join();
    threads.clear();
  };
  try {
    threads.reserve(jobs - 1);
    for (std::size_t t = 1; t < jobs; ++t) threads.emplace_back(work, t);
    while (true) {
      std::optional<Outcome> outcome;
      std::optional<std::pair<std::size_t, Item>> claimed;
      {
        std::unique_lock lock(mutex);
        while (true) {
          std::optional<Outcome>& slot = slots[consumed % window];
          if (slot.has_value()) {
            outcome = std::move(slot);
            slot.reset();
            ++consumed;
            break;
          }
          if (!exhausted && next < consumed + window) {
            claimed = claim();
            if (claimed) break;
            lock.unlock();
            space.notify_all();  // the workers waiting for room learn that the items ran out
            lock.lock();
            continue;
          }
          if (exhausted && consumed >= next) break;
          ready.wait(lock);
        }
      }
      if (outcome) {
        space.notify_one();
        consume(*outcome);
        if (outcome->worker != 0) {
          const std::lock_guard lock(mutex);
          trash[outcome->worker].push_back(std::move(*outcome));
        }
      } else if (claimed) {
        Outcome mine = process(std::move(claimed->second));
        const std::lock_guard lock(mutex);
        slots[claimed->first % window] = std::move(mine);
      } else {
        break;
      }
    }
  } catch (...) {
    finish();
    throw;
  }
  finish();
}

// The directory fingerprints fall back on outside a git repository: the configuration's, else
// the working directory.
fs::path fingerprint_fallback(const Config& config) {
  std::error_code ec;
  if (!config.path.empty()) {
    const fs::path absolute = fs::absolute(config.path, ec);
    if (!ec) return absolute.parent_path();
  }
  fs::path cwd = fs::current_path(ec);
  return ec ? fs::path(".") : cwd;
}

// "rules W003, U0" or "every rule", for K002's message.
std::string ignore_description(const PathIgnore& ignore) {
  std::string out = "path \"" + ignore.path_glob + "\"";
  if (!ignore.rules.empty()) {
    out += ", rules";
    for (std::size_t i = 0; i < ignore.rules.size(); ++i) out += (i == 0 ? " " : ", ") + ignore.rules[i];
  }
  if (!ignore.pointer_prefix.empty()) out += ", pointer " + ignore.pointer_prefix;
  if (!ignore.sid.empty()) out += ", sid " + ignore.sid;
  if (!ignore.resource.empty()) out += ", resource " + ignore.resource;
  return out;
}

// K002: the ignores that covered linted files but hid no finding there. An ignore whose path no
// linted file matched says nothing (a hook passes only the staged files), nor does one whose
// rules this run does not select.
std::optional<LintedFile> unused_ignores(const Config& config, const RuleSelection& selection, const RuleSet& rules,
                                         const IgnoreUse& use, const LintPathsOptions& options) {
  const Rule& k002 = catalogue_rule("K002");
  if (config.ignores.empty() || !is_selected(selection, k002)) return std::nullopt;
  std::vector<Diagnostic> found;
  for (std::size_t i = 0; i < config.ignores.size(); ++i) {
    if (!use.covered[i] || use.used[i]) continue;
    const PathIgnore& ignore = config.ignores[i];
    const bool selected =
        ignore.rules.empty() || std::any_of(rules.rules().begin(), rules.rules().end(), [&](const Rule* rule) {
          return is_selected(selection, *rule) &&
                 std::any_of(ignore.rules.begin(), ignore.rules.end(),
                             [&](const std::string& s) { return rule_matches_selector(*rule, s); });
        });
    if (!selected) continue;
    found.push_back(make_finding(k002, ignore.span,
                                 "this ignore (" + ignore_description(ignore) + ") hid no finding in the files it covers",
                                 {{"reason given: " + ignore.reason, std::nullopt}}));
  }
  if (found.empty()) return std::nullopt;
  auto document = std::make_shared<LoadedPolicy>();
  if (!config.path.empty()) {
    LoadFileResult read = load_policy_file(config.path, options.parse);
    if (read.loaded) *document = std::move(*read.loaded);
  }
  note_flagged_elements(found, document->document.root ? &*document->document.root : nullptr);
  LintedFile file{FileReport{config.path, document->document.root ? &document->document.source : nullptr, "",
                             std::move(found)},
                  document};
  return file;
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
  IgnoreUse ignore_use(options.config.ignores.size());
  RepositoryPaths repository(fingerprint_fallback(options.config));

  const std::vector<Item> named = named_items(sources);
  const Manifests manifests = read_manifests(named, options, base);
  ManifestsBeside beside(options, base);
  TemplateLinks links(named, options);
  ItemStream stream(sources, options);
  std::vector<LintError> file_errors;  // after the directories' problems, in file order
  // The next item to lint: the named manifests are not linted.
  const auto next_item = [&]() -> std::optional<Item> {
    while (std::optional<Item> item = stream.next()) {
      if (item->walked || manifests.items.count(item->source) == 0U) return item;
    }
    return std::nullopt;
  };

  // Reads, parses and lints one item: everything but the baseline, which the visiting thread
  // applies, in order.
  const auto process = [&](Item item) -> Outcome {
    Outcome outcome;
    try {
      // YAML a walk finds is a template or nothing of iamsmith's (a compose file, a workflow).
      if (item.walked && !item.source->text && inputs::is_yaml_name(item.path)) {
        const FileRead peek = read_file(item.path, options.parse.max_bytes);
        if (peek.bytes && !inputs::looks_like_template(*peek.bytes)) return outcome;
      }
      std::optional<IoError> error;
      std::optional<LoadedPolicy> loaded = load_item(item, options, error);
      if (!loaded) {
        outcome.error = LintError{LintErrorKind::Read, item.path, error ? error->message : item.path};
        return outcome;
      }
      // A definition (or a file that does not parse) that a template among the items names is
      // linted as part of the template.
      const json::Node* root = loaded->document.root ? &*loaded->document.root : nullptr;
      if (!item.source->text && item.path != "-" && (root == nullptr || is_state_machine_definition(*root)) &&
          links.linked(loaded->path, item.directory.get()))
        return outcome;
      // A manifest a walk finds gives the files beside it their context: not linted.
      if (item.walked && root != nullptr && fs::path(item.path).filename() == "manifest.json" &&
          parse_manifest(*root))
        return outcome;
      if (std::string reason = skip_reason(*loaded, item.walked, options); !reason.empty()) {
        outcome.skipped = LintSkip{item.path, item.path + ": skipped: " + reason};
        return outcome;
      }
      const auto found = manifests.contexts.find(normal(loaded->path));
      const LintContext* near = found == manifests.contexts.end() && !item.source->text
                                    ? beside.find(item.path)
                                    : nullptr;
      const LintContext& context =
          found != manifests.contexts.end() ? found->second : near != nullptr ? *near : base;
      FileKeys keys{config_relative_path(options.config, loaded->path), ignore_use};
      for (std::size_t k = 0; k < options.config.ignores.size(); ++k) {
        if (ignore_covers_path(options.config.ignores[k], keys.ignore_path)) ignore_use.covered[k] = true;
      }
      // A template or other container is linted document by document (it lends them its text).
      std::optional<FileReport> embedded =
          lint_embedded(*loaded, context, selection, rules, options, keys, outcome.linked);
      auto document = std::make_shared<const LoadedPolicy>(std::move(*loaded));
      outcome.file = LintedFile{
          embedded ? std::move(*embedded) : lint_one(*document, context, selection, rules, options, keys), document};
      outcome.file->report.source = &document->document.source;
      set_fingerprints(outcome.file->report.diagnostics, repository.relative(document->path));
      for (LintedFile& l : outcome.linked) set_fingerprints(l.report.diagnostics, repository.relative(l.report.path));
    } catch (...) {
      outcome.failure = std::current_exception();
    }
    return outcome;
  };
  const auto consume = [&](Outcome& outcome) {
    if (outcome.failure) std::rethrow_exception(outcome.failure);
    if (outcome.error) {
      file_errors.push_back(std::move(*outcome.error));
      return;
    }
    if (outcome.skipped) {
      summary.skipped.push_back(std::move(*outcome.skipped));
      return;
    }
    if (!outcome.file) return;  // passed over silently
    const auto one = [&](LintedFile& file) {
      if (options.baseline != nullptr) summary.baselined += apply_baseline(*options.baseline, file.report);
      ++summary.files;
      summary.findings += file.report.diagnostics.size();
      visit(std::move(file));
    };
    one(*outcome.file);
    for (LintedFile& l : outcome.linked) one(l);
  };

  std::size_t jobs = options.jobs;
  if (jobs == 0) jobs = std::max(1U, std::thread::hardware_concurrency());
  // Threads only for two items or more: the first two are taken ahead to know.
  std::optional<Item> first = next_item();
  std::optional<Item> second = first && jobs > 1 ? next_item() : std::nullopt;
  if (!second) {
    const auto lint_and_consume = [&](Item&& item) {
      Outcome outcome = process(std::move(item));
      consume(outcome);
    };
    if (first) lint_and_consume(std::move(*first));
    while (std::optional<Item> item = next_item()) lint_and_consume(std::move(*item));
  } else {
    const auto produce = [&]() -> std::optional<Item> {
      if (first) return std::exchange(first, std::nullopt);
      if (second) return std::exchange(second, std::nullopt);
      return next_item();
    };
    run_parallel(jobs, produce, process, consume);
  }
  summary.errors = stream.take_errors();
  summary.errors.insert(summary.errors.end(), std::make_move_iterator(file_errors.begin()),
                        std::make_move_iterator(file_errors.end()));
  if (std::optional<LintedFile> file = unused_ignores(options.config, selection, rules, ignore_use, options)) {
    // Reported for the configuration file, which is not one of the files checked.
    set_fingerprints(file->report.diagnostics, repository.relative(file->report.path));
    if (options.baseline != nullptr) summary.baselined += apply_baseline(*options.baseline, file->report);
    summary.findings += file->report.diagnostics.size();
    if (!file->report.diagnostics.empty()) visit(std::move(*file));
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
