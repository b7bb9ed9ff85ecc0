#pragma once
// For caches of look-ups in a catalog (rules/d_helpers.hpp): a number that changes whenever a
// catalog is created or destroyed, so that a cache keyed by a catalog's address is never taken
// for another catalog later allocated at the same address.

#include <cstdint>

namespace iamsmith::iamdata {

[[nodiscard]] std::uint64_t catalog_generation() noexcept;

}  // namespace iamsmith::iamdata
