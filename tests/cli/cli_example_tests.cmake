# Every command line `explain` prints for a rule's examples is one its command accepts, and on the
# bad example it reports the rule.
add_test(NAME cli.example_commands
  COMMAND ${CMAKE_COMMAND} -DBINARY=$<TARGET_FILE:iamsmith> -DOUT=${PROJECT_BINARY_DIR}/example-commands
    -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/run_example_commands.cmake)
set_tests_properties(cli.example_commands PROPERTIES LABELS cli)
