# Warnings live on one INTERFACE target that every project target links.
add_library(wardscope_warnings INTERFACE)
add_library(wardscope::warnings ALIAS wardscope_warnings)
target_compile_options(wardscope_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough)
if(WARDSCOPE_DEVELOPER)
  target_compile_options(wardscope_warnings INTERFACE -Werror)
endif()
# GCC 12 warns -Wrestrict inside libstdc++ for `"literal" + std::string`
# when inlined at -O2 (a false positive, GCC bug 105329, fixed in GCC 13):
# off for that compiler alone, so a first build shows only real warnings.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 12
   AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(wardscope_warnings INTERFACE -Wno-restrict)
endif()
