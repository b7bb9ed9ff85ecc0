#pragma once
// Pieces shared by the verify sources (links, chains, rendering); not public.

#include <string>
#include <string_view>

#include "iamsmith/policy.hpp"
#include "iamsmith/verify.hpp"

namespace iamsmith::verify {

// The rules a broken link is reported under (declared in rules/S00n_*.cpp and X001).
inline constexpr std::string_view kExternalIdMismatch = "S001";
inline constexpr std::string_view kAssumeNotGranted = "S003";
inline constexpr std::string_view kTargetNotGranted = "S004";
inline constexpr std::string_view kTrustPrincipalMismatch = "S006";
inline constexpr std::string_view kCrossPartitionTask = "S007";
inline constexpr std::string_view kCrossPartitionPrincipal = "X001";

// A statement as one line of JSON, in the writer's key order, for "fix: add this statement".
[[nodiscard]] std::string statement_json(const Statement& statement);

}  // namespace iamsmith::verify
