// One rule decides a verdict everywhere. On one window state (scored, threshold moved, review
// band from targets, a review edge typed) the five places a quality engineer reads a verdict
// must agree: the confusion matrix, the browser's verdict filter, the thumbnail frames, the
// exported CSV and `faultline-cli score` on the exported bundle. Also: the threshold line
// follows the band's fail edge, frames repaint after a drag, and scoring progress speaks of one
// image count from start to end.
#include "core/threshold/ThresholdSession.h"
#include "tests/ui/IsolatedAppData.h"
#include "ui/threshold/ConfusionView.h"
#include "ui/dataset/DatasetBrowser.h"
#include "ui/dataset/DatasetFilterBar.h"
#include "ui/plot/HistogramPlot.h"
#include "ui/window/MainWindow.h"
#include "ui/dataset/SampleFilterProxy.h"
#include "ui/dataset/SampleTableModel.h"
#include "ui/plot/ThresholdLine.h"
#include "ui/threshold/ThresholdPanel.h"
#include "ui/window/Workspace.h"

#include "tests/cli/CliRun.h"

#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QListView>
#include <QPainter>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace faultline;
using core::GroundTruth;
using core::Verdict;
using ui::MainWindow;

namespace {
constexpr double kScoreTolerance = 1e-5;  // window and CLI score the same images with the same bundle

// MVTec layout: 24 train normals (a validation split comes out of them), 6 test normals and
// 6 scratches of rising contrast, so the scores overlap and a review band has room.
QString makeDataset(const QString& root) {
    auto write = [&](const QString& rel, int shade, int scratch) {
        QDir().mkpath(QFileInfo(root + '/' + rel).absolutePath());
        QImage img(32, 32, QImage::Format_Grayscale8);
        for (int y = 0; y < 32; ++y) {
            uchar* line = img.scanLine(y);
            for (int x = 0; x < 32; ++x) line[x] = uchar(shade + (x % 8) * 8);  // vertical stripes
            if (scratch > 0 && y == 16)
                for (int x = 4; x < 28; ++x) line[x] = uchar(std::min(255, line[x] + scratch));
        }
        img.save(root + '/' + rel);
    };
    for (int i = 0; i < 24; ++i) write(QStringLiteral("train/good/%1.png").arg(i, 3, 10, QLatin1Char('0')), 80 + i, 0);
    for (int i = 0; i < 6; ++i) write(QStringLiteral("test/good/%1.png").arg(i, 3, 10, QLatin1Char('0')), 84 + 3 * i, 0);
    for (int i = 0; i < 6; ++i)
        write(QStringLiteral("test/scratch/%1.png").arg(i, 3, 10, QLatin1Char('0')), 90, 20 + 30 * i);
    return root;
}

QColor frameColour(ui::DatasetBrowser* browser, const QModelIndex& proxyIndex) {
    QListView* grid = browser->gridView();
    QStyleOptionViewItem option;
    option.initFrom(grid);
    option.rect = QRect(QPoint(0, 0), grid->itemDelegate()->sizeHint(option, proxyIndex));
    QImage image(option.rect.size(), QImage::Format_ARGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    grid->itemDelegate()->paint(&painter, option, proxyIndex);
    painter.end();
    // The frame is drawn 3 px wide around the thumbnail box, which starts 6 px in.
    return image.pixelColor(5, option.rect.height() / 2 - 8);
}

Verdict verdictOfFrame(const QColor& c) {
    if (c == QColor(0xd6, 0x3b, 0x2f)) return Verdict::Fail;
    if (c == QColor(0xe0, 0xa1, 0x00)) return Verdict::Review;
    if (c == QColor(0x2e, 0x8b, 0x57)) return Verdict::Pass;
    return Verdict::Unscored;
}
} // namespace

class TestVerdictAgreement : public QObject {
    Q_OBJECT
private:
    QTemporaryDir tmp;
    QString dataset, bundle;

    void openScored(MainWindow& w) {
        QSignalSpy imported(w.workspace(), &ui::Workspace::importFinished);
        QVERIFY(w.openPath(dataset));
        QVERIFY(imported.wait(20000));
        QVERIFY2(imported[0][0].toBool(), qPrintable(imported[0][1].toString()));
        QSignalSpy progress(w.workspace(), &ui::Workspace::taskProgress);
        QSignalSpy scored(w.workspace(), &ui::Workspace::scoringFinished);
        QVERIFY(w.scoreWithBundle(bundle));
        QVERIFY(scored.wait(60000));
        QVERIFY2(scored[0][0].toBool(), qPrintable(scored[0][1].toString()));
        // One image count from the first progress report to the closing message.
        const int n = w.workspace()->model()->rowCount();
        for (const QList<QVariant>& p : progress) {
            const int total = p[1].toInt();
            QVERIFY2(total == 0 || total == n, qPrintable(QStringLiteral("%1 / %2").arg(p[0].toInt()).arg(total)));
            QVERIFY(p[0].toInt() <= std::max(total, 0) || total == 0);
        }
        const QString message = scored[0][1].toString();
        QVERIFY2(message.contains(QStringLiteral("Scored %1 of %1 images").arg(n)), qPrintable(message));
    }

private Q_SLOTS:
    void initTestCase() {
        testing::isolateAppData(QStringLiteral("tst_verdictagreement"));
        dataset = makeDataset(tmp.filePath(QStringLiteral("bottle")));
        bundle = tmp.filePath(QStringLiteral("model.flmodel"));
        const testing::CliRun train = testing::runCli({"train", "--data", dataset, "--out", bundle, "--size", "16",
                                                       "--epochs", "1", "--batch", "8", "--threads", "2", "--device",
                                                       "cpu", "--val-fraction", "0.25"});
        QVERIFY2(train.code == 0, train.err.constData());
    }
    void init() { QDir(ui::Workspace::dataFolder()).removeRecursively(); }

    void fiveViewsAgreeAfterTheBandFromTargets() {
        MainWindow w;
        w.resize(1600, 1000);
        w.show();
        openScored(w);
        ui::SampleTableModel* model = w.workspace()->model();
        core::ThresholdSession* session = w.thresholdSession();
        ui::ThresholdPanel* panel = w.thresholdPanel();
        w.dock(MainWindow::Panel::Threshold)->show();

        // Threshold moved high up first, then the band from targets.
        auto* thresholdSpin = panel->findChild<QDoubleSpinBox*>(QStringLiteral("thresholdSpin"));
        thresholdSpin->setValue(session->maxScore());
        QCOMPARE(session->threshold(), thresholdSpin->value());
        QTest::mouseClick(panel->findChild<QPushButton*>(QStringLiteral("bandFromTargets")), Qt::LeftButton);
        QVERIFY(session->reviewBandEnabled());
        const core::ReviewBand band = session->reviewBand();
        QVERIFY2(band.defined, qPrintable(band.explanation));
        // The threshold line follows the fail edge: the matrix counts what the verdicts fail.
        QCOMPARE(session->threshold(), band.high);
        QCOMPARE(panel->histogram()->line(ui::HistogramPlot::Line::BandHigh)->value(), band.high);
        QVERIFY(!panel->histogram()->line(ui::HistogramPlot::Line::Threshold)->isVisible());
        QVERIFY(std::abs(thresholdSpin->value() - band.high) < 1e-6);
        QVERIFY(std::abs(panel->findChild<QDoubleSpinBox*>(QStringLiteral("bandHigh"))->value() - band.high) < 1e-6);
        // Open the review edge downwards so all three verdicts occur.
        auto* lowSpin = panel->findChild<QDoubleSpinBox*>(QStringLiteral("bandLow"));
        std::vector<double> judged = session->scores().scores;
        std::sort(judged.begin(), judged.end());
        // A quarter up, past any run of scores tied at the bottom (and the spin box's rounding).
        size_t at = judged.size() / 4;
        while (at + 1 < judged.size() && judged[at] < judged.front() + 1e-4) ++at;
        const double low = judged[at];
        lowSpin->setValue(low);
        QCOMPARE(session->threshold(), band.high);  // the review edge leaves the threshold
        const core::DecisionRule rule = session->decisionRule();
        QVERIFY(rule == model->decisionRule());

        // Counts from the model's verdicts, by split and label.
        qint64 tp = 0, fp = 0, tn = 0, fn = 0;
        QMap<Verdict, int> all;
        QHash<QString, Verdict> byName;
        QHash<QString, double> scoreByName;
        for (int row = 0; row < model->rowCount(); ++row) {
            const ui::SampleRow& r = model->sampleAt(row);
            QVERIFY2(!std::isnan(r.score), qPrintable(r.name));
            const Verdict v = model->verdictAt(row);
            QCOMPARE(v, rule.verdict(r.score));
            ++all[v];
            byName.insert(r.name, v);
            scoreByName.insert(r.name, r.score);
            if (r.split != core::Split::Test) continue;
            const bool fails = v == Verdict::Fail;
            if (r.truth == GroundTruth::Anomalous) (fails ? tp : fn)++;
            else (fails ? fp : tn)++;
        }
        for (Verdict v : {Verdict::Pass, Verdict::Review, Verdict::Fail})
            QVERIFY2(all.value(v) > 0, qPrintable(core::verdictName(v)));

        // 1. The confusion matrix: "flagged" is exactly the failed test samples.
        ui::ConfusionView* confusion = panel->confusion();
        QTRY_COMPARE(confusion->text("tp"), QString::number(tp));
        QCOMPARE(confusion->text("fp"), QString::number(fp));
        QCOMPARE(confusion->text("tn"), QString::number(tn));
        QCOMPARE(confusion->text("fn"), QString::number(fn));

        // 2. The browser's verdict filter, as picked in its combo box.
        ui::DatasetBrowser* browser = w.browser();
        QComboBox* verdictCombo = browser->filterBar()->verdictCombo();
        for (Verdict v : {Verdict::Pass, Verdict::Review, Verdict::Fail}) {
            verdictCombo->setCurrentIndex(verdictCombo->findData(int(v)));
            QTRY_COMPARE(browser->proxy()->rowCount(), all.value(v));
        }
        QComboBox* splitCombo = browser->filterBar()->splitCombo();
        splitCombo->setCurrentIndex(splitCombo->findData(int(core::Split::Test)));
        verdictCombo->setCurrentIndex(verdictCombo->findData(int(Verdict::Fail)));
        QTRY_COMPARE(browser->proxy()->rowCount(), int(tp + fp));
        splitCombo->setCurrentIndex(splitCombo->findData(ui::SampleFilterProxy::kAnySplit));
        verdictCombo->setCurrentIndex(verdictCombo->findData(ui::SampleFilterProxy::kAnyVerdict));
        QTRY_COMPARE(browser->proxy()->rowCount(), model->rowCount());

        // 3. The thumbnail frames, as the grid's delegate paints them.
        for (int p = 0; p < browser->proxy()->rowCount(); ++p) {
            const QModelIndex index = browser->proxy()->index(p, 0);
            const ui::SampleRow& r = model->sampleAt(browser->proxy()->sourceRowAt(p));
            QCOMPARE(verdictOfFrame(frameColour(browser, index)), byName.value(r.name));
        }

        // 4. The exported CSV.
        const QString csv = tmp.filePath(QStringLiteral("window.csv"));
        QVERIFY(w.exportCsv(csv));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
        QCOMPARE(lines.size() - 1, model->rowCount());
        for (const QByteArray& line : lines.mid(1)) {
            const QList<QByteArray> cells = line.split(',');
            const QString name = QString::fromUtf8(cells[0]);
            QCOMPARE(QString::fromLatin1(cells.value(5)), core::verdictName(byName.value(name)));
        }

        // 5. faultline-cli score on the bundle exported with the committed threshold and band.
        auto* note = panel->findChild<QLineEdit*>(QStringLiteral("commitNote"));
        QTest::keyClicks(note, QStringLiteral("agreement"));
        QTest::mouseClick(panel->findChild<QPushButton*>(QStringLiteral("commitButton")), Qt::LeftButton);
        const qint64 run = w.workspace()->activeRunId();
        QTRY_VERIFY(w.workspace()->store()->latestThreshold(run).has_value());
        QCOMPARE(w.workspace()->store()->latestThreshold(run)->value, band.high);
        const QString exported = tmp.filePath(QStringLiteral("line.flmodel"));
        QVERIFY2(w.exportModelBundle(exported), qPrintable(w.lastError()));
        const QString cliCsv = tmp.filePath(QStringLiteral("cli.csv"));
        const testing::CliRun cli = testing::runCli({"score", "--model", exported, "--data", dataset, "--out", cliCsv, "--json"});
        QVERIFY2(cli.code == 0, cli.err.constData());
        QCOMPARE(cli.json().value("threshold").toObject().value("value").toDouble(), band.high);
        QFile g(cliCsv);
        QVERIFY(g.open(QIODevice::ReadOnly));
        const QList<QByteArray> cliLines = g.readAll().trimmed().split('\n');
        QCOMPARE(cliLines.size() - 1, model->rowCount());
        for (const QByteArray& line : cliLines.mid(1)) {
            const QList<QByteArray> cells = line.split(',');
            const QString name = QString::fromUtf8(cells[0]);
            const double score = cells[4].toDouble();
            QVERIFY2(scoreByName.contains(name), qPrintable(name));
            const double windowScore = scoreByName.value(name);
            QVERIFY2(std::abs(windowScore - score) <= kScoreTolerance * std::max(1.0, std::abs(score)), qPrintable(name));
            // A score that sits on an edge may land either side by the last float bit.
            const bool onEdge = std::abs(windowScore - rule.threshold()) <= kScoreTolerance
                                || std::abs(windowScore - rule.reviewFrom()) <= kScoreTolerance;
            if (!onEdge) QCOMPARE(QString::fromLatin1(cells.value(5)), core::verdictName(byName.value(name)));
        }
    }

    // Thumbnail frames change with the threshold, without scrolling: the model says which rows
    // changed in the column the grid paints.
    void framesFollowADrag() {
        MainWindow w;
        w.resize(1600, 1000);
        w.show();
        openScored(w);
        core::ThresholdSession* session = w.thresholdSession();
        ui::SampleTableModel* model = w.workspace()->model();
        ui::DatasetBrowser* browser = w.browser();
        // The highest-scoring sample fails at its own score and passes just above it.
        int top = 0;
        for (int row = 1; row < model->rowCount(); ++row)
            if (model->sampleAt(row).score > model->sampleAt(top).score) top = row;
        const double score = model->sampleAt(top).score;
        session->setThreshold(score);
        const QModelIndex proxyIndex = browser->proxy()->mapFromSource(model->index(top, 0));
        QCOMPARE(verdictOfFrame(frameColour(browser, proxyIndex)), Verdict::Fail);
        QSignalSpy changed(browser->proxy(), &QAbstractItemModel::dataChanged);
        session->setThreshold(score + 1e-3);
        bool covered = false;
        for (const QList<QVariant>& c : changed) {
            const QModelIndex a = c[0].value<QModelIndex>(), b = c[1].value<QModelIndex>();
            covered = covered || (a.row() <= proxyIndex.row() && proxyIndex.row() <= b.row() && a.column() == 0);
        }
        QVERIFY(covered);
        QCOMPARE(verdictOfFrame(frameColour(browser, proxyIndex)), Verdict::Pass);
    }
};

QTEST_MAIN(TestVerdictAgreement)
#include "tst_verdictagreement.moc"
