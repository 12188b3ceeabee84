// The inspection report of a small generated project: every section is there with the numbers
// core/eval gives for the committed threshold, images are embedded (never linked), the PDF has
// pages and the gallery holds the right samples. QTEST_MAIN (a QGuiApplication on the offscreen
// platform), not QTEST_GUILESS_MAIN: the charts and the PDF lay out text, and fonts need one.
#include "core/dataset/DatasetScanner.h"
#include "core/project/ProjectStore.h"
#include "core/report/HtmlReport.h"
#include "core/report/ProjectReportSource.h"
#include "core/report/ReportBuilder.h"
#include "core/report/ReportWriter.h"

#include "../../cli/StripesDataset.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

using namespace faultline;
using namespace faultline::core;

namespace {

struct Parsed {
    QHash<QString, QString> textById;  // every element with an id: its text, tags stripped
    QStringList imageSources;
    QStringList galleryCaptions;       // in document order
    QString error;
};

Parsed parseHtml(const QString& html) {
    Parsed p;
    QXmlStreamReader xml(html);
    QStringList openIds;  // ids of the open elements, innermost last ("" for none)
    QVector<QString> text;
    bool inCaption = false;
    QString caption;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const QString id = xml.attributes().value(QStringLiteral("id")).toString();
            for (QString& t : text) t += QLatin1Char(' ');  // cells read apart: "square 6 4"
            openIds << id;
            text << QString();
            if (xml.name() == QLatin1String("img")) p.imageSources << xml.attributes().value(QStringLiteral("src")).toString();
            if (xml.attributes().value(QStringLiteral("class")) == QLatin1String("caption")) { inCaption = true; caption.clear(); }
        } else if (xml.isCharacters()) {
            for (QString& t : text) t += xml.text();
            if (inCaption) caption += xml.text();
        } else if (xml.isEndElement()) {
            const QString id = openIds.takeLast();
            const QString t = text.takeLast();
            if (!id.isEmpty()) p.textById.insert(id, t.simplified());
            if (inCaption && xml.name() == QLatin1String("td")) { inCaption = false; p.galleryCaptions << caption.simplified(); }
        }
    }
    if (xml.hasError()) p.error = QStringLiteral("line %1: %2").arg(xml.lineNumber()).arg(xml.errorString());
    return p;
}

} // namespace

class TestReport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void everySectionHasTheProjectsNumbers();
    void imagesAreEmbeddedNeverLinked();
    void galleryShowsTheWorstSamples();
    void withoutACommitTheDefaultThresholdIsFlagged();
    void pdfHasPagesAndRenders();
    void badInputsNameTheFile();

private:
    QTemporaryDir m_dir;
    QString m_project;
    QString m_data;
    double m_threshold = 0.5;
    Confusion m_expected;
    QString m_worstReject, m_firstMissed;
    ReportData m_report;
    QString m_html;
};

void TestReport::initTestCase() {
    QVERIFY(m_dir.isValid());
    m_data = m_dir.filePath(QStringLiteral("set"));
    testing::makeStripesDataset(m_data);
    const ScanResult scan = scanDataset(m_data);
    QVERIFY2(scan.ok, qPrintable(scan.error));
    m_project = m_dir.filePath(QStringLiteral("line7.faultline"));
    ProjectStore store;
    QVERIFY2(store.open(m_project, ProjectStore::CreateIfMissing), qPrintable(store.lastError()));
    QVERIFY2(store.replaceDataset(scan.dataset.root, scan.dataset.samples), qPrintable(store.lastError()));

    const QJsonObject config{{QStringLiteral("model"), QStringLiteral("ae")}, {QStringLiteral("epochs"), 3},
                             {QStringLiteral("size"), 32}, {QStringLiteral("widths"), QJsonArray{8, 16, 32}}};
    QJsonArray history;
    const double train[3] = {0.5, 0.3, 0.2}, val[3] = {0.6, 0.4, 0.3};
    for (int e = 0; e < 3; ++e)
        history.append(QJsonObject{{QStringLiteral("epoch"), e + 1}, {QStringLiteral("trainLoss"), train[e]},
                                   {QStringLiteral("valLoss"), val[e]}});
    const qint64 run = store.addRun(config);
    QVERIFY(run > 0);
    QVERIFY(store.setRunResult(run, QJsonObject{{QStringLiteral("ok"), true}, {QStringLiteral("history"), history}}, QString()));

    // Test normals 0.10 .. 0.65, test anomalies 0.35 .. 0.90; validation and train low.
    const double normalScores[6] = {0.10, 0.20, 0.30, 0.40, 0.55, 0.65};
    const double anomalousScores[6] = {0.35, 0.45, 0.60, 0.70, 0.80, 0.90};
    QVector<RunScore> scores;
    int n = 0, a = 0, other = 0;
    qint64 relabel = 0;
    QString relabelPath;
    for (const ProjectSample& s : store.samples()) {
        double v = 0.01 * (other++ % 10);
        if (s.split == Split::Test && s.truth == GroundTruth::Normal) {
            v = normalScores[n];
            if (n++ == 0) { relabel = s.id; relabelPath = s.relativePath; }  // the user calls it anomalous
        } else if (s.split == Split::Test && s.truth == GroundTruth::Anomalous) {
            v = anomalousScores[a++];
        }
        scores.push_back({s.id, v});
    }
    QCOMPARE(n, 6);
    QCOMPARE(a, 6);
    QVERIFY(store.setScores(run, scores));
    QVERIFY(store.setLabel(relabel, GroundTruth::Anomalous, QStringLiteral("inspector")));
    QVERIFY(store.setMeta(QStringLiteral("active_run"), QString::number(run)));
    ThresholdCommit commit;
    commit.runId = run;
    commit.value = m_threshold;
    commit.method = QStringLiteral("manual");
    commit.note = QStringLiteral("Signed off for lot 7 <night shift>");
    commit.who = QStringLiteral("supervisor");
    QVERIFY(store.commitThreshold(commit) > 0);

    // By hand: the relabelled 0.10 is a missed defect, 0.55 and 0.65 are false rejects.
    m_expected.tp = 4; m_expected.fn = 3; m_expected.fp = 2; m_expected.tn = 3;
    m_firstMissed = relabelPath;
    for (const ProjectSample& s : store.samples())
        for (const RunScore& r : scores)
            if (r.sampleId == s.id && r.score == 0.65) m_worstReject = s.relativePath;
    store.close();

    ReportInputs inputs;
    QString error;
    QVERIFY2(reportInputsFromProject(m_project, &inputs, &error), qPrintable(error));
    ReportOptions options;
    options.noModelReason = QStringLiteral("Originals only: no model in this test.");
    m_report = buildReport(inputs, {}, options);
    m_html = reportHtml(m_report, ReportImageMode::Embedded);
}

void TestReport::everySectionHasTheProjectsNumbers() {
    const Parsed p = parseHtml(m_html);
    QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
    for (const char* id : {"summary", "fingerprints", "training", "train-config", "loss-curve", "threshold", "confusion",
                           "curves", "per-defect", "histogram", "gallery", "sign-off"})
        QVERIFY2(p.textById.contains(QLatin1String(id)), id);
    // The confusion is what core/eval computes at the committed threshold, and what we counted.
    const Confusion eval = evaluateScores(m_report.inputs.records,
                                          {ThresholdSpec{ThresholdMethod::Fixed, m_threshold}, {}, {}, 0.99, 0.01})
                               .atThreshold;
    QCOMPARE(eval.tp, m_expected.tp);
    QCOMPARE(eval.fp, m_expected.fp);
    QCOMPARE(p.textById.value("tp"), QString::number(m_expected.tp));
    QCOMPARE(p.textById.value("fn"), QString::number(m_expected.fn));
    QCOMPARE(p.textById.value("fp"), QString::number(m_expected.fp));
    QCOMPARE(p.textById.value("tn"), QString::number(m_expected.tn));
    // Recall 4/7 with its bootstrap interval.
    QVERIFY2(p.textById.value("recall").startsWith(QStringLiteral("57.1% (95% CI")), qPrintable(p.textById.value("recall")));
    QVERIFY2(p.textById.value("fpr").startsWith(QStringLiteral("40.0% (95% CI")), qPrintable(p.textById.value("fpr")));
    QVERIFY(p.textById.value("threshold-value").contains(QStringLiteral("0.5")));
    QCOMPARE(p.textById.value("threshold-method"), QStringLiteral("manual"));
    QCOMPARE(p.textById.value("threshold-note"), QStringLiteral("Signed off for lot 7 <night shift>"));
    QCOMPARE(p.textById.value("threshold-author"), QStringLiteral("supervisor"));
    QVERIFY(p.textById.value("threshold-explanation").contains(QStringLiteral("by hand")));
    QVERIFY(p.textById.value("threshold-time").startsWith(QStringLiteral("20")));
    QVERIFY(!p.textById.contains(QStringLiteral("threshold-warning")));
    // Dataset counts: 36 train + 4 val (10% held out), 12 test.
    QCOMPARE(p.textById.value("count-samples"), QStringLiteral("52"));
    QCOMPARE(p.textById.value("count-splits"), QStringLiteral("36 / 4 / 12"));
    QCOMPARE(p.textById.value("count-test"), QStringLiteral("5 / 7 / 0"));
    QVERIFY(p.textById.value("data-root").contains(QStringLiteral("set")));
    // Per-defect recall: the squares are caught 4 of 6.
    QVERIFY2(p.textById.value("defect-square").startsWith(QStringLiteral("square 6 4 66.7%")),
             qPrintable(p.textById.value("defect-square")));
    QVERIFY(p.textById.value("train-config").contains(QStringLiteral("widths [8,16,32]")));
}

void TestReport::imagesAreEmbeddedNeverLinked() {
    const Parsed p = parseHtml(m_html);
    // Loss curve, ROC, PR, histogram and the gallery originals (2 + 3 + 4).
    QVERIFY2(p.imageSources.size() >= 4 + 6, qPrintable(QString::number(p.imageSources.size())));
    for (const QString& src : p.imageSources) {
        QVERIFY2(src.startsWith(QStringLiteral("data:image/png;base64,")), qPrintable(src.left(60)));
        const QImage image = QImage::fromData(QByteArray::fromBase64(src.mid(22).toLatin1()), "PNG");
        QVERIFY(!image.isNull());
    }
    QVERIFY(!QRegularExpression(QStringLiteral("src=\"(?!data:)")).match(m_html).hasMatch());
    QVERIFY(!m_html.contains(QStringLiteral("href=")));
}

void TestReport::galleryShowsTheWorstSamples() {
    QCOMPARE(m_report.gallery.size(), 3);
    const GallerySection& rejects = m_report.gallery[0];
    const GallerySection& missed = m_report.gallery[1];
    QCOMPARE(rejects.items.size(), 2);
    QCOMPARE(rejects.items[0].path, m_worstReject);
    QCOMPARE(rejects.items[0].score, 0.65);
    QCOMPARE(missed.items.size(), 3);
    QCOMPARE(missed.items[0].path, m_firstMissed);  // the user's label counts
    QCOMPARE(missed.items[0].score, 0.10);
    QCOMPARE(m_report.gallery[2].items.size(), 4);
    for (const GallerySection& s : m_report.gallery)
        for (const GalleryItem& item : s.items) {
            QVERIFY2(!item.original.isNull(), qPrintable(item.path + ": " + item.problem));
            QVERIFY(item.reconstruction.isNull());  // no model: originals only, and the report says why
            QVERIFY(item.heatmap.isNull());
        }
    const Parsed p = parseHtml(m_html);
    QCOMPARE(p.textById.value("gallery-note"), QStringLiteral("Originals only: no model in this test."));
    QVERIFY(p.galleryCaptions.value(0).startsWith(m_worstReject));
}

void TestReport::withoutACommitTheDefaultThresholdIsFlagged() {
    ReportInputs inputs = m_report.inputs;
    inputs.threshold.reset();
    const ReportData d = buildReport(inputs, {});
    QVERIFY(d.evaluation.chosen.defined);
    const Parsed p = parseHtml(reportHtml(d, ReportImageMode::Embedded));
    QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
    QVERIFY(p.textById.value("threshold-warning").contains(QStringLiteral("No threshold was committed")));
    QCOMPARE(p.textById.value("threshold-method"), d.evaluation.chosen.method);
}

void TestReport::pdfHasPagesAndRenders() {
    int pages = 0;
    const QByteArray pdf = reportPdf(m_report, &pages);
    QVERIFY(pdf.startsWith("%PDF-"));
    QVERIFY2(pages >= 3 && pages <= 12, qPrintable(QString::number(pages)));
    const QRegularExpressionMatch count =
        QRegularExpression(QStringLiteral("/Type\\s*/Pages\\s*/Kids\\s*\\[[^\\]]*\\]\\s*/Count\\s+(\\d+)"))
            .match(QString::fromLatin1(pdf));
    QVERIFY2(count.hasMatch(), "no /Pages tree");
    QCOMPARE(count.captured(1).toInt(), pages);
    const QString path = m_dir.filePath(QStringLiteral("report.pdf"));
    QVERIFY(writeReport(m_report, path, &pages).isEmpty());
    QCOMPARE(pdfPageCount([&] { QFile f(path); f.open(QIODevice::ReadOnly); return f.readAll(); }()), pages);
    // Rendered by poppler when it is installed (packaging/install-deps.sh installs it).
    const QString pdftoppm = QStandardPaths::findExecutable(QStringLiteral("pdftoppm"));
    if (pdftoppm.isEmpty()) QSKIP("pdftoppm (poppler-utils) is not installed: the page render is not checked");
    QProcess render;
    render.start(pdftoppm, {"-r", "40", "-png", "-f", "1", "-l", "1", path, m_dir.filePath(QStringLiteral("page"))});
    QVERIFY(render.waitForFinished(60000));
    QCOMPARE(render.exitCode(), 0);
    const QStringList pngs = QDir(m_dir.path()).entryList({QStringLiteral("page*.png")});
    QCOMPARE(pngs.size(), 1);
    const QImage page(m_dir.filePath(pngs.first()));
    QVERIFY(!page.isNull());
    QVERIFY(page.height() > page.width());  // A4 portrait
    int dark = 0;  // text and charts were drawn
    for (int y = 0; y < page.height(); ++y)
        for (int x = 0; x < page.width(); ++x) dark += qGray(page.pixel(x, y)) < 128;
    QVERIFY2(dark > 500, qPrintable(QString::number(dark)));
}

void TestReport::badInputsNameTheFile() {
    ReportInputs inputs;
    QString error;
    const QString missing = m_dir.filePath(QStringLiteral("nope.faultline"));
    QVERIFY(!reportInputsFromProject(missing, &inputs, &error));
    QVERIFY2(error.contains(missing) && error.contains(QStringLiteral("no such")), qPrintable(error));
    const QString notProject = m_dir.filePath(QStringLiteral("set/train/good/000.png"));
    QVERIFY(!reportInputsFromProject(notProject, &inputs, &error));
    QVERIFY2(error.contains(QStringLiteral("000.png")), qPrintable(error));
    const QString empty = m_dir.filePath(QStringLiteral("empty.faultline"));
    {
        ProjectStore store;
        QVERIFY(store.open(empty, ProjectStore::CreateIfMissing));
    }
    QVERIFY(!reportInputsFromProject(empty, &inputs, &error));
    QVERIFY2(error.contains(QStringLiteral("no scored run")), qPrintable(error));
    const QString docx = m_dir.filePath(QStringLiteral("r.docx"));
    QVERIFY(reportFormatProblem(docx).contains(QStringLiteral("unknown report format '.docx'")));
    QVERIFY(writeReport(m_report, docx).contains(docx));
    QVERIFY(!QFile::exists(docx));
    const QString unwritable = m_dir.filePath(QStringLiteral("no-such-folder/r.html"));
    QVERIFY(writeReport(m_report, unwritable).contains(unwritable));
}

QTEST_MAIN(TestReport)
#include "tst_report.moc"
