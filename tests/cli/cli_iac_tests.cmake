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
