#pragma once
// Output helpers for a subcommand: human text to stdout, errors to stderr,
// machine output as one JSON document, progress on stderr only when it is a terminal.

#include <QJsonObject>
#include <QString>
#include <QTextStream>

namespace faultline::cli {

class CliContext {
public:
    explicit CliContext(bool json);

    bool json() const { return m_json; }
    QTextStream& out() { return m_out; }
    QTextStream& err() { return m_err; }

    // Prints "faultline-cli: <message>" on stderr and returns code, for `return ctx.fail(...)`.
    int fail(int code, const QString& message);
    void warn(const QString& message);
    void printJson(const QJsonObject& object);

    // Progress bar on stderr; a no-op when stderr is not a terminal or in --json mode.
    void progress(const QString& label, qint64 done, qint64 total);
    void endProgress();

private:
    bool m_json;
    bool m_tty;
    bool m_progressShown = false;
    QTextStream m_out;
    QTextStream m_err;
};

} // namespace faultline::cli
