// generate's output never loses a role: colliding role names get distinct files, Terraform names,
// logical ids and Sids; --out-dir writes a whole set or nothing, under a lock, and keeps track of
// what it wrote (stale files).

#include <doctest/doctest.h>

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "../test_support.hpp"
#include "generate_test_support.hpp"
#include "iamsmith/atomic_write.hpp"
#include "iamsmith/generate.hpp"
#include "iamsmith/json.hpp"
#include "iamsmith/manifest.hpp"
#include "iamsmith/text.hpp"

namespace {

namespace fs = std::filesystem;
namespace gen = iamsmith::gen;
namespace atomic = iamsmith::atomic;
using iamsmith::test::contains;
using iamsmith::test::run;

// A definition with one Lambda Task per role, each assuming its role.
std::string tasks_for(const std::vector<std::string>& roles) {
  std::string states;
  for (std::size_t i = 0; i < roles.size(); ++i) {
    const std::string name = "T" + std::to_string(i);
    const std::string next = i + 1 < roles.size() ? "\"Next\": \"T" + std::to_string(i + 1) + "\"" : "\"End\": true";
    states += (i == 0 ? "" : ", ") + ("\"" + name + "\": {\"Type\": \"Task\", \"Resource\": \"arn:aws:states:::lambda:invoke\", "
                                      "\"Credentials\": {\"RoleArn\": \"" + roles[i] + "\"}, "
                                      "\"Parameters\": {\"FunctionName\": \"fn" + std::to_string(i) + "\"}, " + next + "}");
  }
  return "{\"StartAt\": \"T0\", \"States\": {" + states + "}}";
}

std::vector<std::string> lines_starting(const std::string& text, const std::string& prefix) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(prefix, 0) == 0) out.push_back(line);
  }
  return out;
}

// Everything that must hold for any role set: no two files share a name (ignoring case), every
// role has its own trust and permission policy granting its own function, no Terraform resource
// or CloudFormation logical id appears twice, no Sid appears twice in the execution role's policy.
void check_no_role_lost(const std::vector<std::string>& roles) {
  const gen::Result r = run(tasks_for(roles));
  REQUIRE_MESSAGE(!r.refused(), iamsmith::test::findings_text(r));
  std::set<std::string> files;
  for (const gen::OutputFile& f : gen::output_files(r, gen::Format::Json)) {
    CHECK_MESSAGE(files.insert(iamsmith::ascii_lower(f.name)).second, "two files named ", f.name);
  }
  for (std::size_t i = 0; i < roles.size(); ++i) {
    bool trust = false;
    bool permissions = false;
    for (const gen::GeneratedPolicy& p : r.policies) {
      if (p.role_arn != roles[i]) continue;
      trust = trust || p.attachment == gen::Attachment::Trust;
      permissions = permissions || (p.attachment == gen::Attachment::Permissions &&
                                    contains(p.text, ":function:fn" + std::to_string(i) + "\""));
    }
    CHECK_MESSAGE(trust, "no trust policy for ", roles[i]);
    CHECK_MESSAGE(permissions, "no permissions for ", roles[i]);
  }
  std::set<std::string> terraform;
  for (const gen::OutputFile& f : gen::output_files(r, gen::Format::Terraform)) {
    for (const std::string& line : lines_starting(f.content, "resource ")) {
      CHECK_MESSAGE(terraform.insert(line).second, "duplicate Terraform resource: ", line);
    }
  }
  std::size_t logical_ids = 0;
  for (const gen::OutputFile& f : gen::output_files(r, gen::Format::CloudFormation)) {
    std::set<std::string> ids;  // logical ids: the two-space-indented keys under Resources
    for (const std::string& line : lines_starting(f.content, "  ")) {
      if (line.size() > 3 && line[2] != ' ' && line.back() == ':') {
        CHECK_MESSAGE(ids.insert(iamsmith::ascii_lower(line)).second, "duplicate logical id: ", line, " in ", f.name);
      }
    }
    logical_ids += ids.size();
  }
  CHECK(logical_ids == roles.size() + 1);  // an AWS::IAM::Role per target role, the execution role's policy
  for (const gen::GeneratedPolicy& p : r.policies) {
    std::set<std::string> sids;
    for (const iamsmith::Statement& s : p.policy.statements()) {
      CHECK_MESSAGE(sids.insert(iamsmith::ascii_lower(s.sid->text)).second, "duplicate Sid ", s.sid->text, " in ", p.file);
    }
  }
}

}  // namespace

TEST_CASE("generate output: two roles of one name in different paths both keep their files and permissions") {
  check_no_role_lost({"arn:aws:iam::111122223333:role/team-a/Worker", "arn:aws:iam::111122223333:role/team-b/Worker"});
}

TEST_CASE("generate output: role names differing only in case do not collide on a case-insensitive file system") {
  check_no_role_lost({"arn:aws:iam::111122223333:role/Worker", "arn:aws:iam::111122223333:role/worker"});
}

TEST_CASE("generate output: roles a-b and a_b get distinct Terraform names and logical ids") {
  check_no_role_lost({"arn:aws:iam::111122223333:role/a-b", "arn:aws:iam::111122223333:role/a_b"});
  check_no_role_lost({"arn:aws:iam::111122223333:role/FooBar", "arn:aws:iam::111122223333:role/foo_bar",
                      "arn:aws:iam::444455556666:role/FooBar", "arn:aws:iam::111122223333:role/FooBar.111122223333"});
}

TEST_CASE("generate output: stems are the name, then the account, then a hash of the ARN") {
  const std::string a = "arn:aws:iam::111122223333:role/Worker";
  const std::string b = "arn:aws:iam::444455556666:role/Worker";
  const std::string c = "arn:aws:iam::111122223333:role/ops/worker";
  auto stems = gen::role_stems({a, "arn:aws:iam::111122223333:role/Other"});
  CHECK(stems[a] == "Worker");
  stems = gen::role_stems({b, a});
  CHECK(stems[a] == "Worker.111122223333");
  CHECK(stems[b] == "Worker.444455556666");
  stems = gen::role_stems({a, b, c});
  CHECK(stems[b] == "Worker.444455556666");  // the account alone separates it from both
  CHECK(stems[a].rfind("Worker.111122223333.", 0) == 0);
  CHECK(stems[c].rfind("worker.111122223333.", 0) == 0);
  CHECK(stems[a].size() == std::string("Worker.111122223333.").size() + 8);
  // The hash belongs to the ARN: the same role keeps its stem in another set with the same clash.
  CHECK(gen::role_stems({c, a})[a] == stems[a]);
  CHECK(gen::role_stems({a, b, c}) == stems);  // deterministic
}

// ---------------------------------------------------------------------------------------------
// Writing a directory.

namespace {

struct Dir {
  fs::path path;
  Dir() {
    path = fs::temp_directory_path() / ("iamsmith-out-test-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    fs::remove_all(path);
  }
  ~Dir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  Dir(const Dir&) = delete;
  Dir& operator=(const Dir&) = delete;
  [[nodiscard]] std::string str() const { return path.string(); }
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Name -> content of every file in the directory but the lock file.
std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name != ".iamsmith.lock") out[name] = fs::is_directory(e.path()) ? std::string("<dir>") : slurp(e.path());
  }
  return out;
}

const std::string kOne = "arn:aws:iam::111122223333:role/One";
const std::string kTwo = "arn:aws:iam::111122223333:role/Two";

std::vector<gen::OutputFile> files_for(const std::vector<std::string>& roles) {
  return gen::output_files(run(tasks_for(roles)), gen::Format::Json);
}

// Fails the Nth write with an errno, or raises SIGINT on it.
class Seam : public atomic::System {
 public:
  Seam(int nth, int error) : nth_(nth), error_(error) {}
  std::ptrdiff_t write(int fd, const void* data, std::size_t size) override {
    if (++seen_ == nth_) {
      if (error_ == 0) {
        ::raise(SIGINT);
      } else {
        errno = error_;
        return -1;
      }
    }
    return System::write(fd, data, size);
  }

 private:
  int nth_;
  int error_;
  int seen_ = 0;
};

}  // namespace

TEST_CASE("generate output: a full disk in the middle of a set leaves the old set, its manifest and nothing else") {
  Dir dir;
  REQUIRE(gen::write_directory(dir.str(), files_for({kOne}), false).error.empty());
  const auto before = snapshot(dir.path);
  Seam full(3, ENOSPC);  // the third file of the new set
  const gen::WriteReport w = gen::write_directory(dir.str(), files_for({kOne, kTwo}), {true, {}, &full});
  CHECK(contains(w.error, ": cannot write: No space left on device"));
  CHECK(w.rolled_back);
  CHECK(w.written.empty());
  CHECK(snapshot(dir.path) == before);  // no new file beside the old manifest, no temporary
}

TEST_CASE("generate output: SIGINT while writing a set changes nothing") {
  Dir dir;
  REQUIRE(gen::write_directory(dir.str(), files_for({kOne}), false).error.empty());
  const auto before = snapshot(dir.path);
  struct sigaction ignore_once {};
  struct sigaction previous {};
  ignore_once.sa_handler = [](int) {};
  sigemptyset(&ignore_once.sa_mask);
  REQUIRE(::sigaction(SIGINT, &ignore_once, &previous) == 0);  // the default would end the runner
  Seam interrupt(2, 0);
  const gen::WriteReport w = gen::write_directory(dir.str(), files_for({kOne, kTwo}), {true, {}, &interrupt});
  ::sigaction(SIGINT, &previous, nullptr);
  CHECK(w.signal == SIGINT);
  CHECK(w.written.empty());
  CHECK(snapshot(dir.path) == before);
}

TEST_CASE("generate output: a directory in the way, or an out-dir under a regular file, writes nothing") {
  Dir dir;
  fs::create_directories(dir.path / "One.permissions.json");
  gen::WriteReport w = gen::write_directory(dir.str(), files_for({kOne}), true);
  CHECK(w.error == (dir.path / "One.permissions.json").string() + ": a directory is in the way; nothing was written");
  CHECK(snapshot(dir.path) == std::map<std::string, std::string>{{"One.permissions.json", "<dir>"}});

  std::ofstream(dir.path / "plain") << "x";
  w = gen::write_directory((dir.path / "plain" / "out").string(), files_for({kOne}), false);
  CHECK(contains(w.error, "/plain/out: cannot create the directory: Not a directory; nothing was written"));
  w = gen::write_directory((dir.path / "plain").string(), files_for({kOne}), false);
  CHECK(w.error == (dir.path / "plain").string() + ": not a directory; nothing was written");
}

TEST_CASE("generate output: Terraform and CloudFormation sets carry a manifest, so stale account documents are found") {
  const std::string other = "arn:aws:iam::444455556666:role/Other";
  for (const gen::Format format : {gen::Format::Terraform, gen::Format::CloudFormation}) {
    const std::string suffix = format == gen::Format::Terraform ? ".tf" : ".cloudformation.yaml";
    CAPTURE(suffix);
    Dir dir;
    const auto first = gen::output_files(run(tasks_for({kOne, other})), format);
    REQUIRE(first.back().name == "manifest.json");
    CHECK(contains(first.back().content, "\"account-444455556666" + suffix + "\""));
    REQUIRE(gen::write_directory(dir.str(), first, false).error.empty());
    // The manifest is read back as every reader reads it: the set's files, no policy entries
    // (lint and verify must not take an account document for one policy).
    const iamsmith::json::Document doc = iamsmith::json::parse(first.back().content);
    REQUIRE(doc.root.has_value());
    const auto manifest = iamsmith::read_manifest(*doc.root);
    REQUIRE(manifest.has_value());
    CHECK(manifest->policies.empty());
    CHECK(manifest->all_files().size() == first.size() - 1);

    // The role in 444455556666 goes: its account's document is stale.
    const auto next = gen::output_files(run(tasks_for({kOne})), format);
    std::set<std::string> stale;
    for (const gen::Difference& d : gen::check_directory(dir.str(), next)) {
      if (contains(d.what, "not generated any more")) stale.insert(d.file);
    }
    CHECK(stale == std::set<std::string>{"account-444455556666" + suffix});
    gen::WriteReport w = gen::write_directory(dir.str(), next, false);
    CHECK(w.stale == std::vector<std::string>{"account-444455556666" + suffix});
    CHECK(fs::exists(dir.path / ("account-444455556666" + suffix)));
    w = gen::write_directory(dir.str(), next, true);
    REQUIRE(w.error.empty());
    CHECK(w.removed == std::vector<std::string>{"account-444455556666" + suffix});
    CHECK_FALSE(fs::exists(dir.path / ("account-444455556666" + suffix)));
  }
}

TEST_CASE("generate output: after the role set changes, --force removes what the old manifest listed, and only that") {
  Dir dir;
  REQUIRE(gen::write_directory(dir.str(), files_for({kOne, kTwo}), false).error.empty());
  std::ofstream(dir.path / "notes.txt") << "mine\n";  // not iamsmith's: never touched
  const auto before = snapshot(dir.path);
  const auto next = files_for({kOne});

  // --check: the files of Two are differences.
  std::set<std::string> stale;
  for (const gen::Difference& d : gen::check_directory(dir.str(), next)) {
    if (contains(d.what, "not generated any more")) stale.insert(d.file);
  }
  CHECK(stale == std::set<std::string>{"Two.permissions.json", "Two.trust.json"});

  // Without --force the manifest differs: nothing is written, and the stale files are named too.
  gen::WriteReport w = gen::write_directory(dir.str(), next, false);
  CHECK(w.conflicts == std::vector<std::string>{"OrdersExecution.assume-role.json", "manifest.json"});
  CHECK(w.stale == std::vector<std::string>{"Two.trust.json", "Two.permissions.json"});
  CHECK(snapshot(dir.path) == before);

  w = gen::write_directory(dir.str(), next, true);
  REQUIRE(w.error.empty());
  CHECK(w.removed == std::vector<std::string>{"Two.trust.json", "Two.permissions.json"});
  CHECK(w.written == std::vector<std::string>{"OrdersExecution.assume-role.json", "manifest.json"});
  CHECK_FALSE(fs::exists(dir.path / "Two.trust.json"));
  CHECK(slurp(dir.path / "notes.txt") == "mine\n");
  CHECK(gen::check_directory(dir.str(), next).empty());
}

TEST_CASE("generate output: a manifest naming a path outside the directory never removes it") {
  Dir dir;
  const auto files = files_for({kOne});
  REQUIRE(gen::write_directory(dir.str(), files, false).error.empty());
  const fs::path outside = dir.path.parent_path() / (dir.path.filename().string() + "-outside.json");
  std::ofstream(outside) << "keep\n";
  std::string manifest = slurp(dir.path / "manifest.json");
  const std::string needle = "\"file\": \"One.trust.json\"";
  REQUIRE(manifest.find(needle) != std::string::npos);
  manifest.replace(manifest.find(needle), needle.size(),
                   "\"file\": \"../" + outside.filename().string() + "\"");
  std::ofstream(dir.path / "manifest.json", std::ios::trunc) << manifest;
  const gen::WriteReport w = gen::write_directory(dir.str(), files, true);
  CHECK(w.error.empty());
  CHECK(w.removed.empty());
  CHECK(slurp(outside) == "keep\n");
  fs::remove(outside);
}

TEST_CASE("generate output: temporaries a killed run left are removed under the lock") {
  Dir dir;
  REQUIRE(gen::write_directory(dir.str(), files_for({kOne}), false).error.empty());
  std::ofstream(dir.path / ".iamsmith-tmp-00112233445566ff") << "half";
  std::ofstream(dir.path / ".iamsmith-tmp-mine") << "not ours";
  const gen::WriteReport w = gen::write_directory(dir.str(), files_for({kOne, kTwo}), true);
  REQUIRE(w.error.empty());
  CHECK(w.notes == std::vector<std::string>{"removed 1 temporary file left in " + dir.str() + " by an interrupted run"});
  CHECK_FALSE(fs::exists(dir.path / ".iamsmith-tmp-00112233445566ff"));
  CHECK(fs::exists(dir.path / ".iamsmith-tmp-mine"));
}

TEST_CASE("generate output: a second run into the same directory waits for the first's lock") {
  Dir dir;
  fs::create_directories(dir.path);
  atomic::LockResult first = atomic::lock_directory(dir.str());  // a run in the middle of its commit
  REQUIRE(first.lock.held());
  std::promise<void> waiting;
  gen::WriteOptions options;
  options.on_wait = [&waiting] { waiting.set_value(); };
  const auto files = files_for({kOne});
  std::future<gen::WriteReport> second =
      std::async(std::launch::async, [&] { return gen::write_directory(dir.str(), files, options); });
  waiting.get_future().wait();
  CHECK(snapshot(dir.path).empty());  // it waits before writing anything
  first.lock.release();
  const gen::WriteReport w = second.get();
  CHECK(w.error.empty());
  CHECK(w.written.size() == files.size());
}

TEST_CASE("generate output: a refused write does not even create the lock file") {
  Dir dir;
  const auto files = files_for({kOne});
  fs::create_directories(dir.path);
  std::ofstream(dir.path / "One.trust.json") << "{}\n";
  const gen::WriteReport w = gen::write_directory(dir.str(), files, false);
  CHECK(w.conflicts == std::vector<std::string>{"One.trust.json"});
  CHECK_FALSE(fs::exists(dir.path / ".iamsmith.lock"));
}

TEST_CASE("generate output: --check waits while a write holds the lock, so it never sees half a set") {
  Dir dir;
  const auto files = files_for({kOne});
  REQUIRE(gen::write_directory(dir.str(), files, false).error.empty());
  atomic::LockResult writer = atomic::lock_directory(dir.str());
  REQUIRE(writer.lock.held());
  std::promise<void> waiting;
  std::future<std::vector<gen::Difference>> check = std::async(std::launch::async, [&] {
    return gen::check_directory(dir.str(), files, [&waiting] { waiting.set_value(); });
  });
  waiting.get_future().wait();  // it found the lock taken
  writer.lock.release();
  CHECK(check.get().empty());
  // A directory never written by iamsmith (no lock file) is checked without one.
  Dir fresh;
  fs::create_directories(fresh.path);
  CHECK(gen::check_directory(fresh.str(), files).size() == files.size());
  CHECK_FALSE(fs::exists(fresh.path / ".iamsmith.lock"));
}
