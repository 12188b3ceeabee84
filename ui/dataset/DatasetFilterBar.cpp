#include "ui/dataset/DatasetFilterBar.h"

#include "ui/dataset/SampleFilterProxy.h"

#include <QComboBox>
#include <QDoubleValidator>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSet>

#include <cmath>

namespace faultline::ui {

namespace {
constexpr int kComboMinimumChars = 8;  // characters a filter combo keeps visible in a narrow dock

QComboBox* combo(QWidget* parent, const QString& tip, const QList<QPair<QString, int>>& items) {
    auto* box = new QComboBox(parent);
    for (const auto& item : items) box->addItem(item.first, item.second);
    box->setToolTip(tip);
    return box;
}

double parsedOrNan(const QLineEdit* edit) {
    bool ok = false;
    const double v = QLocale().toDouble(edit->text().trimmed(), &ok);
    return ok ? v : std::nan("");
}
} // namespace

DatasetFilterBar::DatasetFilterBar(SampleFilterProxy* proxy, QWidget* parent) : QWidget(parent), m_proxy(proxy) {
    using LF = SampleFilterProxy::LabelFilter;
    using V = SampleTableModel::Verdict;
    m_search = new QLineEdit(this);
    m_search->setPlaceholderText(tr("Filter by name…"));
    m_search->setClearButtonEnabled(true);
    m_search->setToolTip(tr("Show only samples whose path contains this text (case-insensitive)"));
    m_split = combo(this, tr("Show one split only, or the training images the training-set check found suspect "
                             "or that are held for review (key R)"),
                    {{tr("All splits"), SampleFilterProxy::kAnySplit}, {tr("Train"), int(core::Split::Train)},
                     {tr("Validation"), int(core::Split::Val)}, {tr("Test"), int(core::Split::Test)},
                     {tr("Suspect in training set"), kSuspectEntry}, {tr("Held for review"), kHeldEntry}});
    m_label = combo(this, tr("Filter by your label"),
                    {{tr("Any label"), int(LF::Any)}, {tr("Unlabelled"), int(LF::Unlabelled)},
                     {tr("Labelled"), int(LF::Labelled)}, {tr("Labelled normal"), int(LF::Normal)},
                     {tr("Labelled anomalous"), int(LF::Anomalous)}});
    m_verdict = combo(this, tr("Filter by the verdict at the current threshold"),
                      {{tr("Any verdict"), SampleFilterProxy::kAnyVerdict}, {tr("Pass"), int(V::Pass)},
                       {tr("Review"), int(V::Review)}, {tr("Fail"), int(V::Fail)}, {tr("Unscored"), int(V::Unscored)}});
    m_defect = new QComboBox(this);
    m_defect->setToolTip(tr("Filter by defect type (from the dataset folders)"));
    m_minScore = new QLineEdit(this);
    m_maxScore = new QLineEdit(this);
    for (QLineEdit* e : {m_minScore, m_maxScore}) {
        e->setValidator(new QDoubleValidator(e));
        e->setClearButtonEnabled(true);
    }
    m_minScore->setPlaceholderText(tr("min score"));
    m_maxScore->setPlaceholderText(tr("max score"));
    m_minScore->setToolTip(tr("Show only samples scoring at least this much (empty: no lower limit)"));
    m_maxScore->setToolTip(tr("Show only samples scoring at most this much (empty: no upper limit)"));
    m_sort = combo(this, tr("Order of the samples; the review queue puts the samples closest to the threshold first"),
                   {{tr("Sort by name"), SortByName}, {tr("Score: highest first"), SortScoreHighFirst},
                    {tr("Score: lowest first"), SortScoreLowFirst}, {tr("Review queue"), SortReviewQueue},
                    {tr("Most suspect first"), SortSuspectFirst}});
    m_count = new QLabel(this);
    m_count->setToolTip(tr("Samples shown / samples in the project"));

    // A grid of two columns: it fits the dataset dock at laptop width (each field shrinks to
    // a few characters; the lists show the full texts) and widens with the dock.
    auto* layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_search, 0, 0, 1, 2);
    layout->addWidget(m_sort, 1, 0);
    layout->addWidget(m_count, 1, 1);
    layout->addWidget(m_split, 2, 0);
    layout->addWidget(m_label, 2, 1);
    layout->addWidget(m_verdict, 3, 0);
    layout->addWidget(m_defect, 3, 1);
    layout->addWidget(m_minScore, 4, 0);
    layout->addWidget(m_maxScore, 4, 1);
    layout->setColumnStretch(0, 1);
    layout->setColumnStretch(1, 1);
    for (QComboBox* box : {m_split, m_label, m_verdict, m_defect, m_sort}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(kComboMinimumChars);
        box->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    }

    connect(m_search, &QLineEdit::textChanged, m_proxy, &SampleFilterProxy::setTextFilter);
    connect(m_split, &QComboBox::currentIndexChanged, this, &DatasetFilterBar::applySplit);
    connect(m_label, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy->setLabelFilter(SampleFilterProxy::LabelFilter(m_label->currentData().toInt())); });
    connect(m_verdict, &QComboBox::currentIndexChanged, this, [this] { m_proxy->setVerdictFilter(m_verdict->currentData().toInt()); });
    connect(m_defect, &QComboBox::currentIndexChanged, this, [this] { m_proxy->setDefectFilter(m_defect->currentData().toString()); });
    connect(m_minScore, &QLineEdit::textChanged, this, &DatasetFilterBar::applyScoreRange);
    connect(m_maxScore, &QLineEdit::textChanged, this, &DatasetFilterBar::applyScoreRange);
    connect(m_sort, &QComboBox::currentIndexChanged, this, &DatasetFilterBar::applySort);
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &DatasetFilterBar::updateCount);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &DatasetFilterBar::updateCount);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &DatasetFilterBar::updateCount);
    refreshDefects();
    updateCount();
}

void DatasetFilterBar::refreshDefects() {
    const QString current = m_defect->currentData().toString();
    QSet<QString> defects;
    if (const SampleTableModel* model = m_proxy->sampleModel())
        for (const SampleRow& r : model->samples()) if (!r.defect.isEmpty()) defects.insert(r.defect);
    QStringList sorted(defects.begin(), defects.end());
    sorted.sort();
    const QSignalBlocker block(m_defect);
    m_defect->clear();
    m_defect->addItem(tr("All defects"), QString());
    for (const QString& d : sorted) m_defect->addItem(d, d);
    const int keep = m_defect->findData(current);
    m_defect->setCurrentIndex(keep < 0 ? 0 : keep);
    m_proxy->setDefectFilter(m_defect->currentData().toString());
    updateCount();
}

void DatasetFilterBar::applySplit() {
    using CF = SampleFilterProxy::CheckFilter;
    const int entry = m_split->currentData().toInt();
    const bool check = entry == kSuspectEntry || entry == kHeldEntry;
    m_proxy->setCheckFilter(entry == kSuspectEntry ? CF::Suspects : entry == kHeldEntry ? CF::Held : CF::Any);
    m_proxy->setSplitFilter(check ? int(core::Split::Train) : entry);
}

void DatasetFilterBar::showSuspects() {
    m_split->setCurrentIndex(m_split->findData(kSuspectEntry));
    setSortMode(SortSuspectFirst);
}

void DatasetFilterBar::applyScoreRange() { m_proxy->setScoreRange(parsedOrNan(m_minScore), parsedOrNan(m_maxScore)); }

void DatasetFilterBar::setSortMode(SortMode mode) { m_sort->setCurrentIndex(m_sort->findData(int(mode))); }

DatasetFilterBar::SortMode DatasetFilterBar::sortMode() const { return SortMode(m_sort->currentData().toInt()); }

void DatasetFilterBar::applySort() {
    const SortMode mode = sortMode();
    m_proxy->setReviewQueue(mode == SortReviewQueue);
    if (mode == SortByName) m_proxy->sort(SampleTableModel::NameColumn, Qt::AscendingOrder);
    else if (mode == SortScoreHighFirst) m_proxy->sort(SampleTableModel::ScoreColumn, Qt::DescendingOrder);
    else if (mode == SortScoreLowFirst) m_proxy->sort(SampleTableModel::ScoreColumn, Qt::AscendingOrder);
    else if (mode == SortSuspectFirst) m_proxy->sort(SampleTableModel::CheckColumn, Qt::DescendingOrder);
    if (mode == SortReviewQueue) Q_EMIT sortApplied(-1, Qt::AscendingOrder);
    else Q_EMIT sortApplied(m_proxy->sortColumn(), m_proxy->sortOrder());
}

void DatasetFilterBar::updateCount() {
    const int total = m_proxy->sampleModel() ? m_proxy->sampleModel()->rowCount() : 0;
    m_count->setText(tr("%L1 of %L2").arg(m_proxy->rowCount()).arg(total));
}

} // namespace faultline::ui
