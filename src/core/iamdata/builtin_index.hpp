#pragma once
// Where each service's lines are in the built-in snapshot, found when iamsmith is built
// (src/gen/iam_data_index.cpp writes the table from rules/iam-data.tsv). With it,
// Catalog::builtin() reads only the header lines at start-up instead of searching the whole
// 1.5 MB for service lines: that search was most of `iamsmith --version`.

#include <cstddef>
#include <cstdint>
#include <span>

namespace iamsmith::iamdata {

// One service record: offsets into the snapshot's text.
struct BuiltinService {
  std::uint32_t s_offset;     // where its "S\t" line begins
  std::uint32_t prefix_size;  // the prefix follows "S\t"
  std::uint32_t name_size;    // the name follows the prefix and a tab
  std::uint32_t body_offset;  // the line after the S line
  std::uint32_t stop;         // where the next S line begins, or the text's size
};

struct BuiltinIndex {
  std::span<const BuiltinService> services;  // in file order; empty when the generator declined
  std::size_t text_size = 0;                 // the size of the text it was computed from
};

// Defined in the source the build generates (CMakeLists.txt).
BuiltinIndex builtin_index();

}  // namespace iamsmith::iamdata
