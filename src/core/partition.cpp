#include "iamsmith/partition.hpp"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <re2/re2.h>

#include <algorithm>

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include "iamsmith/arn.hpp"
#include "iamsmith/suggest.hpp"
#include "iamsmith/text.hpp"

namespace iamsmith::detail {
// Defined in the source that the build generates from rules/ (cmake/embed.cmake).
std::string_view embedded_file(std::string_view name);
}  // namespace iamsmith::detail

namespace iamsmith {

namespace {

constexpr std::string_view kDataFile = "partitions.json";
constexpr std::string_view kGenericPartition = "aws";

struct PartitionTable {
  std::vector<PartitionInfo> list;
  std::vector<std::size_t> match_order;  // indices into list: specific patterns first
};

[[noreturn]] void fail(const std::string& what) {
  throw std::logic_error("embedded rules/" + std::string(kDataFile) + " is broken: " + what);
}

// The embedded file is read with RapidJSON's DOM, not json::parse: the positions and pointers
// that json::parse records for every node cost a fifth of linting one small file here.
using JsonValue = rapidjson::Value;

std::string_view kind_of(const JsonValue& v) {
  if (v.IsString()) return "a string";
  if (v.IsArray()) return "an array";
  if (v.IsObject()) return "an object";
  if (v.IsNumber()) return "a number";
  if (v.IsBool()) return "a boolean";
  return "null";
}

const JsonValue& member(const JsonValue& object, const char* key, bool (JsonValue::*is)() const,
                        std::string_view expected, const std::string& where) {
  const auto it = object.FindMember(key);
  if (it == object.MemberEnd()) fail(where + " has no \"" + std::string(key) + "\"");
  if (!(it->value.*is)()) {
    fail(where + "/" + std::string(key) + " is " + std::string(kind_of(it->value)) + ", expected " +
         std::string(expected));
  }
  return it->value;
}

std::string string_member(const JsonValue& object, const char* key, const std::string& where) {
  const JsonValue& node = member(object, key, &JsonValue::IsString, "a string", where);
  std::string value(node.GetString(), node.GetStringLength());
  if (value.empty()) fail(where + "/" + std::string(key) + " is empty");
  return value;
}

std::vector<std::string> string_list_member(const JsonValue& object, const char* key, const std::string& where) {
  const JsonValue& array = member(object, key, &JsonValue::IsArray, "an array", where);
  std::vector<std::string> out;
  out.reserve(array.Size());
  for (const JsonValue& item : array.GetArray()) {
    if (!item.IsString() || item.GetStringLength() == 0) {
      fail(where + "/" + std::string(key) + " holds something other than a non-empty string");
    }
    out.emplace_back(item.GetString(), item.GetStringLength());
  }
  return out;
}

PartitionTable load_table() {
  const std::string_view text = detail::embedded_file(kDataFile);
  if (text.empty()) fail("the file is missing or empty");
  rapidjson::Document document;
  document.Parse(text.data(), text.size());
  if (document.HasParseError()) {
    const std::string_view before = text.substr(0, document.GetErrorOffset());
    fail(std::string(rapidjson::GetParseError_En(document.GetParseError())) + " at line " +
         std::to_string(std::count(before.begin(), before.end(), '\n') + 1));
  }
  const JsonValue& root = document;
  if (!root.IsObject()) fail("the top level is not an object");
  member(root, "source", &JsonValue::IsString, "a string", "the top level");  // the data must say where from
  const JsonValue& list = member(root, "partitions", &JsonValue::IsArray, "an array", "the top level");
  if (list.Empty()) fail("\"partitions\" is empty");

  PartitionTable table;
  for (rapidjson::SizeType i = 0; i < list.Size(); ++i) {
    const JsonValue& entry = list[i];
    const std::string where = "/partitions/" + std::to_string(i);
    if (!entry.IsObject()) fail(where + " is not an object");
    PartitionInfo info;
    info.id = string_member(entry, "id", where);
    info.name = string_member(entry, "name", where);
    info.dns_suffix = string_member(entry, "dns_suffix", where);
    info.region_regex = string_member(entry, "region_regex", where);
    info.regions = string_list_member(entry, "regions", where);
    info.service_principal_suffixes = string_list_member(entry, "service_principal_suffixes", where);
    for (const PartitionInfo& earlier : table.list) {
      if (earlier.id == info.id) fail(where + " repeats partition \"" + info.id + "\"");
    }
    table.list.push_back(std::move(info));
  }

  // The generic commercial pattern goes last so that a specific partition always wins
  // (us-gov-west-1 must never fall to "aws", whatever the pattern details).
  for (std::size_t i = 0; i < table.list.size(); ++i) {
    if (table.list[i].id != kGenericPartition) table.match_order.push_back(i);
  }
  for (std::size_t i = 0; i < table.list.size(); ++i) {
    if (table.list[i].id == kGenericPartition) table.match_order.push_back(i);
  }
  return table;
}

const PartitionTable& table() {
  // Function-local static: initialised once, thread-safe; if loading throws, the next call
  // tries again (and throws again).
  static const PartitionTable kTable = load_table();
  return kTable;
}

// patterns[i] is list[i].region_regex, compiled, after checking that it matches each of the
// partition's own regions.
std::vector<std::unique_ptr<RE2>> compile_patterns(const std::vector<PartitionInfo>& list) {
  RE2::Options options;
  options.set_log_errors(false);
  std::vector<std::unique_ptr<RE2>> patterns;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const PartitionInfo& info = list[i];
    const std::string where = "/partitions/" + std::to_string(i);
    auto pattern = std::make_unique<RE2>(info.region_regex, options);
    if (!pattern->ok()) fail(where + "/region_regex does not compile: " + pattern->error());
    for (const std::string& region : info.regions) {
      if (!RE2::FullMatch(region, *pattern)) {
        fail(where + ": region \"" + region + "\" does not match its own region_regex");
      }
    }
    patterns.push_back(std::move(pattern));
  }
  return patterns;
}

// Compiled the first time a region is in no partition's list: most runs never get there, and the
// eight compilations were a tenth of linting one small file.
const std::vector<std::unique_ptr<RE2>>& region_patterns() {
  static const std::vector<std::unique_ptr<RE2>> kPatterns = compile_patterns(table().list);
  return kPatterns;
}

// `host` is `suffix` or ends with "." + `suffix`.
bool ends_with_label_suffix(std::string_view host, std::string_view suffix) {
  if (host == suffix) return true;
  if (host.size() <= suffix.size()) return false;
  return host.substr(host.size() - suffix.size()) == suffix && host[host.size() - suffix.size() - 1] == '.';
}

}  // namespace

const std::vector<PartitionInfo>& partitions() {
  return table().list;
}

const PartitionInfo* find_partition(std::string_view id) {
  for (const PartitionInfo& info : table().list) {
    if (info.id == id) return &info;
  }
  return nullptr;
}

const PartitionInfo* partition_of_region(std::string_view region) {
  const PartitionTable& data = table();
  if (region.empty()) return nullptr;
  for (const PartitionInfo& info : data.list) {
    for (const std::string& known : info.regions) {
      if (known == region) return &info;
    }
  }
  const std::vector<std::unique_ptr<RE2>>& patterns = region_patterns();
  for (const std::size_t i : data.match_order) {
    if (RE2::FullMatch(region, *patterns[i])) return &data.list[i];
  }
  return nullptr;
}

bool region_in_partition(std::string_view region, std::string_view partition) {
  const PartitionInfo* info = partition_of_region(region);
  return info != nullptr && info->id == partition;
}

bool is_known_region(std::string_view region) {
  for (const PartitionInfo& info : table().list) {
    for (const std::string& known : info.regions) {
      if (known == region) return true;
    }
  }
  return false;
}

std::optional<std::string> partition_of_arn(std::string_view arn) {
  const ArnResult parsed = parse_arn(arn);
  if (!parsed) return std::nullopt;
  const std::string& id = parsed.value().partition;
  if (detail::has_wildcard_outside_variables(id) || detail::has_variable(id)) return std::nullopt;
  if (find_partition(id) == nullptr) return std::nullopt;
  return id;
}

const PartitionInfo* partition_of_dns_suffix(std::string_view host) {
  std::string name = ascii_lower(host);
  if (!name.empty() && name.back() == '.') name.pop_back();  // fully qualified form

  std::vector<const PartitionInfo*> best;
  std::size_t best_length = 0;
  for (const PartitionInfo& info : table().list) {
    if (!ends_with_label_suffix(name, info.dns_suffix)) continue;
    if (info.dns_suffix.size() > best_length) {
      best.clear();
      best_length = info.dns_suffix.size();
    }
    if (info.dns_suffix.size() == best_length) best.push_back(&info);
  }
  if (best.empty()) return nullptr;
  if (best.size() == 1) return best.front();

  // Several partitions share the suffix: let a region label ("sqs.us-gov-west-1.amazonaws.com")
  // decide.
  const std::string_view labels = std::string_view(name).substr(0, name.size() - best_length);
  std::size_t start = 0;
  while (start < labels.size()) {
    std::size_t end = labels.find('.', start);
    if (end == std::string_view::npos) end = labels.size();
    if (const PartitionInfo* owner = partition_of_region(labels.substr(start, end - start))) {
      for (const PartitionInfo* candidate : best) {
        if (candidate == owner) return candidate;
      }
    }
    start = end + 1;
  }
  return best.front();
}

namespace {

// "did you mean" over the partition ids. Levenshtein counts a swap of two neighbours as two
// edits, which would leave "asw" (for "aws") without a suggestion, so a single adjacent swap
// counts as one here.
bool is_adjacent_swap(std::string_view a, std::string_view b) {
  if (a.size() != b.size() || a.size() < 2) return false;
  std::size_t first = a.size();
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) {
      first = i;
      break;
    }
  }
  if (first + 1 >= a.size()) return false;
  if (a[first] != b[first + 1] || a[first + 1] != b[first]) return false;
  return a.substr(first + 2) == b.substr(first + 2);
}

}  // namespace

std::optional<std::string> nearest_partition(std::string_view word) {
  std::vector<std::string> ids;
  for (const PartitionInfo& info : partitions()) ids.push_back(info.id);
  for (const std::string& id : ids) {
    if (is_adjacent_swap(ascii_lower(word), id)) return id;
  }
  return nearest(word, ids, true);
}

std::optional<std::string> nearest_region(std::string_view region, const PartitionInfo* partition) {
  const PartitionInfo* scope = partition != nullptr ? partition : partition_of_region(region);
  std::vector<std::string> candidates;
  for (const PartitionInfo& info : partitions()) {
    if (scope == nullptr || &info == scope) candidates.insert(candidates.end(), info.regions.begin(), info.regions.end());
  }
  return nearest(region, candidates);
}

}  // namespace iamsmith
