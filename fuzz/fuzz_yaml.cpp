// The YAML reader (libyaml events building the JSON reader's tree) on arbitrary bytes, then what
// lint does with its tree: the offset map of every string scalar (plain, quoted, block), the
// compact JSON of the whole tree, and the policy model.

#include <cstddef>
#include <string>
#include <vector>

#include "fuzz.hpp"
#include "iamsmith/inputs.hpp"
#include "iamsmith/json.hpp"
#include "iamsmith/load.hpp"

namespace {

// Maps every string below `node` (and every key's value) back into the source, at most `budget`
// of them, so that a tree with a million scalars costs no more than a small one.
void map_strings(const iamsmith::json::Document& document, const iamsmith::json::Node& node, std::size_t& budget) {
  if (budget == 0) return;
  switch (node.type) {
    case iamsmith::json::Type::String: {
      --budget;
      const iamsmith::inputs::MappedText mapped = iamsmith::inputs::map_string(document.source, node);
      // Every offset of the map must lie inside the container.
      for (std::size_t i = 0; i <= mapped.text().size(); ++i) {
        if (mapped.offset_of(i) > document.source.text().size()) __builtin_trap();
      }
      break;
    }
    case iamsmith::json::Type::Array:
      for (const iamsmith::json::Node& item : node.items) map_strings(document, item, budget);
      break;
    case iamsmith::json::Type::Object:
      for (const iamsmith::json::Member& member : node.members) map_strings(document, member.value, budget);
      break;
    case iamsmith::json::Type::Null:
    case iamsmith::json::Type::Bool:
    case iamsmith::json::Type::Number: break;
  }
}

}  // namespace

IAMSMITH_FUZZ_TARGET(yaml) {
  using namespace iamsmith;  // NOLINT(google-build-using-namespace): one function
  const json::Document document = inputs::read_tree(std::string(fuzz::as_text(data, size)), inputs::Syntax::Yaml);
  if (!document.root) return 0;
  std::size_t budget = 256;
  map_strings(document, *document.root, budget);
  (void)json::to_json(*document.root);
  (void)build_policy(*document.root);
  return 0;
}
