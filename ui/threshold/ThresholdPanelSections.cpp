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
    m_methodButtons = new QGridLayout;
    layout->addLayout(m_methodButtons);
    m_methodExplanation = new QLabel(tr("Pick a method to move the threshold there; each says how "
                                       "it chose its value."));
    m_methodExplanation->setObjectName(QStringLiteral("methodExplanation"));
    m_methodExplanation->setWordWrap(true);
    m_methodExplanation->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Minimum);
    layout->addWidget(m_methodExplanation);
    auto* costs = new QFormLayout;
    costs->setRowWrapPolicy(QFormLayout::WrapLongRows);
    m_prevalence = new QDoubleSpinBox;
    m_prevalence->setObjectName(QStringLiteral("prevalence"));
    m_prevalence->setRange(0.0, 100.0);
    m_prevalence->setDecimals(3);
    m_prevalence->setSuffix(QStringLiteral(" %"));
    m_prevalence->setSpecialValueText(tr("labelled share"));
    m_prevalence->setKeyboardTracking(false);
    m_prevalence->setToolTip(tr("Share of defective parts in production, for the minimum-cost method. "
                               "0 uses the share among the labelled samples."));
    m_costFalseReject = new QDoubleSpinBox;
    m_costFalseReject->setObjectName(QStringLiteral("costFalseReject"));
    m_costMissed = new QDoubleSpinBox;
    m_costMissed->setObjectName(QStringLiteral("costMissedDefect"));
    for (QDoubleSpinBox* spin : {m_costFalseReject, m_costMissed}) {
        spin->setRange(0.0, 1e9);
        spin->setDecimals(2);
        spin->setKeyboardTracking(false);
    }
    m_costFalseReject->setValue(m_session->costs().falseReject);
    m_costMissed->setValue(m_session->costs().missedDefect);
    m_costFalseReject->setToolTip(tr("Cost of flagging a good part (scrap, re-inspection)."));
    m_costMissed->setToolTip(tr("Cost of passing a defective part (returns, recalls)."));
    costs->addRow(tr("Cost of a false reject"), m_costFalseReject);
    costs->addRow(tr("Cost of a missed defect"), m_costMissed);
    costs->addRow(tr("Defect prevalence"), m_prevalence);
    layout->addLayout(costs);
    const auto costsEdited = [this] {
        core::CostModel model;
        model.falseReject = m_costFalseReject->value();
        model.missedDefect = m_costMissed->value();
        if (m_prevalence->value() > 0.0)
            model.prevalence = m_prevalence->value() / 100.0;
        m_session->setCosts(model);
    };
    connect(m_costFalseReject, &QDoubleSpinBox::valueChanged, this, costsEdited);
    connect(m_costMissed, &QDoubleSpinBox::valueChanged, this, costsEdited);
    connect(m_prevalence, &QDoubleSpinBox::valueChanged, this, costsEdited);
    return box;
}

void ThresholdPanel::rebuildMethodButtons() {
    while (QLayoutItem* item = m_methodButtons->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    int n = 0;
    for (const core::ThresholdSuggestion& s : m_session->suggestions()) {
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
        m_methodButtons->addWidget(button, n / kMethodColumns, n % kMethodColumns);
        ++n;
    }
}

void ThresholdPanel::showMethodExplanation(const QString& html) { m_methodExplanation->setText(html); }

void ThresholdPanel::applySuggestion(const QString& id) {
    for (const core::ThresholdSuggestion& s : m_session->suggestions()) {
        if (s.id != id)
            continue;
        const core::ThresholdResult& r = s.result;
        if (!r.defined) {
            m_methodExplanation->setText(tr("<b>%1</b>: no threshold. %2").arg(s.title, r.explanation.toHtmlEscaped()));
            return;
        }
        m_methodExplanation->setText(tr("<b>%1</b> = %2: %3").arg(s.title, fmt(r.value), r.explanation.toHtmlEscaped()));
        changeThreshold(r.value, tr("Threshold: %1").arg(s.title));
        return;
    }
}

QWidget* ThresholdPanel::buildBandBox() {
    auto* box = new QGroupBox(tr("Review band"));
    auto* layout = new QFormLayout(box);
    layout->setRowWrapPolicy(QFormLayout::WrapLongRows);
    m_bandEnabled = new QCheckBox(tr("Send near-threshold scores to review"));
    m_bandEnabled->setObjectName(QStringLiteral("bandEnabled"));
    m_bandEnabled->setToolTip(tr("Pass below the lower line, fail at or above the upper line (the threshold), "
                                "review in between. Drag the orange lines or type values."));
    m_bandLow = new QDoubleSpinBox;
    m_bandLow->setObjectName(QStringLiteral("bandLow"));
    m_bandHigh = new QDoubleSpinBox;
    m_bandHigh->setObjectName(QStringLiteral("bandHigh"));
    for (QDoubleSpinBox* spin : {m_bandLow, m_bandHigh}) {
        spin->setDecimals(6);
        spin->setRange(-1e12, 1e12);
        spin->setKeyboardTracking(false);
    }
    m_bandCount = new QLabel;
    m_bandCount->setObjectName(QStringLiteral("bandCount"));
    layout->addRow(m_bandEnabled);
    layout->addRow(tr("Review from"), m_bandLow);
    layout->addRow(tr("Fail from (threshold)"), m_bandHigh);
    auto* suggest = new QPushButton(tr("From targets (recall ≥ 95%, FPR ≤ 1%)"));
    suggest->setObjectName(QStringLiteral("bandFromTargets"));
    suggest->setToolTip(tr("Lower line: the highest threshold that still catches 95% of the labelled "
                           "anomalies. Upper line: the lowest that flags at most 1% of the normals."));
    layout->addRow(suggest);
    layout->addRow(m_bandCount);
    connect(suggest, &QPushButton::clicked, this, [this] {
        const BandState before = ReviewBandCommand::current(m_session);
        const core::ReviewBand band = m_session->suggestReviewBand(kBandRecallTarget, kBandFprTarget);
        recordReviewBand(before, tr("Review band from targets"));
        m_bandCount->setToolTip(band.explanation);
        if (!band.defined)
            m_bandCount->setText(band.explanation);
    });
    connect(m_bandEnabled, &QCheckBox::toggled, this, [this](bool on) {
        core::ReviewBand band = m_session->reviewBand();
        const double t = m_session->threshold();
        if (on) {
            // The threshold stays the fail line; the review edge kept from before when it lies
            // below it, else a tenth of the score range below it (first use).
            if (!(band.low < t))
                band.low = t - (m_session->maxScore() - m_session->minScore()) * 0.1;
            band.high = t;
        }
        changeReviewBand({on, band.low, band.high}, on ? tr("Switch on review band") : tr("Switch off review band"));
    });
    // The edge not typed keeps the session's value, not the spin box's six-decimal rounding.
    connect(m_bandLow, &QDoubleSpinBox::valueChanged, this, [this](double low) {
        changeReviewBand({m_bandEnabled->isChecked(), low, m_session->reviewBand().high}, tr("Set review band"));
    });
    connect(m_bandHigh, &QDoubleSpinBox::valueChanged, this, [this](double high) {
        changeReviewBand({m_bandEnabled->isChecked(), m_session->reviewBand().low, high}, tr("Set review band"));
    });
    return box;
}

void ThresholdPanel::refreshBandControls() {
    const core::ReviewBand band = m_session->reviewBand();
    const bool on = m_session->reviewBandEnabled();
    const QSignalBlocker b1(m_bandEnabled), b2(m_bandLow), b3(m_bandHigh);
    m_bandEnabled->setChecked(on);
    m_bandLow->setValue(band.low);
    m_bandHigh->setValue(band.high);
    m_bandLow->setEnabled(on);
    m_bandHigh->setEnabled(on);
    m_bandCount->setText(on ? tr("%n sample(s) to review", nullptr, int(m_session->reviewCount()))
                                     : tr("Off: one threshold decides."));
}

QWidget* ThresholdPanel::buildCommitBox() {
    auto* box = new QGroupBox(tr("Commit"));
    auto* layout = new QVBoxLayout(box);
    m_committedLabel = new QLabel;
    m_committedLabel->setObjectName(QStringLiteral("committedLabel"));
    auto* row = new QHBoxLayout;
    m_commitNote = new QLineEdit;
    m_commitNote->setObjectName(QStringLiteral("commitNote"));
    m_commitNote->setPlaceholderText(tr("Why this threshold (kept in the audit trail)"));
    auto* commit = new QPushButton(tr("Commit threshold"));
    commit->setObjectName(QStringLiteral("commitButton"));
    commit->setToolTip(tr("Record the current threshold with your note; production scoring uses "
                          "the committed value."));
    row->addWidget(m_commitNote, 1);
    row->addWidget(commit);
    layout->addWidget(m_committedLabel);
    layout->addLayout(row);
    connect(commit, &QPushButton::clicked, this, [this] {
        m_session->commit(m_commitNote->text().trimmed());
        m_commitNote->clear();
    });
    connect(m_commitNote, &QLineEdit::returnPressed, commit, &QPushButton::click);
    return box;
}

QWidget* ThresholdPanel::buildChangesBox() {
    auto* box = new QGroupBox(tr("Changed verdicts"));
    auto* layout = new QVBoxLayout(box);
    m_changesSummary = new QLabel;
    m_changesSummary->setObjectName(QStringLiteral("changesSummary"));
    m_changesSummary->setWordWrap(true);
    m_changesSummary->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Minimum);
    m_changes = new QListWidget;
    m_changes->setObjectName(QStringLiteral("changedVerdicts"));
    m_changes->setToolTip(tr("Samples judged differently at this threshold than at the committed "
                            "one. Double-click to inspect."));
    m_changes->setUniformItemSizes(true);  // keeps relayout cheap during drags
    layout->addWidget(m_changesSummary);
    layout->addWidget(m_changes);
    connect(m_changes, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { Q_EMIT sampleActivated(item->data(Qt::UserRole).toInt()); });
    return box;
}

QWidget* ThresholdPanel::buildDefectsBox() {
    auto* box = new QGroupBox(tr("Recall per defect type"));
    auto* layout = new QVBoxLayout(box);
    m_defects = new QTableWidget(0, 3);
    m_defects->setObjectName(QStringLiteral("defectRecall"));
    m_defects->setHorizontalHeaderLabels({tr("Defect"), tr("Caught"), tr("Recall")});
    m_defects->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_defects->verticalHeader()->hide();
    m_defects->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_defects->setToolTip(tr("Share of each defect type's anomalous samples that the threshold flags."));
    layout->addWidget(m_defects);
    return box;
}

void ThresholdPanel::refreshDetails() {
    m_committedLabel->setText(m_session->hasCommittedThreshold()
                                 ? tr("Committed threshold: %1").arg(fmt(m_session->committedThreshold()))
                                 : tr("No threshold committed yet."));
    qint64 total = 0;
    const QVector<core::VerdictChange> changed = m_session->changedVerdicts(kChangedListLimit, &total);
    const core::ScoreSet& set = m_session->scores();
    const bool named = set.names.size() == qsizetype(set.scores.size());
    m_changes->setUpdatesEnabled(false);
    m_changes->clear();
    for (const core::VerdictChange& c : changed) {
        const QString name = named ? set.names[c.index] : tr("sample %1").arg(c.index + 1);
        auto* item = new QListWidgetItem(tr("%1  %2  (score %3)")
                                             .arg(c.nowAnomalous ? tr("now FAIL") : tr("now PASS"), name, fmt(c.score)),
                                         m_changes);
        item->setData(Qt::UserRole, c.index);
    }
    m_changes->setUpdatesEnabled(true);
    if (!m_session->hasCommittedThreshold())
        m_changesSummary->setText(tr("Commit a threshold to compare against it."));
    else if (total > changed.size())
        m_changesSummary->setText(tr("%1 samples changed verdict; the %2 lowest scores are listed.")
                                     .arg(total).arg(changed.size()));
    else
        m_changesSummary->setText(tr("%n sample(s) changed verdict since the commit.", nullptr, int(total)));

    const QVector<core::DefectGroupRates> rows = m_session->defectRecall();
    m_defects->setRowCount(int(rows.size()));
    for (int r = 0; r < rows.size(); ++r) {
        const core::DefectGroupRates& d = rows[r];
        m_defects->setItem(r, 0, new QTableWidgetItem(d.defect));
        m_defects->setItem(r, 1, new QTableWidgetItem(QStringLiteral("%1 / %2").arg(d.detected).arg(d.anomalous)));
        m_defects->setItem(r, 2, new QTableWidgetItem(!d.hasRecall() ? QStringLiteral("–")
                                                     : QString::number(100.0 * d.recall(), 'f', 1) + QLatin1Char('%')));
    }
    refreshBandControls();
}

} // namespace faultline::ui
