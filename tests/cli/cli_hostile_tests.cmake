# Hostile inputs on the command line (issue 15): FIFOs, symbolic link loops, files that vanish,
# unreadable files, standard output that fails or closes. Each case builds its inputs at test time
# (run_hostile_test.cmake); the large and deeply nested documents are unit tests
# (tests/unit/test_hostile.cpp). A TIMEOUT guards the cases whose bug would be a hang.
set(HOSTILE_RUNNER ${CMAKE_CURRENT_SOURCE_DIR}/cli/run_hostile_test.cmake)
foreach(case fifo_input fifo_in_directory symlink_loops vanished_file read_error unreadable_file
             unreadable_directory stdout_full stdout_closed_early)
  add_test(NAME cli.hostile.${case}
    COMMAND ${CMAKE_COMMAND} -DBINARY=$<TARGET_FILE:iamsmith> -DCASE=${case} -DSOURCE=${PROJECT_SOURCE_DIR}
      -DSCRATCH=${CMAKE_CURRENT_BINARY_DIR}/hostile/${case} -P ${HOSTILE_RUNNER})
  set_tests_properties(cli.hostile.${case} PROPERTIES LABELS "cli;hostile" TIMEOUT 60
    SKIP_REGULAR_EXPRESSION "SKIP: ")
endforeach()
