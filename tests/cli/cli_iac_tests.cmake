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
