#pragma once
// Where each service's lines are in the built-in snapshot, found when iamsmith is built
// (src/gen/iam_data_index.cpp writes the table from rules/iam-data.tsv). With it,
// Catalog::builtin() reads only the header lines at start-up instead of searching the whole
// 1.5 MB for service lines: that search was most of `iamsmith --version`.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "iamsmith/text.hpp"

namespace iamsmith::iamdata {

// One service record: its prefix and name (copies of the S line's fields, so that indexing
// touches no page of the 1.5 MB text) and where its lines are in the snapshot's text.
struct BuiltinService {
  std::string_view prefix;
  std::string_view name;
  std::uint32_t s_offset;     // where its "S\t" line begins
  std::uint32_t body_offset;  // the line after the S line
  std::uint32_t stop;         // where the next S line begins, or the text's size
  std::uint64_t prefix_hash;  // folded_hash(prefix), worked out by the compiler
};

struct BuiltinIndex {
  std::span<const BuiltinService> services;  // in file order; empty when the generator declined
  std::size_t text_size = 0;                 // the size of the text it was computed from
};

// Defined in the source the build generates (CMakeLists.txt).
BuiltinIndex builtin_index();

}  // namespace iamsmith::iamdata
