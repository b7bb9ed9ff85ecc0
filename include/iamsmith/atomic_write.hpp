#pragma once
// Writing files so that no reader and no failure ever sees half of one: the one home for output
// files (generate --out-dir, lint --write-baseline). (write.hpp is the policy serializer: it makes
// text; this module puts text on disk.)
//
// A set of files is written in three phases:
//   1. stage: each file goes to a temporary in the target directory, created exclusively
//      (O_CREAT|O_EXCL|O_NOFOLLOW, so never through a symlink planted at its name) under an
//      unpredictable name `.iamsmith-tmp-<16 hex digits>`, written whole, fsynced and closed;
//   2. commit: each file that will be replaced or removed is first hard-linked to a backup
//      temporary; removals happen, then the temporaries are renamed into place in the order
//      given (the caller gives a manifest last); the directory is fsynced;
//   3. the backups are removed.
// A failure in 1 (full disk, permission, a directory in the way) removes every temporary and
// changes nothing. A failure in 2 puts the backups back (rollback): the directory is as it was.
// Only when the rollback itself fails (or the file system has no hard links) may a mixed state
// remain, and the result then lists exactly which files are new and which old.
// POSIX has no multi-file rename, so a power loss in the middle of phase 2 can still leave some
// new files beside the old manifest; the manifest being renamed last keeps it naming a set that
// was whole before or is whole after, and the next locked run removes leftover temporaries.
//
// SIGINT, SIGTERM and SIGHUP are blocked while a set is written and checked between steps: one
// arriving before the commit aborts it (temporaries removed, nothing changed); the signal stays
// pending and takes effect when the caller's SignalBlock ends, after it has said what happened.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iamsmith::atomic {

// The system calls the writer makes, each returning what the POSIX call returns and setting
// errno (`mode` is a mode_t, write's result an ssize_t). Tests derive from it to fail one call
// (ENOSPC from write, EROFS from open, ...) or to raise a signal at a chosen step; everything
// else uses real_system().
class System {
 public:
  System() = default;
  System(const System&) = delete;
  System& operator=(const System&) = delete;
  virtual ~System() = default;
  virtual int open(const char* path, int flags, unsigned mode);
  virtual std::ptrdiff_t write(int fd, const void* data, std::size_t size);
  virtual int fsync(int fd);
  virtual int close(int fd);
  virtual int rename(const char* from, const char* to);
  virtual int link(const char* from, const char* to);
  virtual int unlink(const char* path);
};
[[nodiscard]] System& real_system();

// Blocks SIGINT, SIGTERM and SIGHUP for its lifetime (nesting is fine); a signal that arrived
// meanwhile is delivered when the outermost block ends.
class SignalBlock {
 public:
  SignalBlock();
  ~SignalBlock();
  SignalBlock(const SignalBlock&) = delete;
  SignalBlock& operator=(const SignalBlock&) = delete;

 private:
  // The previous mask: a sigset_t, kept as bytes so that this header needs no POSIX one.
  alignas(8) unsigned char saved_[128] = {};
};
// The first of SIGINT, SIGTERM, SIGHUP pending (blocked and arrived) and not ignored, or 0.
[[nodiscard]] int pending_interrupt();
// "SIGINT", "SIGTERM", "SIGHUP", else "signal N".
[[nodiscard]] std::string signal_name(int signal);

// Whether `name` is one of this module's temporaries (a leftover of a killed run).
[[nodiscard]] bool is_temporary_name(std::string_view name);

struct FileContent {
  std::string name;  // a plain file name inside the directory, no '/'
  std::string content;
};

enum class Status {
  Done,         // every change made and synced
  Failed,       // an error; `error` says which, `rolled_back` whether the directory is as before
  Interrupted,  // a signal arrived before the commit: nothing changed
};

struct SetResult {
  Status status = Status::Done;
  int signal = 0;             // Interrupted: which
  std::string error;          // Failed: "PATH: what: strerror"
  bool rolled_back = true;    // Failed: false only when a mixed state remains (see below)
  std::vector<std::string> written;  // Done: names renamed into place. Failed without rollback: those that are new
  std::vector<std::string> removed;  // Done: names removed. Failed without rollback: those that are gone
};

// Writes `files` into the existing directory `dir` and removes `removals` (plain names of regular
// files there) as one set, as described above. Files are renamed in the order given, after the
// removals; a name already holding a directory or anything but a regular file or a symlink fails
// the set before anything is written (a symlink is replaced, never followed).
[[nodiscard]] SetResult write_set(const std::string& dir, const std::vector<FileContent>& files,
                                  const std::vector<std::string>& removals, System& system = real_system());

// One file, atomically: write_set in the file's directory.
[[nodiscard]] SetResult write_file(const std::string& path, std::string_view content, System& system = real_system());

// An exclusive lock on a directory (flock on `<dir>/.iamsmith.lock`, a file left in place: removing a
// lock file races with the next locker), released when the object is destroyed or the process
// ends, however it ends.
class DirectoryLock {
 public:
  DirectoryLock() = default;
  explicit DirectoryLock(int fd) : fd_(fd) {}
  DirectoryLock(DirectoryLock&& other) noexcept;
  DirectoryLock& operator=(DirectoryLock&& other) noexcept;
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;
  ~DirectoryLock();
  [[nodiscard]] bool held() const { return fd_ >= 0; }
  void release();

 private:
  int fd_ = -1;
};

inline constexpr std::string_view kLockFile = ".iamsmith.lock";

struct LockResult {
  DirectoryLock lock;  // held on success
  std::string error;   // "DIR/.iamsmith.lock: cannot lock: ..." or "... another iamsmith holds it"
  int signal = 0;      // a signal (SIGINT, SIGTERM, SIGHUP) arrived while waiting, with signals blocked
};
// Takes the lock. When another process holds it, `on_wait` is called once, then with `wait` the
// call waits (checking for SIGINT/SIGTERM/SIGHUP every 50 ms when those are blocked), without it
// it fails at once.
[[nodiscard]] LockResult lock_directory(const std::string& dir, const std::function<void()>& on_wait = {},
                                        bool wait = true);

// A shared lock for reading the directory (generate --check): it waits while a writer holds the
// lock, calling `on_wait` once. Reading needs no lock file of its own: without one (nothing was
// ever written there, or it cannot be opened) the result holds no lock and no error.
[[nodiscard]] LockResult lock_directory_shared(const std::string& dir, const std::function<void()>& on_wait = {});

}  // namespace iamsmith::atomic
