// Where the documents sit in Terraform plans and AWS CLI responses (see iamsmith/locate.hpp).

#include "iamsmith/locate.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string_view>

#include <re2/re2.h>

namespace iamsmith {
namespace {

const json::Node* string_or_object(const json::Node* node) {
  if (node == nullptr) return nullptr;
  if (node->is_object()) return node;
  if (node->is_string() && !node->text.empty()) return node;
  return nullptr;
}

std::optional<std::string> text_of(const json::Node* node) {
  if (node == nullptr || !node->is_string() || node->text.empty()) return std::nullopt;
  return node->text;
}

// "arn:aws:iam::111122223333:role/R" -> field 4 (the account) or 1 (the partition).
std::optional<std::string> arn_field(const std::optional<std::string>& arn, std::size_t field) {
  if (!arn || arn->rfind("arn:", 0) != 0) return std::nullopt;
  std::size_t start = 0;
  for (std::size_t i = 0; i < field; ++i) {
    start = arn->find(':', start);
    if (start == std::string::npos) return std::nullopt;
    ++start;
  }
  const std::size_t end = arn->find(':', start);
  if (end == std::string::npos || end == start) return std::nullopt;
  return arn->substr(start, end - start);
}

LintContext context_of(std::optional<PolicyKind> kind, const std::optional<std::string>& owner_arn) {
  LintContext c;
  c.kind = kind;
  c.account = arn_field(owner_arn, 4);
  c.partition = arn_field(owner_arn, 1);
  return c;
}

// ---------------------------------------------------------------------------------------------
// Terraform: https://developer.hashicorp.com/terraform/internals/json-format ("Plan
// Representation", "Values Representation", "Change Representation").

struct Resource {
  std::string address;  // "module.a.aws_iam_role.lambda[0]"
  std::string type;
  bool data = false;
  const json::Node* values = nullptr;         // the attributes
  const json::Node* after_unknown = nullptr;  // resource_changes only
  // A configuration's resource (*.tf.json): a string attribute holding an interpolation
  // ("${aws_iam_role.r.arn}") is known only after apply.
  bool configuration = false;
};

// "${" not escaped as "$${": a Terraform template interpolation
// (https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences).
bool has_interpolation(std::string_view text) {
  for (std::size_t i = text.find("${"); i != std::string_view::npos; i = text.find("${", i + 2)) {
    if (i == 0 || text[i - 1] != '$') return true;
  }
  return false;
}

void collect_module(const json::Node* module, std::vector<Resource>& out) {
  if (module == nullptr || !module->is_object()) return;
  if (const json::Node* resources = module->get("resources"); resources != nullptr && resources->is_array()) {
    for (const json::Node& r : resources->items) {
      const auto address = text_of(r.get("address"));
      const auto type = text_of(r.get("type"));
      const json::Node* values = r.get("values");
      if (!address || !type || values == nullptr || !values->is_object()) continue;
      const auto mode = text_of(r.get("mode"));
      out.push_back({*address, *type, mode && *mode == "data", values, nullptr});
    }
  }
  if (const json::Node* children = module->get("child_modules"); children != nullptr && children->is_array()) {
    for (const json::Node& child : children->items) collect_module(&child, out);
  }
}

const json::Node* root_module(const json::Node* values) {
  return values != nullptr && values->is_object() ? values->get("root_module") : nullptr;
}

// Each address once, from the most informative place.
std::vector<Resource> plan_resources(const json::Node& root) {
  std::vector<Resource> ordered;
  std::set<std::string> seen;
  auto add = [&](Resource r) {
    if (seen.insert(r.address).second) ordered.push_back(r);
  };
  if (const json::Node* changes = root.get("resource_changes"); changes != nullptr && changes->is_array()) {
    for (const json::Node& rc : changes->items) {
      const auto address = text_of(rc.get("address"));
      const auto type = text_of(rc.get("type"));
      const json::Node* change = rc.get("change");
      if (!address || !type || change == nullptr || !change->is_object()) continue;
      const json::Node* after = change->get("after");
      seen.insert(*address);  // a deleted resource is not read from elsewhere either
      if (after == nullptr || !after->is_object()) continue;
      const auto mode = text_of(rc.get("mode"));
      const json::Node* unknown = change->get("after_unknown");
      ordered.push_back({*address, *type, mode && *mode == "data", after,
                         unknown != nullptr && unknown->is_object() ? unknown : nullptr});
    }
  }
  std::vector<Resource> more;
  collect_module(root_module(root.get("planned_values")), more);
  if (const json::Node* prior = root.get("prior_state"); prior != nullptr && prior->is_object())
    collect_module(root_module(prior->get("values")), more);
  collect_module(root_module(root.get("values")), more);  // terraform show -json of a state
  for (Resource& r : more) add(r);
  return ordered;
}

bool is_true(const json::Node* node) { return node != nullptr && node->type == json::Type::Bool && node->text == "true"; }

// aws_lambda_permission is one statement of the function's resource policy, written as attributes
// (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_permission,
// https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html): built as that
// statement, each element spanning the attribute it came from. Null unless the function is an ARN.
std::shared_ptr<const json::Node> lambda_permission_policy(const Resource& r) {
  const json::Node& v = *r.values;
  auto known = [&](std::string_view key) -> const json::Node* {
    const std::string k(key);
    const json::Node* unknown = r.after_unknown != nullptr ? r.after_unknown->get(k) : nullptr;
    const json::Node* n = v.get(k);
    return !is_true(unknown) && n != nullptr && n->is_string() && !n->text.empty() ? n : nullptr;
  };
  const json::Node* function = known("function_name");
  const json::Node* action = known("action");
  const json::Node* principal = known("principal");
  if (function == nullptr || function->text.rfind("arn:", 0) != 0 || action == nullptr || principal == nullptr)
    return nullptr;
  auto object = [](const SourceSpan& span) {
    json::Node n;
    n.type = json::Type::Object;
    n.span = span;
    return n;
  };
  auto add = [](json::Node& to, std::string key, json::Node value) {
    const SourceSpan span = value.span;
    to.members.push_back({std::move(key), span, std::move(value)});
  };
  auto text = [](std::string value, const SourceSpan& span) {
    json::Node n;
    n.type = json::Type::String;
    n.text = std::move(value);
    n.span = span;
    return n;
  };
  json::Node statement = object(v.span);
  if (const json::Node* sid = known("statement_id")) add(statement, "Sid", *sid);
  add(statement, "Effect", text("Allow", v.span));
  if (principal->text == "*") {
    add(statement, "Principal", *principal);
  } else {
    json::Node p = object(principal->span);
    const bool service = principal->text.size() > 14 &&
                         principal->text.compare(principal->text.size() - 14, 14, ".amazonaws.com") == 0;
    add(p, service ? "Service" : "AWS", *principal);
    add(statement, "Principal", std::move(p));
  }
  add(statement, "Action", *action);
  add(statement, "Resource", *function);
  json::Node condition = object(v.span);
  if (const json::Node* source = known("source_arn")) {
    json::Node op = object(source->span);
    add(op, "AWS:SourceArn", *source);
    add(condition, "ArnLike", std::move(op));
  }
  if (const json::Node* account = known("source_account")) {
    json::Node op = object(account->span);
    add(op, "AWS:SourceAccount", *account);
    add(condition, "StringEquals", std::move(op));
  }
  if (!condition.members.empty()) add(statement, "Condition", std::move(condition));
  auto policy = std::make_shared<json::Node>(object(v.span));
  add(*policy, "Version", text("2012-10-17", v.span));
  json::Node list;
  list.type = json::Type::Array;
  list.span = v.span;
  list.items.push_back(std::move(statement));
  add(*policy, "Statement", std::move(list));
  return policy;
}

// The address without instance keys: "module.a[0].aws_iam_role.r[\"x\"]" -> "module.a.aws_iam_role.r",
// as configuration addresses are written.
std::string configuration_address(std::string_view address) {
  std::string out;
  int depth = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < address.size(); ++i) {
    const char c = address[i];
    if (depth > 0) {
      if (c == '"' && address[i - 1] != '\\') quoted = !quoted;
      if (!quoted && c == ']') --depth;
      continue;
    }
    if (c == '[') {
      ++depth;
      continue;
    }
    out += c;
  }
  return out;
}

// The expressions of each resource of the plan's configuration, by configuration address
// ("module.a.aws_iam_role_policy.p"): https://developer.hashicorp.com/terraform/internals/json-format
// ("Configuration Representation": module_calls, resources, expressions, references).
// Configuration address -> attribute -> the references its expression makes ("aws_iam_role.r.id").
using References = std::map<std::string, std::map<std::string, std::vector<std::string>>>;

void collect_configuration(const json::Node* module, const std::string& prefix, References& out) {
  if (module == nullptr || !module->is_object()) return;
  if (const json::Node* resources = module->get("resources"); resources != nullptr && resources->is_array()) {
    for (const json::Node& r : resources->items) {
      const auto address = text_of(r.is_object() ? r.get("address") : nullptr);
      const json::Node* expressions = r.is_object() ? r.get("expressions") : nullptr;
      if (!address || expressions == nullptr || !expressions->is_object()) continue;
      for (const json::Member& e : expressions->members) {
        const json::Node* references = e.value.is_object() ? e.value.get("references") : nullptr;
        if (references == nullptr || !references->is_array()) continue;
        for (const json::Node& reference : references->items) {
          if (auto text = text_of(&reference)) out[prefix + *address][e.key].push_back(*text);
        }
      }
    }
  }
  if (const json::Node* calls = module->get("module_calls"); calls != nullptr && calls->is_object()) {
    for (const json::Member& call : calls->members) {
      if (call.value.is_object()) collect_configuration(call.value.get("module"), prefix + "module." + call.key + ".", out);
    }
  }
}

// A role of the plan: its name and ARN where known.
struct PlanRole {
  std::string address;
  std::optional<std::string> name;
  std::optional<std::string> arn;
};

// What the plan says beyond each resource: the stack's account and partition, its roles, and the
// configuration's references.
struct PlanFacts {
  std::optional<std::string> account;
  std::optional<std::string> partition;
  std::optional<std::string> region;
  std::vector<PlanRole> roles;
  References references;

  const PlanRole* role_named(const std::string& name) const {
    const PlanRole* found = nullptr;
    for (const PlanRole& r : roles) {
      if (r.name != name) continue;
      if (found != nullptr) return nullptr;  // two roles of one name: not one answer
      found = &r;
    }
    return found;
  }

  // The role at `address` ("aws_iam_role.r", "aws_iam_role.r[0]"): exactly, else the only
  // instance of that configuration address.
  const PlanRole* role_at(const std::string& address) const {
    const PlanRole* instance = nullptr;
    std::size_t instances = 0;
    for (const PlanRole& r : roles) {
      if (r.address == address) return &r;
      if (configuration_address(r.address) == address) {
        instance = &r;
        ++instances;
      }
    }
    return instances == 1 ? instance : nullptr;
  }

  // "arn:PARTITION:iam::ACCOUNT:role/PATH/NAME"
  // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns).
  std::optional<std::string> role_arn(const std::optional<std::string>& name, const std::string& path) const {
    if (!name || name->empty() || !account || !partition) return std::nullopt;
    return "arn:" + *partition + ":iam::" + *account + ":role" + path + *name;
  }
};

bool is_unknown(const Resource& r, std::string_view key) {
  if (r.configuration) {
    const json::Node* value = r.values->get(std::string(key));
    return value != nullptr && value->is_string() && has_interpolation(value->text);
  }
  return r.after_unknown != nullptr && is_true(r.after_unknown->get(std::string(key)));
}

std::optional<std::string> known_text(const Resource& r, std::string_view key) {
  if (is_unknown(r, key)) return std::nullopt;
  return text_of(r.values->get(std::string(key)));
}

PlanFacts plan_facts(const json::Node& root, const std::vector<Resource>& resources, const LintContext& stack) {
  PlanFacts facts;
  facts.account = stack.account;
  facts.partition = stack.partition;
  facts.region = stack.region;
  std::set<std::string> accounts;
  std::set<std::string> partitions;
  for (const Resource& r : resources) {
    if (r.data && r.type == "aws_caller_identity") {
      if (auto a = known_text(r, "account_id")) accounts.insert(*a);
      if (auto p = arn_field(known_text(r, "arn"), 1)) partitions.insert(*p);
    } else if (r.data && r.type == "aws_partition") {
      if (auto p = known_text(r, "partition")) partitions.insert(*p);
    }
  }
  if (!facts.account && accounts.size() == 1) facts.account = *accounts.begin();
  if (!facts.partition && partitions.size() == 1) facts.partition = *partitions.begin();
  for (const Resource& r : resources) {
    if (r.data || r.type != "aws_iam_role") continue;
    PlanRole role{r.address, known_text(r, "name"), known_text(r, "arn")};
    if (!role.arn) {
      const std::optional<std::string> path = known_text(r, "path");
      if (!is_unknown(r, "path")) role.arn = facts.role_arn(role.name, path.value_or("/"));  // IAM's default path
    }
    facts.roles.push_back(std::move(role));
  }
  if (const json::Node* configuration = root.get("configuration"); configuration != nullptr && configuration->is_object())
    collect_configuration(configuration->get("root_module"), "", facts.references);
  // A configuration's own interpolations: "${aws_iam_role.r.id}" refers to aws_iam_role.r.
  static const RE2 kReference(R"re(\$\{\s*([A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*|\[[^\]]*\])*))re");
  for (const Resource& r : resources) {
    if (!r.configuration) continue;
    for (const json::Member& m : r.values->members) {
      if (!m.value.is_string() || !has_interpolation(m.value.text)) continue;
      re2::StringPiece input(m.value.text);
      std::string reference;
      while (RE2::FindAndConsume(&input, kReference, &reference)) facts.references[r.address][m.key].push_back(reference);
    }
  }
  return facts;
}

struct PlanLocator {
  std::vector<LocatedDocument>& out;
  const PlanFacts& facts;

  // The role an aws_iam_role_policy's `role` names: a role name (matched against the plan's
  // roles, else the account's role of that name), or, when known only after apply, the
  // aws_iam_role the configuration's expression refers to.
  // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_role_policy
  std::pair<std::optional<std::string>, std::string> policy_role(const Resource& r) const {
    if (const auto role = known_text(r, "role")) {
      if (role->rfind("arn:", 0) == 0) return {*role, ""};
      if (const PlanRole* found = facts.role_named(*role)) return {found->arn, found->address};
      return {facts.role_arn(role, "/"), ""};
    }
    return referenced_role(r, "role");
  }

  // The aws_iam_role an attribute known only after apply refers to, by the configuration.
  std::pair<std::optional<std::string>, std::string> referenced_role(const Resource& r, const std::string& key) const {
    const std::string address = configuration_address(r.address);
    const auto found = facts.references.find(r.configuration ? r.address : address);
    if (found == facts.references.end()) return {};
    const auto attribute = found->second.find(key);
    if (attribute == found->second.end()) return {};
    // The module the resource is declared in: references are relative to it.
    const std::size_t own = address.rfind(r.type + ".");
    const std::string module = own == std::string::npos ? std::string() : address.substr(0, own);
    for (const std::string& text : attribute->second) {
      if (text.rfind("aws_iam_role.", 0) != 0) continue;
      // "aws_iam_role.NAME", "aws_iam_role.NAME[0]", "aws_iam_role.NAME.id": the resource.
      const std::size_t dot = text.find('.', std::string_view("aws_iam_role.").size());
      if (const PlanRole* target = facts.role_at(module + text.substr(0, dot))) return {target->arn, target->address};
    }
    return {};
  }

  void attribute(const Resource& r, std::string_view name, const std::string& label, const LintContext& context,
                 bool definition = false) {
    const std::string key(name);
    if (is_unknown(r, key)) {
      out.push_back({nullptr, definition, label, context, true, r.values->span.pointer + "/" + key, nullptr});
      return;
    }
    if (const json::Node* value = string_or_object(r.values->get(key))) {
      LocatedDocument d{value, definition, label, context, false, value->span.pointer.str(), nullptr};
      d.template_escapes = r.configuration && value->is_string();
      out.push_back(std::move(d));
    }
  }

  void resource(const Resource& r) {
    const std::string& a = r.address;
    auto arn = text_of(r.values->get("arn"));
    if (!arn && !r.data && r.type == "aws_iam_role") {
      if (const PlanRole* role = facts.role_at(a)) arn = role->arn;
    }
    if (r.data) {
      if (r.type == "aws_iam_policy_document") attribute(r, "json", "the policy document " + a, context_of({}, {}));
      return;
    }
    static constexpr std::array<std::string_view, 4> kIdentity{"aws_iam_role_policy", "aws_iam_user_policy",
                                                               "aws_iam_group_policy", "aws_iam_policy"};
    static constexpr std::array<std::string_view, 4> kResource{"aws_s3_bucket_policy", "aws_sqs_queue_policy",
                                                               "aws_sns_topic_policy", "aws_kms_key"};
    if (r.type == "aws_iam_role") {
      LintContext trust = context_of(PolicyKind::Trust, arn);
      trust.role_arn = arn;
      attribute(r, "assume_role_policy", "the trust policy of " + a, trust);
      // A plan lists the inline_policy blocks as an array; a configuration in JSON syntax writes
      // one block as an object, several as an array of objects
      // (https://developer.hashicorp.com/terraform/language/syntax/json#nested-block-mapping).
      const json::Node* inline_policies = r.values->get("inline_policy");
      if (inline_policies == nullptr) return;
      std::vector<const json::Node*> blocks;
      if (inline_policies->is_array()) {
        for (const json::Node& item : inline_policies->items) blocks.push_back(&item);
      } else if (r.configuration && inline_policies->is_object()) {
        blocks.push_back(inline_policies);
      }
      const json::Node* unknown_list = r.after_unknown != nullptr ? r.after_unknown->get("inline_policy") : nullptr;
      LintContext identity = context_of(PolicyKind::Identity, arn);
      identity.role_arn = arn;
      for (std::size_t i = 0; i < blocks.size(); ++i) {
        const json::Node& item = *blocks[i];
        if (!item.is_object()) continue;
        const auto name = text_of(item.get("name"));
        const std::string label = "inline policy " + (name ? "\"" + *name + "\" " : "") + "of " + a;
        const json::Node* unknown_item = unknown_list != nullptr && unknown_list->is_array() &&
                                                 i < unknown_list->items.size()
                                             ? &unknown_list->items[i]
                                             : nullptr;
        const json::Node* written = item.get("policy");
        const bool interpolated =
            r.configuration && written != nullptr && written->is_string() && has_interpolation(written->text);
        if (interpolated || is_true(unknown_list) ||
            (unknown_item != nullptr && unknown_item->is_object() && is_true(unknown_item->get("policy")))) {
          out.push_back({nullptr, false, label, identity, true, item.span.pointer + "/policy", nullptr});
        } else if (const json::Node* policy = string_or_object(written)) {
          LocatedDocument d{policy, false, label, identity, false, policy->span.pointer.str(), nullptr};
          d.template_escapes = r.configuration && policy->is_string();
          out.push_back(std::move(d));
        }
      }
    } else if (r.type == "aws_iam_role_policy") {
      const auto [role_arn, role_address] = policy_role(r);
      LintContext identity = context_of(PolicyKind::Identity, role_arn);
      identity.role_arn = role_arn;
      attribute(r, "policy", "the policy of " + a + (role_address.empty() ? "" : " (role " + role_address + ")"),
                identity);
    } else if (std::find(kIdentity.begin(), kIdentity.end(), r.type) != kIdentity.end()) {
      attribute(r, "policy", "the policy of " + a, context_of(PolicyKind::Identity, arn));
    } else if (std::find(kResource.begin(), kResource.end(), r.type) != kResource.end()) {
      attribute(r, "policy", "the resource policy of " + a, context_of(PolicyKind::Resource, arn));
    } else if (r.type == "aws_lambda_permission") {
      if (auto policy = lambda_permission_policy(r)) {
        LocatedDocument d{policy.get(), false, "the permission " + a + " grants", context_of(PolicyKind::Resource, {}),
                          false, r.values->span.pointer.str(), policy};
        out.push_back(std::move(d));
      }
    } else if (r.type == "aws_sfn_state_machine") {
      // A state machine being created: its ARN from its name, the stack's Region and account.
      // https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html
      const auto name = known_text(r, "name");
      if (!arn && name && facts.partition && facts.account && facts.region)
        arn = "arn:" + *facts.partition + ":states:" + *facts.region + ":" + *facts.account + ":stateMachine:" + *name;
      LintContext c = context_of({}, arn);
      c.state_machine_arn = arn;
      const json::Node* role = r.values->get("role_arn");
      if (!is_unknown(r, "role_arn")) {
        c.execution_role_arn = text_of(role);
      } else {
        c.execution_role_arn = referenced_role(r, "role_arn").first;
      }
      attribute(r, "definition", "the definition of " + a, c, true);
    }
  }
};

// ---------------------------------------------------------------------------------------------
// AWS CLI: the JSON the CLI prints is the API's response (the IAM API Reference pages
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRole.html, API_GetPolicyVersion,
// API_GetRolePolicy, API_GetUserPolicy, API_GetGroupPolicy, API_GetAccountAuthorizationDetails;
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeStateMachine.html).

void add_cli(std::vector<LocatedDocument>& out, const json::Node* value, std::string label, LintContext context,
             bool definition = false) {
  if (const json::Node* v = string_or_object(value))
    out.push_back({v, definition, std::move(label), std::move(context), false, v->span.pointer.str(), nullptr});
}

std::string name_or(const json::Node& node, std::string_view key, std::string_view fallback) {
  const auto name = text_of(node.get(key));
  return name ? *name : std::string(fallback);
}

void inline_policies(std::vector<LocatedDocument>& out, const json::Node& owner, std::string_view list_key,
                     const std::string& owner_label, const std::optional<std::string>& arn, bool role) {
  const json::Node* list = owner.get(list_key);
  if (list == nullptr || !list->is_array()) return;
  for (const json::Node& p : list->items) {
    if (!p.is_object()) continue;
    LintContext c = context_of(PolicyKind::Identity, arn);
    if (role) c.role_arn = arn;
    add_cli(out, p.get("PolicyDocument"), "inline policy \"" + name_or(p, "PolicyName", "?") + "\" of " + owner_label,
            c);
  }
}

void authorization_details(const json::Node& root, std::vector<LocatedDocument>& out) {
  if (const json::Node* roles = root.get("RoleDetailList"); roles != nullptr && roles->is_array()) {
    for (const json::Node& r : roles->items) {
      if (!r.is_object()) continue;
      const auto arn = text_of(r.get("Arn"));
      const std::string label = "role " + name_or(r, "RoleName", "?");
      LintContext trust = context_of(PolicyKind::Trust, arn);
      trust.role_arn = arn;
      add_cli(out, r.get("AssumeRolePolicyDocument"), "the trust policy of " + label, trust);
      inline_policies(out, r, "RolePolicyList", label, arn, true);
    }
  }
  if (const json::Node* users = root.get("UserDetailList"); users != nullptr && users->is_array()) {
    for (const json::Node& u : users->items) {
      if (u.is_object())
        inline_policies(out, u, "UserPolicyList", "user " + name_or(u, "UserName", "?"), text_of(u.get("Arn")), false);
    }
  }
  if (const json::Node* groups = root.get("GroupDetailList"); groups != nullptr && groups->is_array()) {
    for (const json::Node& g : groups->items) {
      if (g.is_object())
        inline_policies(out, g, "GroupPolicyList", "group " + name_or(g, "GroupName", "?"), text_of(g.get("Arn")),
                        false);
    }
  }
  if (const json::Node* policies = root.get("Policies"); policies != nullptr && policies->is_array()) {
    for (const json::Node& p : policies->items) {
      const json::Node* versions = p.is_object() ? p.get("PolicyVersionList") : nullptr;
      if (versions == nullptr || !versions->is_array()) continue;
      const auto default_id = text_of(p.get("DefaultVersionId"));
      for (const json::Node& v : versions->items) {
        if (!v.is_object()) continue;
        const auto id = text_of(v.get("VersionId"));
        if (!is_true(v.get("IsDefaultVersion")) && !(id && default_id && *id == *default_id)) continue;
        add_cli(out, v.get("Document"),
                "managed policy " + name_or(p, "PolicyName", "?") + " (default version " + (id ? *id : "?") + ")",
                context_of(PolicyKind::Identity, text_of(p.get("Arn"))));
        break;
      }
    }
  }
}

// URL-decoding (RFC 3986 percent-encoding, as IAM returns documents); nullopt when the text has no
// valid escape. '+' is left as it is: IAM writes a space as %20 (a response on the wire:
// https://github.com/getmoto/moto/pull/8157), so a '+' is a '+', not form encoding's space.
bool url_decode(std::string& text, std::vector<std::size_t>& origins) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    const char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return l >= 'a' && l <= 'f' ? l - 'a' + 10 : -1;
  };
  std::string out;
  std::vector<std::size_t> map;
  bool decoded = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      map.push_back(origins[i]);
      i += 2;
      decoded = true;
      continue;
    }
    out += text[i];
    map.push_back(origins[i]);
  }
  if (!decoded) return false;
  map.push_back(origins.back());
  text = std::move(out);
  origins = std::move(map);
  return true;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// A JSON string literal ("\"{\\\"Version\\\": ...}\"") decoded; false when it is not one.
bool json_unquote(std::string& text, std::vector<std::size_t>& origins) {
  std::size_t start = 0;
  while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start])) != 0) ++start;
  if (start >= text.size() || text[start] != '"') return false;
  std::string out;
  std::vector<std::size_t> map;
  std::size_t i = start + 1;
  auto hex4 = [&](std::size_t at, std::uint32_t& v) {
    if (at + 4 > text.size()) return false;
    v = 0;
    for (std::size_t k = at; k < at + 4; ++k) {
      const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(text[k])));
      if (c >= '0' && c <= '9') {
        v = v * 16 + static_cast<std::uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        v = v * 16 + static_cast<std::uint32_t>(c - 'a' + 10);
      } else {
        return false;
      }
    }
    return true;
  };
  for (; i < text.size() && text[i] != '"'; ++i) {
    const std::size_t origin = origins[i];
    if (text[i] != '\\') {
      out += text[i];
      map.push_back(origin);
      continue;
    }
    if (++i >= text.size()) return false;
    const std::size_t before = out.size();
    switch (text[i]) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '/': out += '/'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        std::uint32_t cp = 0;
        if (!hex4(i + 1, cp)) return false;
        i += 4;
        if (cp >= 0xD800 && cp < 0xDC00 && i + 2 < text.size() && text[i + 1] == '\\' && text[i + 2] == 'u') {
          std::uint32_t low = 0;
          if (hex4(i + 3, low) && low >= 0xDC00 && low < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            i += 6;
          }
        }
        append_utf8(out, cp);
        break;
      }
      default: return false;
    }
    map.insert(map.end(), out.size() - before, origin);
  }
  if (i >= text.size()) return false;  // no closing quote
  map.push_back(origins[i]);
  text = std::move(out);
  origins = std::move(map);
  return true;
}

}  // namespace

std::vector<LocatedDocument> locate_terraform_plan(const json::Node& root, const LintContext& stack) {
  std::vector<LocatedDocument> out;
  const std::vector<Resource> resources = plan_resources(root);
  const PlanFacts facts = plan_facts(root, resources, stack);
  PlanLocator locator{out, facts};
  for (const Resource& r : resources) locator.resource(r);
  // A policy document data source whose text a resource uses is that resource's policy.
  std::set<std::string> used;
  for (const LocatedDocument& d : out) {
    if (d.value != nullptr && d.value->is_string() && d.label.rfind("the policy document ", 0) != 0)
      used.insert(d.value->text);
  }
  out.erase(std::remove_if(out.begin(), out.end(),
                           [&](const LocatedDocument& d) {
                             return d.label.rfind("the policy document ", 0) == 0 && d.value != nullptr &&
                                    used.count(d.value->text) != 0U;
                           }),
            out.end());
  return out;
}

std::vector<LocatedDocument> locate_terraform_configuration(const json::Node& root, const LintContext& stack) {
  // https://developer.hashicorp.com/terraform/language/syntax/json: "resource": {TYPE: {NAME: {...}}};
  // a block written as an array of objects is each of them.
  std::vector<Resource> resources;
  const json::Node* blocks = root.is_object() ? root.get("resource") : nullptr;
  if (blocks != nullptr && blocks->is_object()) {
    for (const json::Member& type : blocks->members) {
      if (!type.value.is_object()) continue;
      for (const json::Member& name : type.value.members) {
        const std::string address = type.key + "." + name.key;
        if (name.value.is_object()) resources.push_back({address, type.key, false, &name.value, nullptr, true});
        for (const json::Node& item : name.value.items) {
          if (item.is_object()) resources.push_back({address, type.key, false, &item, nullptr, true});
        }
      }
    }
  }
  std::vector<LocatedDocument> out;
  const PlanFacts facts = plan_facts(root, resources, stack);
  PlanLocator locator{out, facts};
  for (const Resource& r : resources) locator.resource(r);
  return out;
}

std::vector<LocatedDocument> locate_aws_cli_response(const json::Node& root) {
  std::vector<LocatedDocument> out;
  if (!root.is_object()) return out;
  if (const json::Node* role = root.get("Role"); role != nullptr && role->is_object()) {
    const auto arn = text_of(role->get("Arn"));
    LintContext c = context_of(PolicyKind::Trust, arn);
    c.role_arn = arn;
    add_cli(out, role->get("AssumeRolePolicyDocument"), "the trust policy of role " + name_or(*role, "RoleName", "?"),
            c);
  } else if (const json::Node* version = root.get("PolicyVersion"); version != nullptr && version->is_object()) {
    add_cli(out, version->get("Document"), "policy version " + name_or(*version, "VersionId", "?"),
            context_of(PolicyKind::Identity, {}));
  } else if (root.get("PolicyDocument") != nullptr) {
    const std::string policy = "inline policy \"" + name_or(root, "PolicyName", "?") + "\" of ";
    const std::string owner = root.get("RoleName") != nullptr   ? "role " + name_or(root, "RoleName", "?")
                              : root.get("UserName") != nullptr ? "user " + name_or(root, "UserName", "?")
                                                                : "group " + name_or(root, "GroupName", "?");
    add_cli(out, root.get("PolicyDocument"), policy + owner, context_of(PolicyKind::Identity, {}));
  } else if (root.get("RoleDetailList") != nullptr || root.get("UserDetailList") != nullptr ||
             root.get("GroupDetailList") != nullptr) {
    authorization_details(root, out);
  } else if (root.get("stateMachineArn") != nullptr && root.get("definition") != nullptr) {
    const auto arn = text_of(root.get("stateMachineArn"));
    LintContext c = context_of({}, arn);
    c.state_machine_arn = arn;
    c.execution_role_arn = text_of(root.get("roleArn"));
    add_cli(out, root.get("definition"), "the definition of state machine " + name_or(root, "name", "?"), c, true);
  } else if (const json::Node* policy = root.get("Policy"); policy != nullptr && policy->is_string()) {
    add_cli(out, policy, root.get("RevisionId") != nullptr ? "the function's resource policy" : "the bucket policy",
            context_of(PolicyKind::Resource, {}));
  }
  return out;
}

DecodedDocument decode_document_string(const std::string& value) {
  DecodedDocument d{value, {}, {}};
  d.origins.resize(value.size() + 1);
  for (std::size_t i = 0; i <= value.size(); ++i) d.origins[i] = i;
  for (int layer = 0; layer < 3; ++layer) {
    std::size_t first = 0;
    while (first < d.text.size() && std::isspace(static_cast<unsigned char>(d.text[first])) != 0) ++first;
    if (first >= d.text.size() || d.text[first] == '{' || d.text[first] == '[') break;
    if (d.text[first] == '"') {
      if (!json_unquote(d.text, d.origins)) break;
      d.notes.push_back("the document is a JSON string holding the JSON text (double-encoded); decoded before it "
                        "was checked");
    } else if (d.text[first] == '%') {
      if (!url_decode(d.text, d.origins)) break;
      d.notes.push_back("the document is URL-encoded, as IAM's API returns it; decoded before it was checked");
    } else {
      break;
    }
  }
  return d;
}

}  // namespace iamsmith
