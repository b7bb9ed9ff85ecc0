#pragma once
// IP ranges for the C rules on IpAddress conditions (C012, C013), on top of parse_ip_block in
// iamsmith/condition.hpp.

#include <arpa/inet.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "iamsmith/condition.hpp"

namespace iamsmith::rules::ip {

// Address ranges that never appear as a public source address, so never as aws:SourceIp: private
// networks (RFC 1918), shared carrier-grade NAT space (RFC 6598), loopback (RFC 1122, RFC 4291),
// link-local (RFC 3927, RFC 4291) and IPv6 unique local addresses (RFC 4193).
// https://www.rfc-editor.org/rfc/rfc1918 https://www.rfc-editor.org/rfc/rfc6598
// https://www.rfc-editor.org/rfc/rfc3927 https://www.rfc-editor.org/rfc/rfc4193
// https://www.rfc-editor.org/rfc/rfc4291
inline constexpr std::array<std::string_view, 10> kNonPublicRanges = {
    "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8",
    "169.254.0.0/16", "fc00::/7", "fe80::/10", "::1/128", "0.0.0.0/8"};

// Whether every address of `block` lies in one non-public range; returns that range.
[[nodiscard]] inline std::optional<std::string_view> non_public_range(const IpBlock& block) {
  for (const std::string_view range : kNonPublicRanges) {
    const auto r = parse_ip_block(range);
    if (r && r->v6 == block.v6 && block.prefix >= r->prefix && ip_in_block(block, *r)) return range;
  }
  return std::nullopt;
}

// The block with the bits after the prefix cleared; nullopt when none were set.
[[nodiscard]] inline std::optional<IpBlock> without_host_bits(const IpBlock& block) {
  IpBlock cleared = block;
  const unsigned bytes = block.v6 ? 16 : 4;
  bool changed = false;
  for (unsigned i = 0; i < bytes; ++i) {
    const unsigned first_bit = i * 8;
    std::uint8_t mask = 0xff;
    if (block.prefix <= first_bit) {
      mask = 0;
    } else if (block.prefix < first_bit + 8) {
      mask = static_cast<std::uint8_t>(0xff << (8 - (block.prefix - first_bit)));
    }
    const auto value = static_cast<std::uint8_t>(block.bytes[i] & mask);
    changed = changed || value != block.bytes[i];
    cleared.bytes[i] = value;
  }
  if (!changed) return std::nullopt;
  return cleared;
}

[[nodiscard]] inline std::string to_text(const IpBlock& block) {
  std::array<char, INET6_ADDRSTRLEN> text{};
  if (inet_ntop(block.v6 ? AF_INET6 : AF_INET, block.bytes.data(), text.data(), static_cast<socklen_t>(text.size())) == nullptr) return {};
  return std::string(text.data()) + "/" + std::to_string(block.prefix);
}

}  // namespace iamsmith::rules::ip
