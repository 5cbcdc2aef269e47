# Reference values from R spdep for wardscope's statistics tests.
# Data: North Carolina SIDS, 100 counties (spData's shapes/sids.shp; Cressie 1993),
# counts SID74 over births BIR74. Run from the repository root:
#   Rscript tests/reference/spdep_sids.R
# Writes tests/reference/sids_queen.gal and tests/reference/spdep_sids.csv.
suppressPackageStartupMessages({ library(sf); library(spdep) })
nc <- st_read(system.file("shapes/sids.shp", package = "spData"), quiet = TRUE)
out <- "tests/reference"
nb <- poly2nb(nc, queen = TRUE)
write.nb.gal(nb, file.path(out, "sids_queen.gal"))
lw <- nb2listw(nb, style = "W")
cases <- nc$SID74
pop <- nc$BIR74
x <- cases / pop * 1000

mr <- moran.test(x, lw, randomisation = TRUE)
mn <- moran.test(x, lw, randomisation = FALSE)
lm <- localmoran(x, lw, conditional = FALSE, mlvar = TRUE)
lwself <- nb2listw(include.self(nb), style = "B")
g <- as.numeric(localG(x, lwself))
gi <- as.numeric(localG(x, nb2listw(nb, style = "B")))
eb <- EBest(cases, pop)$estmm * 1000
seb <- EBlocal(cases, pop, nb, geoda = TRUE)$est * 1000
ebi <- EBImoran.mc(cases, pop, lw, nsim = 9)$statistic

df <- data.frame(
  index = seq_along(x) - 1, cases = cases, population = pop, rate = x,
  lisa_i = lm[, 1], lisa_e = lm[, 2], lisa_var = lm[, 3], lisa_z = lm[, 4],
  gi_star_z = g, gi_z = gi, eb_rate = eb, seb_rate = seb)
con <- file(file.path(out, "spdep_sids.csv"), "w")
writeLines(sprintf("# spdep %s, R %s; moran_i=%.15g moran_e=%.15g var_rand=%.15g var_norm=%.15g eb_moran_i=%.15g p_rand=%.15g p_norm=%.15g",
                   packageVersion("spdep"), getRversion(), mr$estimate[1], mr$estimate[2], mr$estimate[3],
                   mn$estimate[3], ebi, moran.test(x, lw, randomisation = TRUE, alternative = "two.sided")$p.value,
                   moran.test(x, lw, randomisation = FALSE, alternative = "two.sided")$p.value), con)
write.csv(df, con, row.names = FALSE)
close(con)
