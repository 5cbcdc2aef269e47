#include "gis/mclp_exact.h"

#include <glpk.h>

#include <algorithm>
#include <memory>

namespace wardscope::gis {

std::optional<ExactMclp> solveMclpExact(const core::CoverageProblem& p, std::size_t k, double timeLimitSeconds) {
    const std::size_t m = p.covers.size(), n = p.demand.size();
    k = std::min(k, m);
    std::vector<std::vector<int>> coveredBy(n);
    for (std::size_t c = 0; c < m; ++c)
        for (auto i : p.covers[c]) coveredBy[i].push_back(static_cast<int>(c));
    std::unique_ptr<glp_prob, decltype(&glp_delete_prob)> lp(glp_create_prob(), &glp_delete_prob);
    glp_set_obj_dir(lp.get(), GLP_MAX);
    // Columns 1..m: x_c; then one y_i per demand point that some candidate covers.
    glp_add_cols(lp.get(), static_cast<int>(m));
    for (std::size_t c = 0; c < m; ++c) {
        glp_set_col_kind(lp.get(), static_cast<int>(c + 1), GLP_BV);
    }
    std::vector<std::size_t> ys;
    for (std::size_t i = 0; i < n; ++i)
        if (!coveredBy[i].empty() && p.demand[i] > 0) ys.push_back(i);
    if (!ys.empty()) glp_add_cols(lp.get(), static_cast<int>(ys.size()));
    for (std::size_t j = 0; j < ys.size(); ++j) {
        const int col = static_cast<int>(m + j + 1);
        glp_set_col_bnds(lp.get(), col, GLP_DB, 0.0, 1.0);
        glp_set_obj_coef(lp.get(), col, p.demand[ys[j]]);
    }
    // Rows: y_i - sum x_c <= 0, and sum x_c = k.
    glp_add_rows(lp.get(), static_cast<int>(ys.size() + 1));
    std::vector<int> ia = {0}, ja = {0};
    std::vector<double> ar = {0};
    for (std::size_t j = 0; j < ys.size(); ++j) {
        const int row = static_cast<int>(j + 1);
        glp_set_row_bnds(lp.get(), row, GLP_UP, 0.0, 0.0);
        ia.push_back(row), ja.push_back(static_cast<int>(m + j + 1)), ar.push_back(1.0);
        for (int c : coveredBy[ys[j]]) ia.push_back(row), ja.push_back(c + 1), ar.push_back(-1.0);
    }
    const int last = static_cast<int>(ys.size() + 1);
    glp_set_row_bnds(lp.get(), last, GLP_FX, static_cast<double>(k), static_cast<double>(k));
    for (std::size_t c = 0; c < m; ++c) ia.push_back(last), ja.push_back(static_cast<int>(c + 1)), ar.push_back(1.0);
    glp_load_matrix(lp.get(), static_cast<int>(ia.size() - 1), ia.data(), ja.data(), ar.data());
    glp_term_out(GLP_OFF);
    glp_iocp params;
    glp_init_iocp(&params);
    params.presolve = GLP_ON;
    params.tm_lim = static_cast<int>(timeLimitSeconds * 1000);
    params.msg_lev = GLP_MSG_OFF;
    if (glp_intopt(lp.get(), &params) != 0 || glp_mip_status(lp.get()) != GLP_OPT) return std::nullopt;
    ExactMclp out;
    for (std::size_t c = 0; c < m; ++c)
        if (glp_mip_col_val(lp.get(), static_cast<int>(c + 1)) > 0.5) out.sites.push_back(c);
    out.covered = core::coveredDemand(p, out.sites);
    return out;
}

}  // namespace wardscope::gis
