#pragma once
// Filters and sorts a SampleTableModel: split, user label, verdict, defect, score range, name
// text and the training-set check (suspects, images held for review); sort by any column (score numerically, unscored last) or as a review queue, the
// samples closest to the threshold first. Reads the source rows directly, so filtering or
// sorting 100,000 samples costs no QVariant per row. GUI thread only.

#include "ui/dataset/SampleTableModel.h"

#include <QSortFilterProxyModel>
#include <QTimer>

#include <limits>

namespace faultline::ui {

class SampleFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    enum class LabelFilter { Any, Unlabelled, Normal, Anomalous, Labelled };
    // Suspects: flagged by the training-set check and not yet held; Held: held for review.
    enum class CheckFilter { Any, Suspects, Held };
    static constexpr int kAnySplit = -1;
    static constexpr int kAnyVerdict = -1;
    static constexpr int kReviewQueueDelayMs = 120;  // refilter/re-sort once a threshold drag rests

    explicit SampleFilterProxy(QObject* parent = nullptr);

    void setSourceModel(QAbstractItemModel* model) override;
    SampleTableModel* sampleModel() const { return m_model; }

    void setSplitFilter(int split);            // int(core::Split) or kAnySplit
    void setLabelFilter(LabelFilter filter);
    void setVerdictFilter(int verdict);        // int(core::Verdict) or kAnyVerdict
    void setDefectFilter(const QString& defect);   // empty: any
    void setScoreRange(double low, double high);   // NaN on a side leaves it open
    void setTextFilter(const QString& text);       // case-insensitive part of the name
    void setCheckFilter(CheckFilter filter);
    // Review queue: sort by distance of the score to the threshold, closest first.
    void setReviewQueue(bool on);
    bool reviewQueue() const { return m_reviewQueue; }

    int splitFilter() const { return m_split; }
    LabelFilter labelFilter() const { return m_label; }
    int verdictFilter() const { return m_verdict; }
    QString defectFilter() const { return m_defect; }
    QString textFilter() const { return m_text; }
    CheckFilter checkFilter() const { return m_check; }

    int sourceRowAt(int proxyRow) const { return mapToSource(index(proxyRow, 0)).row(); }
    void refilter();   // re-applies filters and order (labels, scores and threshold call it)

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    void thresholdMoved();

    SampleTableModel* m_model = nullptr;
    int m_split = kAnySplit;
    LabelFilter m_label = LabelFilter::Any;
    int m_verdict = kAnyVerdict;
    QString m_defect;
    double m_scoreLow = std::numeric_limits<double>::quiet_NaN();
    double m_scoreHigh = std::numeric_limits<double>::quiet_NaN();
    QString m_text;
    CheckFilter m_check = CheckFilter::Any;
    bool m_reviewQueue = false;
    QTimer m_resort;
};

} // namespace faultline::ui
