# Reference breaks for tests/core/test_classify.cpp: R classInt on the Jenks (1971)
# Illinois data set (spData::jenks71, 102 values, the example of Jenks's own paper).
#   Rscript tests/reference/classint_jenks71.R
# classInt "jenks" gives each class's upper value (as wardscope's natural breaks);
# "quantile" uses R's type-7 quantiles (as wardscope); "equal" equal intervals.
library(classInt)
data(jenks71, package = "spData")
x <- jenks71$jenks71
for (s in c("jenks", "quantile", "equal")) {
  for (k in c(3, 5, 7)) {
    b <- classIntervals(x, n = k, style = s)$brks
    cat(s, k, format(b, digits = 10), "\n")
  }
}
