// Drives the built faultline-cli: exit codes, JSON fields, bad-row reporting.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>

#include "CliRun.h"

namespace {

using Run = faultline::testing::CliRun;
Run runCli(const QStringList& args) { return faultline::testing::runCli(args, 30000); }

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& text) {
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return QString();
    f.write(text);
    return path;
}

// Validation normals 1..5; test normals 1, 2, 3, anomalies 4 (crack), 6 (crack), 2.5 (scratch).
const QByteArray kScores = "path,split,defect,label,score\n"
                           "train/good/1.png,val,good,,1\n"
                           "train/good/2.png,val,good,0,2\n"
                           "train/good/3.png,val,good,,3\n"
                           "train/good/4.png,val,good,,4\n"
                           "train/good/5.png,val,good,,5\n"
                           "test/good/1.png,test,good,0,1\n"
                           "test/good/2.png,test,good,0,2\n"
                           "test/good/3.png,test,good,0,3\n"
                           "test/crack/1.png,test,crack,1,4\n"
                           "test/crack/2.png,test,crack,1,6\n"
                           "test/scratch/1.png,test,scratch,1,2.5\n";

} // namespace

class TestCliEvaluate : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void jsonReport() {
        QTemporaryDir dir;
        const QString csv = writeFile(dir, QStringLiteral("s.csv"), kScores);
        const Run r = runCli({QStringLiteral("evaluate"), QStringLiteral("--scores"), csv, QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        QJsonParseError error;
        const QJsonObject json = QJsonDocument::fromJson(r.out, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(json.value(QStringLiteral("n")).toInt(), 6);
        QCOMPARE(json.value(QStringLiteral("n_anomalous")).toInt(), 3);
        QCOMPARE(json.value(QStringLiteral("image_auroc")).toDouble(), 8.0 / 9.0);
        // Levels 6(A) 4(A) 3(N) 2.5(A): AP = 1/3 * 1 + 1/3 * 1 + 1/3 * 3/4.
        QVERIFY(qAbs(json.value(QStringLiteral("image_ap")).toDouble() - (2.0 / 3.0 + 0.25)) < 1e-12);
        QVERIFY(json.contains(QStringLiteral("image_aupr_trapezoid")));
        // F1: 2/4, 4/5, 4/6, 6/7 -> 6/7 at 2.5.
        QVERIFY(qAbs(json.value(QStringLiteral("f1_max")).toDouble() - 6.0 / 7.0) < 1e-12);
        QCOMPARE(json.value(QStringLiteral("f1_max_threshold")).toDouble(), 2.5);
        const QJsonObject thresholds = json.value(QStringLiteral("thresholds")).toObject();
        QVERIFY(thresholds.contains(QStringLiteral("percentile:99")));
        QVERIFY(thresholds.contains(QStringLiteral("max-f1")));
        QVERIFY(thresholds.value(QStringLiteral("mean-sigma:3")).toObject().value(QStringLiteral("explanation")).toString()
                    .startsWith(QStringLiteral("mean + 3 sigma of 5 normal validation scores")));
        const QJsonObject at = json.value(QStringLiteral("at_threshold")).toObject();
        QCOMPARE(at.value(QStringLiteral("method")).toString(), QStringLiteral("percentile:99"));
        QCOMPARE(at.value(QStringLiteral("tp")).toInt(), 1);
        QCOMPARE(at.value(QStringLiteral("fn")).toInt(), 2);
        const QJsonArray perDefect = json.value(QStringLiteral("per_defect")).toArray();
        QCOMPARE(perDefect.size(), 3);
        QCOMPARE(perDefect[0].toObject().value(QStringLiteral("defect")).toString(), QStringLiteral("crack"));
        QCOMPARE(perDefect[0].toObject().value(QStringLiteral("recall")).toDouble(), 0.5);
        QVERIFY(!json.contains(QStringLiteral("pixel_auroc"))); // no maps given
    }

    void chosenThresholdAndCosts() {
        QTemporaryDir dir;
        const QString csv = writeFile(dir, QStringLiteral("s.csv"), kScores);
        Run r = runCli({QStringLiteral("evaluate"), QStringLiteral("--scores"), csv, QStringLiteral("--json"),
                        QStringLiteral("--threshold"), QStringLiteral("value:2.5")});
        QCOMPARE(r.code, 0);
        QJsonObject at = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("at_threshold")).toObject();
        QCOMPARE(at.value(QStringLiteral("tp")).toInt(), 3);
        QCOMPARE(at.value(QStringLiteral("fp")).toInt(), 1);
        // Misses 100x dearer than false rejects: flag everything down to the lowest anomaly.
        r = runCli({QStringLiteral("evaluate"), QStringLiteral("--scores"), csv, QStringLiteral("--json"),
                    QStringLiteral("--threshold"), QStringLiteral("min-cost"), QStringLiteral("--costs"), QStringLiteral("1,100")});
        QCOMPARE(r.code, 0);
        at = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("at_threshold")).toObject();
        QCOMPARE(at.value(QStringLiteral("threshold")).toDouble(), 2.5);
    }

    void humanTable() {
        QTemporaryDir dir;
        const QString csv = writeFile(dir, QStringLiteral("s.csv"), kScores);
        const Run r = runCli({QStringLiteral("evaluate"), QStringLiteral("--scores"), csv});
        QCOMPARE(r.code, 0);
        const QString text = QString::fromUtf8(r.out);
        QVERIFY2(text.contains(QStringLiteral("AUROC                 0.8889")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("99th percentile of 5 normal validation scores")));
        QVERIFY(text.contains(QStringLiteral("TP 1   FP 0   TN 3   FN 2")));
        QVERIFY(text.contains(QStringLiteral("Per defect")));
    }

    void badRowsAreReportedWithLineNumbers() {
        QTemporaryDir dir;
        const QString csv = writeFile(dir, QStringLiteral("bad.csv"),
                                      kScores + "test/crack/3.png,test,crack,1,NaN\n"
                                                "test/crack/4.png,test,crack,1\n"
                                                "test/crack/5.png,test,crack,maybe,0.3\n");
        Run r = runCli({QStringLiteral("evaluate"), QStringLiteral("--scores"), csv, QStringLiteral("--json")});
        QCOMPARE(r.code, 2); // skipped rows are exit 2, after the rest was evaluated
        const QString err = r.errText();
        QVERIFY2(err.contains(csv + QStringLiteral(":13: score 'NaN' is not finite")), qPrintable(err));
        QVERIFY(err.contains(csv + QStringLiteral(":14: row has 4 field(s) but the header has 5, missing column(s) score")));
        QVERIFY(err.contains(csv + QStringLiteral(":15: bad label 'maybe'")));
        const QJsonObject json = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(json.value(QStringLiteral("bad_rows")).toArray().size(), 3);
        QCOMPARE(json.value(QStringLiteral("n")).toInt(), 6); // the good rows still count
        r = runCli({QStringLiteral("evaluate"), QStringLiteral("--scores"), csv, QStringLiteral("--strict")});
        QCOMPARE(r.code, 2);
    }

    void exitCodes_data() {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QByteArray>("csvText");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("errPart");
        QTest::newRow("missing --scores") << QStringList{} << QByteArray() << 1 << "--scores is required";
        QTest::newRow("bad threshold") << QStringList{QStringLiteral("--threshold"), QStringLiteral("adaptive")} << kScores << 1
                                       << "unknown threshold method";
        QTest::newRow("bad costs") << QStringList{QStringLiteral("--costs"), QStringLiteral("1")} << kScores << 1 << "--costs";
        QTest::newRow("missing columns") << QStringList{} << QByteArray("path,score\na,1\n") << 2 << "header lacks column(s)";
        QTest::newRow("undefined chosen threshold")
            << QStringList{QStringLiteral("--threshold"), QStringLiteral("fpr:0.01")}
            << QByteArray("path,split,defect,label,score\na,test,crack,1,0.5\nb,test,crack,1,0.7\n") << 3
            << "none of the 2 labelled scores is normal";
    }
    void exitCodes() {
        QFETCH(QStringList, extra);
        QFETCH(QByteArray, csvText);
        QFETCH(int, code);
        QFETCH(QString, errPart);
        QTemporaryDir dir;
        QStringList args{QStringLiteral("evaluate")};
        if (!csvText.isEmpty()) args << QStringLiteral("--scores") << writeFile(dir, QStringLiteral("s.csv"), csvText);
        const Run r = runCli(args + extra);
        QCOMPARE(r.code, code);
        QVERIFY2(r.errText().contains(errPart), r.err.constData());
    }

    // A tiny MVTec-layout dataset with float TIFF maps: masks come from the scan.
    void pixelMetricsFromMapsAndMasks() {
        QTemporaryDir dir;
        const QDir root(dir.filePath(QStringLiteral("data")));
        for (const char* sub : {"train/good", "test/good", "test/crack", "ground_truth/crack"}) QVERIFY(root.mkpath(QLatin1String(sub)));
        const QDir maps(dir.filePath(QStringLiteral("maps")));
        QVERIFY(maps.mkpath(QStringLiteral("test/good")) && maps.mkpath(QStringLiteral("test/crack")));
        const cv::Mat image(4, 4, CV_8U, cv::Scalar(128));
        auto save = [](const QString& path, const cv::Mat& m) { return cv::imwrite(path.toStdString(), m); };
        QVERIFY(save(root.filePath(QStringLiteral("train/good/000.png")), image));
        QByteArray csv = "path,split,defect,label,score\n";
        for (int i = 0; i < 2; ++i) {
            const QString name = QStringLiteral("00%1").arg(i);
            QVERIFY(save(root.filePath(QStringLiteral("test/good/%1.png").arg(name)), image));
            QVERIFY(save(maps.filePath(QStringLiteral("test/good/%1.tiff").arg(name)), cv::Mat(4, 4, CV_32F, cv::Scalar(0.1 + 0.1 * i))));
            csv += QStringLiteral("test/good/%1.png,test,good,0,0.%2\n").arg(name).arg(i + 1).toUtf8();
            QVERIFY(save(root.filePath(QStringLiteral("test/crack/%1.png").arg(name)), image));
            cv::Mat mask(4, 4, CV_8U, cv::Scalar(0));
            mask(cv::Rect(i, i, 2, 2)).setTo(255);
            QVERIFY(save(root.filePath(QStringLiteral("ground_truth/crack/%1_mask.png").arg(name)), mask));
            cv::Mat map(4, 4, CV_32F, cv::Scalar(0.05));
            map.setTo(0.9, mask);
            QVERIFY(save(maps.filePath(QStringLiteral("test/crack/%1.tiff").arg(name)), map));
            csv += QStringLiteral("test/crack/%1.png,test,crack,1,0.%2\n").arg(name).arg(i + 7).toUtf8();
        }
        const QString scores = writeFile(dir, QStringLiteral("s.csv"), csv);
        Run r = runCli({QStringLiteral("evaluate"), QStringLiteral("--scores"), scores, QStringLiteral("--json"),
                        QStringLiteral("--data"), root.path(), QStringLiteral("--maps"), maps.path()});
        QVERIFY2(r.code == 0, r.err.constData());
        QJsonObject json = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(json.value(QStringLiteral("pixel_images")).toInt(), 4);
        QCOMPARE(json.value(QStringLiteral("pixel_regions")).toInt(), 2);
        QCOMPARE(json.value(QStringLiteral("pixel_auroc")).toDouble(), 1.0);
        QCOMPARE(json.value(QStringLiteral("aupro")).toDouble(), 1.0);
        QCOMPARE(json.value(QStringLiteral("pixel_problems")).toArray().size(), 0);

        // A missing map is reported by name; the rest still count.
        QVERIFY(QFile::remove(maps.filePath(QStringLiteral("test/good/001.tiff"))));
        r = runCli({QStringLiteral("evaluate"), QStringLiteral("--scores"), scores, QStringLiteral("--json"),
                    QStringLiteral("--data"), root.path(), QStringLiteral("--maps"), maps.path()});
        QCOMPARE(r.code, 0);
        json = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(json.value(QStringLiteral("pixel_images")).toInt(), 3);
        QVERIFY(r.err.contains("test/good/001.tiff: no anomaly map at this path"));

        // --maps without --data is a usage error.
        r = runCli({QStringLiteral("evaluate"), QStringLiteral("--scores"), scores, QStringLiteral("--maps"), maps.path()});
        QCOMPARE(r.code, 1);
    }

    void missingFileIsInputError() {
        const Run r = runCli({QStringLiteral("evaluate"), QStringLiteral("--scores"), QStringLiteral("/nonexistent/s.csv")});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("/nonexistent/s.csv"));
    }
};

QTEST_GUILESS_MAIN(TestCliEvaluate)
#include "tst_cli_evaluate.moc"
