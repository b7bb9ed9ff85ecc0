// The setup's stacks (see iamsmith/setup.hpp): the state machines, execution roles and target
// roles a template, plan or CLI response holds (iamsmith/inputs.hpp extracts them), turned into
// setups and the roles' policies, with every value pointing into the stack (or into the file a
// SAM DefinitionUri names).

#include "sfn/stacks.hpp"

#include <map>
#include <utility>

#include "iamsmith/asl.hpp"
#include "iamsmith/inputs.hpp"

namespace iamsmith::sfn {
namespace {

// A document of the container as a policy file of its own. Its source text stays empty: links
// quote the container's lines through the setup's inputs, and a copy of a whole account's
// get-account-authorization-details per role would cost more than the check.
LoadedPolicy as_loaded(const std::string& path, inputs::EmbeddedDocument& doc) {
  LoadedPolicy part;
  part.path = path;
  part.embedded = true;
  part.document = std::move(doc.document);
  if (part.document.root && part.document.root->is_object()) part.policy = build_policy(*part.document.root);
  return part;
}

// The statements of `more` added to `into`, as IAM evaluates a role's identity policies together.
void merge_into(Policy& into, const Policy& more) {
  if (!more.statement) return;
  if (!into.statement) {
    into.statement = more.statement;
    return;
  }
  into.statement->is_array = true;
  into.statement->items.insert(into.statement->items.end(), more.statement->items.begin(),
                               more.statement->items.end());
}

// A state machine of the stack as a setup, its definition in input `input`; a note when its ARN,
// its role's ARN or its definition is missing.
void add_state_machine(const inputs::EmbeddedDocument& doc, std::size_t input, const std::string& path,
                       SetupRead& out) {
  const std::optional<std::string>& arn = doc.context.state_machine_arn;
  const std::optional<std::string>& role = doc.context.execution_role_arn;
  if (!arn || !role) {
    out.notes.push_back(path + ": " + doc.label + " is not verified: " +
                        (!arn ? std::string("the state machine's ARN is not known (it needs a StateMachineName, "
                                            "the stack's account and --region)")
                              : std::string("its execution role's ARN is not known (it needs the role's "
                                            "RoleName and the stack's account)")));
    return;
  }
  if (!doc.document.root || !doc.document.root->is_object()) {
    out.notes.push_back(path + ": " + doc.label + " is not verified: it is not a definition (`iamsmith lint` says why)");
    return;
  }
  Setup setup;
  const SourceSpan& span = doc.document.root->span;
  setup.state_machine_arn = Text{*arn, input, span};
  setup.execution_role_arn = Text{*role, input, span};
  setup.definition = asl::build_definition(*doc.document.root);
  setup.definition_input = input;
  out.setups.push_back(std::move(setup));
}

// Reads one stack; false when it is no stack (out.usage_error says so).
bool read_stack(const StackRequest& stack, const SetupRequest& request, const json::ParseOptions& parse,
                SetupRead& out) {
  LoadFileResult r = load_policy_file(stack.path, parse);
  if (r.error) {
    out.io_errors.push_back(r.error->message);
    return true;
  }
  LoadedPolicy& file = *r.loaded;
  file.path = stack.path;
  const std::size_t input = out.inputs.size();
  out.inputs.push_back(Input{stack.path, file.document.source});
  const inputs::Extractor* extractor =
      file.document.root ? inputs::find_extractor(*file.document.root, file.path) : nullptr;
  if (extractor == nullptr) {
    out.usage_error = SetupUsageError{SetupConflict::NotAStack, 0, stack.path,
                                      file.document.error ? file.document.error->message : std::string()};
    return false;
  }
  inputs::ExtractOptions extract_options;
  extract_options.path = file.path;
  extract_options.context.account = stack.account;
  extract_options.context.partition = request.stack_partition ? request.stack_partition : std::optional<std::string>("aws");
  extract_options.context.region = request.stack_region;
  extract_options.parse = parse;
  extract_options.read_linked = true;
  const inputs::Container container{file.document, inputs::syntax_of(file.path, file.document.source.text()),
                                    extract_options};
  inputs::Extraction extraction = extractor->extract(container);

  // A role's identity policies, in container order: the first one's file carries the others'
  // statements.
  std::map<std::string, LoadedPolicy> identity;
  std::vector<std::string> identity_order;
  for (inputs::EmbeddedDocument& doc : extraction.documents) {
    if (doc.type == inputs::DocumentType::Definition) {
      add_state_machine(doc, input, stack.path, out);
      continue;
    }
    const std::optional<PolicyKind> kind = doc.context.kind;
    if (kind == PolicyKind::Trust && doc.context.role_arn) {
      const std::string role = *doc.context.role_arn;
      out.policies.push_back(StackPolicy{role, Purpose::Trust, input, as_loaded(file.path, doc)});
      continue;
    }
    if (kind != PolicyKind::Identity || doc.roles.empty()) continue;
    const std::vector<std::string> roles = doc.roles;
    LoadedPolicy loaded = as_loaded(file.path, doc);
    if (!loaded.policy) continue;
    for (const std::string& role : roles) {
      const auto found = identity.find(role);
      if (found == identity.end()) {
        identity.emplace(role, loaded);
        identity_order.push_back(role);
      } else if (found->second.policy) {
        merge_into(*found->second.policy, *loaded.policy);
      }
    }
  }
  for (const std::string& role : identity_order) {
    LoadedPolicy& loaded = identity.at(role);
    out.policies.push_back(StackPolicy{role, Purpose::Permissions, input, loaded});
    out.policies.push_back(StackPolicy{role, Purpose::AssumeRole, input, std::move(loaded)});
  }
  // A definition in its own file (SAM DefinitionUri): that file is an input of its own.
  for (inputs::Extraction::Linked& linked : extraction.linked) {
    const std::size_t linked_input = out.inputs.size();
    out.inputs.push_back(Input{linked.path, linked.document.document.source});
    add_state_machine(linked.document, linked_input, stack.path, out);
  }
  return true;
}

}  // namespace

void read_stacks(const SetupRequest& request, const json::ParseOptions& parse, SetupRead& out) {
  for (const StackRequest& stack : request.stacks) {
    if (!read_stack(stack, request, parse, out)) return;
  }
}

}  // namespace iamsmith::sfn
