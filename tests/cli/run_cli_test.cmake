# Runs BINARY with ARGS ('|'-separated) in WORKDIR, standard input from STDIN (a file) if given; fails unless the exit code is EXPECT_EXIT and
# stdout / stderr match the EXPECT_STDOUT / EXPECT_STDERR regular expressions (when given), and
# stdout equals the file EXPECT_STDOUT_FILE byte for byte (when given).
# A differing stdout is written to ACTUAL_DIR/NAME.txt, one file per test, so that several failing
# tests do not overwrite each other's output. With the environment variable
# IAMSMITH_UPDATE_GOLDEN=1 (tools/update-goldens), a differing EXPECT_STDOUT_FILE is rewritten from
# the actual output instead; the exit code and the regular expressions are still checked.
string(REPLACE "|" ";" args "${ARGS}")
set(input_option)
if(NOT "${STDIN}" STREQUAL "")
  set(input_option INPUT_FILE ${WORKDIR}/${STDIN})
endif()
# tools/test --valgrind runs the binary under memcheck: IAMSMITH_TEST_WRAPPER is put before it.
separate_arguments(wrapper UNIX_COMMAND "$ENV{IAMSMITH_TEST_WRAPPER}")
execute_process(COMMAND ${wrapper} ${BINARY} ${args}
  WORKING_DIRECTORY ${WORKDIR} ${input_option}
  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(failed FALSE)
if(NOT "${code}" STREQUAL "${EXPECT_EXIT}")
  message(SEND_ERROR "exit code ${code}, expected ${EXPECT_EXIT}")
  set(failed TRUE)
endif()
if(NOT "${EXPECT_STDOUT}" STREQUAL "" AND NOT out MATCHES "${EXPECT_STDOUT}")
  message(SEND_ERROR "stdout does not match /${EXPECT_STDOUT}/")
  set(failed TRUE)
endif()
if(NOT "${EXPECT_STDERR}" STREQUAL "" AND NOT err MATCHES "${EXPECT_STDERR}")
  message(SEND_ERROR "stderr does not match /${EXPECT_STDERR}/")
  set(failed TRUE)
endif()
if(NOT "${EXPECT_STDOUT_FILE}" STREQUAL "")
  set(golden_path ${WORKDIR}/${EXPECT_STDOUT_FILE})
  set(golden "")
  if(EXISTS ${golden_path})
    file(READ ${golden_path} golden)
  endif()
  set(actual_path ${ACTUAL_DIR}/${NAME}.txt)
  # SARIF names its %SRCROOT% by the checkout's absolute path: the same golden on every machine.
  string(REGEX REPLACE "\"%SRCROOT%\":\\{\"uri\":\"file://[^\"]*\"\\}" "\"%SRCROOT%\":{\"uri\":\"file:///SRCROOT/\"}"
         out "${out}")
  if(out STREQUAL golden)
    file(REMOVE ${actual_path})
  elseif("$ENV{IAMSMITH_UPDATE_GOLDEN}" STREQUAL "1")
    file(WRITE ${golden_path} "${out}")
    file(REMOVE ${actual_path})
    message(STATUS "updated ${EXPECT_STDOUT_FILE}")
  else()
    file(WRITE ${actual_path} "${out}")
    if(NOT EXISTS ${golden_path})
      message(SEND_ERROR "${EXPECT_STDOUT_FILE} does not exist (actual output in ${actual_path}; "
                         "IAMSMITH_UPDATE_GOLDEN=1 writes it)")
    else()
      message(SEND_ERROR "stdout differs from ${EXPECT_STDOUT_FILE} (actual output in ${actual_path})")
    endif()
    set(failed TRUE)
  endif()
endif()
if(failed)
  message(FATAL_ERROR "command: ${BINARY} ${args}\n--- stdout ---\n${out}\n--- stderr ---\n${err}")
endif()
