#pragma once
// The threshold workbench: score histogram with draggable threshold (and review band)
// lines, ROC and PR curves with the moving operating point, confusion matrix with
// bootstrap intervals, per-defect recall, one button per threshold method with its
// explanation, costs for the minimum-cost method, the samples whose verdict changed since
// the last commit, and Commit with a note. Shows and edits the ThresholdSession it is
// given (not owned); persisting a commit is the receiver of thresholdCommitted()'s job.
// GUI thread only.

#include <QTimer>
#include <QWidget>

class QCheckBox;
class QDoubleSpinBox;
class QGridLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QTableWidget;
class QUndoStack;
class QCustomPlot;

namespace faultline::core { class ThresholdSession; }

namespace faultline::ui {

struct BandState;
class ConfusionView;
class DriftView;
class HistogramPlot;
class RocPrPlot;

class ThresholdPanel : public QWidget {
    Q_OBJECT
public:
    enum class Plot { Histogram, Roc, PrecisionRecall };

    explicit ThresholdPanel(core::ThresholdSession* session, QWidget* parent = nullptr);

    // Threshold and review-band edits (drags, method buttons, typed values, the band switch)
    // become undo steps on `stack` (not owned; may be null, then edits are applied directly).
    void setUndoStack(QUndoStack* stack);

    // Writes one plot as PNG or PDF (chosen by the suffix) via a temporary file renamed
    // into place. On failure returns false and says why in `error`, naming the file.
    bool exportPlot(Plot which, const QString& path, QString* error = nullptr);

    HistogramPlot* histogram() const { return m_histogram; }
    RocPrPlot* rocPlot() const { return m_roc; }
    RocPrPlot* prPlot() const { return m_pr; }
    ConfusionView* confusion() const { return m_confusion; }
    DriftView* driftView() const { return m_drift; }  // above the plots; fed by DriftBinding

    static constexpr int kChangedListLimit = 200;  // rows shown; the total is always stated
    static constexpr int kMethodColumns = 2;       // method buttons per row (fits a laptop-width dock)
    static constexpr double kBandRecallTarget = 0.95;
    static constexpr double kBandFprTarget = 0.01;

public Q_SLOTS:
    void applySuggestion(const QString& id);  // as if the method's button was clicked
    void showMethodExplanation(const QString& html); // where a clicked method explains itself

Q_SIGNALS:
    void thresholdCommitted(double value, const QString& note);
    void sampleActivated(int index);  // a changed-verdict row was activated (index into the ScoreSet)

private:
    QWidget* buildMethodsBox();
    QWidget* buildBandBox();
    QWidget* buildCommitBox();
    QWidget* buildChangesBox();
    QWidget* buildDefectsBox();
    void rebuildMethodButtons();
    void changeThreshold(double to, const QString& why);
    void changeReviewBand(const BandState& to, const QString& why);
    void recordReviewBand(const BandState& from, const QString& why);  // already applied
    void refreshDetails();
    void refreshBandControls();

    core::ThresholdSession* m_session;
    QUndoStack* m_undo = nullptr;
    HistogramPlot* m_histogram;
    RocPrPlot* m_roc;
    RocPrPlot* m_pr;
    ConfusionView* m_confusion;
    DriftView* m_drift;
    QDoubleSpinBox* m_thresholdSpin = nullptr;
    QGridLayout* m_methodButtons = nullptr;
    QLabel* m_methodExplanation = nullptr;
    QDoubleSpinBox* m_costFalseReject = nullptr;
    QDoubleSpinBox* m_costMissed = nullptr;
    QDoubleSpinBox* m_prevalence = nullptr;
    QCheckBox* m_bandEnabled = nullptr;
    QDoubleSpinBox* m_bandLow = nullptr;
    QDoubleSpinBox* m_bandHigh = nullptr;
    QLabel* m_bandCount = nullptr;
    QLineEdit* m_commitNote = nullptr;
    QLabel* m_committedLabel = nullptr;
    QLabel* m_changesSummary = nullptr;
    QListWidget* m_changes = nullptr;
    QTableWidget* m_defects = nullptr;
    QTimer m_detailsTimer;
};

} // namespace faultline::ui
