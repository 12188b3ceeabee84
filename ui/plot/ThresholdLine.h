#pragma once
// A vertical line on a QCustomPlot at one x value, with a small value tag at the top of
// the axis rect (the pattern of QCustomPlot's axistag example: a QObject that owns its
// plot items). Owns nothing but the items, which the plot deletes with itself.

#include <QColor>
#include <QObject>
#include <QPointer>
#include <QString>

class QCustomPlot;
class QCPAxis;
class QCPItemStraightLine;
class QCPItemText;

namespace faultline::ui {

class ThresholdLine : public QObject {
    Q_OBJECT
public:
    ThresholdLine(QCustomPlot* plot, const QColor& colour, const QString& caption,
                  QObject* parent = nullptr);
    ~ThresholdLine() override;

    double value() const { return m_value; }
    void setValue(double x);  // moves the items; the owner replots
    void setVisible(bool visible);
    // Which row the value tag sits in (0 = top of the axis rect), so tags of nearby lines
    // do not cover each other.
    void setTagRow(int row);
    void setPenStyle(Qt::PenStyle style);
    bool isVisible() const;
    // Horizontal distance in pixels between the line and a widget position; +inf when hidden.
    double pixelDistance(const QPointF& pos) const;
    double pixelX() const;

private:
    QPointer<QCustomPlot> m_plot;
    QPointer<QCPItemStraightLine> m_line;
    QPointer<QCPItemText> m_tag;
    QString m_caption;
    double m_value = 0.0;
    int m_tagRow = 0;
};

} // namespace faultline::ui
