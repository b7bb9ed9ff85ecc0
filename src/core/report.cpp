#include "iamsmith/report.hpp"

#include "iamsmith/explain.hpp"
#include "iamsmith/version.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <ostream>
#include <sstream>

namespace iamsmith {
namespace fs = std::filesystem;
namespace {

std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
  }));
}

// Lines longer than this are quoted in part: a window around the span (a minified policy is one
// line of up to a megabyte, and quoting it whole under each of thousands of findings made the
// output quadratic in the file's size).
constexpr std::size_t kMaxQuotedLine = 1024;
constexpr std::size_t kContextBytes = 60;  // shown before the span, and after it, in such a line

// Steps back from `at` to the start of the UTF-8 sequence holding it.
std::size_t code_point_start(std::string_view text, std::size_t at) {
  while (at > 0 && at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0U) == 0x80U) --at;
  return at;
}

// One code point (or one byte that is not UTF-8) of a quoted line, as it is shown.
struct Shown {
  std::size_t bytes = 1;  // how many bytes of the line it stands for
  std::string text;       // what is written: the bytes themselves, or an escape
};

bool escaped_code_point(std::uint32_t cp) {
  // C0 and C1 controls and DEL drive terminals (ESC, CSI); bidirectional embeddings, overrides
  // and isolates reorder what is shown ("Trojan Source", CVE-2021-42574).
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F;
}

Shown shown_at(std::string_view line, std::size_t at) {
  static constexpr char kHex[] = "0123456789abcdef";
  const auto byte = static_cast<unsigned char>(line[at]);
  const auto hex_byte = [&] {
    return Shown{1, std::string{'\\', 'x', kHex[byte >> 4U], kHex[byte & 0xFU]}};
  };
  if (byte == '\t') return Shown{1, "\t"};
  std::size_t length = byte < 0x80 ? 1 : byte >= 0xF0 && byte <= 0xF4 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC2 ? 2 : 0;
  if (length == 0 || at + length > line.size()) return hex_byte();
  std::uint32_t cp = length == 1 ? byte : byte & (0x7FU >> length);
  for (std::size_t i = 1; i < length; ++i) {
    const auto next = static_cast<unsigned char>(line[at + i]);
    if ((next & 0xC0U) != 0x80U) return hex_byte();
    cp = (cp << 6U) | (next & 0x3FU);
  }
  if ((length == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (length == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
    return hex_byte();
  if (!escaped_code_point(cp)) return Shown{length, std::string(line.substr(at, length))};
  if (cp < 0x80) return hex_byte();
  std::string text = "\\u{";
  for (int shift = cp > 0xFFFF ? 20 : 12; shift >= 0; shift -= 4) text.push_back(kHex[(cp >> static_cast<unsigned>(shift)) & 0xFU]);
  return Shown{length, text + "}"};
}

// The source line with a caret under the span; tabs are kept in the caret line so it lines up.
// A long line is quoted in part, and what could drive the terminal is escaped (Shown).
void append_excerpt(std::string& out, const SourceText& source, const SourceSpan& span, std::string_view on,
                    std::string_view off) {
  std::string_view line = source.line_text(span.line);
  const std::size_t full_line_start = static_cast<std::size_t>(line.data() - source.text().data());
  std::string_view before;  // "..." when the window starts after the line does
  std::string_view after;
  std::size_t span_start = 0;  // the byte of the quoted part where the span starts
  if (line.size() > kMaxQuotedLine) {
    const std::size_t at = span.offset >= full_line_start ? span.offset - full_line_start : 0;
    const std::size_t from = code_point_start(line, at > kContextBytes ? at - kContextBytes : 0);
    const std::size_t span_bytes = std::min<std::size_t>(std::max<std::uint32_t>(span.length, 1), kMaxQuotedLine);
    const std::size_t to = code_point_start(line, std::min(line.size(), at + span_bytes + kContextBytes));
    if (from > 0) before = "...";
    if (to < line.size()) after = "...";
    line = line.substr(from, to - from);
    span_start = std::min(at - std::min(at, from), line.size());
  } else {
    // By column, as the header names it: the span's first byte is the column's code point.
    for (std::uint32_t column = 1; span_start < line.size() && column < span.column; ++column) {
      ++span_start;
      while (span_start < line.size() && (static_cast<unsigned char>(line[span_start]) & 0xC0U) == 0x80U) ++span_start;
    }
  }
  // The span's end within the quoted part (not past this line); at least one column is underlined.
  const std::size_t span_end = std::min<std::size_t>(span_start + std::max<std::uint32_t>(span.length, 1), line.size());
  std::string quoted;
  std::string carets;
  std::size_t width = 0;  // columns under the span
  for (std::size_t i = 0; i < line.size();) {
    const Shown shown = shown_at(line, i);
    const std::size_t columns = shown.text == "\t" ? 1 : code_points(shown.text);
    if (i < span_start) carets.append(shown.text == "\t" ? std::string(1, '\t') : std::string(columns, ' '));
    else if (i < span_end) width += columns;
    quoted += shown.text;
    i += shown.bytes;
  }
  const std::string number = std::to_string(span.line);
  const std::string gutter(number.size(), ' ');
  out += "  " + number + " | ";
  out += before;
  out += quoted;
  out += after;
  out += "\n  " + gutter + " | ";
  out.append(before.size(), ' ');
  out += carets;
  out += on;
  out.push_back('^');
  out.append(std::max<std::size_t>(width, 1) - 1, '~');
  out += off;
  out.push_back('\n');
}

}  // namespace

namespace {

struct Palette {
  std::string_view bold, reset, caret, note;
  [[nodiscard]] std::string_view severity(Severity s) const {
    if (reset.empty()) return "";
    switch (s) {
      case Severity::Error: return "\x1b[1;31m";
      case Severity::Security: return "\x1b[1;35m";
      case Severity::Warning: return "\x1b[1;33m";
      case Severity::Suggestion: return "\x1b[1;36m";
    }
    return "";
  }
};

}  // namespace

std::string render_text(const FileReport& report, bool colour, bool quote_source) {
  const Palette p = colour ? Palette{"\x1b[1m", "\x1b[0m", "\x1b[1;32m", "\x1b[1;36m"} : Palette{};
  std::string out;
  for (const Diagnostic& d : report.diagnostics) {
    out += std::string(p.bold) + report.path + ":" + std::to_string(d.span.line) + ":" + std::to_string(d.span.column) +
           ":" + std::string(p.reset) + " " + std::string(p.severity(d.severity)) +
           std::string(severity_name(d.severity)) + std::string(p.reset) + std::string(p.bold) + "[" + d.rule_id +
           " " + d.rule_name + "]" + std::string(p.reset) + " " + d.message + "\n";
    const bool quotable = quote_source && report.source != nullptr && d.span.line > 0 &&
                          d.span.line <= report.source->line_count() && !report.source->text().empty();
    if (quotable) append_excerpt(out, *report.source, d.span, p.caret, p.reset);
    if (!d.span.pointer.empty()) out += "  = at: " + d.span.pointer + "\n";
    for (const Note& n : d.notes) {
      out += "  = " + std::string(p.note) + "note" + std::string(p.reset) + ": ";
      if (n.span && n.span->line > 0) {
        out += report.path + ":" + std::to_string(n.span->line) + ":" + std::to_string(n.span->column) + ": ";
      }
      out += n.message + "\n";
    }
  }
  return out;
}

std::string render_concise(const FileReport& report) {
  std::string out;
  for (const Diagnostic& d : report.diagnostics) {
    out += report.path + ":" + std::to_string(d.span.line) + ":" + std::to_string(d.span.column) + ": " + d.rule_id +
           " " + d.message + "\n";
  }
  return out;
}

namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

void put_string(JsonWriter& w, std::string_view s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); }

void put(JsonWriter& w, std::string_view key, std::string_view value) {
  put_string(w, key);
  put_string(w, value);
}


}  // namespace

namespace {

std::string_view sarif_level(Severity severity) {
  switch (severity) {
    case Severity::Error:
    case Severity::Security: return "error";
    case Severity::Warning: return "warning";
    case Severity::Suggestion: return "note";
  }
  return "error";
}

}  // namespace

namespace {

// Workflow commands: data escapes %, CR, LF; properties also ':' and ','.
// https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts (escapeData, escapeProperty)
std::string escape_github(std::string_view text, bool property) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      case ':': out += property ? "%3A" : ":"; break;
      case ',': out += property ? "%2C" : ","; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string github_lines(const FileReport& r) {
  std::string out;
  for (const Diagnostic& d : r.diagnostics) {
    const std::string_view level = d.severity == Severity::Suggestion ? "notice"
                                   : d.severity == Severity::Warning  ? "warning"
                                                                       : "error";
    std::string message = d.message;
    for (const Note& n : d.notes) message += "\n" + n.message;
    out += "::" + std::string(level) + " file=" + escape_github(r.path, true) +
           ",line=" + std::to_string(d.span.line) + ",col=" + std::to_string(d.span.column) +
           ",title=" + escape_github(d.rule_id + " " + d.rule_name, true) + "::" + escape_github(message, false) + "\n";
  }
  return out;
}

// The text the writer holds so far: a document's beginning, when it is not finished.
std::string written(const rapidjson::StringBuffer& buffer) { return std::string(buffer.GetString(), buffer.GetSize()); }

void write_json_finding(JsonWriter& w, const FileReport& r, const Diagnostic& d) {
  w.StartObject();
  put(w, "rule", d.rule_id);
  put(w, "name", d.rule_name);
  put(w, "severity", severity_name(d.severity));
  put(w, "message", d.message);
  put(w, "file", r.path);
  put_string(w, "line");
  w.Uint(d.span.line);
  put_string(w, "column");
  w.Uint(d.span.column);
  put(w, "pointer", d.span.pointer);
  put_string(w, "notes");
  w.StartArray();
  for (const Note& n : d.notes) {
    w.StartObject();
    put(w, "message", n.message);
    if (n.span) {
      put_string(w, "line");
      w.Uint(n.span->line);
      put_string(w, "column");
      w.Uint(n.span->column);
      put(w, "pointer", n.span->pointer);
    }
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

// The family a rule id's letter names, as a SARIF tag.
std::string_view family_tag(std::string_view id) {
  switch (id.empty() ? ' ' : id.front()) {
    case 'A': return "arn";
    case 'C': return "condition";
    case 'D': return "action-catalogue";
    case 'G': return "generator";
    case 'I': return "template";
    case 'K': return "configuration";
    case 'P': return "policy-structure";
    case 'R': return "redundancy";
    case 'S': return "step-functions";
    case 'T': return "trust-policy";
    case 'W': return "broad-access";
    case 'X': return "partition";
    default: return "custom";
  }
}

std::string_view severity_tag(Severity severity) {
  switch (severity) {
    case Severity::Error: return "correctness";
    case Severity::Security: return "security";
    case Severity::Warning: return "best-practice";
    case Severity::Suggestion: return "style";
  }
  return "correctness";
}

// GitHub orders alerts by it: an error is what AWS rejects (no false positive); a preview rule
// is still being tuned.
std::string_view precision(const Rule& rule) {
  if (rule.status == RuleStatus::Preview) return "medium";
  return rule.severity == Severity::Error ? "very-high" : "high";
}

// The first of a rule's references (AWS documentation), else the IAM user guide.
std::string_view help_uri(const Rule& rule) {
  std::string_view refs = rule.references;
  while (!refs.empty() && (refs.front() == '\n' || refs.front() == ' ')) refs.remove_prefix(1);
  const std::string_view first = refs.substr(0, refs.find('\n'));
  if (first.rfind("https://", 0) == 0 || first.rfind("http://", 0) == 0) return first;
  return "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html";
}

// "<stdin>", "<setup>": a report that is not a file.
bool is_label(std::string_view path) { return path.size() > 2 && path.front() == '<' && path.back() == '>'; }

void put_uri(JsonWriter& w, const std::string& path, const SarifOptions& options) {
  const std::string uri = sarif_uri(path, options.source_root);
  if (uri.empty()) {
    put_string(w, "description");
    w.StartObject();
    put(w, "text", path == "<stdin>" ? std::string_view("standard input (name it with --stdin-filename)")
                                     : std::string_view(path).substr(1, path.size() - 2));
    w.EndObject();
    return;
  }
  put(w, "uri", uri);
  if (uri.rfind("file:", 0) != 0) put(w, "uriBaseId", "%SRCROOT%");
}

void write_sarif_result(JsonWriter& w, const FileReport& r, const Diagnostic& d, std::span<const Rule* const> rules,
                        const SarifOptions& options) {
  w.StartObject();
  put(w, "ruleId", d.rule_id);
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (rules[i]->id != d.rule_id) continue;
    put_string(w, "ruleIndex");
    w.Uint64(i);
    break;
  }
  put(w, "level", sarif_level(d.severity));
  put_string(w, "message");
  w.StartObject();
  std::string text = d.message;
  for (const Note& n : d.notes) text += "\n" + n.message;
  put(w, "text", text);
  w.EndObject();
  put_string(w, "locations");
  w.StartArray();
  w.StartObject();
  put_string(w, "physicalLocation");
  w.StartObject();
  put_string(w, "artifactLocation");
  w.StartObject();
  put_uri(w, r.path, options);
  w.EndObject();
  put_string(w, "region");
  w.StartObject();
  const std::uint32_t line = std::max<std::uint32_t>(d.span.line, 1);
  const std::uint32_t column = std::max<std::uint32_t>(d.span.column, 1);
  put_string(w, "startLine");
  w.Uint(line);
  put_string(w, "startColumn");
  w.Uint(column);
  // The end (endColumn is the column after the span's last character), from the text: on the
  // span's own line by counting its characters, so that thousands of findings on one minified
  // line stay linear.
  if (r.source != nullptr && d.span.line > 0 && d.span.length > 0 &&
      std::size_t{d.span.offset} + d.span.length <= r.source->text().size()) {
    const std::string_view spanned = std::string_view(r.source->text()).substr(d.span.offset, d.span.length);
    std::uint32_t end_line = line;
    std::uint32_t end_column = 0;
    if (spanned.find('\n') == std::string_view::npos) {
      end_column = column + static_cast<std::uint32_t>(code_points(spanned));
    } else {
      end_line = r.source->line_of(std::size_t{d.span.offset} + d.span.length);
      end_column = r.source->column_of(std::size_t{d.span.offset} + d.span.length);
    }
    if (end_line >= line) {
      put_string(w, "endLine");
      w.Uint(end_line);
      put_string(w, "endColumn");
      w.Uint(std::max<std::uint32_t>(end_column, 1));
    }
  }
  w.EndObject();
  w.EndObject();  // physicalLocation
  put_string(w, "logicalLocations");
  w.StartArray();
  w.StartObject();
  put(w, "fullyQualifiedName", d.span.pointer.empty() ? "/" : d.span.pointer);
  put(w, "kind", "element");
  w.EndObject();
  w.EndArray();
  w.EndObject();
  w.EndArray();  // locations
  // The fingerprint lint set (baseline.hpp: repository-relative path, rule, the flagged element's
  // place and content; never the message or line). "v2": v1 hashed the path as typed and the
  // message, so its values are not comparable.
  put_string(w, "partialFingerprints");
  w.StartObject();
  put(w, "iamsmith/v2", fingerprint(d, r.path));
  w.EndObject();
  w.EndObject();
}

// The SARIF document up to the opening of its results array.
std::string sarif_header(std::span<const Rule* const> rules, const SarifOptions& options) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  put(w, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
  put(w, "version", "2.1.0");
  put_string(w, "runs");
  w.StartArray();
  w.StartObject();
  put_string(w, "tool");
  w.StartObject();
  put_string(w, "driver");
  w.StartObject();
  put(w, "name", "iamsmith");
  put(w, "version", version());
  put(w, "informationUri", "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html");
  put_string(w, "rules");
  w.StartArray();
  for (const Rule* rule : rules) {
    w.StartObject();
    put(w, "id", rule->id);
    put(w, "name", rule->name);
    put_string(w, "shortDescription");
    w.StartObject();
    put(w, "text", rule->summary);
    w.EndObject();
    put_string(w, "fullDescription");
    w.StartObject();
    put(w, "text", rule->rationale);
    w.EndObject();
    put(w, "helpUri", help_uri(*rule));
    put_string(w, "help");
    w.StartObject();
    put(w, "text", std::string(rule->fix) + " (iamsmith explain " + std::string(rule->id) + ")");
    put(w, "markdown", "**" + std::string(rule->id) + "** " + explain_markdown(*rule));
    w.EndObject();
    put_string(w, "defaultConfiguration");
    w.StartObject();
    put(w, "level", sarif_level(rule->severity));
    w.EndObject();
    put_string(w, "properties");
    w.StartObject();
    put(w, "severity", severity_name(rule->severity));
    put(w, "security-severity", security_severity(*rule));
    put(w, "precision", precision(*rule));
    put_string(w, "tags");
    w.StartArray();
    put_string(w, severity_tag(rule->severity));
    put_string(w, family_tag(rule->id));
    put_string(w, "iam");
    w.EndArray();
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();  // driver
  w.EndObject();  // tool
  put_string(w, "automationDetails");
  w.StartObject();
  put(w, "id", options.automation_id);
  w.EndObject();
  put_string(w, "originalUriBaseIds");
  w.StartObject();
  put_string(w, "%SRCROOT%");
  w.StartObject();
  if (options.source_root.empty()) {
    put_string(w, "description");
    w.StartObject();
    put(w, "text", "the directory the paths are relative to");
    w.EndObject();
  } else {
    put(w, "uri", sarif_uri(options.source_root + "/", ""));
  }
  w.EndObject();
  w.EndObject();
  put(w, "columnKind", "unicodeCodePoints");
  put_string(w, "results");
  w.StartArray();
  return written(buffer);
}

}  // namespace

std::string sarif_source_root(const std::string& working_directory) {
  std::error_code ec;
  fs::path start = fs::absolute(fs::path(working_directory), ec).lexically_normal();
  if (ec) return working_directory;
  if (start.has_relative_path() && start.filename().empty()) start = start.parent_path();  // "dir/"
  for (fs::path dir = start;; dir = dir.parent_path()) {
    if (fs::exists(dir / ".git", ec)) return dir.string();
    if (dir == dir.parent_path()) break;
  }
  return start.string();
}

namespace {

// RFC 3986 path characters (unreserved, sub-delims, ':' and '@') stay; every other byte, a space
// or a non-ASCII byte, is %XX.
void append_encoded(std::string& out, std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (const char c : path) {
    const auto b = static_cast<unsigned char>(c);
    if (std::isalnum(b) != 0 || std::string_view("-._~!$&'()*+,;=:@/").find(c) != std::string_view::npos) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[b >> 4U]);
      out.push_back(kHex[b & 0xFU]);
    }
  }
}

std::string file_uri(const fs::path& absolute) {
  std::string out = "file://";
  const std::string text = absolute.generic_string();
  if (text.empty() || text.front() != '/') out.push_back('/');
  append_encoded(out, text);
  return out;
}

}  // namespace

std::string sarif_uri(const std::string& path, const std::string& source_root) {
  if (path.empty() || is_label(path)) return {};
  const fs::path given(path);
  if (source_root.empty()) {
    if (given.is_absolute()) {
      std::string uri = file_uri(given.lexically_normal());
      return uri;
    }
    std::string out;
    append_encoded(out, given.lexically_normal().generic_string());
    return out;
  }
  std::error_code ec;
  const fs::path absolute = fs::absolute(given, ec).lexically_normal();
  if (ec) return {};
  const fs::path relative = absolute.lexically_relative(fs::path(source_root));
  const std::string text = relative.generic_string();
  if (relative.empty() || text == "." || text.rfind("..", 0) == 0) return file_uri(absolute);
  std::string out;
  append_encoded(out, text);
  return out;
}

std::string_view security_severity(const Rule& rule) {
  switch (rule.severity) {
    case Severity::Security:
      return rule.id.starts_with('T') || rule.id == "W004" || rule.id == "W007" ? "9.1" : "8.1";
    case Severity::Error: return "5.5";
    case Severity::Warning: return "4.0";
    case Severity::Suggestion: return "2.0";
  }
  return "5.5";
}

ReportStream::ReportStream(ReportFormat format, std::span<const Rule* const> rules, bool colour)
    : ReportStream(format, rules, ReportOptions{colour, true, {}}) {}

ReportStream::ReportStream(ReportFormat format, std::span<const Rule* const> rules, ReportOptions options)
    : format_(format), rules_(rules), options_(std::move(options)) {}

std::string ReportStream::header() {
  switch (format_) {
    case ReportFormat::Json: {
      rapidjson::StringBuffer buffer;
      JsonWriter w(buffer);
      w.StartObject();
      put_string(w, "schemaVersion");
      w.Int(kJsonSchemaVersion);
      put_string(w, "findings");
      w.StartArray();
      return written(buffer);
    }
    case ReportFormat::Sarif: return sarif_header(rules_, options_.sarif);
    case ReportFormat::Text:
    case ReportFormat::Concise:
    case ReportFormat::Github: return "";
  }
  return "";
}

void ReportStream::count(const FileReport& report) {
  for (const Diagnostic& d : report.diagnostics) {
    auto it = std::find_if(by_rule_.begin(), by_rule_.end(), [&](const RuleStatistic& c) { return c.rule == d.rule_id; });
    if (it == by_rule_.end()) it = by_rule_.insert(by_rule_.end(), RuleStatistic{d.rule_id, d.rule_name, d.severity, 0});
    ++it->count;
  }
}

std::vector<RuleStatistic> ReportStream::statistics() const {
  std::vector<RuleStatistic> out = by_rule_;
  std::stable_sort(out.begin(), out.end(), [](const RuleStatistic& a, const RuleStatistic& b) {
    return a.count != b.count ? a.count > b.count : a.rule < b.rule;
  });
  return out;
}

namespace {
// The JSON "files" entries: chunks of this size, this many held before the last is spilled.
constexpr std::size_t kFilesChunk = std::size_t{1} << 20U;
constexpr std::size_t kFilesChunksHeld = 4;
}  // namespace

std::string ReportStream::file(const FileReport& report) {
  count(report);
  switch (format_) {
    case ReportFormat::Text: return render_text(report, options_.colour, options_.quote_source);
    case ReportFormat::Concise: return render_concise(report);
    case ReportFormat::Github: return github_lines(report);
    case ReportFormat::Json:
    case ReportFormat::Sarif: break;
  }
  std::string out;
  for (const Diagnostic& d : report.diagnostics) {
    if (!first_result_) out.push_back(',');
    first_result_ = false;
    rapidjson::StringBuffer buffer;
    JsonWriter w(buffer);
    if (format_ == ReportFormat::Json) {
      ++counts_[static_cast<std::size_t>(d.severity)];
      write_json_finding(w, report, d);
    } else {
      write_sarif_result(w, report, d, rules_, options_.sarif);
    }
    out.append(buffer.GetString(), buffer.GetSize());
  }
  ++file_count_;
  if (format_ == ReportFormat::Json) {
    rapidjson::StringBuffer buffer;
    JsonWriter w(buffer);
    w.StartObject();
    put(w, "path", report.path);
    if (!report.kind.empty()) put(w, "kind", report.kind);
    w.EndObject();
    if (files_json_.empty() || files_json_.back().size() + buffer.GetSize() + 1 > kFilesChunk) {
      if (files_json_.size() >= kFilesChunksHeld && spill(files_json_.back())) {
        files_json_.back().clear();
      } else {
        files_json_.emplace_back();
        files_json_.back().reserve(kFilesChunk);
      }
    }
    std::string& chunk = files_json_.back();
    chunk += file_count_ > 1 ? "," : "],\"files\":[";  // the footer's beginning, before the first
    chunk.append(buffer.GetString(), buffer.GetSize());
  }
  return out;
}

std::string ReportStream::footer() {
  switch (format_) {
    case ReportFormat::Text:
    case ReportFormat::Concise:
    case ReportFormat::Github: return "";
    case ReportFormat::Sarif: return "]}]}\n";  // results, the run, runs, the document
    case ReportFormat::Json: break;
  }
  std::ostringstream out;
  write_footer(out);
  return std::move(out).str();
}

std::string ReportStream::summary_json() const {
  // The members after "files", written as an object of its own whose '{' is dropped.
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  if (options_.statistics) {
    put_string(w, "statistics");
    w.StartArray();
    for (const RuleStatistic& c : statistics()) {
      w.StartObject();
      put(w, "rule", c.rule);
      put(w, "name", c.name);
      put(w, "severity", severity_name(c.severity));
      put_string(w, "count");
      w.Uint64(c.count);
      w.EndObject();
    }
    w.EndArray();
  }
  put_string(w, "summary");
  w.StartObject();
  put_string(w, "files");
  w.Uint64(file_count_);
  put_string(w, "errors");
  w.Uint64(counts_[static_cast<std::size_t>(Severity::Error)]);
  put_string(w, "security");
  w.Uint64(counts_[static_cast<std::size_t>(Severity::Security)]);
  put_string(w, "warnings");
  w.Uint64(counts_[static_cast<std::size_t>(Severity::Warning)]);
  put_string(w, "suggestions");
  w.Uint64(counts_[static_cast<std::size_t>(Severity::Suggestion)]);
  w.EndObject();
  w.EndObject();
  return "]," + std::string(buffer.GetString() + 1, buffer.GetSize() - 1) + "\n";
}

void ReportStream::write_footer(std::ostream& out) {
  if (format_ != ReportFormat::Json) {
    out << footer();
    return;
  }
  if (files_json_.empty()) out << "],\"files\":[";  // no file
  for (std::size_t i = 0; i < files_json_.size(); ++i) {
    if (i + 1 == kFilesChunksHeld && spill_) {
      // What the spilled chunk held before it holds what it holds now.
      std::rewind(spill_.get());
      std::string block(std::size_t{64} << 10U, '\0');
      for (std::size_t left = spilled_bytes_; left > 0;) {
        const std::size_t n = std::fread(block.data(), 1, std::min(left, block.size()), spill_.get());
        if (n == 0) {
          out.setstate(std::ios::badbit);  // the report cannot be completed: a write error
          break;
        }
        out.write(block.data(), static_cast<std::streamsize>(n));
        left -= n;
      }
      spill_.reset();
      spilled_bytes_ = 0;
    }
    out << files_json_[i];
    std::string().swap(files_json_[i]);
  }
  files_json_.clear();
  out << summary_json();
}

void ReportStream::FileCloser::operator()(std::FILE* f) const { std::fclose(f); }

bool ReportStream::spill(const std::string& chunk) {
  if (spill_failed_) return false;
  if (!spill_) spill_.reset(std::tmpfile());
  if (spill_ && std::fwrite(chunk.data(), 1, chunk.size(), spill_.get()) == chunk.size()) {
    spilled_bytes_ += chunk.size();
    return true;
  }
  // No temporary file, or it is full: keep the rest in memory. What was written whole stays
  // valid: the footer reads exactly spilled_bytes_, not a partial write after them.
  spill_failed_ = true;
  return false;
}

namespace {

std::string render_all(ReportStream stream, const std::vector<FileReport>& reports) {
  std::string out = stream.header();
  for (const FileReport& r : reports) out += stream.file(r);
  return out + stream.footer();
}

}  // namespace

std::string render_json(const std::vector<FileReport>& reports) {
  return render_all(ReportStream(ReportFormat::Json), reports);
}

std::string render_sarif(const std::vector<FileReport>& reports, std::span<const Rule* const> rules,
                         const SarifOptions& options) {
  return render_all(ReportStream(ReportFormat::Sarif, rules, ReportOptions{false, true, options}), reports);
}

std::string render_github(const std::vector<FileReport>& reports) {
  return render_all(ReportStream(ReportFormat::Github), reports);
}

}  // namespace iamsmith
