#pragma once
// Amazon Resource Names as they appear in policies: with wildcards and policy variables.
// Format: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
//   arn:partition:service:region:account-id:resource
// The resource part may itself contain ':' and '/'. A policy variable such as
// ${aws:username} contains ':' but never splits a field.

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace iamsmith {

struct Arn {
  std::string partition;  // "aws", "aws-cn", ... (not checked against the known list here)
  std::string service;    // "iam", "s3", ...
  std::string region;     // empty for global services (IAM, S3 buckets)
  std::string account;    // 12 digits, empty, "aws" / "partner" (AWS-owned), or a pattern
  // Everything after the fifth field separator. May be empty: AWS's own managed policy
  // AmazonDevOpsGuruOrganizationsAccess grants on "arn:aws:organizations::*:", so IAM accepts
  // it; whether it matches anything is for the linter to say.
  std::string resource;
  // How many fields the source text had. Fewer than six only for the abbreviated form
  // "arn:aws:s3:*", where the trailing '*' stands for the missing fields (see parse_arn);
  // those fields then hold "*".
  std::size_t field_count = 6;

  // The resource split at its first '/' or ':' outside a policy variable:
  // "role/path/Name" -> "role" and "path/Name"; "key:my-key" -> "key" and "my-key".
  // A resource without a separator ("my-bucket", "root") has an empty type and is all id.
  [[nodiscard]] std::string_view resource_type() const;
  [[nodiscard]] std::string_view resource_id() const;
  // '*' or '?' in any field, outside policy variables (${*} and ${?} are the literal
  // characters, not wildcards).
  [[nodiscard]] bool has_wildcard() const;
  // A complete "${...}" in any field.
  [[nodiscard]] bool has_variable() const;
  // The ARN as it was written (abbreviated ARNs stay abbreviated).
  [[nodiscard]] std::string to_string() const;

  friend bool operator==(const Arn&, const Arn&) = default;
};

enum class ArnError {
  MissingPrefix,  // does not start with "arn:"
  TooFewFields,   // fewer than six colon-separated fields
  EmptyPartition,
  InvalidPartition,  // characters other than a-z, 0-9, '-'
  EmptyService,
  InvalidService,
  InvalidRegion,
  InvalidAccount,  // not empty, 12 digits, "aws", "partner", or a pattern
};

// A plain-English sentence describing the error, without the offending text.
[[nodiscard]] std::string_view arn_error_message(ArnError error);

// The ARN, or why the text is not one. C++20 has no std::expected.
class ArnResult {
 public:
  // Implicit on purpose, so that a parser can `return arn;` or `return ArnError::...;`.
  ArnResult(Arn arn) : state_(std::move(arn)) {}
  ArnResult(ArnError error) : state_(error) {}

  [[nodiscard]] explicit operator bool() const { return state_.index() == 0; }
  [[nodiscard]] bool has_value() const { return state_.index() == 0; }

  // Calling value() on an error (or error() on a value) is a programming error.
  [[nodiscard]] const Arn& value() const& {
    if (const Arn* arn = std::get_if<Arn>(&state_)) return *arn;
    throw std::logic_error("ArnResult::value() called on an error result");
  }
  [[nodiscard]] Arn value() && {
    if (Arn* arn = std::get_if<Arn>(&state_)) return std::move(*arn);
    throw std::logic_error("ArnResult::value() called on an error result");
  }
  [[nodiscard]] ArnError error() const {
    if (const ArnError* error = std::get_if<ArnError>(&state_)) return *error;
    throw std::logic_error("ArnResult::error() called on a successful result");
  }
  [[nodiscard]] const Arn* operator->() const { return &value(); }

 private:
  std::variant<Arn, ArnError> state_;
};

// Parses an ARN as written in a policy. Wildcards ('*', '?') and policy variables are allowed
// in every field; whether the partition is a known one is not checked (see partition.hpp).
[[nodiscard]] ArnResult parse_arn(std::string_view text);

// Exactly twelve ASCII digits.
[[nodiscard]] bool is_account_id(std::string_view text);

// Helpers shared by the ARN, matching and principal code: where policy variables are.
namespace detail {
// If a policy variable "${...}" starts at `pos`, the position just past its '}'; otherwise
// `pos`. An unclosed "${" is not a variable. Inline: the scans over ARNs, Resource and Action
// values ask at every character, and nearly every answer is "not here".
[[nodiscard]] inline std::size_t skip_variable(std::string_view text, std::size_t pos) {
  if (pos + 1 >= text.size() || text[pos] != '$' || text[pos + 1] != '{') return pos;
  const std::size_t close = text.find('}', pos + 2);
  return close == std::string_view::npos ? pos : close + 1;
}
// '*' or '?' outside policy variables.
[[nodiscard]] bool has_wildcard_outside_variables(std::string_view text);
// A complete "${...}" anywhere.
[[nodiscard]] bool has_variable(std::string_view text);
}  // namespace detail

}  // namespace iamsmith
