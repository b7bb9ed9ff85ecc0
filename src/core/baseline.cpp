#include "iamsmith/baseline.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/prettywriter.h>

#include <algorithm>

#include "iamsmith/json.hpp"

namespace iamsmith {

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
  w.Uint(1);
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
                            return baseline.fingerprints.count(fingerprint(d, report.path)) != 0;
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
