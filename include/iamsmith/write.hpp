#pragma once
// The canonical writer: a Policy becomes JSON text in a fixed key order, two-space indentation
// and a trailing newline, byte-identical for equal policies.

#include <string>

#include "iamsmith/policy.hpp"

namespace iamsmith {

// Key order: Version, Id, Statement; in a statement Sid, Effect, Principal, NotPrincipal,
// Action, NotAction, Resource, NotResource, Condition; then unknown keys in source order.
// Principal types are written AWS, Service, Federated, CanonicalUser, then others as found.
// Condition operators and keys keep their order. Each array element goes on its own line, `[]`
// and `{}` stay empty on one line: the layout AWS serves managed policies in, so a policy
// already in this key order is written back byte for byte.
// Values keep their form: a OneOrMany read as a scalar is written as a scalar and one read as an
// array stays an array, even with one item (an empty or multi-item list built without
// `is_array` is written as an array, the only valid form). Numbers and booleans are written as
// their `text`, verbatim. Strings are escaped as strict JSON; non-ASCII UTF-8 is written as is.
// What the model dropped (elements recorded in `type_mismatches`) is not written.
[[nodiscard]] std::string write_policy(const Policy& policy);

}  // namespace iamsmith
