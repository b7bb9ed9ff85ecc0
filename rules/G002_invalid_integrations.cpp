// G002 invalid-integrations: reported by `iamsmith generate` (src/core/generate/); lint never runs it.
#include "iamsmith/lint.hpp"

namespace iamsmith::rules {

extern const Rule kG002InvalidIntegrations{
    .id = "G002",
    .name = "invalid-integrations",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary =
        "An --integrations file (the format of rules/integrations.json) is malformed: not JSON, a "
        "row without a required key, an unknown target kind, or a statement template without sid, "
        "actions and resources.",
    .rationale =
        "An integration row says which IAM actions and resource ARNs a Task's Resource needs. A row "
        "that cannot be read completely would generate a permission policy that misses actions or "
        "names the wrong resources, so the whole run is refused.",
    .exceptions = "",
    .fix =
        "Correct the row at the reported position. Every row needs \"id\", \"resource\", \"target\" (one "
        "of the target kinds of rules/integrations.json, or \"none\"), \"docs\" and a non-empty "
        "\"statements\" array whose templates have \"sid\", \"actions\" and \"resources\" (an empty one "
        "only with \"outside_iam\", which says what authorises the call instead of IAM).",
    .bad_example =
        "{\n"
        "  \"integrations\": [\n"
        "    {\n"
        "      \"id\": \"example:call\",\n"
        "      \"resource\": \"arn:${Partition}:states:::lambda:call\",\n"
        "      \"patterns\": [\"\"],\n"
        "      \"target\": \"lambda\",\n"
        "      \"parameter\": \"FunctionName\",\n"
        "      \"statements\": [{\"sid\": \"Call${Name}\", \"actions\": [\"lambda:InvokeFunction\"], "
        "\"resources\": [\"${Arn}\"]}],\n"
        "      \"docs\": \"https://docs.aws.amazon.com/step-functions/latest/dg/lambda-iam.html\"\n"
        "    }\n"
        "  ]\n"
        "}\n",
    .bad_pointer = "/integrations/0/target",
    .good_example =
        "{\n"
        "  \"integrations\": [\n"
        "    {\n"
        "      \"id\": \"example:call\",\n"
        "      \"resource\": \"arn:${Partition}:states:::lambda:call\",\n"
        "      \"patterns\": [\"\"],\n"
        "      \"target\": \"lambda-function\",\n"
        "      \"parameter\": \"FunctionName\",\n"
        "      \"statements\": [{\"sid\": \"Call${Name}\", \"actions\": [\"lambda:InvokeFunction\"], "
        "\"resources\": [\"${Arn}\"]}],\n"
        "      \"docs\": \"https://docs.aws.amazon.com/step-functions/latest/dg/lambda-iam.html\"\n"
        "    }\n"
        "  ]\n"
        "}\n",
    .example_context = {},
    .references =
        "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html\n"
        "https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html",
    .example_input = ExampleInput::GenerateIntegrations,
    .check = nullptr,
};

}  // namespace iamsmith::rules
