// The control boxes of ThresholdPanel: methods, review band, commit, changed verdicts and
// per-defect recall. Kept apart from the layout and wiring in ThresholdPanel.cpp.
#include "ui/threshold/ThresholdPanel.h"

#include "core/threshold/ThresholdSession.h"
#include "ui/threshold/ReviewBandCommand.h"
#include "ui/threshold/ThresholdCommand.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace faultline::ui {

namespace {
QString fmt(double v) { return QString::number(v, 'g', 6); }
}

QWidget* ThresholdPanel::buildMethodsBox() {
    auto* box = new QGroupBox(tr("Threshold methods"));
    auto* layout = new QVBoxLayout(box);
    methodButtons_ = new QGridLayout;
    layout->addLayout(methodButtons_);
    methodExplanation_ = new QLabel(tr("Pick a method to move the threshold there; each says how "
                                       "it chose its value."));
    methodExplanation_->setObjectName(QStringLiteral("methodExplanation"));
    methodExplanation_->setWordWrap(true);
    layout->addWidget(methodExplanation_);
    auto* costs = new QFormLayout;
    prevalence_ = new QDoubleSpinBox;
    prevalence_->setObjectName(QStringLiteral("prevalence"));
    prevalence_->setRange(0.0, 100.0);
    prevalence_->setDecimals(3);
    prevalence_->setSuffix(QStringLiteral(" %"));
    prevalence_->setSpecialValueText(tr("labelled share"));
    prevalence_->setKeyboardTracking(false);
    prevalence_->setToolTip(tr("Share of defective parts in production, for the minimum-cost method. "
                               "0 uses the share among the labelled samples."));
    costFalseReject_ = new QDoubleSpinBox;
    costFalseReject_->setObjectName(QStringLiteral("costFalseReject"));
    costMissed_ = new QDoubleSpinBox;
    costMissed_->setObjectName(QStringLiteral("costMissedDefect"));
    for (QDoubleSpinBox* spin : {costFalseReject_, costMissed_}) {
        spin->setRange(0.0, 1e9);
        spin->setDecimals(2);
        spin->setKeyboardTracking(false);
    }
    costFalseReject_->setValue(session_->costs().falseReject);
    costMissed_->setValue(session_->costs().missedDefect);
    costFalseReject_->setToolTip(tr("Cost of flagging a good part (scrap, re-inspection)."));
    costMissed_->setToolTip(tr("Cost of passing a defective part (returns, recalls)."));
    costs->addRow(tr("Cost of a false reject"), costFalseReject_);
    costs->addRow(tr("Cost of a missed defect"), costMissed_);
    costs->addRow(tr("Defect prevalence"), prevalence_);
    layout->addLayout(costs);
    const auto costsEdited = [this] {
        core::CostModel model;
        model.falseReject = costFalseReject_->value();
        model.missedDefect = costMissed_->value();
        if (prevalence_->value() > 0.0)
            model.prevalence = prevalence_->value() / 100.0;
        session_->setCosts(model);
    };
    connect(costFalseReject_, &QDoubleSpinBox::valueChanged, this, costsEdited);
    connect(costMissed_, &QDoubleSpinBox::valueChanged, this, costsEdited);
    connect(prevalence_, &QDoubleSpinBox::valueChanged, this, costsEdited);
    return box;
}

void ThresholdPanel::rebuildMethodButtons() {
    while (QLayoutItem* item = methodButtons_->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    int n = 0;
    for (const core::ThresholdSuggestion& s : session_->suggestions()) {
        auto* button = new QPushButton(s.title);
        button->setObjectName(QStringLiteral("method:") + s.id);
        const core::ThresholdResult& r = s.result;
        button->setToolTip(r.defined ? tr("%1 = %2\n%3").arg(s.title, fmt(r.value), r.explanation)
                                     : tr("%1\n%2").arg(s.title, r.explanation));
        // Undefined methods stay clickable: the click shows why there is no value.
        const QString id = s.id;
        connect(button, &QPushButton::clicked, this, [this, id] { applySuggestion(id); });
        if (!r.defined)
            button->setStyleSheet(QStringLiteral("color: palette(mid);"));
        methodButtons_->addWidget(button, n / kMethodColumns, n % kMethodColumns);
        ++n;
    }
}

void ThresholdPanel::applySuggestion(const QString& id) {
    for (const core::ThresholdSuggestion& s : session_->suggestions()) {
        if (s.id != id)
            continue;
        const core::ThresholdResult& r = s.result;
        if (!r.defined) {
            methodExplanation_->setText(tr("<b>%1</b>: no threshold. %2").arg(s.title, r.explanation.toHtmlEscaped()));
            return;
        }
        methodExplanation_->setText(tr("<b>%1</b> = %2: %3").arg(s.title, fmt(r.value), r.explanation.toHtmlEscaped()));
        changeThreshold(r.value, tr("Threshold: %1").arg(s.title));
        return;
    }
}

QWidget* ThresholdPanel::buildBandBox() {
    auto* box = new QGroupBox(tr("Review band"));
    auto* layout = new QFormLayout(box);
    bandEnabled_ = new QCheckBox(tr("Send scores between two thresholds to manual review"));
    bandEnabled_->setObjectName(QStringLiteral("bandEnabled"));
    bandEnabled_->setToolTip(tr("Pass below the lower line, fail at or above the upper line, "
                                "review in between. Drag the orange lines or type values."));
    bandLow_ = new QDoubleSpinBox;
    bandLow_->setObjectName(QStringLiteral("bandLow"));
    bandHigh_ = new QDoubleSpinBox;
    bandHigh_->setObjectName(QStringLiteral("bandHigh"));
    for (QDoubleSpinBox* spin : {bandLow_, bandHigh_}) {
        spin->setDecimals(6);
        spin->setRange(-1e12, 1e12);
        spin->setKeyboardTracking(false);
    }
    bandCount_ = new QLabel;
    bandCount_->setObjectName(QStringLiteral("bandCount"));
    layout->addRow(bandEnabled_);
    layout->addRow(tr("Review from"), bandLow_);
    layout->addRow(tr("Fail from"), bandHigh_);
    auto* suggest = new QPushButton(tr("From targets (recall ≥ 95%, FPR ≤ 1%)"));
    suggest->setObjectName(QStringLiteral("bandFromTargets"));
    suggest->setToolTip(tr("Lower line: the highest threshold that still catches 95% of the labelled "
                           "anomalies. Upper line: the lowest that flags at most 1% of the normals."));
    layout->addRow(suggest);
    layout->addRow(bandCount_);
    connect(suggest, &QPushButton::clicked, this, [this] {
        const BandState before = ReviewBandCommand::current(session_);
        const core::ReviewBand band = session_->suggestReviewBand(kBandRecallTarget, kBandFprTarget);
        recordReviewBand(before, tr("Review band from targets"));
        bandCount_->setToolTip(band.explanation);
        if (!band.defined)
            bandCount_->setText(band.explanation);
    });
    connect(bandEnabled_, &QCheckBox::toggled, this, [this](bool on) {
        core::ReviewBand band = session_->reviewBand();
        if (on && band.low == band.high) {  // first use: a band around the threshold
            const double half = (session_->maxScore() - session_->minScore()) * 0.05;
            band.low = session_->threshold() - half;
            band.high = session_->threshold() + half;
        }
        changeReviewBand({on, band.low, band.high}, on ? tr("Switch on review band") : tr("Switch off review band"));
    });
    // The edge not typed keeps the session's value, not the spin box's six-decimal rounding.
    connect(bandLow_, &QDoubleSpinBox::valueChanged, this, [this](double low) {
        changeReviewBand({bandEnabled_->isChecked(), low, session_->reviewBand().high}, tr("Set review band"));
    });
    connect(bandHigh_, &QDoubleSpinBox::valueChanged, this, [this](double high) {
        changeReviewBand({bandEnabled_->isChecked(), session_->reviewBand().low, high}, tr("Set review band"));
    });
    return box;
}

void ThresholdPanel::refreshBandControls() {
    const core::ReviewBand band = session_->reviewBand();
    const bool on = session_->reviewBandEnabled();
    const QSignalBlocker b1(bandEnabled_), b2(bandLow_), b3(bandHigh_);
    bandEnabled_->setChecked(on);
    bandLow_->setValue(band.low);
    bandHigh_->setValue(band.high);
    bandLow_->setEnabled(on);
    bandHigh_->setEnabled(on);
    bandCount_->setText(on ? tr("%n sample(s) to review", nullptr, int(session_->reviewCount()))
                                     : tr("Off: one threshold decides."));
}

QWidget* ThresholdPanel::buildCommitBox() {
    auto* box = new QGroupBox(tr("Commit"));
    auto* layout = new QVBoxLayout(box);
    committedLabel_ = new QLabel;
    committedLabel_->setObjectName(QStringLiteral("committedLabel"));
    auto* row = new QHBoxLayout;
    commitNote_ = new QLineEdit;
    commitNote_->setObjectName(QStringLiteral("commitNote"));
    commitNote_->setPlaceholderText(tr("Why this threshold (kept in the audit trail)"));
    auto* commit = new QPushButton(tr("Commit threshold"));
    commit->setObjectName(QStringLiteral("commitButton"));
    commit->setToolTip(tr("Record the current threshold with your note; production scoring uses "
                          "the committed value."));
    row->addWidget(commitNote_, 1);
    row->addWidget(commit);
    layout->addWidget(committedLabel_);
    layout->addLayout(row);
    connect(commit, &QPushButton::clicked, this, [this] {
        session_->commit(commitNote_->text().trimmed());
        commitNote_->clear();
    });
    connect(commitNote_, &QLineEdit::returnPressed, commit, &QPushButton::click);
    return box;
}

QWidget* ThresholdPanel::buildChangesBox() {
    auto* box = new QGroupBox(tr("Changed verdicts"));
    auto* layout = new QVBoxLayout(box);
    changesSummary_ = new QLabel;
    changesSummary_->setObjectName(QStringLiteral("changesSummary"));
    changesSummary_->setWordWrap(true);
    changes_ = new QListWidget;
    changes_->setObjectName(QStringLiteral("changedVerdicts"));
    changes_->setToolTip(tr("Samples judged differently at this threshold than at the committed "
                            "one. Double-click to inspect."));
    changes_->setUniformItemSizes(true);  // keeps relayout cheap during drags
    layout->addWidget(changesSummary_);
    layout->addWidget(changes_);
    connect(changes_, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { Q_EMIT sampleActivated(item->data(Qt::UserRole).toInt()); });
    return box;
}

QWidget* ThresholdPanel::buildDefectsBox() {
    auto* box = new QGroupBox(tr("Recall per defect type"));
    auto* layout = new QVBoxLayout(box);
    defects_ = new QTableWidget(0, 3);
    defects_->setObjectName(QStringLiteral("defectRecall"));
    defects_->setHorizontalHeaderLabels({tr("Defect"), tr("Caught"), tr("Recall")});
    defects_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    defects_->verticalHeader()->hide();
    defects_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    defects_->setToolTip(tr("Share of each defect type's anomalous samples that the threshold flags."));
    layout->addWidget(defects_);
    return box;
}

void ThresholdPanel::refreshDetails() {
    committedLabel_->setText(session_->hasCommittedThreshold()
                                 ? tr("Committed threshold: %1").arg(fmt(session_->committedThreshold()))
                                 : tr("No threshold committed yet."));
    qint64 total = 0;
    const QVector<core::VerdictChange> changed = session_->changedVerdicts(kChangedListLimit, &total);
    const core::ScoreSet& set = session_->scores();
    const bool named = set.names.size() == qsizetype(set.scores.size());
    changes_->setUpdatesEnabled(false);
    changes_->clear();
    for (const core::VerdictChange& c : changed) {
        const QString name = named ? set.names[c.index] : tr("sample %1").arg(c.index + 1);
        auto* item = new QListWidgetItem(tr("%1  %2  (score %3)")
                                             .arg(c.nowAnomalous ? tr("now FAIL") : tr("now PASS"), name, fmt(c.score)),
                                         changes_);
        item->setData(Qt::UserRole, c.index);
    }
    changes_->setUpdatesEnabled(true);
    if (!session_->hasCommittedThreshold())
        changesSummary_->setText(tr("Commit a threshold to compare against it."));
    else if (total > changed.size())
        changesSummary_->setText(tr("%1 samples changed verdict; the %2 lowest scores are listed.")
                                     .arg(total).arg(changed.size()));
    else
        changesSummary_->setText(tr("%n sample(s) changed verdict since the commit.", nullptr, int(total)));

    const QVector<core::DefectGroupRates> rows = session_->defectRecall();
    defects_->setRowCount(int(rows.size()));
    for (int r = 0; r < rows.size(); ++r) {
        const core::DefectGroupRates& d = rows[r];
        defects_->setItem(r, 0, new QTableWidgetItem(d.defect));
        defects_->setItem(r, 1, new QTableWidgetItem(QStringLiteral("%1 / %2").arg(d.detected).arg(d.anomalous)));
        defects_->setItem(r, 2, new QTableWidgetItem(!d.hasRecall() ? QStringLiteral("–")
                                                     : QString::number(100.0 * d.recall(), 'f', 1) + QLatin1Char('%')));
    }
    refreshBandControls();
}

} // namespace faultline::ui
