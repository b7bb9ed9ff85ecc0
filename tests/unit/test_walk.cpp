// Directory walks: default skips and .gitignore, checked against git's documented pattern rules
// (https://git-scm.com/docs/gitignore) and, where git is installed, against git itself.

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "iamsmith/walk.hpp"

namespace fs = std::filesystem;
using iamsmith::GitignoreFile;

namespace {

using Verdict = GitignoreFile::Verdict;

Verdict file_verdict(const std::string& patterns, const std::string& path) {
  return GitignoreFile(patterns).match(path, false);
}
Verdict dir_verdict(const std::string& patterns, const std::string& path) {
  return GitignoreFile(patterns).match(path, true);
}

class Scratch {
 public:
  explicit Scratch(const std::string& name) : path_(fs::temp_directory_path() / name) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  [[nodiscard]] const fs::path& path() const { return path_; }
  void write(const std::string& relative, const std::string& text = "{}") const {
    const fs::path file = path_ / relative;
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
  }

 private:
  fs::path path_;
};

// No global or system git configuration: the walks below see only the files the tests write.
std::set<std::string> walk_all(const fs::path& root, bool use_ignores,
                               const iamsmith::GitEnvironment& git = iamsmith::GitEnvironment{}) {
  iamsmith::WalkOptions options;
  options.use_ignores = use_ignores;
  options.git = git;
  const auto result = iamsmith::walk_directory(root, options, [](const std::string&) { return true; });
  std::set<std::string> out;
  for (const std::string& f : result.files) out.insert(fs::path(f).lexically_relative(root).generic_string());
  return out;
}

}  // namespace

TEST_CASE("gitignore: a pattern without a slash matches at any depth, one with a slash is anchored") {
  CHECK(file_verdict("*.log", "a.log") == Verdict::Ignored);
  CHECK(file_verdict("*.log", "deep/er/a.log") == Verdict::Ignored);
  CHECK(file_verdict("*.log", "a.log.json") == Verdict::None);
  CHECK(file_verdict("/build", "build") == Verdict::Ignored);
  CHECK(file_verdict("/build", "sub/build") == Verdict::None);
  CHECK(file_verdict("doc/frotz", "doc/frotz") == Verdict::Ignored);
  CHECK(file_verdict("doc/frotz", "a/doc/frotz") == Verdict::None);  // a middle slash anchors too
  // '*' and '?' never cross a '/'.
  CHECK(file_verdict("doc/*.json", "doc/a.json") == Verdict::Ignored);
  CHECK(file_verdict("doc/*.json", "doc/sub/a.json") == Verdict::None);
  CHECK(file_verdict("a?c", "abc") == Verdict::Ignored);
  CHECK(file_verdict("a?c", "a/c") == Verdict::None);
}

TEST_CASE("gitignore: a trailing slash matches directories only") {
  CHECK(dir_verdict("frotz/", "frotz") == Verdict::Ignored);
  CHECK(dir_verdict("frotz/", "a/frotz") == Verdict::Ignored);  // no slash but the trailing one: any depth
  CHECK(file_verdict("frotz/", "frotz") == Verdict::None);
  CHECK(dir_verdict("doc/frotz/", "doc/frotz") == Verdict::Ignored);
  CHECK(dir_verdict("doc/frotz/", "x/doc/frotz") == Verdict::None);
}

TEST_CASE("gitignore: ** as a leading, trailing and middle component") {
  CHECK(file_verdict("**/foo", "foo") == Verdict::Ignored);
  CHECK(file_verdict("**/foo", "a/b/foo") == Verdict::Ignored);
  CHECK(file_verdict("**/foo/bar", "x/foo/bar") == Verdict::Ignored);
  CHECK(file_verdict("abc/**", "abc/x") == Verdict::Ignored);
  CHECK(file_verdict("abc/**", "abc/x/y.json") == Verdict::Ignored);
  CHECK(dir_verdict("abc/**", "abc") == Verdict::None);  // everything inside, not abc itself
  CHECK(file_verdict("a/**/b", "a/b") == Verdict::Ignored);
  CHECK(file_verdict("a/**/b", "a/x/b") == Verdict::Ignored);
  CHECK(file_verdict("a/**/b", "a/x/y/b") == Verdict::Ignored);
  CHECK(file_verdict("a/**/b", "a/xb") == Verdict::None);
  // Other consecutive asterisks are ordinary ones: they stay within a component.
  CHECK(file_verdict("a**b", "axyb") == Verdict::Ignored);
  CHECK(file_verdict("a**b", "ax/yb") == Verdict::None);
}

TEST_CASE("gitignore: negation, last match wins; comments, escapes, trailing spaces, brackets") {
  CHECK(file_verdict("*.json\n!keep.json\n", "keep.json") == Verdict::Included);
  CHECK(file_verdict("*.json\n!keep.json\n", "drop.json") == Verdict::Ignored);
  CHECK(file_verdict("!keep.json\n*.json\n", "keep.json") == Verdict::Ignored);  // the later pattern decides
  CHECK(file_verdict("# comment\n\n", "# comment") == Verdict::None);
  CHECK(file_verdict("\\#hash", "#hash") == Verdict::Ignored);
  CHECK(file_verdict("\\!bang", "!bang") == Verdict::Ignored);
  CHECK(file_verdict("foo   \n", "foo") == Verdict::Ignored);  // trailing spaces dropped
  CHECK(file_verdict("foo\\ \n", "foo ") == Verdict::Ignored);  // unless escaped
  CHECK(file_verdict("foo\r\n", "foo") == Verdict::Ignored);     // CRLF files
  CHECK(file_verdict("[a-c].json", "b.json") == Verdict::Ignored);
  CHECK(file_verdict("[a-c].json", "d.json") == Verdict::None);
  CHECK(file_verdict("[!a-c].json", "d.json") == Verdict::Ignored);
  CHECK(file_verdict("[!a-c].json", "b.json") == Verdict::None);
  CHECK(file_verdict("x[", "x[") == Verdict::Ignored);  // an unterminated bracket is literal
  CHECK(file_verdict("a+b.(json)", "a+b.(json)") == Verdict::Ignored);  // regex characters are literal
  CHECK(file_verdict("a+b.(json)", "aab.(json)") == Verdict::None);
}

TEST_CASE("walk: .git, node_modules, .terraform, dot-directories and cdk.out/asset.* are skipped") {
  const Scratch dir("iamsmith-walk-skips");
  for (const char* f : {"policy.json", ".git/config.json", "node_modules/pkg/package.json",
                        ".terraform/providers/x.json", ".vscode/settings.json", "cdk.out/asset.abc123/index.json",
                        "cdk.out/Stack.template.json", "sub/node_modules/y.json", ".iamsmith.json"})
    dir.write(f);
  CHECK(walk_all(dir.path(), true) ==
        std::set<std::string>{".iamsmith.json", "cdk.out/Stack.template.json", "policy.json"});
  // --no-ignore: everything.
  CHECK(walk_all(dir.path(), false).size() == 9);
  // A directory named explicitly is walked even when a walk would skip it.
  CHECK(walk_all(dir.path() / "node_modules", true) == std::set<std::string>{"pkg/package.json"});
}

TEST_CASE("walk: .gitignore files at every level, and those above the walk's root in the repository") {
  const Scratch dir("iamsmith-walk-gitignore");
  dir.write(".git/HEAD", "ref: refs/heads/main\n");  // makes dir a repository root for the walk
  dir.write(".gitignore", "/out/\n*.tmp.json\n");
  dir.write("iam/.gitignore", "generated/\n!keep.tmp.json\n");
  for (const char* f : {"out/a.json", "iam/a.json", "iam/b.tmp.json", "iam/keep.tmp.json", "iam/generated/x.json",
                        "iam/sub/out/c.json", "iam/sub/generated.json"})
    dir.write(f);
  CHECK(walk_all(dir.path(), true) == std::set<std::string>{".gitignore", "iam/.gitignore", "iam/a.json",
                                                             "iam/keep.tmp.json", "iam/sub/generated.json",
                                                             "iam/sub/out/c.json"});
  // Walking iam/ alone still honours the root's .gitignore (b.tmp.json).
  CHECK(walk_all(dir.path() / "iam", true) ==
        std::set<std::string>{".gitignore", "a.json", "keep.tmp.json", "sub/generated.json", "sub/out/c.json"});
  CHECK(walk_all(dir.path(), false).size() == 10);  // .git/HEAD, both .gitignore files and the seven
}

// git itself as the oracle: the files `git ls-files --others --exclude-standard` lists are the
// files the walk finds (no dot-directories in the tree, so only .gitignore decides).
TEST_CASE("walk: the same files as git ls-files --others --exclude-standard") {
  if (std::system("git --version >/dev/null 2>&1") != 0) {
    MESSAGE("git is not installed: the oracle comparison is skipped");
    return;
  }
  const Scratch dir("iamsmith-walk-git-oracle");
  dir.write(".gitignore",
            "# build output\n*.log\n/build/\nlogs/**\n!logs/keep.json\n**/cache/\ndocs/**/draft-*.json\n"
            "[Tt]emp*\nnotes?.json\n!important.log\nspace\\ name.json\nvendor/*\n!vendor/ours/\n!build/out.json\n");
  dir.write("pkg/.gitignore", "*.json\n!*.policy.json\nsub/\n");
  for (const char* f : {"a.json", "x.log", "important.log", "build/out.json", "src/build/keep.json", "logs/a.json",
                        "logs/keep.json", "logs/deep/b.json", "cache/c.json", "src/cache/d.json",
                        "docs/draft-1.json", "docs/v1/v2/draft-2.json", "docs/final.json", "Temp.json",
                        "temporary.json", "notes1.json", "notes12.json", "space name.json", "vendor/theirs/x.json",
                        "vendor/ours/y.json", "vendor/top.json", "pkg/a.json", "pkg/b.policy.json",
                        "pkg/sub/c.policy.json", "pkg/deeper/sub/d.policy.json", "pkg/deeper/e.policy.json"})
    dir.write(f);
  const std::string list = (dir.path() / "git-list.txt").string();
  const std::string command = "cd '" + dir.path().string() +
                              "' && git init -q . && git -c core.excludesFile=/dev/null ls-files --others "
                              "--exclude-standard > '" + list + "'";
  REQUIRE(std::system(command.c_str()) == 0);
  std::set<std::string> from_git;
  std::ifstream in(list);
  for (std::string line; std::getline(in, line);)
    if (line != "git-list.txt") from_git.insert(line);
  std::set<std::string> walked = walk_all(dir.path(), true);
  walked.erase("git-list.txt");
  CHECK(walked == from_git);
  CHECK(walked.count("logs/keep.json") == 1);  // logs/** ignores what is inside logs, not logs
  CHECK(walked.count("build/out.json") == 0);  // nothing below an ignored directory is re-included
  CHECK(walked.count("vendor/ours/y.json") == 1);
}

// A linked worktree's .git is a file naming its git directory, whose "commondir" names the main
// repository's: info/exclude is read from there (https://git-scm.com/docs/gitrepository-layout),
// from the worktree's root and from a directory below it alike.
TEST_CASE("walk: a linked worktree's info/exclude is the main repository's") {
  const Scratch dir("iamsmith-walk-worktree");
  dir.write("main/.git/info/exclude", "*.local.json\n");
  dir.write("main/.git/worktrees/wt/commondir", "../..\n");
  dir.write("wt/.git", "gitdir: ../main/.git/worktrees/wt\n");
  for (const char* f : {"wt/a.json", "wt/b.local.json", "wt/sub/c.local.json", "wt/sub/d.json"}) dir.write(f);
  CHECK(walk_all(dir.path() / "wt", true) == std::set<std::string>{".git", "a.json", "sub/d.json"});
  CHECK(walk_all(dir.path() / "wt" / "sub", true) == std::set<std::string>{"d.json"});
  // A repository walked from its root reads its own info/exclude too.
  dir.write("main/e.json");
  dir.write("main/f.local.json");
  CHECK(walk_all(dir.path() / "main", true) == std::set<std::string>{"e.json"});
}

TEST_CASE("git config: core.excludesFile as git reads it") {
  using iamsmith::git_config_value;
  CHECK(git_config_value("[core]\n\texcludesFile = ~/.gitignore_global\n", "core", "excludesfile") ==
        "~/.gitignore_global");
  // Section and key are case-insensitive; the last value wins; other sections and subsections are not core.
  CHECK(git_config_value("[Core]\nEXCLUDESFILE=a\n[user]\nexcludesfile = b\n[core \"x\"]\nexcludesfile = c\n"
                         "[core]\n  excludesfile = d  # the last one\n",
                         "core", "excludesfile") == "d");
  // Quotes keep blanks and comment characters; escapes; a continued line; a comment line.
  CHECK(git_config_value("[core]\n; a comment\nexcludesfile = \" my ignore;#\" \n", "core", "excludesfile") ==
        " my ignore;#");
  CHECK(git_config_value("[core]\nexcludesfile = a\\\nb\\\\c\\tx\n", "core", "excludesfile") == "ab\\c\tx");
  // A variable on the header's line; a key without a value is "true".
  CHECK(git_config_value("[core] excludesfile = /etc/ign\n", "core", "excludesfile") == "/etc/ign");
  CHECK(git_config_value("[extensions]\n\tworktreeConfig\n", "extensions", "worktreeconfig") == "true");
  CHECK_FALSE(git_config_value("[user]\nname = x\n# [core] excludesfile = y\n", "core", "excludesfile"));
  CHECK_FALSE(git_config_value("[core]\n# excludesfile", "core", "excludesfile"));
}

// core.excludesFile (https://git-scm.com/docs/gitignore: "Patterns read from the file specified
// by the configuration variable core.excludesFile", below $GIT_DIR/info/exclude and .gitignore).
TEST_CASE("walk: core.excludesFile from the repository's and the user's configuration, else ~/.config/git/ignore") {
  const Scratch dir("iamsmith-walk-excludesfile");
  iamsmith::GitEnvironment env;
  env.home = dir.path() / "home";
  dir.write("repo/.git/HEAD", "ref: refs/heads/main\n");
  for (const char* f : {"repo/a.json", "repo/b.draft.json", "repo/c.scratch.json", "repo/sub/d.draft.json",
                        "repo/sub/keep.draft.json"})
    dir.write(f);
  const fs::path repo = dir.path() / "repo";
  CHECK(walk_all(repo, true, env) == std::set<std::string>{"a.json", "b.draft.json", "c.scratch.json",
                                                            "sub/d.draft.json", "sub/keep.draft.json"});
  // git's default: $HOME/.config/git/ignore, or $XDG_CONFIG_HOME/git/ignore when that is set.
  dir.write("home/.config/git/ignore", "*.draft.json\n");
  CHECK(walk_all(repo, true, env) == std::set<std::string>{"a.json", "c.scratch.json"});
  env.xdg_config_home = dir.path() / "xdg";
  dir.write("xdg/git/ignore", "*.scratch.json\n");
  CHECK(walk_all(repo, true, env) ==
        std::set<std::string>{"a.json", "b.draft.json", "sub/d.draft.json", "sub/keep.draft.json"});
  // ~/.gitconfig names another file ("~/" is the home directory); a .gitignore re-includes what it
  // ignores, since .gitignore ranks higher.
  dir.write("home/.gitconfig", "[core]\n\texcludesFile = ~/global-ignore\n");
  dir.write("home/global-ignore", "*.draft.json\n");
  dir.write("repo/sub/.gitignore", "!keep.draft.json\n");
  CHECK(walk_all(repo, true, env) ==
        std::set<std::string>{"a.json", "c.scratch.json", "sub/.gitignore", "sub/keep.draft.json"});
  // The repository's configuration wins over the user's; a relative path is from the work tree.
  dir.write("repo/.git/config", "[core]\n\trepositoryformatversion = 0\n\texcludesfile = local-ignore\n");
  dir.write("repo/local-ignore", "c.*\n");
  CHECK(walk_all(repo, true, env) == std::set<std::string>{"a.json", "b.draft.json", "local-ignore", "sub/.gitignore",
                                                            "sub/d.draft.json", "sub/keep.draft.json"});
  // Walking a directory below the root applies it too; --no-ignore reads none of it.
  CHECK(walk_all(repo / "sub", true, env) == std::set<std::string>{".gitignore", "d.draft.json", "keep.draft.json"});
  CHECK(walk_all(repo, false, env).size() == 9);  // .git/HEAD, .git/config and seven more
  // Outside a repository no ignore file applies.
  dir.write("loose/x.draft.json");
  CHECK(walk_all(dir.path() / "loose", true, env) == std::set<std::string>{"x.draft.json"});
}

// git as the oracle again, with a user ignore file and core.excludesFile set in each place.
TEST_CASE("walk: core.excludesFile gives the files git ls-files --others --exclude-standard lists") {
  if (std::system("git --version >/dev/null 2>&1") != 0) {
    MESSAGE("git is not installed: the oracle comparison is skipped");
    return;
  }
  const Scratch dir("iamsmith-walk-excludesfile-oracle");
  iamsmith::GitEnvironment env;
  env.home = dir.path() / "home";
  env.xdg_config_home = dir.path() / "xdg";
  dir.write("xdg/git/ignore", "*.xdg.json\n");
  for (const char* f : {"repo/a.json", "repo/b.xdg.json", "repo/c.home.json", "repo/d.local.json"}) dir.write(f);
  const std::string repo = (dir.path() / "repo").string();
  const std::string list = (dir.path() / "git-list.txt").string();
  const std::string git_env = "HOME='" + env.home.string() + "' XDG_CONFIG_HOME='" + env.xdg_config_home.string() +
                              "' GIT_CONFIG_NOSYSTEM=1 ";
  REQUIRE(std::system(("cd '" + repo + "' && git init -q .").c_str()) == 0);
  const auto from_git = [&] {
    const std::string command =
        "cd '" + repo + "' && " + git_env + "git ls-files --others --exclude-standard > '" + list + "'";
    REQUIRE(std::system(command.c_str()) == 0);
    std::set<std::string> out;
    std::ifstream in(list);
    for (std::string line; std::getline(in, line);) out.insert(line);
    return out;
  };
  auto walked = [&] {
    std::set<std::string> out = walk_all(repo, true, env);
    for (auto it = out.begin(); it != out.end();) it = it->rfind(".git/", 0) == 0 ? out.erase(it) : std::next(it);
    return out;
  };
  CHECK(walked() == from_git());  // the XDG default
  dir.write("home/.gitconfig", "[core]\n\texcludesFile = \"~/my ignore\"\n");
  dir.write("home/my ignore", "*.home.json\n");
  CHECK(walked() == from_git());  // ~/.gitconfig replaces the default
  REQUIRE(std::system(("cd '" + repo + "' && " + git_env + "git config core.excludesFile local.ignore").c_str()) == 0);
  dir.write("repo/local.ignore", "*.local.json\n");
  const std::set<std::string> expected{"a.json", "b.xdg.json", "c.home.json", "local.ignore"};
  CHECK(walked() == from_git());  // the repository's own setting wins
  CHECK(walked() == expected);
}

TEST_CASE("walk: files come in the order of their sorted paths, one directory held at a time") {
  // A file "a.json" sorts before the directory "a" ('.' < '/'), "a0.json" after it ('/' < '0'),
  // and "a-b" (a directory) before both ('-' < '.').
  const Scratch scratch("iamsmith-walk-order");
  for (const char* f : {"a.json", "a/x.json", "a/b/y.json", "a0.json", "a-b/z.json", "B.json", "a/b.json", "a/b0/w.json"})
    scratch.write(f);
  iamsmith::WalkOptions options;
  options.use_ignores = false;
  const auto wanted = [](const std::string&) { return true; };
  const auto listed = iamsmith::walk_directory(scratch.path(), options, wanted).files;
  std::vector<std::string> sorted = listed;
  std::sort(sorted.begin(), sorted.end());
  CHECK(listed == sorted);
  CHECK(listed.size() == 8);

  // DirectoryWalk gives the same files one by one, each with its directory's admitted files.
  iamsmith::DirectoryWalk walk(scratch.path(), options, wanted);
  std::vector<std::string> one_by_one;
  while (std::optional<std::string> f = walk.next()) {
    one_by_one.push_back(*f);
    const auto& directory = walk.directory();
    REQUIRE(directory != nullptr);
    CHECK(fs::path(*f).parent_path().lexically_normal().string() == directory->path);
    const std::string name = fs::path(*f).filename().string();
    CHECK(std::find(directory->files.begin(), directory->files.end(), name) != directory->files.end());
    if (name == "y.json") {
      // a/b, then a, then the root: the directories above it in the walk.
      REQUIRE(directory->parent != nullptr);
      CHECK(directory->parent->files == std::vector<std::string>{"b.json", "x.json"});
      REQUIRE(directory->parent->parent != nullptr);
      CHECK(directory->parent->parent->files == std::vector<std::string>{"B.json", "a.json", "a0.json"});
      CHECK(directory->parent->parent->parent == nullptr);
    }
  }
  CHECK(one_by_one == listed);
  CHECK(walk.error().empty());
}

TEST_CASE("walk: a root that cannot be listed is the walk's error") {
  iamsmith::DirectoryWalk walk(fs::temp_directory_path() / "iamsmith-walk-no-such-directory", {},
                               [](const std::string&) { return true; });
  CHECK_FALSE(walk.next().has_value());
  CHECK_FALSE(walk.error().empty());
}
