// The browser's table as a person meets it: Score and Verdict sit next to the name when it
// opens, choosing an order in the sort box moves the header's sort arrow (and the review queue,
// which is no column's order, shows none), J/K step through the samples in either view, and a
// thumbnail's tooltip is its full path.
#include "ui/dataset/DatasetBrowser.h"
#include "ui/dataset/DatasetFilterBar.h"
#include "ui/dataset/SampleFilterProxy.h"
#include "ui/dataset/SampleTableModel.h"
#include "ui/dataset/ThumbnailCache.h"

#include <QComboBox>
#include <QHeaderView>
#include <QListView>
#include <QTableView>
#include <QtTest>

using namespace faultline;
using ui::DatasetFilterBar;
using ui::SampleTableModel;

class TestBrowserTable : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void scoreAndVerdictOpenNextToTheName() {
        SampleTableModel model;
        ui::ThumbnailCache thumbnails;
        ui::DatasetBrowser browser(&model, &thumbnails);
        const QHeaderView* header = browser.tableView()->horizontalHeader();
        QCOMPARE(header->logicalIndex(0), int(SampleTableModel::NameColumn));
        QCOMPARE(header->logicalIndex(1), int(SampleTableModel::ScoreColumn));
        QCOMPARE(header->logicalIndex(2), int(SampleTableModel::VerdictColumn));
    }

    void sortBoxMovesTheHeaderArrow() {
        SampleTableModel model;
        QVector<ui::SampleRow> rows;
        for (int i = 0; i < 6; ++i) {
            ui::SampleRow r;
            r.id = i + 1;
            r.name = QStringLiteral("test/good/%1.png").arg(i);
            r.path = QStringLiteral("/data/very/long/folder/name/") + r.name;
            r.split = core::Split::Test;
            r.score = (i * 37 % 6) / 10.0;
            rows << r;
        }
        model.setSamples(rows);
        model.setDecisionRule(core::DecisionRule(0.3));
        ui::ThumbnailCache thumbnails;
        ui::DatasetBrowser browser(&model, &thumbnails);
        browser.resize(1000, 600);
        browser.show();
        QComboBox* sort = browser.filterBar()->sortCombo();
        const QHeaderView* header = browser.tableView()->horizontalHeader();

        sort->setCurrentIndex(sort->findData(int(DatasetFilterBar::SortScoreHighFirst)));
        QVERIFY(header->isSortIndicatorShown());
        QCOMPARE(header->sortIndicatorSection(), int(SampleTableModel::ScoreColumn));
        QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
        const double top = browser.proxy()->index(0, 0).data(SampleTableModel::ScoreRole).toDouble();
        QCOMPARE(top, 0.5);

        sort->setCurrentIndex(sort->findData(int(DatasetFilterBar::SortScoreLowFirst)));
        QCOMPARE(header->sortIndicatorOrder(), Qt::AscendingOrder);
        QCOMPARE(browser.proxy()->index(0, 0).data(SampleTableModel::ScoreRole).toDouble(), 0.0);

        sort->setCurrentIndex(sort->findData(int(DatasetFilterBar::SortReviewQueue)));
        QVERIFY(!header->isSortIndicatorShown());
        QVERIFY(browser.proxy()->reviewQueue()); // the header update did not switch the queue off

        sort->setCurrentIndex(sort->findData(int(DatasetFilterBar::SortByName)));
        QVERIFY(header->isSortIndicatorShown());
        QCOMPARE(header->sortIndicatorSection(), int(SampleTableModel::NameColumn));

        // J and K step through the samples in the grid and the table, as in the inspection view.
        browser.setCurrentSourceRow(browser.proxy()->sourceRowAt(0));
        QTest::keyClick(browser.gridView(), Qt::Key_J);
        QCOMPARE(browser.currentSourceRow(), browser.proxy()->sourceRowAt(1));
        QTest::keyClick(browser.tableView(), Qt::Key_J);
        QCOMPARE(browser.currentSourceRow(), browser.proxy()->sourceRowAt(2));
        QTest::keyClick(browser.gridView(), Qt::Key_K);
        QCOMPARE(browser.currentSourceRow(), browser.proxy()->sourceRowAt(1));

        // The thumbnail's tooltip names the whole path, whatever the cell elides.
        const QModelIndex first = browser.proxy()->index(0, 0);
        QCOMPARE(first.data(Qt::ToolTipRole).toString(), QStringLiteral("/data/very/long/folder/name/test/good/0.png"));
    }
};

QTEST_MAIN(TestBrowserTable)
#include "tst_browsertable.moc"
