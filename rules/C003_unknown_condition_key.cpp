#include <array>

#include "condition_helpers.hpp"
#include "iamsmith/iamdata.hpp"
#include "iamsmith/suggest.hpp"

namespace iamsmith::rules {
namespace {

// Keys IAM accepts that the catalogue leaves out: AWS's own managed policies use
// aws:PrincipalOrgMasterAccountId, the default access policy Amazon SNS gives every new topic
// conditions on AWS:SourceOwner, and AWS's AmazonDataZoneGlueManageAccessRolePolicy conditions on
// lakeformation:GlueARN.
constexpr std::array<std::string_view, 3> kLegacyKeys = {"aws:PrincipalOrgMasterAccountId", "aws:SourceOwner",
                                                         "lakeformation:GlueARN"};

bool is_legacy(std::string_view key) {
  return std::any_of(kLegacyKeys.begin(), kLegacyKeys.end(), [&](std::string_view k) { return ci_equals(key, k); });
}

// "aws:RequestTag/${TagKey}" -> "aws:RequestTag"; "s3:ExistingObjectTag/<key>" -> "s3:ExistingObjectTag".
std::string_view head_of(std::string_view key) { return key.substr(0, key.find('/')); }

// A key that stands for a family ("aws:RequestTag/${TagKey}", and the two the catalogue spells
// with a literal "tag-key": "ssm:resourceTag/tag-key", "secretsmanager:ResourceTag/tag-key").
bool is_family(const iamdata::ConditionKey& key) {
  return key.is_template || ci_equals(key.name.substr(key.name.find('/') + 1), "tag-key");
}

// The family `key` belongs to when its head ("aws:ResourceTag") is a family's head.
const iamdata::ConditionKey* family_of(std::span<const iamdata::ConditionKey> keys, std::string_view key) {
  for (const iamdata::ConditionKey& k : keys) {
    if (is_family(k) && k.name.find('/') != std::string_view::npos && ci_equals(head_of(k.name), head_of(key))) {
      return &k;
    }
  }
  return nullptr;
}

// Did-you-mean candidates: each key as written, families by their head.
std::vector<std::string> candidates_of(std::span<const iamdata::ConditionKey> keys, std::string_view prefix) {
  std::vector<std::string> out;
  for (const iamdata::ConditionKey& k : keys) {
    if (!ci_starts_with(k.name, prefix)) continue;
    out.emplace_back(is_family(k) ? head_of(k.name) : k.name);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// `catalog` is given for a service's key, to name the snapshot the verdict rests on (global keys
// change rarely; service keys with every service release).
void report_unknown(const ConditionEntry& entry, std::string_view what, std::vector<std::string> candidates,
                    const iamdata::Catalog* catalog, FindingSink& out) {
  const std::string_view key = entry.key;
  const std::size_t slash = key.find('/');
  std::vector<Note> notes;
  if (auto guess = nearest(slash == std::string_view::npos ? key : head_of(key), candidates, /*ignore_case=*/true)) {
    notes.push_back({"did you mean " + in_quotes(*guess) + "?", std::nullopt});
  }
  notes.push_back({"a condition on a key that never exists in the request context is always false "
                   "(always true for negated operators)",
                   std::nullopt});
  if (catalog != nullptr) {
    notes.push_back({"iamsmith knows the keys of AWS's Service Authorization Reference as of " +
                         std::string(catalog->date()) + " (--iam-data reads a newer snapshot)",
                     std::nullopt});
  }
  out.report(entry.key_span, "condition key " + in_quotes(key) + " is not " + std::string(what), std::move(notes));
}

// A family key without its member ("aws:ResourceTag", "aws:PrincipalTag/"): reported and true.
bool report_bare_family(const ConditionEntry& entry, const iamdata::ConditionKey* family, FindingSink& out) {
  if (family == nullptr) return false;
  const std::string_view key = entry.key;
  const std::size_t slash = key.find('/');
  if (slash != std::string_view::npos && slash + 1 < key.size()) return false;
  const std::string head(head_of(family->name));
  out.report(entry.key_span, "condition key " + in_quotes(key) + " names no tag key",
             {{"write " + head + "/<tag-key>, such as " + head + "/Team", std::nullopt}});
  return true;
}

void check_global(const ConditionEntry& entry, const iamdata::Catalog& catalog, FindingSink& out) {
  const std::string_view key = entry.key;
  const auto globals = catalog.global_keys();
  const iamdata::ConditionKey* family = family_of(globals, key);
  if (report_bare_family(entry, family, out)) return;
  if (family != nullptr || catalog.global_key(key) != nullptr) return;
  if (is_legacy(key)) return;
  if (ci_equals(key, "aws:ARN")) {
    // Access Analyzer reports aws:ARN as an unsupported global key.
    out.report(entry.key_span, "condition key \"aws:ARN\" is not supported",
               {{"use aws:PrincipalArn for the caller or aws:SourceArn for the calling resource", std::nullopt}});
    return;
  }
  report_unknown(entry, "an AWS global condition key", candidates_of(globals, "aws:"), nullptr, out);
}

void check_service_key(const ConditionEntry& entry, const iamdata::Service& service, const iamdata::Catalog& catalog,
                       FindingSink& out) {
  const std::string_view key = entry.key;
  if (catalog.global_key(key) != nullptr || service.find_condition_key(key) != nullptr || is_legacy(key)) return;
  const iamdata::ConditionKey* family = family_of(service.condition_keys, key);
  if (report_bare_family(entry, family, out)) return;
  if (family != nullptr) return;
  const std::string prefix = std::string(service.prefix) + ":";
  report_unknown(entry, "a condition key of " + std::string(service.name) + " (" + std::string(service.prefix) + ")",
                 candidates_of(service.condition_keys, prefix), &catalog, out);
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  const iamdata::Catalog& catalog = catalog_of(in.context);
  for (const Statement& st : in.policy->statements()) {
    if (!st.condition) continue;
    for (const ConditionOperator& op : st.condition->operators) {
      for (const ConditionEntry& entry : op.entries) {
        const std::string_view key = entry.key;
        const std::size_t colon = key.find(':');
        if (colon == std::string_view::npos || colon == 0) {
          // Access Analyzer: "Invalid condition key format: Use the format service:keyname."
          std::vector<Note> notes{{"condition keys are written prefix:name (aws:SourceIp, s3:prefix, "
                                   "sts:ExternalId); a key without a prefix never exists in the request context",
                                   std::nullopt}};
          if (colon == std::string_view::npos) {
            if (const iamdata::ConditionKey* global = catalog.global_key("aws:" + std::string(key))) {
              notes.insert(notes.begin(), {"did you mean " + in_quotes(global->name) + "?", std::nullopt});
            }
          }
          out.report(entry.key_span, "condition key " + in_quotes(key) + " has no service prefix", std::move(notes));
          continue;
        }
        if (ci_equals(key.substr(0, colon), "aws")) {
          check_global(entry, catalog, out);
        } else if (const iamdata::Service* service = catalog.service(key.substr(0, colon))) {
          check_service_key(entry, *service, catalog, out);
        }
        // Any other prefix ("saml:", "accounts.google.com:", an OIDC provider's URL) names an
        // identity provider's claims, which the catalogue does not list exhaustively.
      }
    }
  }
}

}  // namespace

extern const Rule kC003UnknownConditionKey{
    .id = "C003",
    .name = "unknown-condition-key",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "A condition key that AWS does not define: an \"aws:\" key that is not a global key, a "
               "service key (\"s3:prefx\") that the service does not have, or a key with no prefix at all "
               "(\"SourceIp\").",
    .rationale = "Keys that start with \"aws:\" are global keys, a fixed list that AWS documents; a service's "
                 "own keys (\"s3:prefix\", \"sts:ExternalId\") are listed in its page of the Service "
                 "Authorization Reference. A misspelt key is never in the request context, so an Allow "
                 "condition on it never matches and a Deny condition with a negated operator always does; "
                 "the policy quietly stops meaning what it says. Keys are case-insensitive, so only spelling counts.",
    .exceptions = "Keys documented elsewhere that IAM still accepts (aws:PrincipalOrgMasterAccountId, "
                  "aws:SourceOwner, lakeformation:GlueARN) are not reported. Keys of identity providers (saml:, "
                  "accounts.google.com:, an OIDC provider's URL) and of prefixes that are no service are not "
                  "checked. A key AWS added after iamsmith's snapshot of the reference is reported until the "
                  "snapshot is updated (--iam-data reads a newer one).",
    .fix = "Correct the key's spelling (the note suggests the nearest known key), and give tag keys their "
           "tag name: aws:RequestTag/<tag-key>, aws:ResourceTag/<tag-key>, aws:PrincipalTag/<tag-key>.",
    .bad_example = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
                   "      \"Principal\": {\"Service\": \"states.amazonaws.com\"},\n"
                   "      \"Action\": \"sts:AssumeRole\",\n"
                   "      \"Condition\": {\"StringEquals\": {\"aws:SourceAccout\": \"111122223333\"}}\n"
                   "    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Condition/StringEquals/aws:SourceAccout",
    .good_example = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
                    "      \"Principal\": {\"Service\": \"states.amazonaws.com\"},\n"
                    "      \"Action\": \"sts:AssumeRole\",\n"
                    "      \"Condition\": {\"StringEquals\": {\"aws:SourceAccount\": \"111122223333\"}}\n"
                    "    }\n  ]\n}\n",
    .example_context = {},
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html\n"
                  "https://docs.aws.amazon.com/service-authorization/latest/reference/"
                  "reference_policies_actions-resources-contextkeys.html",
    .check = check,
};

}  // namespace iamsmith::rules
