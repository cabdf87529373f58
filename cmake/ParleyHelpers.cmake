# parley_test(NAME SOURCES... DEPS ...): one GoogleTest binary registered with
# CTest. Tests live beside the code they test (foo_test.cc next to foo.cc).
function(parley_test name)
  cmake_parse_arguments(T "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  if(NOT PARLEY_BUILD_TESTS)
    return()
  endif()
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60)
  # Labels are set by a script CTest reads after the discovered tests:
  # gtest_discover_tests(PROPERTIES LABELS "a;b") keeps only the first label
  # on CMake 3.25 (the list is split on its way to the discovery script, and
  # no escaping survives), so "integration;concurrent" lost `concurrent`.
  if(T_LABELS)
    set(labels_file "${CMAKE_CURRENT_BINARY_DIR}/${name}_labels.cmake")
    file(WRITE "${labels_file}" "if(DEFINED ${name}_TESTS)\n"
      "  set_tests_properties(\${${name}_TESTS} PROPERTIES LABELS \"${T_LABELS}\")\n"
      "endif()\n")
    set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${labels_file}")
  endif()
  # Collected for the `parley_concurrent_tests` target (tests/CMakeLists.txt),
  # which scripts/sanitize.sh tsan builds instead of everything.
  if("concurrent" IN_LIST T_LABELS)
    set_property(GLOBAL APPEND PROPERTY PARLEY_CONCURRENT_TESTS ${name})
  endif()
endfunction()

# parley_embed_files(<out_var> NAME <name> NAMESPACE <ns> FILES <file>...):
# compiles data files into the binary. Generates <name>.h and <name>.cc in
# the current binary dir (add it to the target's include directories), with
# `std::span<const parley::EmbeddedFile> <ns>::EmbeddedFiles()`
# (parley/common/embedded_file.h); sets <out_var> to the two files, to list
# among the target's sources. A changed data file regenerates them.
function(parley_embed_files out_var)
  cmake_parse_arguments(E "" "NAME;NAMESPACE" "FILES" ${ARGN})
  set(base ${CMAKE_CURRENT_BINARY_DIR}/${E_NAME})
  add_custom_command(
    OUTPUT ${base}.cc ${base}.h
    COMMAND ${CMAKE_COMMAND} -DOUT_BASE=${base} "-DFILES=${E_FILES}" -DNAMESPACE=${E_NAMESPACE}
            -P ${PROJECT_SOURCE_DIR}/cmake/embed_files.cmake
    DEPENDS ${E_FILES} ${PROJECT_SOURCE_DIR}/cmake/embed_files.cmake
    COMMENT "Embedding ${E_NAME}"
    VERBATIM)
  set(${out_var} ${base}.cc ${base}.h PARENT_SCOPE)
endfunction()

# parley_server_allocator(<target>): links a server executable with tcmalloc
# when PARLEY_TCMALLOC is on (see the top CMakeLists.txt). A linked
# allocator replaces malloc for the whole process, libraries included.
function(parley_server_allocator target)
  if(PARLEY_TCMALLOC)
    target_link_libraries(${target} PRIVATE PkgConfig::TCMALLOC)
  endif()
endfunction()
