#include "core/threshold/ThresholdMethods.h"

#include <QtTest>

using namespace faultline::core;

class TestThresholdMethods : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parse_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("method");
        QTest::addColumn<double>("argument");
        QTest::addColumn<QString>("canonical");
        QTest::newRow("percentile default") << "percentile" << int(ThresholdMethod::Percentile) << 99.0 << "percentile:99";
        QTest::newRow("percentile 99.5") << "Percentile:99.5" << int(ThresholdMethod::Percentile) << 99.5 << "percentile:99.5";
        QTest::newRow("mean-sigma") << "mean-sigma:2.5" << int(ThresholdMethod::MeanSigma) << 2.5 << "mean-sigma:2.5";
        QTest::newRow("iqr default") << "iqr" << int(ThresholdMethod::Iqr) << 1.5 << "iqr:1.5";
        QTest::newRow("max-f1") << "max-f1" << int(ThresholdMethod::MaxF1) << 0.0 << "max-f1";
        QTest::newRow("fpr") << "fpr:0.001" << int(ThresholdMethod::FprTarget) << 0.001 << "fpr:0.001";
        QTest::newRow("recall default") << " recall " << int(ThresholdMethod::RecallTarget) << 0.95 << "recall:0.95";
        QTest::newRow("min-cost") << "min-cost" << int(ThresholdMethod::MinCost) << 0.0 << "min-cost";
        QTest::newRow("value") << "value:0.25" << int(ThresholdMethod::Fixed) << 0.25 << "value:0.25";
    }
    void parse() {
        QFETCH(QString, text);
        QFETCH(int, method);
        QFETCH(double, argument);
        QFETCH(QString, canonical);
        ThresholdSpec spec;
        QString error;
        QVERIFY2(parseThresholdSpec(text, &spec, &error), qPrintable(error));
        QCOMPARE(int(spec.method), method);
        QCOMPARE(spec.argument, argument);
        QCOMPARE(spec.text(), canonical);
    }

    void rejects_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("errorPart");
        QTest::newRow("unknown") << "adaptive" << "unknown threshold method 'adaptive'";
        QTest::newRow("not a number") << "percentile:high" << "'high' is not a number";
        QTest::newRow("argument to max-f1") << "max-f1:2" << "takes no argument";
        QTest::newRow("value without number") << "value" << "needs a value";
    }
    void rejects() {
        QFETCH(QString, text);
        QFETCH(QString, errorPart);
        ThresholdSpec spec;
        QString error;
        QVERIFY(!parseThresholdSpec(text, &spec, &error));
        QVERIFY2(error.contains(errorPart), qPrintable(error));
    }

    void computeRoutesInputs() {
        const ScoreCurve curve({0.1, 0.2, 0.8, 0.9}, {GroundTruth::Normal, GroundTruth::Normal, GroundTruth::Anomalous,
                                                      GroundTruth::Anomalous});
        ThresholdInputs inputs;
        inputs.normalValidation = {1, 2, 3, 4};
        inputs.labelled = &curve;
        ThresholdSpec spec;
        QVERIFY(parseThresholdSpec(QStringLiteral("percentile:50"), &spec, nullptr));
        QCOMPARE(computeThreshold(spec, inputs).value, 2.5);
        QVERIFY(parseThresholdSpec(QStringLiteral("max-f1"), &spec, nullptr));
        const ThresholdResult f1 = computeThreshold(spec, inputs);
        QVERIFY(f1.defined);
        QCOMPARE(f1.value, 0.8);
        QVERIFY(parseThresholdSpec(QStringLiteral("value:0.5"), &spec, nullptr));
        const ThresholdResult fixed = computeThreshold(spec, inputs);
        QCOMPARE(fixed.value, 0.5);
        QVERIFY(fixed.explanation.contains(QStringLiteral("fixed threshold 0.5")));
        // Without labelled scores the label-based methods say so.
        inputs.labelled = nullptr;
        QVERIFY(parseThresholdSpec(QStringLiteral("fpr:0.1"), &spec, nullptr));
        const ThresholdResult none = computeThreshold(spec, inputs);
        QVERIFY(!none.defined);
        QVERIFY(none.explanation.contains(QStringLiteral("no labelled scores")));
    }

    void standardSpecsAllParseBack() {
        for (const ThresholdSpec& spec : standardThresholdSpecs()) {
            ThresholdSpec again;
            QVERIFY(parseThresholdSpec(spec.text(), &again, nullptr));
            QCOMPARE(again.text(), spec.text());
        }
    }
};

QTEST_GUILESS_MAIN(TestThresholdMethods)
#include "tst_thresholdmethods.moc"
