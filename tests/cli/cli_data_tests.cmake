# CLI tests of what reads AWS's action catalogue: `iamsmith expand`, `--iam-data`, and the
# expansion notes of `lint --explain`. Outputs that list actions run on the small extract
# tests/data/iam-data-fixture.tsv, so that an update of the built-in snapshot does not move them.

set(IAM_FIXTURE tests/data/iam-data-fixture.tsv)

iamsmith_cli_test(expand_help ARGS expand --help EXIT 0 STDOUT "usage: iamsmith expand.*--policy.*--level.*--iam-data")
iamsmith_cli_test(expand_text ARGS expand --iam-data ${IAM_FIXTURE} s3:Put* lambda:Invoke* EXIT 0
  STDOUT_FILE tests/data/golden/expand_text.golden)
iamsmith_cli_test(expand_json ARGS expand --format json --iam-data ${IAM_FIXTURE} lambda:Get* s3:Gett* EXIT 1
  STDOUT_FILE tests/data/golden/expand_json.golden)
iamsmith_cli_test(expand_policy ARGS expand --iam-data ${IAM_FIXTURE} --policy tests/data/corpus/AmazonS3FullAccess.json
  EXIT 1 STDOUT_FILE tests/data/golden/expand_policy.golden)
iamsmith_cli_test(expand_level ARGS expand --iam-data ${IAM_FIXTURE} --level permissions-management,tagging s3:*
  EXIT 0 STDOUT_FILE tests/data/golden/expand_level.golden)
iamsmith_cli_test(expand_did_you_mean ARGS expand --iam-data ${IAM_FIXTURE} lambda:InvokeFunctions lamda:Invoke* EXIT 1
  STDOUT "^lambda:InvokeFunctions matches no action; did you mean \"lambda:InvokeFunction\"\\?\n\nlamda:Invoke\\* matches no action; did you mean \"lambda:Invoke\\*\"\\?\n$")
iamsmith_cli_test(expand_not_an_action ARGS expand --iam-data ${IAM_FIXTURE} s3 EXIT 1
  STDOUT "s3 is not an action: IAM actions are written service:action")
iamsmith_cli_test(expand_no_pattern ARGS expand EXIT 2 STDERR "expand needs at least one action pattern")
iamsmith_cli_test(expand_bad_level ARGS expand --level admin s3:* EXIT 2 STDERR "unknown --level 'admin'")
iamsmith_cli_test(expand_bad_format ARGS expand --format xml s3:* EXIT 2 STDERR "unknown --format 'xml'")
iamsmith_cli_test(expand_missing_policy ARGS expand --policy tests/data/nope.json EXIT 2 STDERR "tests/data/nope.json")
# The built-in snapshot: real actions, real counts.
iamsmith_cli_test(expand_builtin ARGS expand states:StartExecution EXIT 0
  STDOUT "^states:StartExecution grants 1 action: states:StartExecution \\(Write\\)\n  states:StartExecution  Write\n$")

# --iam-data: a file that is not a data file is a usage error naming it; a good one is used.
iamsmith_cli_test(expand_bad_data ARGS expand --iam-data tests/data/corpus/README.md s3:* EXIT 2
  STDERR "error: --iam-data tests/data/corpus/README.md:[0-9]+: ")
iamsmith_cli_test(lint_bad_data ARGS lint --iam-data tests/data/no-such-data.tsv tests/data/corpus/AWSLambdaRole.json EXIT 2
  STDERR "error: --iam-data tests/data/no-such-data.tsv")
iamsmith_cli_test(lint_with_data ARGS lint --select D --iam-data ${IAM_FIXTURE} tests/data/corpus/AmazonS3FullAccess.json EXIT 1
  STDOUT "error\\[D003 action-pattern-matches-nothing\\] action pattern \"s3-object-lambda:\\*\" matches no action \\(AWS has no service \"s3-object-lambda\"\\)")
# The built-in snapshot knows s3-object-lambda, and AWS's retired services are not reported.
iamsmith_cli_test(lint_d_rules_builtin ARGS lint --select D tests/data/corpus/AmazonS3FullAccess.json tests/data/corpus/ReadOnlyAccess.json
  EXIT 0 STDERR "2 files checked, 0 findings")

# lint --explain: a finding on a wildcard action says what the pattern grants.
iamsmith_cli_test(lint_explain_expansion ARGS lint --explain --select W002 --iam-data ${IAM_FIXTURE}
  tests/data/corpus/AmazonS3FullAccess.json EXIT 1
  STDOUT "W002 service-wildcard\\] action \"s3:\\*\" grants every action of the \"s3\" service \\(16 actions today, 4 of them Permissions management and 3 Write\\)[^\n]*\n[^=]*  = at: /Statement/0/Action/0\n  = note: [^\n]*\n  = note: s3:\\* grants 16 actions, 4 of them Permissions management and 3 Write\n")
