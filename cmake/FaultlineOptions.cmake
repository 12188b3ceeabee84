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
