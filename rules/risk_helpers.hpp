#pragma once
// Helpers shared by the rules on risky grants (W012 privilege escalation, W013 data exfiltration,
// W014 credentials exposure, W015 resource exposure, W018 resource-policy escalation): whether a
// statement lets an action reach every resource of its kind, whether a condition narrows it, and
// what an action's name says it does to the permissions it manages.

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "iamsmith/iamdata.hpp"
#include "w_helpers.hpp"

namespace iamsmith::rules::risk {

// One resource of `type` that only a pattern admitting every resource of the type matches:
// the type's ARN format with ${Partition}, ${Region} and ${Account} taken from `like` (the
// pattern, when it names them) and every other placeholder replaced by `filler`.
[[nodiscard]] inline std::string probe_arn(std::string_view format, const Arn* like,
                                           std::string_view filler) {
  std::string out;
  std::size_t i = 0;
  while (i < format.size()) {
    if (format.compare(i, 2, "${") == 0) {
      const std::size_t close = format.find('}', i);
      if (close == std::string_view::npos) break;
      const std::string_view name = format.substr(i + 2, close - i - 2);
      const auto literal = [](const std::string& field, std::string_view fallback) {
        return field.empty() || has_wildcard(field) ? std::string(fallback) : field;
      };
      if (name == "Partition") {
        out += like != nullptr ? literal(like->partition, "aws") : "aws";
      } else if (name == "Region") {
        out += like != nullptr ? literal(like->region, "us-east-1") : "us-east-1";
      } else if (name == "Account") {
        out += like != nullptr ? literal(like->account, "111122223333") : "111122223333";
      } else {
        out += filler;
      }
      i = close + 1;
    } else {
      out += format[i++];
    }
  }
  return out;
}

// Whether `pattern` matches every resource of `type` (in the partition, region and account it
// names): probing with two names that no narrower pattern would admit tells "function:*" from
// "function:app-*".
[[nodiscard]] inline bool matches_every(std::string_view pattern, const iamdata::ResourceType& type) {
  if (w::is_all_stars(pattern)) return true;
  const ArnResult parsed = parse_arn(pattern);
  const Arn* like = parsed ? &parsed.value() : nullptr;
  return std::any_of(type.arn_formats.begin(), type.arn_formats.end(), [&](std::string_view format) {
    return resource_matches(pattern, probe_arn(format, like, "Qz7")) &&
           resource_matches(pattern, probe_arn(format, like, "a-path/Zq_9+=,.@-"));
  });
}

// Whether a statement's Resource (or NotResource) lets `action` reach every resource it acts on:
// "*"; for an action with resource types, patterns that match every resource of each type it
// requires (or of one of its alternative types); NotResource unless it excludes "*".
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
[[nodiscard]] inline bool reaches_every_resource(const Statement& st, const iamdata::Action& action) {
  if (st.not_resource) {
    return std::none_of(st.not_resource->begin(), st.not_resource->end(),
                        [](const Scalar& r) { return w::is_all_stars(r.text); });
  }
  if (!st.resource) return false;
  const auto covered = [&](const iamdata::ResourceType* type) {
    return std::any_of(st.resource->begin(), st.resource->end(), [&](const Scalar& r) {
      return type == nullptr ? w::is_all_stars(r.text) : matches_every(r.text, *type);
    });
  };
  if (action.wildcard_only()) return covered(nullptr);
  if (covered(nullptr)) return true;
  const bool some_required = std::any_of(action.resources.begin(), action.resources.end(),
                                         [](const iamdata::ActionResource& r) { return r.required; });
  if (some_required) {
    return std::all_of(action.resources.begin(), action.resources.end(),
                       [&](const iamdata::ActionResource& r) {
                         return !r.required || r.type == nullptr || covered(r.type);
                       });
  }
  return std::any_of(action.resources.begin(), action.resources.end(),
                     [&](const iamdata::ActionResource& r) { return r.type != nullptr && covered(r.type); });
}

// Whether a condition narrows the resources `action` (service:Name) reaches: a narrowing
// operator on the resource's tags, account or organization, or on any key of the action's own
// service (which of those describe the resource the catalogue does not say, so each gets the
// benefit of the doubt). The same test W003 applies.
[[nodiscard]] inline bool scoped_by_condition(const Statement& st, std::string_view action) {
  const std::string_view service = action.substr(0, action.find(':'));
  const auto scopes = [service](std::string_view key) {
    if (w::is_resource_scoping_key(key)) return true;
    const std::size_t colon = key.find(':');
    return colon != std::string_view::npos && ci_equals(key.substr(0, colon), service);
  };
  const auto scope_value = [](std::string_view key, std::string_view value) {
    const std::size_t colon = key.find(':');
    return ci_starts_with(key.substr(colon + 1), "ResourceTag/") || !w::is_all_stars(value);
  };
  if (w::find_narrowing_condition(st, scopes, scope_value, true) != nullptr) return true;
  // A Bool condition requires the key to be present with that value: AWS's own policies grant
  // kms:CreateGrant under {"Bool": {"kms:GrantIsForAWSResource": "true"}}.
  if (!st.condition) return false;
  return std::any_of(
      st.condition->operators.begin(), st.condition->operators.end(), [&](const ConditionOperator& op) {
        return op.name == "Bool" &&
               std::any_of(op.entries.begin(), op.entries.end(),
                           [&](const ConditionEntry& e) { return scopes(e.key) && !e.values.empty(); });
      });
}

// Whether `action` is the one `full_name` ("s3:GetObject") names, case-insensitively, without
// building its full name.
[[nodiscard]] inline bool is_named(const iamdata::Action& action, std::string_view full_name) {
  const std::size_t colon = full_name.find(':');
  return action.service != nullptr && colon != std::string_view::npos &&
         ci_equals(full_name.substr(0, colon), action.service->prefix) &&
         ci_equals(full_name.substr(colon + 1), action.name);
}

// Whether `action` is in `list` (full names).
template <class List>
[[nodiscard]] bool listed_in(const List& list, const iamdata::Action& action) {
  return std::any_of(list.begin(), list.end(), [&](std::string_view a) { return is_named(action, a); });
}

// The Action values of an Allow statement that these rules read: not "*" / "*:*" (W001's) and
// not "service:*" (W002's), which already report everything they grant.
[[nodiscard]] inline bool is_specific_action_value(std::string_view pattern) {
  return !w::matches_every_action(pattern) && !w::whole_service(pattern);
}

// What an action's name says it does to the permissions it manages (W015 resource exposure, W018
// resource-policy escalation): read them, or take access away.
// AWS's data files a few reads under Permissions management as well (glue:DescribeEntity,
// glue:ListEntities, glue:DescribeConnectionType and glue:TestConnection are "Permissions
// management, Write"; quicksight:DescribeTopicPermissions, secretsmanager:ValidateResourcePolicy
// and several GetResourcePolicy actions likewise): an action named for reading returns what the
// permissions are and cannot change them, so it opens nothing.
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsglue.html
// DescribeEntity "Provides details regarding the entity used with the connection type":
// https://docs.aws.amazon.com/goto/WebAPI/glue-2017-03-31/DescribeEntity
template <std::size_t N>
[[nodiscard]] bool starts_with_verb(std::string_view name, const std::array<std::string_view, N>& verbs) {
  return std::any_of(verbs.begin(), verbs.end(), [&](std::string_view verb) {
    // The verb is a whole word: "Get" + an upper-case letter ("GetResourcePolicy"), not "Getaway".
    return name.size() > verb.size() && name.substr(0, verb.size()) == verb &&
           name[verb.size()] >= 'A' && name[verb.size()] <= 'Z';
  });
}

[[nodiscard]] inline bool named_for_reading(std::string_view name) {
  constexpr std::array<std::string_view, 7> kReadVerbs = {"Get", "Describe", "List", "Search", "View", "Test", "Validate"};
  return starts_with_verb(name, kReadVerbs);
}

// Actions that take access away: they delete a resource policy or a permission statement
// (s3:DeleteBucketPolicy, lambda:RemovePermission, sns:RemovePermission), revoke or retire a grant
// (kms:RevokeGrant, kms:RetireGrant), or take principals and resources out of a share
// (ram:DisassociateResourceShare). What they leave behind is less access than before; without a
// resource policy, no other account is let in at all.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_identity-vs-resource.html
[[nodiscard]] inline bool named_for_removing(std::string_view name) {
  constexpr std::array<std::string_view, 6> kRemoveVerbs = {"Delete", "Remove", "Revoke", "Retire", "Disassociate",
                                                            "Detach"};
  return starts_with_verb(name, kRemoveVerbs);
}

}  // namespace iamsmith::rules::risk

namespace iamsmith::rules::risk {

// Whether one Resource value lets `action` reach every resource of one of its types ("*",
// "arn:aws:s3:::*/*", "arn:aws:secretsmanager:*:*:secret:*").
// Only the types the action requires count when it requires some: "dbname:*" does not open
// redshift:GetClusterCredentials to every database user.
[[nodiscard]] inline bool value_reaches_all(std::string_view value, const iamdata::Action& action) {
  if (w::is_all_stars(value)) return true;
  const bool some_required = std::any_of(action.resources.begin(), action.resources.end(),
                                         [](const iamdata::ActionResource& r) { return r.required; });
  return std::any_of(action.resources.begin(), action.resources.end(), [&](const iamdata::ActionResource& r) {
    return r.type != nullptr && (r.required || !some_required) && matches_every(value, *r.type);
  });
}

// For W013 and W014: in an Allow statement of an identity policy, the actions of `listed` (full
// names) that the statement grants (through specific Action values) on every resource, with no
// condition that narrows their resources; reported at each Resource value that reaches all of
// them (or at NotResource), naming the actions. Actions without resource types are left out:
// they accept only "*", so the Resource cannot be narrowed. The list is matched against each
// Action value, so patterns need no expansion.
template <class List>
void report_on_every_resource(const LintInput& in, FindingSink& out, const List& listed,
                              std::string_view what, std::string_view remedy) {
  if (in.policy == nullptr || in.kind != PolicyKind::Identity) return;
  const iamdata::Catalog& catalog = catalog_of(in.context);
  std::array<std::string_view, std::tuple_size_v<List>> services{};  // each listed name's service
  NameSet any_service;
  for (std::size_t n = 0; n < listed.size(); ++n) {
    services[n] = listed[n].substr(0, listed[n].find(':'));
    any_service.add(services[n]);
  }
  for (const Statement& st : in.policy->statements()) {
    if (!is_allow(st) || !st.action || (!st.resource && !st.not_resource)) continue;
    std::vector<const iamdata::Action*> actions;
    for (const Scalar& value : *st.action) {
      if (value.type != json::Type::String) continue;
      // A value whose service is literal ("s3:Get*") matches only names of that service: the
      // others are not matched at all (the match is the costly part of this rule), and a value of
      // a service no listed name has (most values) is passed over at once.
      const std::string_view text = value.text;
      std::size_t colon = 0;
      bool literal_service = false;
      for (; colon < text.size(); ++colon) {
        if (text[colon] == '*' || text[colon] == '?') break;
        if (text[colon] == ':') {
          literal_service = true;
          break;
        }
      }
      const std::string_view service = text.substr(0, colon);
      if (literal_service && !any_service.contains(service)) continue;
      if (!is_specific_action_value(text)) continue;
      for (std::size_t n = 0; n < listed.size(); ++n) {
        const std::string_view name = listed[n];
        if (literal_service && !ci_equals(service, services[n])) continue;
        if (!action_matches(value.text, name)) continue;
        const iamdata::Action* a = catalog.action(name);
        if (a == nullptr || a->wildcard_only() || !reaches_every_resource(st, *a)) continue;
        if (std::find(actions.begin(), actions.end(), a) != actions.end()) continue;
        if (!scoped_by_condition(st, name)) actions.push_back(a);
      }
    }
    if (actions.empty()) continue;
    const auto describe = [&](const std::vector<const iamdata::Action*>& reached) {
      std::vector<std::string> names;
      for (const iamdata::Action* a : reached) names.push_back(a->full_name());
      const std::vector<std::string_view> views(names.begin(), names.end());
      return w::quoted_list(views, 3) + " " + std::string(what);
    };
    if (st.not_resource) {
      out.report(st.key_span("NotResource"),
                 "with \"NotResource\", " + describe(actions) + " on every resource that is not listed",
                 {{std::string(remedy), std::nullopt}});
      continue;
    }
    for (const Scalar& resource : *st.resource) {
      std::vector<const iamdata::Action*> reached;
      for (const iamdata::Action* a : actions) {
        if (value_reaches_all(resource.text, *a)) reached.push_back(a);
      }
      if (reached.empty()) continue;
      out.report(resource.span, "resource " + in_quotes(resource.text) + " lets " + describe(reached),
                 {{std::string(remedy), std::nullopt}});
    }
  }
}

}  // namespace iamsmith::rules::risk
