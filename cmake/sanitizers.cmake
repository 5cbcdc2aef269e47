# Extra build type: cmake -DCMAKE_BUILD_TYPE=ASan (AddressSanitizer + UndefinedBehaviorSanitizer).
# Normal variables, so that they win over the empty cache entries CMake creates.
set(WARDSCOPE_SANITIZE "-fsanitize=address,undefined -fno-sanitize-recover=undefined")
set(CMAKE_CXX_FLAGS_ASAN "-O1 -g -fno-omit-frame-pointer ${WARDSCOPE_SANITIZE}")
set(CMAKE_EXE_LINKER_FLAGS_ASAN "${WARDSCOPE_SANITIZE}")
set(CMAKE_SHARED_LINKER_FLAGS_ASAN "${WARDSCOPE_SANITIZE}")
