# Installs the build into a fresh prefix, checks that the installed headers stand on their own,
# then configures, builds and runs tests/install/consumer against that prefix only.
# Run as: cmake -DBUILD_DIR= -DWORK= -DCONSUMER= -DGENERATOR= -DCXX= [-DCONFIG=] [-DLAUNCHER=]
#               [-DLINK_FLAGS=] -DEXPECT=<id|id|...> -P run_install_test.cmake
cmake_minimum_required(VERSION 3.25)
string(REPLACE "|" ";" EXPECT "${EXPECT}")
set(prefix ${WORK}/prefix)
set(consumer_build ${WORK}/consumer-build)
file(REMOVE_RECURSE ${WORK})

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    list(JOIN ARGN " " command)
    message(FATAL_ERROR "failed (${rc}): ${command}\n${out}")
  endif()
  set(run_output "${out}" PARENT_SCOPE)
endfunction()

set(config_args)
if(CONFIG)
  set(config_args --config ${CONFIG})
endif()
run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix} ${config_args})

# An installed header may include only the standard library and other installed headers: a
# user has neither iamsmith's sources nor its private dependencies' headers (RapidJSON).
file(GLOB_RECURSE headers RELATIVE ${prefix}/include ${prefix}/include/*)
if(NOT "iamsmith/lint.hpp" IN_LIST headers OR NOT "iamsmith/load.hpp" IN_LIST headers)
  message(FATAL_ERROR "the public headers were not installed under ${prefix}/include: ${headers}")
endif()
set(problems "")
foreach(header IN LISTS headers)
  file(STRINGS ${prefix}/include/${header} includes REGEX "^[ \t]*#[ \t]*include")
  foreach(line IN LISTS includes)
    if(line MATCHES "\"([^\"]+)\"")
      if(NOT EXISTS ${prefix}/include/${CMAKE_MATCH_1})
        string(APPEND problems "  ${header} includes \"${CMAKE_MATCH_1}\", which is not installed\n")
      endif()
    elseif(line MATCHES "<([^>]+)>")
      # Standard library headers have plain names: <vector>, <string_view>.
      if(NOT CMAKE_MATCH_1 MATCHES "^[a-z_]+$")
        string(APPEND problems "  ${header} includes <${CMAKE_MATCH_1}>, not a standard library header\n")
      endif()
    endif()
  endforeach()
endforeach()
if(problems)
  message(FATAL_ERROR "installed headers that do not stand on their own:\n${problems}")
endif()

# The consumer sees the installed prefix only: nothing of the source or build tree.
set(configure_args -S ${CONSUMER} -B ${consumer_build} -G ${GENERATOR}
    -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_FIND_PACKAGE_NO_PACKAGE_REGISTRY=ON)
if(CONFIG)
  list(APPEND configure_args -DCMAKE_BUILD_TYPE=${CONFIG})
endif()
if(LAUNCHER)
  list(APPEND configure_args -DCMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER})
endif()
if(LINK_FLAGS)
  # A library built with sanitizers needs their runtime in every program that links it.
  list(APPEND configure_args "-DCMAKE_EXE_LINKER_FLAGS=${LINK_FLAGS}")
endif()
run(${CMAKE_COMMAND} ${configure_args})
run(${CMAKE_COMMAND} --build ${consumer_build} ${config_args})

find_program(consumer NAMES consumer PATHS ${consumer_build} ${consumer_build}/${CONFIG} NO_DEFAULT_PATH REQUIRED)
run(${consumer})
string(REPLACE "\n" ";" got "${run_output}")
list(FILTER got EXCLUDE REGEX "^$")
if(NOT got STREQUAL EXPECT)
  message(FATAL_ERROR "the consumer printed\n${run_output}\nexpected the rule ids ${EXPECT}")
endif()
message(STATUS "consumer printed ${got}")
