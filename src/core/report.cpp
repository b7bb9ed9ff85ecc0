#include "iamsmith/report.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <array>

namespace iamsmith {
namespace {

std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
  }));
}

// The source line with a caret under the span; tabs are kept in the caret line so it lines up.
void append_excerpt(std::string& out, const SourceText& source, const SourceSpan& span) {
  const std::string_view line = source.line_text(span.line);
  const std::string number = std::to_string(span.line);
  const std::string gutter(number.size(), ' ');
  out += "  " + number + " | ";
  out += line;
  out += "\n  " + gutter + " | ";
  std::size_t column = 1;
  std::size_t i = 0;
  while (i < line.size() && column < span.column) {
    out.push_back(line[i] == '\t' ? '\t' : ' ');
    ++column;
    ++i;
    while (i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0U) == 0x80U) ++i;
  }
  // Underline the span, but not past the end of this line.
  const std::size_t span_start = span.offset;
  const std::size_t span_end = span.offset + std::max<std::uint32_t>(span.length, 1);
  const std::size_t line_start = static_cast<std::size_t>(line.data() - source.text().data());
  const std::size_t line_end = line_start + line.size();
  const std::size_t end = std::min(span_end, std::max(line_end, span_start + 1));
  const std::size_t width =
      span_start < source.text().size() && end > span_start
          ? std::max<std::size_t>(1, code_points(std::string_view(source.text()).substr(span_start, end - span_start)))
          : 1;
  out.push_back('^');
  out.append(width - 1, '~');
  out.push_back('\n');
}

}  // namespace

std::string render_text(const FileReport& report) {
  std::string out;
  for (const Diagnostic& d : report.diagnostics) {
    out += report.path + ":" + std::to_string(d.span.line) + ":" + std::to_string(d.span.column) +
           ": " + std::string(severity_name(d.severity)) + "[" + d.rule_id + " " + d.rule_name +
           "] " + d.message + "\n";
    const bool quotable = report.source != nullptr && d.span.line > 0 &&
                          d.span.line <= report.source->line_count() && !report.source->text().empty();
    if (quotable) append_excerpt(out, *report.source, d.span);
    if (!d.span.pointer.empty()) out += "  = at: " + d.span.pointer + "\n";
    for (const Note& n : d.notes) {
      if (n.span && n.span->line > 0) {
        out += "  = note: " + report.path + ":" + std::to_string(n.span->line) + ":" +
               std::to_string(n.span->column) + ": " + n.message + "\n";
      } else {
        out += "  = note: " + n.message + "\n";
      }
    }
  }
  return out;
}

std::string render_json(const std::vector<FileReport>& reports) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  auto str = [&w](std::string_view s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); };
  auto span_fields = [&](const SourceSpan& s) {
    str("line");
    w.Uint(s.line);
    str("column");
    w.Uint(s.column);
    str("pointer");
    str(s.pointer);
  };
  std::array<std::size_t, 4> counts{};
  w.StartObject();
  str("version");
  w.Uint(1);
  str("files");
  w.StartArray();
  for (const FileReport& r : reports) {
    w.StartObject();
    str("path");
    str(r.path);
    if (!r.kind.empty()) {
      str("kind");
      str(r.kind);
    }
    str("findings");
    w.StartArray();
    for (const Diagnostic& d : r.diagnostics) {
      ++counts[static_cast<std::size_t>(d.severity)];
      w.StartObject();
      str("rule");
      str(d.rule_id);
      str("name");
      str(d.rule_name);
      str("severity");
      str(severity_name(d.severity));
      str("message");
      str(d.message);
      span_fields(d.span);
      str("notes");
      w.StartArray();
      for (const Note& n : d.notes) {
        w.StartObject();
        str("message");
        str(n.message);
        if (n.span) span_fields(*n.span);
        w.EndObject();
      }
      w.EndArray();
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  str("summary");
  w.StartObject();
  for (Severity s : {Severity::Error, Severity::Security, Severity::Warning, Severity::Suggestion}) {
    str(severity_name(s));
    w.Uint64(counts[static_cast<std::size_t>(s)]);
  }
  w.EndObject();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

}  // namespace iamsmith
