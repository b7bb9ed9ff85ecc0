#pragma once
// Limits of the readers that are not options: what the command line accepts as the largest
// --max-depth, and what the parser enforces whatever json::ParseOptions::max_depth says.

#include <cstddef>

namespace iamsmith::json {

// The deepest nesting the parser accepts: the tree's destructor and its walkers recurse, and
// this many levels keep them within any thread's stack.
inline constexpr std::size_t kMaxDepthLimit = 10000;

}  // namespace iamsmith::json
