# The harness's API documentation: `cmake --build build --target docs` runs Doxygen
# over cpp-harness/src/**/*.hpp and cpp-harness/docs/mainpage.md and writes
# build/docs/html/index.html. Doxygen warnings are errors (an undocumented public
# name fails the target). The target is not part of the default build.
#
# Doxygen is optional: without it, configuring still succeeds and the `docs` target
# says how to install it, then fails.

find_package(Doxygen)

set(FERRY_DOCS_SOURCE "${PROJECT_SOURCE_DIR}/cpp-harness/docs")
set(FERRY_HARNESS_SOURCE "${PROJECT_SOURCE_DIR}/cpp-harness/src")
set(FERRY_DOCS_OUTPUT "${PROJECT_BINARY_DIR}/docs")

if(DOXYGEN_FOUND)
  configure_file("${FERRY_DOCS_SOURCE}/Doxyfile.in" "${FERRY_DOCS_OUTPUT}/Doxyfile" @ONLY)
  add_custom_target(docs
    # A stale page of a removed header must not survive a rebuild.
    COMMAND "${CMAKE_COMMAND}" -E rm -rf "${FERRY_DOCS_OUTPUT}/html"
    COMMAND Doxygen::doxygen "${FERRY_DOCS_OUTPUT}/Doxyfile"
    COMMAND "${CMAKE_COMMAND}" -E echo "ferry API documentation: ${FERRY_DOCS_OUTPUT}/html/index.html"
    WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
    COMMENT "Doxygen: the harness's API documentation (warnings are errors)"
    VERBATIM)
else()
  add_custom_target(docs
    COMMAND "${CMAKE_COMMAND}" -E echo
            "ferry: the docs target needs Doxygen, which was not found when this build directory was configured."
    COMMAND "${CMAKE_COMMAND}" -E echo
            "ferry: install it with: sudo apt-get install -y doxygen   (./ferry bootstrap does it as root)"
    COMMAND "${CMAKE_COMMAND}" -E echo
            "ferry: then configure again: cmake -S ${PROJECT_SOURCE_DIR} -B ${PROJECT_BINARY_DIR}"
    COMMAND "${CMAKE_COMMAND}" -E false
    VERBATIM)
endif()
