#pragma once
// The exact maximal covering optimum by mixed-integer programming (GLPK), to
// measure the heuristic's gap on small instances.
#include <optional>
#include <vector>

#include "core/mclp.h"

namespace wardscope::gis {

struct ExactMclp {
    std::vector<std::size_t> sites;
    double covered = 0;
};

/// max sum w_i y_i  s.t.  y_i <= sum_{c covers i} x_c,  sum x_c = k,  x binary,
/// 0 <= y_i <= 1. Returns nothing when GLPK does not prove optimality within the
/// time limit.
std::optional<ExactMclp> solveMclpExact(const core::CoverageProblem& problem, std::size_t k, double timeLimitSeconds = 30);

}  // namespace wardscope::gis
