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
    e.purpose = string_of(item, "purpose");
    if (const json::Node* sms = item.get("stateMachines"); sms != nullptr && sms->is_array()) {
      for (const json::Node& sm : sms->items) {
        if (sm.is_string()) e.state_machines.push_back(sm.text);
      }
    }
    if (!e.file.empty()) out.push_back(std::move(e));
  }
  return out;
}

LintContext manifest_context(const ManifestEntry& entry, const LintContext& base) {
  LintContext c = base;
  if (!c.kind) c.kind = entry.purpose == "trust" ? PolicyKind::Trust : PolicyKind::Identity;
  if (!c.role_arn && !entry.role.empty()) c.role_arn = entry.role;
  if (!c.account && !entry.account.empty()) c.account = entry.account;
  if (!c.state_machine_arn && entry.state_machines.size() == 1) c.state_machine_arn = entry.state_machines.front();
  return c;
}

}  // namespace iamsmith
