#pragma once
// Reading policy files: bytes -> json::Document -> Policy.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>

#include "iamsmith/json.hpp"
#include "iamsmith/policy.hpp"

namespace iamsmith {

struct LoadedPolicy {
  std::string path;        // as the user named it; "<stdin>" or a test label otherwise
  json::Document document; // source text, JSON tree, and what the parser had to be lenient about
  std::optional<Policy> policy;  // absent when the file is not JSON or its root is not an object
  // A document inside a container (a template; see iamsmith/inputs.hpp): `document.source` is
  // the container's whole text, the spans and pointers are the container's, and the document's
  // own text is its compact JSON (what the size quota counts).
  bool embedded = false;
};

// Builds the policy model from a parsed JSON tree. Never fails: wrong types are recorded in
// Policy::type_mismatches, unknown keys in `unknown`.
[[nodiscard]] std::optional<Policy> build_policy(const json::Node& root);

// Parses `text` (YAML when the path names a YAML file, see inputs::syntax_of) and builds the
// policy.
[[nodiscard]] LoadedPolicy load_policy_text(std::string text, std::string path,
                                            const json::ParseOptions& options = {});

enum class IoErrorKind { NotFound, NotARegularFile, PermissionDenied, ReadFailed };

struct IoError {
  IoErrorKind kind;
  std::string message;  // names the file and says what went wrong
};

// Reads a whole file, refusing (without reading it all) files over `max_bytes`; then the file's
// size is reported through the document's TooLarge error, not as an I/O error.
struct FileRead {
  std::optional<std::string> bytes;
  std::optional<IoError> error;
  bool too_large = false;
  std::optional<std::uintmax_t> size;  // exact when known; a stream that is too large has none
};
[[nodiscard]] FileRead read_file(const std::filesystem::path& path, std::size_t max_bytes);

// Reads a stream (standard input, a pipe) up to one byte past `max_bytes`, like read_file.
[[nodiscard]] FileRead read_stream(std::istream& in, const std::string& name, std::size_t max_bytes);

// Reads and loads a file. An I/O problem is returned as an error; a content problem is in the
// LoadedPolicy's document.
struct LoadFileResult {
  std::optional<LoadedPolicy> loaded;
  std::optional<IoError> error;
};
[[nodiscard]] LoadFileResult load_policy_file(const std::filesystem::path& path,
                                              const json::ParseOptions& options = {});
// The same for a stream; `name` labels it in messages ("<stdin>").
[[nodiscard]] LoadFileResult load_policy_stream(std::istream& in, const std::string& name,
                                                const json::ParseOptions& options = {});

}  // namespace iamsmith
