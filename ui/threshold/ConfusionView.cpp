#include "ui/threshold/ConfusionView.h"

#include "core/threshold/ThresholdSession.h"
#include "ui/plot/PlotLineStyle.h"

#include <QGridLayout>
#include <QLabel>

#include <cmath>

namespace faultline::ui {

namespace {
QString percent(double v) { return std::isnan(v) ? QStringLiteral("–") : QString::number(100.0 * v, 'f', 1) + QLatin1Char('%'); }

QString withInterval(double v, const core::RateInterval& iv, bool current) {
    QString s = percent(v);
    if (iv.defined && !std::isnan(v))
        s += QStringLiteral("  [%1 – %2]%3").arg(percent(iv.low), percent(iv.high),
                                                current ? QString() : QStringLiteral(" …"));
    return s;
}

QLabel* makeCell(QWidget* parent, const QString& name, const QColor& tint) {
    auto* l = new QLabel(parent);
    l->setObjectName(name);
    l->setAlignment(Qt::AlignCenter);
    l->setMinimumWidth(90);
    l->setFrameShape(QFrame::StyledPanel);
    l->setAutoFillBackground(true);
    QPalette p = l->palette();
    QColor c = tint;
    c.setAlpha(60);
    p.setColor(QPalette::Window, c);
    l->setPalette(p);
    QFont f = l->font();
    f.setPointSizeF(f.pointSizeF() * 1.3);
    f.setBold(true);
    l->setFont(f);
    return l;
}
} // namespace

ConfusionView::ConfusionView(core::ThresholdSession* session, QWidget* parent)
    : QWidget(parent), m_session(session) {
    setObjectName(QStringLiteral("confusionView"));
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(new QLabel(tr("<b>Confusion matrix</b>"), this), 0, 0, 1, 3);
    grid->addWidget(new QLabel(tr("flagged"), this), 1, 1, Qt::AlignCenter);
    grid->addWidget(new QLabel(tr("passed"), this), 1, 2, Qt::AlignCenter);
    grid->addWidget(new QLabel(tr("anomalous"), this), 2, 0);
    grid->addWidget(new QLabel(tr("normal"), this), 3, 0);
    auto* tp = makeCell(this, QStringLiteral("tp"), PlotLineStyle::anomalous());
    auto* fn = makeCell(this, QStringLiteral("fn"), Qt::darkRed);
    auto* fp = makeCell(this, QStringLiteral("fp"), PlotLineStyle::band());
    auto* tn = makeCell(this, QStringLiteral("tn"), PlotLineStyle::normal());
    tp->setToolTip(tr("True positives: anomalous samples the threshold flags."));
    fn->setToolTip(tr("False negatives: anomalous samples that pass (missed defects)."));
    fp->setToolTip(tr("False positives: normal samples the threshold flags (false rejects)."));
    tn->setToolTip(tr("True negatives: normal samples that pass."));
    grid->addWidget(tp, 2, 1);
    grid->addWidget(fn, 2, 2);
    grid->addWidget(fp, 3, 1);
    grid->addWidget(tn, 3, 2);

    const struct { const char* name; const char* caption; const char* tip; } rates[] = {
        {"precision", QT_TR_NOOP("Precision"), QT_TR_NOOP("Share of flagged samples that are anomalous.")},
        {"recall", QT_TR_NOOP("Recall"), QT_TR_NOOP("Share of anomalous samples flagged (95% bootstrap interval).")},
        {"f1", QT_TR_NOOP("F1"), QT_TR_NOOP("Harmonic mean of precision and recall.")},
        {"fpr", QT_TR_NOOP("False-positive rate"), QT_TR_NOOP("Share of normal samples flagged (95% bootstrap interval).")},
        {"accuracy", QT_TR_NOOP("Accuracy"), QT_TR_NOOP("Share of labelled samples judged correctly.")},
        {"unlabelled", QT_TR_NOOP("Unlabelled"), QT_TR_NOOP("Unlabelled samples flagged / passed; they do not enter the rates.")},
    };
    int row = 4;
    for (const auto& r : rates) {
        auto* caption = new QLabel(tr(r.caption), this);
        auto* value = new QLabel(this);
        value->setObjectName(QString::fromLatin1(r.name));
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        caption->setToolTip(tr(r.tip));
        value->setToolTip(tr(r.tip));
        grid->addWidget(caption, row, 0);
        grid->addWidget(value, row, 1, 1, 2);
        ++row;
    }
    connect(m_session, &core::ThresholdSession::thresholdChanged, this, &ConfusionView::refresh);
    connect(m_session, &core::ThresholdSession::labelsChanged, this, &ConfusionView::refresh);
    connect(m_session, &core::ThresholdSession::scoresChanged, this, &ConfusionView::refresh);
    connect(m_session, &core::ThresholdSession::intervalsChanged, this, &ConfusionView::refresh);
    refresh();
}

QLabel* ConfusionView::cell(const QString& name) const { return findChild<QLabel*>(name); }

QString ConfusionView::text(const QString& name) const {
    const QLabel* l = cell(name);
    return l ? l->text() : QString();
}

void ConfusionView::refresh() {
    const core::ThresholdMetrics m = m_session->metrics();
    const core::BootstrapResult iv = m_session->intervals();
    const bool current = m_session->intervalsCurrent();
    cell(QStringLiteral("tp"))->setText(QString::number(m.counts.tp));
    cell(QStringLiteral("fp"))->setText(QString::number(m.counts.fp));
    cell(QStringLiteral("tn"))->setText(QString::number(m.counts.tn));
    cell(QStringLiteral("fn"))->setText(QString::number(m.counts.fn));
    cell(QStringLiteral("precision"))->setText(percent(m.precision));
    cell(QStringLiteral("recall"))->setText(withInterval(m.recall, iv.recall, current));
    cell(QStringLiteral("f1"))->setText(percent(m.f1));
    cell(QStringLiteral("fpr"))->setText(withInterval(m.fpr, iv.fpr, current));
    cell(QStringLiteral("accuracy"))->setText(percent(m.accuracy));
    cell(QStringLiteral("unlabelled"))->setText(
        tr("%1 flagged / %2 passed").arg(m.unlabelledAbove).arg(m.unlabelledBelow));
}

} // namespace faultline::ui
