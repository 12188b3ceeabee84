#include "core/project/ProjectStore.h"
#include "ui/dataset/LabelController.h"
#include "ui/dataset/SampleTableModel.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

using namespace faultline;
using core::GroundTruth;
using ui::SampleTableModel;

class TestLabelCommand : public QObject {
    Q_OBJECT
private:
    QTemporaryDir dir;
    QString path;

    void makeProject(core::ProjectStore& store, int n) {
        QVERIFY(store.open(path, core::ProjectStore::CreateIfMissing));
        QVector<core::Sample> samples;
        for (int i = 0; i < n; ++i) {
            core::Sample s;
            s.path = dir.filePath(QStringLiteral("test/%1.png").arg(i));
            s.split = core::Split::Test;
            samples << s;
        }
        QVERIFY(store.replaceDataset(dir.path(), samples));
    }

    GroundTruth storedLabel(qint64 id) {
        // A second connection: proves the label is in the file, not in this process's memory.
        core::ProjectStore other;
        if (!other.open(path)) return GroundTruth::Unknown;
        const auto l = other.label(id);
        return l ? l->label : GroundTruth::Unknown;
    }

private Q_SLOTS:
    void init() { path = dir.filePath(QStringLiteral("%1.faultline").arg(QTest::currentTestFunction())); }

    void labelWritesThroughAndUndoRestores() {
        core::ProjectStore store;
        makeProject(store, 5);
        SampleTableModel model;
        model.setSamples(SampleTableModel::rowsFromProject(store, 0));
        QUndoStack stack;
        ui::LabelController labels(&model, &stack);
        labels.setStore(&store);
        QSignalSpy changed(&model, &SampleTableModel::userLabelsChanged);
        const qint64 id = model.sampleAt(2).id;

        QVERIFY(labels.label({2}, GroundTruth::Anomalous));
        QCOMPARE(storedLabel(id), GroundTruth::Anomalous);
        QCOMPARE(model.sampleAt(2).label, GroundTruth::Anomalous);
        QCOMPARE(changed.size(), 1);
        QVERIFY(labels.label({2}, GroundTruth::Normal));
        QCOMPARE(storedLabel(id), GroundTruth::Normal);

        stack.undo();
        QCOMPARE(storedLabel(id), GroundTruth::Anomalous);
        QCOMPARE(model.sampleAt(2).label, GroundTruth::Anomalous);
        stack.undo();
        QCOMPARE(storedLabel(id), GroundTruth::Unknown);
        QCOMPARE(model.sampleAt(2).label, GroundTruth::Unknown);
        stack.redo();
        QCOMPARE(storedLabel(id), GroundTruth::Anomalous);
        QCOMPARE(changed.size(), 5);
        QCOMPARE(store.labelHistory(id).size(), 5);  // every step is in the history
    }

    void bulkLabelIsOneUndoStep() {
        core::ProjectStore store;
        makeProject(store, 6);
        SampleTableModel model;
        model.setSamples(SampleTableModel::rowsFromProject(store, 0));
        QUndoStack stack;
        ui::LabelController labels(&model, &stack);
        labels.setStore(&store);
        QVERIFY(labels.label({1}, GroundTruth::Normal));
        QVERIFY(labels.label({0, 1, 2, 3}, GroundTruth::Anomalous));
        QCOMPARE(stack.count(), 2);
        QVERIFY(stack.text(1).contains("4"));
        for (int r : {0, 1, 2, 3}) QCOMPARE(storedLabel(model.sampleAt(r).id), GroundTruth::Anomalous);
        stack.undo();
        // Each sample gets back its own earlier label.
        QCOMPARE(storedLabel(model.sampleAt(1).id), GroundTruth::Normal);
        for (int r : {0, 2, 3}) QCOMPARE(storedLabel(model.sampleAt(r).id), GroundTruth::Unknown);
        QCOMPARE(model.sampleAt(1).label, GroundTruth::Normal);
        QCOMPARE(model.sampleAt(0).label, GroundTruth::Unknown);
    }

    void failedWriteLeavesNoTrace() {
        core::ProjectStore store;
        makeProject(store, 3);
        SampleTableModel model;
        model.setSamples(SampleTableModel::rowsFromProject(store, 0));
        QUndoStack stack;
        ui::LabelController labels(&model, &stack);
        labels.setStore(&store);
        QSignalSpy errors(&labels, &ui::LabelController::errorOccurred);
        // Another program holds the write lock for longer than the store waits.
        QSqlDatabase blocker = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("blocker"));
        blocker.setDatabaseName(path);
        QVERIFY(blocker.open());

        // Reopen with a short wait for the lock, then let another program take it.
        store.close();
        QVERIFY(store.open(path, core::ProjectStore::OpenExisting, /*busyTimeoutMs=*/50));
        QVERIFY(QSqlQuery(blocker).exec(QStringLiteral("BEGIN EXCLUSIVE")));
        QVERIFY(QSqlQuery(blocker).exec(QStringLiteral("INSERT INTO meta VALUES('lock2', '1')")));

        QVERIFY(!labels.label({0}, GroundTruth::Anomalous));
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors[0][0].toString().contains("locked"), qPrintable(errors[0][0].toString()));
        QCOMPARE(stack.count(), 0);
        QCOMPARE(model.sampleAt(0).label, GroundTruth::Unknown);
        QVERIFY(QSqlQuery(blocker).exec(QStringLiteral("ROLLBACK")));
        blocker.close();
        blocker = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("blocker"));
        QVERIFY(labels.label({0}, GroundTruth::Anomalous));
        QCOMPARE(stack.count(), 1);
    }
};

QTEST_MAIN(TestLabelCommand)
#include "tst_labelcommand.moc"
