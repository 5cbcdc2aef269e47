// Map classification against R classInt on the Jenks (1971) data
// (tests/reference/classint_jenks71.R), hand-worked ties and small inputs.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/classify.h"
#include "core/error.h"

using namespace wardscope::core;

namespace {

// spData::jenks71 (Jenks 1971), in its order.
const std::vector<double> kJenks71 = {
    50.12, 83.90, 76.43, 71.61, 79.66, 84.84, 87.87, 92.45, 119.90, 155.30, 131.50, 111.80, 96.78, 86.75, 62.41,
    96.37, 75.51, 77.29, 85.41, 116.40, 58.50, 75.29, 66.32, 62.65, 80.45, 72.76, 63.67, 60.27, 68.45, 100.10,
    55.30, 54.07, 57.49, 73.52, 68.25, 64.28, 50.64, 52.47, 68.19, 57.40, 39.72, 60.66, 57.59, 38.22, 57.22,
    67.04, 47.29, 71.05, 50.53, 34.63, 59.65, 62.06, 52.89, 56.35, 57.26, 53.77, 59.89, 55.44, 45.40, 52.21,
    49.38, 51.15, 54.27, 54.32, 41.20, 34.58, 50.11, 52.05, 33.82, 39.88, 36.24, 41.02, 46.13, 51.15, 32.28,
    33.26, 31.78, 31.28, 50.52, 47.21, 32.69, 38.30, 33.83, 40.30, 40.62, 32.14, 31.66, 26.09, 39.84, 24.83,
    28.20, 31.19, 37.57, 27.16, 23.42, 18.57, 30.97, 17.82, 15.57, 15.93, 28.71, 32.22};

void expectBreaks(const Classification& c, const std::vector<double>& upper, double tol = 1e-6) {
    ASSERT_EQ(c.upper.size(), upper.size());
    for (std::size_t i = 0; i < upper.size(); ++i) EXPECT_NEAR(c.upper[i], upper[i], tol) << "break " << i;
    std::size_t total = 0;
    for (auto n : c.counts) total += n;
    EXPECT_EQ(total, kJenks71.size());
}

}  // namespace

TEST(Classify, NaturalBreaksMatchClassIntOnJenks1971) {
    ASSERT_EQ(kJenks71.size(), 102u);
    expectBreaks(classify(kJenks71, ClassScheme::NaturalBreaks, 3), {46.13, 80.45, 155.30});
    expectBreaks(classify(kJenks71, ClassScheme::NaturalBreaks, 5), {41.20, 60.66, 77.29, 100.10, 155.30});
    expectBreaks(classify(kJenks71, ClassScheme::NaturalBreaks, 7), {28.71, 41.20, 60.66, 77.29, 100.10, 131.50, 155.30});
}

TEST(Classify, QuantilesAndEqualIntervalsMatchClassInt) {
    expectBreaks(classify(kJenks71, ClassScheme::Quantile, 5), {33.822, 50.114, 57.454, 73.368, 155.30});
    expectBreaks(classify(kJenks71, ClassScheme::Quantile, 7),
                 {31.93428571, 39.82285714, 50.56142857, 56.97142857, 64.57142857, 80.11142857, 155.30});
    expectBreaks(classify(kJenks71, ClassScheme::EqualInterval, 5), {43.516, 71.462, 99.408, 127.354, 155.30});
    const auto q = classify(kJenks71, ClassScheme::Quantile, 5);
    // About a fifth of the values in each quantile class.
    for (auto n : q.counts) EXPECT_NEAR(static_cast<double>(n), 102 / 5.0, 1.0);
}

TEST(Classify, QuantileTiesMergeIntoFewerClasses) {
    // classInt gives breaks 0, 0, 0, 1.75, 4: two empty classes. Ties merge instead.
    const auto c = classify({0, 0, 0, 0, 0, 0, 1, 2, 3, 4}, ClassScheme::Quantile, 4);
    ASSERT_EQ(c.classes(), 3u);
    EXPECT_DOUBLE_EQ(c.upper[0], 0);
    EXPECT_DOUBLE_EQ(c.upper[1], 1.75);
    EXPECT_DOUBLE_EQ(c.upper[2], 4);
    EXPECT_EQ(c.counts, (std::vector<std::size_t>{6, 1, 3}));
    EXPECT_EQ(c.classOf(0), 0u);
    EXPECT_EQ(c.classOf(1.75), 1u);  // (0, 1.75]
    EXPECT_EQ(c.classOf(1.76), 2u);
}

TEST(Classify, FewerDistinctValuesThanClassesGiveOneClassPerValue) {
    for (auto scheme : {ClassScheme::Quantile, ClassScheme::EqualInterval, ClassScheme::NaturalBreaks}) {
        const auto c = classify({1, 1, 2, 2, 2, std::numeric_limits<double>::quiet_NaN()}, scheme, 4);
        ASSERT_EQ(c.classes(), 2u) << classSchemeName(scheme);
        EXPECT_EQ(c.counts, (std::vector<std::size_t>{2, 3}));  // NaN is no data, not a class
    }
    EXPECT_EQ(classify({}, ClassScheme::Quantile, 5).classes(), 0u);
}

TEST(Classify, StdDevAndCustomBreaks) {
    // Mean 5, population SD 2 (values 3 and 7): 4 classes at mean -1 sd, mean, +1 sd.
    const auto s = classify({3, 3, 7, 7}, ClassScheme::StdDev, 4);
    ASSERT_EQ(s.classes(), 4u);
    EXPECT_DOUBLE_EQ(s.upper[0], 3);
    EXPECT_DOUBLE_EQ(s.upper[1], 5);
    EXPECT_DOUBLE_EQ(s.upper[2], 7);
    EXPECT_DOUBLE_EQ(s.upper[3], 9);  // every class one SD wide, even when empty
    EXPECT_EQ(s.counts, (std::vector<std::size_t>{2, 0, 2, 0}));
    const auto c = classify(kJenks71, ClassScheme::Custom, 0 + 1, {50, 100});
    EXPECT_EQ(c.classes(), 3u);
    EXPECT_EQ(c.label(1, 0), "> 50 – 100");
    EXPECT_THROW(parseClassScheme("kmeans"), wardscope::UsageError);
}
