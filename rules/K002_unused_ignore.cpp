// K002 unused-ignore: reported by lint (src/core/lint_paths.cpp) after a run, for each of the
// configuration's "ignores" that covered linted files but hid no finding in them.
#include "iamsmith/lint.hpp"

namespace iamsmith::rules {

extern const Rule kK002UnusedIgnore{
    .id = "K002",
    .name = "unused-ignore",
    .severity = Severity::Warning,
    .status = RuleStatus::Stable,
    .summary =
        "An ignore in the configuration's \"ignores\" covered files of the run (its path matched them) "
        "but hid no finding there.",
    .rationale =
        "An ignore is an accepted risk written down. Once the finding it was written for is fixed, or "
        "the statement it named has moved or been renamed, the ignore hides nothing today but will "
        "silently hide the next finding that lands on the same path, pointer or Sid; and a mistyped "
        "pointer or Sid never hid what it was meant to. Reporting it keeps the list of accepted "
        "findings true.",
    .exceptions =
        "An ignore whose path no linted file matches is not reported (a pre-commit hook lints only the "
        "staged files), nor one whose rules the run does not select.",
    .fix =
        "Remove the ignore, or correct its path, pointer, sid, resource or rules so that it names the "
        "finding it was written for.",
    .bad_example =
        "{\n"
        "  \"ignores\": [\n"
        "    {\"rules\": [\"W001\"], \"reason\": \"the break-glass role needs full access\"}\n"
        "  ]\n"
        "}\n",
    .bad_pointer = "/ignores/0",
    .good_example =
        "{\n"
        "  \"ignores\": [\n"
        "    {\"rules\": [\"P030\"], \"reason\": \"linted as itself: a configuration, not a policy\"}\n"
        "  ]\n"
        "}\n",
    .example_context = {},
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html",
    .example_input = ExampleInput::Config,
    .check = nullptr,
};

}  // namespace iamsmith::rules
