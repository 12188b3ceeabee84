#include "core/dataset/UndecodableNames.h"

#include <QFile>

#include <dirent.h>
#include <sys/stat.h>

namespace faultline::core {

QString escapedFileName(const QByteArray& name) {
    QString out;
    qsizetype i = 0;
    while (i < name.size()) {
        // Take the longest valid UTF-8 run from i, then escape one byte.
        qsizetype j = i;
        while (j < name.size()) {
            const uchar c = uchar(name[j]);
            const int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
            if (len == 0 || j + len > name.size()) break;
            bool ok = true;
            for (int k = 1; k < len; ++k) ok = ok && (uchar(name[j + k]) >> 6) == 0x2;
            if (!ok) break;
            const QByteArray piece = name.mid(j, len);
            if (QString::fromUtf8(piece).toUtf8() != piece) break; // overlong or surrogate
            j += len;
        }
        out += QString::fromUtf8(name.mid(i, j - i));
        if (j < name.size()) {
            out += QStringLiteral("\\x%1").arg(uint(uchar(name[j])), 2, 16, QLatin1Char('0'));
            ++j;
        }
        i = j;
    }
    return out;
}

QVector<FileProblem> undecodableEntries(const QString& dir) {
    QVector<FileProblem> problems;
    const QByteArray base = QFile::encodeName(dir);
    DIR* d = ::opendir(base.constData());
    if (!d) return problems; // the caller reports unreadable folders itself
    while (const dirent* e = ::readdir(d)) {
        const QByteArray name(e->d_name);
        if (name.startsWith('.')) continue; // hidden, ".", ".."
        if (QFile::encodeName(QFile::decodeName(name)) == name) continue;
        struct stat st {};
        const QByteArray full = base + '/' + name;
        const bool isDir = ::stat(full.constData(), &st) == 0 && S_ISDIR(st.st_mode);
        const QString shown = dir + QLatin1Char('/') + escapedFileName(name);
        problems.push_back({shown, isDir ? QStringLiteral("folder name is not valid UTF-8 (shown with \\x escapes): the "
                                                          "folder and every image in it are left out; rename it")
                                         : QStringLiteral("file name is not valid UTF-8 (shown with \\x escapes): it "
                                                          "cannot be opened by name; rename it")});
    }
    ::closedir(d);
    return problems;
}

} // namespace faultline::core
