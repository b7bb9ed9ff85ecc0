# Hostile cases for the files iamsmith writes (generate --out-dir, lint --write-baseline), run
# against the real binary in a scratch directory OUT (under the build tree):
#   an out-dir under a regular file; a directory in the way; two generate runs into one
#   directory at once; a mistyped input with --write-baseline; a symlink at the old predictable
#   temporary name. (A full disk, a read-only location and SIGINT mid-write are simulated in
#   tests/unit/test_atomic_write.cpp through the writer's seam: they need no privileges there.)
# Usage: cmake -DBINARY=... -DOUT=... -P run_output_tests.cmake

file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT})
set(failed FALSE)

# expect(MESSAGE CONDITION...): the condition as if() takes it (no ';' inside a regex).
function(expect what)
  if(NOT (${ARGN}))
    message(SEND_ERROR "${what}")
    set(failed TRUE PARENT_SCOPE)
  endif()
endfunction()

set(SM arn:aws:states:us-east-1:123456789012:stateMachine:Orders)
set(EXEC arn:aws:iam::123456789012:role/OrdersExecution)
set(ONE --target arn:aws:iam::111122223333:role/One=arn:aws:states:::lambda:invoke=arn:aws:lambda:us-east-1:111122223333:function:f)
set(TWO --target arn:aws:iam::111122223333:role/Two=arn:aws:states:::lambda:invoke=arn:aws:lambda:us-east-1:111122223333:function:g)
set(GEN ${BINARY} generate --state-machine-arn ${SM} --execution-role-arn ${EXEC})

# 1. --out-dir under a regular file: exit 3, the reason, nothing written.
file(WRITE ${OUT}/plain "x")
execute_process(COMMAND ${GEN} ${ONE} --out-dir ${OUT}/plain/dir RESULT_VARIABLE code ERROR_VARIABLE err OUTPUT_QUIET)
expect("under a regular file: exit ${code}, expected 3" code EQUAL 3)
expect("under a regular file: stderr is: ${err}" err MATCHES "plain/dir: cannot create the directory: Not a directory. nothing was written")

# 2. A directory in the way: exit 3, nothing written.
file(MAKE_DIRECTORY ${OUT}/inway/One.permissions.json)
execute_process(COMMAND ${GEN} ${ONE} --out-dir ${OUT}/inway --force RESULT_VARIABLE code ERROR_VARIABLE err OUTPUT_QUIET)
expect("directory in the way: exit ${code}, expected 3" code EQUAL 3)
expect("directory in the way: stderr is: ${err}" err MATCHES "One.permissions.json: a directory is in the way. nothing was written")
file(GLOB written ${OUT}/inway/*)
expect("directory in the way: something was written: ${written}" written STREQUAL "${OUT}/inway/One.permissions.json")

# 3. Two runs at once (one in the background), each with --force and its own
#    role set: both succeed (the second waits for the lock), and the directory then holds exactly
#    one of the sets: --check passes for one and fails for the other.
list(JOIN GEN " " gen)
list(JOIN ONE " " args_one)
list(JOIN TWO " " args_two)
execute_process(COMMAND sh -c "${gen} ${args_one} --out-dir ${OUT}/both --force >/dev/null 2>&1 & p=$!; ${gen} ${args_two} --out-dir ${OUT}/both --force >/dev/null 2>&1; b=$?; wait $p; echo \"$?,$b\""
                OUTPUT_VARIABLE codes OUTPUT_STRIP_TRAILING_WHITESPACE)
expect("concurrent runs: exit codes ${codes}, expected 0,0" codes STREQUAL "0,0")
execute_process(COMMAND ${GEN} ${ONE} --out-dir ${OUT}/both --check RESULT_VARIABLE one OUTPUT_QUIET ERROR_QUIET)
execute_process(COMMAND ${GEN} ${TWO} --out-dir ${OUT}/both --check RESULT_VARIABLE two OUTPUT_QUIET ERROR_QUIET)
expect("concurrent runs: --check gives ${one} for one set and ${two} for the other" (one EQUAL 0 AND two EQUAL 1) OR (one EQUAL 1 AND two EQUAL 0))
file(GLOB leftovers ${OUT}/both/.iamsmith-tmp-*)
expect("concurrent runs: temporaries left: ${leftovers}" NOT leftovers)

# 4. --write-baseline with a mistyped input: the "no such file" is printed, exit 2, and the old
#    baseline (with its findings) stays.
file(WRITE ${OUT}/policy.json "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}]}\n")
execute_process(COMMAND ${BINARY} lint --no-config --write-baseline ${OUT}/baseline.json ${OUT}/policy.json
                RESULT_VARIABLE code OUTPUT_QUIET ERROR_VARIABLE err)
expect("baseline: exit ${code}, expected 0 (${err})" code EQUAL 0)
file(READ ${OUT}/baseline.json before)
expect("baseline: no finding recorded: ${before}" before MATCHES "W0")
execute_process(COMMAND ${BINARY} lint --no-config --write-baseline ${OUT}/baseline.json ${OUT}/policy.json ${OUT}/polciy.json
                RESULT_VARIABLE code OUTPUT_QUIET ERROR_VARIABLE err)
expect("mistyped input: exit ${code}, expected 2" code EQUAL 2)
expect("mistyped input: stderr is: ${err}" err MATCHES "polciy.json: no such file.*baseline.json was not written")
file(READ ${OUT}/baseline.json after)
expect("mistyped input: the baseline was replaced" before STREQUAL after)

# 5. A symlink planted at the name the old writer used as its temporary (PATH.tmp) is not followed.
file(WRITE ${OUT}/victim "precious\n")
file(CREATE_LINK ${OUT}/victim ${OUT}/baseline.json.tmp SYMBOLIC)
execute_process(COMMAND ${BINARY} lint --no-config --write-baseline ${OUT}/baseline.json ${OUT}/policy.json
                RESULT_VARIABLE code OUTPUT_QUIET ERROR_QUIET)
file(READ ${OUT}/victim victim)
expect("symlink: exit ${code}, expected 0" code EQUAL 0)
expect("symlink: the victim was overwritten: ${victim}" victim STREQUAL "precious\n")

# 6. The baseline's directory is not writable in the way a root-run test can rely on: a regular
#    file where its directory should be. Exit 3, nothing written.
execute_process(COMMAND ${BINARY} lint --no-config --write-baseline ${OUT}/plain/baseline.json ${OUT}/policy.json
                RESULT_VARIABLE code OUTPUT_QUIET ERROR_VARIABLE err)
expect("baseline under a file: exit ${code}, expected 3" code EQUAL 3)
expect("baseline under a file: stderr is: ${err}" err MATCHES "plain/baseline.json: cannot write: Not a directory")

if(failed)
  message(FATAL_ERROR "output tests failed (scratch directory: ${OUT})")
endif()
file(REMOVE_RECURSE ${OUT})
