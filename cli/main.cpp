// wardscope: command-line front end over the gis pipeline API.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <exception>

#include "cli/commands.h"
#include "core/error.h"

#if defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif
#include <cstdint>

#if defined(__SANITIZE_ADDRESS__)
#define WARDSCOPE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WARDSCOPE_ASAN 1
#endif
#endif
#ifndef WARDSCOPE_ASAN
#define WARDSCOPE_ASAN 0
#endif

namespace {

constexpr const char* kExitCodes = R"(Exit codes:
  0  success (rejected rows are reported, not errors)
  1  internal error
  2  usage error (bad options)
  3  input error (a file cannot be read or used)
  4  output error (an output cannot be written)
  130 cancelled)";

/// The command, with its errors turned into exit codes.
int runCommand(int argc, char** argv);

#if defined(__GLIBC__) && !WARDSCOPE_ASAN
/// A command is one short batch run, and on a virtual machine each page of
/// memory touched for the first time costs a fault of about 10 us (a third of
/// the CPU time of a join). So:
/// - memory a step frees is kept for the next step instead of being given back
///   to the system and faulted in again: blocks up to 32 MiB come from the heap,
///   and the heap is not trimmed;
/// - every thread allocates from that one heap (tcache keeps small blocks per
///   thread), and the heap's first kReserve bytes of address space are reserved
///   at once and advised for transparent huge pages, so they are faulted in
///   2 MiB at a time (what glibc's tunable glibc.malloc.hugetlb=1 does; a
///   tunable can only be set before the program starts).
/// 10^6 rows into 20,000 wards: 46,000 -> 3,400 faults, 1.06 -> 0.86 s (medians of
/// 8 interleaved runs); stats on those wards, 999 permutations: 2.0 -> 1.7 s.
void tuneAllocator() {
    constexpr std::size_t kReserve = std::size_t{768} << 20;
    constexpr std::uintptr_t kHuge = std::uintptr_t{2} << 20;
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    mallopt(M_ARENA_MAX, 1);
    mallopt(M_TOP_PAD, static_cast<int>(kReserve));
    const auto before = reinterpret_cast<std::uintptr_t>(sbrk(0));
    void* volatile grow = std::malloc(std::size_t{1} << 20);  // the heap grows by kReserve (address space, not memory)
    std::free(grow);                                         // (volatile: the pair is not optimised away)
    const auto after = reinterpret_cast<std::uintptr_t>(sbrk(0));
    mallopt(M_TOP_PAD, 16 << 20);
    const std::uintptr_t begin = (before + kHuge - 1) & ~(kHuge - 1), end = after & ~(kHuge - 1);
    if (before != static_cast<std::uintptr_t>(-1) && end > begin)
        madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);  // advice: failing is harmless
}
#endif

}  // namespace

int main(int argc, char** argv) {
#if defined(__GLIBC__) && !WARDSCOPE_ASAN
    tuneAllocator();
#endif
    const int code = runCommand(argc, argv);
#if WARDSCOPE_ASAN
    return code;  // let the sanitizers' exit checks (leaks) run
#else
    // Every output is closed and renamed into place by now: end without
    // freeing hundreds of megabytes object by object (and without GDAL's and
    // PROJ's global teardown), which only costs time. Buffered text first.
    std::cout.flush();
    std::fflush(nullptr);
    std::_Exit(code);
#endif
}

namespace {

int runCommand(int argc, char** argv) {
    CLI::App app{"wardscope: child-labour case and survey records joined to Hai Phong wards, "
                 "aggregated and mapped.\nAll files it writes are written atomically."};
    app.footer(kExitCodes);
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("wardscope ") + WARDSCOPE_VERSION);
    std::vector<wardscope::cli::Action> actions;
    std::vector<CLI::App*> subs;
    for (const auto& command : wardscope::cli::commands()) {
        auto* sub = app.add_subcommand(command.name);
        actions.push_back(command.add(*sub));
        subs.push_back(sub);
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }
    // The one place errors become exit codes (model: GEOS capi execute()).
    try {
        for (std::size_t i = 0; i < subs.size(); ++i)
            if (subs[i]->parsed()) return actions[i]();
        return 2;
    } catch (const wardscope::UsageError& e) {
        std::fprintf(stderr, "wardscope: error: %s\n", e.what());
        return 2;
    } catch (const wardscope::InputError& e) {
        std::fprintf(stderr, "wardscope: input error: %s\n", e.what());
        return 3;
    } catch (const wardscope::OutputError& e) {
        std::fprintf(stderr, "wardscope: output error: %s\n", e.what());
        return 4;
    } catch (const wardscope::Canceled& e) {
        std::fprintf(stderr, "wardscope: %s\n", e.what());
        return 130;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "wardscope: internal error: %s\n", e.what());
        return 1;
    }
}

}  // namespace
