// The differential test's driver: generates requests over tests/differential/policies and
// compares iamsmith's decisions with those of an independent evaluator
// (@cloud-copilot/iam-simulate, run by run-iam-simulate.mjs).
//
//   iamsmith_differential generate <policies dir> <cases.json> <count> <seed>
//   iamsmith_differential compare <policies dir> <cases.json> <results.json> <KNOWN_DIFFERENCES.md>
//                                 [--report <file>] [--tamper]
//
// `compare` exits 0 when every disagreement belongs to a class listed in KNOWN_DIFFERENCES.md
// (each class is a predicate below, named by the id under which the file documents it), 1 when
// some disagreement is unexplained or the run is degenerate, 2 on a usage or input error.
// --tamper replaces iam-simulate's decision on the first agreeing case (that no known
// difference covers) by another, to prove that the comparison can fail.

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "iamsmith/evaluate.hpp"
#include "iamsmith/load.hpp"
#include "iamsmith/match.hpp"
#include "iamsmith/policy.hpp"

namespace fs = std::filesystem;
namespace eval = iamsmith::eval;

namespace {

constexpr std::string_view kHomeAccount = "111122223333";
constexpr std::string_view kOtherAccount = "444455556666";
constexpr std::string_view kThirdAccount = "777788889999";

// ---------------------------------------------------------------------------------------------
// Small helpers

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return lower(a) == lower(b);
}

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

// Removes the last UTF-8 code point, so that a near miss stays valid UTF-8.
std::string drop_last(std::string text) {
  while (!text.empty()) {
    const auto byte = static_cast<unsigned char>(text.back());
    text.pop_back();
    if ((byte & 0xC0U) != 0x80U) break;
  }
  return text;
}

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(separator, start);
    parts.emplace_back(
        text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

std::optional<std::string> read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// A fixed, portable random source: std::mt19937_64's output is specified by the standard, but
// the standard distributions are not, so we draw from it directly.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed ^ 0x9E3779B97F4A7C15ULL) {}
  std::uint64_t next() {
    // splitmix64: small, fast and the same on every platform.
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31U);
  }
  std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }
  bool chance(unsigned percent) { return below(100) < percent; }
  template <class T>
  const T& pick(const std::vector<T>& items) {
    return items[below(items.size())];
  }

 private:
  std::uint64_t state_;
};

// ---------------------------------------------------------------------------------------------
// Policies

enum class FileKind { Identity, Resource };

struct PolicyFile {
  std::string name;  // file name within the policies directory
  FileKind kind = FileKind::Identity;
  iamsmith::LoadedPolicy loaded;
};

// identity-*.json are identity policies; resource-*.json and trust-*.json are resource policies
// (a trust policy is the role's resource policy for sts:AssumeRole).
std::optional<std::vector<PolicyFile>> load_policies(const fs::path& dir) {
  std::vector<fs::path> paths;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(dir, error)) {
    if (entry.path().extension() == ".json") paths.push_back(entry.path());
  }
  if (error) {
    std::cerr << "error: cannot list " << dir.string() << ": " << error.message() << "\n";
    return std::nullopt;
  }
  std::sort(paths.begin(), paths.end());
  std::vector<PolicyFile> files;
  for (const auto& path : paths) {
    const std::string name = path.filename().string();
    auto result = iamsmith::load_policy_file(path);
    if (!result.loaded || !result.loaded->policy) {
      std::cerr << "error: " << path.string() << ": not a policy\n";
      return std::nullopt;
    }
    const FileKind kind = name.starts_with("identity-") ? FileKind::Identity : FileKind::Resource;
    files.push_back(PolicyFile{name, kind, std::move(*result.loaded)});
  }
  if (files.empty()) {
    std::cerr << "error: no policies in " << dir.string() << "\n";
    return std::nullopt;
  }
  return files;
}

// ---------------------------------------------------------------------------------------------
// Value pools drawn from the policies

enum class Family { String, Numeric, Date, Bool, Binary, Ip, Arn, Null };

Family family_of(std::string_view op) {
  std::string base = lower(op);
  if (const auto colon = base.find(':'); colon != std::string::npos) base = base.substr(colon + 1);
  if (base.ends_with("ifexists")) base.resize(base.size() - 8);
  if (base.starts_with("numeric")) return Family::Numeric;
  if (base.starts_with("date")) return Family::Date;
  if (base == "bool") return Family::Bool;
  if (base.starts_with("binary")) return Family::Binary;
  if (base.ends_with("ipaddress")) return Family::Ip;
  if (base.starts_with("arn")) return Family::Arn;
  if (base == "null") return Family::Null;
  return Family::String;
}

// Keys whose request value is a set (AWS's "multivalued context keys"):
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
bool is_multivalued_key(std::string_view key) {
  static const std::array<std::string_view, 5> kKeys = {
      "aws:tagkeys", "aws:calledvia", "aws:principalorgpaths", "aws:principalservicenameslist",
      "aws:resourceorgpaths"};
  const std::string k = lower(key);
  return std::find(kKeys.begin(), kKeys.end(), k) != kKeys.end();
}

// Days since 1970-01-01 of a civil date (the proleptic Gregorian calendar).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::string iso_from_epoch(std::int64_t t) {
  std::int64_t days = t / 86400;
  std::int64_t secs = t % 86400;
  if (secs < 0) {
    secs += 86400;
    --days;
  }
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0);
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ", static_cast<long long>(y), m,
                d, static_cast<long long>(secs / 3600), static_cast<long long>(secs / 60 % 60),
                static_cast<long long>(secs % 60));
  return buffer;
}

// "2024-01-01T00:00:00Z" or "1767225600" to seconds since the epoch.
std::optional<std::int64_t> parse_date(std::string_view text) {
  if (!text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::stoll(std::string(text));
  }
  int y = 0;
  unsigned mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (std::sscanf(std::string(text).c_str(), "%d-%u-%uT%u:%u:%uZ", &y, &mo, &d, &h, &mi, &s) != 6) {
    return std::nullopt;
  }
  return days_from_civil(y, mo, d) * 86400 + static_cast<std::int64_t>(h) * 3600 + mi * 60 + s;
}

std::string ipv4_text(std::uint32_t a) {
  return std::to_string(a >> 24U) + "." + std::to_string((a >> 16U) & 255U) + "." +
         std::to_string((a >> 8U) & 255U) + "." + std::to_string(a & 255U);
}

// Request values for one policy value of one operator family, drawn to sit on and around the
// edges: equal, off by one, other case, other representation, malformed, empty.
void add_edge_values(Family family, const std::string& value, std::vector<std::string>& out) {
  out.push_back(value);
  switch (family) {
    case Family::String:
    case Family::Arn:
      out.push_back(upper(value));
      out.push_back(lower(value));
      if (!value.empty()) {
        out.push_back(drop_last(value));
        out.push_back(value + "x");
      }
      out.push_back("");
      break;
    case Family::Numeric: {
      out.push_back("abc");
      out.push_back("");
      try {
        const double v = std::stod(value);
        const auto i = static_cast<long long>(v);
        out.push_back(std::to_string(i - 1));
        out.push_back(std::to_string(i + 1));
        out.push_back(std::to_string(i) + ".5");
        out.push_back(std::to_string(i) + ".0");
        out.push_back("-" + std::to_string(i));
      } catch (...) {
      }
      break;
    }
    case Family::Date:
      if (const auto t = parse_date(value)) {
        for (const std::int64_t delta : {-1, 0, 1}) {
          out.push_back(iso_from_epoch(*t + delta));
          out.push_back(std::to_string(*t + delta));
        }
        out.push_back(iso_from_epoch(*t).substr(0, 10));  // date only
      }
      out.push_back("not-a-date");
      break;
    case Family::Bool:
      for (const char* v : {"true", "false", "True", "FALSE", "1", ""}) out.push_back(v);
      break;
    case Family::Binary:
      out.push_back(value + "=");
      out.push_back("");
      out.push_back("QmluYXJ5");
      break;
    case Family::Ip: {
      const auto slash = value.find('/');
      const std::string address = value.substr(0, slash);
      const auto octets = split(address, '.');
      if (octets.size() == 4) {
        std::uint32_t a = 0;
        for (const auto& o : octets) a = (a << 8U) | static_cast<std::uint32_t>(std::stoul(o));
        const unsigned bits =
            slash == std::string::npos ? 32U : static_cast<unsigned>(std::stoul(value.substr(slash + 1)));
        const std::uint32_t mask = bits == 0 ? 0U : ~std::uint32_t{0} << (32U - bits);
        const std::uint32_t first = a & mask;
        const std::uint32_t last = first | ~mask;
        out.push_back(ipv4_text(first));
        out.push_back(ipv4_text(last));
        out.push_back(ipv4_text(first + (last - first) / 2));
        if (first > 0) out.push_back(ipv4_text(first - 1));
        if (last < ~std::uint32_t{0}) out.push_back(ipv4_text(last + 1));
      } else {
        out.push_back("2001:db8::1");
        out.push_back("2001:db9::1");
        out.push_back("2001:DB8:0:0:0:0:0:FFFF");
      }
      out.push_back("::1");
      out.push_back("300.1.1.1");
      break;
    }
    case Family::Null:
      out.push_back("x");
      out.push_back("");
      break;
  }
}

// Policy variables named in `text`: "${aws:username}" gives "aws:username"; ${*}, ${?} and
// ${$} are escapes, not variables.
std::vector<std::string> variables_in(std::string_view text) {
  std::vector<std::string> names;
  std::size_t pos = 0;
  while ((pos = text.find("${", pos)) != std::string_view::npos) {
    const std::size_t end = text.find('}', pos);
    if (end == std::string_view::npos) break;
    std::string inner(text.substr(pos + 2, end - pos - 2));
    if (const auto comma = inner.find(','); comma != std::string::npos) inner.resize(comma);
    while (!inner.empty() && inner.back() == ' ') inner.pop_back();
    if (inner != "*" && inner != "?" && inner != "$" && !inner.empty()) names.push_back(inner);
    pos = end + 1;
  }
  return names;
}

struct Pools {
  std::vector<std::string> actions;    // patterns; instantiated per case
  std::vector<std::string> resources;  // patterns; instantiated per case
  std::vector<std::string> principals;
  std::map<std::string, std::vector<std::string>> context;  // lower-case key -> value patterns
  std::map<std::string, std::vector<std::string>> exact;    // lower-case key -> the policy's own values
  std::map<std::string, std::string> key_spelling;          // lower-case key -> spelling in the policy
};

void add_context_key(Pools& pools, const std::string& key) {
  const std::string k = lower(key);
  pools.key_spelling.emplace(k, key);
  pools.context[k];
}

Pools build_pools(const std::vector<PolicyFile>& files) {
  Pools pools;
  // Real requests: the callers and actions of the cross-account Step Functions setup, plus
  // some from every service the policies name.
  for (const std::string_view account : {kHomeAccount, kOtherAccount, kThirdAccount}) {
    const std::string a(account);
    for (const std::string& p :
         {"arn:aws:iam::" + a + ":root", "arn:aws:iam::" + a + ":role/ExecutionRole",
          "arn:aws:sts::" + a + ":assumed-role/ExecutionRole/session-1", "arn:aws:iam::" + a + ":user/alice",
          "arn:aws:iam::" + a + ":role/Admin", "arn:aws:sts::" + a + ":assumed-role/Reader/r",
          "arn:aws:sts::" + a + ":assumed-role/Writer/ci-session",
          "arn:aws:iam::" + a + ":role/service-role/Reader",
          "arn:aws:sts::" + a + ":assumed-role/Deployer/release"}) {
      pools.principals.push_back(p);
    }
  }
  for (const char* a : {"s3:GetObject",
                        "s3:PutObject",
                        "s3:ListBucket",
                        "s3:DeleteObject",
                        "s3:GetObjectTagging",
                        "s3:PutObjectTagging",
                        "sts:AssumeRole",
                        "sts:TagSession",
                        "states:StartExecution",
                        "states:DescribeExecution",
                        "states:ListStateMachines",
                        "states:TagResource",
                        "states:UntagResource",
                        "states:SendTaskSuccess",
                        "lambda:InvokeFunction",
                        "lambda:AddPermission",
                        "sqs:SendMessage",
                        "sqs:ReceiveMessage",
                        "sqs:DeleteMessage",
                        "sqs:SetQueueAttributes",
                        "ec2:DescribeInstances",
                        "ec2:RunInstances",
                        "ec2:CreateTags"}) {
    pools.actions.emplace_back(a);
  }
  pools.resources.emplace_back("arn:aws:s3:::data-bucket/reports/q1.csv");
  pools.resources.emplace_back("arn:aws:states:us-east-1:111122223333:stateMachine:testCrossAccount");
  pools.resources.emplace_back("arn:aws:iam::444455556666:role/TargetRole");
  pools.resources.emplace_back("arn:aws:iam::111122223333:role/TargetRole");
  pools.resources.emplace_back("arn:aws:lambda:us-east-1:111122223333:function:worker");

  for (const auto& file : files) {
    for (const auto& st : file.loaded.policy->statements()) {
      for (const auto* list : {&st.action, &st.not_action}) {
        if (*list) {
          for (const auto& v : **list) pools.actions.push_back(v.text);
        }
      }
      for (const auto* list : {&st.resource, &st.not_resource}) {
        if (*list) {
          for (const auto& v : **list) {
            if (v.text != "*") pools.resources.push_back(v.text);
            for (const auto& var : variables_in(v.text)) add_context_key(pools, var);
          }
        }
      }
      for (const auto* principal : {&st.principal, &st.not_principal}) {
        if (!*principal) continue;
        for (const auto& group : (*principal)->groups) {
          for (const auto& v : group.values) {
            if (v.text == "*") continue;
            if (group.type == iamsmith::PrincipalType::Aws && v.text.size() == 12) {
              pools.principals.push_back("arn:aws:iam::" + v.text + ":root");
            } else {
              pools.principals.push_back(v.text);
            }
          }
        }
      }
      if (!st.condition) continue;
      for (const auto& op : st.condition->operators) {
        const Family family = family_of(op.name);
        for (const auto& entry : op.entries) {
          add_context_key(pools, entry.key);
          auto& values = pools.context[lower(entry.key)];
          for (const auto& v : entry.values) {
            if (family != Family::Null) pools.exact[lower(entry.key)].push_back(v.text);
            add_edge_values(family, v.text, values);
            for (const auto& var : variables_in(v.text)) add_context_key(pools, var);
          }
        }
      }
    }
  }
  return pools;
}

// ---------------------------------------------------------------------------------------------
// Case generation

using Context = std::vector<std::pair<std::string, std::vector<std::string>>>;  // key as sent, values

const std::vector<std::string>* find_context(const Context& context, std::string_view key) {
  for (const auto& [k, v] : context) {
    if (iequals(k, key)) return &v;
  }
  return nullptr;
}

// Replaces wildcards and policy variables of a policy pattern with concrete text, so that
// the result sometimes matches the pattern exactly and sometimes just misses it.
std::string instantiate(std::string_view pattern, const Context& context, const Pools& pools, Rng& rng,
                        bool keep_literal_wildcards) {
  static const std::vector<std::string> kStarFill = {"",     "a", "Object",        "x/y", "reports/q1.csv",
                                                     "2024", "-", "stateMachine:x"};
  static const std::vector<std::string> kQuestionFill = {"a", "Z", "0",
                                                         "/", "-", "\xC3\xA9"};  // é: one code point
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '$' && i + 1 < pattern.size() && pattern[i + 1] == '{') {
      const std::size_t end = pattern.find('}', i);
      if (end == std::string_view::npos) {
        out += pattern.substr(i);
        break;
      }
      std::string inner(pattern.substr(i + 2, end - i - 2));
      i = end;
      if (inner == "*" || inner == "?" || inner == "$") {
        // The escape stands for the literal character; sometimes write the escape itself.
        out += rng.chance(80) ? inner : "${" + inner + "}";
        continue;
      }
      std::string fallback;
      if (const auto comma = inner.find(','); comma != std::string::npos) {
        const auto q1 = inner.find('\'', comma);
        const auto q2 = q1 == std::string::npos ? std::string::npos : inner.find('\'', q1 + 1);
        if (q2 != std::string::npos) fallback = inner.substr(q1 + 1, q2 - q1 - 1);
        inner.resize(comma);
      }
      const auto* values = find_context(context, inner);
      if (values && values->size() == 1 && rng.chance(85)) {
        out += values->front();
      } else if (!fallback.empty() && rng.chance(50)) {
        out += fallback;
      } else if (const auto it = pools.context.find(lower(inner));
                 it != pools.context.end() && !it->second.empty()) {
        out += rng.pick(it->second);
      } else {
        out += "alice";
      }
      continue;
    }
    if (c == '*') {
      if (keep_literal_wildcards && rng.chance(15)) {
        out += '*';
      } else {
        out += rng.pick(kStarFill);
      }
      continue;
    }
    if (c == '?') {
      if (keep_literal_wildcards && rng.chance(15)) {
        out += '?';
      } else {
        out += rng.pick(kQuestionFill);
      }
      continue;
    }
    out += c;
  }
  return out;
}

// A near miss: other case, one character more or less, or unchanged (most of the time).
std::string mutate(std::string text, Rng& rng, unsigned percent) {
  if (!rng.chance(percent)) return text;
  switch (rng.below(5)) {
    case 0: return upper(text);
    case 1: return lower(text);
    case 2: {
      if (text.empty()) return text;
      const std::size_t at = rng.below(text.size());
      const auto u = static_cast<unsigned char>(text[at]);
      if (u < 0x80U) text[at] = static_cast<char>(std::isupper(u) ? std::tolower(u) : std::toupper(u));
      return text;
    }
    case 3: return drop_last(std::move(text));
    default: return text + "1";
  }
}

std::string account_of_arn(std::string_view arn) {
  const auto parts = split(arn, ':');
  return parts.size() >= 6 && parts[0] == "arn" ? parts[4] : std::string();
}

struct Case {
  std::size_t id = 0;
  std::vector<std::string> identity;
  std::optional<std::string> resource_policy;
  std::string principal;
  std::string action;
  std::string resource;
  std::string resource_account;
  Context context;
};

// Services whose authorization AWS specialises beyond the general evaluation logic in ways
// neither evaluator under test claims to model the same way are left out (see
// KNOWN_DIFFERENCES.md, "Excluded by the generator").
bool excluded_action(std::string_view action) {
  const auto colon = action.find(':');
  if (colon == std::string_view::npos || action.find(':', colon + 1) != std::string_view::npos) return true;
  if (colon == 0 || colon + 1 == action.size()) return true;
  const std::string service = lower(action.substr(0, colon));
  if (service == "sts") {
    // STS actions other than the role-assumption family do not take part in trust decisions,
    // and the two evaluators classify unknown sts: names differently; keep real ones only.
    static const std::array<std::string_view, 3> kSts = {"assumerole", "tagsession", "setsourceidentity"};
    const std::string name = lower(action.substr(colon + 1));
    return std::find(kSts.begin(), kSts.end(), name) == kSts.end();
  }
  return service == "kms" || service == "iam" || service == "*";
}

// The values of one context key for a case: one for a single-valued key, 0..3 for a set.
std::vector<std::string> draw_values(const std::string& key, const std::vector<std::string>& policy_values,
                                     const Context& context, const Pools& pools, Rng& rng) {
  const auto exact = pools.exact.find(key);
  static const std::vector<std::string> kGeneric = {"alice",
                                                    "Alice",
                                                    "payments",
                                                    "shared",
                                                    "team-a",
                                                    "a*b",
                                                    "q?",
                                                    "",
                                                    std::string(kHomeAccount),
                                                    std::string(kOtherAccount)};
  const auto one = [&]() {
    if (exact != pools.exact.end() && rng.chance(45)) {
      return instantiate(rng.pick(exact->second), context, pools, rng, true);
    }
    const std::vector<std::string>& source =
        policy_values.empty() || rng.chance(12) ? kGeneric : policy_values;
    return mutate(instantiate(rng.pick(source), context, pools, rng, true), rng, 8);
  };
  std::vector<std::string> values;
  if (is_multivalued_key(key)) {
    const std::size_t n = rng.below(4);
    for (std::size_t i = 0; i < n; ++i) values.push_back(one());
  } else {
    values.push_back(one());
  }
  return values;
}

Case make_case(std::size_t id, const std::vector<PolicyFile>& files, const Pools& pools, Rng& rng) {
  Case c;
  c.id = id;
  std::vector<const PolicyFile*> identity_files;
  std::vector<const PolicyFile*> resource_files;
  for (const auto& f : files) (f.kind == FileKind::Identity ? identity_files : resource_files).push_back(&f);

  // One case in five is the setup iamsmith exists for: a caller whose identity policy is the
  // cross-account one (identity-cross-account*.json) and a resource or trust policy in another
  // account, aimed at one of that policy's Allow statements that names AWS principals.
  const bool cross_setup = !resource_files.empty() && rng.chance(20);
  const std::size_t roll = rng.below(100);
  const std::size_t identity_count = cross_setup ? 0 : roll < 15 ? 0 : roll < 75 ? 1 : 2;
  for (std::size_t i = 0; i < identity_count; ++i) {
    const std::string& name = rng.pick(identity_files)->name;
    if (std::find(c.identity.begin(), c.identity.end(), name) == c.identity.end()) c.identity.push_back(name);
  }
  if (!resource_files.empty() && (cross_setup || rng.chance(55))) {
    c.resource_policy = rng.pick(resource_files)->name;
  }
  // Cross-account access needs both sides: with a resource policy, often add the identity
  // policy written for the cross-account setup.
  if (c.resource_policy && (cross_setup || rng.chance(40))) {
    for (const auto* f : identity_files) {
      if (f->name.starts_with("identity-cross-account") &&
          std::find(c.identity.begin(), c.identity.end(), f->name) == c.identity.end()) {
        c.identity.push_back(f->name);
      }
    }
  }

  // Most requests aim at one statement of the chosen policies (its actions, resources,
  // principals and condition keys), so that statements apply often enough for their
  // conditions and principals to decide; the rest are drawn from everything.
  std::vector<const iamsmith::Statement*> candidates;
  for (const auto& f : files) {
    const bool chosen = std::find(c.identity.begin(), c.identity.end(), f.name) != c.identity.end() ||
                        (c.resource_policy && *c.resource_policy == f.name);
    if (!chosen) continue;
    for (const auto& st : f.loaded.policy->statements()) {
      const bool names_aws =
          st.principal && std::any_of(st.principal->groups.begin(), st.principal->groups.end(),
                                      [](const iamsmith::PrincipalGroup& g) {
                                        return g.type == iamsmith::PrincipalType::Aws;
                                      });
      const bool allow = st.effect && st.effect->text == "Allow";
      if (!cross_setup || (f.kind == FileKind::Resource && allow && names_aws)) candidates.push_back(&st);
    }
  }
  const iamsmith::Statement* focus =
      candidates.empty() || (!cross_setup && rng.chance(20)) ? nullptr : rng.pick(candidates);

  // Principal.
  c.principal = rng.pick(pools.principals);
  if (focus && focus->principal && rng.chance(cross_setup ? 95 : 60)) {
    for (const auto& group : focus->principal->groups) {
      if (group.values.empty()) continue;
      const std::string& v = rng.pick(group.values.items).text;
      if (v == "*") break;
      if (group.type == iamsmith::PrincipalType::Aws && v.size() == 12) {
        c.principal =
            rng.chance(50) ? "arn:aws:iam::" + v + ":root" : "arn:aws:iam::" + v + ":role/ExecutionRole";
      } else if (group.type == iamsmith::PrincipalType::Aws && v.ends_with(":root") && rng.chance(50)) {
        c.principal = v.substr(0, v.size() - 4) + "role/ExecutionRole";
      } else {
        c.principal = v;
      }
      break;
    }
  }
  if (rng.chance(4)) {
    // Near miss by case in the role or user name: Principal ARNs compare exactly.
    const auto slash = c.principal.rfind('/');
    if (slash != std::string::npos)
      c.principal = c.principal.substr(0, slash + 1) + upper(c.principal.substr(slash + 1));
  }

  // Context first: wildcards and variables in the resource then use the case's own values.
  std::set<std::string> focus_keys;
  if (focus && focus->condition) {
    for (const auto& op : focus->condition->operators) {
      for (const auto& entry : op.entries) {
        focus_keys.insert(lower(entry.key));
        for (const auto& v : entry.values) {
          for (const auto& var : variables_in(v.text)) focus_keys.insert(lower(var));
        }
      }
    }
  }
  if (focus) {
    for (const auto* list : {&focus->resource, &focus->not_resource}) {
      if (!*list) continue;
      for (const auto& v : **list) {
        for (const auto& var : variables_in(v.text)) focus_keys.insert(lower(var));
      }
    }
  }
  // AWS always sets some keys from the caller and the connection; most requests carry them,
  // consistent with the principal (the rest test their absence).
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
  if (rng.chance(70)) {
    const std::string account = account_of_arn(c.principal);
    if (!account.empty()) c.context.emplace_back("aws:PrincipalAccount", std::vector<std::string>{account});
    std::string principal_arn = c.principal;
    if (const auto at = principal_arn.find(":assumed-role/"); at != std::string::npos) {
      // The role's ARN, not the session's.
      const auto name_end = principal_arn.find('/', at + 14);
      principal_arn =
          "arn:aws:iam::" + account + ":role/" + principal_arn.substr(at + 14, name_end - at - 14);
    }
    if (!account.empty()) c.context.emplace_back("aws:PrincipalArn", std::vector<std::string>{principal_arn});
    c.context.emplace_back("aws:SecureTransport",
                           std::vector<std::string>{rng.chance(85) ? "true" : "false"});
    if (rng.chance(60)) c.context.emplace_back("aws:PrincipalOrgID", std::vector<std::string>{"o-abc123"});
    if (rng.chance(60)) c.context.emplace_back("aws:ResourceOrgID", std::vector<std::string>{"o-abc123"});
  }
  for (const auto& [key, values] : pools.context) {
    if (find_context(c.context, key)) continue;
    if (!rng.chance(focus_keys.contains(key) ? 80 : 15)) continue;
    std::string spelling = pools.key_spelling.at(key);
    if (rng.chance(10)) spelling = rng.chance(50) ? lower(spelling) : upper(spelling);
    c.context.emplace_back(spelling, draw_values(key, values, c.context, pools, rng));
  }

  // Action.
  std::vector<std::string> focus_actions;
  if (focus && focus->action) {
    for (const auto& v : *focus->action) focus_actions.push_back(v.text);
  }
  std::size_t attempts = 0;
  do {
    const auto& source =
        !focus_actions.empty() && rng.chance(75) && attempts < 20 ? focus_actions : pools.actions;
    c.action = mutate(instantiate(rng.pick(source), c.context, pools, rng, false), rng, 15);
    ++attempts;
  } while (excluded_action(c.action));

  // Resource.
  std::vector<std::string> focus_resources;
  if (focus && focus->resource) {
    for (const auto& v : *focus->resource) {
      if (v.text != "*") focus_resources.push_back(v.text);
    }
  }
  static const std::vector<std::string> kRoles = {"arn:aws:iam::444455556666:role/TargetRole",
                                                  "arn:aws:iam::111122223333:role/TargetRole",
                                                  "arn:aws:iam::444455556666:role/Other"};
  if (rng.chance(8)) {
    c.resource = "*";
  } else if (starts_with_ci(c.action, "sts:") && focus_resources.empty() && rng.chance(85)) {
    // Role assumption: the resource is the role whose trust policy is the resource policy.
    c.resource = rng.pick(kRoles);
  } else {
    const auto& source = !focus_resources.empty() && rng.chance(75) ? focus_resources : pools.resources;
    c.resource = mutate(instantiate(rng.pick(source), c.context, pools, rng, false), rng, 10);
    // A request names one resource: a '*' left by a variable's value would make iam-simulate
    // treat the request as a pattern ("which resources could this reach").
    std::replace(c.resource.begin(), c.resource.end(), '*', 'x');
    if (c.resource.empty()) c.resource = "arn:aws:s3:::data-bucket/x";
  }

  const std::string principal_account = account_of_arn(c.principal);
  c.resource_account = account_of_arn(c.resource);
  if (c.resource_account.size() != 12 || !std::all_of(c.resource_account.begin(), c.resource_account.end(),
                                                      [](char ch) { return ch >= '0' && ch <= '9'; })) {
    // ARNs without an account (S3 buckets) and "*": the owner is the caller's account or another.
    c.resource_account = !principal_account.empty() && rng.chance(cross_setup ? 20 : 60) ? principal_account
                         : principal_account == kHomeAccount ? std::string(kOtherAccount)
                                                             : std::string(kHomeAccount);
  }
  // Without a resource policy both evaluators deny every cross-account request; keep most such
  // requests within one account so that identity policies are compared in full.
  if (!c.resource_policy && !principal_account.empty() && rng.chance(90))
    c.resource_account = principal_account;
  // A service principal has no identity policies: services act through resource policies.
  if (!c.principal.starts_with("arn:")) c.identity.clear();
  return c;
}

template <class Writer>
void write_string(Writer& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

int generate(const fs::path& policies_dir, const fs::path& out_path, std::size_t count, std::uint64_t seed) {
  const auto files = load_policies(policies_dir);
  if (!files) return 2;
  const Pools pools = build_pools(*files);
  Rng rng(seed);

  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("seed");
  w.Uint64(seed);
  w.Key("cases");
  w.StartArray();
  for (std::size_t i = 0; i < count; ++i) {
    const Case c = make_case(i, *files, pools, rng);
    w.StartObject();
    w.Key("id");
    w.Uint64(c.id);
    w.Key("identity");
    w.StartArray();
    for (const auto& name : c.identity) write_string(w, name);
    w.EndArray();
    w.Key("resource_policy");
    if (c.resource_policy) {
      write_string(w, *c.resource_policy);
    } else {
      w.Null();
    }
    w.Key("principal");
    write_string(w, c.principal);
    w.Key("action");
    write_string(w, c.action);
    w.Key("resource");
    write_string(w, c.resource);
    w.Key("resource_account");
    write_string(w, c.resource_account);
    // Multivalued keys are sent as arrays (even with one value or none), others as strings:
    // iam-simulate, like AWS, tells a set from a single value by the key's type.
    w.Key("context");
    w.StartObject();
    for (const auto& [key, values] : c.context) {
      write_string(w, key);
      if (is_multivalued_key(key)) {
        w.StartArray();
        for (const auto& v : values) write_string(w, v);
        w.EndArray();
      } else {
        write_string(w, values.front());
      }
    }
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();

  std::ofstream out(out_path, std::ios::binary);
  out << buffer.GetString() << "\n";
  if (!out) {
    std::cerr << "error: cannot write " << out_path.string() << "\n";
    return 2;
  }
  std::cout << "generated " << count << " cases over " << files->size() << " policies (seed " << seed
            << ")\n";
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Comparison

struct LoadedCase {
  Case c;
  std::string json;  // the case as generated, for the report
};

std::string to_json(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  value.Accept(w);
  return buffer.GetString();
}

std::optional<std::vector<LoadedCase>> read_cases(const fs::path& path) {
  const auto text = read_text(path);
  if (!text) {
    std::cerr << "error: cannot read " << path.string() << "\n";
    return std::nullopt;
  }
  rapidjson::Document doc;
  doc.Parse(text->c_str());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("cases") || !doc["cases"].IsArray()) {
    std::cerr << "error: " << path.string() << ": not a cases file\n";
    return std::nullopt;
  }
  std::vector<LoadedCase> cases;
  for (const auto& v : doc["cases"].GetArray()) {
    LoadedCase lc;
    lc.json = to_json(v);
    lc.c.id = v["id"].GetUint64();
    for (const auto& name : v["identity"].GetArray()) lc.c.identity.emplace_back(name.GetString());
    if (v["resource_policy"].IsString()) lc.c.resource_policy = v["resource_policy"].GetString();
    lc.c.principal = v["principal"].GetString();
    lc.c.action = v["action"].GetString();
    lc.c.resource = v["resource"].GetString();
    lc.c.resource_account = v["resource_account"].GetString();
    for (const auto& m : v["context"].GetObject()) {
      std::vector<std::string> values;
      if (m.value.IsArray()) {
        for (const auto& item : m.value.GetArray()) values.emplace_back(item.GetString());
      } else {
        values.emplace_back(m.value.GetString());
      }
      lc.c.context.emplace_back(m.name.GetString(), std::move(values));
    }
    cases.push_back(std::move(lc));
  }
  return cases;
}

struct OtherResult {
  std::optional<std::string> decision;
  std::string error;
};

std::optional<std::map<std::size_t, OtherResult>> read_results(const fs::path& path, std::string& engine) {
  const auto text = read_text(path);
  if (!text) {
    std::cerr << "error: cannot read " << path.string() << "\n";
    return std::nullopt;
  }
  rapidjson::Document doc;
  doc.Parse(text->c_str());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("results") || !doc["results"].IsArray()) {
    std::cerr << "error: " << path.string() << ": not a results file\n";
    return std::nullopt;
  }
  engine = doc.HasMember("engine") && doc["engine"].IsString() ? doc["engine"].GetString() : "iam-simulate";
  std::map<std::size_t, OtherResult> results;
  for (const auto& v : doc["results"].GetArray()) {
    OtherResult r;
    if (v.HasMember("decision")) r.decision = v["decision"].GetString();
    if (v.HasMember("error")) r.error = v["error"].GetString();
    results[v["id"].GetUint64()] = std::move(r);
  }
  return results;
}

// What a disagreement is about, for the known-difference predicates.
struct Disagreement {
  const Case* c = nullptr;
  const eval::Evaluation* ours = nullptr;
  std::string_view theirs;
  const std::vector<PolicyFile>* files = nullptr;
};

// A class of disagreements documented in KNOWN_DIFFERENCES.md under the heading "## <id>".
// The predicate must recognise exactly that class, from the case and iamsmith's trace.
struct KnownDifference {
  std::string_view id;
  std::string_view summary;
  bool (*applies)(const Disagreement&);
};

// --- Helpers for the predicates -------------------------------------------------------------

struct CaseStatement {
  const iamsmith::Statement* statement;
  bool resource_side;
  const eval::StatementTrace* trace;  // iamsmith's verdict on this statement
  bool action_matches;                // the statement's Action/NotAction covers the request
};

// The statements of the case's policies in evaluation order (identity policies as listed, then
// the resource policy), each with iamsmith's trace of it.
std::vector<CaseStatement> case_statements(const Disagreement& d) {
  std::vector<std::string> names = d.c->identity;
  if (d.c->resource_policy) names.push_back(*d.c->resource_policy);
  std::vector<CaseStatement> out;
  for (std::size_t n = 0; n < names.size(); ++n) {
    const auto file = std::find_if(d.files->begin(), d.files->end(),
                                   [&](const PolicyFile& f) { return f.name == names[n]; });
    if (file == d.files->end()) continue;
    for (const auto& st : file->loaded.policy->statements()) {
      const std::size_t index = out.size();
      const eval::StatementTrace* trace =
          index < d.ours->statements.size() ? &d.ours->statements[index] : nullptr;
      bool covers = false;
      if (st.action) {
        covers = std::any_of(st.action->begin(), st.action->end(), [&](const iamsmith::Scalar& v) {
          return iamsmith::action_matches(v.text, d.c->action);
        });
      } else if (st.not_action) {
        covers = std::none_of(st.not_action->begin(), st.not_action->end(), [&](const iamsmith::Scalar& v) {
          return iamsmith::action_matches(v.text, d.c->action);
        });
      }
      out.push_back({&st, n + 1 == names.size() && d.c->resource_policy.has_value(), trace, covers});
    }
  }
  return out;
}

const std::vector<std::string>* context_values(const Case& c, std::string_view key) {
  return find_context(c.context, key);
}

bool all_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

// The operator without its set qualifier and IfExists, lower case: "stringnotequals".
std::string base_operator(std::string_view op) {
  std::string base = lower(op);
  if (const auto colon = base.find(':'); colon != std::string::npos) base = base.substr(colon + 1);
  if (base.ends_with("ifexists")) base.resize(base.size() - 8);
  return base;
}

bool has_set_qualifier(std::string_view op) {
  return op.find(':') != std::string_view::npos;
}

// Every Resource and NotResource value of a statement.
std::vector<std::string> resource_values(const iamsmith::Statement& st, bool include_resource,
                                         bool include_not) {
  std::vector<std::string> out;
  if (include_resource && st.resource) {
    for (const auto& v : *st.resource) out.push_back(v.text);
  }
  if (include_not && st.not_resource) {
    for (const auto& v : *st.not_resource) out.push_back(v.text);
  }
  return out;
}

// The value's ARN fields before the resource part (arn, partition, service, region, account),
// with policy variables kept whole even when their names contain ':'.
std::vector<std::string> leading_arn_fields(std::string_view value) {
  std::vector<std::string> fields(1);
  for (std::size_t i = 0; i < value.size() && fields.size() <= 5; ++i) {
    if (value[i] == '$' && i + 1 < value.size() && value[i + 1] == '{') {
      const auto end = value.find('}', i);
      const std::size_t stop = end == std::string_view::npos ? value.size() : end + 1;
      fields.back() += value.substr(i, stop - i);
      i = stop - 1;
    } else if (value[i] == ':') {
      fields.emplace_back();
    } else {
      fields.back() += value[i];
    }
  }
  if (fields.size() > 5) fields.pop_back();  // the start of the resource part
  return fields;
}

// The caller's account ID from its ARN.
std::string caller_account(const Case& c) {
  return account_of_arn(c.principal);
}

bool names_account(std::string_view value, std::string_view account) {
  return !account.empty() && (value == account || value == "arn:aws:iam::" + std::string(account) + ":root");
}

// The statement matched the request apart from (possibly) its conditions: it applied, or its
// conditions were what kept it out.
bool decided_by_condition(const eval::StatementTrace* trace) {
  return trace && (trace->applies || trace->reason == eval::MissReason::Condition);
}

// --- The known differences ---------------------------------------------------------------------
// Each predicate recognises one class documented in KNOWN_DIFFERENCES.md under its id; a
// disagreement counts under the first class in known_differences() that recognises it. Most
// require a statement whose Action covers the request and whose verdict the difference can
// change, so that a class cannot hide an unrelated disagreement in the same case.

// KD-2: a single-valued operator on a multivalued key that the request gives as an empty set
// (iam-simulate: never matches a set; iamsmith: an empty set is an absent key).
bool kd_single_operator_on_set(const Disagreement& d) {
  for (const auto& [st, resource_side, trace, covers] : case_statements(d)) {
    if (!covers) continue;
    if (!st->condition) continue;
    for (const auto& op : st->condition->operators) {
      if (has_set_qualifier(op.name) || base_operator(op.name) == "null") continue;
      for (const auto& entry : op.entries) {
        if (!is_multivalued_key(entry.key)) continue;
        const auto* values = context_values(*d.c, entry.key);
        if (values && values->empty() && decided_by_condition(trace)) return true;
      }
    }
  }
  return false;
}

// KD-3: a date condition where one side is epoch seconds and the other ISO 8601.
bool kd_epoch_against_iso(const Disagreement& d) {
  for (const auto& [st, resource_side, trace, covers] : case_statements(d)) {
    if (!covers) continue;
    if (!st->condition) continue;
    for (const auto& op : st->condition->operators) {
      if (family_of(op.name) != Family::Date) continue;
      for (const auto& entry : op.entries) {
        const auto* values = context_values(*d.c, entry.key);
        if (!values) continue;
        for (const auto& policy_value : entry.values) {
          for (const auto& request_value : *values) {
            if (all_digits(policy_value.text) != all_digits(request_value) && decided_by_condition(trace))
              return true;
          }
        }
      }
    }
  }
  return false;
}

// KD-4: a policy variable whose request value is the empty string.
bool kd_empty_variable_value(const Disagreement& d) {
  for (const auto& [st, resource_side, trace, covers] : case_statements(d)) {
    if (!covers) continue;
    std::vector<std::string> texts = resource_values(*st, true, true);
    if (st->condition) {
      for (const auto& op : st->condition->operators) {
        for (const auto& entry : op.entries) {
          for (const auto& v : entry.values) texts.push_back(v.text);
        }
      }
    }
    for (const auto& text : texts) {
      for (const auto& var : variables_in(text)) {
        const auto* values = context_values(*d.c, var);
        if (values && values->size() == 1 && values->front().empty()) return true;
      }
    }
  }
  return false;
}

// KD-6: upper-case letters in the request ARN's partition, service or region.
bool kd_arn_field_case(const Disagreement& d) {
  const auto fields = leading_arn_fields(d.c->resource);
  for (std::size_t i = 0; i < fields.size() && i < 4; ++i) {
    if (std::any_of(fields[i].begin(), fields[i].end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; }))
      return true;
  }
  return false;
}

// KD-7: a policy variable in a Resource ARN's partition, service, region or account field.
bool kd_variable_in_arn_field(const Disagreement& d) {
  for (const auto& [st, resource_side, trace, covers] : case_statements(d)) {
    if (!covers) continue;
    for (const auto& text : resource_values(*st, true, true)) {
      const auto fields = leading_arn_fields(text);
      if (fields.size() < 5) continue;
      for (std::size_t i = 0; i < 5; ++i) {
        if (fields[i].find("${") != std::string::npos) return true;
      }
    }
  }
  return false;
}

// KD-8: NotPrincipal lists the caller's account (and the caller is not the account root).
bool kd_not_principal_account(const Disagreement& d) {
  const std::string account = caller_account(*d.c);
  if (account.empty() || d.c->principal.ends_with(":root")) return false;
  for (const auto& [st, resource_side, trace, covers] : case_statements(d)) {
    if (!covers) continue;
    if (!resource_side || !st->not_principal) continue;
    for (const auto& group : st->not_principal->groups) {
      for (const auto& v : group.values) {
        if (group.type == iamsmith::PrincipalType::Aws && names_account(v.text, account) && trace &&
            trace->applies) {
          return true;
        }
      }
    }
  }
  return false;
}

// KD-9: a Null condition on a key the request gives as an empty set.
bool kd_null_on_empty_set(const Disagreement& d) {
  for (const auto& [st, resource_side, trace, covers] : case_statements(d)) {
    if (!covers) continue;
    if (!st->condition) continue;
    for (const auto& op : st->condition->operators) {
      if (base_operator(op.name) != "null") continue;
      for (const auto& entry : op.entries) {
        const auto* values = context_values(*d.c, entry.key);
        if (values && values->empty()) return true;
      }
    }
  }
  return false;
}

// KD-5: a NotResource value with a policy variable (without a default) that has no value, in
// a statement that iamsmith left out of the decision or applied because of its NotResource.
bool kd_not_resource_unresolved(const Disagreement& d) {
  for (const auto& [st, resource_side, trace, covers] : case_statements(d)) {
    if (!covers) continue;
    for (const auto& text : resource_values(*st, false, true)) {
      std::size_t pos = 0;
      while ((pos = text.find("${", pos)) != std::string::npos) {
        const auto end = text.find('}', pos);
        if (end == std::string::npos) break;
        const std::string inner = text.substr(pos + 2, end - pos - 2);
        pos = end + 1;
        if (inner == "*" || inner == "?" || inner == "$" || inner.find(',') != std::string::npos) continue;
        const auto* values = context_values(*d.c, inner);
        if ((!values || values->size() != 1) && trace != nullptr &&
            (trace->applies || trace->reason == eval::MissReason::NotResource))
          return true;
      }
    }
  }
  return false;
}

// KD-13: a role-assumption action (sts:AssumeRole, sts:TagSession, ...) with no resource-side
// policy in the case: iamsmith denies for want of the role's trust policy, iam-simulate lets
// the identity side decide.
bool kd_assume_without_trust_policy(const Disagreement& d) {
  return !d.c->resource_policy && iamsmith::is_trust_action(d.c->action) &&
         d.ours->decision == eval::Decision::ImplicitDeny && d.theirs == "allow";
}

// KD-10: the caller is an account root and a resource-side Principal names that account.
bool kd_root_caller_named_account(const Disagreement& d) {
  const std::string account = caller_account(*d.c);
  if (!d.c->principal.ends_with(":root")) return false;
  for (const auto& [st, resource_side, trace, covers] : case_statements(d)) {
    if (!covers) continue;
    if (!resource_side || !st->principal) continue;
    for (const auto& group : st->principal->groups) {
      for (const auto& v : group.values) {
        if (group.type == iamsmith::PrincipalType::Aws && names_account(v.text, account)) return true;
      }
    }
  }
  return false;
}

// KD-11: a negated operator whose request value cannot be compared (not a number, date, IP
// address, ARN or boolean, or a policy variable without a value): iamsmith's trace says so.
// This reads the trace's wording (src/core/evaluate/conditions.cpp, "is not a ..." and "has no
// value in the request and no default"); if that wording changes, these cases show up as
// unexplained and this predicate must follow.
bool kd_negated_uncomparable(const Disagreement& d) {
  for (const auto& st : d.ours->statements) {
    for (const auto& cond : st.conditions) {
      if (cond.satisfied || lower(base_operator(cond.op)).find("not") == std::string::npos) continue;
      const std::string& e = cond.explanation;
      if (e.find(" is not a") != std::string::npos ||
          e.find("has no value in the request and no default") != std::string::npos) {
        return true;
      }
    }
  }
  return false;
}

// KD-12: a '*' in a Resource ARN field before the resource part, and a request ARN with more
// colons than its six fields need (the '*' runs across a colon).
bool kd_wildcard_across_colon(const Disagreement& d) {
  if (std::count(d.c->resource.begin(), d.c->resource.end(), ':') < 6) return false;
  for (const auto& [st, resource_side, trace, covers] : case_statements(d)) {
    if (!covers) continue;
    for (const auto& text : resource_values(*st, true, true)) {
      const auto fields = leading_arn_fields(text);
      for (std::size_t i = 1; i < fields.size(); ++i) {
        if (fields[i].find('*') != std::string::npos) return true;
      }
    }
  }
  return false;
}

const std::vector<KnownDifference>& known_differences() {
  static const std::vector<KnownDifference> kKnown = {
      {"KD-2", "single-valued operator on a multivalued key given as an empty set",
       kd_single_operator_on_set},
      {"KD-3", "date compared across epoch seconds and ISO 8601", kd_epoch_against_iso},
      {"KD-4", "policy variable whose value is the empty string", kd_empty_variable_value},
      {"KD-5", "NotResource with a policy variable that has no value", kd_not_resource_unresolved},

      {"KD-7", "policy variable in a Resource ARN's account or region field", kd_variable_in_arn_field},
      {"KD-8", "NotPrincipal that lists the caller's account", kd_not_principal_account},
      {"KD-9", "Null condition on an empty multivalued key", kd_null_on_empty_set},
      {"KD-10", "account root caller named by account in a resource policy", kd_root_caller_named_account},
      {"KD-11", "negated operator on a value that cannot be compared", kd_negated_uncomparable},
      {"KD-12", "Resource wildcard running across a colon", kd_wildcard_across_colon},
      {"KD-13", "role assumption without the role's trust policy", kd_assume_without_trust_policy},
      // After KD-12: a request ARN with an extra colon often has capitals in its "region".
      {"KD-6", "letter case in the request ARN's partition, service or region", kd_arn_field_case},
  };
  return kKnown;
}

std::vector<std::string> documented_ids(const std::string& markdown) {
  std::vector<std::string> ids;
  std::istringstream in(markdown);
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("## KD-")) {
      const auto end = line.find_first_of(" :", 3);
      ids.push_back(line.substr(3, end == std::string::npos ? std::string::npos : end - 3));
    }
  }
  return ids;
}

std::string describe_ours(const eval::Evaluation& e, const std::vector<const PolicyFile*>& inputs) {
  std::ostringstream out;
  out << "    iamsmith: " << e.summary << "\n";
  for (const std::size_t index : e.deciding) {
    const auto& st = e.statements[index];
    out << "      deciding: " << inputs[st.policy_index]->name << " statement " << st.statement_index
        << (st.sid.empty() ? "" : " (" + st.sid + ")") << ": " << st.explanation << "\n";
  }
  return out.str();
}

int compare(const fs::path& policies_dir, const fs::path& cases_path, const fs::path& results_path,
            const fs::path& known_path, const std::optional<fs::path>& report_path, bool tamper) {
  const auto files = load_policies(policies_dir);
  if (!files) return 2;
  const auto cases = read_cases(cases_path);
  if (!cases) return 2;
  std::string engine;
  auto results = read_results(results_path, engine);
  if (!results) return 2;
  const auto known_text = read_text(known_path);
  if (!known_text) {
    std::cerr << "error: cannot read " << known_path.string() << "\n";
    return 2;
  }

  // Every class the comparator may use must be documented, and every documented class must be
  // one the comparator knows: the file and the code cannot drift apart.
  bool consistent = true;
  const auto ids = documented_ids(*known_text);
  for (const auto& kd : known_differences()) {
    if (std::find(ids.begin(), ids.end(), kd.id) == ids.end()) {
      std::cerr << "error: known difference " << kd.id << " is not documented in " << known_path.string()
                << "\n";
      consistent = false;
    }
  }
  for (const auto& id : ids) {
    const auto& kds = known_differences();
    if (std::none_of(kds.begin(), kds.end(), [&](const KnownDifference& kd) { return kd.id == id; })) {
      std::cerr << "error: " << known_path.string() << " documents " << id
                << ", which the driver does not check\n";
      consistent = false;
    }
  }

  std::map<std::string, const PolicyFile*> by_name;
  for (const auto& f : *files) by_name[f.name] = &f;

  std::map<std::string, std::size_t> ours_count;
  std::map<std::string, std::size_t> known_count;
  std::size_t agreed = 0;
  std::size_t unexplained = 0;
  std::size_t errors = 0;
  std::ostringstream report;
  std::size_t printed = 0;
  bool tampered = false;
  constexpr std::size_t kMaxPrinted = 25;

  for (const auto& lc : *cases) {
    const Case& c = lc.c;
    std::vector<eval::PolicyInput> inputs;
    std::vector<const PolicyFile*> input_files;
    for (const auto& name : c.identity) {
      const PolicyFile* f = by_name.at(name);
      inputs.push_back(eval::PolicyInput{&*f->loaded.policy, eval::PolicySide::Identity, f->name});
      input_files.push_back(f);
    }
    if (c.resource_policy) {
      const PolicyFile* f = by_name.at(*c.resource_policy);
      inputs.push_back(eval::PolicyInput{&*f->loaded.policy, eval::PolicySide::Resource, f->name});
      input_files.push_back(f);
    }
    eval::Request request;
    request.principal = c.principal;
    request.action = c.action;
    request.resource = c.resource;
    request.resource_account = c.resource_account;
    for (const auto& [key, values] : c.context) request.context.push_back(eval::ContextEntry{key, values});

    const eval::Evaluation ours = eval::evaluate(request, inputs);
    const std::string our_decision(eval::decision_name(ours.decision));
    ++ours_count[our_decision];

    const auto it = results->find(c.id);
    if (it == results->end() || !it->second.decision) {
      ++errors;
      report << "case " << c.id << ": iam-simulate gave no decision"
             << (it == results->end() ? std::string() : ": " + it->second.error) << "\n  " << lc.json << "\n";
      continue;
    }
    std::string theirs = *it->second.decision;
    if (tamper && !tampered && theirs == our_decision) {
      // Flip the first agreeing case that no known difference could excuse.
      const std::string flipped = our_decision == "allow" ? "implicit-deny" : "allow";
      const Disagreement probe{&c, &ours, flipped, &*files};
      const auto& kds = known_differences();
      if (std::none_of(kds.begin(), kds.end(),
                       [&](const KnownDifference& kd) { return kd.applies(probe); })) {
        theirs = flipped;
        tampered = true;
        std::cout << "tampered with case " << c.id << ": iam-simulate's decision replaced by " << flipped
                  << "\n";
      }
    }
    if (theirs == our_decision) {
      ++agreed;
      continue;
    }
    const Disagreement d{&c, &ours, theirs, &*files};
    const KnownDifference* known = nullptr;
    for (const auto& kd : known_differences()) {
      if (kd.applies(d)) {
        known = &kd;
        break;
      }
    }
    std::ostringstream entry;
    entry << "case " << c.id << ": iamsmith " << our_decision << ", " << engine << " " << theirs
          << (known ? " [known: " + std::string(known->id) + "]" : std::string(" [UNEXPLAINED]")) << "\n"
          << "  " << lc.json << "\n"
          << describe_ours(ours, input_files);
    report << entry.str();
    if (known) {
      ++known_count[std::string(known->id)];
    } else {
      ++unexplained;
      if (printed++ < kMaxPrinted) std::cout << entry.str();
    }
  }

  if (report_path) {
    std::ofstream out(*report_path, std::ios::binary);
    out << report.str();
  }

  const std::size_t total = cases->size();
  std::cout << "differential: " << total << " cases against " << engine << ": " << agreed << " agree, "
            << unexplained << " unexplained disagreements, " << errors << " without a decision\n";
  std::cout << "  iamsmith decisions:";
  for (const auto& [name, n] : ours_count) std::cout << " " << name << "=" << n;
  std::cout << "\n";
  for (const auto& kd : known_differences()) {
    std::cout << "  " << kd.id << " (" << kd.summary << "): " << known_count[std::string(kd.id)]
              << " cases\n";
  }
  if (report_path) std::cout << "  every disagreement: " << report_path->string() << "\n";

  // A run where one decision hardly occurs tests little: the generator must reach all three.
  bool degenerate = false;
  for (const char* name : {"allow", "explicit-deny", "implicit-deny"}) {
    if (ours_count[name] * 20 < total) {
      std::cout << "error: only " << ours_count[name] << " of " << total << " cases are " << name
                << ": the generated requests no longer exercise the policies\n";
      degenerate = true;
    }
  }
  return unexplained == 0 && errors == 0 && consistent && !degenerate ? 0 : 1;
}

int usage() {
  std::cerr << "usage: iamsmith_differential generate <policies dir> <cases.json> <count> <seed>\n"
               "       iamsmith_differential compare <policies dir> <cases.json> <results.json> "
               "<KNOWN_DIFFERENCES.md> [--report <file>] [--tamper]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 5 && args[0] == "generate") {
    try {
      return generate(args[1], args[2], std::stoul(args[3]), std::stoull(args[4]));
    } catch (const std::exception&) {
      return usage();
    }
  }
  if (args.size() >= 5 && args[0] == "compare") {
    std::optional<fs::path> report;
    bool tamper = false;
    for (std::size_t i = 5; i < args.size(); ++i) {
      if (args[i] == "--report" && i + 1 < args.size()) {
        report = args[++i];
      } else if (args[i] == "--tamper") {
        tamper = true;
      } else {
        return usage();
      }
    }
    return compare(args[1], args[2], args[3], args[4], report, tamper);
  }
  return usage();
}
