#pragma once
// Directory walks for lint: which files below a directory are candidates. By default a walk skips
// what no one means to lint — version control and dependency directories (.git, node_modules,
// .terraform, CDK's cdk.out/asset.* bundles), every other directory whose name starts with a dot —
// and what the .gitignore files of the repository ignore, as git does
// (https://git-scm.com/docs/gitignore). WalkOptions::use_ignores = false (lint --no-ignore) walks
// everything.

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iamsmith {

// The patterns of one .gitignore file, matched against paths relative to its directory.
class GitignoreFile {
 public:
  // `text` is the file's content; blank lines and comments are skipped, a pattern re2 cannot
  // compile (an unterminated bracket) matches nothing, as git ignores it.
  explicit GitignoreFile(std::string_view text);
  ~GitignoreFile();
  GitignoreFile(GitignoreFile&&) noexcept;
  GitignoreFile& operator=(GitignoreFile&&) noexcept;
  GitignoreFile(const GitignoreFile&) = delete;
  GitignoreFile& operator=(const GitignoreFile&) = delete;

  enum class Verdict { None, Ignored, Included };
  // The last pattern matching `relative` ("a/b/c.json", '/'-separated, relative to the file's
  // directory) decides: Ignored, Included (a `!` pattern), or None when no pattern matches.
  [[nodiscard]] Verdict match(std::string_view relative, bool is_directory) const;

 private:
  struct Pattern;
  std::vector<std::unique_ptr<Pattern>> patterns_;
};

// Where git's configuration files and the user's ignore file are (https://git-scm.com/docs/git-config
// "FILES", https://git-scm.com/docs/gitignore): what core.excludesFile is read from. from_process()
// reads HOME, XDG_CONFIG_HOME, GIT_CONFIG_GLOBAL, GIT_CONFIG_SYSTEM and GIT_CONFIG_NOSYSTEM; an
// empty value is "not known" (no global or system file is read).
struct GitEnvironment {
  std::filesystem::path home;
  std::filesystem::path xdg_config_home;
  std::filesystem::path global_config;  // replaces $XDG_CONFIG_HOME/git/config and ~/.gitconfig
  std::filesystem::path system_config;  // /etc/gitconfig unless GIT_CONFIG_NOSYSTEM
  [[nodiscard]] static GitEnvironment from_process();
};

// The last value of `section.key` in git configuration text ("core", "excludesfile"; both
// case-insensitive, no subsection), with git's quoting, escapes, comments and line continuations
// undone; nullopt when the text does not set it. A key written without "=" is "true".
[[nodiscard]] std::optional<std::string> git_config_value(std::string_view text, std::string_view section,
                                                          std::string_view key);

// The user's ignore file for the repository whose work tree is `work_tree`: core.excludesFile
// from the system, global, repository and worktree configuration (the last one setting it wins;
// include and includeIf are not followed), "~/" expanded and a relative path taken from the work
// tree; unset, git's default $XDG_CONFIG_HOME/git/ignore ($HOME/.config/git/ignore). Empty when
// there is none.
[[nodiscard]] std::filesystem::path git_excludes_file(const std::filesystem::path& work_tree,
                                                      const GitEnvironment& environment);

// The .gitignore files that apply to one path, nearest last: deeper files override higher ones.
class IgnoreStack {
 public:
  // Adds the .gitignore of `directory`, when it has one.
  void push_directory(const std::filesystem::path& directory);
  void pop();
  // Whether `path` (below every directory on the stack) is ignored.
  [[nodiscard]] bool ignored(const std::filesystem::path& path, bool is_directory) const;
  // The .gitignore files from the repository root (the nearest directory upwards holding .git)
  // down to `directory`'s parent, so that a walk starting inside a repository honours them, and
  // below them $GIT_DIR/info/exclude and the user's core.excludesFile, as git ranks them; none
  // outside a repository.
  void push_ancestors(const std::filesystem::path& directory, const GitEnvironment& environment);

 private:
  struct Level {
    std::filesystem::path directory;
    std::shared_ptr<const GitignoreFile> file;  // null: the directory has no .gitignore
  };
  std::vector<Level> levels_;
};

// A directory no walk enters unless told to: .git, node_modules, .terraform, any other
// dot-directory, and cdk.out/asset.* (CDK's bundled Lambda code and Docker contexts).
[[nodiscard]] bool skipped_by_default(const std::filesystem::path& directory);

struct WalkOptions {
  bool use_ignores = true;  // false: no default skips, no .gitignore
  // Where core.excludesFile is looked for; unset: GitEnvironment::from_process().
  std::optional<GitEnvironment> git;
};

struct WalkResult {
  // Sorted. An entry whose type cannot be read (a dangling symbolic link, a link loop, a file
  // removed since the directory was read) is kept: reading it says what is wrong.
  std::vector<std::string> files;
  std::string error;  // empty, or why the walk stopped early
  // Subdirectories that could not be listed ("dir/private: Permission denied"); the walk goes on.
  std::vector<std::string> unlisted;
};

// The regular files below `root` that `wanted` admits (it gets the path relative to root, with
// '/' separators), minus what the options skip. Symbolic links to directories are not followed.
[[nodiscard]] WalkResult walk_directory(const std::filesystem::path& root, const WalkOptions& options,
                                        const std::function<bool(const std::string& relative)>& wanted);

// One directory of a walk, as its files see it: its path (lexically normal, "" for the working
// directory), the names of the files in it the walk admits, sorted, and the directory above it in
// the same walk (null at the walk's root). Shared by the files found in it; freed with the last.
struct WalkDirectory {
  std::string path;
  std::vector<std::string> files;
  std::shared_ptr<const WalkDirectory> parent;
};

// The same walk, one file at a time, in the same order as walk_directory's sorted list, holding
// only the directories from the root down to the current one: memory grows with the depth and
// the width of the tree, not with the number of files.
class DirectoryWalk {
 public:
  DirectoryWalk(const std::filesystem::path& root, const WalkOptions& options,
                std::function<bool(const std::string& relative)> wanted);
  ~DirectoryWalk();
  DirectoryWalk(DirectoryWalk&&) noexcept;
  DirectoryWalk& operator=(DirectoryWalk&&) noexcept;
  DirectoryWalk(const DirectoryWalk&) = delete;
  DirectoryWalk& operator=(const DirectoryWalk&) = delete;

  // The next file (the root as given joined with its relative path), or nullopt at the end.
  [[nodiscard]] std::optional<std::string> next();
  // The directory of the file next() returned last.
  [[nodiscard]] const std::shared_ptr<const WalkDirectory>& directory() const;
  // Why the walk stopped early (the root cannot be listed, ...), or empty; and the
  // subdirectories that could not be listed so far, taken (each is given once).
  [[nodiscard]] const std::string& error() const;
  [[nodiscard]] std::vector<std::string> take_unlisted();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace iamsmith
