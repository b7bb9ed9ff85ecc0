#include "iamsmith/principal.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <utility>

#include "iamsmith/arn.hpp"
#include "iamsmith/partition.hpp"
#include "iamsmith/text.hpp"

namespace iamsmith {

namespace {

// The shared service-principal domain of the aws, aws-us-gov and aws-eusc partitions.
constexpr std::string_view kServiceDomain = "amazonaws.com";
// A few services outside AWS proper, such as Alexa (alexa-appkit.amazon.com,
// alexa-connectedhome.amazon.com), have principals in amazon.com.
constexpr std::string_view kAmazonDomain = "amazon.com";

// The web identity providers IAM accepts by name under "Federated".
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
constexpr std::array<std::string_view, 4> kWebIdentityProviders = {
    "cognito-identity.amazonaws.com", "accounts.google.com", "graph.facebook.com", "www.amazon.com"};

// Unique IDs that IAM puts in place of the ARN of a deleted user (AIDA) or role (AROA).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-prefixes
// Length limits are those of the RoleId / UserId fields of the IAM API (16 to 128).
constexpr std::array<std::string_view, 2> kUniqueIdPrefixes = {"AIDA", "AROA"};
constexpr std::size_t kUniqueIdMinLength = 16;
constexpr std::size_t kUniqueIdMaxLength = 128;

constexpr std::size_t kCanonicalUserLength = 64;

PrincipalInfo invalid(std::string problem) {
  PrincipalInfo info;
  info.form = PrincipalForm::Invalid;
  info.problem = std::move(problem);
  return info;
}

PrincipalInfo make(PrincipalForm form, std::string name) {
  PrincipalInfo info;
  info.form = form;
  info.name = std::move(name);
  return info;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_upper_or_digit(char c) {
  return (c >= 'A' && c <= 'Z') || is_digit(c);
}
bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// `host` ends with "." + `suffix` (a proper subdomain).
bool is_subdomain_of(std::string_view host, std::string_view suffix) {
  return host.size() > suffix.size() + 1 && host.substr(host.size() - suffix.size()) == suffix &&
         host[host.size() - suffix.size() - 1] == '.';
}

// "1234-5678-9012": an account ID written the way the console shows it.
bool is_hyphenated_account_id(std::string_view text) {
  std::string digits;
  for (const char c : text) {
    if (is_digit(c)) {
      digits += c;
    } else if (c != '-') {
      return false;
    }
  }
  return digits.size() == 12 && digits.size() != text.size();
}

bool is_unique_id(std::string_view text) {
  if (text.size() < kUniqueIdMinLength || text.size() > kUniqueIdMaxLength) return false;
  bool known_prefix = false;
  for (const std::string_view prefix : kUniqueIdPrefixes) known_prefix |= starts_with(text, prefix);
  if (!known_prefix) return false;
  for (const char c : text) {
    if (!is_upper_or_digit(c)) return false;
  }
  return true;
}

bool is_canonical_user_id(std::string_view text) {
  if (text.size() != kCanonicalUserLength) return false;
  for (const char c : text) {
    if (!is_hex(c)) return false;
  }
  return true;
}

bool is_web_identity_provider(std::string_view text) {
  const std::string lower = ascii_lower(text);
  for (const std::string_view provider : kWebIdentityProviders) {
    if (lower == provider) return true;
  }
  return false;
}

// Dot-separated labels of letters, digits and hyphens, at least two of them.
bool is_dns_name(std::string_view text) {
  if (text.empty() || text.front() == '.' || text.back() == '.') return false;
  bool dot = false;
  char previous = '\0';
  for (const char c : text) {
    const bool label_char = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '-';
    if (c == '.') {
      if (previous == '.') return false;
      dot = true;
    } else if (!label_char) {
      return false;
    }
    previous = c;
  }
  return dot;
}

// Which principal type a misplaced value belongs under, for the problem text.
std::string belongs_under(std::string_view value) {
  if (value == "*") return "\"*\" means everyone only as \"Principal\": \"*\" or under \"AWS\"";
  if (starts_with(value, "arn:")) {
    return "an ARN goes under \"AWS\" (or, for a SAML or OIDC provider, under \"Federated\")";
  }
  if (is_account_id(value) || is_unique_id(value)) return "an account or IAM ID goes under \"AWS\"";
  if (is_canonical_user_id(value)) return "a canonical user ID goes under \"CanonicalUser\"";
  if (is_web_identity_provider(value)) {
    return "a web identity provider goes under \"Federated\"";
  }
  if (is_dns_name(value)) return "a service principal goes under \"Service\"";
  return {};
}

std::string with_hint(std::string problem, std::string_view value) {
  const std::string hint = belongs_under(value);
  if (!hint.empty()) problem += "; " + hint;
  return problem;
}

std::string known_partition_list() {
  std::string out;
  for (const PartitionInfo& info : partitions()) {
    if (!out.empty()) out += ", ";
    out += info.id;
  }
  return out;
}

// The last segment of "path/to/Name" (IAM role and user names cannot contain '/').
std::string_view last_segment(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// An IAM or STS ARN naming a principal (any of them; the caller checks the type).
PrincipalInfo classify_principal_arn(std::string_view value) {
  const ArnResult parsed = parse_arn(value);
  if (!parsed) return invalid("not a valid ARN: " + std::string(arn_error_message(parsed.error())));
  const Arn& arn = parsed.value();
  // "You cannot use a wildcard to match part of a principal name or ARN."
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
  if (arn.has_wildcard()) {
    return invalid(
        "a principal ARN cannot contain wildcards; to match several principals, name the "
        "account and compare aws:PrincipalArn with ArnLike in a Condition");
  }
  if (arn.has_variable()) return invalid("a principal ARN cannot contain policy variables");
  if (find_partition(arn.partition) == nullptr) {
    return invalid("\"" + arn.partition + "\" is not an AWS partition (" + known_partition_list() + ")");
  }
  if (arn.service != "iam" && arn.service != "sts") {
    return invalid("only IAM and STS ARNs name principals; an \"" + arn.service + "\" ARN names a resource");
  }
  if (!arn.region.empty()) return invalid("IAM and STS principal ARNs have an empty region field");
  if (!is_account_id(arn.account)) {
    return invalid("the account field of a principal ARN must be a 12-digit account ID");
  }

  PrincipalInfo info;
  info.account = arn.account;
  info.partition = arn.partition;
  const std::string_view type = arn.resource_type();
  const std::string_view id = arn.resource_id();
  const bool sts = arn.service == "sts";
  if (!sts && type.empty() && id == "root") {
    info.form = PrincipalForm::AccountRoot;
    return info;
  }
  if (!sts && (type == "role" || type == "user")) {
    info.name = std::string(last_segment(id));
    if (info.name.empty()) return invalid("the " + std::string(type) + " name is empty");
    info.form = type == "role" ? PrincipalForm::Role : PrincipalForm::User;
    return info;
  }
  if (!sts && (type == "saml-provider" || type == "oidc-provider")) {
    if (id.empty()) return invalid("the identity provider name is empty");
    info.name = std::string(id);
    info.form = type == "saml-provider" ? PrincipalForm::SamlProvider : PrincipalForm::OidcProvider;
    return info;
  }
  if (!sts && type == "group") {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
    return invalid("a user group cannot be a principal; name its users or roles instead");
  }
  if (sts && type == "assumed-role") {
    const std::size_t slash = id.find('/');
    if (slash == std::string_view::npos || slash == 0 || slash + 1 == id.size()) {
      return invalid("an assumed-role ARN names the role and the session: assumed-role/ROLE/SESSION");
    }
    info.name = std::string(id.substr(0, slash));
    info.session = std::string(id.substr(slash + 1));
    info.form = PrincipalForm::AssumedRole;
    return info;
  }
  if (sts && type == "federated-user") {
    if (id.empty()) return invalid("the federated user name is empty");
    info.name = std::string(id);
    info.form = PrincipalForm::FederatedUser;
    return info;
  }
  if (sts) {
    return invalid("an STS principal ARN is assumed-role/ROLE/SESSION or federated-user/NAME");
  }
  return invalid(
      "an IAM principal ARN is root, role/NAME, user/NAME, saml-provider/NAME or "
      "oidc-provider/HOST");
}

PrincipalInfo classify_aws(std::string_view value) {
  if (value == "*") return make(PrincipalForm::Anyone, {});
  if (is_account_id(value)) {
    PrincipalInfo info = make(PrincipalForm::AccountId, {});
    info.account = std::string(value);
    return info;
  }
  if (is_hyphenated_account_id(value)) return invalid("write the account ID as 12 digits, without hyphens");
  if (is_unique_id(value)) return make(PrincipalForm::UniqueId, std::string(value));
  if (is_cloudfront_origin_access_identity(value)) {
    PrincipalInfo info = make(PrincipalForm::User, std::string(value.substr(value.rfind(' ') + 1)));
    info.partition = std::string(value.substr(4, value.find(':', 4) - 4));
    return info;
  }
  if (starts_with(value, "arn:")) {
    PrincipalInfo info = classify_principal_arn(value);
    switch (info.form) {
      case PrincipalForm::AccountRoot:
      case PrincipalForm::Role:
      case PrincipalForm::User:
      case PrincipalForm::AssumedRole:
      case PrincipalForm::FederatedUser:
      case PrincipalForm::Invalid: return info;
      case PrincipalForm::SamlProvider:
      case PrincipalForm::OidcProvider:
        return invalid("an identity provider goes under \"Federated\", not \"AWS\"");
      case PrincipalForm::Anyone:
      case PrincipalForm::AccountId:
      case PrincipalForm::ServicePrincipal:
      case PrincipalForm::CanonicalUser:
      case PrincipalForm::WebIdentityProvider:
      case PrincipalForm::UniqueId: break;
    }
    return invalid("not an AWS principal ARN");
  }
  if (detail::has_wildcard_outside_variables(value)) {
    return invalid("a principal cannot contain wildcards; \"*\" alone means everyone");
  }
  return invalid(
      with_hint("expected \"*\", a 12-digit account ID, or the ARN of an account root, role, user or "
                "role session",
                value));
}

// The partition whose own service-principal suffix ends `host` (longest first), if any.
const PartitionInfo* partition_of_service_suffix(std::string_view host, std::string_view& suffix) {
  const PartitionInfo* best = nullptr;
  for (const PartitionInfo& info : partitions()) {
    for (const std::string& candidate : info.service_principal_suffixes) {
      if (is_subdomain_of(host, candidate) && candidate.size() > suffix.size()) {
        best = &info;
        suffix = candidate;
      }
    }
  }
  return best;
}

// "states" + partition from "states.us-gov-west-1" (regional service principals,
// <service>.<region>.<domain>).
void split_service_and_region(std::string_view stem, PrincipalInfo& info) {
  const std::size_t dot = stem.rfind('.');
  if (dot != std::string_view::npos) {
    if (const PartitionInfo* owner = partition_of_region(stem.substr(dot + 1))) {
      if (!info.partition || *info.partition == owner->id) {
        info.partition = owner->id;
        info.name = std::string(stem.substr(0, dot));
        return;
      }
    }
  }
  info.name = std::string(stem);
}

PrincipalInfo classify_service(std::string_view value) {
  if (value == "*") {
    return invalid("\"*\" is not a service principal; " + belongs_under(value));
  }
  if (starts_with(value, "arn:")) {
    return invalid("an ARN is not a service principal; " + belongs_under(value));
  }
  if (detail::has_wildcard_outside_variables(value)) {
    return invalid("a service principal cannot contain wildcards; name the service exactly");
  }
  if (is_web_identity_provider(value)) {
    return invalid(std::string("\"").append(value).append("\" is a web identity provider, not a service; ") +
                   belongs_under(value));
  }
  if (!is_dns_name(value)) {
    return invalid(with_hint("expected a service principal such as states.amazonaws.com", value));
  }

  const std::string host = ascii_lower(value);
  PrincipalInfo info;
  info.form = PrincipalForm::ServicePrincipal;
  // <service>.amazonaws.com is valid in several partitions (aws, aws-us-gov, aws-eusc, and for
  // most services aws-cn), so it does not determine one; a region label can.
  if (is_subdomain_of(host, kServiceDomain)) {
    split_service_and_region(std::string_view(host).substr(0, host.size() - kServiceDomain.size() - 1), info);
    return info;
  }
  std::string_view suffix;
  if (const PartitionInfo* owner = partition_of_service_suffix(host, suffix)) {
    info.partition = owner->id;
    split_service_and_region(std::string_view(host).substr(0, host.size() - suffix.size() - 1), info);
    return info;
  }
  // An endpoint domain that is not a service-principal domain (amazonaws.eu: IAM rejected
  // "ec2.amazonaws.eu", pulumi/pulumi-eks#2341).
  for (const PartitionInfo& partition : partitions()) {
    if (is_subdomain_of(host, partition.dns_suffix)) {
      return invalid("service principals in " + partition.id + " do not end in " + partition.dns_suffix +
                     " (its endpoint domain); use <service>." + std::string(kServiceDomain));
    }
  }
  if (is_subdomain_of(host, kAmazonDomain)) {
    info.name = host.substr(0, host.size() - kAmazonDomain.size() - 1);
    return info;
  }
  return invalid(std::string("\"").append(value).append(
      "\" is not an AWS service principal (expected e.g. states.amazonaws.com)"));
}

PrincipalInfo classify_federated(std::string_view value) {
  if (is_web_identity_provider(value)) {
    return make(PrincipalForm::WebIdentityProvider, ascii_lower(value));
  }
  if (starts_with(value, "arn:")) {
    PrincipalInfo info = classify_principal_arn(value);
    switch (info.form) {
      case PrincipalForm::SamlProvider:
      case PrincipalForm::OidcProvider:
      case PrincipalForm::Invalid: return info;
      case PrincipalForm::AccountRoot:
      case PrincipalForm::Role:
      case PrincipalForm::User:
      case PrincipalForm::AssumedRole:
      case PrincipalForm::FederatedUser:
        return invalid("\"Federated\" takes identity providers; a " +
                       std::string(principal_form_name(info.form)) + " ARN goes under \"AWS\"");
      case PrincipalForm::Anyone:
      case PrincipalForm::AccountId:
      case PrincipalForm::ServicePrincipal:
      case PrincipalForm::CanonicalUser:
      case PrincipalForm::WebIdentityProvider:
      case PrincipalForm::UniqueId: break;
    }
    return invalid("not an identity provider ARN");
  }
  return invalid(
      with_hint("expected the ARN of a SAML or OIDC provider, or cognito-identity.amazonaws.com, "
                "accounts.google.com, graph.facebook.com or www.amazon.com",
                value));
}

PrincipalInfo classify_canonical_user(std::string_view value) {
  if (is_canonical_user_id(value)) return make(PrincipalForm::CanonicalUser, std::string(value));
  return invalid(with_hint("a canonical user ID is 64 hexadecimal digits", value));
}

}  // namespace

std::string_view principal_form_name(PrincipalForm form) {
  switch (form) {
    case PrincipalForm::Anyone: return "anyone";
    case PrincipalForm::AccountId: return "account ID";
    case PrincipalForm::AccountRoot: return "account root";
    case PrincipalForm::Role: return "role";
    case PrincipalForm::User: return "user";
    case PrincipalForm::AssumedRole: return "assumed-role session";
    case PrincipalForm::FederatedUser: return "federated user";
    case PrincipalForm::ServicePrincipal: return "service principal";
    case PrincipalForm::CanonicalUser: return "canonical user";
    case PrincipalForm::SamlProvider: return "SAML provider";
    case PrincipalForm::OidcProvider: return "OIDC provider";
    case PrincipalForm::WebIdentityProvider: return "web identity provider";
    case PrincipalForm::UniqueId: return "unique ID";
    case PrincipalForm::Invalid: return "invalid principal";
  }
  return "principal";
}

bool is_cloudfront_origin_access_identity(std::string_view value) {
  constexpr std::string_view kForm = ":iam::cloudfront:user/CloudFront Origin Access Identity ";
  if (!starts_with(value, "arn:")) return false;
  const std::size_t colon = value.find(':', 4);
  if (colon == std::string_view::npos || find_partition(value.substr(4, colon - 4)) == nullptr) return false;
  const std::string_view rest = value.substr(colon);
  if (!starts_with(rest, kForm) || rest.size() == kForm.size()) return false;
  const std::string_view id = rest.substr(kForm.size());
  return std::all_of(id.begin(), id.end(), is_upper_or_digit);
}

PrincipalInfo classify_principal(PrincipalType type, std::string_view value) {
  if (value.empty()) return invalid("the principal is empty");
  switch (type) {
    case PrincipalType::Aws: return classify_aws(value);
    case PrincipalType::Service: return classify_service(value);
    case PrincipalType::Federated: return classify_federated(value);
    case PrincipalType::CanonicalUser: return classify_canonical_user(value);
    case PrincipalType::Unknown:
      return invalid(
          "the principal type is not one IAM defines (AWS, Service, Federated, "
          "CanonicalUser)");
  }
  return invalid("unknown principal type");
}

}  // namespace iamsmith
