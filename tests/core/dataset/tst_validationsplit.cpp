#include "core/dataset/ValidationSplit.h"

#include <QSet>
#include <QtTest>

#include <algorithm>

using namespace faultline::core;

class TestValidationSplit : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void heldOutCount_data() {
        QTest::addColumn<int>("n");
        QTest::addColumn<double>("fraction");
        QTest::addColumn<int>("expected");
        QTest::newRow("none") << 0 << 0.1 << 0;
        QTest::newRow("ten percent of 100") << 100 << 0.1 << 10;
        QTest::newRow("rounds half up") << 5 << 0.1 << 1;
        QTest::newRow("rounds down") << 4 << 0.1 << 0;
        QTest::newRow("keeps one") << 3 << 0.99 << 2;
        QTest::newRow("single image stays") << 1 << 0.5 << 0;
        QTest::newRow("zero fraction") << 50 << 0.0 << 0;
        QTest::newRow("negative fraction") << 50 << -0.3 << 0;
        QTest::newRow("nan fraction") << 50 << qQNaN() << 0;
    }
    void heldOutCount() {
        QFETCH(int, n);
        QFETCH(double, fraction);
        QFETCH(int, expected);
        QCOMPARE(faultline::core::heldOutCount(n, fraction), expected);
    }

    void seededPickIsDistinctSortedAndRepeatable() {
        const QVector<int> a = seededPick(1000, 100, 42);
        QCOMPARE(a.size(), 100);
        QVERIFY(std::is_sorted(a.begin(), a.end()));
        QCOMPARE(QSet<int>(a.begin(), a.end()).size(), 100);
        QVERIFY(a.first() >= 0 && a.last() < 1000);
        QCOMPARE(seededPick(1000, 100, 42), a);
        QVERIFY(seededPick(1000, 100, 43) != a);
        QCOMPARE(seededPick(5, 9, 1).size(), 5);
        QVERIFY(seededPick(0, 3, 1).isEmpty());
    }

    void seededPickIsRoughlyUniform() {
        // Each index of 20 is picked with probability 1/4; over 4000 seeds expect ~1000 each.
        QVector<int> hits(20, 0);
        for (quint64 seed = 0; seed < 4000; ++seed)
            for (int i : seededPick(20, 5, seed)) ++hits[i];
        for (int h : hits) QVERIFY2(h > 850 && h < 1150, qPrintable(QString::number(h)));
    }

    void holdOutOnlyTouchesTrainNormalsAndIgnoresOrder() {
        QVector<Sample> samples;
        for (int i = 0; i < 30; ++i)
            samples.push_back({QStringLiteral("/d/train/good/%1.png").arg(i, 2, 10, QLatin1Char('0')), Split::Train,
                               GroundTruth::Normal, QStringLiteral("good"), {}});
        samples.push_back({"/d/test/crack/0.png", Split::Test, GroundTruth::Anomalous, "crack", {}});
        samples.push_back({"/d/test/good/0.png", Split::Test, GroundTruth::Normal, "good", {}});
        QVector<Sample> reversed(samples.rbegin(), samples.rend());

        QCOMPARE(holdOut(samples, 0.2, 9, Split::Val), 6);
        QCOMPARE(holdOut(reversed, 0.2, 9, Split::Val), 6);
        auto valPaths = [](const QVector<Sample>& v) {
            QStringList out;
            for (const Sample& s : v)
                if (s.split == Split::Val) out << s.path;
            out.sort();
            return out;
        };
        QCOMPARE(valPaths(samples), valPaths(reversed));
        for (const Sample& s : samples)
            if (s.split == Split::Val) QCOMPARE(s.truth, GroundTruth::Normal);
        QCOMPARE(samples[30].split, Split::Test);
        QCOMPARE(samples[31].split, Split::Test);
    }

    void ensureValidationHoldsOutOnlyWhenNoneIsThere() {
        QVector<Sample> samples;
        for (int i = 0; i < 30; ++i)
            samples.push_back({QStringLiteral("/d/train/good/%1.png").arg(i, 2, 10, QLatin1Char('0')), Split::Train,
                               GroundTruth::Normal, QStringLiteral("good"), {}});
        QVector<Sample> scanned = samples;
        QCOMPARE(holdOut(scanned, kFallbackValFraction, 7, Split::Val), 3);
        QVector<Sample> fallback = samples;
        QCOMPARE(ensureValidation(fallback, 7), 3); // the same images a scan with the fallback share holds out
        for (int i = 0; i < samples.size(); ++i) QCOMPARE(fallback[i].split, scanned[i].split);
        QCOMPARE(ensureValidation(fallback, 7), 0); // validation present: nothing moves
        QVector<Sample> one = {samples.first()};
        QCOMPARE(ensureValidation(one, 7), 0);      // a single image stays for training
    }
};

QTEST_GUILESS_MAIN(TestValidationSplit)
#include "tst_validationsplit.moc"
