// The containers lint recognises (CloudFormation / SAM / CDK templates in JSON and YAML, Terraform
// plans, AWS CLI responses) on arbitrary bytes, through inputs.hpp as lint uses it: the tree, the
// extractor that recognises it, its documents linted at the container's positions with their
// unknown and assumed values applied, then the text, JSON and SARIF reports. The last byte
// picks the file name (which decides YAML or JSON) and whether the run knows its account.

#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fuzz.hpp"
#include "iamsmith/inputs.hpp"
#include "iamsmith/lint.hpp"
#include "iamsmith/load.hpp"
#include "iamsmith/report.hpp"

IAMSMITH_FUZZ_TARGET(extract) {
  using namespace iamsmith;  // NOLINT(google-build-using-namespace): one function
  static constexpr std::array<std::string_view, 4> kPaths{"template.yaml", "template.json", "plan.json",
                                                          "cdk.out/Stack.template.json"};
  const std::uint8_t last = size > 0 ? data[size - 1] : 0;
  const std::string path(kPaths[last % kPaths.size()]);
  LintContext context;
  if ((last / 4) % 2 == 1) {
    context.partition = "aws";
    context.account = "111122223333";
    context.region = "us-east-1";
  }
  const std::string_view text = fuzz::as_text(data, size);
  LoadedPolicy loaded;
  loaded.path = path;
  loaded.document = inputs::read_tree(std::string(text), inputs::syntax_of(path, text));
  if (!loaded.document.root) return 0;
  const inputs::Extractor* extractor = inputs::find_extractor(*loaded.document.root, path);
  if (extractor == nullptr) return 0;
  const inputs::ExtractOptions options{path, context, {}, false};  // no file is read beside it
  const inputs::Container container{loaded.document, inputs::syntax_of(path, text), options};
  inputs::Extraction extraction = extractor->extract(container);

  FileReport report{path, &loaded.document.source, extraction.kind, std::move(extraction.findings)};
  for (inputs::EmbeddedDocument& doc : extraction.documents) {
    LoadedPolicy part;
    part.path = path;
    part.embedded = true;
    part.document = std::move(doc.document);
    part.document.source = loaded.document.source;  // positions quote the container's lines
    if (doc.type == inputs::DocumentType::Policy && part.document.root)
      part.policy = build_policy(*part.document.root);
    std::vector<Diagnostic> found =
        lint_document(part, inputs::merged_context(context, doc.context)).diagnostics;
    inputs::apply_symbolic(doc, found);
    for (Diagnostic& d : found) report.diagnostics.push_back(std::move(d));
  }
  sort_diagnostics(report.diagnostics);
  const std::vector<FileReport> reports{report};
  (void)render_text(reports.front());
  (void)render_json(reports);
  (void)render_sarif(reports, all_rules());
  return 0;
}
