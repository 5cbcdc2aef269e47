# Warnings live on one INTERFACE target that every project target links.
add_library(wardscope_warnings INTERFACE)
add_library(wardscope::warnings ALIAS wardscope_warnings)
target_compile_options(wardscope_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough)
if(WARDSCOPE_DEVELOPER)
  target_compile_options(wardscope_warnings INTERFACE -Werror)
endif()
