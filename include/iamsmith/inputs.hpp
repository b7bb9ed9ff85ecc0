#pragma once
// Policies where they live: a file (a CloudFormation template, later a Terraform plan or an AWS
// CLI response) is read into a JSON tree, a recogniser says what the file is, and an extractor
// turns it into the documents to lint, each with its kind and context, and with spans in the
// container file's coordinates and pointers from the file's root.
//
// JSON written inside a string (a DefinitionString, a Logs resource policy, a Fn::Sub template)
// is parsed through a MappedText: the decoded text with, for every byte, the byte of the
// container it came from, so that a finding inside the string is reported at the container's
// line and column.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "iamsmith/diagnostic.hpp"
#include "iamsmith/json.hpp"
#include "iamsmith/lint_context.hpp"
#include "iamsmith/policy.hpp"
#include "iamsmith/source.hpp"
#include "iamsmith/syntax.hpp"

namespace iamsmith::inputs {

// ---------------------------------------------------------------------------------------------
// Text with an offset map back into the container file.

class MappedText {
 public:
  [[nodiscard]] const std::string& text() const { return text_; }
  // The container byte offset of text()[i]; i == text().size() gives the end of the last piece.
  [[nodiscard]] std::uint32_t offset_of(std::size_t i) const;
  [[nodiscard]] bool empty() const { return text_.empty(); }

  // Appends `text`, every byte of it coming from `offset` (a substituted value, which has no
  // source of its own: its bytes all map to the placeholder's position).
  void append_at(std::string_view text, std::uint32_t offset);
  // Appends `text` whose byte i came from container offset offsets[i] (offsets.size() ==
  // text.size() + 1, the last entry being the end of the piece).
  void append_mapped(std::string_view text, std::span<const std::uint32_t> offsets);
  void append(const MappedText& other);
  // Bytes [from, to) of the text with their offsets.
  [[nodiscard]] MappedText slice(std::size_t from, std::size_t to) const;

 private:
  std::string text_;
  std::vector<std::uint32_t> offsets_;  // one per byte of text_
  std::uint32_t end_ = 0;               // offset after the last piece
};

// The decoded value of a string node with its offset map, found again from the node's source
// text: a JSON string ("a\"b\u00e9"), a YAML scalar (plain, 'single', "double", | literal, >
// folded). Escapes map to their first byte; a literal block maps line for line.
[[nodiscard]] MappedText map_string(const SourceText& container, const json::Node& string_node);

// Parses `text` as JSON; every span (nodes, keys, extensions, duplicate keys, the error) is moved
// to the container's coordinates and every pointer is prefixed with `pointer`.
[[nodiscard]] json::Document parse_embedded_json(const MappedText& text, const SourceText& container,
                                                 const std::string& pointer,
                                                 const json::ParseOptions& options = {});

// Moves `node` and everything below it to a new pointer prefix (`from` replaced by `to`).
void repoint(json::Node& node, std::string_view from, std::string_view to);

// Reading a file into a tree (Syntax, syntax_of, read_tree): iamsmith/syntax.hpp, which load
// uses without the lint engine this header brings.

// ---------------------------------------------------------------------------------------------
// Embedded documents.

enum class DocumentType { Policy, Definition };

struct EmbeddedDocument {
  DocumentType type = DocumentType::Policy;
  std::string label;  // what it is, for notes: "the trust policy of role LambdaRole"
  // The kind the rules judge a policy as; the context's other fields are added to the run's
  // context (a field set here wins): role_arn, state_machine_arn, execution_role_arn, account,
  // partition, region.
  LintContext context;
  // root in the container's coordinates, pointers from the container's root; for JSON read from
  // a string also its extensions, duplicate keys or error. `source` is left empty: the linter
  // lends the container's.
  json::Document document;
  // Values known only after deployment (a GetAtt, a parameter without default, a pseudo
  // parameter the run does not know): a finding at such a pointer, below it, or at the array
  // holding it is not reported.
  std::vector<std::string> unknown_pointers;
  // Values assumed for the check (a parameter's default): a finding there gets this note.
  struct Assumption {
    std::string pointer;
    std::string note;
  };
  std::vector<Assumption> assumptions;
  // An identity policy: the ARNs of the roles it is attached to, where the container says and
  // the ARN is known (a role's inline policy, an AWS::IAM::Policy's Roles). What `verify` reads a
  // role's permissions from.
  std::vector<std::string> roles;
};

struct Extraction {
  std::string kind;  // what the container is, for reports: "cloudformation"
  std::vector<EmbeddedDocument> documents;
  // About the container itself (a definition it names but does not hold, an alias, ...).
  std::vector<Diagnostic> findings;
  // Documents the container names in files of their own (a SAM DefinitionUri), read when
  // ExtractOptions::read_linked: `document.document` is that file's (its source, spans and
  // pointers are the file's, not the container's), with the container's context (the state
  // machine, its role) and its DefinitionSubstitutions applied. Linted as their own files.
  struct Linked {
    std::string path;  // the file, as the container's path and the reference make it
    EmbeddedDocument document;
  };
  std::vector<Linked> linked;
};

// What the extractor knows beyond the file.
struct ExtractOptions {
  std::string path;     // the container, as named
  LintContext context;  // partition, region and account of the run, when given
  json::ParseOptions parse;
  // Read the files the container's documents live in (Extraction::linked); a file that cannot
  // be read is a finding of the container's (I001). Off, they are left alone.
  bool read_linked = false;
};

// The local file a SAM state machine's DefinitionUri names, found from the template's path
// (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-statemachine.html):
// a relative path, resolved against the template's directory. `problem` says why it is not read
// instead (an S3 location, a value known only at deployment, an absolute path or one leading out
// of the template's directory, a file that does not exist or is not a regular file).
struct DefinitionFile {
  std::string path;     // the file to read: the template's directory joined with the value
  std::string problem;  // empty when `path` can be read: "is in S3 (an S3Location), so ..."
};
[[nodiscard]] DefinitionFile definition_uri_file(std::string_view template_path, const json::Node& uri);

// The definition files the SAM state machines of a template (its root) name and that can be read.
[[nodiscard]] std::vector<std::string> linked_definition_files(const json::Node& root, std::string_view template_path);

struct Container {
  const json::Document& document;  // source, root
  Syntax syntax;
  const ExtractOptions& options;
};

// One kind of container: recognised by its root, turned into documents.
struct Extractor {
  std::string_view name;  // "cloudformation"
  bool (*recognise)(const json::Node& root, std::string_view path);
  Extraction (*extract)(const Container& container);
};

// Every extractor, in the order they are tried.
[[nodiscard]] std::span<const Extractor> extractors();
// The first extractor that recognises the file, or null (the file is a policy or a definition).
[[nodiscard]] const Extractor* find_extractor(const json::Node& root, std::string_view path);

// Findings at unknown values dropped, notes added at assumed ones.
void apply_symbolic(const EmbeddedDocument& document, std::vector<Diagnostic>& diagnostics);

// The run's context with the document's additions.
[[nodiscard]] LintContext merged_context(const LintContext& base, const LintContext& extra);

// ---------------------------------------------------------------------------------------------
// CloudFormation (JSON and YAML), SAM and CDK output.

[[nodiscard]] bool is_cloudformation(const json::Node& root, std::string_view path);
[[nodiscard]] Extraction extract_cloudformation(const Container& container);

// ---------------------------------------------------------------------------------------------
// Terraform plans (terraform show -json) and AWS CLI responses: the documents iamsmith/locate.hpp
// finds, decoded when written as strings (src/core/inputs/plan_cli.cpp).

[[nodiscard]] bool is_terraform_plan(const json::Node& root, std::string_view path);
[[nodiscard]] Extraction extract_terraform_plan(const Container& container);
// Terraform configurations in JSON syntax (*.tf.json), what `generate --format terraform-json` writes.
[[nodiscard]] bool is_terraform_configuration(const json::Node& root, std::string_view path);
[[nodiscard]] Extraction extract_terraform_configuration(const Container& container);
[[nodiscard]] bool is_aws_cli_response(const json::Node& root, std::string_view path);
[[nodiscard]] Extraction extract_aws_cli_response(const Container& container);

}  // namespace iamsmith::inputs
