// faultline: the workbench window. Wiring only.
#include <QApplication>
#include <QMainWindow>

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    QMainWindow window;
    window.setWindowTitle(QStringLiteral("Faultline"));
    window.show();
    return app.exec();
}
