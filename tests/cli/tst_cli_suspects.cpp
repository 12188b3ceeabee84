// faultline-cli suspects and train --exclude: defects planted among the training normals are
// ranked first, written as a list, and a retrained model leaves them out.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include "CliRun.h"
#include "StripesDataset.h"

using namespace faultline;

namespace {
using Run = testing::CliRun;
Run cli(const QStringList& args) { return testing::runCli(args); }
const QStringList kPlanted{QStringLiteral("train/good/007.png"), QStringLiteral("train/good/023.png")};
} // namespace

class TestCliSuspects : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void plantedDefectsAreRankedFirst();
    void listFeedsTrainExclude();
    void badInput_data();
    void badInput();

private:
    QTemporaryDir m_dir;
    QString m_data, m_model;
};

void TestCliSuspects::initTestCase() {
    m_data = m_dir.path() + "/set";
    m_model = m_dir.path() + "/m.flmodel";
    testing::makeStripesDataset(m_data);
    std::mt19937 rng(9);
    cv::Mat mask;
    for (const QString& p : kPlanted) cv::imwrite((m_data + "/" + p).toStdString(), testing::stripes(rng, true, &mask));
    const Run t = cli({"train", "--data", m_data, "--out", m_model, "--epochs", "1", "--batch", "8", "--threads", "2",
                       "--device", "cpu", "--val-fraction", "0.2"});
    QVERIFY2(t.code == 0, t.err.constData());
}

void TestCliSuspects::plantedDefectsAreRankedFirst() {
    const Run r = cli({"suspects", "--model", m_model, "--data", m_data, "--threads", "2", "--json"});
    QVERIFY2(r.code == 0, r.err.constData());
    const QJsonObject o = r.json();
    const QJsonArray ranked = o.value("ranked").toArray();
    QCOMPARE(ranked.size(), 32); // 40 train/good less the 8 validation images
    QStringList top;
    for (int i = 0; i < ranked.size(); ++i) {
        const QString path = ranked[i].toObject().value("path").toString();
        if (kPlanted.contains(path)) top << QString::number(i);
    }
    // The planted images that stayed in training (the validation hold-out may take one) are first.
    QVERIFY(!top.isEmpty());
    for (int i = 0; i < top.size(); ++i) QCOMPARE(top[i].toInt(), i);
    QVERIFY(ranked[0].toObject().value("flagged").toBool());
    QCOMPARE(o.value("folds").toInt(), 5);

    const Run text = cli({"suspects", "--model", m_model, "--data", m_data, "--threads", "2", "--top", "3"});
    QVERIFY2(text.code == 0, text.err.constData());
    QVERIFY2(text.out.contains("5-fold leave-out") && text.out.contains("3 suspect(s)"), text.out.constData());
}

void TestCliSuspects::listFeedsTrainExclude() {
    const QString list = m_dir.path() + "/suspects.txt";
    const Run r = cli({"suspects", "--model", m_model, "--data", m_data, "--threads", "2", "--top", "2", "--out", list});
    QVERIFY2(r.code == 0, r.err.constData());
    QFile f(list);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QVERIFY(QFileInfo(lines.first()).isAbsolute());
    f.close();
    // A relative line and a line naming no training image are accepted too: the second is warned about.
    QVERIFY(f.open(QIODevice::Append));
    f.write("# comment\ntest/good/000.png\n");
    f.close();
    const Run t = cli({"train", "--data", m_data, "--out", m_dir.path() + "/clean.flmodel", "--epochs", "1", "--batch", "8",
                       "--threads", "2", "--device", "cpu", "--val-fraction", "0.2", "--exclude", list, "--json"});
    QVERIFY2(t.code == 0, t.err.constData());
    QCOMPARE(t.json().value("train_images").toInt(), 30);
    QVERIFY2(t.err.contains("line 4: test/good/000.png is not a training image"), t.err.constData());
}

void TestCliSuspects::badInput_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    QTest::newRow("no model") << QStringList{"suspects", "--data", "{DATA}"} << 1 << "needs --model";
    QTest::newRow("missing bundle") << QStringList{"suspects", "--model", "{TMP}/none.flmodel", "--data", "{DATA}"} << 2
                                    << "none.flmodel";
    QTest::newRow("one fold") << QStringList{"suspects", "--model", "{MODEL}", "--data", "{DATA}", "--folds", "1"} << 1
                              << "--folds 1";
    QTest::newRow("list into the dataset")
        << QStringList{"suspects", "--model", "{MODEL}", "--data", "{DATA}", "--out", "{DATA}/list.txt"} << 1 << "dataset";
    QTest::newRow("missing exclude list")
        << QStringList{"train", "--data", "{DATA}", "--out", "{TMP}/x.flmodel", "--exclude", "{TMP}/none.txt"} << 2
        << "none.txt";
}

void TestCliSuspects::badInput() {
    QFETCH(QStringList, args);
    QFETCH(int, code);
    QFETCH(QString, message);
    for (QString& a : args)
        a.replace("{DATA}", m_data).replace("{MODEL}", m_model).replace("{TMP}", m_dir.path());
    const Run r = cli(args);
    QCOMPARE(r.code, code);
    QVERIFY2(r.errText().contains(message), r.err.constData());
}

QTEST_GUILESS_MAIN(TestCliSuspects)
#include "tst_cli_suspects.moc"
