# CLI tests of `iamsmith verify` (see cli_tests.cmake for the form). The tutorial verifies clean;
# each variant under samples/broken/ breaks one link, and its whole report is a golden file.

set(VERIFY_SPEC --spec samples/tutorial/spec.json)
set(VERIFY_SM arn:aws:states:us-east-1:123456789012:stateMachine:testCrossAccount)
set(VERIFY_EXEC arn:aws:iam::123456789012:role/ExecutionRole)

iamsmith_cli_test(verify_help ARGS verify --help EXIT 0
  STDOUT "assume-role.*S003.*trust.*S006, S001, X001.*permissions.*S004.*partition.*S007.*Exit codes: 0 every link satisfied")
iamsmith_cli_test(verify_listed ARGS --help EXIT 0 STDOUT "verify +prove each link")
iamsmith_cli_test(verify_unknown_option ARGS verify --trsut x.json EXIT 2
  STDERR "unknown option '--trsut' for 'verify'; did you mean '--trust'\\?")
iamsmith_cli_test(verify_needs_setup ARGS verify samples/tutorial/expected EXIT 2 STDERR "verify needs the setup")
iamsmith_cli_test(verify_needs_policies ARGS verify ${VERIFY_SPEC} EXIT 2 STDERR "verify needs the policies")
iamsmith_cli_test(verify_bad_format ARGS verify ${VERIFY_SPEC} samples/tutorial/expected --format yaml EXIT 2
  STDERR "unknown --format 'yaml'; use text, json, sarif, mermaid or dot")
iamsmith_cli_test(verify_not_a_policy_directory ARGS verify ${VERIFY_SPEC} samples/tutorial EXIT 2
  STDERR "cannot read samples/tutorial/manifest.json")
iamsmith_cli_test(verify_missing_file ARGS verify ${VERIFY_SPEC} --trust samples/tutorial/nope.json EXIT 2
  STDERR "samples/tutorial/nope.json")
iamsmith_cli_test(verify_unknown_role ARGS verify ${VERIFY_SPEC} --assume-role NoSuchRole=x.json EXIT 2
  STDERR "--assume-role NoSuchRole=x.json: the setup has no role 'NoSuchRole'; its roles here are: ExecutionRole")
iamsmith_cli_test(verify_whose_file ARGS verify --spec samples/fanout/spec.json
  --definition samples/fanout/definition.asl.json --trust x.json EXIT 2
  STDERR "--trust x.json: say whose file it is with --trust ROLE=FILE; the setup's roles here are: AnalyticsRole, PaymentsRole")

# The tutorial: every link satisfied, from the spec or from the definition, from the directory or
# from one file per option.
iamsmith_cli_test(verify_tutorial ARGS verify ${VERIFY_SPEC} samples/tutorial/expected EXIT 0
  STDOUT_FILE tests/data/golden/verify_tutorial.golden)
iamsmith_cli_test(verify_tutorial_definition ARGS verify --definition samples/tutorial/definition.asl.json
  --state-machine-arn ${VERIFY_SM} --execution-role-arn ${VERIFY_EXEC} --policies samples/tutorial/expected EXIT 0
  STDOUT "state 'Cross-account call' of arn:aws:states:us-east-1:123456789012:stateMachine:testCrossAccount assumes arn:aws:iam::111122223333:role/LambdaRole\n  ok assume-role:.*4 links: 4 satisfied, 0 broken, 1 other finding\n$")
iamsmith_cli_test(verify_tutorial_files ARGS verify ${VERIFY_SPEC}
  --assume-role samples/tutorial/expected/ExecutionRole.assume-role.json
  --trust LambdaRole=samples/tutorial/expected/LambdaRole.trust.json
  --permissions arn:aws:iam::111122223333:role/LambdaRole=samples/tutorial/expected/LambdaRole.permissions.json EXIT 0
  STDOUT "granted by samples/tutorial/expected/LambdaRole.permissions.json:4:5 \\(statement \"InvokeEcho\"\\)")
iamsmith_cli_test(verify_tutorial_json ARGS verify ${VERIFY_SPEC} samples/tutorial/expected --format json EXIT 0
  STDOUT_FILE tests/data/golden/verify_tutorial.json.golden)
iamsmith_cli_test(verify_tutorial_dot ARGS verify ${VERIFY_SPEC} samples/tutorial/expected --format dot EXIT 0
  STDOUT "^digraph verify {\n  rankdir=LR;.* -> n2 \\[label=\"lambda:InvokeFunction ok\"\\];\n}\n$")

# A missing file breaks its link; the others are still checked.
iamsmith_cli_test(verify_missing_trust ARGS verify ${VERIFY_SPEC}
  --assume-role samples/tutorial/expected/ExecutionRole.assume-role.json
  --permissions samples/tutorial/expected/LambdaRole.permissions.json EXIT 1
  STDOUT "iamsmith: error\\[S006 trust-principal-mismatch\\] target 0: no trust policy of arn:aws:iam::111122223333:role/LambdaRole was given.*3 satisfied, 1 broken")

# The broken variants: exit 1, the link, the file:line:col, why and the fix, byte for byte.
foreach(variant missing-assume-role wrong-external-id missing-invoke-permission china-partition-principal)
  iamsmith_cli_test(verify_broken_${variant} ARGS verify ${VERIFY_SPEC} samples/broken/${variant} EXIT 1
    STDOUT_FILE tests/data/golden/verify_broken_${variant}.golden)
endforeach()
iamsmith_cli_test(verify_broken_json ARGS verify ${VERIFY_SPEC} samples/broken/wrong-external-id --format json EXIT 1
  STDOUT_FILE tests/data/golden/verify_broken_wrong-external-id.json.golden)
iamsmith_cli_test(verify_broken_mermaid ARGS verify ${VERIFY_SPEC} samples/broken/missing-invoke-permission
  --format mermaid EXIT 1 STDOUT_FILE tests/data/golden/verify_broken_missing-invoke-permission.mermaid.golden)
iamsmith_cli_test(verify_broken_sarif ARGS verify ${VERIFY_SPEC} samples/broken/missing-assume-role --format sarif EXIT 1
  STDOUT "\"version\":\"2.1.0\".*\"ruleId\":\"S003\",\"ruleIndex\":[0-9]+,\"level\":\"error\".*\"uri\":\"samples/broken/missing-assume-role/ExecutionRole.assume-role.json\"")

# The nested fanout sample: every Task in Parallel and Map is a chain; its role chosen at run time
# needs --role-arn, as for generate, and is reported (S005) without it.
iamsmith_cli_test(verify_fanout ARGS verify --spec samples/fanout/spec.json --definition samples/fanout/definition.asl.json
  --role-arn arn:aws:iam::444455556666:role/NotifierRole samples/fanout/expected EXIT 0
  STDOUT "state 'Fan out > Branches/1 > Per region > ItemProcessor > Notify' of .*\nverify: 6 chains, 26 links: 26 satisfied, 0 broken\n$")
iamsmith_cli_test(verify_fanout_dynamic_role ARGS verify --spec samples/fanout/spec.json
  --definition samples/fanout/definition.asl.json samples/fanout/expected EXIT 1
  STDOUT "^samples/fanout/definition.asl.json:44:51: error\\[S005 dynamic-role\\].*5 chains, 22 links: 22 satisfied, 0 broken, 1 other finding\n$")

# A policy file that is not JSON breaks its link (P001, at the position) and the rest is checked.
iamsmith_cli_test(verify_policy_not_json ARGS verify ${VERIFY_SPEC} tests/data/verify/not-json EXIT 1
  STDOUT "tests/data/verify/not-json/LambdaRole.trust.json:2:1: error\\[P001 invalid-json\\] target 0: the trust policy of arn:aws:iam::111122223333:role/LambdaRole is not a policy: .*ok permissions: .*3 satisfied, 1 broken")

# The setup is read as generate reads it (one reader): on the same definition both report the
# trailing comma (G004) and the cross-Region call (S009), at the same positions.
iamsmith_cli_test(verify_definition_warnings_as_generate ARGS verify
  --definition tests/data/verify/trailing-comma-cross-region.asl.json
  --state-machine-arn ${VERIFY_SM} --execution-role-arn ${VERIFY_EXEC} samples/tutorial/expected EXIT 0
  STDOUT "trailing-comma-cross-region.asl.json:8:91: warning\\[G004 invalid-definition\\] trailing comma in JSON.*trailing-comma-cross-region.asl.json:8:38: warning\\[S009 cross-region-resource\\] state 'Call' calls \"arn:aws:lambda:us-east-2:111122223333:function:Echo\" in us-east-2")

# A Terraform set's manifest lists account documents, not policy files: verify says so.
iamsmith_cli_test(verify_terraform_directory ARGS verify ${VERIFY_SPEC} samples/fanout/expected/terraform EXIT 2
  STDERR "samples/fanout/expected/terraform/manifest.json lists a terraform set: verify reads the policy files")
# Stacks: the tutorial's source stack (state machine + execution role, account 123456789012) and
# target stack (LambdaRole, account 111122223333), each linked at its template's positions.
set(STACKS samples/tutorial/stacks)
iamsmith_cli_test(verify_stacks ARGS verify --region us-east-1 123456789012=${STACKS}/source.yaml
  111122223333=${STACKS}/target.yaml EXIT 0 STDOUT_FILE tests/data/golden/verify_stacks.golden)
iamsmith_cli_test(verify_stacks_broken ARGS verify --region us-east-1 123456789012=${STACKS}/source.yaml
  111122223333=tests/data/tutorial-stacks/target-broken.yaml EXIT 1
  STDOUT_FILE tests/data/golden/verify_stacks_broken.golden)
# Without the accounts and the Region the state machine's ARN is not known: said, not guessed.
iamsmith_cli_test(verify_stacks_no_account ARGS verify ${STACKS}/source.yaml ${STACKS}/target.yaml EXIT 2
  STDERR "source.yaml: the definition of state machine StateMachine is not verified: the state machine's ARN is not known.*verify needs the setup")
iamsmith_cli_test(verify_stack_not_a_template ARGS verify ${VERIFY_SPEC} samples/inputs/not-policies/package.json EXIT 2
  STDERR "package.json is not a template, Terraform plan or AWS CLI response")
# The setup from a spec, the policies from the target stack and the generated assume-role file.
iamsmith_cli_test(verify_spec_and_stack ARGS verify ${VERIFY_SPEC} 111122223333=${STACKS}/target.yaml
  --assume-role samples/tutorial/expected/ExecutionRole.assume-role.json EXIT 0
  STDOUT "granted by samples/tutorial/stacks/target.yaml:17:13 \\(statement \"TrustTestCrossAccountStateMachine\"\\)")
# generate --format cloudformation round trip: lint reads the stacks as templates (no bare
# policy), and they verify.
set(TUTORIAL_CFN samples/tutorial/cloudformation)
iamsmith_cli_test(verify_generated_cloudformation ARGS verify ${VERIFY_SPEC}
  123456789012=${TUTORIAL_CFN}/account-123456789012.cloudformation.yaml
  111122223333=${TUTORIAL_CFN}/account-111122223333.cloudformation.yaml
  EXIT 0 STDOUT "verify: 1 chain, 4 links: 4 satisfied, 0 broken")
iamsmith_cli_test(lint_generated_cloudformation ARGS lint --no-config --format json ${TUTORIAL_CFN} EXIT 0
  STDOUT "\"files\":\\[\\{\"path\":\"${TUTORIAL_CFN}/account-111122223333.cloudformation.yaml\",\"kind\":\"cloudformation\"\\},\\{\"path\":\"${TUTORIAL_CFN}/account-123456789012.cloudformation.yaml\",\"kind\":\"cloudformation\"\\}\\]")
iamsmith_cli_test(generate_tutorial_cloudformation_check ARGS generate --spec samples/tutorial/spec.json
  --format cloudformation --out-dir ${TUTORIAL_CFN} --check EXIT 0 STDERR "3 files checked, 0 differences")
# The SAM source stack: the Task is read from the file its DefinitionUri names, with the
# template's substitutions, and linked at that file's positions.
iamsmith_cli_test(verify_sam_definition_uri ARGS verify --region us-east-1 123456789012=samples/sam/template.yaml
  111122223333=${STACKS}/target.yaml EXIT 0
  STDOUT "samples/sam/statemachine/cross-account.asl.json:[0-9]+:[0-9]+: warning\\[S009 cross-region-resource\\].*state 'Cross-account call' of arn:aws:states:us-east-1:123456789012:stateMachine:testCrossAccount assumes arn:aws:iam::111122223333:role/LambdaRole.*verify: 1 chain, 4 links: 4 satisfied, 0 broken")
# A Terraform plan as the target stack: its aws_iam_role_policy names the role by name
# (samples/inputs/terraform/plan.json), or only through the configuration's reference, the role
# being created, in a module, the account from the plan's aws_caller_identity (references-plan.json).
iamsmith_cli_test(verify_plan_role_policy_by_name ARGS verify --region us-east-1 123456789012=${STACKS}/source.yaml
  111122223333=samples/inputs/terraform/plan.json EXIT 0
  STDOUT "ok permissions: arn:aws:iam::111122223333:role/LambdaRole may call lambda:InvokeFunction on arn:aws:lambda:us-east-2:111122223333:function:Echo\n     granted by samples/inputs/terraform/plan.json:[0-9]+:[0-9]+ \\(statement \"InvokeEcho\"\\).*4 links: 4 satisfied")
iamsmith_cli_test(verify_plan_role_policy_by_reference ARGS verify --region us-east-1
  123456789012=${STACKS}/source.yaml tests/data/terraform/references-plan.json EXIT 0
  STDOUT "granted by tests/data/terraform/references-plan.json:[0-9]+:[0-9]+ \\(statement \"InvokeEcho\"\\).*4 links: 4 satisfied")

# A target chosen at run time has generate's contract: by default the call is checked on every
# resource of its kind in the target account, with a warning (G010); with --exact-resources it
# refuses (G009, exit 1, with the options that answer it). The policies are what `generate`
# writes by default (checked).
set(ANY_DIR tests/data/verify/any-resource)
set(ANY_SETUP --state-machine-arn arn:aws:states:us-east-1:123456789012:stateMachine:Quotes
  --execution-role-arn arn:aws:iam::123456789012:role/QuotesExecution)
iamsmith_cli_test(generate_any_resource_check ARGS generate --definition ${ANY_DIR}/definition.asl.json ${ANY_SETUP}
  --out-dir ${ANY_DIR}/policies --check EXIT 0 STDERR "4 files checked, 0 differences")
iamsmith_cli_test(verify_any_resource_refused ARGS verify --definition ${ANY_DIR}/definition.asl.json ${ANY_SETUP}
  --exact-resources ${ANY_DIR}/policies EXIT 1
  STDOUT "error\\[G009 dynamic-resource\\] state 'Get quote' calls a lambda-function chosen at run time \\(FunctionName.\\$: \"\\$.provider\"\\).*= note: pass --resource 'STATE=ARN\\[,ARN...\\]' with every resource it may call, or leave out --exact-resources to grant every one of its type in the target account\n")
iamsmith_cli_test(verify_any_resource ARGS verify --definition ${ANY_DIR}/definition.asl.json ${ANY_SETUP}
  ${ANY_DIR}/policies EXIT 0
  STDOUT "warning\\[G010 wildcard-granted\\] state 'Get quote' calls a lambda-function chosen at run time \\(FunctionName.\\$: \"\\$.provider\"\\); it is granted on every one in the target account: \"arn:aws:lambda:us-east-1:111122223333:function:\\*\".*ok permissions: arn:aws:iam::111122223333:role/QuoteRole may call lambda:InvokeFunction on arn:aws:lambda:us-east-1:111122223333:function:\\*.*4 links: 4 satisfied, 0 broken")
# generate says what narrows the grant: --resource, or --exact-resources to refuse it; also when
# the grant is "*" (a run-time list of ids of any of EC2's types), which G010 says as such.
iamsmith_cli_test(generate_any_resource_hint ARGS generate --definition ${ANY_DIR}/definition.asl.json ${ANY_SETUP}
  EXIT 0
  STDERR "warning\\[G010 wildcard-granted\\] state 'Get quote' calls a lambda-function chosen at run time .*= note: pass --resource 'STATE=ARN\\[,ARN...\\]' to name the ones it may call, or --exact-resources to refuse instead of granting them all")
iamsmith_cli_test(generate_any_resource_list_hint ARGS generate --definition ${ANY_DIR}/tag-list.asl.json ${ANY_SETUP}
  EXIT 0
  STDERR "warning\\[G010 wildcard-granted\\] state 'Tag' calls ec2:CreateTags on a resource chosen at run time \\(Resources.\\$: \"\\$.ids\"\\); it is granted on \"\\*\": the resources it lists may be of any of the action's resource types.*= note: pass --resource 'STATE=ARN\\[,ARN...\\]' to name the ones it may call, or --exact-resources to refuse instead of granting them all")
# A var the integration row builds the ARN from (eks:deleteCluster's Name): the hint says what
# helps, and not --resource, in generate and in verify.
iamsmith_cli_test(generate_row_var_hint ARGS generate --definition ${ANY_DIR}/row-var.asl.json ${ANY_SETUP}
  --exact-resources EXIT 1
  STDERR "error\\[G009 dynamic-resource\\] state 'Delete cluster' calls eks:deleteCluster on a resource built from Name, which is chosen at run time \\(Name.\\$: \"\\$.cluster\"\\).*= note: the integration builds the resource's ARN from Name: give Name a static value in the Task, or make the explicit choice of any resource.*= note: give the parameter a static value, or leave out --exact-resources to grant it with \"\\*\" in its place; --resource cannot name it")
iamsmith_cli_test(verify_row_var_hint ARGS verify --definition ${ANY_DIR}/row-var.asl.json ${ANY_SETUP}
  --exact-resources ${ANY_DIR}/policies EXIT 1
  STDOUT "G009 dynamic-resource.*built from Name.*= note: give the parameter a static value, or leave out --exact-resources to grant it with \"\\*\" in its place; --resource cannot name it")
# Without --exact-resources, the row's var is "*" in the ARN it builds, with a warning.
iamsmith_cli_test(generate_row_var_default ARGS generate --definition ${ANY_DIR}/row-var.asl.json ${ANY_SETUP} EXIT 0
  STDERR "warning\\[G010 wildcard-granted\\] state 'Delete cluster': Name is chosen at run time \\(Name.\\$: \"\\$.cluster\"\\); the resources named from it are granted with \"\\*\" in its place"
  STDOUT "arn:aws:eks:us-east-1:111122223333:cluster/\\*")
