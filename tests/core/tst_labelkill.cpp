// Kill safety of labelling: a child process labels samples as fast as it can and reports each
// label after ProjectStore::setLabel returned (the moment the workbench would show it); the
// test kills it with SIGKILL at varying moments and checks that every reported label is in
// the database and that the file passes PRAGMA integrity_check.
#include "core/ProjectStore.h"

#include <QtTest>

#include <csignal>

using namespace faultline::core;

namespace {

constexpr int kSamples = 400;            // samples in the project
constexpr char kChildEnv[] = "FAULTLINE_LABEL_CHILD_DB";

GroundTruth labelFor(int round, qint64 id) {
    return (round + id) % 3 == 0 ? GroundTruth::Unknown
                                 : ((round + id) % 3 == 1 ? GroundTruth::Normal : GroundTruth::Anomalous);
}

// Child: label every sample over and over; print "<round> <id>" after each durable commit.
int runChild(const QString& db) {
    ProjectStore store;
    if (!store.open(db)) {
        fprintf(stderr, "child: %s\n", qPrintable(store.lastError()));
        return 2;
    }
    const QVector<ProjectSample> samples = store.samples();
    for (int round = 0;; ++round) {
        for (const ProjectSample& s : samples) {
            if (!store.setLabel(s.id, labelFor(round, s.id), QStringLiteral("kill-test"))) {
                fprintf(stderr, "child: %s\n", qPrintable(store.lastError()));
                return 3;
            }
            printf("%d %lld\n", round, static_cast<long long>(s.id));
            fflush(stdout);
        }
    }
}

} // namespace

class TestLabelKill : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void killedChildLosesNoCommittedLabel_data() {
        QTest::addColumn<int>("labelsBeforeKill");
        QTest::newRow("first label") << 1;
        QTest::newRow("a few") << 7;
        QTest::newRow("mid round") << 150;
        QTest::newRow("second round") << 530;
    }

    void killedChildLosesNoCommittedLabel() {
        QFETCH(int, labelsBeforeKill);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString db = dir.filePath(QStringLiteral("project.faultline"));
        {
            ProjectStore store;
            QVERIFY2(store.open(db, ProjectStore::CreateIfMissing), qPrintable(store.lastError()));
            QVector<Sample> samples;
            for (int i = 0; i < kSamples; ++i) {
                Sample s;
                s.path = dir.filePath(QStringLiteral("data/test/good/%1.png").arg(i, 4, 10, QLatin1Char('0')));
                s.split = Split::Test;
                s.truth = GroundTruth::Normal;
                s.defect = QStringLiteral("good");
                samples.push_back(s);
            }
            QVERIFY2(store.replaceDataset(dir.filePath(QStringLiteral("data")), samples), qPrintable(store.lastError()));
        }

        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QLatin1String(kChildEnv), db);
        child.setProcessEnvironment(env);
        child.start(QCoreApplication::applicationFilePath(), {});
        QVERIFY(child.waitForStarted());

        // Read committed labels until enough arrived, then SIGKILL without warning.
        QHash<qint64, int> lastRound; // sample id -> round of its last reported label
        int seen = 0;
        QByteArray pending;
        QElapsedTimer timer;
        timer.start();
        while (seen < labelsBeforeKill && timer.elapsed() < 60000) {
            if (!child.waitForReadyRead(5000)) break;
            pending += child.readAllStandardOutput();
            int nl;
            while ((nl = pending.indexOf('\n')) >= 0) {
                const QList<QByteArray> parts = pending.left(nl).split(' ');
                pending.remove(0, nl + 1);
                QCOMPARE(parts.size(), 2);
                lastRound[parts[1].toLongLong()] = parts[0].toInt();
                ++seen;
            }
        }
        ::kill(pid_t(child.processId()), SIGKILL);
        QVERIFY(child.waitForFinished(10000));
        QVERIFY2(seen >= labelsBeforeKill, child.readAllStandardError().constData());
        // Lines still in the pipe were committed too.
        pending += child.readAllStandardOutput();
        for (const QByteArray& line : pending.split('\n')) {
            const QList<QByteArray> parts = line.split(' ');
            if (parts.size() == 2) lastRound[parts[1].toLongLong()] = parts[0].toInt();
        }

        ProjectStore reopened;
        QVERIFY2(reopened.open(db), qPrintable(reopened.lastError()));
        QCOMPARE(reopened.integrityCheck(), QStringLiteral("ok"));
        const QHash<qint64, UserLabel> labels = reopened.labels();
        for (auto it = lastRound.cbegin(); it != lastRound.cend(); ++it) {
            const qint64 id = it.key();
            // The killed child may have committed one more label after its last report.
            const GroundTruth reported = labelFor(it.value(), id);
            const GroundTruth next = labelFor(it.value() + 1, id);
            const GroundTruth stored = labels.contains(id) ? labels[id].label : GroundTruth::Unknown;
            QVERIFY2(stored == reported || stored == next,
                     qPrintable(QStringLiteral("sample %1 lost its label").arg(id)));
        }
    }
};

int main(int argc, char* argv[]) {
    const QByteArray childDb = qgetenv(kChildEnv);
    if (!childDb.isEmpty()) {
        QCoreApplication app(argc, argv);
        return runChild(QString::fromLocal8Bit(childDb));
    }
    QCoreApplication app(argc, argv);
    TestLabelKill test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_labelkill.moc"
