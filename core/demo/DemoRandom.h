#pragma once
// Small seeded generator for the demo dataset: the same seed gives the same numbers on every
// platform and standard library (std:: distributions do not promise that).

#include <QtGlobal>

#include <cmath>

namespace faultline::core {

class DemoRandom {
public:
    explicit DemoRandom(quint64 seed) : m_state(seed) {}

    quint64 next() {
        quint64 z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    double uniform() { return double(next() >> 11) * (1.0 / 9007199254740992.0); } // [0,1)
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    int integer(int lo, int hi) { return lo + int(next() % quint64(hi - lo + 1)); } // [lo,hi]
    bool chance(double p) { return uniform() < p; }
    double gaussian() { // Box-Muller; one value per call keeps the stream simple
        const double u1 = std::max(uniform(), 1e-12), u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }
    // A child seed for item `index` of stream `stream`, independent of how many numbers
    // were drawn before: lets images be generated in any order or in parallel.
    static quint64 derive(quint64 seed, quint64 stream, quint64 index) {
        DemoRandom r(seed ^ (stream * 0xD1B54A32D192ED03ull) ^ (index * 0x8CB92BA72F3D8DD7ull));
        r.next();
        return r.next();
    }

private:
    quint64 m_state;
};

} // namespace faultline::core
