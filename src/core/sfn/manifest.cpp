#include "iamsmith/manifest.hpp"

namespace iamsmith {
namespace {

std::string string_of(const json::Node& object, std::string_view key) {
  const json::Node* n = object.get(key);
  return n != nullptr && n->is_string() ? n->text : std::string();
}

}  // namespace

std::optional<Manifest> read_manifest(const json::Node& root) {
  if (!root.is_object() || string_of(root, "generator") != "iamsmith generate") return std::nullopt;
  const json::Node* policies = root.get("policies");
  if (policies == nullptr || !policies->is_array()) return std::nullopt;
  Manifest out;
  if (const json::Node* format = root.get("format"); format != nullptr && format->is_string()) out.format = format->text;
  if (const json::Node* files = root.get("files"); files != nullptr && files->is_array()) {
    for (const json::Node& f : files->items) {
      if (f.is_string() && !f.text.empty()) out.files.push_back(f.text);
    }
  }
  for (const json::Node& item : policies->items) {
    if (!item.is_object()) continue;
    ManifestEntry e;
    e.file = string_of(item, "file");
    e.role = string_of(item, "role");
    e.role_name = string_of(item, "roleName");
    e.account = string_of(item, "account");
    e.purpose = sfn::purpose_from_name(string_of(item, "purpose"));
    e.policy_name = string_of(item, "policyName");
    if (const json::Node* sms = item.get("stateMachines"); sms != nullptr && sms->is_array()) {
      for (const json::Node& sm : sms->items) {
        if (sm.is_string()) e.state_machines.push_back(sm.text);
      }
    }
    if (!e.file.empty()) out.policies.push_back(std::move(e));
  }
  return out;
}

std::optional<std::vector<ManifestEntry>> parse_manifest(const json::Node& root) {
  std::optional<Manifest> manifest = read_manifest(root);
  if (!manifest) return std::nullopt;
  return std::move(manifest->policies);
}

std::vector<std::string> Manifest::all_files() const {
  std::vector<std::string> out;
  out.reserve(policies.size() + files.size());
  for (const ManifestEntry& e : policies) out.push_back(e.file);
  out.insert(out.end(), files.begin(), files.end());
  return out;
}

void append_manifest_entry(std::string& out, const ManifestEntry& e, std::string_view pad) {
  const auto member = [&](std::string_view key, std::string_view value) {
    out += pad;
    json::append_quoted(out, key);
    out += ": ";
    json::append_quoted(out, value);
    out += ",\n";
  };
  const sfn::Purpose purpose = e.purpose.value_or(sfn::Purpose::Trust);
  member("file", e.file);
  member("role", e.role);
  member("roleName", e.role_name);
  member("account", e.account);
  member("purpose", sfn::purpose_name(purpose));
  member("attachAs", sfn::attach_as(purpose));
  if (!e.policy_name.empty()) member("policyName", e.policy_name);
  out += pad;
  out += "\"stateMachines\": [";
  for (std::size_t i = 0; i < e.state_machines.size(); ++i) {
    out += i == 0 ? "\n" : ",\n";
    out += pad;
    out += "  ";
    json::append_quoted(out, e.state_machines[i]);
  }
  if (e.state_machines.empty()) {
    out += "]";
  } else {
    out += "\n";
    out += pad;
    out += "]";
  }
}

std::string render_manifest(const Manifest& manifest) {
  std::string out = "{\n  \"generator\": \"iamsmith generate\",\n";
  if (manifest.format != "json") {
    out += "  \"format\": ";
    json::append_quoted(out, manifest.format);
    out += ",\n  \"files\": [";
    for (std::size_t i = 0; i < manifest.files.size(); ++i) {
      out += i == 0 ? "\n    " : ",\n    ";
      json::append_quoted(out, manifest.files[i]);
    }
    out += manifest.files.empty() ? "],\n" : "\n  ],\n";
  }
  out += "  \"policies\": [";
  for (std::size_t i = 0; i < manifest.policies.size(); ++i) {
    out += i == 0 ? "\n    {\n" : ",\n    {\n";
    append_manifest_entry(out, manifest.policies[i], "      ");
    out += "\n    }";
  }
  out += manifest.policies.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

namespace sfn {

std::string_view purpose_name(Purpose purpose) {
  switch (purpose) {
    case Purpose::Trust: return "trust";
    case Purpose::Permissions: return "permissions";
    case Purpose::AssumeRole: return "assume-role";
  }
  return "trust";
}

std::optional<Purpose> purpose_from_name(std::string_view name) {
  for (const Purpose p : {Purpose::Trust, Purpose::Permissions, Purpose::AssumeRole}) {
    if (purpose_name(p) == name) return p;
  }
  return std::nullopt;
}

std::string_view attach_as(Purpose purpose) {
  switch (purpose) {
    case Purpose::Trust: return "trust-policy";
    case Purpose::Permissions: return "inline-policy";
    case Purpose::AssumeRole: return "inline-policy";
  }
  return "inline-policy";
}

}  // namespace sfn

}  // namespace iamsmith
