# Templates: every embedded policy and definition linted with its kind and context, reported at
# the template's line and column. Goldens: tools/update-goldens ci -R cli.iac_
iamsmith_cli_test(iac_cfn_json_clean ARGS lint samples/cloudformation/stack.json EXIT 0
  STDERR "1 file checked, 0 findings")
foreach(format text json)
  iamsmith_cli_test(iac_cfn_json_broken_${format} ARGS lint --no-config --color never --format ${format}
    tests/data/cloudformation/broken.json EXIT 1 STDOUT_FILE tests/data/golden/cfn-broken.${format}.golden)
endforeach()
