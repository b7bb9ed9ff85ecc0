# simulate: one request against identity policies and a resource or trust policy.
# Exit codes: 0 allowed, 1 denied (explicitly or implicitly), 2 usage, I/O or invalid JSON.

set(SIM_SESSION arn:aws:sts::111122223333:assumed-role/ExecutionRole/run-1)
set(SIM_TARGET arn:aws:iam::444455556666:role/TargetRole)
set(SIM_SM arn:aws:states:us-east-1:111122223333:stateMachine:sm)
set(SIM_CHAIN --policy tests/data/simulate/execution-role.json --resource-policy tests/data/simulate/target-trust.json
  --principal ${SIM_SESSION} --action sts:AssumeRole --resource ${SIM_TARGET})

iamsmith_cli_test(simulate_help ARGS simulate --help EXIT 0
  STDOUT "usage: iamsmith simulate --policy FILE.*--resource-policy.*--context.*--format")

# Byte-exact outputs: a cross-account allow (both sides, trust policy with sts:ExternalId), the
# same request with the wrong ExternalId as JSON, and an explicit Deny that overrides both.
iamsmith_cli_test(simulate_golden_allow ARGS simulate ${SIM_CHAIN} --context sts:ExternalId=${SIM_SM} EXIT 0
  STDOUT_FILE tests/data/golden/simulate_cross_account_allow.golden)
iamsmith_cli_test(simulate_golden_wrong_external_id_json ARGS simulate ${SIM_CHAIN} --context sts:ExternalId=wrong
  --format json EXIT 1 STDOUT_FILE tests/data/golden/simulate_wrong_external_id.json.golden)
iamsmith_cli_test(simulate_golden_explicit_deny ARGS simulate ${SIM_CHAIN} --context sts:ExternalId=wrong
  --policy tests/data/simulate/deny-outside-org.json EXIT 1 STDOUT_FILE tests/data/golden/simulate_explicit_deny.golden)

# The first line is the decision; the reasons name file:line:col and the element.
iamsmith_cli_test(simulate_no_external_id ARGS simulate ${SIM_CHAIN} EXIT 1
  STDOUT "^decision: implicit-deny\n.*target-trust.json:11:11: Allow \"TrustExecutionRole\" \\(trust policy\\): StringEquals: \"sts:ExternalId\" is absent from the request, but StringEquals requires it to equal \"arn:aws:states:us-east-1:111122223333:stateMachine:sm\"\n")
iamsmith_cli_test(simulate_identity_only ARGS simulate --policy tests/data/simulate/execution-role.json
  --principal ${SIM_SESSION} --action logs:GetLogEvents EXIT 0
  STDOUT "^decision: allow\n  allowed: an identity policy allows \"logs:GetLogEvents\" on \"\\*\"\n")
# Cross-account without the resource's policy: AWS denies, and the reason names what is missing.
iamsmith_cli_test(simulate_identity_only_cross_account ARGS simulate --policy tests/data/simulate/execution-role.json
  --principal ${SIM_SESSION} --action sts:AssumeRole --resource arn:aws:iam::444455556666:role/TargetRole EXIT 1
  STDOUT "^decision: implicit-deny\n  implicitly denied: an identity policy allows \"sts:AssumeRole\" on \"arn:aws:iam::444455556666:role/TargetRole\", but the request is cross-account .*, and none was given")
iamsmith_cli_test(simulate_wrong_action ARGS simulate --policy tests/data/simulate/execution-role.json
  --principal ${SIM_SESSION} --action s3:GetObject --resource arn:aws:s3:::bucket/key EXIT 1
  STDOUT "^decision: implicit-deny\n.*execution-role.json:7:17: Allow \"AssumeTargetRole\" \\(identity policy\\): Action \"sts:AssumeRole\" does not match \"s3:GetObject\"")
# A repeated --context key is multi-valued.
iamsmith_cli_test(simulate_multivalued_context ARGS simulate --policy tests/data/simulate/tagging.json
  --principal arn:aws:iam::111122223333:user/alice --action ec2:CreateTags --context aws:TagKeys=env --context aws:TagKeys=cost
  EXIT 1 STDOUT "context: aws:TagKeys = \"env\", \"cost\"\n.*\"aws:TagKeys\" has \"cost\", but ForAllValues:StringEquals requires every value to equal \"env\" or \"team\"")
iamsmith_cli_test(simulate_multivalued_context_allowed ARGS simulate --policy tests/data/simulate/tagging.json
  --principal arn:aws:iam::111122223333:user/alice --action ec2:CreateTags --context aws:TagKeys=env --context AWS:TagKeys=team
  EXIT 0 STDOUT "^decision: allow\n")
# aws:SourceOrgPaths and aws:ResourceOrgPaths are multivalued (the service data types them
# ArrayOfString), so a single-valued StringEquals never holds, even for a one-value set.
set(SIM_ORG_PATH o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/)
iamsmith_cli_test(simulate_source_org_paths_multivalued ARGS simulate --policy tests/data/simulate/org-paths.json
  --principal arn:aws:iam::111122223333:user/alice --action s3:GetObject --context aws:SourceOrgPaths=${SIM_ORG_PATH}
  EXIT 1 STDOUT "^decision: implicit-deny\n.*\"aws:SourceOrgPaths\" is a multivalued key, but StringEquals compares a single value")
iamsmith_cli_test(simulate_resource_org_paths_multivalued ARGS simulate --policy tests/data/simulate/org-paths.json
  --principal arn:aws:iam::111122223333:user/alice --action s3:PutObject --context aws:ResourceOrgPaths=${SIM_ORG_PATH}
  EXIT 1 STDOUT "^decision: implicit-deny\n.*\"aws:ResourceOrgPaths\" is a multivalued key, but StringEquals compares a single value")
iamsmith_cli_test(simulate_json_decision ARGS simulate ${SIM_CHAIN} --context sts:ExternalId=${SIM_SM} --format json EXIT 0
  STDOUT "^\\{\"decision\":\"allow\",\"summary\":\"allowed: cross-account request")

# Errors: exit 2, with the loader's and lint's messages.
iamsmith_cli_test(simulate_invalid_json ARGS simulate --policy tests/data/simulate/missing-comma.json
  --principal ${SIM_SESSION} --action s3:GetObject EXIT 2
  STDERR "missing-comma.json:3:3: error\\[P001 invalid-json\\] expected ',' or '}' after an object member.*iamsmith: error: tests/data/simulate/missing-comma.json is not a policy that can be evaluated")
iamsmith_cli_test(simulate_missing_file ARGS simulate --policy tests/data/simulate/nope.json
  --principal ${SIM_SESSION} --action s3:GetObject EXIT 2 STDERR "iamsmith: error: tests/data/simulate/nope.json: no such file")
iamsmith_cli_test(simulate_no_principal ARGS simulate --policy tests/data/simulate/execution-role.json --action s3:GetObject
  EXIT 2 STDERR "simulate needs --principal")
iamsmith_cli_test(simulate_no_policy ARGS simulate --principal ${SIM_SESSION} --action s3:GetObject
  EXIT 2 STDERR "at least one --policy or --resource-policy")
iamsmith_cli_test(simulate_bad_context ARGS simulate --policy tests/data/simulate/execution-role.json
  --principal ${SIM_SESSION} --action s3:GetObject --context novalue EXIT 2 STDERR "--context 'novalue' is not KEY=VALUE")
iamsmith_cli_test(simulate_bad_action ARGS simulate --policy tests/data/simulate/execution-role.json
  --principal ${SIM_SESSION} --action GetObject EXIT 2 STDERR "no service prefix")
iamsmith_cli_test(simulate_bad_format ARGS simulate ${SIM_CHAIN} --format xml EXIT 2 STDERR "unknown --format 'xml'; use text or json")
iamsmith_cli_test(simulate_unknown_option ARGS simulate --polcy x EXIT 2
  STDERR "unknown option '--polcy' for 'simulate'; did you mean '--policy'\\?")
iamsmith_cli_test(simulate_bad_principal_warns ARGS simulate --policy tests/data/simulate/execution-role.json
  --principal arn:aws:iam::1111:role/x --action logs:GetLogEvents EXIT 0
  STDERR "iamsmith: warning: --principal 'arn:aws:iam::1111:role/x': not a valid ARN")
