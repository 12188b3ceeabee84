#pragma once
// Live training and validation loss curves. Points arrive a few times a second at most
// (the trainer throttles its reports); replots are still batched by a short timer.
// GUI thread only.

#include <qcustomplot.h>

namespace faultline::ui {

class LossPlot : public QCustomPlot {
    Q_OBJECT
public:
    explicit LossPlot(QWidget* parent = nullptr);

    void clear();
    void addTrainPoint(double epoch, double loss);  // epoch may be fractional
    void addValidationPoint(double epoch, double loss);
    int trainPointCount() const;
    int validationPointCount() const;

    static constexpr int kReplotMs = 40;

private:
    void scheduleReplot();
    void fitAxes();  // every point inside the frame, with a margin

    QCPGraph* m_train;
    QCPGraph* m_validation;
    QTimer m_replotTimer;
};

} // namespace faultline::ui
