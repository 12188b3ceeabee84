#include "ui/threshold/DriftView.h"

#include "core/eval/ScoreHistogram.h"
#include "ui/plot/PlotLineStyle.h"
#include "ui/plot/PlotPalette.h"

#include <QLabel>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <algorithm>

namespace faultline::ui {

namespace {
constexpr int kBins = 30;         // histogram bins over both samples' range
constexpr int kPlotHeight = 120;  // pixels: a glance, the threshold histogram stays the main plot

// Share of each sample per bin, so a lot of 30 and a reference of 300 compare by shape.
QVector<double> shares(const std::vector<double>& scores, const core::ScoreHistogram& bins) {
    QVector<double> out(bins.binCount(), 0.0);
    if (scores.empty()) return out;
    for (double s : scores) {
        const int b = bins.binOf(s);
        if (b >= 0) out[std::min(b, bins.binCount() - 1)] += 1.0;
    }
    for (double& v : out) v /= double(scores.size());
    return out;
}
} // namespace

DriftView::DriftView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("driftView"));
    m_banner = new QLabel;
    m_banner->setObjectName(QStringLiteral("driftBanner"));
    m_banner->setWordWrap(true);
    m_banner->setTextFormat(Qt::PlainText);
    // Ignored width: the text wraps to whatever the panel gives it instead of widening the panel.
    m_banner->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Minimum);
    m_banner->setStyleSheet(QStringLiteral("QLabel { background: #fbe3b0; color: #5a3a00; border: 1px solid #e0a100; "
                                           "border-radius: 3px; padding: 6px; }"));
    m_banner->setVisible(false);

    m_plot = new QCustomPlot;
    m_plot->setObjectName(QStringLiteral("driftPlot"));
    m_plot->setFixedHeight(kPlotHeight);
    m_plot->setToolTip(tr("Score histograms, as shares of each sample: the validation normals the threshold was "
                          "set on, and the lot."));
    m_plot->xAxis->setLabel(tr("anomaly score"));
    m_plot->yAxis->setLabel(tr("share"));
    m_plot->legend->setVisible(true);
    m_plot->legend->setFont(QFont(font().family(), 7));
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    const auto makeBars = [this](const QString& name, QColor colour) {
        auto* bars = new QCPBars(m_plot->xAxis, m_plot->yAxis);
        bars->setName(name);
        bars->setWidthType(QCPBars::wtPlotCoords);
        bars->setPen(QPen(colour.darker(130)));
        colour.setAlpha(150);  // overlaid, not stacked: both stay visible where they overlap
        bars->setBrush(colour);
        return bars;
    };
    m_reference = makeBars(tr("validation normals"), PlotLineStyle::normal());
    m_lot = makeBars(tr("lot"), PlotLineStyle::anomalous());
    // See-through legend: with two overlaid histograms there is no corner that is always empty.
    const auto legendBrush = [this](const QPalette& palette) {
        QColor back = palette.color(QPalette::Base);
        back.setAlpha(140);
        m_plot->legend->setBrush(back);
    };
    connect(PlotPalette::follow(m_plot), &PlotPalette::applied, m_plot, legendBrush);
    legendBrush(m_plot->palette());
    m_plot->setVisible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_banner);
    layout->addWidget(m_plot);
}

void DriftView::setResult(const DriftCheckResult& result) {
    m_result = result;
    if (!result.ok) {
        clear();
        return;
    }
    const core::DriftReport& r = result.report;
    m_banner->setText(r.drift ? tr("%1. %2").arg(r.summary(), core::driftRule(r.options)) : QString());
    m_banner->setToolTip([&] {
        QStringList lines;
        for (const core::DriftFigure& f : r.figures) lines << f.explanation;
        return lines.join(QLatin1Char('\n'));
    }());
    m_banner->setVisible(r.drift);

    std::vector<double> all = result.referenceScores;
    all.insert(all.end(), result.lotScores.begin(), result.lotScores.end());
    const core::ScoreHistogram bins =
        core::buildScoreHistogram(all, std::vector<core::GroundTruth>(all.size(), core::GroundTruth::Normal), kBins);
    QVector<double> centres(bins.binCount());
    for (int b = 0; b < bins.binCount(); ++b) centres[b] = bins.binCenter(b);
    const QVector<double> ref = shares(result.referenceScores, bins);
    const QVector<double> lot = shares(result.lotScores, bins);
    m_reference->setWidth(bins.binWidth());
    m_lot->setWidth(bins.binWidth());
    m_reference->setData(centres, ref);
    m_lot->setData(centres, lot);
    m_reference->setName(tr("validation normals (%1)").arg(result.referenceScores.size()));
    m_lot->setName(tr("lot (%1)").arg(result.lotScores.size()));
    m_plot->xAxis->setRange(bins.lo, bins.hi);
    const double top = std::max(*std::max_element(ref.cbegin(), ref.cend()), *std::max_element(lot.cbegin(), lot.cend()));
    m_plot->yAxis->setRange(0.0, std::max(0.05, top * 1.15));
    m_plot->setVisible(true);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void DriftView::clear() {
    m_result = DriftCheckResult();
    m_banner->clear();
    m_banner->setVisible(false);
    m_plot->setVisible(false);
}

bool DriftView::bannerShown() const { return !m_banner->isHidden(); }

QString DriftView::bannerText() const { return m_banner->text(); }

} // namespace faultline::ui
