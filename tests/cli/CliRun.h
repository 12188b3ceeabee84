#pragma once
// Runs the built faultline-cli (FAULTLINE_CLI_PATH) for the CLI tests. A crash or a time-out
// is not an exit code: `crashed` is set and `code` stays -1, so no expected code can match.
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace faultline::testing {

struct CliRun {
    bool crashed = true;
    int code = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
    QString errText() const { return QString::fromUtf8(err); }
};

inline CliRun runCli(const QStringList& args, int timeoutMs = 240000) {
    QProcess p;
    p.start(QStringLiteral(FAULTLINE_CLI_PATH), args);
    CliRun r;
    if (!p.waitForFinished(timeoutMs)) return r;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    if (p.exitStatus() != QProcess::NormalExit) {
        r.err += "faultline-cli crashed: " + args.join(' ').toUtf8();
        return r;
    }
    r.crashed = false;
    r.code = p.exitCode();
    return r;
}

} // namespace faultline::testing
