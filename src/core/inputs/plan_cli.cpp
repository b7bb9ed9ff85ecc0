// Terraform plans and AWS CLI responses as containers (iamsmith/inputs.hpp): the documents
// locate_terraform_plan and locate_aws_cli_response find (iamsmith/locate.hpp), decoded when they
// are written as strings, with every position mapped back into the plan or response file.

#include <cstdint>
#include <string>
#include <vector>

#include "iamsmith/inputs.hpp"
#include "iamsmith/locate.hpp"
#include "iamsmith/recognise.hpp"

namespace iamsmith::inputs {
namespace {

// A Terraform template string's "$${" and "%%{" as the "${" and "%{" they stand for.
MappedText template_unescaped(const MappedText& text) {
  const std::string& t = text.text();
  MappedText out;
  std::size_t from = 0;
  for (std::size_t i = 0; i + 2 < t.size(); ++i) {
    if ((t[i] == '$' || t[i] == '%') && t[i + 1] == t[i] && t[i + 2] == '{') {
      out.append(text.slice(from, i));
      from = i + 1;
      ++i;
    }
  }
  out.append(text.slice(from, t.size()));
  return out;
}

EmbeddedDocument embed(const Container& container, const LocatedDocument& found) {
  EmbeddedDocument e;
  e.type = found.definition ? DocumentType::Definition : DocumentType::Policy;
  e.label = found.label;
  e.context = found.context;
  if (!found.definition && found.context.kind == PolicyKind::Identity && found.context.role_arn)
    e.roles = {*found.context.role_arn};
  // Which document a finding is in: in a plan of many resources the position alone says little.
  e.assumptions.push_back({found.pointer, "in " + found.label});
  if (found.value->is_object()) {
    e.document.root = *found.value;  // its spans and pointers are the container's already
    return e;
  }
  // JSON text in a string: the string's escapes, then URL- or double-encoding, mapped back.
  const SourceText& source = container.document.source;
  MappedText raw = map_string(source, *found.value);
  if (found.template_escapes) raw = template_unescaped(raw);
  const DecodedDocument decoded = decode_document_string(raw.text());
  std::vector<std::uint32_t> offsets(decoded.text.size() + 1);
  for (std::size_t i = 0; i < offsets.size(); ++i) offsets[i] = raw.offset_of(decoded.origins[i]);
  MappedText text;
  text.append_mapped(decoded.text, offsets);
  e.document = parse_embedded_json(text, source, found.value->span.pointer.str(), container.options.parse);
  for (const std::string& note : decoded.notes) e.assumptions.push_back({found.value->span.pointer.str(), note});
  return e;
}

Extraction extraction(const Container& container, const std::vector<LocatedDocument>& found, std::string kind) {
  Extraction out;
  out.kind = std::move(kind);
  for (const LocatedDocument& d : found) {
    if (d.unknown || d.value == nullptr) continue;  // known only after apply: nothing to judge
    out.documents.push_back(embed(container, d));
  }
  return out;
}

}  // namespace

bool is_terraform_plan(const json::Node& root, std::string_view path) {
  return recognise_input(path, &root).kind == InputKind::TerraformPlan;
}

Extraction extract_terraform_plan(const Container& container) {
  return extraction(container, locate_terraform_plan(*container.document.root, container.options.context),
                    "terraform-plan");
}

bool is_terraform_configuration(const json::Node& root, std::string_view path) {
  return recognise_input(path, &root).kind == InputKind::TerraformConfiguration;
}

Extraction extract_terraform_configuration(const Container& container) {
  return extraction(container,
                    locate_terraform_configuration(*container.document.root, container.options.context),
                    "terraform-configuration");
}

bool is_aws_cli_response(const json::Node& root, std::string_view path) {
  return recognise_input(path, &root).kind == InputKind::CliResponse;
}

Extraction extract_aws_cli_response(const Container& container) {
  return extraction(container, locate_aws_cli_response(*container.document.root), "aws-cli");
}

}  // namespace iamsmith::inputs
