// K001 invalid-config: reported by the configuration reader (src/core/config.cpp) when lint or
// explain reads --config FILE or the nearest .iamsmith.json; lint never runs it on a policy.
#include "iamsmith/lint.hpp"

namespace iamsmith::rules {

extern const Rule kK001InvalidConfig{
    .id = "K001",
    .name = "invalid-config",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary =
        "The configuration file (.iamsmith.json or --config FILE) is malformed: not JSON, an unknown "
        "key, a value of the wrong type, a selector that matches no rule, an unknown severity, an "
        "ignore without a reason, or an invalid custom rule.",
    .rationale =
        "The configuration decides which rules run, how severe they are and which findings are "
        "accepted. A misspelt key or rule id would otherwise be skipped silently, and lint would "
        "report (or hide) other findings than the team agreed on; so a bad configuration stops lint "
        "with every problem and its position.",
    .exceptions = "",
    .fix =
        "Correct the configuration at the reported position; the note names the nearest known key or "
        "rule. The keys are select, ignore, severity, ignores (each with a reason), partition, "
        "account, accounts and rules (custom rules).",
    .bad_example =
        "{\n"
        "  \"selct\": [\"P\", \"W001\"],\n"
        "  \"severity\": {\"W010\": \"error\"}\n"
        "}\n",
    .bad_pointer = "/selct",
    .good_example =
        "{\n"
        "  \"select\": [\"P\", \"W001\"],\n"
        "  \"severity\": {\"W010\": \"error\"}\n"
        "}\n",
    .example_context = {},
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
    .example_input = ExampleInput::Config,
    .check = nullptr,
};

}  // namespace iamsmith::rules
