#pragma once
// The IAM evaluator: given one request and the policies in play, decides explicit deny, allow
// or implicit deny, and says which statements decided and why every other statement did not
// apply. No I/O.
//
// Semantics follow AWS's "Policy evaluation logic" pages:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
//
// The decision, in order:
//  1. an applicable Deny in any policy: ExplicitDeny;
//  2. no resource-side policy given: Allow when an identity policy allows (a partial
//     evaluation of the identity side; the summary says so);
//  3. cross-account (principal and resource accounts differ): both sides must allow;
//  4. same account: the resource side must allow for role-assumption actions (trust policy)
//     and kms:* (key policy); a resource-side Allow that names the principal (or "*") suffices
//     on its own, one that names only the principal's account needs an identity Allow too;
//     otherwise an identity Allow suffices.
// Not modelled: permissions boundaries, session policies, SCPs/RCPs, VPC endpoint policies.
//
// Decisions where AWS's pages are silent (each noted where it is implemented):
//  - a single-valued operator on a key with two or more values is false (the multivalued-keys
//    page: "Multivalued context keys require a condition set operator");
//  - a condition value that cannot be compared (not a number, date, ...; a policy variable
//    without a value) never matches, and makes a negated operator false;
//  - a NotResource value with a policy variable that has no value makes the statement take
//    no part ("a variable AWS cannot resolve may make the entire statement invalid");
//  - NotPrincipal exempts a principal only when it, its account and (for a role session) its
//    role are all listed, each exactly (the NotPrincipal page's examples).

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "iamsmith/policy.hpp"
#include "iamsmith/source.hpp"

namespace iamsmith::eval {

// One request context key with its value(s). Key names are case-insensitive; a key given
// several values is multi-valued (aws:TagKeys, aws:CalledVia).
struct ContextEntry {
  std::string key;
  std::vector<std::string> values;
};

struct Request {
  std::string principal;  // ARN of the caller: a role, an assumed-role session, a user, an account root
  std::string action;     // "s3:GetObject"
  std::string resource;   // the resource ARN ("*" for actions without resource-level permissions)
  std::vector<ContextEntry> context;
  // The account that owns the resource. When absent, taken from the resource ARN's account
  // field, or (for ARNs without one, like S3 buckets) assumed to be the principal's account.
  std::optional<std::string> resource_account;

  // The values of `key` (case-insensitive), or null when the key is absent from the context.
  // A key present with no values is an empty set (ForAllValues holds, Null "false" fails).
  [[nodiscard]] const std::vector<std::string>* find(std::string_view key) const;
};

// Adds the keys AWS puts in every authenticated request's context and that follow from the
// principal ARN alone, unless the context already has them: aws:PrincipalArn (for a role
// session, the role's ARN, without its path, which the session ARN does not carry),
// aws:PrincipalAccount, aws:PrincipalType ("Account", "User", "AssumedRole", "FederatedUser")
// and, for IAM users, aws:username. Returns the keys it added. evaluate() never calls it: a
// caller that wants the request exactly as given does not.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
std::vector<std::string> add_principal_context(Request& request);

// Which side of the evaluation a policy is on.
enum class PolicySide {
  Identity,  // identity-based policies of the principal (user, role)
  Resource,  // the resource's policy; a role's trust policy is the resource policy of sts:AssumeRole
};
[[nodiscard]] std::string_view policy_side_name(PolicySide side);  // "identity", "resource"

struct PolicyInput {
  const Policy* policy = nullptr;
  PolicySide side = PolicySide::Identity;
  std::string file;  // for messages: where the policy came from
};

enum class Decision { Allow, ExplicitDeny, ImplicitDeny };
[[nodiscard]] std::string_view decision_name(Decision decision);  // "allow", "explicit-deny", "implicit-deny"

// Why a statement did not apply to the request: the first element that failed to match, in
// the order Action/NotAction, Resource/NotResource, Principal/NotPrincipal, Condition. None
// for a statement that applies, and for one that cannot take part at all (an Effect other
// than "Allow" or "Deny"; the explanation says so).
enum class MissReason { None, Action, NotAction, Resource, NotResource, Principal, NotPrincipal, Condition };
[[nodiscard]] std::string_view miss_reason_name(MissReason reason);  // "action", "condition", ...

// A condition that failed (or, for a statement that applied, was satisfied).
struct ConditionTrace {
  std::string op;                          // "StringEquals", "ForAnyValue:StringLike", ...
  std::string key;                         // as written in the policy
  std::vector<std::string> policy_values;  // after policy-variable substitution
  // Points into the Request's context (keep the Request alive); null when the key was absent.
  const std::vector<std::string>* request_values = nullptr;
  bool satisfied = false;
  std::string explanation;  // "sts:ExternalId is \"x\" but the policy requires \"y\""
  SourceSpan span;          // the condition entry in the policy
};

struct StatementTrace {
  std::size_t policy_index = 0;     // into the PolicyInput span
  std::size_t statement_index = 0;  // within the policy
  std::string sid;
  bool is_allow = false;
  bool applies = false;  // every element matched: the statement takes part in the decision
  MissReason reason = MissReason::None;
  std::string explanation;  // why it applies or not, one sentence naming the element and value
  SourceSpan span;  // the element that decided (the Action value, the condition, ...), or the statement
  std::vector<ConditionTrace> conditions;
};

struct Evaluation {
  Decision decision = Decision::ImplicitDeny;
  bool cross_account = false;
  bool identity_allows = false;  // some applicable Allow on the identity side
  bool resource_allows = false;  // some applicable Allow on the resource side
  // The resource side allows only through statements that name the principal's account (an
  // account ID or arn:...:root), not the principal itself: the account then delegates through
  // identity policies, so the identity side must allow too, even within one account.
  bool resource_allows_account_only = false;
  bool has_resource_policy = false;        // some input is on the resource side
  std::string principal_account;           // from the principal ARN; empty when it names none
  std::string resource_account;            // Request::resource_account, or as derived from the resource
  std::vector<StatementTrace> statements;  // every statement of every policy, in input order
  // Indices into `statements` of the statements that decided: the applicable Denies for an
  // explicit deny, the applicable Allows for an allow; empty for an implicit deny.
  std::vector<std::size_t> deciding;
  std::string summary;  // one line: the decision and the reason for it
};

[[nodiscard]] Evaluation evaluate(const Request& request, std::span<const PolicyInput> policies);

// Replaces policy variables in `text` (${aws:username}, ${aws:PrincipalTag/x}, ${*}, ${?},
// ${$}, ${key, 'default'}) with values from the request. Returns nullopt when a variable has
// no value and no default: AWS then treats the element as not matching.
[[nodiscard]] std::optional<std::string> substitute_variables(std::string_view text, const Request& request);

// JSON rendering of an evaluation for `simulate --format json` and verify.
[[nodiscard]] std::string evaluation_to_json(const Evaluation& evaluation,
                                             std::span<const PolicyInput> policies);

}  // namespace iamsmith::eval
