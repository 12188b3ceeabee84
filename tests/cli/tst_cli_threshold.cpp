// faultline-cli score with a bundle that carries a committed threshold: a verdict column after
// the five standard ones, verdicts that follow score >= threshold (or the review band), the
// threshold named in the summary, and --threshold overriding it.
#include "core/eval/ScoresCsv.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSaveFile>
#include <QTemporaryDir>
#include <QtEndian>
#include <QtTest>

#include "CliRun.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <cmath>
#include <random>

using namespace faultline;

namespace {

using Run = testing::CliRun;
Run cli(const QStringList& args) { return testing::runCli(args); }

void makeDataset(const QString& root) {
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> u(0.f, 1.f);
    auto image = [&](bool defect) {
        cv::Mat img(32, 32, CV_8UC1);
        const float phase = u(rng) * 6.28f;
        for (int y = 0; y < 32; ++y)
            for (int x = 0; x < 32; ++x)
                img.at<uchar>(y, x) = cv::saturate_cast<uchar>(128 + 100 * std::sin(0.5f * x + phase));
        if (defect) img(cv::Rect(int(u(rng) * 22), int(u(rng) * 22), 10, 10)).setTo(255);
        return img;
    };
    for (const char* d : {"/train/good", "/test/good", "/test/square"}) QDir().mkpath(root + d);
    const auto name = [&](const char* folder, int i) {
        return QStringLiteral("%1/%2/%3.png").arg(root, QLatin1String(folder)).arg(i, 3, 10, QLatin1Char('0')).toStdString();
    };
    for (int i = 0; i < 20; ++i) cv::imwrite(name("train/good", i), image(false));
    for (int i = 0; i < 5; ++i) {
        cv::imwrite(name("test/good", i), image(false));
        cv::imwrite(name("test/square", i), image(true));
    }
}

// Puts fields into a bundle's calibration section, following the layout documented in
// core/ml/ModelBundle.h (16-byte magic, u32 version, u32 + metadata, u32 + calibration, format 2:
// 32-byte SHA-256 of the bytes from the version on, rest), and writes the matching header
// checksum, which is what the workbench's export writes; the weights are not touched.
bool withCalibration(const QString& in, const QString& out, const QJsonObject& fields) {
    QFile f(in);
    if (!f.open(QIODevice::ReadOnly)) return false;
    const QByteArray bytes = f.readAll();
    const auto u32 = [&](qsizetype at) { return qFromLittleEndian<quint32>(bytes.constData() + at); };
    const qsizetype metaEnd = 16 + 4 + 4 + u32(20);
    const qsizetype calLength = u32(metaEnd);
    QJsonObject cal = QJsonDocument::fromJson(bytes.mid(metaEnd + 4, calLength)).object();
    if (cal.isEmpty()) return false;
    for (auto it = fields.begin(); it != fields.end(); ++it) cal.insert(it.key(), it.value());
    const QByteArray json = QJsonDocument(cal).toJson(QJsonDocument::Compact);
    QByteArray length(4, '\0');
    qToLittleEndian<quint32>(quint32(json.size()), length.data());
    const QByteArray header = bytes.left(metaEnd) + length + json;
    const qsizetype hashSize = u32(16) >= 2 ? 32 : 0;
    const QByteArray hash = hashSize ? QCryptographicHash::hash(header.mid(16), QCryptographicHash::Sha256) : QByteArray();
    QSaveFile o(out);
    if (!o.open(QIODevice::WriteOnly)) return false;
    o.write(header + hash + bytes.mid(metaEnd + 4 + calLength + hashSize));
    return o.commit();
}

struct Scored {
    QList<QByteArray> header;
    QVector<double> scores;
    QStringList verdicts;
};

Scored readVerdicts(const QString& csv) {
    Scored s;
    QFile f(csv);
    if (!f.open(QIODevice::ReadOnly)) return s;
    const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
    s.header = lines.value(0).split(',');
    for (const QByteArray& line : lines.mid(1)) {
        const QList<QByteArray> cells = line.split(',');
        s.scores << cells.value(4).toDouble();
        s.verdicts << QString::fromLatin1(cells.value(5));
    }
    return s;
}

} // namespace

class TestCliThreshold : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void plainBundleWritesNoVerdicts();
    void committedThresholdGivesVerdicts();
    void reviewBandSendsTheMiddleToReview();
    void optionOverridesTheCommittedThreshold();
    void badThresholdIsAUsageError();

private:
    QTemporaryDir m_dir;
    QString m_data, m_model;
    double m_median = 0.0;
};

void TestCliThreshold::initTestCase() {
    m_data = m_dir.path() + "/set";
    m_model = m_dir.path() + "/m.flmodel";
    makeDataset(m_data);
    const Run t = cli({"train", "--data", m_data, "--out", m_model, "--size", "16", "--epochs", "1", "--batch", "8",
                       "--threads", "2", "--device", "cpu", "--val-fraction", "0.2"});
    QVERIFY2(t.code == 0, t.err.constData());
}

void TestCliThreshold::plainBundleWritesNoVerdicts() {
    const QString csv = m_dir.path() + "/plain.csv";
    const Run s = cli({"score", "--model", m_model, "--data", m_data, "--out", csv, "--split", "test", "--json"});
    QVERIFY2(s.code == 0, s.err.constData());
    QVERIFY(QJsonDocument::fromJson(s.out).object().value("threshold").isNull());
    const Scored plain = readVerdicts(csv);
    QCOMPARE(plain.header, (QList<QByteArray>{"path", "split", "defect", "label", "score"}));
    QCOMPARE(plain.scores.size(), 10);
    QVector<double> sorted = plain.scores;
    std::sort(sorted.begin(), sorted.end());
    m_median = (sorted[4] + sorted[5]) / 2; // half the parts pass, half fail
}

void TestCliThreshold::committedThresholdGivesVerdicts() {
    const QString exported = m_dir.path() + "/committed.flmodel";
    QVERIFY(withCalibration(m_model, exported,
                            {{"threshold", m_median}, {"threshold_source", "manual"},
                             {"threshold_note", "line 3 sign-off"}, {"threshold_committed", "2026-11-29T12:00:00Z"}}));
    const QString csv = m_dir.path() + "/verdicts.csv";
    const Run s = cli({"score", "--model", exported, "--data", m_data, "--out", csv, "--split", "test", "--json"});
    QVERIFY2(s.code == 0, s.err.constData());
    const QJsonObject summary = QJsonDocument::fromJson(s.out).object();
    const QJsonObject threshold = summary.value("threshold").toObject();
    QCOMPARE(threshold.value("value").toDouble(), m_median);
    QCOMPARE(threshold.value("origin").toString(), QStringLiteral("bundle"));
    QCOMPARE(threshold.value("note").toString(), QStringLiteral("line 3 sign-off"));
    QCOMPARE(threshold.value("committed").toString(), QStringLiteral("2026-11-29T12:00:00Z"));

    const Scored got = readVerdicts(csv);
    QCOMPARE(got.header, (QList<QByteArray>{"path", "split", "defect", "label", "score", "verdict"}));
    QCOMPARE(got.scores.size(), 10);
    int fails = 0;
    for (int i = 0; i < got.scores.size(); ++i) {
        QCOMPARE(got.verdicts[i], got.scores[i] >= m_median ? QStringLiteral("fail") : QStringLiteral("pass"));
        fails += got.verdicts[i] == QLatin1String("fail");
    }
    QCOMPARE(summary.value("fail_verdicts").toInt(), fails);
    QVERIFY(fails > 0 && fails < 10);
    // Readers of the standard columns are not disturbed by the extra one.
    const core::ScoresReadResult read = core::readScoresCsv(csv);
    QVERIFY2(read.ok, qPrintable(read.error));
    QVERIFY(read.problems.isEmpty());
    QCOMPARE(read.records.size(), 10);

    // The text summary says which threshold was applied.
    const Run text = cli({"score", "--model", exported, "--data", m_data, "--out", csv, "--split", "test"});
    QVERIFY2(text.code == 0, text.err.constData());
    QVERIFY2(text.out.contains("committed in the bundle") && text.out.contains("line 3 sign-off"), text.out.constData());
}

void TestCliThreshold::reviewBandSendsTheMiddleToReview() {
    const QString plainCsv = m_dir.path() + "/plain.csv";
    QVector<double> sorted = readVerdicts(plainCsv).scores;
    std::sort(sorted.begin(), sorted.end());
    const double low = (sorted[2] + sorted[3]) / 2, high = (sorted[6] + sorted[7]) / 2;
    const QString exported = m_dir.path() + "/band.flmodel";
    QVERIFY(withCalibration(m_model, exported, {{"threshold", m_median}, {"review_band", QJsonArray{low, high}}}));
    const QString csv = m_dir.path() + "/band.csv";
    const Run s = cli({"score", "--model", exported, "--data", m_data, "--out", csv, "--split", "test", "--json"});
    QVERIFY2(s.code == 0, s.err.constData());
    const QJsonArray band = QJsonDocument::fromJson(s.out).object().value("threshold").toObject().value("review_band").toArray();
    QCOMPARE(band.size(), 2);
    const Scored got = readVerdicts(csv);
    QStringList expected;
    for (double score : got.scores)
        expected << (score >= high ? "fail" : score < low ? "pass" : "review");
    QCOMPARE(got.verdicts, expected);
    QCOMPARE(got.verdicts.count("review"), 4);
}

void TestCliThreshold::optionOverridesTheCommittedThreshold() {
    const QString exported = m_dir.path() + "/committed.flmodel";
    const QString csv = m_dir.path() + "/override.csv";
    const double everything = -1.0; // below every score: all fail
    const Run s = cli({"score", "--model", exported, "--data", m_data, "--out", csv, "--split", "test", "--json",
                       "--threshold", QString::number(everything)});
    QVERIFY2(s.code == 0, s.err.constData());
    const QJsonObject threshold = QJsonDocument::fromJson(s.out).object().value("threshold").toObject();
    QCOMPARE(threshold.value("value").toDouble(), everything);
    QCOMPARE(threshold.value("origin").toString(), QStringLiteral("option"));
    const Scored got = readVerdicts(csv);
    QCOMPARE(got.verdicts.count("fail"), 10);
}

void TestCliThreshold::badThresholdIsAUsageError() {
    const Run s = cli({"score", "--model", m_model, "--data", m_data, "--out", m_dir.path() + "/x.csv", "--threshold", "abc"});
    QCOMPARE(s.code, 1);
    QVERIFY2(s.err.contains("--threshold"), s.err.constData());
    QVERIFY(!QFile::exists(m_dir.path() + "/x.csv"));
}

QTEST_GUILESS_MAIN(TestCliThreshold)
#include "tst_cli_threshold.moc"
