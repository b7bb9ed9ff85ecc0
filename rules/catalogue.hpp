#pragma once
// Every rule's declaration, by variable (rules/<ID>_<name>.cpp defines it), for the sources of
// the library that report a fixed rule (the generator, verify, the configuration reader): naming
// the variable instead of an id string lets the compiler check that the rule exists. Not public.

#include "iamsmith/rule.hpp"

namespace iamsmith::rules {
#define IAMSMITH_RULE(variable) extern const Rule variable;
#include "rules.def"
#undef IAMSMITH_RULE
}  // namespace iamsmith::rules
