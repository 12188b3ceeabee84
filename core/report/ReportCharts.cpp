#include "core/report/ReportCharts.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace faultline::core {

namespace {

const QColor kNormal(0x1f, 0x77, 0xb4);     // normal samples, training loss
const QColor kAnomalous(0xd6, 0x27, 0x28);  // anomalous samples, validation loss
const QColor kUnknown(0x99, 0x99, 0x99);
const QColor kThreshold(0x20, 0x20, 0x20);

// The data rectangle and its mapping, with axes, ticks and labels drawn around it.
class Axes {
public:
    Axes(QPainter& p, QSize size, double x0, double x1, double y0, double y1, const QString& title,
         const QString& xLabel, const QString& yLabel, bool integerX = false)
        : m_rect(58, 28, size.width() - 58 - 16, size.height() - 28 - 44), m_x0(x0), m_x1(x1 > x0 ? x1 : x0 + 1),
          m_y0(y0), m_y1(y1 > y0 ? y1 : y0 + 1) {
        p.fillRect(QRect(QPoint(0, 0), size), Qt::white);
        QFont f = p.font();
        f.setPixelSize(11);
        p.setFont(f);
        constexpr int kTicks = 5;  // intervals per axis
        // Whole-number axes (epochs) tick on whole numbers, at most kTicks + 1 of them.
        const double xStep = integerX ? std::max(1.0, std::ceil((m_x1 - m_x0) / kTicks)) : (m_x1 - m_x0) / kTicks;
        for (double fx = integerX ? std::ceil(m_x0) : m_x0; fx <= m_x1 + 1e-9 * (m_x1 - m_x0); fx += xStep) {
            p.setPen(QColor(0xe6, 0xe6, 0xe6));
            p.drawLine(QPointF(map(fx, m_y0).x(), m_rect.top()), QPointF(map(fx, m_y0).x(), m_rect.bottom()));
            p.setPen(Qt::black);
            p.drawText(QRectF(map(fx, m_y0).x() - 30, m_rect.bottom() + 4, 60, 14), Qt::AlignHCenter | Qt::AlignTop,
                       QString::number(fx, 'g', 3));
        }
        for (int i = 0; i <= kTicks; ++i) {
            const double fy = m_y0 + (m_y1 - m_y0) * i / kTicks;
            p.setPen(QColor(0xe6, 0xe6, 0xe6));
            p.drawLine(QPointF(m_rect.left(), map(m_x0, fy).y()), QPointF(m_rect.right(), map(m_x0, fy).y()));
            p.setPen(Qt::black);
            p.drawText(QRectF(0, map(m_x0, fy).y() - 7, m_rect.left() - 4, 14), Qt::AlignRight | Qt::AlignVCenter,
                       QString::number(fy, 'g', 3));
        }
        p.setPen(Qt::black);
        p.drawRect(m_rect);
        p.drawText(QRectF(m_rect.left(), size.height() - 20, m_rect.width(), 16), Qt::AlignHCenter, xLabel);
        p.save();
        p.translate(12, m_rect.center().y());
        p.rotate(-90);
        p.drawText(QRectF(-m_rect.height() / 2.0, -8, m_rect.height(), 16), Qt::AlignHCenter, yLabel);
        p.restore();
        f.setPixelSize(13);
        f.setBold(true);
        p.setFont(f);
        p.drawText(QRectF(0, 4, size.width(), 20), Qt::AlignHCenter, title);
        f.setPixelSize(11);
        f.setBold(false);
        p.setFont(f);
    }
    QPointF map(double x, double y) const {
        return {m_rect.left() + (x - m_x0) / (m_x1 - m_x0) * m_rect.width(),
                m_rect.bottom() - (y - m_y0) / (m_y1 - m_y0) * m_rect.height()};
    }
    QRectF rect() const { return m_rect; }

private:
    QRectF m_rect;
    double m_x0, m_x1, m_y0, m_y1;
};

void legend(QPainter& p, const Axes& axes, const QVector<QPair<QString, QColor>>& entries) {
    double y = axes.rect().top() + 6;
    for (const auto& [text, colour] : entries) {
        p.fillRect(QRectF(axes.rect().right() - 120, y + 3, 10, 10), colour);
        p.setPen(Qt::black);
        p.drawText(QPointF(axes.rect().right() - 106, y + 12), text);
        y += 16;
    }
}

QImage canvas(QSize size) {
    QImage image(size, QImage::Format_RGB32);
    image.fill(Qt::white);
    return image;
}

} // namespace

QImage lossChart(const QVector<EpochLoss>& history, QSize size) {
    QImage image = canvas(size);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    double lo = 0.0, hi = 0.0;
    bool first = true;
    for (const EpochLoss& e : history)
        for (double v : {e.trainLoss, e.valLoss})
            if (std::isfinite(v)) {
                lo = first ? v : std::min(lo, v);
                hi = first ? v : std::max(hi, v);
                first = false;
            }
    const int lastEpoch = history.isEmpty() ? 1 : history.last().epoch;
    const Axes axes(p, size, history.isEmpty() ? 0 : history.first().epoch, lastEpoch, std::min(0.0, lo), hi * 1.05,
                    QStringLiteral("Training loss"), QStringLiteral("epoch"), QStringLiteral("loss"), /*integerX=*/true);
    for (int which = 0; which < 2; ++which) {
        QPainterPath path;
        bool started = false;
        for (const EpochLoss& e : history) {
            const double v = which == 0 ? e.trainLoss : e.valLoss;
            if (!std::isfinite(v)) continue;
            const QPointF pt = axes.map(e.epoch, v);
            if (started) path.lineTo(pt); else path.moveTo(pt);
            started = true;
            p.setPen(Qt::NoPen);
            p.setBrush(which == 0 ? kNormal : kAnomalous);
            p.drawEllipse(pt, 2.5, 2.5);
        }
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(which == 0 ? kNormal : kAnomalous, 2));
        p.drawPath(path);
    }
    legend(p, axes, {{QStringLiteral("training"), kNormal}, {QStringLiteral("validation"), kAnomalous}});
    return image;
}

QImage curveChart(const std::vector<CurvePoint>& points, QPointF operatingPoint, const QString& title,
                  const QString& xLabel, const QString& yLabel, QSize size) {
    QImage image = canvas(size);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    const Axes axes(p, size, 0, 1, 0, 1, title, xLabel, yLabel);
    QPainterPath path;
    for (std::size_t i = 0; i < points.size(); ++i) {
        const QPointF pt = axes.map(points[i].x, points[i].y);
        if (i == 0) path.moveTo(pt); else path.lineTo(pt);
    }
    p.setPen(QPen(kNormal, 2));
    p.drawPath(path);
    if (std::isfinite(operatingPoint.x()) && std::isfinite(operatingPoint.y())) {
        p.setPen(QPen(kThreshold, 2));
        p.setBrush(kAnomalous);
        p.drawEllipse(axes.map(operatingPoint.x(), operatingPoint.y()), 5, 5);
        p.setPen(Qt::black);
        const QPointF at = axes.map(operatingPoint.x(), operatingPoint.y());
        const bool right = at.x() < axes.rect().center().x();
        p.drawText(QRectF(right ? at.x() + 8 : at.x() - 128, at.y() + 4, 120, 14),
                   right ? Qt::AlignLeft : Qt::AlignRight, QStringLiteral("operating point"));
    }
    return image;
}

QImage histogramChart(const ScoreHistogram& h, double threshold, QSize size) {
    QImage image = canvas(size);
    QPainter p(&image);
    const double lo = std::isfinite(threshold) ? std::min(h.lo, threshold) : h.lo;
    const double hi = std::isfinite(threshold) ? std::max(h.hi, threshold) : h.hi;
    // Whole counts on the axis: the top is a multiple of the 5 tick intervals.
    const double top = 5.0 * std::ceil(std::max<double>(1.0, double(h.maxBinTotal()) * 1.1) / 5.0);
    const Axes axes(p, size, lo, hi, 0, top,
                    QStringLiteral("Score histogram"), QStringLiteral("anomaly score"), QStringLiteral("samples"));
    for (int b = 0; b < h.binCount(); ++b) {
        double base = 0;
        const qint64 counts[3] = {h.normal[b], h.anomalous[b], h.unknown[b]};
        const QColor colours[3] = {kNormal, kAnomalous, kUnknown};
        for (int k = 0; k < 3; ++k) {
            if (counts[k] == 0) continue;
            const QRectF bar(axes.map(h.binLow(b), base + double(counts[k])),
                             axes.map(h.binLow(b) + h.binWidth(), base));
            p.fillRect(bar.adjusted(0.5, 0, -0.5, 0), colours[k]);
            base += double(counts[k]);
        }
    }
    if (std::isfinite(threshold)) {
        p.setPen(QPen(kThreshold, 2, Qt::DashLine));
        const double x = axes.map(threshold, 0).x();
        p.drawLine(QPointF(x, axes.rect().top()), QPointF(x, axes.rect().bottom()));
        p.setPen(Qt::black);
        p.drawText(QPointF(x + 4, axes.rect().top() + 12), QStringLiteral("threshold %1").arg(threshold, 0, 'g', 4));
    }
    legend(p, axes, {{QStringLiteral("normal"), kNormal}, {QStringLiteral("anomalous"), kAnomalous},
                     {QStringLiteral("unlabelled"), kUnknown}});
    return image;
}

} // namespace faultline::core
