#pragma once
// Helpers of D004 (a statement none of whose actions fits its resources) and D006 (an action that
// fits none of its statement's resources): Resource values as patterns against the ARN formats of
// the resource types each action acts on (Service Authorization Reference, "Resource types").
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "arn_helpers.hpp"
#include "d_helpers.hpp"

namespace iamsmith::rules::resource_types {

[[nodiscard]] inline bool looks_like_arn(std::string_view text) {
  return text.size() >= 4 && ci_equals(text.substr(0, 4), "arn:");
}

// The ARN as tokens, with a literal region or account field standing for any field: a region or
// account in the wrong place is A005's finding, and this rule compares the service and the
// resource part. The stand-ins never match ':' or '/', so they cannot swallow the resource part;
// a '*' written in those fields keeps IAM's meaning (it may run across the colons).
[[nodiscard]] inline std::vector<d::Token> resource_tokens(std::string_view text) {
  const arns::ArnFields f = arns::split_fields(text);
  if (f.count < 6) return d::policy_tokens(text);
  std::vector<d::Token> out;
  out.reserve(text.size());
  for (const std::size_t i : {std::size_t{0}, std::size_t{1}, std::size_t{2}}) {
    d::append_policy_tokens(out, f.field[i]);
    out.push_back({d::TokenKind::Literal, ':'});
  }
  for (const std::size_t i : {std::size_t{3}, std::size_t{4}}) {
    if (arns::is_pattern(f.field[i])) {
      d::append_policy_tokens(out, f.field[i]);
    } else {
      out.push_back({d::TokenKind::Segment, 0});
    }
    out.push_back({d::TokenKind::Literal, ':'});
  }
  d::append_policy_tokens(out, f.field[5]);
  return out;
}

// "s3:GetObject acts on object (arn:${Partition}:s3:::${BucketName}/${ObjectName}) or
// accesspointobject (...)".
[[nodiscard]] inline std::string accepted_types(const iamdata::Action& action) {
  std::vector<std::string> types;
  for (const iamdata::ActionResource& r : action.resources) {
    if (r.type == nullptr) continue;
    std::string text(r.type->name);
    if (!r.type->arn_formats.empty()) text += " (" + std::string(r.type->arn_formats.front()) + ")";
    types.push_back(std::move(text));
  }
  std::string out = action.full_name() + " acts on ";
  for (std::size_t i = 0; i < types.size() && i < 3; ++i) {
    if (i > 0) out += (i + 1 == types.size() || i == 2) ? " or " : ", ";
    out += types[i];
  }
  if (types.size() > 3) out += " (and " + std::to_string(types.size() - 3) + " more types)";
  return out;
}

// Whether some Resource value can name a resource of a type `action` acts on.
[[nodiscard]] inline bool fits_some(const iamdata::Action& action, const std::vector<std::vector<d::Token>>& resources) {
  return std::any_of(action.resources.begin(), action.resources.end(), [&](const iamdata::ActionResource& r) {
    return r.type != nullptr && std::any_of(resources.begin(), resources.end(), [&](const std::vector<d::Token>& t) {
             return d::resource_fits_type(t, *r.type);
           });
  });
}

// The statement's Resource values as patterns, or nullopt when the statement cannot be judged:
// NotResource (it names what is left out), no Resource, or a value that is not an ARN ("*" fits
// everything; a value that is not an ARN at all is A001's finding).
[[nodiscard]] inline std::optional<std::vector<std::vector<d::Token>>> statement_resources(const Statement& st) {
  if (!st.resource || st.resource->empty() || st.not_resource) return std::nullopt;
  std::vector<std::vector<d::Token>> out;
  for (const Scalar& resource : *st.resource) {
    if (resource.type != json::Type::String || !looks_like_arn(resource.text)) return std::nullopt;
    out.push_back(resource_tokens(resource.text));
  }
  return out;
}

}  // namespace iamsmith::rules::resource_types
