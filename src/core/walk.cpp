// Directory walks and .gitignore patterns (see iamsmith/walk.hpp).
//
// The pattern rules are git's, from https://git-scm.com/docs/gitignore ("PATTERN FORMAT"):
// blank lines and '#' lines are skipped; trailing spaces are dropped unless escaped; '!' negates;
// a trailing '/' matches directories only; a '/' at the start or in the middle anchors the
// pattern to the .gitignore's directory, otherwise it matches at any depth; '*' and '?' never
// match '/'; a leading "**/" matches in every directory, a trailing "/**" everything inside,
// "/**/" zero or more directories; the last matching pattern decides, a deeper .gitignore
// overrides a higher one, and nothing below an ignored directory can be re-included (the walk
// never enters it). Matching is byte-wise and case-sensitive, as git's wildmatch on Linux.

#include "iamsmith/walk.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <utility>

namespace iamsmith {
namespace fs = std::filesystem;

struct GitignoreFile::Pattern {
  std::unique_ptr<RE2> regex;
  bool negated = false;
  bool directory_only = false;
};

namespace {

// A bracket expression starting at glob[i] == '[' as an re2 class that never matches '/', with
// `i` moved past its ']'; nullopt when it is not terminated (then '[' is literal).
std::optional<std::string> bracket(std::string_view glob, std::size_t& i) {
  std::size_t j = i + 1;
  bool negated = false;
  if (j < glob.size() && (glob[j] == '!' || glob[j] == '^')) {
    negated = true;
    ++j;
  }
  std::string body;
  bool first = true;
  for (; j < glob.size(); ++j) {
    char c = glob[j];
    if (c == ']' && !first) break;
    first = false;
    if (c == '\\' && j + 1 < glob.size()) c = glob[++j];
    if (c == '-' && !body.empty() && j + 1 < glob.size() && glob[j + 1] != ']') {
      body += '-';
      continue;
    }
    if (c == '\\' || c == ']' || c == '[' || c == '^' || c == '-') body += '\\';
    body += c;
  }
  if (j >= glob.size()) return std::nullopt;
  i = j + 1;
  return std::string(negated ? "[^/" : "[") + body + "]";
}

// The glob as an re2 expression over the whole relative path.
std::string glob_to_regex(std::string_view glob) {
  std::string out;
  std::size_t i = 0;
  if (glob.substr(0, 3) == "**/") {
    out += "(?:.*/)?";
    i = 3;
  }
  while (i < glob.size()) {
    const std::string_view rest = glob.substr(i);
    if (rest == "/**") {
      out += "/.*";
      break;
    }
    if (rest.substr(0, 4) == "/**/") {
      out += "/(?:.*/)?";
      i += 4;
      continue;
    }
    const char c = glob[i];
    if (c == '*') {
      out += "[^/]*";
      ++i;
    } else if (c == '?') {
      out += "[^/]";
      ++i;
    } else if (c == '[') {
      if (auto cls = bracket(glob, i)) {
        out += *cls;
      } else {
        out += "\\[";
        ++i;
      }
    } else {
      char literal = c;
      if (c == '\\' && i + 1 < glob.size()) literal = glob[++i];
      out += RE2::QuoteMeta(std::string_view(&literal, 1));
      ++i;
    }
  }
  return out;
}

std::optional<std::string> read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::shared_ptr<const GitignoreFile> load_gitignore(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return nullptr;
  std::optional<std::string> text = read_text(path);
  if (!text) return nullptr;
  return std::make_shared<const GitignoreFile>(*text);
}

}  // namespace

GitignoreFile::GitignoreFile(std::string_view text) {
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingLatin1);  // byte-wise, like git
  options.set_log_errors(false);
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    while (!line.empty() && line.back() == ' ' && !(line.size() >= 2 && line[line.size() - 2] == '\\'))
      line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    auto pattern = std::make_unique<Pattern>();
    if (line.front() == '!') {
      pattern->negated = true;
      line.remove_prefix(1);
    }
    if (!line.empty() && line.back() == '/') {
      pattern->directory_only = true;
      line.remove_suffix(1);
    }
    if (line.empty()) continue;
    const bool anchored = line.find('/') != std::string_view::npos;
    if (line.front() == '/') line.remove_prefix(1);
    const std::string regex = (anchored ? "" : "(?:.*/)?") + glob_to_regex(line);
    pattern->regex = std::make_unique<RE2>(regex, options);
    if (!pattern->regex->ok()) continue;
    patterns_.push_back(std::move(pattern));
  }
}

GitignoreFile::~GitignoreFile() = default;
GitignoreFile::GitignoreFile(GitignoreFile&&) noexcept = default;
GitignoreFile& GitignoreFile::operator=(GitignoreFile&&) noexcept = default;

GitignoreFile::Verdict GitignoreFile::match(std::string_view relative, bool is_directory) const {
  for (auto it = patterns_.rbegin(); it != patterns_.rend(); ++it) {
    const Pattern& p = **it;
    if (p.directory_only && !is_directory) continue;
    if (RE2::FullMatch(relative, *p.regex)) return p.negated ? Verdict::Included : Verdict::Ignored;
  }
  return Verdict::None;
}

void IgnoreStack::push_directory(const fs::path& directory) {
  levels_.push_back({directory, load_gitignore(directory / ".gitignore")});
}

void IgnoreStack::pop() {
  if (!levels_.empty()) levels_.pop_back();
}

bool IgnoreStack::ignored(const fs::path& path, bool is_directory) const {
  const std::string full = path.generic_string();
  for (auto it = levels_.rbegin(); it != levels_.rend(); ++it) {
    if (!it->file) continue;
    const std::string base = it->directory.generic_string();
    if (full.size() <= base.size() + 1 || full.compare(0, base.size(), base) != 0 || full[base.size()] != '/')
      continue;
    const std::string_view relative = std::string_view(full).substr(base.size() + 1);
    switch (it->file->match(relative, is_directory)) {
      case GitignoreFile::Verdict::Ignored: return true;
      case GitignoreFile::Verdict::Included: return false;
      case GitignoreFile::Verdict::None: break;
    }
  }
  return false;
}

namespace {

// The first line of a small file, without its line terminator; empty when unreadable.
std::string first_line(const fs::path& path) {
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line)) return {};
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// The git directories of the repository at `root` (https://git-scm.com/docs/gitrepository-layout):
// `git_dir` is .git, or for a linked worktree (whose .git is a file "gitdir: PATH") the one it
// names; `common_dir` holds info/exclude and config: git_dir, or the main repository's, which a
// worktree's git directory names in its "commondir" file.
struct GitDirs {
  fs::path git_dir;
  fs::path common_dir;
};

GitDirs git_dirs(const fs::path& root) {
  const fs::path dot_git = root / ".git";
  std::error_code ec;
  if (!fs::is_regular_file(dot_git, ec)) return {dot_git, dot_git};
  const std::string line = first_line(dot_git);
  const std::string_view prefix = "gitdir: ";
  if (line.rfind(prefix, 0) != 0) return {dot_git, dot_git};
  fs::path git_dir(line.substr(prefix.size()));
  if (git_dir.is_relative()) git_dir = root / git_dir;
  const std::string common = first_line(git_dir / "commondir");
  if (common.empty()) return {git_dir, git_dir};
  fs::path common_dir(common);
  return {git_dir, common_dir.is_relative() ? (git_dir / common_dir).lexically_normal() : common_dir};
}

fs::path environment_path(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? fs::path(value) : fs::path();
}

bool ascii_iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// Booleans as git reads them (git-config "Values": true, yes, on, 1, or a key without a value).
bool git_true(const std::optional<std::string>& value) {
  if (!value) return false;
  for (std::string_view t : {"true", "yes", "on", "1"}) {
    if (ascii_iequals(*value, t)) return true;
  }
  return false;
}

}  // namespace

GitEnvironment GitEnvironment::from_process() {
  GitEnvironment env;
  env.home = environment_path("HOME");
  env.xdg_config_home = environment_path("XDG_CONFIG_HOME");
  env.global_config = environment_path("GIT_CONFIG_GLOBAL");
  const char* no_system = std::getenv("GIT_CONFIG_NOSYSTEM");
  if (no_system == nullptr || !git_true(std::string(no_system))) {
    env.system_config = environment_path("GIT_CONFIG_SYSTEM");
    if (env.system_config.empty()) env.system_config = "/etc/gitconfig";
  }
  return env;
}

// The syntax is git-config's "CONFIGURATION FILE" section (https://git-scm.com/docs/git-config):
// "[section]" or "[section \"subsection\"]" headers, "name = value" lines, '#' and ';' comments,
// double quotes, the escapes \n \t \b \\ \" and a backslash ending a line to continue it.
std::optional<std::string> git_config_value(std::string_view text, std::string_view section, std::string_view key) {
  std::optional<std::string> found;
  bool in_section = false;
  std::size_t i = 0;
  const std::size_t n = text.size();
  auto skip_blanks = [&] {
    while (i < n && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r')) ++i;
  };
  auto skip_line = [&] {
    while (i < n && text[i] != '\n') ++i;
    if (i < n) ++i;
  };
  while (i < n) {
    skip_blanks();
    if (i >= n) break;
    const char c = text[i];
    if (c == '\n') {
      ++i;
      continue;
    }
    if (c == '#' || c == ';') {
      skip_line();
      continue;
    }
    if (c == '[') {
      const std::size_t close = text.find(']', i);
      if (close == std::string_view::npos) break;  // git refuses the file; nothing more is read
      std::string_view header = text.substr(i + 1, close - i - 1);
      // "[core]" only: a subsection ("[core \"x\"]") or the old "[core.x]" is another section.
      in_section = ascii_iequals(header, section);
      i = close + 1;
      continue;  // a variable may follow on the same line
    }
    // A variable: its name, then "=" and the value, or nothing ("true").
    const std::size_t name_start = i;
    while (i < n && (std::isalnum(static_cast<unsigned char>(text[i])) != 0 || text[i] == '-')) ++i;
    const std::string_view name = text.substr(name_start, i - name_start);
    if (name.empty()) {
      skip_line();
      continue;
    }
    skip_blanks();
    std::string value;
    bool has_value = false;
    if (i < n && text[i] == '=') {
      has_value = true;
      ++i;
      skip_blanks();
      bool quoted = false;
      std::size_t keep = 0;  // the value's length up to its last character that is not trailing blank
      while (i < n) {
        const char v = text[i];
        if (v == '\n' && !quoted) break;
        if (!quoted && (v == '#' || v == ';')) {  // a comment to the end of the line
          const std::size_t end = text.find('\n', i);
          i = end == std::string_view::npos ? n : end;
          break;
        }
        if (v == '"') {
          quoted = !quoted;
          keep = value.size();
          ++i;
          continue;
        }
        if (v == '\\' && i + 1 < n) {
          const char e = text[i + 1];
          i += 2;
          if (e == '\n') continue;  // a continued line
          if (e == '\r' && i < n && text[i] == '\n') {
            ++i;
            continue;
          }
          value += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'b' ? '\b' : e;
          keep = value.size();
          continue;
        }
        value += v;
        if (quoted || (v != ' ' && v != '\t' && v != '\r')) keep = value.size();
        ++i;
      }
      value.resize(keep);
    }
    if (i < n && text[i] == '\n') ++i;
    if (in_section && ascii_iequals(name, key)) found = has_value ? value : std::string("true");
  }
  return found;
}

fs::path git_excludes_file(const fs::path& work_tree, const GitEnvironment& env) {
  const GitDirs dirs = git_dirs(work_tree);
  std::vector<fs::path> files;  // in the order git reads them: a later value wins
  if (!env.system_config.empty()) files.push_back(env.system_config);
  if (!env.global_config.empty()) {
    files.push_back(env.global_config);
  } else {
    if (!env.xdg_config_home.empty()) {
      files.push_back(env.xdg_config_home / "git" / "config");
    } else if (!env.home.empty()) {
      files.push_back(env.home / ".config" / "git" / "config");
    }
    if (!env.home.empty()) files.push_back(env.home / ".gitconfig");
  }
  files.push_back(dirs.common_dir / "config");
  std::optional<std::string> value;
  bool worktree_config = false;
  for (const fs::path& file : files) {
    const std::optional<std::string> text = read_text(file);
    if (!text) continue;
    if (auto v = git_config_value(*text, "core", "excludesfile")) value = std::move(v);
    if (file == dirs.common_dir / "config") worktree_config = git_true(git_config_value(*text, "extensions", "worktreeconfig"));
  }
  if (worktree_config) {
    if (const std::optional<std::string> text = read_text(dirs.git_dir / "config.worktree")) {
      if (auto v = git_config_value(*text, "core", "excludesfile")) value = std::move(v);
    }
  }
  if (value) {
    if (value->empty()) return {};
    if ((*value == "~" || value->rfind("~/", 0) == 0) && !env.home.empty())
      return env.home / value->substr(value->size() > 1 ? 2 : 1);
    const fs::path path(*value);
    return path.is_relative() ? work_tree / path : path;
  }
  if (!env.xdg_config_home.empty()) return env.xdg_config_home / "git" / "ignore";
  if (!env.home.empty()) return env.home / ".config" / "git" / "ignore";
  return {};
}

void IgnoreStack::push_ancestors(const fs::path& directory, const GitEnvironment& environment) {
  std::error_code ec;
  fs::path start = fs::absolute(directory, ec).lexically_normal();
  if (ec) return;
  if (start.filename().empty()) start = start.parent_path();  // "dir/" -> "dir"
  std::vector<fs::path> chain;  // directory's parent up to the repository root
  bool in_repository = false;
  for (fs::path p = start.parent_path(); !p.empty(); p = p.parent_path()) {
    chain.push_back(p);
    if (fs::exists(p / ".git", ec)) {
      in_repository = true;
      break;
    }
    if (p == p.root_path()) break;
  }
  // core.excludesFile ranks below $GIT_DIR/info/exclude, which ranks below every .gitignore.
  const auto push_excludes = [&](const fs::path& root) {
    const fs::path user = git_excludes_file(root, environment);
    if (!user.empty()) {
      if (auto excludes = load_gitignore(user)) levels_.push_back({root, excludes});
    }
    if (auto exclude = load_gitignore(git_dirs(root).common_dir / "info" / "exclude")) levels_.push_back({root, exclude});
  };
  if (fs::exists(start / ".git", ec)) {  // the walk starts at a repository root
    push_excludes(start);
    return;
  }
  if (!in_repository) return;
  push_excludes(chain.back());
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) push_directory(*it);
}

bool skipped_by_default(const fs::path& directory) {
  const std::string name = directory.filename().string();
  if (name.size() > 1 && name.front() == '.' && name != "..") return true;  // .git, .terraform, .venv, ...
  if (name == "node_modules") return true;
  return name.rfind("asset.", 0) == 0 && directory.parent_path().filename() == "cdk.out";
}

// One directory being walked: its entries, read and sorted when it is entered.
struct WalkFrame {
  struct Entry {
    std::string key;   // the name, with "/" after a directory's: the order of the sorted full paths
    std::string name;
    bool directory = false;
  };
  fs::path absolute;     // the directory
  fs::path shown;        // the same, as the walk's root was given
  std::string relative;  // below the root, '/'-separated; empty at the root
  std::vector<Entry> entries;
  std::size_t index = 0;
  std::shared_ptr<const WalkDirectory> info;
};

struct DirectoryWalk::State {
  WalkOptions options;
  std::function<bool(const std::string&)> wanted;
  IgnoreStack ignores;
  std::vector<WalkFrame> frames;
  std::shared_ptr<const WalkDirectory> current;
  std::string error;
  std::vector<std::string> unlisted;

  // Lists `absolute` and pushes it; a directory that cannot be listed is said (the root's as the
  // walk's error), not entered.
  void enter(const fs::path& absolute, const fs::path& shown, const std::string& relative) {
    if (options.use_ignores) ignores.push_directory(absolute);
    std::error_code ec;
    fs::directory_iterator it(absolute, ec);
    if (ec) {
      if (relative.empty()) {
        error = ec.message();
      } else {
        // A subdirectory that cannot be listed is said, not skipped in silence; the rest goes on.
        unlisted.push_back(shown.string() + ": cannot list directory: " + ec.message() +
                           "; the files below it were not linted");
      }
      if (options.use_ignores) ignores.pop();
      return;
    }
    WalkFrame frame;
    frame.absolute = absolute;
    frame.shown = shown;
    frame.relative = relative;
    auto info = std::make_shared<WalkDirectory>();
    info->path = (shown / "f").lexically_normal().parent_path().string();
    info->parent = frames.empty() ? nullptr : frames.back().info;
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
      std::string name = it->path().filename().string();
      const std::string child = relative.empty() ? it->path().filename().generic_string()
                                                 : relative + "/" + it->path().filename().generic_string();
      std::error_code type_ec;
      const bool is_link = it->is_symlink(type_ec);
      const bool is_directory = !is_link && it->is_directory(type_ec);
      if (is_directory) {
        if (options.use_ignores &&
            (skipped_by_default(absolute / name) || ignores.ignored(absolute / name, true)))
          continue;
        frame.entries.push_back({name + "/", std::move(name), true});
        continue;
      }
      // An entry whose type cannot be read is kept: reading it says what is wrong.
      const bool regular = it->is_regular_file(type_ec);
      if (!regular && !type_ec) continue;  // a FIFO, socket, device, or a link to a directory
      if (options.use_ignores && ignores.ignored(absolute / name, false)) continue;
      if (!wanted(child)) continue;
      frame.entries.push_back({name, std::move(name), false});
    }
    if (ec && error.empty()) error = ec.message();
    std::sort(frame.entries.begin(), frame.entries.end(),
              [](const WalkFrame::Entry& a, const WalkFrame::Entry& b) { return a.key < b.key; });
    // A file's key is its name: in key order, the files are sorted.
    for (const WalkFrame::Entry& e : frame.entries) {
      if (!e.directory) info->files.push_back(e.name);
    }
    frame.info = std::move(info);
    frames.push_back(std::move(frame));
  }

  void leave() {
    frames.pop_back();
    if (options.use_ignores) ignores.pop();
  }

  std::optional<std::string> next() {
    while (!frames.empty()) {
      WalkFrame& top = frames.back();
      if (top.index == top.entries.size()) {
        leave();
        continue;
      }
      const WalkFrame::Entry& entry = top.entries[top.index++];
      if (entry.directory) {
        const fs::path absolute = top.absolute / entry.name;
        const fs::path shown = top.shown / entry.name;
        const std::string relative = top.relative.empty() ? entry.name : top.relative + "/" + entry.name;
        enter(absolute, shown, relative);  // may invalidate `top`
        continue;
      }
      current = top.info;
      return (top.shown / entry.name).string();
    }
    return std::nullopt;
  }
};

DirectoryWalk::DirectoryWalk(const fs::path& root, const WalkOptions& options,
                             std::function<bool(const std::string& relative)> wanted)
    : state_(std::make_unique<State>()) {
  state_->options = options;
  state_->wanted = std::move(wanted);
  std::error_code ec;
  fs::path absolute = fs::absolute(root, ec).lexically_normal();
  if (ec) {
    state_->error = ec.message();
    return;
  }
  if (absolute.filename().empty()) absolute = absolute.parent_path();  // "dir/" -> "dir"
  if (options.use_ignores)
    state_->ignores.push_ancestors(absolute, options.git ? *options.git : GitEnvironment::from_process());
  state_->enter(absolute, root, "");
}

DirectoryWalk::~DirectoryWalk() = default;
DirectoryWalk::DirectoryWalk(DirectoryWalk&&) noexcept = default;
DirectoryWalk& DirectoryWalk::operator=(DirectoryWalk&&) noexcept = default;

std::optional<std::string> DirectoryWalk::next() { return state_->next(); }
const std::shared_ptr<const WalkDirectory>& DirectoryWalk::directory() const { return state_->current; }
const std::string& DirectoryWalk::error() const { return state_->error; }
std::vector<std::string> DirectoryWalk::take_unlisted() { return std::exchange(state_->unlisted, {}); }

WalkResult walk_directory(const fs::path& root, const WalkOptions& options,
                          const std::function<bool(const std::string& relative)>& wanted) {
  DirectoryWalk walk(root, options, wanted);
  WalkResult result;
  while (std::optional<std::string> file = walk.next()) result.files.push_back(std::move(*file));
  result.error = walk.error();
  result.unlisted = walk.take_unlisted();
  return result;
}

}  // namespace iamsmith
