# Reliability regressions of the command line (issue 15): numeric options are range-checked
# (a limit of -1 or 2^64-1 once wrapped to 0 and spun for ever in the reader), each command has
# the limits its messages mention, and generate reads "-" as standard input.
# Every test here gets a TIMEOUT: the bug they guard against is a hang.

set(POLICY samples/tutorial/expected/LambdaRole.trust.json)
set(SPEC samples/tutorial/spec.json)
set(RANGE_TESTS)
macro(range_test name)
  iamsmith_cli_test(${name} ${ARGN})
  list(APPEND RANGE_TESTS cli.${name})
endmacro()

foreach(value -1 18446744073709551615 18446744073709551616 0 1e6 0x10 " 12" +5)
  string(MAKE_C_IDENTIFIER "${value}" id)
  string(REGEX REPLACE "([+.*?])" "\\\\\\1" pattern "${value}")
  range_test(lint_max_file_size_${id} ARGS lint --max-file-size "${value}" ${POLICY} EXIT 2
    STDERR "--max-file-size must be a whole number from 1 to 1073741824; got '${pattern}'")
endforeach()
range_test(generate_max_file_size_minus_one ARGS generate --max-file-size -1 --spec ${SPEC} EXIT 2
  STDERR "--max-file-size must be a whole number from 1 to 1073741824; got '-1'")
range_test(generate_max_file_size_max ARGS generate --max-file-size 18446744073709551615 --spec ${SPEC} EXIT 2
  STDERR "--max-file-size must be a whole number from 1 to 1073741824")
range_test(verify_max_file_size_minus_one ARGS verify --max-file-size -1 samples/tutorial/expected EXIT 2
  STDERR "--max-file-size must be a whole number from 1 to 1073741824; got '-1'")
range_test(simulate_max_file_size_minus_one ARGS simulate --max-file-size -1 --principal arn:aws:iam::111122223333:root
  --action s3:GetObject --policy ${POLICY} EXIT 2 STDERR "--max-file-size must be a whole number from 1 to 1073741824")
range_test(lint_max_depth_over_cap ARGS lint --max-depth 10001 ${POLICY} EXIT 2
  STDERR "--max-depth must be a whole number from 1 to 10000; got '10001'")
range_test(lint_max_depth_zero ARGS lint --max-depth 0 ${POLICY} EXIT 2 STDERR "--max-depth must be a whole number from 1 to 10000")
range_test(lint_max_policy_chars_minus_one ARGS lint --max-policy-chars -1 ${POLICY} EXIT 2
  STDERR "--max-policy-chars must be a whole number from 1 to 1073741824; got '-1'")
range_test(generate_trust_policy_quota_over ARGS generate --trust-policy-quota 4097 --spec ${SPEC} EXIT 2
  STDERR "--trust-policy-quota must be a whole number from 1 to 4096; got '4097'")
range_test(generate_trust_policy_quota_minus_one ARGS generate --trust-policy-quota -1 --spec ${SPEC} EXIT 2
  STDERR "--trust-policy-quota must be a whole number from 1 to 4096")
range_test(generate_max_depth_over_cap ARGS generate --max-depth 20000 --spec ${SPEC} EXIT 2
  STDERR "--max-depth must be a whole number from 1 to 10000")
# The ends of each range are accepted.
range_test(lint_max_file_size_at_cap ARGS lint --max-file-size 1073741824 --max-depth 10000 ${POLICY} EXIT 0)
range_test(lint_max_file_size_one ARGS lint --max-file-size 1 ${POLICY} EXIT 1 STDOUT "over the limit of 1 bytes")
range_test(generate_limits_at_cap ARGS generate --max-file-size 1073741824 --max-depth 10000 --trust-policy-quota 4096
  --spec ${SPEC} EXIT 0)
set_tests_properties(${RANGE_TESTS} PROPERTIES TIMEOUT 60)

# Each command has the limits its messages tell the user to raise.
iamsmith_cli_test(simulate_has_max_file_size ARGS simulate --max-file-size 10 --principal arn:aws:iam::111122223333:root
  --action s3:GetObject --policy ${POLICY} EXIT 2 STDERR "over the limit of 10 bytes.*raise the limit with --max-file-size")
iamsmith_cli_test(simulate_has_max_depth ARGS simulate --max-depth 2 --principal arn:aws:iam::111122223333:root
  --action s3:GetObject --policy ${POLICY} EXIT 2 STDERR "nested more than 2 levels deep.*--max-depth")
iamsmith_cli_test(generate_has_max_depth ARGS generate --max-depth 2 --spec ${SPEC} EXIT 1
  STDERR "nested more than 2 levels deep")
iamsmith_cli_test(lint_max_depth_at_cap_message ARGS lint --max-depth 3 ${POLICY} EXIT 1
  STDOUT "nested more than 3 levels deep\n.*--max-depth \\(at most 10000 levels\\)")

# generate reads "-" from standard input, as lint does; twice is refused.
iamsmith_cli_test(generate_spec_stdin ARGS generate --spec - STDIN ${SPEC} EXIT 0
  STDOUT "\"file\": \"LambdaRole.trust.json\"" STDERR "<stdin>:8:21: warning\\[S009 cross-region-resource\\]")
iamsmith_cli_test(generate_stdin_twice ARGS generate --spec - --spec - STDIN ${SPEC} EXIT 2
  STDERR "standard input \\(\"-\"\\) can be read once")

# Messages for files that are not simply missing.
iamsmith_cli_test(lint_not_a_directory ARGS lint ${POLICY}/inside.json EXIT 2
  STDERR "LambdaRole.trust.json/inside.json: no such file \\(a part of the path is not a directory\\)")

# SIGINT and SIGTERM sent to the real process during generate --out-dir (while it waits for the
# directory lock, which the script holds): exit 128+N, the directory unchanged.
add_test(NAME cli.generate_signal_while_locked
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/run_signal_test.sh $<TARGET_FILE:iamsmith> ${PROJECT_SOURCE_DIR}
    ${CMAKE_CURRENT_BINARY_DIR}/signal-test)
set_tests_properties(cli.generate_signal_while_locked PROPERTIES LABELS cli TIMEOUT 120 SKIP_REGULAR_EXPRESSION "SKIP:")
