# Compiler warnings and sanitizer flags shared by every Faultline target.
function(faultline_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-unused-parameter)
  target_compile_definitions(${target} PRIVATE QT_NO_KEYWORDS_IN_PUBLIC_HEADERS)
endfunction()

if(FAULTLINE_SANITIZE)
  string(REPLACE ";" "," _faultline_san "${FAULTLINE_SANITIZE}")
  add_compile_options(-fsanitize=${_faultline_san} -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=${_faultline_san})
endif()

add_compile_definitions(FAULTLINE_VERSION="${PROJECT_VERSION}")

if(FAULTLINE_BUILD_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "FAULTLINE_BUILD_FUZZ needs clang (use the 'fuzz' preset)")
  endif()
  # Everything is instrumented for coverage; only the fuzz targets link libFuzzer's main.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
