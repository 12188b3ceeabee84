#include "EvaluationTable.h"

namespace faultline::cli {

using namespace faultline::core;

namespace {

QString num(const std::optional<double>& v) { return v ? QString::number(*v, 'f', 4) : QStringLiteral("n/a"); }
QString pct(bool defined, double v) { return defined ? QString::number(v * 100.0, 'f', 1) + QLatin1Char('%') : QStringLiteral("n/a"); }

QString interval(const RateInterval& r) {
    if (!r.defined) return QString();
    return QStringLiteral(" [%1, %2]").arg(pct(true, r.low), pct(true, r.high));
}

void row(QTextStream& out, const QString& label, const QString& value) {
    out << "  " << label.leftJustified(22) << value << '\n';
}

} // namespace

void printEvaluationTable(QTextStream& out, const EvaluationReport& r) {
    out << "Rows: " << r.rows << " (" << r.n << " labelled test, " << r.nAnomalous << " of them anomalous; "
        << r.valNormal << " normal validation";
    if (r.testUnlabelled) out << "; " << r.testUnlabelled << " unlabelled test";
    if (r.trainRows) out << "; " << r.trainRows << " train, not used";
    if (r.valAnomalous) out << "; " << r.valAnomalous << " anomalous validation, not used";
    out << ")\n\nImage level\n";
    row(out, QStringLiteral("AUROC"), num(r.auroc));
    row(out, QStringLiteral("Average precision"), num(r.averagePrecision));
    row(out, QStringLiteral("AUPR (trapezoid)"), num(r.auprTrapezoid));
    row(out, QStringLiteral("F1-max"),
        r.f1Max ? QStringLiteral("%1 at threshold %2").arg(QString::number(r.f1Max->f1, 'f', 4), formatNumber(r.f1Max->threshold))
                : QStringLiteral("n/a"));

    out << "\nThresholds\n";
    for (const ThresholdResult& t : r.thresholds) {
        out << "  " << t.method.leftJustified(16) << (t.defined ? formatNumber(t.value) : QStringLiteral("-")).leftJustified(12) << ' '
            << t.explanation << '\n';
    }
    out << "  " << QStringLiteral("review band").leftJustified(16)
        << (r.reviewBand.defined ? QStringLiteral("%1..%2").arg(formatNumber(r.reviewBand.low), formatNumber(r.reviewBand.high))
                                 : QStringLiteral("-"))
               .leftJustified(12)
        << ' ' << r.reviewBand.explanation << '\n';

    if (!r.chosen.defined) {
        out << "\nNo threshold to apply: "
            << (r.chosen.explanation.isEmpty() ? QStringLiteral("no method is defined on these scores") : r.chosen.explanation)
            << '\n';
    } else {
        const Confusion& c = r.atThreshold;
        out << "\nAt threshold " << formatNumber(r.chosen.value) << " (" << r.chosen.method << ", "
            << (r.chosenByUser ? "chosen" : "default") << "), on the labelled test rows\n";
        out << "  TP " << c.tp << "   FP " << c.fp << "   TN " << c.tn << "   FN " << c.fn << '\n';
        row(out, QStringLiteral("recall"), pct(c.hasPositives(), c.recall()) + interval(r.intervals.recall));
        row(out, QStringLiteral("FPR"), pct(c.hasNegatives(), c.fpr()) + interval(r.intervals.fpr));
        row(out, QStringLiteral("precision"), pct(c.hasFlagged(), c.precision()));
        row(out, QStringLiteral("F1"), c.total() ? QString::number(c.f1(), 'f', 4) : QStringLiteral("n/a"));
        row(out, QStringLiteral("accuracy"), pct(c.total() > 0, c.accuracy()));
        if (r.intervals.recall.defined || r.intervals.fpr.defined)
            out << "  (" << QString::number(r.intervals.confidence * 100, 'g', 4) << "% bootstrap intervals, "
                << r.intervals.resamples << " resamples)\n";
        for (const RateInterval* ri : {&r.intervals.recall, &r.intervals.fpr})
            if (ri->defined && !ri->note.isEmpty()) out << "  note: " << ri->note << '\n';

        if (!r.perDefect.isEmpty()) {
            out << "\nPer defect\n  " << QStringLiteral("defect").leftJustified(16) << QStringLiteral("anomalous").leftJustified(11)
                << QStringLiteral("recall").leftJustified(10) << QStringLiteral("normal").leftJustified(9) << "FPR\n";
            for (const DefectGroupRates& g : r.perDefect) {
                out << "  " << g.defect.leftJustified(16)
                    << (g.anomalous ? QStringLiteral("%1/%2").arg(g.detected).arg(g.anomalous) : QStringLiteral("-")).leftJustified(11)
                    << (g.hasRecall() ? pct(true, g.recall()) : QStringLiteral("-")).leftJustified(10)
                    << (g.normal ? QStringLiteral("%1/%2").arg(g.falseAlarms).arg(g.normal) : QStringLiteral("-")).leftJustified(9)
                    << (g.hasFpr() ? pct(true, g.fpr()) : QStringLiteral("-")) << '\n';
            }
        }
    }

    if (r.pixel) {
        const PixelMetricsResult& p = *r.pixel;
        out << "\nPixel level (" << p.images << " maps, " << p.regions << " defect regions)\n";
        row(out, QStringLiteral("pixel AUROC"),
            p.auroc ? QStringLiteral("%1 (within %2 of exact)").arg(QString::number(*p.auroc, 'f', 4), QString::number(p.aurocErrorBound, 'g', 2))
                    : QStringLiteral("n/a"));
        row(out, QStringLiteral("AUPRO (FPR <= %1)").arg(p.fprLimit),
            p.aupro ? QStringLiteral("%1 (within %2 of exact)").arg(QString::number(*p.aupro, 'f', 4), QString::number(p.auproErrorBound, 'g', 2))
                    : QStringLiteral("n/a"));
        if (!p.note.isEmpty()) out << "  " << p.note << '\n';
    }
    out.flush();
}

} // namespace faultline::cli
