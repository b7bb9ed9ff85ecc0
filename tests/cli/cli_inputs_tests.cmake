# Inputs: what lint reads and skips (recognising files, directory walks, context from a file's
# location, the pre-commit hook). iamsmith_cli_test(NAME ARGS ... EXIT code [STDOUT regex] [STDERR regex]).

# The tutorial's directory: its definition and generated policies are linted, its spec is not.
iamsmith_cli_test(lint_tutorial_dir ARGS lint samples/tutorial EXIT 0
  STDERR "iamsmith: 8 files checked, 0 findings\niamsmith: note: samples/tutorial/spec.json: skipped: an iamsmith generate spec, not a policy\n")
# Named explicitly, a file that is not a policy is one P030 finding; with --skip-non-policies, a note.
iamsmith_cli_test(lint_named_package_json ARGS lint --no-config samples/inputs/not-policies/package.json EXIT 1
  STDOUT "^samples/inputs/not-policies/package.json:1:1: error\\[P030 not-a-policy\\] not an IAM policy \\(looks like package.json\\)\n")
iamsmith_cli_test(lint_named_spec ARGS lint --no-config samples/tutorial/spec.json EXIT 1
  STDOUT "spec.json:1:1: error\\[P030 not-a-policy\\] not an IAM policy: this is an iamsmith generate spec\n")
iamsmith_cli_test(lint_skip_non_policies ARGS lint --no-config --skip-non-policies samples/inputs/not-policies/package.json EXIT 0
  STDERR "0 files checked, 0 findings\niamsmith: note: samples/inputs/not-policies/package.json: skipped: not an IAM policy \\(looks like package.json\\)")
iamsmith_cli_test(lint_walk_not_policies ARGS lint --no-config samples/inputs/not-policies EXIT 0
  STDERR "1 file checked, 0 findings\niamsmith: note: samples/inputs/not-policies/package.json: skipped: not an IAM policy \\(looks like package.json\\)\niamsmith: note: samples/inputs/not-policies/tsconfig.json: skipped: not an IAM policy \\(looks like tsconfig.json\\)\n$")
iamsmith_cli_test(lint_help_no_ignore ARGS lint --help EXIT 0 STDOUT "--no-ignore.*\\.gitignore")

# The pre-commit case: only the staged trust policy is passed (one batch), and the manifest.json
# beside it makes the wrong sts:ExternalId an S001 finding. Run through the hook's own entry.
function(iamsmith_precommit_test name)
  cmake_parse_arguments(ARG "" "EXIT;STDOUT;STDERR" "FILES" ${ARGN})
  string(REPLACE ";" "|" joined "${ARG_FILES}")
  add_test(NAME cli.${name}
    COMMAND ${CMAKE_COMMAND} -DBINARY=$<TARGET_FILE:iamsmith> "-DFILES=${joined}" -DEXPECT_EXIT=${ARG_EXIT}
      "-DEXPECT_STDOUT=${ARG_STDOUT}" "-DEXPECT_STDERR=${ARG_STDERR}" -DWORKDIR=${CMAKE_CURRENT_SOURCE_DIR}/..
      -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/run_precommit_hook.cmake)
  set_tests_properties(cli.${name} PROPERTIES LABELS cli)
endfunction()
iamsmith_precommit_test(precommit_trust_alone FILES samples/broken/wrong-external-id/LambdaRole.trust.json EXIT 1
  STDOUT "LambdaRole.trust.json:[0-9]+:[0-9]+: error\\[S001 external-id-mismatch\\]")
# Another batch: the same file among unrelated staged JSON (no manifest in the batch): still S001,
# the others skipped with a note.
iamsmith_precommit_test(precommit_mixed_batch
  FILES samples/inputs/not-policies/package.json samples/tutorial/spec.json samples/broken/wrong-external-id/LambdaRole.trust.json
  EXIT 1 STDOUT "error\\[S001 external-id-mismatch\\]" STDERR "note: samples/inputs/not-policies/package.json: skipped")
iamsmith_precommit_test(precommit_clean FILES samples/tutorial/expected/LambdaRole.trust.json EXIT 0)

# Terraform plans and AWS CLI responses: every document they hold is linted with its kind and
# context, at the line and column inside the file (inside its strings too). Each sample is clean;
# its -broken variant is not. The goldens are tests/data/golden/inputs_<name>.golden
# (tools/update-goldens rewrites them).
foreach(sample terraform/plan aws-cli/get-role aws-cli/get-policy-version aws-cli/get-role-policy
        aws-cli/get-account-authorization-details aws-cli/describe-state-machine)
  string(REPLACE "/" "_" name "${sample}")
  string(REPLACE "-" "_" name "${name}")
  iamsmith_cli_test(inputs_${name} ARGS lint --no-config --color never samples/inputs/${sample}.json EXIT 0
    STDERR "1 file checked, 0 findings")
  iamsmith_cli_test(inputs_${name}_broken ARGS lint --no-config --color never samples/inputs/${sample}-broken.json
    EXIT 1 STDOUT_FILE tests/data/golden/inputs_${name}_broken.golden)
endforeach()
iamsmith_cli_test(inputs_terraform_plan_json ARGS lint --no-config --format json samples/inputs/terraform/plan-broken.json
  EXIT 1 STDOUT "\"files\":\\[\\{\"path\":\"samples/inputs/terraform/plan-broken.json\",\"kind\":\"terraform-plan\"\\}\\]")
