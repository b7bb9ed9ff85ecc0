# Templates: every embedded policy and definition linted with its kind and context, reported at
# the template's line and column. Goldens: tools/update-goldens ci -R cli.iac_
iamsmith_cli_test(iac_cfn_json_clean ARGS lint samples/cloudformation/stack.json EXIT 0
  STDERR "1 file checked, 0 findings")
foreach(format text json)
  iamsmith_cli_test(iac_cfn_json_broken_${format} ARGS lint --no-config --color never --format ${format}
    tests/data/cloudformation/broken.json EXIT 1 STDOUT_FILE tests/data/golden/cfn-broken.${format}.golden)
endforeach()
# YAML: short-form tags, an unquoted Version, a literal DefinitionString mapped line for line.
iamsmith_cli_test(iac_cfn_yaml_clean ARGS lint samples/cloudformation/stack.yaml EXIT 0
  STDERR "1 file checked, 0 findings")
iamsmith_cli_test(iac_cfn_yaml_broken_text ARGS lint --no-config --color never --format text
  tests/data/cloudformation/broken.yaml EXIT 1 STDOUT_FILE tests/data/golden/cfn-broken-yaml.text.golden)
iamsmith_cli_test(iac_cfn_kind ARGS lint --format json samples/cloudformation/stack.yaml EXIT 0
  STDOUT "\"files\":\\[\\{\"path\":\"samples/cloudformation/stack.yaml\",\"kind\":\"cloudformation\"\\}\\]")
iamsmith_cli_test(iac_yaml_syntax_error ARGS lint --no-config tests/data/cloudformation/bad-syntax.yaml EXIT 1
  STDOUT "bad-syntax.yaml:4:1: error\\[P001 invalid-json\\] while parsing a flow sequence \\(from line 3, column 11\\): did not find expected")
iamsmith_cli_test(iac_sam_clean ARGS lint samples/cloudformation/sam.yaml EXIT 0 STDERR "1 file checked, 0 findings")
# A walk reads the YAML files that look like templates and passes over the others in silence: a
# compose file (with a syntax error), a workflow and a Helm values file never produce a finding
# or a note, also with --no-ignore (which walks .github too).
iamsmith_cli_test(iac_walk_yaml ARGS lint --no-config tests/data/walk-yaml EXIT 0
  STDERR "^iamsmith: 1 file checked, 0 findings\n$")
iamsmith_cli_test(iac_walk_yaml_no_ignore ARGS lint --no-config --no-ignore tests/data/walk-yaml EXIT 0
  STDERR "^iamsmith: 1 file checked, 0 findings\n$")
iamsmith_cli_test(iac_walk_yaml_template_found ARGS lint --no-config --format json tests/data/walk-yaml EXIT 0
  STDOUT "\"path\":\"tests/data/walk-yaml/template.yml\",\"kind\":\"cloudformation\"")
# Named explicitly, a compose file is a finding, as any file that is not a policy.
iamsmith_cli_test(iac_compose_named ARGS lint --no-config tests/data/walk-yaml/docker-compose.yml EXIT 1)
# Fn::If: the false branch's typos are found (the first branch alone is clean), and the finding
# outside any condition, which both readings share, is reported once.
iamsmith_cli_test(iac_conditions_both_branches ARGS lint --no-config --select D002 tests/data/cloudformation/conditions.yaml
  EXIT 1 STDOUT "conditions.yaml:26:57: error\\[D002 unknown-action\\] action \"sqs:SendMesage\".*conditions.yaml:32:27: error\\[D002 unknown-action\\] action \"s3:GetObjcet\".*conditions.yaml:35:25: error\\[D002 unknown-action\\] action \"dynamodb:GetItme\""
  STDERR "1 file checked, 3 findings")
# SAM DefinitionUri: the definition's own file is linted with the template's context (its role,
# its state machine's ARN from Name, --account and --region, its DefinitionSubstitutions), at
# that file's positions; a walk finding both files lints the definition once.
iamsmith_cli_test(iac_sam_definition_uri_clean ARGS lint --no-config --format json samples/sam/template.yaml EXIT 0
  STDOUT "\"files\":\\[\\{\"path\":\"samples/sam/template.yaml\",\"kind\":\"cloudformation\"\\},\\{\"path\":\"samples/sam/statemachine/cross-account.asl.json\",\"kind\":\"state-machine\"\\}\\]")
iamsmith_cli_test(iac_sam_definition_uri_walk ARGS lint --no-config samples/sam EXIT 0
  STDERR "^iamsmith: 2 files checked, 0 findings\n$")
# The broken variant: the definition's findings in its file (S008 Credentials with ExternalId,
# S009 the substituted function in eu-west-1 while the state machine runs in us-east-1), and I001
# at each DefinitionUri that is not read: a missing file, a path out of the template's directory
# (which exists: never read), an S3 location and an s3:// URI.
iamsmith_cli_test(iac_sam_definition_uri_broken ARGS lint --no-config --color never --partition aws --account 123456789012
  --region us-east-1 tests/data/sam/broken/template.yaml EXIT 1
  STDOUT_FILE tests/data/golden/sam-definition-uri-broken.text.golden)
# A Terraform configuration in JSON syntax: each policy string is linted at its place in the file
# (a "$${aws:username}" escape is IAM's ${aws:username}, not a syntax error), the policy attached
# by "${aws_iam_role.lambda.id}" belongs to that role, and one written as an interpolation is
# known only after apply: not judged.
iamsmith_cli_test(iac_terraform_json_broken ARGS lint --no-config --color never tests/data/terraform/broken.tf.json EXIT 1
  STDOUT "broken.tf.json:6:120: security\\[T001 missing-external-id\\].*broken.tf.json:13:96: error\\[D002 unknown-action\\] action \"lambda:InvokeFunctions\".*= at: /resource/aws_iam_role_policy/invoke/policy/Statement/0/Action.*= note: in the policy of aws_iam_role_policy.invoke \\(role aws_iam_role.lambda\\)\n$"
  STDERR "1 file checked, 3 findings")
# git's user-level ignore file, found through HOME / XDG_CONFIG_HOME as a user's shell sets them.
add_test(NAME cli.walk_git_excludes_file
  COMMAND ${CMAKE_COMMAND} -DBINARY=$<TARGET_FILE:iamsmith> -DWORK=${PROJECT_BINARY_DIR}/excludes-file-test
          -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/run_excludes_file_test.cmake)
set_tests_properties(cli.walk_git_excludes_file PROPERTIES LABELS cli)
# A definition named before the template that names it by DefinitionUri is still linted once, as
# part of the template (with its context); a definition no template names is linted on its own.
iamsmith_cli_test(iac_sam_definition_uri_named_first ARGS lint --no-config --format json
  samples/sam/statemachine/cross-account.asl.json samples/sam/template.yaml EXIT 0
  STDOUT "\"files\":\\[\\{\"path\":\"samples/sam/template.yaml\",\"kind\":\"cloudformation\"\\},\\{\"path\":\"samples/sam/statemachine/cross-account.asl.json\",\"kind\":\"state-machine\"\\}\\]")
# Each Terraform resource that holds a policy, with its kind: user and group policies and
# aws_iam_policy are identity policies (a Principal there is P011), topic, bucket and key policies
# are resource policies (W004 on "*", X001 across partitions); an aws_iam_role's inline_policy
# blocks, written as an array or (one block) as an object in JSON syntax, are the role's; one
# written as an interpolation is known only after apply.
iamsmith_cli_test(iac_terraform_json_kinds ARGS lint --no-config --color never tests/data/terraform/principals.tf.json
  EXIT 1 STDOUT_FILE tests/data/golden/terraform-json-kinds.text.golden)
iamsmith_cli_test(iac_terraform_plan_kinds ARGS lint --no-config --color never --partition aws
  tests/data/terraform/kinds-plan.json EXIT 1 STDOUT_FILE tests/data/golden/terraform-plan-kinds.text.golden)
