#pragma once
// The project's samples as a table: name, split, defect, ground truth, user label, score,
// verdict and the training-set check (held for review, suspect). Roles give typed values to proxies and delegates; display text is for people.
//
// The model holds a copy of the rows (about 200 bytes each: 100,000 samples ~ 20 MB) so views
// never touch the database. It does not write anything: LabelCommand writes labels to the
// ProjectStore and then calls setUserLabels(). Verdicts come from the core::DecisionRule it is
// given (the threshold session's, by value): the model has no rule of its own. GUI thread only.

#include "core/threshold/DecisionRule.h"
#include "core/project/ProjectStore.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QVector>

#include <limits>

namespace faultline::ui {

class ThumbnailCache;

struct SampleRow {
    qint64 id = 0;                 // ProjectStore sample id
    QString name;                  // path relative to the dataset root
    QString path;                  // absolute image path
    QString maskPath;              // absolute mask path, empty when none
    core::Split split = core::Split::Train;
    core::GroundTruth truth = core::GroundTruth::Unknown;   // from the dataset layout
    QString defect;
    core::GroundTruth label = core::GroundTruth::Unknown;   // the user's label, Unknown = none
    double score = std::numeric_limits<double>::quiet_NaN(); // NaN = not scored by the active run
    bool held = false;             // a training image held for review: left out of training
    double suspectScore = std::numeric_limits<double>::quiet_NaN(); // leave-out score; NaN = not checked
    double suspectPercentile = 0.0;  // share of the validation normals scoring lower
    bool suspect = false;          // flagged by the latest training-set check

    // The dataset sample this row shows (what the trainer and the inspection loader take).
    core::Sample sample() const {
        core::Sample s;
        s.path = path;
        s.maskPath = maskPath;
        s.split = split;
        s.truth = truth;
        s.defect = defect;
        return s;
    }
};

class SampleTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { NameColumn, SplitColumn, DefectColumn, TruthColumn, LabelColumn, ScoreColumn,
                  VerdictColumn, CheckColumn, ColumnCount };
    enum Role {
        ScoreRole = Qt::UserRole + 1,  // double, invalid when unscored
        LabelRole,                     // int(core::GroundTruth) of the user label
        VerdictRole,                   // int(core::Verdict)
        SplitRole,                     // int(core::Split)
        DefectRole,                    // QString
        PathRole,                      // absolute image path
        TruthRole,                     // int(core::GroundTruth) from the dataset
        EffectiveTruthRole,            // user label if any, else dataset truth
        SampleIdRole,                  // qint64
        NameRole,                      // relative path
        MaskPathRole,                  // absolute mask path
        HeldRole,                      // bool: training image held for review
        SuspectRole,                   // bool: flagged by the training-set check
        SuspectScoreRole,              // double leave-out score, invalid when not checked
    };
    using Verdict = core::Verdict;

    explicit SampleTableModel(QObject* parent = nullptr);

    void setSamples(QVector<SampleRow> rows);
    // Reads samples, labels, holds, the training-set check and the given run's scores (0: none)
    // from the project.
    static QVector<SampleRow> rowsFromProject(const core::ProjectStore& store, qint64 runId);
    const SampleRow& sampleAt(int row) const { return m_rows[row]; }
    const QVector<SampleRow>& samples() const { return m_rows; }
    int rowForId(qint64 id) const { return m_rowById.value(id, -1); }
    int rowForPath(const QString& path) const { return m_rowByPath.value(path, -1); }

    // Scores of the active run by sample id; samples missing from the map become unscored.
    void setScores(const QHash<qint64, double>& scores);
    // Only updates the view: the caller has already saved the labels.
    void setUserLabels(const QVector<int>& rows, core::GroundTruth label);
    void setUserLabel(int row, core::GroundTruth label) { setUserLabels({row}, label); }
    // Only updates the view: the caller has already saved the holds.
    void setHeld(const QVector<int>& rows, bool held);
    // The latest training-set check by sample id; samples missing from it become unchecked.
    void setSuspects(const QVector<core::SuspectEntry>& entries);
    int heldCount() const;
    int suspectCount() const;

    core::DecisionRule decisionRule() const { return m_rule; }
    double threshold() const { return m_rule.threshold(); }
    Verdict verdictAt(int row) const { return m_rule.verdict(m_rows[row].score); }

    void setThumbnailCache(ThumbnailCache* cache);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    static QString verdictName(Verdict verdict);  // translated, for display
    static QString labelName(core::GroundTruth label);
    static QString checkText(const SampleRow& row);  // the Training check column's text

public Q_SLOTS:
    // The rule every verdict follows (the session's, by value). dataChanged covers the rows
    // whose verdict changed, in every column (thumbnail frames too), as one span.
    void setDecisionRule(const core::DecisionRule& rule);

Q_SIGNALS:
    // Emitted after setUserLabels(): metrics and the threshold session follow at once.
    void userLabelsChanged(const QVector<int>& rows, faultline::core::GroundTruth label);
    void scoresChanged();
    void heldChanged();            // setHeld(): the training set changed
    void suspectsChanged();
    void decisionRuleChanged();

private:
    void thumbnailReady(const QString& path);
    // Applies edit to the valid rows and emits one dataChanged over their span; false when none.
    template <typename Edit>
    bool editRows(const QVector<int>& rows, Edit edit);

    QVector<SampleRow> m_rows;
    QHash<qint64, int> m_rowById;
    QHash<QString, int> m_rowByPath;
    core::DecisionRule m_rule;
    ThumbnailCache* m_thumbnails = nullptr;
};

} // namespace faultline::ui
