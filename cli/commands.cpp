#include "cli/commands.h"

namespace wardscope::cli {

const std::vector<Command>& commands() {
    static const std::vector<Command> list = {
        {"analyze", addAnalyze},
        {"campaign", addCampaign},
        {"density", addDensity},
        {"map", addMap},
        {"rank", addRank},
        {"route", addRoute},
        {"scan", addScan},
        {"stats", addStats},
        {"synth", addSynth},
    };
    return list;
}

}  // namespace wardscope::cli
