#pragma once
// Pieces shared by the verify sources (links, chains, rendering); not public.

#include <string>
#include <string_view>

#include "iamsmith/policy.hpp"
#include "iamsmith/verify.hpp"
#include "catalogue.hpp"

namespace iamsmith::verify {

// The rules a broken link is reported under, by their declarations (rules/S00n_*.cpp, X001).
inline const Rule& kExternalIdMismatch = rules::kS001ExternalIdMismatch;
inline const Rule& kAssumeNotGranted = rules::kS003AssumeNotGranted;
inline const Rule& kTargetNotGranted = rules::kS004TargetNotGranted;
inline const Rule& kTrustPrincipalMismatch = rules::kS006TrustPrincipalMismatch;
inline const Rule& kCrossPartitionTask = rules::kS007CrossPartitionTask;
inline const Rule& kCrossPartitionPrincipal = rules::kX001CrossPartitionPrincipal;

// A statement as one line of JSON, in the writer's key order, for "fix: add this statement".
[[nodiscard]] std::string statement_json(const Statement& statement);

}  // namespace iamsmith::verify
