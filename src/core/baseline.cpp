#include "iamsmith/baseline.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/prettywriter.h>

#include <algorithm>
#include <charconv>
#include <unordered_map>
#include <utility>

#include "iamsmith/json.hpp"

namespace iamsmith {
namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------------
// Repository-relative paths.

namespace {

fs::path canonical_or_normal(const fs::path& path) {
  std::error_code ec;
  fs::path absolute = fs::absolute(path, ec);
  if (ec) return path.lexically_normal();
  fs::path canonical = fs::weakly_canonical(absolute, ec);
  return ec ? absolute.lexically_normal() : canonical;
}

}  // namespace

RepositoryPaths::RepositoryPaths(fs::path fallback) : fallback_(canonical_or_normal(fallback)) {}

std::string RepositoryPaths::relative(std::string_view path) {
  if (path.empty() || path == "-" || path.front() == '<') return std::string(path);  // "<stdin>"
  const fs::path file = canonical_or_normal(fs::path(path));
  const fs::path directory = file.parent_path();
  fs::path root;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    auto found = roots_.find(directory.string());
    if (found == roots_.end()) {
      root = fallback_;
      std::error_code ec;
      for (fs::path d = directory; !d.empty(); d = d.parent_path()) {
        if (fs::exists(d / ".git", ec)) {  // a directory, or a file in a worktree or submodule
          root = d;
          break;
        }
        if (d == d.parent_path()) break;
      }
      found = roots_.emplace(directory.string(), root).first;
    }
    root = found->second;
  }
  const fs::path relative = file.lexically_relative(root);
  if (relative.empty() || *relative.begin() == "..") return file.generic_string();
  return relative.generic_string();
}

// ---------------------------------------------------------------------------------------------
// Flagged elements.

namespace {

std::vector<std::string> pointer_tokens(std::string_view pointer) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < pointer.size()) {
    const std::size_t slash = pointer.find('/', start + 1);
    const std::size_t end = slash == std::string_view::npos ? pointer.size() : slash;
    std::string token;
    for (std::size_t i = start + 1; i < end; ++i) {
      if (pointer[i] == '~' && i + 1 < end && (pointer[i + 1] == '0' || pointer[i + 1] == '1')) {
        token += pointer[i + 1] == '0' ? '~' : '/';
        ++i;
      } else {
        token += pointer[i];
      }
    }
    out.push_back(std::move(token));
    start = end;
  }
  return out;
}

bool is_index(std::string_view token) {
  return !token.empty() && std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Whether `prefix` is `pointer` or a whole-segment prefix of it.
bool segment_prefix(std::string_view prefix, std::string_view pointer) {
  if (pointer.substr(0, prefix.size()) != prefix) return false;
  return pointer.size() == prefix.size() || pointer[prefix.size()] == '/' || (!prefix.empty() && prefix.back() == '/');
}

// One step of a walk from the tree's root along a pointer.
struct Step {
  std::string_view token;
  const json::Node* node;  // after the step; null once the pointer leaves the tree
  bool into_array = false;
  std::string_view parent_key;  // the key of the array stepped into, when into_array
};

// Walks `pointer` through `root` (whose own pointer may be a prefix: an embedded document),
// calling `visit` for each token.
template <class Visit>
void walk_pointer(std::string_view pointer, const json::Node* root, const Visit& visit) {
  const json::Node* node = root;
  std::string_view rest = pointer;
  if (root == nullptr || !segment_prefix(root->span.pointer, pointer)) {
    node = nullptr;
  } else {
    rest.remove_prefix(root->span.pointer.size());
  }
  // The tokens before the tree's root (a template's path to an embedded document).
  const std::vector<std::string> before = node == nullptr ? pointer_tokens(pointer) : pointer_tokens(root->span.pointer);
  if (node != nullptr) {
    for (const std::string& t : before) visit(Step{t, nullptr, false, {}}, false);
  }
  const std::vector<std::string> tokens = node == nullptr ? before : pointer_tokens(rest);
  std::string_view key;  // the last object key stepped through
  for (const std::string& token : tokens) {
    Step step{token, nullptr, false, {}};
    if (node != nullptr && node->is_array() && is_index(token)) {
      std::size_t index = 0;
      const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), index);
      if (ec == std::errc() && end == token.data() + token.size() && index < node->items.size()) {
        step.node = &node->items[index];
        step.into_array = true;
        step.parent_key = key;
      }
    } else if (node != nullptr && node->is_object()) {
      if (const json::Member* m = node->find(token)) step.node = &m->value;
      key = token;
    }
    node = step.node;
    visit(step, true);
  }
}

std::string_view sid_of(const json::Node* node) {
  if (node == nullptr || !node->is_object()) return {};
  const json::Node* sid = node->get("Sid");
  return sid != nullptr && sid->is_string() ? std::string_view(sid->text) : std::string_view();
}

// The content of a node, independent of layout and of member order.
void canonical(const json::Node& node, std::string& out) {
  switch (node.type) {
    case json::Type::Null: out += 'z'; return;
    case json::Type::Bool: out += node.text == "true" ? 't' : 'f'; return;
    case json::Type::Number:
    case json::Type::String:
      out += node.type == json::Type::Number ? 'n' : 's';
      out += std::to_string(node.text.size());
      out += ':';
      out += node.text;
      return;
    case json::Type::Array:
      out += '[';
      for (const json::Node& item : node.items) canonical(item, out);
      out += ']';
      return;
    case json::Type::Object: {
      std::vector<const json::Member*> members;
      members.reserve(node.members.size());
      for (const json::Member& m : node.members) members.push_back(&m);
      std::stable_sort(members.begin(), members.end(),
                       [](const json::Member* a, const json::Member* b) { return a->key < b->key; });
      out += '{';
      for (const json::Member* m : members) {
        out += std::to_string(m->key.size());
        out += ':';
        out += m->key;
        canonical(m->value, out);
      }
      out += '}';
      return;
    }
  }
}

}  // namespace

void note_flagged_elements(std::vector<Diagnostic>& findings, const json::Node* root) {
  std::unordered_map<std::string, std::string> contents;  // pointer -> hash of its content
  for (Diagnostic& d : findings) {
    std::string place;
    const json::Node* flagged = nullptr;
    bool resolved = true;
    walk_pointer(d.span.pointer, root, [&](const Step& step, bool in_tree) {
      place += '/';
      if (step.into_array) {
        const std::string_view sid = sid_of(step.node);
        // Appended piece by piece: GCC 12 -O3 warns (-Wrestrict) on "[" + std::string(...).
        place += '[';
        place += sid;
        place += ']';
      } else if (is_index(step.token)) {
        place += "[]";
      } else {
        place += step.token;
      }
      if (in_tree) {
        flagged = step.node;
        resolved = step.node != nullptr;
      }
    });
    std::string content;
    if (d.span.pointer.empty() || root == nullptr) {
      // The whole document (P005, a missing Version): its content changes with every edit.
    } else if (resolved && flagged != nullptr) {
      auto found = contents.find(d.span.pointer.str());
      if (found == contents.end()) {
        std::string text;
        canonical(*flagged, text);
        found = contents.emplace(d.span.pointer, fingerprint_hash({text})).first;
      }
      content = found->second;
    }
    d.fingerprint = place + '\n' + content;
  }
}

void set_fingerprints(std::vector<Diagnostic>& findings, std::string_view repository_path) {
  std::map<std::string, std::size_t> seen;  // rule and element -> how many so far
  for (Diagnostic& d : findings) {
    if (d.fingerprint.empty()) {
      std::vector<Diagnostic> one{d};
      note_flagged_elements(one, nullptr);
      d.fingerprint = std::move(one[0].fingerprint);
    }
    const std::size_t occurrence = seen[d.rule_id + '\n' + d.fingerprint]++;
    d.fingerprint = fingerprint_hash({"2", repository_path, d.rule_id, d.fingerprint, std::to_string(occurrence)});
  }
}

std::string statement_sid(std::string_view pointer, const json::Node* root) {
  std::string sid;
  walk_pointer(pointer, root, [&](const Step& step, bool) {
    if (step.into_array && step.parent_key == "Statement") sid = std::string(sid_of(step.node));
  });
  return sid;
}

// ---------------------------------------------------------------------------------------------
// Baseline files.

std::string write_baseline(const std::vector<FileReport>& reports) {
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buffer);
  w.SetIndent(' ', 2);
  auto put = [&w](const char* key, std::string_view value) {
    w.Key(key);
    w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
  };
  w.StartObject();
  w.Key("version");
  w.Uint(2);
  w.Key("findings");
  w.StartArray();
  for (const FileReport& r : reports) {
    for (const Diagnostic& d : r.diagnostics) {
      w.StartObject();
      put("fingerprint", fingerprint(d, r.path));
      put("rule", d.rule_id);
      put("file", r.path);
      put("pointer", d.span.pointer);
      put("message", d.message);
      w.EndObject();
    }
  }
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

Baseline parse_baseline(const std::string& text, std::vector<std::string>& problems) {
  Baseline baseline;
  const json::Document doc = json::parse(text);
  if (doc.error) {
    problems.push_back("not JSON at line " + std::to_string(doc.error->span.line) + ", column " +
                       std::to_string(doc.error->span.column) + ": " + doc.error->message);
    return baseline;
  }
  const json::Node* findings = doc.root->get("findings");
  if (!doc.root->is_object() || findings == nullptr || !findings->is_array()) {
    problems.push_back("expected an object with a \"findings\" array (written by --write-baseline)");
    return baseline;
  }
  // Baselines written before the version field are version 1.
  const json::Node* version = doc.root->get("version");
  if (version != nullptr && (version->type != json::Type::Number || (version->text != "1" && version->text != "2"))) {
    problems.push_back("unknown baseline version " + version->text + " (this iamsmith reads versions 1 and 2)");
    return baseline;
  }
  baseline.version = version != nullptr && version->text == "2" ? 2 : 1;
  for (const json::Node& f : findings->items) {
    const json::Node* fp = f.get("fingerprint");
    if (fp == nullptr || !fp->is_string()) {
      problems.push_back("a finding at line " + std::to_string(f.span.line) + " has no \"fingerprint\"");
      continue;
    }
    baseline.fingerprints.insert(fp->text);
  }
  return baseline;
}

std::size_t apply_baseline(const Baseline& baseline, FileReport& report) {
  auto& ds = report.diagnostics;
  const auto before = ds.size();
  ds.erase(std::remove_if(ds.begin(), ds.end(),
                          [&](const Diagnostic& d) {
                            const std::string key =
                                baseline.version == 1
                                    ? fingerprint_hash({d.rule_id, report.path, d.span.pointer, d.message})
                                    : fingerprint(d, report.path);
                            return baseline.fingerprints.count(key) != 0;
                          }),
           ds.end());
  return before - ds.size();
}

std::size_t apply_baseline(const Baseline& baseline, std::vector<FileReport>& reports) {
  std::size_t removed = 0;
  for (FileReport& r : reports) removed += apply_baseline(baseline, r);
  return removed;
}

}  // namespace iamsmith
