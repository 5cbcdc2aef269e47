#pragma once
// A small, portable random source. The standard library's distributions are
// implementation-defined, so wardscope draws its own to keep a seed's output
// identical on every platform and compiler.
#include <cmath>
#include <cstdint>
#include <vector>
#include <numbers>

namespace wardscope::core {

/// xoshiro256** (Blackman & Vigna 2018), seeded through SplitMix64.
class Random {
public:
    explicit Random(std::uint64_t seed) {
        for (auto& s : m_state) {
            seed += 0x9E3779B97F4A7C15ULL;
            std::uint64_t z = seed;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
            s = z ^ (z >> 31);
        }
    }

    std::uint64_t next() {
        const std::uint64_t result = rotl(m_state[1] * 5, 7) * 9;
        const std::uint64_t t = m_state[1] << 17;
        m_state[2] ^= m_state[0];
        m_state[3] ^= m_state[1];
        m_state[1] ^= m_state[2];
        m_state[0] ^= m_state[3];
        m_state[2] ^= t;
        m_state[3] = rotl(m_state[3], 45);
        return result;
    }

    /// Uniform in [0, 1).
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    /// Uniform integer in [0, n) (Lemire's multiply-shift; n > 0).
    std::uint64_t below(std::uint64_t n) {
        __extension__ using U128 = unsigned __int128;
        return static_cast<std::uint64_t>((static_cast<U128>(next()) * n) >> 64);
    }
    bool chance(double p) { return uniform() < p; }

    /// Standard normal (Box-Muller, one value per call).
    double normal() {
        double u = uniform();
        while (u <= 0) u = uniform();
        const double v = uniform();
        return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * std::numbers::pi * v);
    }

    /// Poisson: Knuth's product method below 30, a rounded normal above.
    std::int64_t poisson(double lambda) {
        if (lambda <= 0) return 0;
        if (lambda < 30) {
            const double limit = std::exp(-lambda);
            std::int64_t k = 0;
            double p = uniform();
            while (p > limit) {
                ++k;
                p *= uniform();
            }
            return k;
        }
        const double x = std::round(lambda + std::sqrt(lambda) * normal());
        return x < 0 ? 0 : static_cast<std::int64_t>(x);
    }

    /// Binomial by n Bernoulli trials: O(n), for small n only.
    std::int64_t binomial(std::int64_t n, double p) {
        std::int64_t k = 0;
        for (std::int64_t i = 0; i < n; ++i) k += chance(p) ? 1 : 0;
        return k;
    }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::uint64_t m_state[4]{};
};

/// Draws indices with probability proportional to non-negative weights in O(1)
/// each (Walker's alias method, Vose's construction).
class AliasTable {
public:
    explicit AliasTable(const std::vector<double>& weights) : m_prob(weights.size()), m_alias(weights.size()) {
        const std::size_t n = weights.size();
        double total = 0;
        for (double w : weights) total += w;
        std::vector<double> scaled(n);
        std::vector<std::size_t> small, large;
        for (std::size_t i = 0; i < n; ++i) {
            scaled[i] = total > 0 ? weights[i] * static_cast<double>(n) / total : 1.0;
            (scaled[i] < 1.0 ? small : large).push_back(i);
        }
        while (!small.empty() && !large.empty()) {
            const std::size_t s = small.back(), l = large.back();
            small.pop_back();
            m_prob[s] = scaled[s];
            m_alias[s] = l;
            scaled[l] -= 1.0 - scaled[s];
            if (scaled[l] < 1.0) {
                large.pop_back();
                small.push_back(l);
            }
        }
        for (std::size_t i : large) m_prob[i] = 1.0, m_alias[i] = i;
        for (std::size_t i : small) m_prob[i] = 1.0, m_alias[i] = i;  // rounding leftovers
    }
    std::size_t draw(Random& rng) const {
        const std::size_t i = static_cast<std::size_t>(rng.below(m_prob.size()));
        return rng.uniform() < m_prob[i] ? i : m_alias[i];
    }

private:
    std::vector<double> m_prob;
    std::vector<std::size_t> m_alias;
};

}  // namespace wardscope::core
