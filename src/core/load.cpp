// From a JSON tree to the policy model. Lenient by design: an element of the wrong type is
// recorded and left out, an unknown key is kept, so that the linter can report every problem.
// Grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <limits>
#include <algorithm>
#include <fstream>
#include <istream>
#include <system_error>
#include <utility>

#include "iamsmith/load.hpp"
#include "iamsmith/syntax.hpp"

namespace iamsmith {
namespace {

constexpr std::string_view kStringOrList = "a string or an array of strings";

class Builder {
 public:
  explicit Builder(std::vector<TypeMismatch>& mismatches) : mismatches_(mismatches) {}

  void mismatch(std::string_view expected, const json::Node& node) {
    mismatches_.push_back({std::string(expected), node.type, node.span});
  }

  static Scalar scalar(const json::Node& node) {
    Scalar s;
    s.type = node.type;
    s.text = node.text;
    s.span = node.span;
    return s;
  }

  std::optional<Scalar> string(const json::Node& node) {
    if (!node.is_string()) {
      mismatch("a string", node);
      return std::nullopt;
    }
    return scalar(node);
  }

  // A string or an array of strings; with `allow_scalars`, numbers and booleans too (condition
  // values).
  std::optional<ValueList> list(const json::Node& node, bool allow_scalars) {
    auto accepted = [allow_scalars](const json::Node& n) {
      return n.is_string() || (allow_scalars && (n.type == json::Type::Number || n.type == json::Type::Bool));
    };
    const std::string_view expected =
        allow_scalars ? "a string, number, boolean or an array of them" : kStringOrList;
    ValueList out;
    out.span = node.span;
    if (node.is_array()) {
      out.is_array = true;
      out.items.reserve(node.items.size());
      for (const json::Node& item : node.items) {
        if (accepted(item)) {
          out.items.push_back(scalar(item));
        } else {
          mismatch(allow_scalars ? "a string, number or boolean" : "a string", item);
        }
      }
      return out;
    }
    if (!accepted(node)) {
      mismatch(expected, node);
      return std::nullopt;
    }
    out.items.push_back(scalar(node));
    return out;
  }

  std::optional<Principal> principal(const json::Member& member) {
    const json::Node& node = member.value;
    Principal p;
    p.key_span = member.key_span;
    p.span = node.span;
    if (node.is_string()) {
      p.bare = scalar(node);
      return p;
    }
    if (!node.is_object()) {
      mismatch("\"*\" or an object mapping principal types to values", node);
      return std::nullopt;
    }
    p.groups.reserve(node.members.size());
    for (const json::Member& m : node.members) {
      PrincipalGroup group;
      group.key = m.key;
      group.type = principal_type_from_key(m.key);
      group.key_span = m.key_span;
      auto values = list(m.value, false);
      if (!values) continue;
      group.values = std::move(*values);
      p.groups.push_back(std::move(group));
    }
    return p;
  }

  std::optional<ConditionBlock> condition(const json::Member& member) {
    const json::Node& node = member.value;
    if (!node.is_object()) {
      mismatch("an object mapping condition operators to keys and values", node);
      return std::nullopt;
    }
    ConditionBlock block;
    block.key_span = member.key_span;
    block.span = node.span;
    for (const json::Member& op_member : node.members) {
      if (!op_member.value.is_object()) {
        mismatch("an object mapping condition keys to values", op_member.value);
        continue;
      }
      ConditionOperator op;
      op.name = op_member.key;
      op.key_span = op_member.key_span;
      for (const json::Member& key_member : op_member.value.members) {
        auto values = list(key_member.value, true);
        if (!values) continue;
        op.entries.push_back({key_member.key, key_member.key_span, std::move(*values)});
      }
      block.operators.push_back(std::move(op));
    }
    return block;
  }

  Statement statement(const json::Node& node) {
    Statement st;
    st.span = node.span;
    st.keys.reserve(node.members.size());
    for (const json::Member& m : node.members) {
      st.keys.push_back({m.key, m.key_span});
      const std::string& k = m.key;
      if (k == "Sid") {
        st.sid = string(m.value);
      } else if (k == "Effect") {
        st.effect = string(m.value);
      } else if (k == "Principal") {
        st.principal = principal(m);
      } else if (k == "NotPrincipal") {
        st.not_principal = principal(m);
      } else if (k == "Action") {
        st.action = list(m.value, false);
      } else if (k == "NotAction") {
        st.not_action = list(m.value, false);
      } else if (k == "Resource") {
        st.resource = list(m.value, false);
      } else if (k == "NotResource") {
        st.not_resource = list(m.value, false);
      } else if (k == "Condition") {
        st.condition = condition(m);
      } else {
        st.unknown.push_back({m.key, m.key_span, m.value});
      }
    }
    return st;
  }

  std::optional<OneOrMany<Statement>> statements(const json::Node& node) {
    OneOrMany<Statement> out;
    out.span = node.span;
    if (node.is_object()) {
      out.items.push_back(statement(node));
      return out;
    }
    if (!node.is_array()) {
      mismatch("an object or an array of objects", node);
      return std::nullopt;
    }
    out.is_array = true;
    out.items.reserve(node.items.size());
    for (const json::Node& item : node.items) {
      if (item.is_object()) {
        out.items.push_back(statement(item));
      } else {
        mismatch("an object", item);
      }
    }
    return out;
  }

 private:
  std::vector<TypeMismatch>& mismatches_;
};

}  // namespace

std::optional<Policy> build_policy(const json::Node& root) {
  Policy policy;
  policy.span = root.span;
  Builder b(policy.type_mismatches);
  if (!root.is_object()) {
    b.mismatch("an object", root);
    return policy;
  }
  for (const json::Member& m : root.members) {
    policy.keys.push_back({m.key, m.key_span});
    if (m.key == "Version") {
      policy.version = b.string(m.value);
    } else if (m.key == "Id") {
      policy.id = b.string(m.value);
    } else if (m.key == "Statement") {
      policy.statement = b.statements(m.value);
    } else {
      policy.unknown.push_back({m.key, m.key_span, m.value});
    }
  }
  return policy;
}

LoadedPolicy load_policy_text(std::string text, std::string path,
                              const json::ParseOptions& options) {
  LoadedPolicy loaded;
  loaded.path = std::move(path);
  const inputs::Syntax syntax = inputs::syntax_of(loaded.path, text);
  loaded.document = inputs::read_tree(std::move(text), syntax, options);
  if (loaded.document.root) loaded.policy = build_policy(*loaded.document.root);
  return loaded;
}

namespace {

// Closes a descriptor on every path out of read_file.
struct Descriptor {
  int fd = -1;
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  explicit Descriptor(int d) : fd(d) {}
  ~Descriptor() {
    if (fd >= 0) ::close(fd);
  }
};

// Appends what `fd` holds to `bytes`, stopping at the end of the input or once `bytes` holds more
// than `max_bytes`; false on a read error. A regular file's size is known (`regular`, `size`):
// one read of one byte more than that size returns it whole, and a short read is its end.
bool read_all(int fd, std::string& bytes, std::size_t max_bytes, bool regular, std::size_t size) {
  // One byte past the limit is enough to know an input is too large (the limit may be the
  // largest size_t: then it cannot be exceeded, and the cap is the limit itself).
  const std::size_t cap = max_bytes == std::numeric_limits<std::size_t>::max() ? max_bytes : max_bytes + 1;
  std::size_t want = std::min(cap, regular ? size + 1 : std::size_t{64 * 1024});
  while (bytes.size() < cap) {
    const std::size_t before = bytes.size();
    const std::size_t room = std::min(want, cap - before);
    bytes.resize(before + room);
    const ::ssize_t got = ::read(fd, bytes.data() + before, room);
    if (got < 0 && errno == EINTR) {
      bytes.resize(before);
      continue;
    }
    if (got < 0) {
      bytes.resize(before);
      return false;
    }
    bytes.resize(before + static_cast<std::size_t>(got));
    if (got == 0) break;  // the end of the input
    if (regular && static_cast<std::size_t>(got) < room) break;
    want = std::max<std::size_t>(want, 64 * 1024);
  }
  return true;
}

// Why a file cannot be looked up, from the error of stat(2): not every failure is "no such file".
IoError stat_error(const std::filesystem::path& path, const std::error_code& ec) {
  const std::string name = path.string();
  std::error_code link_ec;
  if (ec == std::errc::no_such_file_or_directory && std::filesystem::is_symlink(path, link_ec)) {
    const std::filesystem::path target = std::filesystem::read_symlink(path, link_ec);
    // Appended piece by piece: GCC 12 at -O3 warns (-Wrestrict) about "'" + std::string&&.
    std::string message = name;
    message += ": a symbolic link to ";
    if (link_ec) {
      message += "a file";
    } else {
      message += '\'';
      message += target.string();
      message += '\'';
    }
    message += ", which does not exist";
    return IoError{IoErrorKind::NotFound, std::move(message)};
  }
  if (ec == std::errc::no_such_file_or_directory || !ec) return IoError{IoErrorKind::NotFound, name + ": no such file"};
  if (ec == std::errc::not_a_directory) {
    return IoError{IoErrorKind::NotFound, name + ": no such file (a part of the path is not a directory)"};
  }
  if (ec == std::errc::too_many_symbolic_link_levels) {
    return IoError{IoErrorKind::ReadFailed, name + ": too many levels of symbolic links (a symbolic link loop)"};
  }
  if (ec == std::errc::permission_denied) {
    return IoError{IoErrorKind::PermissionDenied,
                   name + ": permission denied (a directory on the path cannot be searched)"};
  }
  return IoError{IoErrorKind::ReadFailed, name + ": cannot look up the file: " + ec.message()};
}

// A FIFO, a character device or a socket: opened without blocking, so that a named pipe no one
// writes to reads as empty instead of waiting for ever, then read like a stream.
FileRead read_special(const std::string& name, std::size_t max_bytes, bool fifo) {
  FileRead out;
  const int fd = ::open(name.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    const IoErrorKind kind = err == EACCES ? IoErrorKind::PermissionDenied : IoErrorKind::ReadFailed;
    out.error = IoError{kind, name + ": cannot open: " + std::strerror(err)};
    return out;
  }
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0) (void)::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);  // a writer's data is waited for
  std::string bytes;
  constexpr std::size_t kChunk = 64 * 1024;
  int err = 0;
  while (bytes.size() <= max_bytes) {
    const std::size_t before = bytes.size();
    const std::size_t room = max_bytes - before;
    const std::size_t want = room >= kChunk ? kChunk : room + 1;
    bytes.resize(before + want);
    const ::ssize_t got = ::read(fd, bytes.data() + before, want);
    if (got < 0 && errno == EINTR) {
      bytes.resize(before);
      continue;
    }
    bytes.resize(before + (got > 0 ? static_cast<std::size_t>(got) : 0));
    if (got < 0) err = errno;
    if (got <= 0) break;
  }
  ::close(fd);
  if (err != 0) {
    out.error = IoError{IoErrorKind::ReadFailed, name + ": read error: " + std::strerror(err)};
    return out;
  }
  if (fifo && bytes.empty()) {
    out.error = IoError{IoErrorKind::ReadFailed, name + ": a named pipe (FIFO) with nothing written to it"};
    return out;
  }
  if (bytes.size() > max_bytes) {
    out.too_large = true;
    return out;
  }
  out.size = bytes.size();
  out.bytes = std::move(bytes);
  return out;
}

}  // namespace

FileRead read_file(const std::filesystem::path& path, std::size_t max_bytes) {
  // One stat, one open and (for a regular file) one read of exactly its size: the file's bytes
  // go straight into the string the document keeps, with no buffer left over. stat comes first
  // so that a FIFO is opened without blocking, and a missing file's message says why it is.
  FileRead out;
  const std::string name = path.string();
  struct ::stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    out.error = stat_error(path, std::error_code(errno, std::generic_category()));
    return out;
  }
  if (S_ISDIR(st.st_mode)) {
    out.error = IoError{IoErrorKind::NotARegularFile, name + ": is a directory, not a file"};
    return out;
  }
  if (!S_ISREG(st.st_mode)) return read_special(name, max_bytes, S_ISFIFO(st.st_mode));
  const auto size = static_cast<std::uintmax_t>(st.st_size);
  if (size > max_bytes) {
    out.too_large = true;
    out.size = size;
    return out;
  }
  const Descriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (file.fd < 0) {
    const int err = errno;
    if (err == ENOENT) {
      out.error = IoError{IoErrorKind::NotFound, name + ": no such file (it was removed while iamsmith ran)"};
    } else {
      const IoErrorKind kind = err == EACCES ? IoErrorKind::PermissionDenied : IoErrorKind::ReadFailed;
      out.error = IoError{kind, name + ": cannot open: " + std::strerror(err)};
    }
    return out;
  }
  std::string bytes;
  if (!read_all(file.fd, bytes, max_bytes, true, static_cast<std::size_t>(size))) {
    out.error = IoError{IoErrorKind::ReadFailed, name + ": read error: " + std::strerror(errno)};
    return out;
  }
  if (bytes.size() > max_bytes) {
    out.too_large = true;  // it grew while read: read only up to the limit, the real size is unknown
    return out;
  }
  out.size = bytes.size();
  out.bytes = std::move(bytes);
  return out;
}

FileRead read_stream(std::istream& in, const std::string& name, std::size_t max_bytes) {
  FileRead out;
  std::string bytes;
  constexpr std::size_t kChunk = 64 * 1024;
  while (in && bytes.size() <= max_bytes) {
    const std::size_t before = bytes.size();
    // Up to one byte past the limit, without computing max_bytes + 1 (it wraps at SIZE_MAX).
    const std::size_t room = max_bytes - before;
    const std::size_t want = room >= kChunk ? kChunk : room + 1;
    bytes.resize(before + want);
    in.read(bytes.data() + before, static_cast<std::streamsize>(want));
    const auto got = static_cast<std::size_t>(in.gcount());
    bytes.resize(before + got);
    if (got == 0) break;  // nothing more comes: end of input, or an error (checked below)
  }
  if (in.bad()) {
    out.error = IoError{IoErrorKind::ReadFailed, name + ": read error"};
    return out;
  }
  if (bytes.size() > max_bytes) {
    out.too_large = true;  // read only up to the limit: the real size is unknown
    return out;
  }
  out.size = bytes.size();
  out.bytes = std::move(bytes);
  return out;
}

namespace {

LoadFileResult load_read(FileRead read, const std::string& name, const json::ParseOptions& options) {
  LoadFileResult result;
  if (read.error) {
    result.error = std::move(read.error);
    return result;
  }
  if (read.too_large) {
    LoadedPolicy loaded;
    loaded.path = name;
    loaded.document = json::too_large_document(read.size, options.max_bytes);
    result.loaded = std::move(loaded);
    return result;
  }
  result.loaded = load_policy_text(std::move(*read.bytes), name, options);
  return result;
}

}  // namespace

LoadFileResult load_policy_file(const std::filesystem::path& path,
                                const json::ParseOptions& options) {
  return load_read(read_file(path, options.max_bytes), path.string(), options);
}

LoadFileResult load_policy_stream(std::istream& in, const std::string& name,
                                  const json::ParseOptions& options) {
  return load_read(read_stream(in, name, options.max_bytes), name, options);
}

}  // namespace iamsmith
