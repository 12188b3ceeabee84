#pragma once
// What the window shows with no project open: open the demo, open a project, import a folder.

#include <QWidget>

class QPushButton;

namespace faultline::ui {

class WelcomePage : public QWidget {
    Q_OBJECT
public:
    explicit WelcomePage(QWidget* parent = nullptr);
    QPushButton* demoButton() const { return m_demo; }
    QPushButton* openButton() const { return m_open; }
    QPushButton* importButton() const { return m_import; }

Q_SIGNALS:
    void demoRequested();
    void openRequested();
    void importRequested();

private:
    QPushButton* m_demo;
    QPushButton* m_open;
    QPushButton* m_import;
};

} // namespace faultline::ui
