#pragma once
// A vertical line on a QCustomPlot at one x value, with a small value tag (the pattern of
// QCustomPlot's axistag example: a QObject that owns its plot items). The owner places the
// tag (placeTags(), in widget pixels) so that tags of nearby lines sit in different rows and
// none crosses the axes. Owns nothing but the items, which the plot deletes with itself.

#include <QColor>
#include <QObject>
#include <QPointer>
#include <QRectF>
#include <QString>
#include <QVector>

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
    void setValue(double x);  // moves the line and retexts the tag; the owner replots
    void setCaption(const QString& caption);
    void setVisible(bool visible);
    void setPenStyle(Qt::PenStyle style);
    // Where the tag is drawn now, in widget pixels.
    QRectF tagRect() const;
    // Lays out the tags of the visible lines at the top of the axis rect: each as close above
    // its line as the rect allows, in the first row where it overlaps no other tag. Call after
    // the plot's layout (QCustomPlot::afterLayout), before it draws.
    static void placeTags(QCustomPlot* plot, const QVector<ThresholdLine*>& lines);
    bool isVisible() const;
    // Horizontal distance in pixels between the line and a widget position; +inf when hidden.
    double pixelDistance(const QPointF& pos) const;
    double pixelX() const;

private:
    QPointer<QCustomPlot> m_plot;
    QPointer<QCPItemStraightLine> m_line;
    QPointer<QCPItemText> m_tag;
    QSizeF tagSize() const;

    QString m_caption;
    double m_value = 0.0;
};

} // namespace faultline::ui
