# A directory walk leaves out what git's user-level ignore file names: core.excludesFile in
# $HOME/.gitconfig ("~/" is $HOME), else $XDG_CONFIG_HOME/git/ignore or $HOME/.config/git/ignore
# (https://git-scm.com/docs/gitignore). The unit tests cover the rules with a given environment;
# this runs the binary with HOME and XDG_CONFIG_HOME set, as a user's shell has them.
# cmake -DBINARY= -DWORK= -P run_excludes_file_test.cmake
file(REMOVE_RECURSE ${WORK})
file(WRITE ${WORK}/repo/.git/HEAD "ref: refs/heads/main\n")
set(good [[{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::docs/*"}]}]])
set(draft [[{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjcet", "Resource": "arn:aws:s3:::docs/*"}]}]])
file(WRITE ${WORK}/repo/good.json "${good}\n")
file(WRITE ${WORK}/repo/scratch/draft.json "${draft}\n")
file(WRITE ${WORK}/home/.gitconfig "[core]\n\texcludesFile = ~/global-ignore\n")
file(WRITE ${WORK}/home/global-ignore "scratch/\n")
file(MAKE_DIRECTORY ${WORK}/empty-home)

# Runs lint on the repository with HOME (and XDG_CONFIG_HOME, when not empty) and checks the exit
# code and the summary line.
function(check name home xdg expected_code expected_summary)
  set(environment HOME=${home} --unset=XDG_CONFIG_HOME)
  if(NOT xdg STREQUAL "")
    set(environment HOME=${home} XDG_CONFIG_HOME=${xdg})
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} -E env ${environment} ${BINARY} lint --no-config ${ARGN} ${WORK}/repo
    RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code STREQUAL "${expected_code}" OR NOT err MATCHES "${expected_summary}")
    message(FATAL_ERROR "${name}: exit ${code} (expected ${expected_code}), stderr does not match "
                        "/${expected_summary}/:\n${out}\n${err}")
  endif()
endfunction()

check("core.excludesFile in ~/.gitconfig" ${WORK}/home "" 0 "1 file checked, 0 findings")
check("--no-ignore" ${WORK}/home "" 1 "2 files checked, 1 finding" --no-ignore)
check("a home without git configuration" ${WORK}/empty-home "" 1 "2 files checked, 1 finding")
# git's default file under XDG_CONFIG_HOME, when the user's configuration names none.
file(WRITE ${WORK}/xdg/git/ignore "draft.json\n")
check("$XDG_CONFIG_HOME/git/ignore" ${WORK}/empty-home ${WORK}/xdg 0 "1 file checked, 0 findings")
