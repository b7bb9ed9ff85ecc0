// CloudFormation templates (JSON and YAML), SAM templates and CDK's synthesised templates: the
// policies and state machine definitions they hold, each with its kind and context.
// Template anatomy: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "iamsmith/inputs.hpp"
#include "iamsmith/lint.hpp"
#include "inputs/cfn_values.hpp"
#include "catalogue.hpp"

namespace iamsmith::inputs {
namespace {

using cfn::Template;
using cfn::Text;

const json::Node* properties_of(const json::Node& resource) {
  const json::Node* p = resource.get("Properties");
  return p != nullptr && p->is_object() ? p : nullptr;
}

std::string type_of(const json::Node& resource) {
  const json::Node* type = resource.get("Type");
  return type != nullptr && type->is_string() ? type->text : std::string();
}

// Marks every scalar whose source holds an unknown part as unknown, and notes the assumed ones.
void mark_unknown(const json::Node& node, const Text& text, EmbeddedDocument& doc) {
  if (node.is_object() || node.is_array()) {
    for (const json::Node& item : node.items) mark_unknown(item, text, doc);
    for (const json::Member& m : node.members) mark_unknown(m.value, text, doc);
    return;
  }
  auto inside = [&](std::uint32_t at) {
    return at >= node.span.offset && at < node.span.offset + node.span.length;
  };
  if (std::any_of(text.unknown_at.begin(), text.unknown_at.end(), inside))
    doc.unknown_pointers.push_back(node.span.pointer.str());
  for (const Text::Assumed& a : text.assumed) {
    if (inside(a.at)) doc.assumptions.push_back({node.span.pointer.str(), a.note});
  }
}

// The document a property holds: an object (intrinsic functions resolved), or JSON text (a
// string, a Fn::Sub, a Fn::Join) parsed with its offsets mapped back into the template.
bool read_document(const Template& t, const json::Node& value, const json::ParseOptions& parse,
                   EmbeddedDocument& doc) {
  const std::string_view fn = cfn::intrinsic_name(value);
  if (value.is_string() || fn == "Fn::Sub" || fn == "Fn::Join") {
    const Text text = text_of(t, value);
    if (text.failed) return false;
    doc.document = parse_embedded_json(text.text, t.source, value.span.pointer.str(), parse);
    if (doc.document.root) mark_unknown(*doc.document.root, text, doc);
    return true;
  }
  std::optional<json::Node> root = cfn::resolve(t, value, doc);
  if (!root || !root->is_object()) return false;  // a parameter, an import: known after deployment
  doc.document.root = std::move(*root);
  return true;
}

// Step Functions' DefinitionSubstitutions on a definition read as an object: each string's
// ${Name} replaced.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-stepfunctions-statemachine.html
void substitute_strings(const Template& t, json::Node& node, const json::Node& variables,
                        EmbeddedDocument& doc) {
  for (json::Node& item : node.items) substitute_strings(t, item, variables, doc);
  for (json::Member& m : node.members) substitute_strings(t, m.value, variables, doc);
  if (!node.is_string() || node.text.find("${") == std::string::npos) return;
  MappedText text;
  text.append_at(node.text, node.span.offset);
  const Text out = cfn::substitute(t, text, &variables, true);
  node.text = out.text.text();
  if (!out.known()) doc.unknown_pointers.push_back(node.span.pointer.str());
}

struct TemplateReader {
  const Container& container;
  Template t;
  Extraction out;
  // Execution roles: logical id of a role -> the state machines (ARN when known) that use it.
  std::map<std::string, std::vector<std::optional<std::string>>> state_machines_of_role;

  TemplateReader(const Container& c, const json::Node& root)
      : container(c), t{c.document.source, root, nullptr, nullptr, nullptr, c.options.context} {
    t.parameters = root.get("Parameters");
    t.mappings = root.get("Mappings");
    t.resources = root.get("Resources");
  }

  std::optional<std::string> known_text(const json::Node* node) const {
    if (node == nullptr) return std::nullopt;
    const Text v = text_of(t, *node);
    if (!v.known()) return std::nullopt;
    return v.text.text();
  }

  // A role's ARN, when its name, the partition and the account are known.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns
  std::optional<std::string> role_arn(const std::string& logical_id) const {
    const json::Node* resource = t.resources != nullptr ? t.resources->get(logical_id) : nullptr;
    if (resource == nullptr || type_of(*resource) != "AWS::IAM::Role") return std::nullopt;
    const json::Node* props = properties_of(*resource);
    const std::optional<std::string> name =
        props != nullptr ? known_text(props->get("RoleName")) : std::nullopt;
    std::string path = "/";
    if (props != nullptr && props->get("Path") != nullptr) {
      const std::optional<std::string> p = known_text(props->get("Path"));
      if (!p) return std::nullopt;
      path = *p;
    }
    if (!name || !t.context.partition || !t.context.account) return std::nullopt;
    return "arn:" + *t.context.partition + ":iam::" + *t.context.account + ":role" + path + *name;
  }

  // The role a RoleArn / Role property names: a logical id, or a literal ARN.
  std::pair<std::optional<std::string>, std::optional<std::string>> role_of(const json::Node* value) const {
    if (value == nullptr) return {};
    if (std::optional<std::string> id = cfn::referenced_resource(*value);
        id && t.resources != nullptr && t.resources->get(*id) != nullptr)
      return {id, role_arn(*id)};
    if (std::optional<std::string> arn = known_text(value); arn && arn->rfind("arn:", 0) == 0)
      return {std::nullopt, arn};
    return {};
  }

  // SAM's Name becomes the state machine's StateMachineName.
  std::optional<std::string> state_machine_arn(const json::Node* props, bool sam) const {
    const std::optional<std::string> name =
        props != nullptr ? known_text(props->get(sam ? "Name" : "StateMachineName")) : std::nullopt;
    if (!name || !t.context.partition || !t.context.region || !t.context.account) return std::nullopt;
    return "arn:" + *t.context.partition + ":states:" + *t.context.region + ":" + *t.context.account +
           ":stateMachine:" + *name;
  }

  void add_policy(const json::Node& value, PolicyKind kind, std::string label, LintContext context = {},
                  std::vector<std::string> roles = {}) {
    EmbeddedDocument doc;
    doc.type = DocumentType::Policy;
    doc.label = std::move(label);
    doc.context = std::move(context);
    doc.context.kind = kind;
    if (kind == PolicyKind::Identity && doc.context.role_arn && roles.empty()) roles = {*doc.context.role_arn};
    doc.roles = std::move(roles);
    // A document with a Fn::If is read twice: every condition true, then every condition false
    // (the linter reports a finding both readings share once).
    const bool conditional = cfn::has_condition(value);
    EmbeddedDocument other = conditional ? doc : EmbeddedDocument{};
    if (read_document(t, value, container.options.parse, doc)) out.documents.push_back(std::move(doc));
    if (!conditional) return;
    t.if_branch = 2;
    if (read_document(t, value, container.options.parse, other)) out.documents.push_back(std::move(other));
    t.if_branch = 1;
  }

  // The ARN of a role a Roles / RoleName value names: a role of the template, or a role name.
  std::optional<std::string> named_role_arn(const json::Node& value) const {
    if (auto [id, arn] = role_of(&value); id || arn) return arn;
    const std::optional<std::string> name = known_text(&value);
    if (!name || name->empty() || name->find(':') != std::string::npos || !t.context.partition || !t.context.account)
      return std::nullopt;
    return "arn:" + *t.context.partition + ":iam::" + *t.context.account + ":role/" + *name;
  }

  // The roles an AWS::IAM::Policy or ManagedPolicy is attached to: its Roles, and the roles of
  // the template whose ManagedPolicyArns refer to it.
  std::vector<std::string> attached_roles(const std::string& id, const json::Node& props) const {
    std::vector<std::string> out_roles;
    if (const json::Node* roles = props.get("Roles"); roles != nullptr && roles->is_array()) {
      for (const json::Node& r : roles->items) {
        if (std::optional<std::string> arn = named_role_arn(r)) out_roles.push_back(*arn);
      }
    }
    if (t.resources == nullptr) return out_roles;
    for (const json::Member& m : t.resources->members) {
      if (!m.value.is_object() || type_of(m.value) != "AWS::IAM::Role") continue;
      const json::Node* p = properties_of(m.value);
      const json::Node* managed = p != nullptr ? p->get("ManagedPolicyArns") : nullptr;
      if (managed == nullptr || !managed->is_array()) continue;
      for (const json::Node& a : managed->items) {
        if (cfn::intrinsic_name(a) != "Ref" || cfn::referenced_resource(a) != id) continue;
        if (std::optional<std::string> arn = role_arn(m.key)) out_roles.push_back(*arn);
      }
    }
    std::sort(out_roles.begin(), out_roles.end());
    out_roles.erase(std::unique(out_roles.begin(), out_roles.end()), out_roles.end());
    return out_roles;
  }

  // Policies: [{PolicyName, PolicyDocument}] of a role, user or group.
  void add_inline_policies(const json::Node* policies, const std::string& owner, const LintContext& context) {
    if (policies == nullptr || !policies->is_array()) return;
    for (const json::Node& p : policies->items) {
      const json::Node* doc = p.is_object() ? p.get("PolicyDocument") : nullptr;
      if (doc != nullptr) add_policy(*doc, PolicyKind::Identity, "an inline policy of " + owner, context);
    }
  }

  // SAM's Policies: a managed policy name or ARN, a policy document, a policy template, or a
  // list of them; only the documents are policies to lint.
  // https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html
  void add_sam_policies(const json::Node* policies, const std::string& owner, const LintContext& context) {
    if (policies == nullptr) return;
    auto one = [&](const json::Node& p) {
      if (p.is_object() && p.get("Statement") != nullptr)
        add_policy(p, PolicyKind::Identity, "a policy of " + owner, context);
    };
    if (policies->is_array()) {
      for (const json::Node& p : policies->items) one(p);
    } else {
      one(*policies);
    }
  }

  void add_definition(const std::string& id, const json::Node& props, bool sam) {
    EmbeddedDocument doc;
    doc.type = DocumentType::Definition;
    doc.label = "the definition of state machine " + id;
    const auto [role_id, role] = role_of(props.get(sam ? "Role" : "RoleArn"));
    doc.context.state_machine_arn = state_machine_arn(&props, sam);
    doc.context.execution_role_arn = role;
    if (role_id) state_machines_of_role[*role_id].push_back(doc.context.state_machine_arn);
    const json::Node* substitutions = props.get("DefinitionSubstitutions");
    if (substitutions != nullptr && !substitutions->is_object()) substitutions = nullptr;
    if (const json::Node* def = props.get("Definition")) {
      if (!read_document(t, *def, container.options.parse, doc)) return;
      if (substitutions != nullptr && doc.document.root)
        substitute_strings(t, *doc.document.root, *substitutions, doc);
      out.documents.push_back(std::move(doc));
      return;
    }
    if (const json::Node* uri = props.get("DefinitionUri"); uri != nullptr && sam) {
      if (container.options.read_linked) read_linked_definition(id, *uri, substitutions, std::move(doc));
      return;
    }
    if (const json::Node* def = props.get("DefinitionString"); def != nullptr && !sam) {
      Text text = text_of(t, *def);
      if (text.failed) return;
      if (substitutions != nullptr) {
        Text replaced = cfn::substitute(t, text.text, substitutions, true);
        replaced.unknown_at.insert(replaced.unknown_at.end(), text.unknown_at.begin(), text.unknown_at.end());
        replaced.assumed.insert(replaced.assumed.end(), text.assumed.begin(), text.assumed.end());
        text = std::move(replaced);
      }
      doc.document = parse_embedded_json(text.text, t.source, def->span.pointer.str(), container.options.parse);
      if (doc.document.root) mark_unknown(*doc.document.root, text, doc);
      out.documents.push_back(std::move(doc));
      return;
    }
  }

  // A SAM DefinitionUri naming a file beside the template: the file is read as the definition,
  // with the template's substitutions; when it cannot be read, I001 (the rule) has said why,
  // except for a read error only the reading finds.
  void read_linked_definition(const std::string& id, const json::Node& uri, const json::Node* substitutions,
                              EmbeddedDocument doc) {
    const DefinitionFile file = definition_uri_file(container.options.path, uri);
    if (!file.problem.empty()) return;
    LoadFileResult read = load_policy_file(file.path, container.options.parse);
    if (read.error) {
      out.findings.push_back(make_finding(rules::kI001DocumentNotRead, uri.span,
                                          "the definition of state machine " + id + " could not be read: " +
                                              read.error->message));
      return;
    }
    doc.document = std::move(read.loaded->document);
    if (substitutions != nullptr && doc.document.root)
      substitute_strings(t, *doc.document.root, *substitutions, doc);
    doc.assumptions.push_back({"", "read as the DefinitionUri of state machine " + id + " in " +
                                       container.options.path + ", with its role and DefinitionSubstitutions"});
    out.linked.push_back(Extraction::Linked{file.path, std::move(doc)});
  }

  void resource(const std::string& id, const json::Node& resource) {
    const std::string type = type_of(resource);
    const json::Node* props = properties_of(resource);
    if (props == nullptr) return;
    auto doc_of = [&](std::string_view key, PolicyKind kind, const std::string& label) {
      if (const json::Node* v = props->get(key)) add_policy(*v, kind, label);
    };
    if (type == "AWS::IAM::Role") {
      LintContext context;
      context.role_arn = role_arn(id);
      if (const json::Node* trust = props->get("AssumeRolePolicyDocument"))
        add_policy(*trust, PolicyKind::Trust, "the trust policy of role " + id, context);
      add_inline_policies(props->get("Policies"), "role " + id, context);
    } else if (type == "AWS::IAM::User" || type == "AWS::IAM::Group") {
      add_inline_policies(props->get("Policies"), id, {});
    } else if (type == "AWS::IAM::Policy" || type == "AWS::IAM::ManagedPolicy") {
      if (const json::Node* v = props->get("PolicyDocument"))
        add_policy(*v, PolicyKind::Identity, "policy " + id, {}, attached_roles(id, *props));
    } else if (type == "AWS::IAM::UserPolicy" || type == "AWS::IAM::GroupPolicy") {
      doc_of("PolicyDocument", PolicyKind::Identity, "policy " + id);
    } else if (type == "AWS::IAM::RolePolicy") {
      LintContext context;
      if (const json::Node* name = props->get("RoleName")) context.role_arn = named_role_arn(*name);
      if (const json::Node* v = props->get("PolicyDocument"))
        add_policy(*v, PolicyKind::Identity, "policy " + id, context);
    } else if (type == "AWS::StepFunctions::StateMachine") {
      add_definition(id, *props, false);
    } else if (type == "AWS::Serverless::StateMachine") {
      add_definition(id, *props, true);
      add_sam_policies(props->get("Policies"), "state machine " + id, {});
    } else if (type == "AWS::Serverless::Function") {
      add_sam_policies(props->get("Policies"), "function " + id, {});
    } else {
      resource_policy(id, type, *props);
    }
  }

  // Resource-based policies, by the property that holds them.
  void resource_policy(const std::string& id, const std::string& type, const json::Node& props) {
    static const std::map<std::string, std::string, std::less<>> kProperty{
        {"AWS::S3::BucketPolicy", "PolicyDocument"},
        {"AWS::SQS::QueuePolicy", "PolicyDocument"},
        {"AWS::SNS::TopicPolicy", "PolicyDocument"},
        {"AWS::KMS::Key", "KeyPolicy"},
        {"AWS::SecretsManager::ResourcePolicy", "ResourcePolicy"},
        {"AWS::Logs::ResourcePolicy", "PolicyDocument"},
        {"AWS::ECR::Repository", "RepositoryPolicyText"},
        {"AWS::ApiGateway::RestApi", "Policy"},
    };
    if (type == "AWS::Lambda::Permission") {
      lambda_permission(id, props);
      return;
    }
    if (type == "AWS::Events::EventBusPolicy") {
      event_bus_statement(id, props);
      return;
    }
    const auto found = kProperty.find(type);
    if (found == kProperty.end()) return;
    if (const json::Node* v = props.get(found->second))
      add_policy(*v, PolicyKind::Resource, "the resource policy of " + id);
  }

  // An event bus policy holds one statement (Statement), linted as the policy it becomes.
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-events-eventbuspolicy.html
  void event_bus_statement(const std::string& id, const json::Node& props) {
    const json::Node* statement = props.get("Statement");
    if (statement == nullptr || !statement->is_object()) return;
    EmbeddedDocument doc;
    doc.label = "the event bus policy " + id;
    doc.context.kind = PolicyKind::Resource;
    std::optional<json::Node> resolved = cfn::resolve(t, *statement, doc);
    if (!resolved) return;
    json::Node root;
    root.type = json::Type::Object;
    root.span = props.span;
    json::Node version;
    version.type = json::Type::String;
    version.text = "2012-10-17";
    version.span = statement->span;
    version.span.pointer = pointer_append(props.span.pointer, "Version");
    doc.unknown_pointers.push_back(version.span.pointer.str());  // not written: nothing to report there
    root.members.push_back({"Version", version.span, std::move(version)});
    const SourceSpan key = resolved->span;
    root.members.push_back({"Statement", key, std::move(*resolved)});
    doc.document.root = std::move(root);
    out.documents.push_back(std::move(doc));
  }

  // A Lambda permission is one statement of the function's resource policy, written as
  // properties: linted as the statement Lambda adds.
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-permission.html
  void lambda_permission(const std::string& id, const json::Node& props) {
    const json::Node* principal = props.get("Principal");
    const json::Node* action = props.get("Action");
    if (principal == nullptr || action == nullptr) return;
    EmbeddedDocument doc;
    doc.label = "the permission " + id;
    doc.context.kind = PolicyKind::Resource;
    auto value = [&](const json::Node& n) { return cfn::resolve(t, n, doc); };
    auto object = [&](const SourceSpan& span) {
      json::Node o;
      o.type = json::Type::Object;
      o.span = span;
      return o;
    };
    auto member = [](json::Node& to, std::string key, json::Node v) {
      const SourceSpan key_span = v.span;
      to.members.push_back({std::move(key), key_span, std::move(v)});
    };
    std::optional<json::Node> who = value(*principal);
    std::optional<json::Node> what = value(*action);
    if (!who || !what) return;
    json::Node statement = object(props.span);
    member(statement, "Effect", [&] {
      json::Node e;
      e.type = json::Type::String;
      e.text = "Allow";
      e.span = props.span;
      return e;
    }());
    json::Node principal_object = object(principal->span);
    const bool service = who->is_string() && who->text.size() > 14 &&
                         who->text.compare(who->text.size() - 14, 14, ".amazonaws.com") == 0;
    member(principal_object, service ? "Service" : "AWS", std::move(*who));
    member(statement, "Principal", std::move(principal_object));
    member(statement, "Action", std::move(*what));
    if (const json::Node* function = props.get("FunctionName")) {
      // A name, an alias or an ARN: the resource ARN Lambda writes is known after deployment.
      if (std::optional<json::Node> f = value(*function)) {
        doc.unknown_pointers.push_back(f->span.pointer.str());
        member(statement, "Resource", std::move(*f));
      }
    }
    json::Node condition = object(props.span);
    json::Node arn_like = object(props.span);
    json::Node equals = object(props.span);
    if (const json::Node* n = props.get("SourceArn"); n != nullptr) {
      if (std::optional<json::Node> v = value(*n)) member(arn_like, "AWS:SourceArn", std::move(*v));
    }
    if (const json::Node* n = props.get("SourceAccount"); n != nullptr) {
      if (std::optional<json::Node> v = value(*n)) member(equals, "AWS:SourceAccount", std::move(*v));
    }
    if (const json::Node* n = props.get("PrincipalOrgID"); n != nullptr) {
      if (std::optional<json::Node> v = value(*n)) member(equals, "aws:PrincipalOrgID", std::move(*v));
    }
    if (!arn_like.members.empty()) member(condition, "ArnLike", std::move(arn_like));
    if (!equals.members.empty()) member(condition, "StringEquals", std::move(equals));
    if (!condition.members.empty()) member(statement, "Condition", std::move(condition));
    json::Node statements;
    statements.type = json::Type::Array;
    statements.span = props.span;
    statements.items.push_back(std::move(statement));
    json::Node root = object(props.span);
    json::Node version;
    version.type = json::Type::String;
    version.text = "2012-10-17";
    version.span = props.span;
    member(root, "Version", std::move(version));
    member(root, "Statement", std::move(statements));
    doc.document.root = std::move(root);
    out.documents.push_back(std::move(doc));
  }

  // The trust policy of a role that state machines of this template assume gets their ARN (when
  // exactly one state machine uses the role, and its ARN is known).
  void add_state_machine_context() {
    for (EmbeddedDocument& doc : out.documents) {
      if (doc.type != DocumentType::Policy || doc.context.kind != PolicyKind::Trust) continue;
      const std::string prefix = "/Resources/";
      const std::string p = doc.document.root ? doc.document.root->span.pointer.str() : std::string();
      if (p.rfind(prefix, 0) != 0) continue;
      const std::string id = p.substr(prefix.size(), p.find('/', prefix.size()) - prefix.size());
      const auto found = state_machines_of_role.find(id);
      if (found == state_machines_of_role.end() || found->second.size() != 1 || !found->second.front())
        continue;
      doc.context.state_machine_arn = found->second.front();
    }
  }

  void run() {
    if (t.resources == nullptr || !t.resources->is_object()) return;
    for (const json::Member& m : t.resources->members) {
      if (m.value.is_object()) resource(m.key, m.value);
    }
    add_state_machine_context();
  }
};

}  // namespace

DefinitionFile definition_uri_file(std::string_view template_path, const json::Node& uri) {
  namespace fs = std::filesystem;
  DefinitionFile out;
  if (uri.is_object() && cfn::intrinsic_name(uri).empty()) {
    out.problem = "is in S3 (DefinitionUri is an S3 location), so it was not checked";
    return out;
  }
  if (!uri.is_string()) {
    out.problem = "is named by a value known only at deployment (DefinitionUri), so it was not checked";
    return out;
  }
  const std::string& text = uri.text;
  if (text.rfind("s3://", 0) == 0) {
    out.problem = "is in S3 (" + text + "), so it was not checked";
    return out;
  }
  if (template_path == "-" || template_path == "<stdin>" || template_path.empty()) {
    out.problem = "is in " + text + " (DefinitionUri), which is not read for a template from standard input";
    return out;
  }
  const fs::path relative = fs::path(text).lexically_normal();
  if (text.empty() || relative.is_absolute() || relative.has_root_name() || relative.has_root_directory()) {
    out.problem = "is in " + text + ", not a path relative to the template: only a file below the template's "
                  "directory is read, so it was not checked";
    return out;
  }
  if (!relative.empty() && *relative.begin() == "..") {
    out.problem = "is in " + text + ", outside the template's directory: only a file below it is read, so it was "
                  "not checked";
    return out;
  }
  const fs::path directory = fs::path(template_path).parent_path();
  out.path = (directory / relative).lexically_normal().string();
  std::error_code ec;
  const fs::file_status status = fs::status(out.path, ec);
  if (!fs::exists(status)) {
    out.problem = "is in " + out.path + " (DefinitionUri), which does not exist";
    return out;
  }
  if (!fs::is_regular_file(status)) {
    out.problem = "is in " + out.path + ", which is not a regular file, so it was not checked";
    return out;
  }
  // A symbolic link below the directory may still lead out of it.
  const fs::path base = fs::weakly_canonical(directory.empty() ? fs::path(".") : directory, ec);
  const fs::path target = fs::weakly_canonical(out.path, ec);
  const fs::path inside = target.lexically_relative(base);
  if (ec || inside.empty() || *inside.begin() == "..") {
    out.problem = "is in " + out.path + ", which leads out of the template's directory through a symbolic link, "
                  "so it was not checked";
  }
  return out;
}

std::vector<std::string> linked_definition_files(const json::Node& root, std::string_view template_path) {
  std::vector<std::string> out;
  const json::Node* resources = root.is_object() ? root.get("Resources") : nullptr;
  if (resources == nullptr || !resources->is_object()) return out;
  for (const json::Member& m : resources->members) {
    if (!m.value.is_object() || type_of(m.value) != "AWS::Serverless::StateMachine") continue;
    const json::Node* props = properties_of(m.value);
    const json::Node* uri = props != nullptr && props->get("Definition") == nullptr ? props->get("DefinitionUri") : nullptr;
    if (uri == nullptr) continue;
    DefinitionFile file = definition_uri_file(template_path, *uri);
    if (file.problem.empty()) out.push_back(std::move(file.path));
  }
  return out;
}

bool is_cloudformation(const json::Node& root, std::string_view /*path*/) {
  if (!root.is_object()) return false;
  const json::Node* resources = root.get("Resources");
  if (resources == nullptr || !resources->is_object() || root.get("Statement") != nullptr) return false;
  if (root.get("AWSTemplateFormatVersion") != nullptr || root.get("Transform") != nullptr) return true;
  // Without the version line, a template is still recognised by its resources' types.
  bool any = false;
  for (const json::Member& m : resources->members) {
    const json::Node* type = m.value.is_object() ? m.value.get("Type") : nullptr;
    if (type == nullptr || !type->is_string() || type->text.find("::") == std::string::npos) return false;
    any = true;
  }
  return any;
}

Extraction extract_cloudformation(const Container& container) {
  Extraction out;
  out.kind = "cloudformation";
  if (!container.document.root) return out;
  TemplateReader e(container, *container.document.root);
  e.run();
  e.out.kind = "cloudformation";
  return std::move(e.out);
}

}  // namespace iamsmith::inputs
