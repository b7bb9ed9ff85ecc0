#include "iamsmith/atomic_write.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <random>
#include <string>
#include <utility>

namespace iamsmith::atomic {

int System::open(const char* path, int flags, unsigned mode) { return ::open(path, flags, static_cast<mode_t>(mode)); }
std::ptrdiff_t System::write(int fd, const void* data, std::size_t size) { return ::write(fd, data, size); }
int System::fsync(int fd) { return ::fsync(fd); }
int System::close(int fd) { return ::close(fd); }
int System::rename(const char* from, const char* to) { return ::rename(from, to); }
int System::link(const char* from, const char* to) { return ::link(from, to); }
int System::unlink(const char* path) { return ::unlink(path); }

System& real_system() {
  static System system;
  return system;
}

namespace {

constexpr std::string_view kTempPrefix = ".iamsmith-tmp-";
constexpr std::size_t kTempDigits = 16;
constexpr std::size_t kChunk = std::size_t{1} << 20;  // a signal is noticed between chunks
constexpr int kInterrupts[] = {SIGINT, SIGTERM, SIGHUP};

sigset_t interrupt_set() {
  sigset_t set;
  sigemptyset(&set);
  for (int s : kInterrupts) sigaddset(&set, s);
  return set;
}

std::string errno_text(int error) { return std::strerror(error); }

std::string join(const std::string& dir, std::string_view name) {
  if (dir.empty()) return std::string(name);
  return dir.back() == '/' ? dir + std::string(name) : dir + "/" + std::string(name);
}

// An unpredictable name: 64 bits from the system's random source, so nobody can plant a symlink
// (or anything) there in advance; O_EXCL catches the rest.
std::string random_temp_name() {
  static std::random_device device;
  const std::uint64_t value = (std::uint64_t{device()} << 32) ^ std::uint64_t{device()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string name(kTempPrefix);
  for (std::size_t i = 0; i < kTempDigits; ++i) name.push_back(kHex[(value >> (4 * (kTempDigits - 1 - i))) & 0xF]);
  return name;
}

struct Op {
  std::string name;        // the target's plain name
  const std::string* content = nullptr;  // null: a removal
  std::string temp;        // the staged temporary (writes)
  std::string backup;      // a hard link to the old file, when there was one and linking worked
  bool existed = false;    // the target existed before
  bool done = false;       // the change is in place
};

class SetWriter {
 public:
  SetWriter(const std::string& dir, System& system) : dir_(dir), system_(system) {}

  SetResult run(const std::vector<FileContent>& files, const std::vector<std::string>& removals) {
    for (const std::string& name : removals) ops_.push_back(Op{name, nullptr, {}, {}, true, false});
    for (const FileContent& f : files) ops_.push_back(Op{f.name, &f.content, {}, {}, false, false});
    if (!preflight()) return result_;
    for (Op& op : ops_) {
      if (op.content == nullptr) continue;
      if (interrupted() || !stage(op)) {
        discard();
        return result_;
      }
    }
    // The last moment a signal can stop the set; from here on the commit runs to its end.
    if (interrupted()) {
      discard();
      return result_;
    }
    for (Op& op : ops_) {
      if (op.existed) backup(op);
    }
    commit();
    return result_;
  }

 private:
  std::string dir_;
  System& system_;
  std::vector<Op> ops_;
  SetResult result_;

  std::string path(std::string_view name) const { return join(dir_, name); }

  void fail(std::string error) {
    result_.status = Status::Failed;
    result_.error = std::move(error);
  }

  bool interrupted() {
    if (result_.status == Status::Interrupted) return true;
    const int signal = pending_interrupt();
    if (signal == 0) return false;
    result_.status = Status::Interrupted;
    result_.signal = signal;
    return true;
  }

  // Everything that can be known before writing: a name that is not plain, a directory (or a
  // FIFO, a device) where a file is to go, a removal that is not a regular file.
  bool preflight() {
    for (Op& op : ops_) {
      if (op.name.empty() || op.name == "." || op.name == ".." || op.name.find('/') != std::string::npos) {
        fail(path(op.name) + ": not a plain file name");
        return false;
      }
      struct stat st {};
      if (::lstat(path(op.name).c_str(), &st) != 0) {
        if (errno == ENOENT && op.content != nullptr) continue;
        fail(path(op.name) + ": cannot " + (op.content != nullptr ? "write" : "remove") + ": " + errno_text(errno));
        return false;
      }
      op.existed = true;
      if (S_ISDIR(st.st_mode)) {
        fail(path(op.name) + ": a directory is in the way");
        return false;
      }
      const bool replaceable = S_ISREG(st.st_mode) || (op.content != nullptr && S_ISLNK(st.st_mode));
      if (!replaceable) {
        fail(path(op.name) + ": not a regular file; it is left alone");
        return false;
      }
    }
    return true;
  }

  bool stage(Op& op) {
    int fd = -1;
    for (int attempt = 0; attempt < 64 && fd < 0; ++attempt) {
      op.temp = random_temp_name();
      fd = system_.open(path(op.temp).c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
      if (fd < 0 && errno != EEXIST && errno != EINTR) break;
    }
    if (fd < 0) {
      const int error = errno;
      op.temp.clear();
      fail(path(op.name) + ": cannot create a temporary file in " + (dir_.empty() ? "." : dir_) + ": " +
           errno_text(error));
      return false;
    }
    const std::string& content = *op.content;
    std::size_t offset = 0;
    while (offset < content.size()) {
      if (interrupted()) {
        system_.close(fd);
        return false;
      }
      const std::size_t size = std::min(kChunk, content.size() - offset);
      const std::ptrdiff_t n = system_.write(fd, content.data() + offset, size);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        const int error = n < 0 ? errno : EIO;
        system_.close(fd);
        fail(path(op.name) + ": cannot write: " + errno_text(error));
        return false;
      }
      offset += static_cast<std::size_t>(n);
    }
    // The data reaches the disk before the name does, so a crash cannot leave a renamed but
    // empty file (delayed allocation); a full disk can show up only here.
    if (system_.fsync(fd) != 0) {
      const int error = errno;
      system_.close(fd);
      fail(path(op.name) + ": cannot write: " + errno_text(error));
      return false;
    }
    if (system_.close(fd) != 0) {
      fail(path(op.name) + ": cannot write: " + errno_text(errno));
      return false;
    }
    return true;
  }

  void backup(Op& op) {
    for (int attempt = 0; attempt < 64; ++attempt) {
      std::string name = random_temp_name();
      if (system_.link(path(op.name).c_str(), path(name).c_str()) == 0) {
        op.backup = std::move(name);
        return;
      }
      if (errno != EEXIST) return;  // no hard links here: this change cannot be undone
    }
  }

  // Removes the staged temporaries (nothing was changed).
  void discard() {
    for (Op& op : ops_) {
      if (!op.temp.empty()) system_.unlink(path(op.temp).c_str());
      op.temp.clear();
    }
  }

  void commit() {
    std::size_t done = 0;
    for (; done < ops_.size(); ++done) {
      Op& op = ops_[done];
      if (op.content == nullptr) {
        if (system_.unlink(path(op.name).c_str()) != 0) {
          fail(path(op.name) + ": cannot remove: " + errno_text(errno));
          break;
        }
      } else {
        if (system_.rename(path(op.temp).c_str(), path(op.name).c_str()) != 0) {
          fail(path(op.name) + ": cannot replace: " + errno_text(errno));
          break;
        }
        op.temp.clear();
      }
      op.done = true;
    }
    if (result_.status == Status::Failed) {
      rollback();
      discard();
      sync_directory();
      return;
    }
    // When the directory cannot be synced every change is still in place, but the names may not
    // survive a crash: Failed, not rolled back, with everything listed.
    if (!sync_directory()) result_.rolled_back = false;
    for (const Op& op : ops_) (op.content != nullptr ? result_.written : result_.removed).push_back(op.name);
    for (const Op& op : ops_) {
      if (!op.backup.empty()) system_.unlink(path(op.backup).c_str());
    }
  }

  void rollback() {
    std::string kept;
    for (auto it = ops_.rbegin(); it != ops_.rend(); ++it) {
      Op& op = *it;
      if (!op.done) {
        if (!op.backup.empty()) system_.unlink(path(op.backup).c_str());
        continue;
      }
      bool undone = false;
      if (!op.backup.empty()) {
        undone = system_.rename(path(op.backup).c_str(), path(op.name).c_str()) == 0;
        if (!undone) kept += "; the old " + op.name + " is kept as " + path(op.backup);
      } else if (!op.existed) {
        undone = system_.unlink(path(op.name).c_str()) == 0;
      }
      if (!undone) {
        result_.rolled_back = false;
        (op.content != nullptr ? result_.written : result_.removed).push_back(op.name);
      }
    }
    result_.error += kept;
  }

  bool sync_directory() {
    const int fd = system_.open(dir_.empty() ? "." : dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
    if (fd < 0) return false;
    const bool ok = system_.fsync(fd) == 0;
    const int error = errno;
    system_.close(fd);
    if (!ok && result_.status == Status::Done) {
      fail((dir_.empty() ? std::string(".") : dir_) + ": cannot sync the directory: " + errno_text(error) +
           "; the files are in place but may not survive a crash");
    }
    return ok;
  }
};

}  // namespace

SignalBlock::SignalBlock() {
  static_assert(sizeof(sigset_t) <= 128 && alignof(sigset_t) <= 8, "SignalBlock::saved_ is too small for a sigset_t");
  const sigset_t set = interrupt_set();
  sigset_t saved;
  pthread_sigmask(SIG_BLOCK, &set, &saved);
  std::memcpy(saved_, &saved, sizeof saved);
}

SignalBlock::~SignalBlock() {
  sigset_t saved;
  std::memcpy(&saved, saved_, sizeof saved);
  pthread_sigmask(SIG_SETMASK, &saved, nullptr);
}

int pending_interrupt() {
  sigset_t pending;
  sigemptyset(&pending);
  if (sigpending(&pending) != 0) return 0;
  for (int s : kInterrupts) {
    if (sigismember(&pending, s) != 1) continue;
    // Linux keeps a blocked signal pending even when its action is SIG_IGN (nohup, or a command
    // started with & by a script without job control): whoever ignored it did not mean it to
    // abandon the write, and unblocking discards it.
    struct sigaction action {};
    if (sigaction(s, nullptr, &action) == 0 && action.sa_handler == SIG_IGN) continue;
    return s;
  }
  return 0;
}

std::string signal_name(int signal) {
  switch (signal) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    case SIGHUP: return "SIGHUP";
    default: return "signal " + std::to_string(signal);
  }
}

bool is_temporary_name(std::string_view name) {
  if (name.size() != kTempPrefix.size() + kTempDigits || name.substr(0, kTempPrefix.size()) != kTempPrefix) return false;
  for (char c : name.substr(kTempPrefix.size())) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

SetResult write_set(const std::string& dir, const std::vector<FileContent>& files,
                    const std::vector<std::string>& removals, System& system) {
  const SignalBlock block;
  SetWriter writer(dir, system);
  return writer.run(files, removals);
}

SetResult write_file(const std::string& path, std::string_view content, System& system) {
  const std::size_t slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
  const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  return write_set(dir, {FileContent{name, std::string(content)}}, {}, system);
}

DirectoryLock::DirectoryLock(DirectoryLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

DirectoryLock& DirectoryLock::operator=(DirectoryLock&& other) noexcept {
  if (this != &other) {
    release();
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

DirectoryLock::~DirectoryLock() { release(); }

void DirectoryLock::release() {
  if (fd_ >= 0) ::close(fd_);  // closing the only descriptor releases the flock
  fd_ = -1;
}

LockResult lock_directory(const std::string& dir, const std::function<void()>& on_wait, bool wait) {
  LockResult result;
  const std::string path = join(dir, kLockFile);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666);
  if (fd < 0) {
    result.error = path + ": cannot create the lock file: " + errno_text(errno);
    return result;
  }
  DirectoryLock lock(fd);
  bool told = false;
  for (;;) {
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
      result.lock = std::move(lock);
      return result;
    }
    if (errno == EINTR) continue;
    if (errno != EWOULDBLOCK) {
      result.error = path + ": cannot lock: " + errno_text(errno);
      return result;
    }
    if (!told && on_wait) on_wait();
    told = true;
    if (!wait) {
      result.error = dir + ": another iamsmith is writing here (it holds " + path + ")";
      return result;
    }
    if (const int signal = pending_interrupt(); signal != 0) {
      result.signal = signal;
      result.error = "interrupted by " + signal_name(signal) + " while waiting for " + path;
      return result;
    }
    // Polling rather than a blocking flock keeps the wait interruptible with signals blocked.
    const timespec pause{0, 50'000'000};
    ::nanosleep(&pause, nullptr);
  }
}

LockResult lock_directory_shared(const std::string& dir, const std::function<void()>& on_wait) {
  LockResult result;
  const std::string path = join(dir, kLockFile);
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return result;
  DirectoryLock lock(fd);
  if (::flock(fd, LOCK_SH | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK) return result;
    if (on_wait) on_wait();
    // A reader has nothing to clean up: a signal may end it while it waits.
    int rc = 0;
    while ((rc = ::flock(fd, LOCK_SH)) != 0 && errno == EINTR) {
    }
    if (rc != 0) return result;
  }
  result.lock = std::move(lock);
  return result;
}

}  // namespace iamsmith::atomic
