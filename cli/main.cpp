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
#endif

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

}  // namespace

int main(int argc, char** argv) {
#if defined(__GLIBC__) && !WARDSCOPE_ASAN
    // A command is one short batch run: memory a step frees is kept for the
    // next step instead of being given back to the system and touched for the
    // first time again (each first touch is a page fault, which is expensive on
    // a virtual machine). Blocks up to 32 MiB come from the heap, and the heap
    // is not trimmed. 10^6 rows into 20,000 wards: 55,800 -> 53,700 faults,
    // 1.06 -> 1.03 s; 10^7 rows: 2.0 -> 0.9 s of system time.
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    mallopt(M_TOP_PAD, 16 << 20);
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
