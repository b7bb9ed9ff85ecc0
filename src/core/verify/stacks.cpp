// verify's inputs from stacks: the state machines, execution roles and target roles a template,
// plan or CLI response holds (iamsmith/inputs.hpp extracts them), turned into the setups and
// policy files the chains are checked against.

#include <algorithm>
#include <map>
#include <utility>

#include "iamsmith/asl.hpp"
#include "iamsmith/inputs.hpp"
#include "iamsmith/verify.hpp"

namespace iamsmith::verify {
namespace {

// A document of the container as a policy file of its own. Its source text stays empty: links
// quote the container's lines through the caller's input, and a copy of a whole account's
// get-account-authorization-details per role would cost more than the check.
LoadedPolicy as_loaded(const LoadedPolicy& file, inputs::EmbeddedDocument& doc) {
  LoadedPolicy part;
  part.path = file.path;
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

}  // namespace

StackRead read_stack(const LoadedPolicy& file, std::size_t input, const StackOptions& options) {
  StackRead out;
  if (!file.document.root) return out;
  const inputs::Extractor* extractor = inputs::find_extractor(*file.document.root, file.path);
  if (extractor == nullptr) return out;
  out.recognised = true;
  inputs::ExtractOptions extract_options;
  extract_options.path = file.path;
  extract_options.context.account = options.account;
  extract_options.context.partition = options.partition ? options.partition : std::optional<std::string>("aws");
  extract_options.context.region = options.region;
  extract_options.parse = options.parse;
  const inputs::Container container{file.document, inputs::syntax_of(file.path, file.document.source.text()),
                                    extract_options};
  inputs::Extraction extraction = extractor->extract(container);
  out.kind = extraction.kind;

  // A role's identity policies, in container order: the first one's file carries the others'
  // statements.
  std::map<std::string, LoadedPolicy> identity;
  std::vector<std::string> identity_order;
  for (inputs::EmbeddedDocument& doc : extraction.documents) {
    if (doc.type == inputs::DocumentType::Definition) {
      const std::optional<std::string>& arn = doc.context.state_machine_arn;
      const std::optional<std::string>& role = doc.context.execution_role_arn;
      if (!arn || !role) {
        out.notes.push_back(doc.label + " is not verified: " +
                            (!arn ? std::string("the state machine's ARN is not known (it needs a StateMachineName, "
                                                "the stack's account and --region)")
                                  : std::string("its execution role's ARN is not known (it needs the role's "
                                                "RoleName and the stack's account)")));
        continue;
      }
      if (!doc.document.root || !doc.document.root->is_object()) {
        out.notes.push_back(doc.label + " is not verified: it is not a definition (`iamsmith lint` says why)");
        continue;
      }
      sfn::Setup setup;
      const SourceSpan& span = doc.document.root->span;
      setup.state_machine_arn = sfn::Text{*arn, input, span};
      setup.execution_role_arn = sfn::Text{*role, input, span};
      setup.definition = asl::build_definition(*doc.document.root);
      setup.definition_input = input;
      out.setups.push_back(std::move(setup));
      continue;
    }
    const std::optional<PolicyKind> kind = doc.context.kind;
    if (kind == PolicyKind::Trust && doc.context.role_arn) {
      const std::string role = *doc.context.role_arn;
      out.policies.push_back(StackPolicy{role, Purpose::Trust, as_loaded(file, doc)});
      continue;
    }
    if (kind != PolicyKind::Identity || doc.roles.empty()) continue;
    const std::vector<std::string> roles = doc.roles;
    LoadedPolicy loaded = as_loaded(file, doc);
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
    out.policies.push_back(StackPolicy{role, Purpose::Permissions, loaded});
    out.policies.push_back(StackPolicy{role, Purpose::AssumeRole, std::move(loaded)});
  }
  return out;
}

}  // namespace iamsmith::verify
