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
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>

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

// The directory holding info/exclude for the repository at `root`: .git itself, or for a linked
// worktree (whose .git is a file "gitdir: PATH") the main repository's, which the worktree's
// git directory names in its "commondir" file (https://git-scm.com/docs/gitrepository-layout).
fs::path git_common_dir(const fs::path& root) {
  const fs::path dot_git = root / ".git";
  std::error_code ec;
  if (!fs::is_regular_file(dot_git, ec)) return dot_git;
  const std::string line = first_line(dot_git);
  const std::string_view prefix = "gitdir: ";
  if (line.rfind(prefix, 0) != 0) return dot_git;
  fs::path git_dir(line.substr(prefix.size()));
  if (git_dir.is_relative()) git_dir = root / git_dir;
  const std::string common = first_line(git_dir / "commondir");
  if (common.empty()) return git_dir;
  fs::path common_dir(common);
  return common_dir.is_relative() ? (git_dir / common_dir).lexically_normal() : common_dir;
}

}  // namespace

void IgnoreStack::push_ancestors(const fs::path& directory) {
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
  // $GIT_DIR/info/exclude ranks below every .gitignore.
  if (fs::exists(start / ".git", ec)) {  // the walk starts at a repository root
    if (auto exclude = load_gitignore(git_common_dir(start) / "info" / "exclude")) levels_.push_back({start, exclude});
    return;
  }
  if (!in_repository) return;
  const fs::path root = chain.back();
  if (auto exclude = load_gitignore(git_common_dir(root) / "info" / "exclude")) levels_.push_back({root, exclude});
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) push_directory(*it);
}

bool skipped_by_default(const fs::path& directory) {
  const std::string name = directory.filename().string();
  if (name.size() > 1 && name.front() == '.' && name != "..") return true;  // .git, .terraform, .venv, ...
  if (name == "node_modules") return true;
  return name.rfind("asset.", 0) == 0 && directory.parent_path().filename() == "cdk.out";
}

namespace {

struct Walker {
  const WalkOptions& options;
  const std::function<bool(const std::string&)>& wanted;
  IgnoreStack ignores;
  WalkResult result;

  // `absolute` and `shown` name the same directory; `relative` is it below the walk's root.
  void walk(const fs::path& absolute, const fs::path& shown, const std::string& relative) {
    if (options.use_ignores) ignores.push_directory(absolute);
    std::error_code ec;
    fs::directory_iterator it(absolute, ec);
    if (ec && !relative.empty()) {
      // A subdirectory that cannot be listed is said, not skipped in silence; the rest goes on.
      result.unlisted.push_back(shown.string() + ": cannot list directory: " + ec.message() +
                                "; the files below it were not linted");
      if (options.use_ignores) ignores.pop();
      return;
    }
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
      const fs::path name = it->path().filename();
      const std::string child = relative.empty() ? name.generic_string() : relative + "/" + name.generic_string();
      std::error_code type_ec;
      const bool is_link = it->is_symlink(type_ec);
      const bool is_directory = !is_link && it->is_directory(type_ec);
      if (is_directory) {
        if (options.use_ignores && (skipped_by_default(absolute / name) || ignores.ignored(absolute / name, true)))
          continue;
        walk(absolute / name, shown / name, child);
        continue;
      }
      const bool regular = it->is_regular_file(type_ec);
      if (!regular && !type_ec) continue;  // a FIFO, socket, device, or a link to a directory
      if (options.use_ignores && ignores.ignored(absolute / name, false)) continue;
      if (wanted(child)) result.files.push_back((shown / name).string());
    }
    if (ec && result.error.empty()) result.error = ec.message();
    if (options.use_ignores) ignores.pop();
  }
};

}  // namespace

WalkResult walk_directory(const fs::path& root, const WalkOptions& options,
                          const std::function<bool(const std::string& relative)>& wanted) {
  Walker walker{options, wanted, {}, {}};
  std::error_code ec;
  fs::path absolute = fs::absolute(root, ec).lexically_normal();
  if (ec) {
    WalkResult failed;
    failed.error = ec.message();
    return failed;
  }
  if (absolute.filename().empty()) absolute = absolute.parent_path();  // "dir/" -> "dir"
  if (options.use_ignores) walker.ignores.push_ancestors(absolute);
  walker.walk(absolute, root, "");
  std::sort(walker.result.files.begin(), walker.result.files.end());
  return std::move(walker.result);
}

}  // namespace iamsmith
