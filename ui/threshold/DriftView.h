#pragma once
// The lot drift check on screen: a banner, shown only when the lot drifted, that names the
// figures that moved (wrapping, so a long message never widens the panel), and a small plot of
// the two score histograms overlaid: the reference validation normals and the lot. Presents a
// DriftCheckResult computed elsewhere. GUI thread only.

#include "ui/threshold/DriftCheck.h"

#include <QWidget>

class QCustomPlot;
class QCPBars;
class QLabel;

namespace faultline::ui {

class DriftView : public QWidget {
    Q_OBJECT
public:
    explicit DriftView(QWidget* parent = nullptr);

    void setResult(const DriftCheckResult& result);
    void clear();

    bool bannerShown() const;        // the drift banner is up (not merely hidden by a hidden parent)
    QString bannerText() const;
    const core::DriftReport& report() const { return m_result.report; }
    bool hasResult() const { return m_result.ok; }

private:
    QLabel* m_banner;
    QCustomPlot* m_plot;
    QCPBars* m_reference;
    QCPBars* m_lot;
    DriftCheckResult m_result;
};

} // namespace faultline::ui
