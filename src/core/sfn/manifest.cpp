#include "iamsmith/manifest.hpp"

namespace iamsmith {
namespace {

std::string string_of(const json::Node& object, std::string_view key) {
  const json::Node* n = object.get(key);
  return n != nullptr && n->is_string() ? n->text : std::string();
}

}  // namespace

std::optional<std::vector<ManifestEntry>> parse_manifest(const json::Node& root) {
  if (!root.is_object() || string_of(root, "generator") != "iamsmith generate") return std::nullopt;
  const json::Node* policies = root.get("policies");
  if (policies == nullptr || !policies->is_array()) return std::nullopt;
  std::vector<ManifestEntry> out;
  for (const json::Node& item : policies->items) {
    if (!item.is_object()) continue;
    ManifestEntry e;
    e.file = string_of(item, "file");
    e.role = string_of(item, "role");
    e.account = string_of(item, "account");
    e.purpose = sfn::purpose_from_name(string_of(item, "purpose"));
    if (const json::Node* sms = item.get("stateMachines"); sms != nullptr && sms->is_array()) {
      for (const json::Node& sm : sms->items) {
        if (sm.is_string()) e.state_machines.push_back(sm.text);
      }
    }
    if (!e.file.empty()) out.push_back(std::move(e));
  }
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
