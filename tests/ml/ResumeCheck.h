#pragma once
// The trainer's cancel and resume guarantees, checked the same way for every model: a cancel is
// honoured before the next batch and writes no bundle, and a run cancelled after its first epoch
// and resumed gives the uninterrupted run's scores exactly (every network, optimiser and random
// stream continued).

#include "ScoreMany.h"

#include "core/ml/Trainer.h"

#include <QFile>
#include <QtTest>

namespace faultline::testing {

// `cancelled` trains long and is stopped at the second progress call; `whole` runs to its end.
inline void checkCancelAndResume(ml::TrainConfig cancelled, const ml::TrainConfig& whole, const QString& root,
                                 const QVector<core::Sample>& samples, const QStringList& paths,
                                 const QStringList& methods) {
    int calls = 0;
    const ml::TrainResult stopped =
        ml::trainSamples(cancelled, root, samples, [&](const ml::TrainProgress&) { return ++calls < 2; });
    QVERIFY(stopped.cancelled && !stopped.ok);
    QCOMPARE(calls, 2); // no batch ran after the callback said stop
    QVERIFY(!QFile::exists(cancelled.bundlePath));

    const ml::TrainResult reference = ml::trainSamples(whole, root, samples);
    QVERIFY2(reference.ok, qPrintable(reference.error));
    // The interrupted run is the same run cancelled after its first epoch, so the learning-rate
    // schedule (a function of the run's length) is the same in both.
    ml::TrainConfig first = whole;
    first.bundlePath = whole.bundlePath + QStringLiteral(".split.flmodel");
    const ml::TrainResult a = ml::trainSamples(first, root, samples,
                                               [](const ml::TrainProgress& p) { return !(p.epochFinished && p.epoch == 1); });
    QVERIFY(a.cancelled);
    QVERIFY(QFile::exists(first.bundlePath + ".ckpt"));
    ml::TrainConfig second = first;
    second.resume = true;
    const ml::TrainResult b = ml::trainSamples(second, root, samples);
    QVERIFY2(b.ok, qPrintable(b.error));
    QVERIFY(b.resumed);
    // Every epoch after the resume trains and validates to the same losses, bit for bit. (The
    // bundles hold the best epoch, which may be the first, so their scores alone could not tell.)
    QCOMPARE(b.history.size(), reference.history.size());
    QVERIFY(reference.history.size() >= 2);
    for (int e = 0; e < reference.history.size(); ++e) {
        QCOMPARE(b.history[e].trainLoss, reference.history[e].trainLoss);
        QCOMPARE(b.history[e].valLoss, reference.history[e].valLoss);
    }
    for (const QString& method : methods) {
        const auto s1 = scoresOf(whole.bundlePath, paths, method);
        const auto s2 = scoresOf(second.bundlePath, paths, method);
        QCOMPARE(s2.size(), s1.size());
        for (size_t i = 0; i < s1.size(); ++i) QCOMPARE(s2[i].score, s1[i].score);
    }
}

} // namespace faultline::testing
