// Reads the service data file (docs/iam-data-format.md). Loading indexes the header, the global
// keys and where each service's lines are; a service is parsed the first time it is asked for.
// Every string in the parsed records is a view into the file's text, which the catalog owns
// (or, for the built-in snapshot, which lives in the binary's read-only data).

#include <algorithm>
#include <array>
#include <atomic>
#include <deque>
#include <fstream>
#include <iterator>
#include <mutex>
#include <sstream>
#include <string>
#include <unordered_map>

#include "iamsmith/iamdata.hpp"
#include "iamdata/builtin_index.hpp"
#include "iamdata/generation.hpp"
#include "iamsmith/load.hpp"
#include "iamsmith/match.hpp"
#include "iamsmith/text.hpp"

namespace iamsmith::iamdata {

// The built-in snapshot's bytes (src/core/iamdata/embedded.cpp).
std::string_view embedded_snapshot();

namespace {

constexpr std::string_view kMagic = "iamsmith-iam-data";
constexpr std::string_view kFormatVersion = "1";
// A data file is a few megabytes; refuse anything absurd before reading it.
constexpr std::size_t kMaxDataFileBytes = std::size_t{256} * 1024 * 1024;

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> out;
  if (text.empty()) return out;
  out.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), separator)) + 1);
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(separator, start);
    out.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

// The tab-separated fields of one record line, without allocating: the first kMax fields, and
// how many the line has in all (a record of the wrong length is reported by its count).
struct RecordFields {
  static constexpr std::size_t kMax = 6;
  std::array<std::string_view, kMax> field{};
  std::size_t count = 0;
  [[nodiscard]] std::size_t size() const { return count; }
  [[nodiscard]] std::string_view operator[](std::size_t i) const { return field[i]; }
};

RecordFields split_record(std::string_view line) {
  RecordFields out;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = line.find('\t', start);
    if (out.count < RecordFields::kMax) {
      out.field[out.count] = line.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    }
    ++out.count;
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

// Iterates the lines of `text`, with the byte offset where each begins. Line numbers are only
// needed for error messages, so they are counted then (line_at), not for every line read.
template <class F>
void for_each_line(std::string_view text, F&& visit) {
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view content = text.substr(start, end - start);
    if (!content.empty() && content.back() == '\r') content.remove_suffix(1);
    if (!content.empty() && content.front() != '#' && !visit(content, start)) return;
    start = end + 1;
  }
}

// Where the next line that begins with "S\t" (a service record) starts, searching from `from`;
// npos if none. Stops at each newline for two comparisons: text.find("\nS\t") compared three
// bytes through a function call at each of the snapshot's 27,000 lines.
std::size_t next_service_line(std::string_view text, std::size_t from) {
  for (std::size_t at = text.find('\n', from); at != std::string_view::npos; at = text.find('\n', at + 1)) {
    if (at + 2 < text.size() && text[at + 1] == 'S' && text[at + 2] == '\t') return at + 1;
  }
  return std::string_view::npos;
}

// The 1-based number of the line holding byte `offset` of `text`.
std::size_t line_at(std::string_view text, std::size_t offset) {
  const std::string_view before = text.substr(0, std::min(offset, text.size()));
  std::size_t lines = 1;
  for (std::size_t at = before.find('\n'); at != std::string_view::npos; at = before.find('\n', at + 1)) ++lines;
  return lines;
}

struct KeyTypeSpelling {
  std::string_view text;
  KeyType type;
};
constexpr std::array<KeyTypeSpelling, 7> kKeyTypes = {{
    {"String", KeyType::String},
    {"ARN", KeyType::Arn},
    {"Numeric", KeyType::Numeric},
    {"Date", KeyType::Date},
    {"Bool", KeyType::Bool},
    {"IPAddress", KeyType::IpAddress},
    {"Binary", KeyType::Binary},
}};

void parse_key_type(std::string_view text, ConditionKey& key) {
  constexpr std::string_view kArrayOf = "ArrayOf";
  if (text.substr(0, kArrayOf.size()) == kArrayOf) {
    key.multivalued = true;
    text.remove_prefix(kArrayOf.size());
  }
  key.type = KeyType::Unknown;
  for (const KeyTypeSpelling& spelling : kKeyTypes) {
    if (ci_equals(spelling.text, text)) key.type = spelling.type;
  }
}

// "aws:RequestTag/${TagKey}" -> "aws:RequestTag/*"; "s3:ExistingObjectTag/<key>" -> "...//*".
// Returns whether the name held a placeholder.
bool placeholder_pattern(std::string_view name, std::string& pattern) {
  pattern.clear();
  bool found = false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const bool dollar = name[i] == '$' && i + 1 < name.size() && name[i + 1] == '{';
    const bool angle = name[i] == '<';
    const char close = dollar ? '}' : '>';
    const std::size_t end = (dollar || angle) ? name.find(close, i) : std::string_view::npos;
    if (end != std::string_view::npos) {
      pattern += '*';
      i = end;
      found = true;
    } else {
      pattern += name[i];
    }
  }
  return found;
}

// Holds a parsed service and the few strings that are not views into the file (key patterns).
struct ServiceHolder {
  Service service;
  std::deque<std::string> strings;
};

struct ServiceEntry {
  std::string_view prefix;
  std::string_view name;
  std::string_view body;  // the lines after the S line, up to the next S line
  std::size_t s_offset = 0;     // where the S line begins in the file's text
  std::size_t body_offset = 0;  // where `body` begins in the file's text
  std::uint64_t prefix_hash = 0;  // folded_hash(prefix)
  // Filled once, on first use, under `once`: a cache, so mutable in a const catalog.
  std::unique_ptr<std::once_flag> once = std::make_unique<std::once_flag>();
  mutable std::unique_ptr<ServiceHolder> parsed;
  mutable std::optional<DataError> error;
};

ConditionKey make_key(std::string_view name, std::string_view type, std::deque<std::string>& strings) {
  ConditionKey key;
  key.name = name;
  parse_key_type(type, key);
  std::string pattern;
  key.is_template = placeholder_pattern(name, pattern);
  if (key.is_template) {
    strings.push_back(std::move(pattern));
    key.pattern = strings.back();
  } else {
    key.pattern = name;
  }
  return key;
}

// Names found ignoring ASCII case through a hash table: open addressing over each name's
// folded_hash, each slot a position plus one (0: empty), at most half the slots full. The
// services of a catalogue and the actions of a service are looked up this way; a binary search
// by folded comparison was most of each look-up of an action. `hash_of(i)` is the i-th name's.
template <class HashOf>
std::vector<std::uint32_t> name_slots(std::size_t count, HashOf&& hash_of) {
  std::size_t size = 16;
  while (size < count * 2) size <<= 1U;
  std::vector<std::uint32_t> slots(size, 0);
  for (std::size_t i = 0; i < count; ++i) {
    std::size_t at = hash_of(i) & (size - 1);
    while (slots[at] != 0) at = (at + 1) & (size - 1);
    slots[at] = static_cast<std::uint32_t>(i + 1);
  }
  return slots;
}

constexpr std::size_t kNoSlot = static_cast<std::size_t>(-1);

// The position of the first name equal to `name` ignoring case, or kNoSlot.
template <class NameOf>
std::size_t find_in_slots(const std::vector<std::uint32_t>& slots, std::string_view name, NameOf&& name_of) {
  if (slots.empty()) return kNoSlot;
  const std::size_t mask = slots.size() - 1;
  for (std::size_t at = folded_hash(name) & mask; slots[at] != 0; at = (at + 1) & mask) {
    const std::size_t i = slots[at] - 1;
    if (ci_equals(name_of(i), name)) return i;
  }
  return kNoSlot;
}

// Finds a key by exact name (case-insensitive) in a sorted list, else the first template it
// instantiates; `templates` are the positions of the list's templates (template_positions).
const ConditionKey* find_key(std::span<const ConditionKey> keys, std::span<const std::uint32_t> templates,
                             std::string_view name) {
  const auto it = std::lower_bound(keys.begin(), keys.end(), name,
                                   [](const ConditionKey& k, std::string_view n) { return ci_less(k.name, n); });
  if (it != keys.end() && ci_equals(it->name, name)) return &*it;
  for (const std::uint32_t i : templates) {
    if (wildcard_match(keys[i].pattern, name, CaseSensitivity::Insensitive)) return &keys[i];
  }
  return nullptr;
}

// The positions of the templates in a list of keys, in order.
std::vector<std::uint32_t> template_positions(std::span<const ConditionKey> keys) {
  std::vector<std::uint32_t> out;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (keys[i].is_template) out.push_back(static_cast<std::uint32_t>(i));
  }
  return out;
}

std::optional<AccessLevels> parse_levels(std::string_view letters) {
  AccessLevels out = 0;
  for (const char c : letters) {
    switch (c) {
      case 'L': out |= static_cast<AccessLevels>(AccessLevel::List); break;
      case 'R': out |= static_cast<AccessLevels>(AccessLevel::Read); break;
      case 'W': out |= static_cast<AccessLevels>(AccessLevel::Write); break;
      case 'P': out |= static_cast<AccessLevels>(AccessLevel::PermissionsManagement); break;
      case 'T': out |= static_cast<AccessLevels>(AccessLevel::Tagging); break;
      default: return std::nullopt;
    }
  }
  if (out == 0) return std::nullopt;
  return out;
}

// Parses one service's lines; on a malformed line fills `error` and stops.
std::unique_ptr<ServiceHolder> parse_service(const ServiceEntry& entry, std::string_view text,
                                             std::string_view origin, std::optional<DataError>& error) {
  auto holder = std::make_unique<ServiceHolder>();
  Service& service = holder->service;
  service.prefix = entry.prefix;
  service.name = entry.name;
  struct PendingResource {
    std::string_view name;
    bool required;
  };
  std::vector<std::vector<PendingResource>> pending;  // per action, resolved once every T is read
  std::vector<std::size_t> pending_lines;  // offsets in the body, for messages
  auto fail = [&](std::size_t at, std::string message) {
    error = DataError{std::string(origin), line_at(text, entry.body_offset + at), std::move(message)};
    return false;
  };
  for_each_line(entry.body, [&](std::string_view line, std::size_t at) {
    const RecordFields f = split_record(line);
    const std::string_view tag = f[0];
    if (tag == "T") {
      if (f.size() != 4 || f[1].empty()) return fail(at, "a T record needs 4 fields: T, name, ARN formats, keys");
      ResourceType type;
      type.name = f[1];
      type.arn_formats = split(f[2], ' ');
      type.condition_keys = split(f[3], ',');
      service.resource_types.push_back(std::move(type));
    } else if (tag == "K") {
      if (f.size() != 3 || f[1].empty()) return fail(at, "a K record needs 3 fields: K, key, type");
      service.condition_keys.push_back(make_key(f[1], f[2], holder->strings));
    } else if (tag == "A") {
      if (f.size() != 5 || f[1].empty()) {
        return fail(at, "an A record needs 5 fields: A, name, access levels, resource types, keys");
      }
      Action action;
      action.name = f[1];
      const std::optional<AccessLevels> levels = parse_levels(f[2]);
      if (!levels) return fail(at, "access levels must be letters among L, R, W, P, T, not '" + std::string(f[2]) + "'");
      action.access = *levels;
      std::vector<PendingResource> resources;
      for (std::string_view r : split(f[3], ',')) {
        const bool required = !r.empty() && r.back() == '*';
        if (required) r.remove_suffix(1);
        resources.push_back({r, required});
      }
      action.condition_keys = split(f[4], ',');
      service.actions.push_back(std::move(action));
      pending.push_back(std::move(resources));
      pending_lines.push_back(at);
    } else {
      return fail(at, "unknown record '" + std::string(tag) + "' inside service " + std::string(entry.prefix));
    }
    return true;
  });
  if (error) return nullptr;
  // tools/iam-data-convert.mjs writes each service's records sorted (in locale order, which nearly
  // always agrees with ci_less): the sorts run only where a check finds the records out of order.
  auto by_name = [](const auto& a, const auto& b) { return ci_less(a.name, b.name); };
  const auto sort_by_name = [&](auto& items) {
    if (!std::is_sorted(items.begin(), items.end(), by_name)) std::stable_sort(items.begin(), items.end(), by_name);
  };
  sort_by_name(service.resource_types);
  sort_by_name(service.condition_keys);
  service.key_templates = template_positions(service.condition_keys);
  // Sorting the actions would separate them from `pending`: sort an index instead.
  std::vector<std::size_t> order(service.actions.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  const auto action_less = [&](std::size_t a, std::size_t b) {
    return ci_less(service.actions[a].name, service.actions[b].name);
  };
  if (!std::is_sorted(order.begin(), order.end(), action_less)) {
    std::stable_sort(order.begin(), order.end(), action_less);
  }
  std::vector<Action> sorted;
  sorted.reserve(order.size());
  for (const std::size_t i : order) {
    Action action = std::move(service.actions[i]);
    for (const PendingResource& r : pending[i]) {
      const ResourceType* type = service.find_resource_type(r.name);
      if (type == nullptr) {
        error = DataError{std::string(origin), line_at(text, entry.body_offset + pending_lines[i]),
                          "action " + std::string(action.name) + " names resource type '" + std::string(r.name) +
                              "', which service " + std::string(service.prefix) + " does not declare"};
        return nullptr;
      }
      action.resources.push_back({type, r.required});
    }
    sorted.push_back(std::move(action));
  }
  service.actions = std::move(sorted);
  service.action_slots =
      name_slots(service.actions.size(), [&](std::size_t i) { return folded_hash(service.actions[i].name); });
  for (Action& action : service.actions) action.service = &service;
  return holder;
}

}  // namespace

std::string_view access_level_name(AccessLevel level) {
  switch (level) {
    case AccessLevel::List: return "List";
    case AccessLevel::Read: return "Read";
    case AccessLevel::Write: return "Write";
    case AccessLevel::PermissionsManagement: return "Permissions management";
    case AccessLevel::Tagging: return "Tagging";
  }
  return "unknown";
}

std::string access_levels_text(AccessLevels levels) {
  // AWS's order in its tables: "Tagging, Write", "Permissions management, Write".
  constexpr std::array<AccessLevel, 5> kOrder = {AccessLevel::List, AccessLevel::Read, AccessLevel::PermissionsManagement,
                                                 AccessLevel::Tagging, AccessLevel::Write};
  std::string out;
  for (const AccessLevel level : kOrder) {
    if (!has_level(levels, level)) continue;
    if (!out.empty()) out += ", ";
    out += access_level_name(level);
  }
  return out;
}

std::string_view key_type_name(KeyType type) {
  switch (type) {
    case KeyType::String: return "String";
    case KeyType::Arn: return "ARN";
    case KeyType::Numeric: return "Numeric";
    case KeyType::Date: return "Date";
    case KeyType::Bool: return "Bool";
    case KeyType::IpAddress: return "IPAddress";
    case KeyType::Binary: return "Binary";
    case KeyType::Unknown: return "unknown";
  }
  return "unknown";
}

std::string Action::full_name() const {
  std::string out(service != nullptr ? service->prefix : std::string_view{});
  out += ':';
  out += name;
  return out;
}

const Action* Service::find_action(std::string_view action_name) const {
  if (!action_slots.empty()) {
    const std::size_t i = find_in_slots(action_slots, action_name, [&](std::size_t n) { return actions[n].name; });
    return i == kNoSlot ? nullptr : &actions[i];
  }
  const auto it = std::lower_bound(actions.begin(), actions.end(), action_name,
                                   [](const Action& a, std::string_view n) { return ci_less(a.name, n); });
  return it != actions.end() && ci_equals(it->name, action_name) ? &*it : nullptr;
}

const ResourceType* Service::find_resource_type(std::string_view type_name) const {
  for (const ResourceType& type : resource_types) {
    if (ci_equals(type.name, type_name)) return &type;
  }
  return nullptr;
}

const ConditionKey* Service::find_condition_key(std::string_view key) const {
  return find_key(condition_keys, key_templates, key);
}

struct Catalog::Impl {
  std::string storage;  // the file's text, unless it lives in the binary
  std::string_view text;
  std::string origin;
  std::string_view date;
  std::string_view source;
  std::string_view licence;
  std::vector<ConditionKey> globals;
  std::vector<std::uint32_t> global_templates;  // template_positions(globals)
  std::vector<std::string_view> retired;  // R records: service prefixes and service:Action names
  std::deque<std::string> strings;
  std::vector<ServiceEntry> services;  // sorted by prefix
  std::vector<std::string_view> prefixes;
  // The services by prefix, ignoring case: open addressing over index_prefixes()'s hash, each slot
  // a position in `services` plus one (0: empty). A binary search by folded comparison was most
  // of each look-up of an action.
  std::vector<std::uint32_t> prefix_slots;

  // Reads the header and global keys and indexes the services; false with `error` on bad input.
  // `known` lists the services of the built-in snapshot (found when iamsmith was built): it is
  // taken instead of searching the text for service lines if it fits the text.
  bool index(DataError& error, const BuiltinIndex& known = {});
  // Appends `known`'s services if the text has their S lines where it says and the first is at
  // `offset`; false (and nothing appended) otherwise.
  bool take_known_services(const BuiltinIndex& known, std::size_t offset);
  const ServiceEntry* entry(std::string_view prefix) const;
  void index_prefixes();
  const Service* parsed(const ServiceEntry& entry) const;
};

bool Catalog::Impl::take_known_services(const BuiltinIndex& known, std::size_t offset) {
  if (known.services.empty() || known.text_size != text.size() || known.services.front().s_offset != offset) {
    return false;
  }
  std::vector<ServiceEntry> found;
  found.reserve(known.services.size());
  // The table was written from this very file when iamsmith was built (and a test holds it equal
  // to indexing the text): only what keeps the views inside the text is checked, so that start-up
  // reads no page of the text.
  for (const BuiltinService& s : known.services) {
    if (s.s_offset > s.body_offset || s.body_offset > text.size() || s.stop > text.size() || s.prefix.empty()) {
      return false;
    }
    ServiceEntry entry;
    entry.prefix = s.prefix;
    entry.prefix_hash = s.prefix_hash;
    entry.name = s.name;
    entry.s_offset = s.s_offset;
    entry.body = text.substr(s.body_offset, s.stop > s.body_offset ? s.stop - s.body_offset : 0);
    entry.body_offset = s.body_offset;
    found.push_back(std::move(entry));
  }
  if (services.empty()) {
    services = std::move(found);
  } else {
    std::move(found.begin(), found.end(), std::back_inserter(services));
  }
  return true;
}

bool Catalog::Impl::index(DataError& error, const BuiltinIndex& known) {
  bool header = false;
  bool ok = true;
  std::size_t offset = 0;
  // Lines are counted only for a message: counting them for every run cost more than the rest of
  // the indexing (the snapshot is 1.5 MB, and a run that lints one file reads a few services).
  auto fail = [&](std::size_t at, std::string message) {
    error = DataError{origin, line_at(text, at), std::move(message)};
    ok = false;
    return false;
  };
  // Only header, G, R and S lines are read here; a service's own lines are skipped in one step
  // each, by searching for the next "\nS\t".
  while (offset < text.size() && ok) {
    std::size_t end = text.find('\n', offset);
    if (end == std::string_view::npos) end = text.size();
    std::string_view content = text.substr(offset, end - offset);
    if (!content.empty() && content.back() == '\r') content.remove_suffix(1);
    const std::size_t next = end + 1;
    if (content.empty() || content.front() == '#') {
      offset = next;
      continue;
    }
    const std::vector<std::string_view> f = split(content, '\t');
    if (!header) {
      if (f.size() != 2 || f[0] != kMagic) {
        fail(offset, "not an iamsmith service data file (the first line must be 'iamsmith-iam-data<TAB>1')");
        break;
      }
      if (f[1] != kFormatVersion) {
        fail(offset, "format version " + std::string(f[1]) + " is not supported (this iamsmith reads version 1)");
        break;
      }
      header = true;
    } else if (f[0] == "date" && f.size() == 2) {
      date = f[1];
    } else if (f[0] == "source" && f.size() == 2) {
      source = f[1];
    } else if (f[0] == "licence" && f.size() == 2) {
      licence = f[1];
    } else if (f[0] == "G") {
      if (f.size() != 4 || f[1].empty()) {
        fail(offset, "a G record needs 4 fields: G, key, type, category");
        break;
      }
      ConditionKey key = make_key(f[1], f[2], strings);
      key.category = f[3];
      globals.push_back(key);
    } else if (f[0] == "R") {
      if (f.size() != 2 || f[1].empty()) {
        fail(offset, "an R record needs 2 fields: R, a service prefix or service:Action");
        break;
      }
      retired.push_back(f[1]);
    } else if (f[0] == "S") {
      if (f.size() != 3 || f[1].empty()) {
        fail(offset, "an S record needs 3 fields: S, prefix, name");
        break;
      }
      if (take_known_services(known, offset)) break;
      ServiceEntry entry;
      entry.prefix = f[1];
      entry.prefix_hash = folded_hash(entry.prefix);
      entry.name = f[2];
      entry.s_offset = offset;
      // Skip to the next service.
      const std::size_t following = next_service_line(text, end);
      const std::size_t stop = following == std::string_view::npos ? text.size() : following;
      const std::size_t body_start = std::min(next, text.size());
      entry.body = text.substr(body_start, stop > body_start ? stop - body_start : 0);
      entry.body_offset = body_start;
      services.push_back(std::move(entry));
      offset = stop;
      continue;
    } else {
      fail(offset, "unexpected record '" + std::string(f[0]) + "' before the first service");
      break;
    }
    offset = next;
  }
  if (!ok) return false;
  if (!header) return fail(0, "empty file: expected the header 'iamsmith-iam-data<TAB>1'");
  if (date.empty()) return fail(0, "the header has no 'date' record");
  // The snapshot is written sorted; checking that is cheaper than sorting (which moves every entry).
  const auto key_less = [](const ConditionKey& a, const ConditionKey& b) { return ci_less(a.name, b.name); };
  if (!std::is_sorted(globals.begin(), globals.end(), key_less)) std::stable_sort(globals.begin(), globals.end(), key_less);
  global_templates = template_positions(globals);
  const auto prefix_less = [](const ServiceEntry& a, const ServiceEntry& b) { return ci_less(a.prefix, b.prefix); };
  if (!std::is_sorted(services.begin(), services.end(), prefix_less)) {
    std::stable_sort(services.begin(), services.end(), prefix_less);
  }
  for (std::size_t i = 1; i < services.size(); ++i) {
    if (ci_equals(services[i - 1].prefix, services[i].prefix)) {
      return fail(services[i].s_offset, "service " + std::string(services[i].prefix) + " appears twice");
    }
  }
  for (const ServiceEntry& e : services) prefixes.push_back(e.prefix);
  index_prefixes();
  return true;
}

void Catalog::Impl::index_prefixes() {
  // The built-in snapshot's hashes come with its table (builtin_index.hpp): start-up hashes none.
  prefix_slots = name_slots(services.size(), [&](std::size_t i) { return services[i].prefix_hash; });
}

const ServiceEntry* Catalog::Impl::entry(std::string_view prefix) const {
  const std::size_t i = find_in_slots(prefix_slots, prefix, [&](std::size_t n) { return services[n].prefix; });
  return i == kNoSlot ? nullptr : &services[i];
}

const Service* Catalog::Impl::parsed(const ServiceEntry& e) const {
  std::call_once(*e.once, [&] { e.parsed = parse_service(e, text, origin, e.error); });
  return e.parsed ? &e.parsed->service : nullptr;
}

namespace {
std::atomic<std::uint64_t> generation{1};
}  // namespace

std::uint64_t catalog_generation() noexcept { return generation.load(std::memory_order_acquire); }

Catalog::Catalog() : impl_(std::make_unique<Impl>()) { generation.fetch_add(1, std::memory_order_acq_rel); }
Catalog::~Catalog() { generation.fetch_add(1, std::memory_order_acq_rel); }

std::shared_ptr<const Catalog> Catalog::from_text(std::string text, std::string origin, DataError& error,
                                                  bool check_all) {
  std::shared_ptr<Catalog> catalog(new Catalog());
  catalog->impl_->storage = std::move(text);
  catalog->impl_->text = catalog->impl_->storage;
  catalog->impl_->origin = std::move(origin);
  if (!catalog->impl_->index(error)) return nullptr;
  if (!check_all) return catalog;
  // A file from the user is checked whole now, so that a bad line is reported at load time and
  // not in the middle of a lint run.
  for (const ServiceEntry& e : catalog->impl_->services) {
    if (catalog->impl_->parsed(e) == nullptr) {
      error = e.error.value_or(DataError{catalog->impl_->origin, line_at(catalog->impl_->text, e.body_offset),
                                             "service could not be read"});
      return nullptr;
    }
  }
  return catalog;
}

const Catalog& Catalog::builtin() {
  // The built-in snapshot is checked whole by the test suite; here it is only indexed.
  static const Catalog* const kBuiltin = [] {
    auto* catalog = new Catalog();
    catalog->impl_->text = embedded_snapshot();
    catalog->impl_->origin = "built-in";
    DataError error;
    if (!catalog->impl_->index(error, builtin_index())) {
      catalog->impl_->services.clear();
      catalog->impl_->prefixes.clear();
      catalog->impl_->prefix_slots.clear();
    }
    return catalog;
  }();
  return *kBuiltin;
}

std::string_view Catalog::origin() const { return impl_->origin; }
std::string_view Catalog::date() const { return impl_->date; }
std::string_view Catalog::source() const { return impl_->source; }
std::string_view Catalog::licence() const { return impl_->licence; }
std::span<const std::string_view> Catalog::service_prefixes() const { return impl_->prefixes; }

const Service* Catalog::service(std::string_view prefix) const {
  const ServiceEntry* e = impl_->entry(prefix);
  return e != nullptr ? impl_->parsed(*e) : nullptr;
}

namespace {

const Action* find_action_uncached(const Catalog& catalog, std::string_view full_name) {
  const std::size_t colon = full_name.find(':');
  if (colon == std::string_view::npos) return nullptr;
  const Service* s = catalog.service(full_name.substr(0, colon));
  return s != nullptr ? s->find_action(full_name.substr(colon + 1)) : nullptr;
}

// Not noexcept, so that libstdc++ keeps each entry's hash (see rules/d_helpers.hpp, TextHash).
struct TextHash {
  using is_transparent = void;
  [[nodiscard]] std::size_t operator()(std::string_view text) const {  // NOLINT(performance-noexcept-*)
    return std::hash<std::string_view>{}(text);
  }
};

// Answers of a look-up by name, per thread and per catalog: rules look the same few hundred
// action names and condition keys up for every statement of every file (binary searches by
// folded comparison each). Emptied when it grows past 65,536 names, when another catalog is
// asked, and when any catalog is created or destroyed (a new one may reuse a freed one's address).
template <class T>
struct LookupMemo {
  const Catalog* catalog = nullptr;
  std::uint64_t generation = 0;
  std::unordered_map<std::string, const T*, TextHash, std::equal_to<>> map;

  template <class Find>
  const T* get(const Catalog* asked, std::string_view name, Find&& find) {
    const std::uint64_t now = catalog_generation();
    if (catalog != asked || generation != now) {
      map.clear();
      catalog = asked;
      generation = now;
    }
    if (const auto it = map.find(name); it != map.end()) return it->second;
    if (map.size() >= (std::size_t{1} << 16U)) map.clear();
    const T* found = find();
    map.emplace(std::string(name), found);
    return found;
  }
};

}  // namespace

const Action* Catalog::action(std::string_view full_name) const {
  thread_local LookupMemo<Action> memo;
  return memo.get(this, full_name, [&] { return find_action_uncached(*this, full_name); });
}

std::vector<const Action*> Catalog::expand(std::string_view pattern) const {
  std::vector<const Action*> out;
  const std::size_t colon = pattern.find(':');
  if (pattern == "*") {
    // "Action": "*" is every action of every service.
    for (const ServiceEntry& e : impl_->services) {
      if (const Service* s = impl_->parsed(e)) {
        for (const Action& a : s->actions) out.push_back(&a);
      }
    }
    return out;
  }
  if (colon == std::string_view::npos) return out;
  const std::string_view service_pattern = pattern.substr(0, colon);
  const std::string_view action_pattern = pattern.substr(colon + 1);
  // Every name the pattern matches starts with its literal head ("Get" of "Get*Object"), ignoring
  // case, and the actions are sorted that way: only the run of names with that head is matched.
  const std::string_view head = action_pattern.substr(0, first_wildcard(action_pattern));
  const auto add_matching = [&](const Service& s) {
    auto it = std::lower_bound(s.actions.begin(), s.actions.end(), head,
                               [](const Action& a, std::string_view h) { return ci_less(a.name, h); });
    for (; it != s.actions.end() && ci_starts_with(it->name, head); ++it) {
      if (wildcard_match(action_pattern, it->name, CaseSensitivity::Insensitive)) out.push_back(&*it);
    }
  };
  if (first_wildcard(service_pattern) == std::string_view::npos) {
    // A literal service ("s3:Get*"): one look-up, not a match against every prefix.
    if (const Service* s = service(service_pattern)) add_matching(*s);
    return out;
  }
  for (const ServiceEntry& e : impl_->services) {
    if (!wildcard_match(service_pattern, e.prefix, CaseSensitivity::Insensitive)) continue;
    const Service* s = impl_->parsed(e);
    if (s != nullptr) add_matching(*s);
  }
  return out;
}

const ConditionKey* Catalog::global_key(std::string_view key) const {
  return find_key(impl_->globals, impl_->global_templates, key);
}
std::span<const ConditionKey> Catalog::global_keys() const { return impl_->globals; }

const ConditionKey* Catalog::condition_key(std::string_view key) const {
  thread_local LookupMemo<ConditionKey> memo;
  return memo.get(this, key, [&]() -> const ConditionKey* {
    if (const ConditionKey* g = global_key(key)) return g;
    const std::size_t colon = key.find(':');
    if (colon == std::string_view::npos) return nullptr;
    const Service* s = service(key.substr(0, colon));
    return s != nullptr ? s->find_condition_key(key) : nullptr;
  });
}

bool Catalog::retired(std::string_view action) const {
  const std::string_view prefix = action.substr(0, action.find(':'));
  return std::any_of(impl_->retired.begin(), impl_->retired.end(), [&](std::string_view name) {
    return name.find(':') == std::string_view::npos ? ci_equals(name, prefix) : ci_equals(name, action);
  });
}

std::size_t Catalog::action_count() const {
  std::size_t n = 0;
  for (const ServiceEntry& e : impl_->services) {
    if (const Service* s = impl_->parsed(e)) n += s->actions.size();
  }
  return n;
}

std::shared_ptr<const Catalog> load_catalog_file(const std::string& path, DataError& error) {
  FileRead read = read_file(path, kMaxDataFileBytes);
  if (read.error) {
    error = DataError{path, 0, read.error->message};
    return nullptr;
  }
  if (read.too_large || !read.bytes) {
    error = DataError{path, 0, "the file is larger than a service data file can be (256 MiB)"};
    return nullptr;
  }
  return Catalog::from_text(std::move(*read.bytes), path, error);
}

}  // namespace iamsmith::iamdata
