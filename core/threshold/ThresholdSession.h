#pragma once
// The one place the decision rule lives (threshold and optional review band, a DecisionRule).
// Views (histogram lines, ROC/PR operating point, confusion matrix, the sample model's
// verdicts, filters and frames) follow thresholdChanged() and reviewBandChanged() and ask
// decisionRule(); nothing else keeps its own copy. With the band on, the threshold is the
// band's upper ("fail from") edge: moving one moves the other, so the confusion matrix counts
// as failed exactly the samples the verdicts call "fail". Lives on the GUI thread; every query at the threshold is O(log n) after
// one sort per score set. Bootstrap intervals are computed on a worker thread after the
// threshold has rested for a moment and arrive through intervalsChanged().

#include "core/eval/Bootstrap.h"
#include "core/threshold/DecisionRule.h"
#include "core/eval/LiveScoreCurve.h"
#include "core/eval/PerDefect.h"
#include "core/threshold/ReviewBand.h"
#include "core/eval/ScoreCurve.h"
#include "core/eval/ScoreHistogram.h"
#include "core/threshold/ThresholdSessionTypes.h"

#include <QObject>

#include <memory>

class QTimer;

namespace faultline::core {

class ThresholdSessionEngine;

class ThresholdSession : public QObject {
    Q_OBJECT
public:
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

    // A user label changed; metrics, histogram and curves follow at once, the method
    // suggestions a moment later (suggestionsChanged()).
    void setTruth(int index, GroundTruth truth);
    void setTruths(const QVector<int>& indices, GroundTruth truth);

    double threshold() const { return m_rule.threshold(); }  // fail at or above
    // What every verdict follows; passed by value to the sample model.
    DecisionRule decisionRule() const { return m_rule; }
    // The review band; `defined` is true while it is switched on, and then high == threshold().
    // Switched off, low and high are the edges it will come back with.
    ReviewBand reviewBand() const;
    bool reviewBandEnabled() const { return m_rule.hasReviewBand(); }
    // Sets the band from targets on the labelled scores (evaluation engine's fromTargets)
    // and switches it on when defined (the threshold moves to its upper edge); returns it with
    // its explanation either way.
    ReviewBand suggestReviewBand(double recallTarget, double fprTarget);

    ThresholdMetrics metrics() const { return m_metrics; }  // at threshold()
    ThresholdMetrics metricsAt(double threshold) const;
    // Bootstrap intervals for recall and FPR; computed off the GUI thread, so they may lag
    // one move behind: intervalsCurrent() says whether they belong to threshold().
    BootstrapResult intervals() const { return m_intervals; }
    bool intervalsCurrent() const;
    QVector<DefectGroupRates> defectRecall() const;  // per defect type, at threshold()
    qint64 reviewCount() const;  // samples the rule sends to review

    // ROC/PR, AUROC, AP of the current labels, every level; brought up to date on the first
    // call after label edits (O(distinct scores)): the threshold methods read it.
    const ScoreCurve& curve() const;
    // The same figures and plotted points, current after every label edit in O(log n):
    // what views redrawn on each edit read.
    const LiveScoreCurve& liveCurve() const;
    const ScoreHistogram& histogram() const;
    const QVector<ThresholdSuggestion>& suggestions() const { return m_suggestions; }
    CostModel costs() const { return m_costs; }
    void setCosts(const CostModel& costs);

    // The last committed threshold (NaN when none) and what moved since.
    double committedThreshold() const { return m_committed; }
    bool hasCommittedThreshold() const { return m_committed == m_committed; }
    void setCommittedThreshold(double value);  // restoring a project; emits no committed()
    void commit(const QString& note);
    QVector<VerdictChange> changedVerdicts(int limit, qint64* total = nullptr) const;

    static constexpr int kHistogramBins = 80;     // fixed-size bars, whatever n is
    static constexpr int kBootstrapResamples = 2000;

public Q_SLOTS:
    // With the band on, its upper edge follows (and its lower edge, when it would cross).
    void setThreshold(double value);
    // Switched on, the threshold moves to `high`; switched off, the threshold stays.
    void setReviewBand(double low, double high, bool enabled);

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

    std::unique_ptr<ThresholdSessionEngine> m_engine;
    DecisionRule m_rule;
    double m_committed;
    double m_bandLow = 0.0, bandHigh_ = 0.0;  // the band's edges, kept while it is off
    CostModel m_costs;
    ThresholdMetrics m_metrics;
    BootstrapResult m_intervals;
    double m_intervalsAt;
    QVector<ThresholdSuggestion> m_suggestions;
    QTimer* m_suggestionsDelay = nullptr;
    struct Bootstrap;
    std::unique_ptr<Bootstrap> m_bootstrap;
};

} // namespace faultline::core
