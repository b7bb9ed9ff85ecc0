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

// The .gitignore files that apply to one path, nearest last: deeper files override higher ones.
class IgnoreStack {
 public:
  // Adds the .gitignore of `directory`, when it has one.
  void push_directory(const std::filesystem::path& directory);
  void pop();
  // Whether `path` (below every directory on the stack) is ignored.
  [[nodiscard]] bool ignored(const std::filesystem::path& path, bool is_directory) const;
  // The .gitignore files from the repository root (the nearest directory upwards holding .git)
  // down to `directory`'s parent, so that a walk starting inside a repository honours them; none
  // outside a repository.
  void push_ancestors(const std::filesystem::path& directory);

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

}  // namespace iamsmith
