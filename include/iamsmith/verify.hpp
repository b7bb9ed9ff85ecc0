#pragma once
// iamsmith verify: proves, offline and before deploy, that every cross-account Task of a state
// machine can make its call, or names the link of the chain that breaks and why.
//
// A Task with Credentials works only if four links agree
// (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html):
//   1. assume-role: the execution role's policy allows sts:AssumeRole on the Task's role (S003);
//   2. trust: the target role's trust policy lets the execution role in, with sts:ExternalId =
//      the state machine ARN, which Step Functions sends (S006 principal, S001 ExternalId, X001
//      a principal of another partition);
//   3. permissions: the target role's policy allows each request the Task sends, derived by the
//      Step Functions layer exactly as for `iamsmith generate` (sfn::derive_calls) (S004);
//   4. partition: the state machine, both roles and the resources share one partition (S007).
// Links 1 to 3 are decided by the IAM evaluator (iamsmith/evaluate.hpp), each on the side its
// policy is on: the assume-role and permissions policies as the identity side, the trust policy
// as the resource side of sts:AssumeRole. The requests carry what Step Functions sends:
// sts:ExternalId (the state machine ARN), aws:PrincipalArn and aws:PrincipalAccount. A call to a
// resource in another account than the target role would also need that resource's own policy,
// which verify does not read: the permissions link judges the role's side. No I/O here.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "iamsmith/diagnostic.hpp"
#include "iamsmith/load.hpp"
#include "iamsmith/policy.hpp"
#include "iamsmith/rule.hpp"
#include "iamsmith/report.hpp"
#include "iamsmith/sfn.hpp"
#include "iamsmith/source.hpp"

namespace iamsmith::verify {

// Which of a role's policies a file is: the words of generate's manifest.json ("purpose").
using Purpose = sfn::Purpose;
using sfn::purpose_from_name;
using sfn::purpose_name;

// One policy file, read, and the role it belongs to.
struct PolicyFile {
  std::string role_arn;
  Purpose purpose = Purpose::Trust;
  std::size_t input = sfn::kNoInput;  // into the caller's inputs: for positions in messages
  const LoadedPolicy* loaded = nullptr;
};

// The links of a Task's chain are the catalogue's (Rule::verified_link); a Link is never None.
using LinkKind = ChainLink;

enum class LinkStatus { Satisfied, Broken };

// One link of one Task's chain: who asks for what, and what decides it.
struct Link {
  LinkKind kind = LinkKind::AssumeRole;
  LinkStatus status = LinkStatus::Broken;
  std::string principal;  // who makes the request (a role ARN)
  std::string action;     // "sts:AssumeRole", "lambda:InvokeFunction"; empty for the partition link
  std::string resource;   // the role or resource ARN
  std::size_t input = sfn::kNoInput;  // the policy that decides (or should allow it); kNoInput: none
  SourceSpan span;         // satisfied: the deciding statement; broken: where to fix
  std::string statement;   // satisfied: the deciding statement's Sid, or "#N" (0-based) without one
  std::string reason;      // the evaluator's one-line summary, or why the link holds / breaks
  std::optional<Diagnostic> finding;  // broken: rule, message, notes "why: ..." and "fix: ..."
};

// The chain of one Task with Credentials (or one target of a spec).
struct Chain {
  std::string who;  // "state 'Cross-account call'" or "target 0"
  std::string state_machine_arn;
  std::string execution_role_arn;
  std::string role_arn;
  std::vector<Link> links;  // in chain order

  [[nodiscard]] bool ok() const;
};

struct Report {
  std::vector<Chain> chains;
  // The derivation's findings (S005 dynamic role, unknown integrations, S009 cross-Region, ...,
  // as `generate` reports them; S007 and G005 go to the partition link) and the setup's.
  std::vector<sfn::Finding> findings;

  [[nodiscard]] bool ok() const;  // every link satisfied, no error finding
};

// Verifies every Task with Credentials (and every spec target) of `setups` against `policies`.
// Each Task's calls are derived by the Step Functions layer (sfn::derive_calls on the Task
// alone), the same derivation `iamsmith generate` grants from; no policy text is generated.
[[nodiscard]] Report verify(const std::vector<sfn::Setup>& setups, std::span<const PolicyFile> policies,
                            const sfn::Options& options, const sfn::IntegrationTable& table);

// ---------------------------------------------------------------------------------------------
// One link alone: what `verify` runs for each link, and what the catalogue test runs on the
// examples of the chain rules (S001, S003, S004, S006).

struct LinkRequest {
  std::string state_machine_arn;
  std::string execution_role_arn;
  std::string role_arn;  // the target role
  std::string action;    // the permissions link: the IAM action of the call
  std::string resource;  // the permissions link: the resource it calls
  // The permissions link: condition values the call carries (sfn::Request::context, e.g.
  // states:HTTPEndpoint), as key and value.
  std::vector<std::pair<std::string, std::string>> context;
  // A statement that would grant the link, for the fix note (sfn::trust_statement,
  // sfn::assume_statement, sfn::grant_statement: what generate writes); may be absent.
  std::optional<Statement> grant;
};

// Checks one link (AssumeRole, Trust or Permissions) of `request` against `policy`.
[[nodiscard]] Link check_link(LinkKind kind, const LinkRequest& request, const Policy& policy,
                              std::size_t input = sfn::kNoInput);

// The request a chain rule's examples stand for (its example_context), and the link its
// examples are the policy of (Rule::verified_link); nullopt for a rule whose verified_link is None.
[[nodiscard]] std::optional<LinkRequest> example_request(const Rule& rule);

// ---------------------------------------------------------------------------------------------
// Rendering. `inputs` are the files links and findings point into (sfn::Input: path and text).

// Compiler-style: a broken link as `file:line:col: error[S003 assume-not-granted] ...` with the
// source line and notes (why, fix); a satisfied link as "ok" with what grants it.
// With `colour`, the findings in ANSI colours as lint writes them.
[[nodiscard]] std::string render_text(const Report& report, std::span<const sfn::Input> inputs, bool colour = false);
// {"schemaVersion": 1, "ok", "chains", "findings", "summary"} (docs/json-output.md).
[[nodiscard]] std::string render_json(const Report& report, std::span<const sfn::Input> inputs);
// SARIF 2.1.0: the broken links and findings, with the rule catalogue's metadata
// (automation id "iamsmith/verify/" unless `options` says otherwise).
[[nodiscard]] std::string render_sarif(const Report& report, std::span<const sfn::Input> inputs,
                                       SarifOptions options = {});
// GitHub Actions workflow commands for the broken links and findings, as lint writes them.
[[nodiscard]] std::string render_github(const Report& report, std::span<const sfn::Input> inputs);
// The most serious finding (a broken link's or another), if any: for --fail-on.
[[nodiscard]] std::optional<Severity> worst_severity(const Report& report);
// The chain drawn: state machine -> execution role -> target role -> resource, every edge
// labelled with its link and ok/broken (broken in red).
[[nodiscard]] std::string render_mermaid(const Report& report);
[[nodiscard]] std::string render_dot(const Report& report);

}  // namespace iamsmith::verify
