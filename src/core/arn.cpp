#include "iamsmith/arn.hpp"

#include <array>
#include <cstring>

namespace iamsmith {

namespace detail {

bool has_wildcard_outside_variables(std::string_view text) {
  // Most values hold no variable: then the answer is whether '*' or '?' occurs, which two memchr
  // scans over the whole text tell faster than a loop over its characters. (find_first_of("*?$")
  // would be slower: libstdc++ calls memchr over the set for each character.)
  if (text.empty()) return false;
  if (std::memchr(text.data(), '$', text.size()) == nullptr) {
    return std::memchr(text.data(), '*', text.size()) != nullptr ||
           std::memchr(text.data(), '?', text.size()) != nullptr;
  }
  // skip_variable is asked only at a '$', not at every character.
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '*' || c == '?') return true;
    if (c == '$') {
      const std::size_t after = skip_variable(text, i);
      if (after != i) i = after - 1;  // the loop steps past the closing '}'
    }
  }
  return false;
}

bool has_variable(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (skip_variable(text, i) != i) return true;
  }
  return false;
}

}  // namespace detail

namespace {

constexpr std::string_view kPrefix = "arn:";
constexpr std::size_t kFieldCount = 6;  // "arn" plus five: partition, service, region, account, resource

bool is_lower_alnum_or_hyphen(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// True when every character outside policy variables and wildcards satisfies `allowed`.
template <class Predicate>
bool literal_characters_are(std::string_view field, Predicate allowed) {
  std::size_t i = 0;
  while (i < field.size()) {
    const std::size_t after = detail::skip_variable(field, i);
    if (after != i) {
      i = after;
      continue;
    }
    const char c = field[i];
    if (c != '*' && c != '?' && !allowed(c)) return false;
    ++i;
  }
  return true;
}

bool is_pattern(std::string_view field) {
  return detail::has_wildcard_outside_variables(field) || detail::has_variable(field);
}

// Empty (S3, IAM resources), twelve digits, an AWS-owned namespace, or a pattern whose
// literal characters are digits ("*", "${aws:PrincipalAccount}", "1234*"). The namespaces:
// "aws" for AWS managed policies (arn:aws:iam::aws:policy/ReadOnlyAccess) and other AWS-owned
// resources; "partner" for the permissions boundaries of AWS Partner temporary delegation
// (arn:aws:iam::partner:policy/permissions-boundary/..., used by AWS's own managed policy
// AccountManagementFromVercel).
bool valid_account(std::string_view account) {
  if (account.empty() || account == "aws" || account == "partner" || is_account_id(account)) {
    return true;
  }
  return is_pattern(account) && literal_characters_are(account, is_digit);
}

// Position of the first '/' or ':' outside a policy variable, or npos.
std::size_t resource_separator(std::string_view resource) {
  std::size_t i = 0;
  while (i < resource.size()) {
    const std::size_t after = detail::skip_variable(resource, i);
    if (after != i) {
      i = after;
      continue;
    }
    if (resource[i] == '/' || resource[i] == ':') return i;
    ++i;
  }
  return std::string_view::npos;
}

}  // namespace

std::string_view arn_error_message(ArnError error) {
  switch (error) {
    case ArnError::MissingPrefix: return "an ARN starts with \"arn:\"";
    case ArnError::TooFewFields:
      return "an ARN has six colon-separated fields: arn:partition:service:region:account:resource";
    case ArnError::EmptyPartition:
      return "the partition field is empty (expected e.g. \"aws\" or \"aws-cn\")";
    case ArnError::InvalidPartition:
      return "the partition may contain only lower-case letters, digits and hyphens "
             "(e.g. \"aws\", \"aws-us-gov\")";
    case ArnError::EmptyService:
      return "the service field is empty (expected a service namespace such as \"s3\")";
    case ArnError::InvalidService:
      return "the service namespace may contain only lower-case letters, digits and hyphens";
    case ArnError::InvalidRegion:
      return "the region must be empty or a region code of lower-case letters, digits and "
             "hyphens (e.g. \"us-east-1\")";
    case ArnError::InvalidAccount:
      return "the account must be empty, a 12-digit account ID, or \"aws\" (AWS managed "
             "policies)";
  }
  return "unknown ARN error";
}

bool is_account_id(std::string_view text) {
  if (text.size() != 12) return false;
  for (const char c : text) {
    if (!is_digit(c)) return false;
  }
  return true;
}

ArnResult parse_arn(std::string_view text) {
  if (text.substr(0, kPrefix.size()) != kPrefix) return ArnError::MissingPrefix;
  const std::string_view body = text.substr(kPrefix.size());

  // Split at the first four ':' outside variables; the rest is the resource.
  std::array<std::string_view, kFieldCount - 1> fields{};
  std::size_t count = 0;
  std::size_t start = 0;
  std::size_t i = 0;
  while (i < body.size() && count < fields.size() - 1) {
    const std::size_t after = detail::skip_variable(body, i);
    if (after != i) {
      i = after;
      continue;
    }
    if (body[i] == ':') {
      fields[count++] = body.substr(start, i - start);
      start = i + 1;
    }
    ++i;
  }
  fields[count++] = body.substr(start);

  Arn arn;
  arn.field_count = count + 1;
  if (count < fields.size()) {
    // IAM lets a '*' at the end of a segment match across the following colons
    // ("If the * wildcard is the last character of a resource ARN segment, it can expand to
    // match beyond the colon boundaries",
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html),
    // and it accepts abbreviated resources such as "arn:aws:ec2:*". We accept an ARN with
    // fewer than six fields when its last field ends in '*', and fill the missing fields
    // with "*", which is what that '*' matches. Without the trailing '*' it is an error.
    const std::string_view last = fields[count - 1];
    if (last.empty() || last.back() != '*') return ArnError::TooFewFields;
    for (std::size_t k = count; k < fields.size(); ++k) fields[k] = "*";
  }

  const std::string_view partition = fields[0];
  const std::string_view service = fields[1];
  const std::string_view region = fields[2];
  const std::string_view account = fields[3];
  const std::string_view resource = fields[4];

  if (partition.empty()) return ArnError::EmptyPartition;
  if (!literal_characters_are(partition, is_lower_alnum_or_hyphen)) {
    return ArnError::InvalidPartition;
  }
  // IAM does not allow a wildcard in the service segment (same page as above), but that is a
  // finding for the linter, not a reason to refuse to read the ARN.
  if (service.empty()) return ArnError::EmptyService;
  if (!literal_characters_are(service, is_lower_alnum_or_hyphen)) return ArnError::InvalidService;
  if (!literal_characters_are(region, is_lower_alnum_or_hyphen)) return ArnError::InvalidRegion;
  if (!valid_account(account)) return ArnError::InvalidAccount;

  arn.partition = std::string(partition);
  arn.service = std::string(service);
  arn.region = std::string(region);
  arn.account = std::string(account);
  arn.resource = std::string(resource);
  return arn;
}

std::string_view Arn::resource_type() const {
  const std::size_t sep = resource_separator(resource);
  if (sep == std::string_view::npos) return {};
  return std::string_view(resource).substr(0, sep);
}

std::string_view Arn::resource_id() const {
  const std::size_t sep = resource_separator(resource);
  if (sep == std::string_view::npos) return resource;
  return std::string_view(resource).substr(sep + 1);
}

bool Arn::has_wildcard() const {
  return detail::has_wildcard_outside_variables(partition) ||
         detail::has_wildcard_outside_variables(service) || detail::has_wildcard_outside_variables(region) ||
         detail::has_wildcard_outside_variables(account) || detail::has_wildcard_outside_variables(resource);
}

bool Arn::has_variable() const {
  return detail::has_variable(partition) || detail::has_variable(service) || detail::has_variable(region) ||
         detail::has_variable(account) || detail::has_variable(resource);
}

std::string Arn::to_string() const {
  const std::array<const std::string*, kFieldCount - 1> parts{&partition, &service, &region, &account,
                                                              &resource};
  std::string out(kPrefix);
  const std::size_t written = field_count < 2 ? 1 : field_count - 1;
  for (std::size_t k = 0; k < written && k < parts.size(); ++k) {
    if (k > 0) out += ':';
    out += *parts[k];
  }
  return out;
}

}  // namespace iamsmith
