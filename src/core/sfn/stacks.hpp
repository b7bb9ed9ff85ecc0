#pragma once
// The stacks part of sfn::read_setup (src/core/sfn/stacks.cpp); not public.

#include "iamsmith/json.hpp"
#include "iamsmith/setup.hpp"

namespace iamsmith::sfn {

// Reads request.stacks into `out`: each stack's text becomes an input, its state machines setups,
// its roles' policies StackPolicy values; a stack that is no template, plan or CLI response is a
// usage error (and the reading stops).
void read_stacks(const SetupRequest& request, const json::ParseOptions& parse, SetupRead& out);

}  // namespace iamsmith::sfn
