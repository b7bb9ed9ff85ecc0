#include "iamsmith/report.hpp"

#include "iamsmith/version.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <array>
#include <ostream>
#include <sstream>

namespace iamsmith {
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

// The source line with a caret under the span; tabs are kept in the caret line so it lines up.
void append_excerpt(std::string& out, const SourceText& source, const SourceSpan& span, std::string_view on,
                    std::string_view off) {
  std::string_view line = source.line_text(span.line);
  const std::size_t full_line_start = static_cast<std::size_t>(line.data() - source.text().data());
  std::size_t column_start = 1;  // the column of the first byte quoted
  std::string_view before;       // "..." when the window starts after the line does
  std::string_view after;
  if (line.size() > kMaxQuotedLine) {
    const std::size_t at = span.offset >= full_line_start ? span.offset - full_line_start : 0;
    const std::size_t from = code_point_start(line, at > kContextBytes ? at - kContextBytes : 0);
    const std::size_t span_bytes = std::min<std::size_t>(std::max<std::uint32_t>(span.length, 1), kMaxQuotedLine);
    const std::size_t to = code_point_start(line, std::min(line.size(), at + span_bytes + kContextBytes));
    if (from > 0) {
      before = "...";
      column_start = span.column - code_points(line.substr(from, at - std::min(at, from)));
    }
    if (to < line.size()) after = "...";
    line = line.substr(from, to - from);
  }
  const std::string number = std::to_string(span.line);
  const std::string gutter(number.size(), ' ');
  out += "  " + number + " | ";
  out += before;
  out += line;
  out += after;
  out += "\n  " + gutter + " | ";
  out.append(before.size(), ' ');
  std::size_t column = column_start;
  std::size_t i = 0;
  while (i < line.size() && column < span.column) {
    out.push_back(line[i] == '\t' ? '\t' : ' ');
    ++column;
    ++i;
    while (i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0U) == 0x80U) ++i;
  }
  // Underline the span, but not past the end of this line (or of the part of it quoted).
  const std::size_t span_start = span.offset;
  const std::size_t span_end = span.offset + std::max<std::uint32_t>(span.length, 1);
  const std::size_t line_start = static_cast<std::size_t>(line.data() - source.text().data());
  const std::size_t line_end = line_start + line.size();
  const std::size_t end = std::min(span_end, std::max(line_end, span_start + 1));
  const std::size_t width =
      span_start < source.text().size() && end > span_start
          ? std::max<std::size_t>(1, code_points(std::string_view(source.text()).substr(span_start, end - span_start)))
          : 1;
  out += on;
  out.push_back('^');
  out.append(width - 1, '~');
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

std::string render_text(const FileReport& report, bool colour) {
  const Palette p = colour ? Palette{"\x1b[1m", "\x1b[0m", "\x1b[1;32m", "\x1b[1;36m"} : Palette{};
  std::string out;
  for (const Diagnostic& d : report.diagnostics) {
    out += std::string(p.bold) + report.path + ":" + std::to_string(d.span.line) + ":" + std::to_string(d.span.column) +
           ":" + std::string(p.reset) + " " + std::string(p.severity(d.severity)) +
           std::string(severity_name(d.severity)) + std::string(p.reset) + std::string(p.bold) + "[" + d.rule_id +
           " " + d.rule_name + "]" + std::string(p.reset) + " " + d.message + "\n";
    const bool quotable = report.source != nullptr && d.span.line > 0 &&
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

void write_sarif_result(JsonWriter& w, const FileReport& r, const Diagnostic& d, std::span<const Rule* const> rules) {
  w.StartObject();
  put(w, "ruleId", d.rule_id);
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (rules[i]->id != d.rule_id) continue;
    put_string(w, "ruleIndex");
    w.Uint64(i);
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
  put(w, "uri", r.path);
  w.EndObject();
  put_string(w, "region");
  w.StartObject();
  put_string(w, "startLine");
  w.Uint(std::max<std::uint32_t>(d.span.line, 1));
  put_string(w, "startColumn");
  w.Uint(std::max<std::uint32_t>(d.span.column, 1));
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
  put_string(w, "partialFingerprints");
  w.StartObject();
  put(w, "iamsmith/v1", fingerprint(d, r.path));
  w.EndObject();
  w.EndObject();
}

// The SARIF document up to the opening of its results array.
std::string sarif_header(std::span<const Rule* const> rules) {
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
    put_string(w, "help");
    w.StartObject();
    put(w, "text", std::string(rule->fix) + " (iamsmith explain " + std::string(rule->id) + ")");
    w.EndObject();
    put_string(w, "defaultConfiguration");
    w.StartObject();
    put(w, "level", sarif_level(rule->severity));
    w.EndObject();
    put_string(w, "properties");
    w.StartObject();
    put(w, "severity", severity_name(rule->severity));
    put_string(w, "tags");
    w.StartArray();
    put_string(w, rule->severity == Severity::Security ? "security" : "correctness");
    w.EndArray();
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();  // driver
  w.EndObject();  // tool
  put_string(w, "results");
  w.StartArray();
  return written(buffer);
}

}  // namespace

ReportStream::ReportStream(ReportFormat format, std::span<const Rule* const> rules, bool colour)
    : format_(format), rules_(rules), colour_(colour) {}

std::string ReportStream::header() {
  switch (format_) {
    case ReportFormat::Json: {
      rapidjson::StringBuffer buffer;
      JsonWriter w(buffer);
      w.StartObject();
      put_string(w, "findings");
      w.StartArray();
      return written(buffer);
    }
    case ReportFormat::Sarif: return sarif_header(rules_);
    case ReportFormat::Text:
    case ReportFormat::Github: return "";
  }
  return "";
}

std::string ReportStream::file(const FileReport& report) {
  switch (format_) {
    case ReportFormat::Text: return render_text(report, colour_);
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
      write_sarif_result(w, report, d, rules_);
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
    constexpr std::size_t kChunk = std::size_t{1} << 20U;
    if (files_json_.empty() || files_json_.back().size() + buffer.GetSize() + 1 > kChunk) {
      files_json_.emplace_back();
      files_json_.back().reserve(kChunk);
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
  for (std::string& chunk : files_json_) {
    out << chunk;
    std::string().swap(chunk);
  }
  files_json_.clear();
  out << summary_json();
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

std::string render_sarif(const std::vector<FileReport>& reports, std::span<const Rule* const> rules) {
  return render_all(ReportStream(ReportFormat::Sarif, rules), reports);
}

std::string render_github(const std::vector<FileReport>& reports) {
  return render_all(ReportStream(ReportFormat::Github), reports);
}

}  // namespace iamsmith
