#pragma once
// What a value inside a Principal / NotPrincipal element names, given the type it is listed
// under ("AWS", "Service", "Federated", "CanonicalUser").
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html

#include <optional>
#include <string>
#include <string_view>

#include "iamsmith/policy.hpp"

namespace iamsmith {

enum class PrincipalForm {
  Anyone,               // "*" under "AWS"
  AccountId,            // "123456789012"
  AccountRoot,          // arn:P:iam::ACCOUNT:root
  Role,                 // arn:P:iam::ACCOUNT:role/[path/]NAME
  User,                 // arn:P:iam::ACCOUNT:user/[path/]NAME
  AssumedRole,          // arn:P:sts::ACCOUNT:assumed-role/ROLE/SESSION
  FederatedUser,        // arn:P:sts::ACCOUNT:federated-user/NAME
  ServicePrincipal,     // states.amazonaws.com
  CanonicalUser,        // 64 hexadecimal digits (Amazon S3 canonical user ID)
  SamlProvider,         // arn:P:iam::ACCOUNT:saml-provider/NAME
  OidcProvider,         // arn:P:iam::ACCOUNT:oidc-provider/HOST[/PATH]
  WebIdentityProvider,  // cognito-identity.amazonaws.com, accounts.google.com, ...
  UniqueId,             // AROA... / AIDA...: what IAM shows once the role or user is deleted
  Invalid,
};

// "anyone", "account ID", "role", ... for messages.
[[nodiscard]] std::string_view principal_form_name(PrincipalForm form);

struct PrincipalInfo {
  PrincipalForm form = PrincipalForm::Invalid;
  std::string account;                   // the 12-digit account, when the value names one
  std::optional<std::string> partition;  // when the value determines a single partition
  // Role or user name (without path), the role of an assumed-role session, the federated
  // user, the service ("states" for states.amazonaws.com), the SAML provider name, the OIDC
  // provider host and path, the web identity provider, the unique ID or canonical user ID.
  std::string name;
  std::string session;  // AssumedRole: the session name
  std::string problem;  // Invalid: why, in plain English
};

// Never throws for bad input. The type decides which forms are allowed: an ARN under
// "Service" or a service name under "AWS" is Invalid, with a problem naming the right type.
// A value under PrincipalType::Unknown is always Invalid.
[[nodiscard]] PrincipalInfo classify_principal(PrincipalType type, std::string_view value);

// "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHEXAMPLE": the principal
// form of a CloudFront origin access identity, whose account field is "cloudfront" rather than
// an account ID. classify_principal reads it as a User (name: the identity's ID, account empty).
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html
[[nodiscard]] bool is_cloudfront_origin_access_identity(std::string_view value);

}  // namespace iamsmith
