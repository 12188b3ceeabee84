#include "CliContext.h"

#include <QJsonDocument>

#include <cstdio>
#include <unistd.h>

namespace faultline::cli {

CliContext::CliContext(bool json)
    : m_json(json), m_tty(::isatty(STDERR_FILENO) == 1), m_out(stdout), m_err(stderr) {}

int CliContext::fail(int code, const QString& message) {
    endProgress();
    m_err << "faultline-cli: " << message << Qt::endl;
    return code;
}

void CliContext::warn(const QString& message) {
    endProgress();
    m_err << "faultline-cli: warning: " << message << Qt::endl;
}

void CliContext::printJson(const QJsonObject& object) {
    m_out << QJsonDocument(object).toJson(QJsonDocument::Indented);
    m_out.flush();
}

void CliContext::progress(const QString& label, qint64 done, qint64 total) {
    if (!m_tty || m_json) return;
    constexpr int kWidth = 30; // characters in the bar
    const double fraction = total > 0 ? double(done) / double(total) : 0.0;
    const int filled = int(fraction * kWidth);
    m_err << '\r' << label << " [" << QString(filled, '#') << QString(kWidth - filled, '.') << "] "
          << done << '/' << total;
    m_err.flush();
    m_progressShown = true;
}

void CliContext::endProgress() {
    if (!m_progressShown) return;
    m_err << Qt::endl;
    m_progressShown = false;
}

} // namespace faultline::cli
