# Suppressions, fingerprints and the options linters share (issue 14): safe ignores, the
# configuration's own include/exclude/fail-on/kind, and validated context options.

# tests/data/config/suppress/.iamsmith.json: the BreakGlass statement's W001 is accepted by Sid;
# the second "Action": "*" at /Statement/10 is not hidden by the pointer /Statement/1, which hid
# nothing and is reported (K002); vendor/ is excluded by a bare name; fail-on is error.
set(SUPPRESS_CONFIG tests/data/config/suppress/.iamsmith.json)
iamsmith_cli_test(lint_ignore_by_sid_and_segment ARGS lint --config ${SUPPRESS_CONFIG} --select W001,K002 tests/data/config/suppress
  EXIT 0
  STDOUT "^tests/data/config/suppress/iam/admin.json:14:[0-9]+: security\\[W001 full-access\\][^\n]*\n.*tests/data/config/suppress/.iamsmith.json:6:5: warning\\[K002 unused-ignore\\] this ignore \\(path \"iam/\\*\\.json\", pointer /Statement/1\\) hid no finding in the files it covers"
  STDERR "1 file checked, 2 findings")
# The same answer from the directory of the files, with the configuration found upwards.
iamsmith_cli_test(lint_ignore_from_subdirectory ARGS lint --select W001 admin.json WORKDIR tests/data/config/suppress/iam
  EXIT 0 STDOUT "^admin.json:14:[0-9]+: security\\[W001 full-access\\]" STDERR "1 file checked, 1 finding\n")
iamsmith_cli_test(lint_config_fail_on_overridden ARGS lint --config ${SUPPRESS_CONFIG} --fail-on security --select W001 tests/data/config/suppress/iam
  EXIT 1)
iamsmith_cli_test(lint_config_kind ARGS lint --config tests/data/config/kind-trust.json --format json tests/data/config/suppress/iam/admin.json
  EXIT 1 STDOUT "\"kind\":\"trust\"")
iamsmith_cli_test(lint_config_bad_key_lists_keys ARGS lint --config tests/data/config/bad.json samples/tutorial/expected EXIT 2
  STDERR "did you mean \"select\"\\? The keys are: select, ignore, severity, ignores, include, exclude, fail-on, kind, partition, account, accounts, rules\\.")

# Context options name real things.
iamsmith_cli_test(lint_partition_typo ARGS lint --partition aws-cnn samples/tutorial/expected EXIT 2
  STDERR "unknown --partition 'aws-cnn'; did you mean 'aws-cn'\\?")
iamsmith_cli_test(lint_account_short ARGS lint --account 1234 samples/tutorial/expected EXIT 2
  STDERR "--account '1234' is not an account ID: it must be 12 digits")
iamsmith_cli_test(lint_role_arn_name ARGS lint --account 111122223333 --role-arn LambdaRole samples/tutorial/expected EXIT 2
  STDERR "--role-arn 'LambdaRole' is not a valid ARN.*did you mean 'arn:aws:iam::111122223333:role/LambdaRole'\\?")
iamsmith_cli_test(lint_region_unknown ARGS lint --region us-east-9 samples/tutorial/expected EXIT 2
  STDERR "unknown --region 'us-east-9'; did you mean 'us-east-[12]'\\?")
iamsmith_cli_test(lint_region_other_partition ARGS lint --partition aws-cn --region us-east-1 samples/tutorial/expected EXIT 2
  STDERR "--region 'us-east-1' is not a region of --partition 'aws-cn'")
iamsmith_cli_test(lint_context_valid ARGS lint --partition aws --account 111122223333 --region us-east-1
  --role-arn arn:aws:iam::111122223333:role/LambdaRole samples/tutorial/expected/LambdaRole.permissions.json EXIT 0)

# lint --fix and --diff (run_fix_test.cmake: copies of tests/data/fix fixed, diffed and patched).
find_program(IAMSMITH_PATCH patch)
add_test(NAME cli.lint_fix
  COMMAND ${CMAKE_COMMAND} -DBINARY=$<TARGET_FILE:iamsmith> -DSOURCE=${PROJECT_SOURCE_DIR}
          -DWORK=${PROJECT_BINARY_DIR}/fix-test "-DPATCH=${IAMSMITH_PATCH}" -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/run_fix_test.cmake)
set_tests_properties(cli.lint_fix PROPERTIES LABELS cli)
# Standard input cannot be written back: --fix refuses it, --diff shows it.
iamsmith_cli_test(lint_fix_stdin_refused ARGS lint --no-config --fix - STDIN tests/data/fix/commented.json EXIT 2
  STDERR "--fix cannot write standard input back; --diff shows the fixes it would make")
iamsmith_cli_test(lint_diff_stdin ARGS lint --no-config --diff - STDIN tests/data/fix/commented.json EXIT 1
  STDOUT "^--- <stdin>\n\\+\\+\\+ <stdin>\n@@ -1,12 \\+1,11 @@\n" STDERR "3 findings in 1 file would be fixed")
iamsmith_cli_test(lint_diff_format_refused ARGS lint --no-config --diff --format json tests/data/fix EXIT 2
  STDERR "--diff prints a unified diff: it takes no --format")

# The configuration's "fail-on": "never" is --exit-zero: findings are reported, the run passes;
# --fail-on on the command line still wins.
iamsmith_cli_test(lint_config_fail_on_never ARGS lint --config tests/data/config/fail-never.json tests/data/fix/nothing-to-fix.json
  EXIT 0 STDOUT "security\\[W001 full-access\\]")
iamsmith_cli_test(lint_config_fail_on_never_overridden ARGS lint --config tests/data/config/fail-never.json --fail-on security
  tests/data/fix/nothing-to-fix.json EXIT 1)

# Every rule a SARIF result names is described in driver.rules, at its ruleIndex: K002 on the
# configuration file and a configuration's custom rules too (tests/sarif checks it on every log).
iamsmith_cli_test(lint_sarif_rules_unused_ignore ARGS lint --config ${SUPPRESS_CONFIG} --select W001,K002 --format sarif
  tests/data/config/suppress EXIT 0
  STDOUT "\"rules\":\\[.*\\{\"id\":\"K002\",\"name\":\"unused-ignore\".*\"ruleId\":\"K002\",\"ruleIndex\":[0-9]+")
iamsmith_cli_test(lint_sarif_rules_custom ARGS lint --config samples/config/iamsmith.json --format sarif
  samples/config/grants-prod-table.json EXIT 1
  STDOUT "\"rules\":\\[.*\\{\"id\":\"U001\",\"name\":\"no-production-tables\".*\"ruleId\":\"U001\",\"ruleIndex\":[0-9]+")

# verify's SARIF fingerprints are repository-relative, as lint's.
add_test(NAME cli.verify_fingerprints_repository_relative
  COMMAND ${CMAKE_COMMAND} -DBINARY=$<TARGET_FILE:iamsmith> -DSOURCE=${PROJECT_SOURCE_DIR}
          -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/run_verify_fingerprint_test.cmake)
set_tests_properties(cli.verify_fingerprints_repository_relative PROPERTIES LABELS cli)

# explain says which rules lint --fix fixes (Rule::autofix), and only those.
iamsmith_cli_test(explain_autofix ARGS explain P005 EXIT 0
  STDOUT "How to fix it:\n[^\n]*\n(  [^\n]*\n)*  `iamsmith lint --fix` makes this fix where it is safe \\(`--diff` shows it first\\)\\.\n")
iamsmith_cli_test(explain_autofix_json ARGS explain --format json P002 EXIT 0 STDOUT "\"fix\":\"[^\"]*\",\"autofix\":true,")
iamsmith_cli_test(explain_no_autofix_json ARGS explain --format json W001 EXIT 0 STDOUT "\"autofix\":false,")
