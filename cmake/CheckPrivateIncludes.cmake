# Private headers are enforced at configure time: a header under a target's internal/ folder is
# included only from the folders named ALLOWED (the target itself, its own tests and benchmarks).
# The public include path is the source root, so without this check any target could reach them.
function(faultline_check_private_includes prefix)
  cmake_parse_arguments(ARG "" "" "ALLOWED" ${ARGN})
  file(GLOB_RECURSE _sources CONFIGURE_DEPENDS
       ${PROJECT_SOURCE_DIR}/core/*.cpp ${PROJECT_SOURCE_DIR}/core/*.h
       ${PROJECT_SOURCE_DIR}/ui/*.cpp ${PROJECT_SOURCE_DIR}/ui/*.h
       ${PROJECT_SOURCE_DIR}/app/*.cpp ${PROJECT_SOURCE_DIR}/app/*.h
       ${PROJECT_SOURCE_DIR}/tests/*.cpp ${PROJECT_SOURCE_DIR}/tests/*.h
       ${PROJECT_SOURCE_DIR}/fuzz/*.cpp ${PROJECT_SOURCE_DIR}/bench/*.cpp)
  foreach(_src ${_sources})
    set(_allowed FALSE)
    foreach(_dir ${ARG_ALLOWED})
      string(FIND "${_src}" "${_dir}/" _at)
      if(_at EQUAL 0)
        set(_allowed TRUE)
      endif()
    endforeach()
    if(_allowed)
      continue()
    endif()
    file(STRINGS ${_src} _hits REGEX "#include *\"${prefix}")
    if(_hits)
      file(RELATIVE_PATH _rel ${PROJECT_SOURCE_DIR} ${_src})
      message(FATAL_ERROR "${_rel} includes a private header (${prefix}): ${_hits}")
    endif()
  endforeach()
endfunction()
