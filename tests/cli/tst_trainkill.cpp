// Kill safety of training: `faultline-cli train` is killed with SIGKILL after it wrote its
// first checkpoint; the checkpoint left behind is intact and `train --resume` continues from
// it to a bundle that scores.
#include <QtTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <csignal>

namespace {

constexpr int kEpochs = 40; // long enough that the kill lands mid-run

QString cli() { return QStringLiteral(FAULTLINE_CLI_PATH); }

// A small MVTec-layout dataset of noisy stripes; the defective ones carry a bright blob.
void writeDataset(const QString& root) {
    cv::RNG rng(7);
    auto image = [&](bool defect) {
        cv::Mat img(32, 32, CV_8UC1);
        for (int y = 0; y < 32; ++y)
            for (int x = 0; x < 32; ++x)
                img.at<uchar>(y, x) = cv::saturate_cast<uchar>(100 + 60 * ((x / 4) % 2) + rng.gaussian(12));
        if (defect) cv::circle(img, {rng.uniform(8, 24), rng.uniform(8, 24)}, 4, cv::Scalar(255), cv::FILLED);
        return img;
    };
    QDir().mkpath(root + QStringLiteral("/train/good"));
    QDir().mkpath(root + QStringLiteral("/test/good"));
    QDir().mkpath(root + QStringLiteral("/test/blob"));
    for (int i = 0; i < 64; ++i)
        cv::imwrite(QStringLiteral("%1/train/good/%2.png").arg(root).arg(i).toStdString(), image(false));
    for (int i = 0; i < 6; ++i) {
        cv::imwrite(QStringLiteral("%1/test/good/%2.png").arg(root).arg(i).toStdString(), image(false));
        cv::imwrite(QStringLiteral("%1/test/blob/%2.png").arg(root).arg(i).toStdString(), image(true));
    }
}

QStringList trainArgs(const QString& data, const QString& model) {
    return {QStringLiteral("train"), QStringLiteral("--data"), data, QStringLiteral("--out"), model,
            QStringLiteral("--size"), QStringLiteral("32"), QStringLiteral("--epochs"), QString::number(kEpochs),
            QStringLiteral("--batch"), QStringLiteral("8"), QStringLiteral("--patience"), QStringLiteral("0"),
            QStringLiteral("--threads"), QStringLiteral("1"), QStringLiteral("--seed"), QStringLiteral("3")};
}

} // namespace

class TestTrainKill : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void killedTrainingResumesFromItsCheckpoint() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString data = dir.filePath(QStringLiteral("data"));
        const QString model = dir.filePath(QStringLiteral("model.flm"));
        const QString checkpoint = model + QStringLiteral(".ckpt");
        writeDataset(data);

        QProcess train;
        train.start(cli(), trainArgs(data, model));
        QVERIFY(train.waitForStarted());
        // Kill as soon as the first checkpoint is in place, while later epochs are running.
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(checkpoint) || train.state() == QProcess::NotRunning, 120000);
        QVERIFY2(train.state() == QProcess::Running, "training finished before it could be killed");
        ::kill(pid_t(train.processId()), SIGKILL);
        QVERIFY(train.waitForFinished(10000));
        QCOMPARE(train.exitStatus(), QProcess::CrashExit);
        QVERIFY2(!QFileInfo::exists(model), "a bundle was written by a run that never finished");
        QVERIFY(QFileInfo(checkpoint).size() > 0);

        QProcess resume;
        resume.start(cli(), trainArgs(data, model) << QStringLiteral("--resume") << QStringLiteral("--json"));
        QVERIFY(resume.waitForFinished(300000));
        QVERIFY2(resume.exitCode() == 0, resume.readAllStandardError().constData());
        const QJsonObject summary = QJsonDocument::fromJson(resume.readAllStandardOutput()).object();
        QVERIFY(summary.value(QStringLiteral("resumed")).toBool());
        const QJsonArray history = summary.value(QStringLiteral("history")).toArray();
        QVERIFY(!history.isEmpty());
        QCOMPARE(history.last().toObject().value(QStringLiteral("epoch")).toInt(), kEpochs);
        QVERIFY(summary.value(QStringLiteral("epochs_run")).toInt() <= kEpochs);

        QProcess score;
        const QString csv = dir.filePath(QStringLiteral("scores.csv"));
        score.start(cli(), {QStringLiteral("score"), QStringLiteral("--model"), model, QStringLiteral("--data"), data,
                            QStringLiteral("--out"), csv});
        QVERIFY(score.waitForFinished(120000));
        QVERIFY2(score.exitCode() == 0, score.readAllStandardError().constData());
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readLine().trimmed(), QByteArray("path,split,defect,label,score"));
    }
};

QTEST_GUILESS_MAIN(TestTrainKill)
#include "tst_trainkill.moc"
