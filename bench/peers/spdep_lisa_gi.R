# Times R spdep's localmoran_perm + localG_perm on the same synthetic lattices as
# bench_stats (queen neighbours on a grid): Rscript bench/peers/spdep_lisa_gi.R COLS ROWS NSIM
suppressPackageStartupMessages(library(spdep))
args <- as.integer(commandArgs(trailingOnly = TRUE))
cols <- args[1]; rows <- args[2]; nsim <- args[3]
nb <- cell2nb(rows, cols, type = "queen")
set.seed(1)
r <- rep(0:(rows - 1), each = cols); c <- rep(0:(cols - 1), times = rows)
x <- sin(c * 0.15) + cos(r * 0.2) + rnorm(rows * cols) * 0.5
lw <- nb2listw(nb, style = "W")
lwb <- nb2listw(include.self(nb), style = "B")
t <- system.time({
  lm <- localmoran_perm(x, lw, nsim = nsim, iseed = 1)
  g <- localG_perm(x, lwb, nsim = nsim, iseed = 1)
})
cat(sprintf("spdep %s: %d wards, %d permutations: %.2f s elapsed\n", packageVersion("spdep"), rows * cols, nsim, t[["elapsed"]]))
