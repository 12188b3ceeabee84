#pragma once
// Seeded, platform-independent selection of a held-out part of a list (validation images,
// held-out test normals). The same seed, fraction and list give the same choice on every
// machine and standard library: the shuffle uses its own generator (splitmix64), not std::shuffle.

#include "core/dataset/Sample.h"

#include <QVector>

namespace faultline::core {

// How many of n items a fraction selects: rounded, at least `minimum` when the fraction is
// positive, and never all of them (at least one stays) unless n is 0. fraction is clamped to [0,1].
int heldOutCount(int n, double fraction, int minimum = 0);

// k distinct indices out of [0, n), in ascending order, chosen by seed.
QVector<int> seededPick(int n, int k, quint64 seed);

// Moves heldOutCount(#train normals, fraction) train normals to `to` (Split::Val for the
// validation part, which takes at least one from two train normals on). Candidates are ordered by path first, so the filesystem order never matters.
// Returns how many were moved.
int holdOut(QVector<Sample>& samples, double fraction, quint64 seed, Split to);

// Training calibrates on validation normals. When the samples have none (a dataset without a val
// folder scanned with validation fraction 0), this holds out kFallbackValFraction of the train
// normals with holdOut(), as a scan with that fraction would. Training and scoring both call it
// with the training seed, so the scores CSV labels "val" exactly the images training held out.
// Returns how many were moved (0 when validation normals were already there).
constexpr double kFallbackValFraction = 0.1;
int ensureValidation(QVector<Sample>& samples, quint64 seed);

} // namespace faultline::core
