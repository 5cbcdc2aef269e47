# Reference values from R spdep for a layer without CRS: Columbus, Ohio, 49
# neighbourhoods (Anselin 1988; spData's shapes/columbus.shp, CC0, copied to
# tests/data/columbus/). The shapefile has no .prj: contiguity is planar, with
# no snapping tolerance (poly2nb's default snap is sqrt(machine epsilon)).
# Run from the repository root:
#   Rscript tests/reference/spdep_columbus.R
# Writes tests/reference/spdep_columbus.csv.
suppressPackageStartupMessages({ library(sf); library(spdep) })
col <- st_read("tests/data/columbus/columbus.shp", quiet = TRUE)
stopifnot(is.na(st_crs(col)))
queen <- poly2nb(col, queen = TRUE)
rook <- poly2nb(col, queen = FALSE)
mq <- moran.test(col$CRIME, nb2listw(queen, style = "W"), randomisation = TRUE)
mr <- moran.test(col$CRIME, nb2listw(rook, style = "W"), randomisation = TRUE)
con <- file("tests/reference/spdep_columbus.csv", "w")
writeLines(sprintf("# spdep %s, R %s; CRIME, row-standardised weights, randomisation", packageVersion("spdep"), getRversion()), con)
df <- data.frame(
  weights = c("queen", "rook"),
  links = c(sum(card(queen)), sum(card(rook))),
  moran_i = c(mq$estimate[1], mr$estimate[1]),
  moran_e = c(mq$estimate[2], mr$estimate[2]),
  variance = c(mq$estimate[3], mr$estimate[3]))
write.csv(df, con, row.names = FALSE)
close(con)
# Neighbour lists, by POLYID, to compare link by link.
write.nb.gal(queen, "tests/reference/columbus_queen.gal", ind = as.character(col$POLYID))
