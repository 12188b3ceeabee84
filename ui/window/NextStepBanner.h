#pragma once
// The line above the browser that tells a newcomer what to do next: with images but no scores,
// "train a model to score these images", with the button that opens the training panel.
// Hidden once the project has an active run, or while training runs. GUI thread only.

#include <QFrame>

class QLabel;
class QPushButton;

namespace faultline::ui {

class NextStepBanner : public QFrame {
    Q_OBJECT
public:
    explicit NextStepBanner(QWidget* parent = nullptr);
    // samples: images in the open project; scored: an active run gives them scores.
    void update(int samples, bool scored, bool training);
    QPushButton* trainButton() const { return m_train; }
    QString text() const;

Q_SIGNALS:
    void trainRequested();

private:
    QLabel* m_text;
    QPushButton* m_train;
};

} // namespace faultline::ui
