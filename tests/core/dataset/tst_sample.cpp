#include "core/dataset/Sample.h"

#include <QtTest>

using namespace faultline::core;

class TestSample : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void splitRoundTrip_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("split");
        QTest::newRow("train") << "train" << int(Split::Train);
        QTest::newRow("val") << "val" << int(Split::Val);
        QTest::newRow("validation alias") << "Validation" << int(Split::Val);
        QTest::newRow("test") << " test " << int(Split::Test);
    }
    void splitRoundTrip() {
        QFETCH(QString, text);
        QFETCH(int, split);
        Split parsed;
        QVERIFY(parseSplit(text, &parsed));
        QCOMPARE(int(parsed), split);
        Split again;
        QVERIFY(parseSplit(splitName(parsed), &again));
        QCOMPARE(again, parsed);
    }
    void rejectsUnknownSplit() {
        Split parsed = Split::Test;
        QVERIFY(!parseSplit(QStringLiteral("holdout"), &parsed));
        QCOMPARE(parsed, Split::Test);
    }
};

QTEST_GUILESS_MAIN(TestSample)
#include "tst_sample.moc"
