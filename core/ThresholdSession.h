#pragma once
// The one place the decision threshold lives. Views (histogram line, ROC/PR operating
// point, confusion matrix, verdict filters) follow thresholdChanged(); nothing else keeps
// its own copy. Lives on the GUI thread; every query at the threshold is O(log n) after
// one sort per score set. Bootstrap intervals are computed on a worker thread after the
// threshold has rested for a moment and arrive through intervalsChanged().

#include "core/ThresholdSessionTypes.h"

#include <QObject>

#include <memory>

namespace faultline::core {

class ThresholdSessionEngine;

class ThresholdSession : public QObject {
    Q_OBJECT
public:
    enum class Verdict { Pass, Review, Fail };

    explicit ThresholdSession(QObject* parent = nullptr);
    ~ThresholdSession() override;

    // The active run's scores. Keeps the threshold if it lies in the new score range,
    // otherwise moves it to the middle of the range.
    void setScores(ScoreSet set);
    void clear();
    int sampleCount() const;
    const ScoreSet& scores() const;
    double minScore() const;
    double maxScore() const;

    // A user label changed; metrics, histogram, curves and suggestions follow at once.
    void setTruth(int index, GroundTruth truth);
    void setTruths(const QVector<int>& indices, GroundTruth truth);

    double threshold() const { return threshold_; }
    ReviewBand reviewBand() const { return band_; }
    Verdict verdictFor(double score) const;

    ThresholdMetrics metrics() const { return metrics_; }  // at threshold()
    ThresholdMetrics metricsAt(double threshold) const;
    ThresholdIntervals intervals() const { return intervals_; }  // may lag a move behind
    bool intervalsCurrent() const;
    QVector<DefectRecall> defectRecall() const;
    qint64 reviewCount() const;  // samples inside the enabled review band

    const ScoreHistogram& histogram() const { return histogram_; }
    const ScoreCurves& curves() const { return curves_; }
    const QVector<ThresholdSuggestion>& suggestions() const { return suggestions_; }
    CostModel costs() const { return costs_; }
    void setCosts(const CostModel& costs);

    // The last committed threshold (NaN when none) and what moved since.
    double committedThreshold() const { return committed_; }
    bool hasCommittedThreshold() const { return committed_ == committed_; }
    void setCommittedThreshold(double value);  // restoring a project; emits no committed()
    void commit(const QString& note);
    QVector<VerdictChange> changedVerdicts(int limit, qint64* total = nullptr) const;

    static constexpr int kHistogramBins = 80;     // fixed-size bars, whatever n is
    static constexpr int kCurvePoints = 400;      // ROC/PR points kept for plotting
    static constexpr int kBootstrapReplicates = 2000;

public Q_SLOTS:
    void setThreshold(double value);
    void setReviewBand(const faultline::core::ReviewBand& band);

Q_SIGNALS:
    void thresholdChanged(double value);
    void reviewBandChanged();
    void scoresChanged();  // new score set: everything changed
    void labelsChanged();  // histogram, curves, suggestions and metrics changed
    void suggestionsChanged();
    void intervalsChanged();
    void committed(double value, const QString& note);
    void committedThresholdChanged(double value);

private:
    void recomputeAtThreshold();
    void recomputeDerived();
    void scheduleBootstrap();
    void startBootstrap();

    std::unique_ptr<ThresholdSessionEngine> engine_;
    double threshold_ = 0.5;
    double committed_;
    ReviewBand band_;
    CostModel costs_;
    ThresholdMetrics metrics_;
    ThresholdIntervals intervals_;
    ScoreHistogram histogram_;
    ScoreCurves curves_;
    QVector<ThresholdSuggestion> suggestions_;
    struct Bootstrap;
    std::unique_ptr<Bootstrap> bootstrap_;
};

} // namespace faultline::core
