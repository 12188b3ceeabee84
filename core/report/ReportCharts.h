#pragma once
// The report's charts drawn with QPainter into QImages (no plot library: core has no widgets):
// the training loss curve, ROC and PR curves with the operating point marked, and the score
// histogram split by label with the threshold line. White background, fixed size in pixels.
// Safe on any thread (QPainter on a QImage); text needs a QGuiApplication (fonts).

#include "core/report/ReportData.h"

#include <QImage>
#include <QPointF>
#include <QSize>
#include <QString>

namespace faultline::core {

QImage lossChart(const QVector<EpochLoss>& history, QSize size = {560, 300});
// operatingPoint in the curve's own coordinates (ROC: FPR, TPR; PR: recall, precision).
QImage curveChart(const std::vector<CurvePoint>& points, QPointF operatingPoint, const QString& title,
                  const QString& xLabel, const QString& yLabel, QSize size = {300, 300});
QImage histogramChart(const ScoreHistogram& histogram, double threshold, QSize size = {560, 300});

} // namespace faultline::core
