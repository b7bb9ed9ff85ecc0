#pragma once
// A statement's content without positions, as a key to group equal statements by.
#include <string>

#include "iamsmith/policy.hpp"

namespace iamsmith {

// What a statement says, as one string without any position: two statements have the same key
// exactly when equal_ignoring_positions() holds for them (with `with_sid` false, when it holds
// once both Sids are removed). Built in one pass over the statement, so that many statements
// can be grouped by it (a hash map) instead of compared pair by pair.
[[nodiscard]] std::string content_key(const Statement& statement, bool with_sid = true);

}  // namespace iamsmith
