#pragma once
// The filter and sort controls above the dataset views. Every control acts on the proxy at
// once; the defect list follows the model's samples. GUI thread only.

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;

namespace faultline::ui {

class SampleFilterProxy;

class DatasetFilterBar : public QWidget {
    Q_OBJECT
public:
    enum SortMode { SortByName, SortScoreHighFirst, SortScoreLowFirst, SortReviewQueue, SortSuspectFirst };
    // Entries of the split combo beyond the splits: training images by the training-set check.
    static constexpr int kSuspectEntry = -2;  // "Suspect in training set"
    static constexpr int kHeldEntry = -3;     // "Held for review"

    explicit DatasetFilterBar(SampleFilterProxy* proxy, QWidget* parent = nullptr);

    void refreshDefects();
    // Shows the suspects of the training-set check, most suspect first.
    void showSuspects();
    void setSortMode(SortMode mode);
    SortMode sortMode() const;

    QLineEdit* searchEdit() const { return m_search; }
    QComboBox* splitCombo() const { return m_split; }
    QComboBox* labelCombo() const { return m_label; }
    QComboBox* verdictCombo() const { return m_verdict; }
    QComboBox* defectCombo() const { return m_defect; }
    QComboBox* sortCombo() const { return m_sort; }
    QLineEdit* minScoreEdit() const { return m_minScore; }
    QLineEdit* maxScoreEdit() const { return m_maxScore; }

Q_SIGNALS:
    // The order the sort combo chose, for the table header's arrow; column -1 for the review
    // queue, which is no column's order.
    void sortApplied(int column, Qt::SortOrder order);

private:
    void applyScoreRange();
    void applySplit();
    void applySort();
    void updateCount();

    SampleFilterProxy* m_proxy;
    QLineEdit* m_search;
    QComboBox* m_split;
    QComboBox* m_label;
    QComboBox* m_verdict;
    QComboBox* m_defect;
    QLineEdit* m_minScore;
    QLineEdit* m_maxScore;
    QComboBox* m_sort;
    QLabel* m_count;
};

} // namespace faultline::ui
