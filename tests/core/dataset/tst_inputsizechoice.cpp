// The input side chosen from the images: small images keep their size (rounded up to a multiple
// of 8), large ones shrink to the default side, and the reason and notes say what was seen.
#include "core/dataset/InputSizeChoice.h"

#include <QtTest>

using namespace faultline::core;

namespace {
ImageKind kind(int w, int h, int count) {
    ImageKind k;
    k.format = QStringLiteral("PNG");
    k.width = w;
    k.height = h;
    k.channels = 1;
    k.bitDepth = 8;
    k.count = count;
    return k;
}
} // namespace

class TestInputSizeChoice : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void chosenSide_data();
    void chosenSide();
    void reasonNamesWhatWasSeen();
    void keptAspectIsNoted();
    void highResolutionIsTiled();
    void unknownSizesFallBackToTheDefault();
};

void TestInputSizeChoice::chosenSide_data() {
    QTest::addColumn<QVector<ImageKind>>("kinds");
    QTest::addColumn<int>("size");
    QTest::newRow("28 px digits: 32, not 128") << QVector<ImageKind>{kind(28, 28, 6000)} << 32;
    QTest::newRow("64 px kept") << QVector<ImageKind>{kind(64, 64, 10)} << 64;
    QTest::newRow("8 px: the smallest side") << QVector<ImageKind>{kind(8, 8, 10)} << kSmallestInputSide;
    QTest::newRow("256 px weave: 128") << QVector<ImageKind>{kind(256, 256, 340)} << 128;
    QTest::newRow("120 x 280: shorter side") << QVector<ImageKind>{kind(280, 120, 5)} << 120;
    QTest::newRow("mixed: the median shorter side")
        << QVector<ImageKind>{kind(40, 40, 3), kind(60, 90, 5), kind(300, 300, 1)} << 64;
}

void TestInputSizeChoice::chosenSide() {
    QFETCH(QVector<ImageKind>, kinds);
    QFETCH(int, size);
    const InputSizeChoice c = chooseInputSize(kinds);
    QCOMPARE(c.size, size);
    QCOMPARE(c.size % 8, 0);
}

void TestInputSizeChoice::reasonNamesWhatWasSeen() {
    const InputSizeChoice small = chooseInputSize({kind(28, 28, 6000)});
    QVERIFY2(small.reason.contains("28 x 28") && small.reason.contains("32 px") && small.reason.contains("not enlarged"),
             qPrintable(small.reason));
    const InputSizeChoice large = chooseInputSize({kind(256, 256, 340)});
    QVERIFY2(large.reason.contains("256 x 256") && large.reason.contains("shrunk to 128"), qPrintable(large.reason));
    const InputSizeChoice mixed = chooseInputSize({kind(40, 40, 3), kind(60, 90, 5)});
    QVERIFY2(mixed.reason.contains("40 to 60"), qPrintable(mixed.reason));
    QVERIFY(small.notes.isEmpty() && large.notes.isEmpty());
    const QString mixedNotes = mixed.notes.join(QLatin1Char(' '));
    QVERIFY2(mixedNotes.contains("mixed") && mixedNotes.contains("own pixels"), qPrintable(mixedNotes));
}

void TestInputSizeChoice::keptAspectIsNoted() {
    const InputSizeChoice c = chooseInputSize({kind(580, 250, 4)});
    QCOMPARE(c.tile, 0);
    QCOMPARE(c.notes.size(), 1);
    QVERIFY2(c.notes.first().contains("2.3 : 1") && c.notes.first().contains("kept") &&
                 c.notes.first().contains("padded"), qPrintable(c.notes.first()));
}

void TestInputSizeChoice::highResolutionIsTiled() {
    const InputSizeChoice c = chooseInputSize({kind(2048, 2048, 4)});
    QCOMPARE(c.size, 128);
    QCOMPARE(c.tile, 128);
    QCOMPARE(c.tileStride, 64);
    QVERIFY2(c.reason.contains("tiles of 128 px") && c.reason.contains("16 pixels") && c.reason.contains("2048"),
             qPrintable(c.reason));
    // Below four times the default side, shrinking still keeps a 4-pixel defect.
    QCOMPARE(chooseInputSize({kind(500, 500, 4)}).tile, 0);
}

void TestInputSizeChoice::unknownSizesFallBackToTheDefault() {
    const InputSizeChoice c = chooseInputSize({});
    QCOMPARE(c.size, kDefaultInputSide);
    QVERIFY(c.reason.contains("no image size"));
}

QTEST_GUILESS_MAIN(TestInputSizeChoice)
#include "tst_inputsizechoice.moc"
