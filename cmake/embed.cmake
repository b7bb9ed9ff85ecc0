# iamsmith_embed(<target> OUTPUT <file.cpp> FILES <file>...)
# Generates a C++ source that defines, for each data file, a byte array and its size, looked up
# at run time by file name through iamsmith::detail::embedded_file(). Rebuilt when a file changes.
set(IAMSMITH_EMBED_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/embed_script.cmake)
function(iamsmith_embed target)
  cmake_parse_arguments(ARG "" "OUTPUT" "FILES" ${ARGN})
  set(abs_files)
  foreach(f IN LISTS ARG_FILES)
    list(APPEND abs_files ${CMAKE_CURRENT_SOURCE_DIR}/${f})
  endforeach()
  string(REPLACE ";" "|" joined "${abs_files}")
  add_custom_command(
    OUTPUT ${ARG_OUTPUT}
    COMMAND ${CMAKE_COMMAND} "-DFILES=${joined}" "-DOUTPUT=${ARG_OUTPUT}" -P ${IAMSMITH_EMBED_SCRIPT}
    DEPENDS ${abs_files} ${IAMSMITH_EMBED_SCRIPT}
    COMMENT "Embedding data files into ${ARG_OUTPUT}"
    VERBATIM)
  add_custom_target(${target} DEPENDS ${ARG_OUTPUT})
endfunction()
