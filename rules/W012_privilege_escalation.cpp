#include <algorithm>
#include <iterator>
#include <optional>
#include <string_view>
#include <vector>

#include "iamsmith/match.hpp"
#include "risk_data.hpp"
#include "risk_helpers.hpp"

namespace iamsmith::rules {
namespace {

// Where a policy allows one action of a method.
struct Grant {
  const Scalar* value = nullptr;  // the Action value that matches it
  std::string_view action;
};

// A role passed under an iam:PassedToService condition goes only to the services it names
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PassedToService),
// so the condition closes every path whose service it does not name.
bool passes_elsewhere(const Statement& st, std::string_view passed_to) {
  if (!st.condition || passed_to.empty()) return false;
  for (const ConditionOperator& op : st.condition->operators) {
    if (!w::is_narrowing_operator(op.name)) continue;
    for (const ConditionEntry& entry : op.entries) {
      if (!ci_equals(entry.key, "iam:PassedToService") || entry.values.empty()) continue;
      const bool names_service = std::any_of(entry.values.begin(), entry.values.end(), [&](const Scalar& v) {
        return wildcard_match(v.text, passed_to, CaseSensitivity::Insensitive);
      });
      if (!names_service) return true;
    }
  }
  return false;
}

// Whether a statement's condition closes the method's use of `action`. For iam:PassRole, only
// the role's tags pick roles (as W008 holds) and iam:PassedToService picks the service; any
// other action gets the benefit of the doubt from any narrowing condition (iam:PolicyARN
// limiting which policy may be attached, a tag, a source network).
bool closed_by_condition(const Statement& st, std::string_view action, const risk::EscalationMethod& method) {
  if (ci_equals(action, "iam:PassRole")) {
    return passes_elsewhere(st, method.passed_to) ||
           w::find_narrowing_condition(st, w::is_role_tag_key, w::any_value, true) != nullptr;
  }
  const auto any_key = [](std::string_view /*key*/) { return true; };
  return w::find_narrowing_condition(st, any_key, w::not_catch_all, true) != nullptr;
}

// Whether a Deny statement without conditions refuses `action` on every resource it acts on:
// then no Allow can grant it (explicit deny wins).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
bool denied_everywhere(const Policy& policy, const iamdata::Action& action, std::string_view name) {
  return std::any_of(policy.statements().begin(), policy.statements().end(), [&](const Statement& st) {
    if (!is_deny(st) || st.condition || !st.action) return false;
    const bool names = std::any_of(st.action->begin(), st.action->end(),
                                   [&](const Scalar& v) { return action_matches(v.text, name); });
    return names && risk::reaches_every_resource(st, action);
  });
}

// An Action value of an Allow statement that may grant a method's action: a string, not "*"
// (W001's; NotAction is W005's). Collected once per policy, in source order, and compared with
// each action of each method.
struct Candidate {
  const Statement* statement;
  const Scalar* value;
  // The value up to its first wildcard: a name the value matches starts with it (ignoring case),
  // so most values are ruled out without running the matcher.
  std::string_view literal_head;
};

// The services of the methods' actions ("iam", "lambda", ...).
const NameSet& method_services() {
  static const NameSet kServices = [] {
    NameSet out;
    for (const risk::EscalationMethod& method : risk::kEscalationMethods) {
      for (std::string_view action : method.actions) {
        if (action.empty()) break;
        out.add(action.substr(0, action.find(':')));
      }
    }
    return out;
  }();
  return kServices;
}

// A value whose literal head holds its whole service ("ec2:Describe*") can name only actions of
// that service: one of a service no method uses is no candidate (most values of a policy). A value
// with a wildcard in its service ("i*:PassRole", "*:*") is judged by the matcher alone.
bool of_other_service(std::string_view literal_head) {
  const std::size_t colon = literal_head.find(':');
  if (colon == std::string_view::npos) return false;
  return !method_services().contains(literal_head.substr(0, colon));
}

std::vector<Candidate> candidates_of(const Policy& policy) {
  std::vector<Candidate> out;
  for (const Statement& st : policy.statements()) {
    if (!is_allow(st) || !st.action) continue;
    for (const Scalar& value : *st.action) {
      if (value.type != json::Type::String) continue;
      const std::string_view text = value.text;
      const std::string_view head = text.substr(0, first_wildcard(text));
      // A head with its service whole cannot be "*" or "*:*" (W001's).
      if (of_other_service(head) || (head.size() != text.size() && w::matches_every_action(text))) continue;
      out.push_back({&st, &value, head});
    }
  }
  return out;
}

// The first Action value of an Allow statement that grants `action` on every resource it acts
// on, with no condition closing the method.
std::optional<Grant> find_grant(const Policy& policy, const std::vector<Candidate>& candidates,
                                const iamdata::Catalog& catalog, std::string_view action,
                                const risk::EscalationMethod& method) {
  const auto names_action = [action](const Candidate& c) {
    return ci_starts_with(action, c.literal_head) && action_matches(c.value->text, action);
  };
  // Most policies name none of a method's actions: look the action up in the catalogue (which
  // parses its whole service the first time) only once some value matches it.
  const auto first = std::find_if(candidates.begin(), candidates.end(), names_action);
  if (first == candidates.end()) return std::nullopt;
  const iamdata::Action* known = catalog.action(action);
  if (known == nullptr || denied_everywhere(policy, *known, action)) return std::nullopt;
  for (auto it = first; it != candidates.end(); ++it) {
    const Candidate& c = *it;
    if (!names_action(c)) continue;
    if (!risk::reaches_every_resource(*c.statement, *known) ||
        closed_by_condition(*c.statement, action, method))
      continue;
    return Grant{c.value, action};
  }
  return std::nullopt;
}

std::string describe(const Grant& g) {
  return w::describe_grant(w::ActionGrant{g.value}, g.action);
}

// "\"iam:PassRole\" together with \"lambda:CreateFunction\" and \"lambda:InvokeFunction\""
std::string combination(const std::vector<Grant>& grants) {
  std::string out = describe(grants.front());
  for (std::size_t i = 1; i < grants.size(); ++i) {
    out += (i == 1 ? " together with " : " and ") + describe(grants[i]);
  }
  return out;
}

struct Found {
  const risk::EscalationMethod* method;
  std::vector<Grant> grants;
};

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr || in.kind != PolicyKind::Identity) return;
  const iamdata::Catalog& catalog = catalog_of(in.context);
  // Methods found, by the Action value of their first action, in source order.
  std::vector<std::pair<const Scalar*, std::vector<Found>>> by_anchor;
  const std::vector<Candidate> candidates = candidates_of(*in.policy);
  for (const risk::EscalationMethod& method : risk::kEscalationMethods) {
    Found found{&method, {}};
    for (std::string_view action : method.actions) {
      if (action.empty()) break;
      const std::optional<Grant> g = find_grant(*in.policy, candidates, catalog, action, method);
      if (!g) {
        found.grants.clear();
        break;
      }
      found.grants.push_back(*g);
    }
    if (found.grants.empty()) continue;
    const Scalar* anchor = found.grants.front().value;
    auto it =
        std::find_if(by_anchor.begin(), by_anchor.end(), [&](const auto& p) { return p.first == anchor; });
    if (it == by_anchor.end()) {
      by_anchor.emplace_back(anchor, std::vector<Found>{});
      it = std::prev(by_anchor.end());
    }
    it->second.push_back(std::move(found));
  }
  for (const auto& [anchor, methods] : by_anchor) {
    const Found& first = methods.front();
    std::string message = combination(first.grants) + (first.grants.size() == 1 ? " lets" : " let") +
                          " the holder raise its own privileges: it can " + std::string(first.method->path);
    if (methods.size() > 1) {
      message += ", and " + std::to_string(methods.size() - 1) + " more escalation " +
                 (methods.size() == 2 ? "path starts" : "paths start") + " here";
    }
    std::vector<Note> notes;
    const auto point_at_others = [&notes](const Found& f) {
      for (std::size_t i = 1; i < f.grants.size(); ++i) {
        notes.push_back({describe(f.grants[i]) + " is allowed here", f.grants[i].value->span});
      }
    };
    point_at_others(first);
    for (std::size_t m = 1; m < methods.size(); ++m) {
      const Found& f = methods[m];
      notes.push_back({"also: " + combination(f.grants) + (f.grants.size() == 1 ? " lets" : " let") + " it " +
                           std::string(f.method->path),
                       std::nullopt});
      point_at_others(f);
    }
    notes.push_back(
        {"published privilege-escalation method: " + std::string(first.method->source), std::nullopt});
    notes.push_back(
        {"name the resources these actions need (the roles, functions, users or policies) instead of "
         "every one, or add a condition that limits them",
         std::nullopt});
    out.report(anchor->span, std::move(message), std::move(notes));
  }
}

}  // namespace

extern const Rule kW012PrivilegeEscalation{
    .id = "W012",
    .name = "privilege-escalation",
    .severity = Severity::Security,
    .status = RuleStatus::Preview,
    .summary =
        "An identity policy allows a combination of actions that lets its holder raise its own "
        "privileges (a published privilege-escalation method).",
    .rationale =
        "Some permissions are as good as administrator access: whoever may write a new version of its own "
        "policy, attach AdministratorAccess to itself, make a privileged role trust it, or hand a privileged "
        "role "
        "to a Lambda function, an EC2 instance or a CloudFormation stack it creates can act with permissions "
        "it "
        "was never given. Rhino Security Labs published these methods (parts 1 and 2); pathfinding.cloud "
        "adds "
        "the CodeBuild and Systems Manager paths. The finding names the combination, points at each action, "
        "and "
        "says how the holder would use it.",
    .exceptions =
        "A method is reported when the policy allows every one of its actions, in any statements, through "
        "specific Action values or patterns (\"iam:*\", \"lambda:Create*\"; Action \"*\" is W001's and "
        "NotAction "
        "W005's), each on every resource it acts on (\"*\", an ARN pattern matching every resource of the "
        "type "
        "such as \"arn:aws:iam::*:role/*\", or NotResource). A narrowing condition silences an action (for "
        "iam:PassRole only a condition on the role's tags, or an iam:PassedToService condition naming "
        "another "
        "service than the method's). A Deny statement without conditions that refuses one of the actions on "
        "every "
        "resource closes the method; other Deny statements are not subtracted. Only identity policies are "
        "checked. An "
        "administrator role or a deployment pipeline needs these permissions by design: suppress the finding "
        "there with a reason.",
    .fix =
        "Name the resources: the roles that may be passed (with iam:PassedToService), the functions whose "
        "code "
        "may change, the users and policies that may be managed. Or limit them with a condition on their "
        "tags, "
        "or set a permissions boundary on the roles the principal creates.",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": [\n        \"iam:PassRole\",\n        \"lambda:CreateFunction\",\n"
        "        \"lambda:InvokeFunction\"\n      ],\n      \"Resource\": \"*\"\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Action/0",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"iam:PassRole\",\n"
        "      \"Resource\": \"arn:aws:iam::111122223333:role/OrdersFunctionRole\",\n"
        "      \"Condition\": {\"StringEquals\": {\"iam:PassedToService\": \"lambda.amazonaws.com\"}}\n    "
        "},\n"
        "    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": [\n        \"lambda:CreateFunction\",\n        \"lambda:InvokeFunction\"\n      "
        "],\n"
        "      \"Resource\": \"arn:aws:lambda:us-east-1:111122223333:function:orders-*\"\n    }\n  ]\n}\n",
    .example_context = {.kind = "identity"},
    .references =
        "https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/\n"
        "https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation-part-2/\n"
        "https://pathfinding.cloud/\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html",
    .check = check,
};

}  // namespace iamsmith::rules
