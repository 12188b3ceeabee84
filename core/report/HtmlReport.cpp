#include "core/report/HtmlReport.h"

#include "core/report/ReportCharts.h"
#include "core/threshold/ThresholdMethods.h"

#include <QBuffer>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace faultline::core {

namespace {

QString esc(const QString& s) { return s.toHtmlEscaped(); }
QString num(double v) { return std::isfinite(v) ? QString::number(v, 'g', 6) : QStringLiteral("n/a"); }
QString pct(double v) { return std::isfinite(v) ? QString::number(v * 100.0, 'f', 1) + QLatin1Char('%') : QStringLiteral("n/a"); }
QString opt(const std::optional<double>& v) { return v ? num(*v) : QStringLiteral("n/a"); }

QString labelWord(GroundTruth t) {
    return t == GroundTruth::Anomalous ? QStringLiteral("anomalous")
                                       : t == GroundTruth::Normal ? QStringLiteral("normal") : QStringLiteral("unlabelled");
}

QString jsonText(const QJsonValue& v) {
    if (v.isString()) return v.toString();
    if (v.isBool()) return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isDouble()) return QString::number(v.toDouble(), 'g', 10);
    if (v.isArray()) return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    if (v.isObject()) return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    return QString();
}

QString interval(const RateInterval& r) {
    if (!r.defined) return QStringLiteral("n/a (%1)").arg(esc(r.note));
    return QStringLiteral("%1 (95% CI %2 – %3)").arg(pct(r.estimate), pct(r.low), pct(r.high));
}

// Collects markup; images go in as data URIs or as named resources.
class Writer {
public:
    Writer(ReportImageMode mode, QVector<QPair<QString, QImage>>* resources) : m_mode(mode), m_resources(resources) {}
    Writer& operator<<(const QString& s) { m_html += s; return *this; }
    void heading(const QString& id, const QString& text, bool newPage = false) {
        m_html += QStringLiteral("<h2 id=\"%1\"%2>%3</h2>\n")
                      .arg(id, newPage ? QStringLiteral(" style=\"page-break-before: always\"") : QString(), esc(text));
    }
    void row(const QString& name, const QString& valueHtml, const QString& id = {}) {
        m_html += QStringLiteral("<tr><th align=\"left\">%1</th><td%2>%3</td></tr>\n")
                      .arg(esc(name), id.isEmpty() ? QString() : QStringLiteral(" id=\"%1\"").arg(id), valueHtml);
    }
    void image(const QImage& image, const QString& alt) {
        if (image.isNull()) { m_html += QStringLiteral("<i>%1: none</i>").arg(esc(alt)); return; }
        QString src;
        if (m_mode == ReportImageMode::Embedded) {
            src = pngDataUri(image);
        } else {
            src = QStringLiteral("report-image:%1").arg(m_count);
            if (m_resources) m_resources->append({src, image});
        }
        ++m_count;
        m_html += QStringLiteral("<img src=\"%1\" alt=\"%2\" width=\"%3\" height=\"%4\"/>")
                      .arg(src, esc(alt)).arg(image.width()).arg(image.height());
    }
    QString html() const { return m_html; }

private:
    ReportImageMode m_mode;
    QVector<QPair<QString, QImage>>* m_resources;
    QString m_html;
    int m_count = 0;
};

// The sentence that explains the committed threshold: the method's own, when the standard
// methods computed it on these scores, else how it was set.
QString explanation(const ReportData& d) {
    const CommittedThreshold& c = *d.inputs.threshold;
    ThresholdSpec spec;
    QString ignored;
    if (parseThresholdSpec(c.method, &spec, &ignored))
        for (const ThresholdResult& t : d.evaluation.thresholds)
            if (t.method == spec.text() && t.defined) return t.explanation;
    if (c.method == QLatin1String("manual"))
        return QStringLiteral("set by hand in the threshold panel (dragged or typed), at %1").arg(num(c.value));
    return QStringLiteral("%1 (%2)").arg(c.method, d.evaluation.chosen.explanation);
}

void fingerprints(Writer& w, const ReportData& d) {
    w.heading(QStringLiteral("fingerprints"), QStringLiteral("Dataset and model"));
    const DatasetCounts& c = d.counts;
    w << QStringLiteral("<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\">\n");
    w.row(QStringLiteral("Data set folder"), esc(QDir::toNativeSeparators(d.inputs.datasetRoot.isEmpty()
                                                                              ? QStringLiteral("(not given)")
                                                                              : d.inputs.datasetRoot)), QStringLiteral("data-root"));
    w.row(QStringLiteral("Samples"), QString::number(c.samples), QStringLiteral("count-samples"));
    w.row(QStringLiteral("Train / validation / test"),
          QStringLiteral("%1 / %2 / %3").arg(c.train).arg(c.val).arg(c.test), QStringLiteral("count-splits"));
    w.row(QStringLiteral("Test normal / anomalous / unlabelled"),
          QStringLiteral("%1 / %2 / %3").arg(c.testNormal).arg(c.testAnomalous).arg(c.testUnlabelled),
          QStringLiteral("count-test"));
    w.row(QStringLiteral("Not scored"), QString::number(c.unscored), QStringLiteral("count-unscored"));
    for (const ReportField& f : d.inputs.model) w.row(f.name, QStringLiteral("<code>%1</code>").arg(esc(f.value)));
    if (d.inputs.bundlePath.isEmpty()) w.row(QStringLiteral("Model"), QStringLiteral("<i>no model bundle</i>"));
    w << QStringLiteral("</table>\n");
}

void training(Writer& w, const ReportData& d) {
    w.heading(QStringLiteral("training"), QStringLiteral("Training"));
    if (d.inputs.trainConfig.isEmpty()) {
        w << QStringLiteral("<p>No training configuration is recorded.</p>\n");
    } else {
        w << QStringLiteral("<table id=\"train-config\" border=\"1\" cellspacing=\"0\" cellpadding=\"3\">\n");
        for (auto it = d.inputs.trainConfig.begin(); it != d.inputs.trainConfig.end(); ++it)
            w.row(it.key(), esc(jsonText(it.value())));
        w << QStringLiteral("</table>\n");
    }
    if (d.inputs.history.isEmpty()) {
        w << QStringLiteral("<p id=\"loss-curve\">The loss curve was not recorded for this model.</p>\n");
    } else {
        w << QStringLiteral("<p id=\"loss-curve\">");
        w.image(lossChart(d.inputs.history), QStringLiteral("Training loss curve"));
        w << QStringLiteral("</p>\n");
    }
}

void threshold(Writer& w, const ReportData& d) {
    w.heading(QStringLiteral("threshold"), QStringLiteral("Committed threshold"));
    w << QStringLiteral("<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\">\n");
    if (const auto& c = d.inputs.threshold) {
        w.row(QStringLiteral("Threshold"), QStringLiteral("score &gt;= %1 is rejected").arg(esc(QString::number(c->value, 'g', 10))),
              QStringLiteral("threshold-value"));
        w.row(QStringLiteral("Method"), esc(c->method), QStringLiteral("threshold-method"));
        w.row(QStringLiteral("Explanation"), esc(explanation(d)), QStringLiteral("threshold-explanation"));
        if (c->reviewLow && c->reviewHigh)
            w.row(QStringLiteral("Review band"), QStringLiteral("%1 – %2").arg(num(*c->reviewLow), num(*c->reviewHigh)),
                  QStringLiteral("threshold-review"));
        w.row(QStringLiteral("Note"), esc(c->note.isEmpty() ? QStringLiteral("(none)") : c->note), QStringLiteral("threshold-note"));
        w.row(QStringLiteral("Committed by"), esc(c->author.isEmpty() ? QStringLiteral("(not recorded)") : c->author),
              QStringLiteral("threshold-author"));
        w.row(QStringLiteral("Committed at"), esc(c->committed.isEmpty() ? QStringLiteral("(not recorded)") : c->committed),
              QStringLiteral("threshold-time"));
        w.row(QStringLiteral("Recorded in"), esc(c->source));
    } else {
        w.row(QStringLiteral("Threshold"), esc(num(d.evaluation.chosen.value)), QStringLiteral("threshold-value"));
        w.row(QStringLiteral("Method"), esc(d.evaluation.chosen.method), QStringLiteral("threshold-method"));
        w.row(QStringLiteral("Explanation"), esc(d.evaluation.chosen.explanation), QStringLiteral("threshold-explanation"));
        w.row(QStringLiteral("Warning"), QStringLiteral("<b>%1</b>").arg(esc(d.thresholdNote)), QStringLiteral("threshold-warning"));
    }
    w << QStringLiteral("</table>\n");
}

void confusion(Writer& w, const ReportData& d) {
    const EvaluationReport& e = d.evaluation;
    const Confusion& c = e.atThreshold;
    w.heading(QStringLiteral("confusion"), QStringLiteral("Confusion matrix on the labelled test samples"));
    w << QStringLiteral("<table border=\"1\" cellspacing=\"0\" cellpadding=\"6\">\n"
                        "<tr><th></th><th>rejected (score &gt;= threshold)</th><th>passed</th></tr>\n");
    w << QStringLiteral("<tr><th align=\"left\">anomalous</th><td id=\"tp\">%1</td><td id=\"fn\">%2</td></tr>\n"
                        "<tr><th align=\"left\">normal</th><td id=\"fp\">%3</td><td id=\"tn\">%4</td></tr>\n</table>\n")
             .arg(c.tp).arg(c.fn).arg(c.fp).arg(c.tn);
    w << QStringLiteral("<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\">\n");
    w.row(QStringLiteral("Recall (defects caught)"), interval(e.intervals.recall), QStringLiteral("recall"));
    w.row(QStringLiteral("False reject rate (FPR)"), interval(e.intervals.fpr), QStringLiteral("fpr"));
    w.row(QStringLiteral("Precision"), c.hasFlagged() ? pct(c.precision()) : QStringLiteral("n/a"), QStringLiteral("precision"));
    w.row(QStringLiteral("F1"), num(c.f1()), QStringLiteral("f1"));
    w.row(QStringLiteral("Image AUROC"), opt(e.auroc), QStringLiteral("auroc"));
    w.row(QStringLiteral("Average precision"), opt(e.averagePrecision), QStringLiteral("ap"));
    w << QStringLiteral("</table>\n<p>Intervals: stratified percentile bootstrap, %1 resamples.</p>\n").arg(e.intervals.resamples);
}

void curves(Writer& w, const ReportData& d) {
    const Confusion& c = d.evaluation.atThreshold;
    w.heading(QStringLiteral("curves"), QStringLiteral("ROC and precision-recall curves"));
    const double fpr = c.hasNegatives() ? c.fpr() : NAN, recall = c.hasPositives() ? c.recall() : NAN;
    const double precision = c.hasFlagged() ? c.precision() : NAN;
    w << QStringLiteral("<table><tr><td>");
    w.image(curveChart(d.roc, {fpr, recall}, QStringLiteral("ROC"), QStringLiteral("false positive rate"),
                       QStringLiteral("true positive rate")), QStringLiteral("ROC curve"));
    w << QStringLiteral("</td><td>");
    w.image(curveChart(d.pr, {recall, precision}, QStringLiteral("Precision-recall"), QStringLiteral("recall"),
                       QStringLiteral("precision")), QStringLiteral("Precision-recall curve"));
    w << QStringLiteral("</td></tr></table>\n<p>The marked point is the threshold above: FPR %1, recall %2, precision %3.</p>\n")
             .arg(pct(fpr), pct(recall), pct(precision));
}

void perDefect(Writer& w, const ReportData& d) {
    w.heading(QStringLiteral("per-defect"), QStringLiteral("Recall per defect type"));
    w << QStringLiteral("<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\">\n<tr><th>defect</th><th>anomalous</th>"
                        "<th>caught</th><th>recall</th><th>normal</th><th>false rejects</th></tr>\n");
    for (const DefectGroupRates& g : d.evaluation.perDefect)
        w << QStringLiteral("<tr id=\"defect-%1\"><td>%2</td><td>%3</td><td>%4</td><td>%5</td><td>%6</td><td>%7</td></tr>\n")
                 .arg(esc(QString(g.defect).replace(QLatin1Char(' '), QLatin1Char('_'))), esc(g.defect))
                 .arg(g.anomalous).arg(g.detected)
                 .arg(g.hasRecall() ? pct(g.recall()) : QStringLiteral("n/a"))
                 .arg(g.normal).arg(g.falseAlarms);
    w << QStringLiteral("</table>\n");
}

void gallery(Writer& w, const ReportData& d) {
    w.heading(QStringLiteral("gallery"), QStringLiteral("Gallery"), /*newPage=*/true);
    if (!d.galleryNote.isEmpty()) w << QStringLiteral("<p id=\"gallery-note\"><b>%1</b></p>\n").arg(esc(d.galleryNote));
    else w << QStringLiteral("<p>Original, reconstruction and anomaly heatmap (one colour range for all: %1 – %2).</p>\n")
                  .arg(num(d.heatmapLow), num(d.heatmapHigh));
    for (int s = 0; s < d.gallery.size(); ++s) {
        const GallerySection& section = d.gallery[s];
        w << QStringLiteral("<h3 id=\"gallery-%1\">%2 (%3)</h3>\n<p>%4</p>\n")
                 .arg(s).arg(esc(section.title)).arg(section.items.size()).arg(esc(section.description));
        if (section.items.isEmpty()) { w << QStringLiteral("<p><i>None.</i></p>\n"); continue; }
        const bool model = d.galleryNote.isEmpty();
        w << QStringLiteral("<table cellpadding=\"3\">\n<tr><th align=\"left\">sample</th><th>original</th>%1</tr>\n")
                 .arg(model ? QStringLiteral("<th>reconstruction</th><th>heatmap</th>") : QString());
        for (const GalleryItem& item : section.items) {
            // One row per sample, so a page break never parts a caption from its images.
            w << QStringLiteral("<tr><td class=\"caption\" width=\"170\"><b>%1</b><br/>%2%3<br/>score %4%5</td><td>")
                     .arg(esc(item.path), labelWord(item.label),
                          item.defect.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(esc(item.defect)), num(item.score),
                          item.problem.isEmpty() ? QString() : QStringLiteral("<br/><i>%1</i>").arg(esc(item.problem)));
            w.image(item.original, QStringLiteral("original"));
            if (model) {
                w << QStringLiteral("</td><td>");
                w.image(item.reconstruction, QStringLiteral("reconstruction"));
                w << QStringLiteral("</td><td>");
                w.image(item.heatmap, QStringLiteral("heatmap"));
            }
            w << QStringLiteral("</td></tr>\n");
        }
        w << QStringLiteral("</table>\n");
    }
}

} // namespace

QString pngDataUri(const QImage& image) {
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return QStringLiteral("data:image/png;base64,") + QString::fromLatin1(png.toBase64());
}

QString reportHtml(const ReportData& d, ReportImageMode mode, QVector<QPair<QString, QImage>>* resources) {
    Writer w(mode, resources);
    const QString title = QStringLiteral("Inspection report: %1").arg(d.inputs.title);
    w << QStringLiteral("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"/><title>%1</title>\n"
                        "<style>body{font-family:sans-serif;} th,td{vertical-align:top;} code{font-size:small;}</style>"
                        "</head>\n<body>\n<h1>%1</h1>\n").arg(esc(title));
    w << QStringLiteral("<p id=\"summary\">Generated %1 from <code>%2</code>.</p>\n")
             .arg(esc(d.generated), esc(QDir::toNativeSeparators(d.inputs.source)));
    for (const QString& warning : d.inputs.warnings) w << QStringLiteral("<p class=\"warning\"><b>Warning:</b> %1</p>\n").arg(esc(warning));
    fingerprints(w, d);
    training(w, d);
    threshold(w, d);
    confusion(w, d);
    curves(w, d);
    perDefect(w, d);
    w.heading(QStringLiteral("histogram"), QStringLiteral("Score histogram"));
    w << QStringLiteral("<p>");
    w.image(histogramChart(d.histogram, d.evaluation.chosen.value), QStringLiteral("Score histogram"));
    w << QStringLiteral("</p>\n<p>Judged samples (test split) by label; the dashed line is the threshold.</p>\n");
    gallery(w, d);
    w.heading(QStringLiteral("sign-off"), QStringLiteral("Sign-off"));
    w << QStringLiteral("<table border=\"1\" cellspacing=\"0\" cellpadding=\"12\" width=\"100%\">\n"
                        "<tr><th align=\"left\">Reviewed and approved by</th><td width=\"60%\"></td></tr>\n"
                        "<tr><th align=\"left\">Date</th><td></td></tr>\n<tr><th align=\"left\">Signature</th><td></td></tr>\n"
                        "</table>\n</body></html>\n");
    return w.html();
}

} // namespace faultline::core
