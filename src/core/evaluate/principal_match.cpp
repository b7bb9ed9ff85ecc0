// Which request principals a Principal element value names.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html

#include "iamsmith/text.hpp"
#include "internal.hpp"

namespace iamsmith::eval::detail {

RequestPrincipal classify_request_principal(std::string_view text) {
  RequestPrincipal out;
  out.text = std::string(text);
  for (PrincipalType type :
       {PrincipalType::Aws, PrincipalType::Service, PrincipalType::Federated, PrincipalType::CanonicalUser}) {
    PrincipalInfo info = classify_principal(type, text);
    if (info.form != PrincipalForm::Invalid) {
      out.info = std::move(info);
      out.type = type;
      return out;
    }
  }
  out.info = classify_principal(PrincipalType::Aws, text);
  out.type = PrincipalType::Aws;
  return out;
}

namespace {

bool same_partition(const PrincipalInfo& a, const PrincipalInfo& b) {
  return !a.partition || !b.partition || *a.partition == *b.partition;
}

bool is_account_itself(const PrincipalInfo& info) {
  return info.form == PrincipalForm::AccountRoot || info.form == PrincipalForm::AccountId;
}

}  // namespace

PrincipalMatch match_principal_value(const RequestPrincipal& who, PrincipalType type,
                                     std::string_view value) {
  if (type == PrincipalType::Aws && value == "*") return PrincipalMatch::Direct;
  if (type != who.type) return PrincipalMatch::None;
  switch (type) {
    case PrincipalType::Aws: break;
    case PrincipalType::Service:
      // Service principals are DNS names, which ignore case.
      return ci_equals(value, who.text) ? PrincipalMatch::Direct : PrincipalMatch::None;
    case PrincipalType::Federated:
    case PrincipalType::CanonicalUser:
      return value == who.text ? PrincipalMatch::Direct : PrincipalMatch::None;
    case PrincipalType::Unknown: return PrincipalMatch::None;
  }
  const PrincipalInfo named = classify_principal(PrincipalType::Aws, value);
  const PrincipalInfo& me = who.info;
  switch (named.form) {
    case PrincipalForm::Anyone: return PrincipalMatch::Direct;
    case PrincipalForm::AccountId:
    case PrincipalForm::AccountRoot:
      // "When you specify an AWS account ... you grant access to all identities in that account"
      // (the account's administrator then delegates through identity policies).
      if (me.account.empty() || me.account != named.account || !same_partition(me, named))
        return PrincipalMatch::None;
      return is_account_itself(me) ? PrincipalMatch::Direct : PrincipalMatch::Account;
    case PrincipalForm::Role:
      if (me.form == PrincipalForm::Role)
        return value == who.text ? PrincipalMatch::Direct : PrincipalMatch::None;
      // A role ARN also names every session of the role: the assumed-role ARN carries the role
      // name without its path ("Role sessions" / "IAM roles" on the Principal page).
      if (me.form == PrincipalForm::AssumedRole && me.account == named.account && me.name == named.name &&
          same_partition(me, named)) {
        return PrincipalMatch::Direct;
      }
      return PrincipalMatch::None;
    case PrincipalForm::User:
    case PrincipalForm::AssumedRole:
    case PrincipalForm::FederatedUser:
    case PrincipalForm::UniqueId: return value == who.text ? PrincipalMatch::Direct : PrincipalMatch::None;
    case PrincipalForm::ServicePrincipal:
    case PrincipalForm::CanonicalUser:
    case PrincipalForm::SamlProvider:
    case PrincipalForm::OidcProvider:
    case PrincipalForm::WebIdentityProvider:
    case PrincipalForm::Invalid:
      // Includes ARNs with wildcards: "You cannot use a wildcard to match part of a principal
      // name or ARN", so such a value matches nobody.
      return PrincipalMatch::None;
  }
  return PrincipalMatch::None;
}

}  // namespace iamsmith::eval::detail
