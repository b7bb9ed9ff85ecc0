# lint --output-file: the report goes to the file, not standard output, byte for byte what standard
# output would have held; a file that cannot be written is exit 3 and leaves the old one as it was.
# cmake -DBINARY= -DSOURCE= -DWORK= -P run_output_file_test.cmake
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(args lint --no-config --format sarif tests/data/golden/mixed-policy.json)
execute_process(COMMAND ${BINARY} ${args} WORKING_DIRECTORY ${SOURCE} RESULT_VARIABLE code OUTPUT_VARIABLE expected)
execute_process(COMMAND ${BINARY} ${args} --output-file ${WORK}/report.sarif WORKING_DIRECTORY ${SOURCE}
  RESULT_VARIABLE code_file OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code EQUAL 1 OR NOT code_file EQUAL 1)
  message(FATAL_ERROR "exit codes ${code} and ${code_file}, expected 1 (findings) both times: ${err}")
endif()
if(NOT out STREQUAL "")
  message(FATAL_ERROR "--output-file also wrote to standard output:\n${out}")
endif()
file(READ ${WORK}/report.sarif written)
if(NOT written STREQUAL expected)
  message(FATAL_ERROR "${WORK}/report.sarif differs from the standard output of the same run")
endif()
# A directory in the way of the file: nothing is written, the run says so and exits 3.
file(MAKE_DIRECTORY ${WORK}/taken)
file(WRITE ${WORK}/taken/keep "old")
execute_process(COMMAND ${BINARY} ${args} --output-file ${WORK}/taken WORKING_DIRECTORY ${SOURCE}
  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code EQUAL 3)
  message(FATAL_ERROR "--output-file onto a directory exited ${code}, expected 3: ${err}")
endif()
if(NOT EXISTS ${WORK}/taken/keep)
  message(FATAL_ERROR "the directory in the way was changed")
endif()
