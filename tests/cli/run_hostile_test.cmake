# One hostile-input case of the CLI (cli_hostile_tests.cmake): builds its inputs in SCRATCH at test
# time (FIFOs, symbolic link loops, dangling links, unreadable files: nothing of it is checked
# in), runs BINARY, and checks the exit code and messages. -DCASE=name picks the case; SOURCE is
# the repository root. A case that cannot be set up here prints "SKIP: reason" (CTest's
# SKIP_REGULAR_EXPRESSION then reports it as skipped, with the reason in its output).

set(GOOD ${SOURCE}/samples/tutorial/expected/LambdaRole.trust.json)
file(REMOVE_RECURSE ${SCRATCH})
file(MAKE_DIRECTORY ${SCRATCH})

# tools/test --valgrind runs the binary under memcheck: IAMSMITH_TEST_WRAPPER is put before it.
separate_arguments(wrapper UNIX_COMMAND "$ENV{IAMSMITH_TEST_WRAPPER}")
execute_process(COMMAND id -u OUTPUT_VARIABLE uid OUTPUT_STRIP_TRAILING_WHITESPACE)

# run(EXIT code [STDOUT regex] [STDERR regex] [STDERR_EMPTY] ARGS ...) from SCRATCH.
function(run)
  cmake_parse_arguments(R "STDERR_EMPTY" "EXIT;STDOUT;STDERR;OUTPUT_FILE" "ARGS" ${ARGN})
  set(output_option)
  if(R_OUTPUT_FILE)
    set(output_option OUTPUT_FILE ${R_OUTPUT_FILE})
  endif()
  execute_process(COMMAND ${wrapper} ${BINARY} ${R_ARGS} WORKING_DIRECTORY ${SCRATCH}
    RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err ${output_option})
  set(failed FALSE)
  if(NOT "${code}" STREQUAL "${R_EXIT}")
    message(SEND_ERROR "exit code ${code}, expected ${R_EXIT}")
    set(failed TRUE)
  endif()
  if(R_STDOUT AND NOT out MATCHES "${R_STDOUT}")
    message(SEND_ERROR "stdout does not match /${R_STDOUT}/")
    set(failed TRUE)
  endif()
  if(R_STDERR AND NOT err MATCHES "${R_STDERR}")
    message(SEND_ERROR "stderr does not match /${R_STDERR}/")
    set(failed TRUE)
  endif()
  if(R_STDERR_EMPTY AND NOT err STREQUAL "")
    message(SEND_ERROR "stderr is not empty")
    set(failed TRUE)
  endif()
  if(failed)
    message(FATAL_ERROR "command: ${BINARY} ${R_ARGS}\n--- stdout ---\n${out}\n--- stderr ---\n${err}")
  endif()
endfunction()

if(CASE STREQUAL "fifo_input")
  # A named pipe nobody writes to: read as empty at once instead of blocking in open(2).
  execute_process(COMMAND mkfifo ${SCRATCH}/pipe.json RESULT_VARIABLE made)
  if(NOT made EQUAL 0)
    set(SKIP_REASON "mkfifo failed")
  else()
    run(ARGS lint pipe.json ${GOOD} EXIT 2 STDERR "1 file checked.*error: pipe.json: a named pipe \\(FIFO\\) with nothing written to it")
  endif()
elseif(CASE STREQUAL "fifo_in_directory")
  # A directory walk lints regular files only: the FIFO is neither opened nor waited for.
  file(MAKE_DIRECTORY ${SCRATCH}/dir)
  execute_process(COMMAND mkfifo ${SCRATCH}/dir/pipe.json RESULT_VARIABLE made)
  file(COPY ${GOOD} DESTINATION ${SCRATCH}/dir)
  if(NOT made EQUAL 0)
    set(SKIP_REASON "mkfifo failed")
  else()
    run(ARGS lint dir EXIT 0 STDERR "1 file checked, 0 findings")
  endif()
elseif(CASE STREQUAL "symlink_loops")
  # A directory loop through a link (not followed), two links that point at each other, a link to
  # itself: the walk ends, the loops that look like policies are reported, the good file linted.
  file(MAKE_DIRECTORY ${SCRATCH}/dir/sub)
  file(COPY ${GOOD} DESTINATION ${SCRATCH}/dir/sub)
  file(CREATE_LINK .. ${SCRATCH}/dir/sub/up SYMBOLIC)
  file(CREATE_LINK b.json ${SCRATCH}/dir/a.json SYMBOLIC)
  file(CREATE_LINK a.json ${SCRATCH}/dir/b.json SYMBOLIC)
  file(CREATE_LINK self.json ${SCRATCH}/dir/self.json SYMBOLIC)
  file(COPY ${GOOD} DESTINATION ${SCRATCH}/dir)
  file(RENAME ${SCRATCH}/dir/LambdaRole.trust.json ${SCRATCH}/dir/z.json)
  run(ARGS lint dir EXIT 2
    STDERR "2 files checked, 0 findings\n.*error: dir/a.json: too many levels of symbolic links \\(a symbolic link loop\\)\n.*error: dir/b.json: too many levels.*error: dir/self.json: too many levels")
  # Named explicitly, the same message.
  run(ARGS lint dir/a.json ${GOOD} EXIT 2 STDERR "1 file checked.*error: dir/a.json: too many levels of symbolic links")
elseif(CASE STREQUAL "vanished_file")
  # A file listed and then gone before it is read is what a dangling link is to the walk.
  file(MAKE_DIRECTORY ${SCRATCH}/dir)
  file(CREATE_LINK deleted.json ${SCRATCH}/dir/gone.json SYMBOLIC)
  file(COPY ${GOOD} DESTINATION ${SCRATCH}/dir)
  run(ARGS lint dir EXIT 2
    STDERR "1 file checked, 0 findings\n.*error: dir/gone.json: a symbolic link to 'deleted.json', which does not exist")
  run(ARGS lint dir/gone.json EXIT 2 STDERR "error: dir/gone.json: a symbolic link to 'deleted.json', which does not exist")
elseif(CASE STREQUAL "read_error")
  # An unreadable file that is unreadable for root too: /proc/self/mem opens, but reading its
  # first page fails (EIO). The other file is still linted.
  if(NOT EXISTS /proc/self/mem)
    set(SKIP_REASON "no /proc/self/mem")
  else()
    run(ARGS lint /proc/self/mem ${GOOD} EXIT 2 STDERR "1 file checked.*error: /proc/self/mem: read error: Input/output error")
  endif()
elseif(CASE STREQUAL "unreadable_file")
  if(uid STREQUAL "0")
    set(SKIP_REASON "running as root, who may read any file (read_error covers an unreadable file for root)")
  else()
    file(COPY ${GOOD} DESTINATION ${SCRATCH})
    file(CHMOD ${SCRATCH}/LambdaRole.trust.json PERMISSIONS OWNER_WRITE)
    run(ARGS lint LambdaRole.trust.json ${GOOD} EXIT 2 STDERR "1 file checked.*LambdaRole.trust.json: cannot open: Permission denied")
  endif()
elseif(CASE STREQUAL "unreadable_directory")
  if(uid STREQUAL "0")
    set(SKIP_REASON "running as root, who may list any directory")
  else()
    file(MAKE_DIRECTORY ${SCRATCH}/dir/locked ${SCRATCH}/dir/open)
    file(COPY ${GOOD} DESTINATION ${SCRATCH}/dir/open)
    file(COPY ${GOOD} DESTINATION ${SCRATCH}/dir/locked)
    file(CHMOD ${SCRATCH}/dir/locked PERMISSIONS OWNER_WRITE)
    run(ARGS lint dir EXIT 2
      STDERR "1 file checked.*error: dir/locked: cannot list directory: Permission denied; the files below it were not linted")
    # A path through a directory that cannot be searched is not "no such file".
    run(ARGS lint dir/locked/LambdaRole.trust.json EXIT 2 STDERR "permission denied")
    file(CHMOD ${SCRATCH}/dir/locked PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE)
  endif()
elseif(CASE STREQUAL "stdout_full")
  # Write errors on standard output are reported, with exit 3 (an output that could not be
  # written, as for an output file), in every format and for generate.
  if(NOT EXISTS /dev/full)
    set(SKIP_REASON "no /dev/full")
  else()
    foreach(format text json sarif github)
      run(ARGS lint --format ${format} ${SOURCE}/tests/data/tutorial/trust-policy.json OUTPUT_FILE /dev/full EXIT 3
        STDERR "iamsmith: error: cannot write to standard output: No space left on device; the output is incomplete\n$")
    endforeach()
    run(ARGS generate --spec ${SOURCE}/samples/tutorial/spec.json OUTPUT_FILE /dev/full EXIT 3
      STDERR "cannot write to standard output: No space left on device")
    run(ARGS rules --format json OUTPUT_FILE /dev/full EXIT 3 STDERR "cannot write to standard output")
  endif()
elseif(CASE STREQUAL "stdout_closed_early")
  # `iamsmith lint DIR | head -c 1`: the reader goes away; iamsmith stops at its next write,
  # quietly, with exit code 3. The output is made large enough (many findings) that a write must
  # come after the reader has gone.
  set(statements "")
  foreach(i RANGE 1 400)
    string(APPEND statements "{\"Sid\": \"S-${i}\", \"Effect\": \"allow\", \"Action\": \"s3GetObject\"},\n")
  endforeach()
  file(WRITE ${SCRATCH}/dir/noisy.json "{\"Statement\": [\n${statements}{}]}\n")
  execute_process(COMMAND ${wrapper} ${BINARY} lint dir COMMAND head -c 1 WORKING_DIRECTORY ${SCRATCH}
    RESULTS_VARIABLE codes OUTPUT_VARIABLE out ERROR_VARIABLE err)
  list(GET codes 0 code)
  if(NOT code STREQUAL "3" OR NOT err STREQUAL "" OR NOT out STREQUAL "d")
    message(FATAL_ERROR "expected exit 3, nothing on stderr and 'd' from head; got ${codes}, stdout '${out}', stderr:\n${err}")
  endif()
else()
  message(FATAL_ERROR "unknown CASE '${CASE}'")
endif()

if(SKIP_REASON)
  message("SKIP: ${SKIP_REASON}")
endif()
file(REMOVE_RECURSE ${SCRATCH})
