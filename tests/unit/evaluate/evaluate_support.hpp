#pragma once
// Helpers for the evaluator's case tables: policies from JSON text, requests in one line.

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "iamsmith/evaluate.hpp"
#include "iamsmith/load.hpp"

namespace iamsmith::test {

// AWS documentation pages the cases cite.
inline constexpr const char* kOperatorsPage =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html";
inline constexpr const char* kMultiValuedPage =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
    "reference_policies_condition-single-vs-multi-valued-context-keys.html";
inline constexpr const char* kMultipleKeysPage =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
    "reference_policies_condition-logic-multiple-context-keys-or-values.html";
inline constexpr const char* kConditionPage =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html";
inline constexpr const char* kVariablesPage =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html";
inline constexpr const char* kEvaluationPage =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html";
inline constexpr const char* kCrossAccountPage =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html";
inline constexpr const char* kPrincipalPage =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html";
inline constexpr const char* kNotPrincipalPage =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html";
inline constexpr const char* kActionPage =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html";
inline constexpr const char* kNotActionPage =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html";
inline constexpr const char* kResourcePage =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html";
inline constexpr const char* kNotResourcePage =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html";
inline constexpr const char* kEffectPage =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html";
inline constexpr const char* kKmsKeyPolicyPage =
    "https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html";

using Context = std::vector<std::pair<std::string, std::vector<std::string>>>;

inline Policy policy_from(const std::string& json) {
  LoadedPolicy loaded = load_policy_text(json, "case.json");
  REQUIRE_MESSAGE(loaded.policy.has_value(), json);
  REQUIRE_MESSAGE(!loaded.document.error.has_value(), json);
  return std::move(*loaded.policy);
}

inline eval::Request request_for(std::string principal, std::string action, std::string resource,
                                 const Context& context = {}) {
  eval::Request r;
  r.principal = std::move(principal);
  r.action = std::move(action);
  r.resource = std::move(resource);
  for (const auto& [key, values] : context) r.context.push_back({key, values});
  return r;
}

// Runs the evaluator over identity policies and resource-side policies given as JSON text.
struct Run {
  std::vector<Policy> policies;
  std::vector<eval::PolicyInput> inputs;
  eval::Request request;
  eval::Evaluation result;

  Run(eval::Request r, const std::vector<std::string>& identity,
      const std::vector<std::string>& resource = {})
      : request(std::move(r)) {
    policies.reserve(identity.size() + resource.size());
    for (const std::string& json : identity) policies.push_back(policy_from(json));
    for (const std::string& json : resource) policies.push_back(policy_from(json));
    for (std::size_t i = 0; i < policies.size(); ++i) {
      inputs.push_back({&policies[i],
                        i < identity.size() ? eval::PolicySide::Identity : eval::PolicySide::Resource,
                        i < identity.size() ? "identity-" + std::to_string(i) + ".json" : "resource.json"});
    }
    result = eval::evaluate(request, inputs);
  }
};

// An identity policy of one Allow statement on s3:GetObject / "*" with this Condition block.
inline std::string allow_with_condition(const std::string& condition) {
  return R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":)" +
         condition + "}]}";
}

}  // namespace iamsmith::test
