// One condition entry (operator, key, values) against the request context.
// Operators:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// Several keys and values:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
// Set operators:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html

#include <algorithm>

#include "iamsmith/condition.hpp"
#include "iamsmith/text.hpp"
#include "internal.hpp"

namespace iamsmith::eval::detail {
namespace {

// One request value against one policy value.
enum class Outcome { Match, NoMatch, Invalid };

struct ValueResult {
  Outcome outcome = Outcome::NoMatch;
  std::string problem;  // Invalid: why ("\"abc\" is not a number")
};

ValueResult invalid(std::string problem) {
  return {Outcome::Invalid, std::move(problem)};
}
ValueResult match_if(bool matched) {
  return {matched ? Outcome::Match : Outcome::NoMatch, {}};
}

template <class T>
bool ordered(Comparison comparison, T request_value, T policy_value) {
  switch (comparison) {
    case Comparison::Equals:
    case Comparison::EqualsIgnoreCase:
    case Comparison::Like:
    case Comparison::InRange:
    case Comparison::Exists: return request_value == policy_value;
    case Comparison::LessThan: return request_value < policy_value;
    case Comparison::LessThanEquals: return request_value <= policy_value;
    case Comparison::GreaterThan: return request_value > policy_value;
    case Comparison::GreaterThanEquals: return request_value >= policy_value;
  }
  return false;
}

// The six colon-separated fields of a request ARN, or empty when the value is not an ARN.
std::vector<std::string_view> arn_fields(std::string_view arn) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (fields.size() < 5) {
    const std::size_t colon = arn.find(':', start);
    if (colon == std::string_view::npos) return {};
    fields.push_back(arn.substr(start, colon - start));
    start = colon + 1;
  }
  fields.push_back(arn.substr(start));
  if (fields[0] != "arn") return {};
  return fields;
}

ValueResult compare(const OperatorInfo& op, std::string_view request_value, std::string_view policy_value,
                    const Request& request) {
  switch (op.family) {
    case OperatorFamily::String: {
      const Compiled compiled = compile(policy_value, request, op.wildcards, /*variables=*/true);
      if (!compiled.pattern)
        return invalid(compiled.unresolved + " has no value in the request and no default");
      return match_if(
          compiled.pattern->matches(request_value, op.comparison == Comparison::EqualsIgnoreCase));
    }
    case OperatorFamily::Arn: {
      // "Each of the six colon-delimited components of the ARN is checked separately and each
      // can include multi-character match wildcards (*) or single-character match wildcards (?)."
      const Compiled compiled = compile(policy_value, request, /*wildcards=*/true, /*variables=*/true);
      if (!compiled.pattern)
        return invalid(compiled.unresolved + " has no value in the request and no default");
      const std::vector<Pattern> wanted = compiled.pattern->split_colons(6);
      const std::vector<std::string_view> actual = arn_fields(request_value);
      if (actual.empty()) return invalid(in_quotes(request_value) + " in the request is not an ARN");
      if (wanted.size() != 6 || !wanted[0].matches("arn", false)) {
        return invalid(in_quotes(policy_value) +
                       " is not an ARN (arn:partition:service:region:account:resource)");
      }
      for (std::size_t i = 1; i < 6; ++i) {
        if (!wanted[i].matches(actual[i], false)) return match_if(false);
      }
      return match_if(true);
    }
    case OperatorFamily::Numeric: {
      const auto want = parse_condition_number(policy_value);
      if (!want) return invalid("the policy value " + in_quotes(policy_value) + " is not a number");
      const auto have = parse_condition_number(request_value);
      if (!have) return invalid("the request value " + in_quotes(request_value) + " is not a number");
      return match_if(ordered(op.comparison, *have, *want));
    }
    case OperatorFamily::Date: {
      const auto want = parse_condition_date(policy_value);
      if (!want) return invalid("the policy value " + in_quotes(policy_value) + " is not a date");
      const auto have = parse_condition_date(request_value);
      if (!have) return invalid("the request value " + in_quotes(request_value) + " is not a date");
      return match_if(ordered(op.comparison, *have, *want));
    }
    case OperatorFamily::Bool: {
      const Compiled compiled = compile(policy_value, request, /*wildcards=*/false, /*variables=*/true);
      if (!compiled.pattern)
        return invalid(compiled.unresolved + " has no value in the request and no default");
      const auto want = parse_condition_bool(compiled.pattern->text());
      if (!want) return invalid("the policy value " + in_quotes(policy_value) + " is not true or false");
      const auto have = parse_condition_bool(request_value);
      if (!have) return invalid("the request value " + in_quotes(request_value) + " is not true or false");
      return match_if(*have == *want);
    }
    case OperatorFamily::Binary: {
      // Both sides are base64 text; equal bytes are equal even if one side is padded oddly.
      if (request_value == policy_value) return match_if(true);
      const auto want = decode_base64(policy_value);
      if (!want) return invalid("the policy value " + in_quotes(policy_value) + " is not base64");
      const auto have = decode_base64(request_value);
      return match_if(have && *have == *want);
    }
    case OperatorFamily::IpAddress: {
      const auto block = parse_ip_block(policy_value);
      if (!block)
        return invalid("the policy value " + in_quotes(policy_value) + " is not an IP address or CIDR block");
      const auto address = parse_ip_address(request_value);
      if (!address) return invalid("the request value " + in_quotes(request_value) + " is not an IP address");
      // An IPv6 address is outside every IPv4 block and the other way round.
      return match_if(ip_in_block(*address, *block));
    }
    case OperatorFamily::Null: break;
  }
  return match_if(false);
}

// A single request value against all the policy values: values are ORed ("If a single
// condition key has multiple values, they are evaluated using a logical OR"); a negated
// operator is true only when no value matches, and a value that cannot be compared makes it
// false.
struct SingleResult {
  bool satisfied = false;
  std::vector<std::string> matched;  // the policy values the request value matched
  std::string problem;               // the first Invalid
};

SingleResult single(const OperatorInfo& op, std::string_view request_value,
                    const std::vector<std::string>& policy, const Request& request) {
  SingleResult out;
  bool any_invalid = false;
  for (const std::string& p : policy) {
    const ValueResult r = compare(op, request_value, p, request);
    switch (r.outcome) {
      case Outcome::Match: out.matched.push_back(p); break;
      case Outcome::NoMatch: break;
      case Outcome::Invalid:
        if (!any_invalid) out.problem = r.problem;
        any_invalid = true;
        break;
    }
  }
  out.satisfied = op.negated ? (out.matched.empty() && !any_invalid) : !out.matched.empty();
  return out;
}

// "equal", "not be in", ...: what the operator requires of a request value.
std::string verb_for(const OperatorInfo& op) {
  switch (op.comparison) {
    case Comparison::Equals: return op.negated ? "not equal" : "equal";
    case Comparison::EqualsIgnoreCase:
      return op.negated ? "not equal (ignoring case)" : "equal (ignoring case)";
    case Comparison::Like: return op.negated ? "not match" : "match";
    case Comparison::LessThan: return "be less than";
    case Comparison::LessThanEquals: return "be at most";
    case Comparison::GreaterThan: return "be greater than";
    case Comparison::GreaterThanEquals: return "be at least";
    case Comparison::InRange: return op.negated ? "not be in" : "be in";
    case Comparison::Exists: return "exist";
  }
  return "equal";
}

}  // namespace

ConditionTrace evaluate_condition(const ConditionOperator& op, const ConditionEntry& entry,
                                  const Request& request) {
  ConditionTrace trace;
  trace.op = op.name;
  trace.key = entry.key;
  trace.span = entry.key_span;
  trace.request_values = request.find(entry.key);
  // Condition values are substituted for the trace only where the operator substitutes them.
  std::vector<std::string> raw;
  raw.reserve(entry.values.items.size());
  for (const Scalar& v : entry.values) raw.push_back(v.text);

  const ParsedOperator parsed = parse_operator(op.name);
  const std::string key = in_quotes(entry.key);
  if (!parsed.known()) {
    trace.policy_values = raw;
    trace.explanation = in_quotes(op.name) + " is not a condition operator, so the condition never holds";
    return trace;
  }
  const OperatorInfo& info = *parsed.info;
  for (const std::string& v : raw) {
    if (!family_substitutes_variables(info.family)) {
      trace.policy_values.push_back(v);
    } else if (auto s = substitute_variables(v, request)) {
      trace.policy_values.push_back(*s);
    } else {
      trace.policy_values.push_back(v);
    }
  }
  const std::vector<std::string>* values = trace.request_values;
  const bool present = values != nullptr && !values->empty();

  // Null: "true" holds when the key is absent (or null), "false" when it is present.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null
  if (info.family == OperatorFamily::Null) {
    bool any_valid = false;
    for (const std::string& v : raw) {
      const auto want_absent = parse_condition_bool(v);
      if (!want_absent) continue;
      any_valid = true;
      if (*want_absent != present) trace.satisfied = true;
    }
    if (!any_valid) {
      trace.explanation = "Null takes \"true\" or \"false\", not " + quoted_list(raw, "or");
    } else if (present) {
      trace.explanation = key + " is present in the request" +
                          std::string(trace.satisfied ? ", as Null \"false\" requires"
                                                      : ", but Null \"true\" requires it absent");
    } else {
      trace.explanation = key + " is absent from the request" +
                          std::string(trace.satisfied ? ", as Null \"true\" requires"
                                                      : ", but Null \"false\" requires it present");
    }
    return trace;
  }

  // What the operator asks of each request value: "equal \"a\" or \"b\"".
  const std::string wants = verb_for(info) + " " + quoted_list(raw, "or");
  const std::string& name = op.name;
  if (!present) {
    // "If the key that you specify in a policy condition is not present in the request
    // context, the values do not match and the condition is false. If the policy condition
    // requires that the key is not matched, such as StringNotLike or ArnNotLike, and the right
    // key is not present, the condition is true." ...IfExists is true for a missing key;
    // ForAllValues is true for a missing key or an empty set; ForAnyValue is false for both,
    // with or without IfExists.
    const std::string absent =
        key + (values == nullptr ? " is absent from the request" : " has no values in the request");
    switch (parsed.qualifier) {
      case SetQualifier::ForAllValues:
        trace.satisfied = true;
        trace.explanation = absent + ", and ForAllValues holds for an empty set";
        break;
      case SetQualifier::ForAnyValue:
        trace.satisfied = false;
        trace.explanation = absent + ", but " + name + " needs a value that must " + wants;
        break;
      case SetQualifier::None:
        trace.satisfied = parsed.if_exists || info.negated;
        if (parsed.if_exists) {
          trace.explanation = absent + ", and " + name + " holds when the key is missing";
        } else if (info.negated) {
          trace.explanation =
              absent + ", and a negated operator (" + name + ") holds when the key is missing";
        } else {
          trace.explanation = absent + ", but " + name + " requires it to " + wants;
        }
        break;
    }
    return trace;
  }

  switch (parsed.qualifier) {
    case SetQualifier::None: {
      if (values->size() > 1 || is_multivalued_key(entry.key)) {
        // "Multivalued context keys require a condition set operator."
        trace.satisfied = false;
        trace.explanation = values->size() > 1 ? key + " has " + std::to_string(values->size()) +
                                                     " values (" + quoted_list(*values, "and") + ")"
                                               : key + " is a multivalued key";
        trace.explanation += ", but " + name + " compares a single value (use ForAllValues or ForAnyValue)";
        return trace;
      }
      const SingleResult r = single(info, values->front(), raw, request);
      trace.satisfied = r.satisfied;
      const std::string subject = key + " is " + in_quotes(values->front());
      if (r.satisfied) {
        trace.explanation = subject + ", so " + name + " holds (it must " + wants + ")";
      } else if (!r.problem.empty()) {
        trace.explanation = subject + ", but " + r.problem;
      } else if (info.negated) {
        trace.explanation = subject + ", which " + name + " rules out: it must " + wants;
      } else {
        trace.explanation = subject + ", but " + name + " requires it to " + wants;
      }
      return trace;
    }
    case SetQualifier::ForAllValues: {
      std::vector<std::string> failing;
      std::string problem;
      for (const std::string& v : *values) {
        const SingleResult r = single(info, v, raw, request);
        if (!r.satisfied) {
          failing.push_back(v);
          if (problem.empty()) problem = r.problem;
        }
      }
      trace.satisfied = failing.empty();
      trace.explanation =
          trace.satisfied
              ? "every value of " + key + " (" + quoted_list(*values, "and") + ") satisfies " + name
              : key + " has " + quoted_list(failing, "and") + ", but " + name + " requires every value to " +
                    wants + (problem.empty() ? "" : " (" + problem + ")");
      return trace;
    }
    case SetQualifier::ForAnyValue: {
      std::vector<std::string> passing;
      std::string problem;
      for (const std::string& v : *values) {
        const SingleResult r = single(info, v, raw, request);
        if (r.satisfied) passing.push_back(v);
        if (!r.satisfied && problem.empty()) problem = r.problem;
      }
      trace.satisfied = !passing.empty();
      trace.explanation = trace.satisfied
                              ? key + " has " + quoted_list(passing, "and") + ", so " + name + " holds"
                              : "no value of " + key + " (" + quoted_list(*values, "or") + ") satisfies " +
                                    name + ", which needs one to " + wants +
                                    (problem.empty() ? "" : " (" + problem + ")");
      return trace;
    }
  }
  return trace;
}

}  // namespace iamsmith::eval::detail
