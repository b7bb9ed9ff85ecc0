# Installs a test's pinned npm dependencies (SOURCE/package.json and SOURCE/package-lock.json)
# under PREFIX/node_modules, unless exactly that lock is installed already (PREFIX/package-lock.json
# equal to SOURCE's and the file MARKER present). The only step of such a test that uses the
# network. WHAT names the packages in messages; EXECUTABLE, if given, is a file (relative to
# PREFIX) made executable after the install.
#   cmake -DNPM=<npm> -DPREFIX=<dir> -DSOURCE=<dir> -DMARKER=<path under PREFIX> -DWHAT=<text>
#         [-DEXECUTABLE=<path under PREFIX>] -P npm_install.cmake
foreach(required NPM PREFIX SOURCE MARKER WHAT)
  if(NOT DEFINED ${required})
    message(FATAL_ERROR "npm_install.cmake: -D${required}=... is required")
  endif()
endforeach()
set(lock ${SOURCE}/package-lock.json)
set(installed_lock ${PREFIX}/package-lock.json)
set(marker ${PREFIX}/${MARKER})
if(EXISTS ${marker} AND EXISTS ${installed_lock})
  file(SHA256 ${lock} wanted)
  file(SHA256 ${installed_lock} have)
  if(wanted STREQUAL have)
    message(STATUS "the pinned ${WHAT} is already installed in ${PREFIX}")
    return()
  endif()
endif()
file(MAKE_DIRECTORY ${PREFIX})
file(COPY ${SOURCE}/package.json ${lock} DESTINATION ${PREFIX})
# npm ci installs exactly the lock's versions and checks their integrity hashes;
# --ignore-scripts: no package runs code at install time (EXECUTABLE is made executable below
# instead of by a package's script).
execute_process(
  COMMAND ${NPM} ci --prefix ${PREFIX} --ignore-scripts --no-audit --no-fund
  RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  file(REMOVE ${installed_lock})
  message(FATAL_ERROR "npm ci in ${PREFIX} failed (${result}); the test needs network access once, "
                      "to install ${WHAT} into the build tree")
endif()
if(NOT EXISTS ${marker})
  message(FATAL_ERROR "npm ci finished but ${marker} is missing")
endif()
if(DEFINED EXECUTABLE)
  file(CHMOD ${PREFIX}/${EXECUTABLE} PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ
       GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
endif()
