#include "ui/training/TrainingPanel.h"

#include "ui/training/BackboneField.h"

#include "core/ml/DeviceSelect.h"
#include "ui/plot/LossPlot.h"
#include "ui/training/TrainingWorker.h"
#include "ui/window/TwoColumnBox.h"

#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QScrollArea>
#include <QStandardPaths>
#include <QVBoxLayout>

#include <cmath>

namespace faultline::ui {

namespace {
constexpr int kProgressSteps = 1000;  // progress bar resolution
constexpr int kSideBySideWidth = 820;  // px: from this panel width, form and loss plot side by side
constexpr int kLossMinimumHeight = 200; // px
constexpr int kComboMinimumChars = 18;  // characters the model combo keeps visible

QString clock(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0)
        return QStringLiteral("–");
    const qint64 s = qint64(std::lround(seconds));
    return s >= 3600 ? QStringLiteral("%1:%2:%3").arg(s / 3600).arg(s / 60 % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'))
                     : QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}
} // namespace

TrainingPanel::TrainingPanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("trainingPanel"));
    m_runsDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/runs");

    m_worker = new TrainingWorker;
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(this, &TrainingPanel::trainingRequested, m_worker, &TrainingWorker::run);
    connect(m_worker, &TrainingWorker::progress, this, &TrainingPanel::onProgress);
    connect(m_worker, &TrainingWorker::finished, this, &TrainingPanel::onFinished);
    m_thread.setObjectName(QStringLiteral("training"));
    m_thread.start();

    m_banner = new QLabel;
    m_banner->setObjectName(QStringLiteral("warningBanner"));
    m_banner->setWordWrap(true);
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_banner->setMargin(6);
    // Ignored width: a long warning wraps to the panel's width instead of widening the panel.
    m_banner->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Minimum);
    m_banner->hide();
    m_loss = new LossPlot;
    m_loss->setMinimumHeight(kLossMinimumHeight);

    // The form and the runs, then the loss curve: side by side in a wide dock, one above the
    // other in a narrow one. The warning spans both, above them; the whole panel scrolls.
    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(buildForm());
    leftLayout->addWidget(buildRunsBox(), 1);
    auto* columns = new TwoColumnBox(left, m_loss, kSideBySideWidth);
    columns->setSideBySideStretch(2, 3);  // the runs table keeps its columns readable
    auto* content = new QWidget;
    auto* contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(4, 4, 4, 4);
    contentLayout->addWidget(m_banner);
    contentLayout->addWidget(columns, 1);
    auto* scroll = new QScrollArea;
    scroll->setObjectName(QStringLiteral("trainingScroll"));
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);

    setConfig(ml::TrainConfig{});
    refreshButtons();
}

TrainingPanel::~TrainingPanel() {
    // No training outlives the panel: cancel (honoured within a batch), then wait.
    if (m_worker)
        m_worker->requestCancel();
    m_thread.quit();
    m_thread.wait();
    m_sizeWatcher.waitForFinished();  // a header read in flight (milliseconds)
}

QWidget* TrainingPanel::buildForm() {
    auto* box = new QGroupBox(tr("Settings"));
    auto* form = new QFormLayout(box);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);  // a narrow dock puts fields under their labels
    m_model = new QComboBox;
    m_model->setObjectName(QStringLiteral("model"));
    m_model->addItem(tr("ae: robust autoencoder (default)"), QStringLiteral("ae"));
    m_model->addItem(tr("vae: variational autoencoder"), QStringLiteral("vae"));
    m_model->addItem(tr("seed-ae: reference autoencoder"), QStringLiteral("seed-ae"));
    m_model->addItem(tr("restore: restoration + defect map (learns from simulated defects)"), QStringLiteral("restore"));
    m_model->addItem(tr("ganomaly: adversarial encoder-decoder-encoder (GANomaly)"), QStringLiteral("ganomaly"));
    m_model->addItem(tr("backbone: a pretrained TorchScript network's features (PatchCore; not trained)"),
                     QStringLiteral("backbone"));
    m_backbone = new BackboneField;
    m_backbone->setObjectName(QStringLiteral("backbone"));
    m_model->setToolTip(tr("The network to train on normal images only."));
    // The long descriptions shrink with the dock (the list shows them in full).
    m_model->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_model->setMinimumContentsLength(kComboMinimumChars);
    m_size = new QSpinBox;
    m_size->setObjectName(QStringLiteral("size"));
    m_size->setRange(8, 1024);
    m_size->setSingleStep(8);
    m_size->setSuffix(tr(" px"));
    m_size->setToolTip(tr("Images are resized to this square side (a multiple of 8). A new project starts with "
                          "the side read from its images: small images are not enlarged."));
    m_tile = new QSpinBox;
    m_tile->setObjectName(QStringLiteral("tile"));
    m_tile->setRange(0, 4096);
    m_tile->setSingleStep(32);
    m_tile->setSuffix(tr(" px"));
    m_tile->setSpecialValueText(tr("whole image"));
    m_tile->setToolTip(tr("Cut each image into windows of this many pixels at full resolution, every half window, "
                          "and stitch their maps, so that small defects on large images keep their pixels. "
                          "Whole image: the image is fitted to the input size with its aspect kept."));
    connect(m_tile, &QSpinBox::valueChanged, this, [this] {
        if (m_settingSize) return;
        m_sizeKept = true;
        refreshSizeReason();
    });
    m_sizeReason = new QLabel;
    m_sizeReason->setObjectName(QStringLiteral("sizeReason"));
    m_sizeReason->setWordWrap(true);
    m_sizeReason->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Minimum);
    m_sizeReason->setVisible(false);
    connect(m_size, &QSpinBox::valueChanged, this, [this] {
        if (m_settingSize) return;
        m_sizeKept = true;
        refreshSizeReason();
    });
    connect(&m_sizeWatcher, &QFutureWatcher<core::InputSizeChoice>::finished, this, &TrainingPanel::applySizeChoice);
    m_channels = new QComboBox;
    m_channels->setObjectName(QStringLiteral("channels"));
    m_channels->addItem(tr("1 (grey)"), 1);
    m_channels->addItem(tr("3 (RGB)"), 3);
    m_channels->setToolTip(tr("Colour channels the model sees."));
    m_epochs = new QSpinBox;
    m_epochs->setObjectName(QStringLiteral("epochs"));
    m_epochs->setRange(1, 10000);
    m_epochs->setToolTip(tr("Passes over the training images; early stopping may end sooner (restore trains every "
                            "epoch, ending at a small learning rate)."));
    m_batch = new QSpinBox;
    m_batch->setObjectName(QStringLiteral("batch"));
    m_batch->setRange(1, 4096);
    m_batch->setToolTip(tr("Images per optimiser step."));
    m_learningRate = new QDoubleSpinBox;
    m_learningRate->setObjectName(QStringLiteral("learningRate"));
    m_learningRate->setDecimals(6);
    m_learningRate->setRange(1e-6, 1.0);
    m_learningRate->setSingleStep(1e-4);
    m_learningRate->setToolTip(tr("Adam learning rate."));
    m_seed = new QSpinBox;
    m_seed->setObjectName(QStringLiteral("seed"));
    m_seed->setRange(0, std::numeric_limits<int>::max());
    m_seed->setToolTip(tr("Same seed, same data, same CPU: the same model."));
    m_device = new QComboBox;
    m_device->setObjectName(QStringLiteral("device"));
    m_device->addItem(tr("auto"), QStringLiteral("auto"));
    m_device->addItem(tr("CPU"), QStringLiteral("cpu"));
    m_device->addItem(tr("CUDA"), QStringLiteral("cuda"));
    m_device->setToolTip(tr("auto uses CUDA when LibTorch has a CUDA device, else the CPU."));
    m_threads = new QSpinBox;
    m_threads->setObjectName(QStringLiteral("threads"));
    m_threads->setRange(0, 1024);
    m_threads->setSpecialValueText(tr("all cores"));
    m_threads->setToolTip(tr("CPU threads LibTorch may use."));
    m_deviceInfo = new QLabel;
    m_deviceInfo->setObjectName(QStringLiteral("deviceInfo"));
    m_deviceInfo->setWordWrap(true);
    m_deviceInfo->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Minimum);
    form->addRow(tr("Model"), m_model);
    form->addRow(tr("Backbone"), m_backbone);
    // The backbone's rows only where they mean something.
    const auto showBackbone = [this, form] {
        const bool backbone = m_model->currentData().toString() == QLatin1String("backbone");
        form->setRowVisible(m_backbone, backbone);
        // A backbone is not trained: its fit is one pass over the images.
        m_epochs->setEnabled(!backbone);
        m_learningRate->setEnabled(!backbone);
    };
    connect(m_model, &QComboBox::currentIndexChanged, this, showBackbone);
    m_lengthModel = m_model->currentData().toString();
    // A model brings how long it trains by default, where the fields still hold the previous
    // model's defaults; what the user typed stays (setConfig() puts a run's own values back).
    connect(m_model, &QComboBox::currentIndexChanged, this, [this] {
        const ml::TrainingLength was = ml::defaultTrainingLength(m_lengthModel);
        m_lengthModel = m_model->currentData().toString();
        const ml::TrainingLength now = ml::defaultTrainingLength(m_lengthModel);
        if (m_epochs->value() == was.epochs) m_epochs->setValue(now.epochs);
        if (m_batch->value() == was.batchSize) m_batch->setValue(now.batchSize);
    });
    showBackbone();
    form->addRow(tr("Input size"), m_size);
    form->addRow(tr("Tiles"), m_tile);
    form->addRow(QString(), m_sizeReason);
    form->addRow(tr("Channels"), m_channels);
    form->addRow(tr("Epochs"), m_epochs);
    form->addRow(tr("Batch size"), m_batch);
    form->addRow(tr("Learning rate"), m_learningRate);
    form->addRow(tr("Seed"), m_seed);
    form->addRow(tr("Device"), m_device);
    form->addRow(tr("Threads"), m_threads);
    form->addRow(QString(), m_deviceInfo);
    m_heldOut = new QLabel;
    m_heldOut->setObjectName(QStringLiteral("heldOut"));
    m_heldOut->setWordWrap(true);
    m_heldOut->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Minimum);
    m_heldOut->setVisible(false);
    form->addRow(m_heldOut);

    m_start = new QPushButton(tr("Start"));
    m_start->setObjectName(QStringLiteral("startButton"));
    m_start->setToolTip(tr("Train a new model on the dataset's normal training images."));
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_cancel->setToolTip(tr("Stop after the current batch; the last epoch's checkpoint is kept."));
    m_resume = new QPushButton(tr("Resume"));
    m_resume->setObjectName(QStringLiteral("resumeButton"));
    m_resume->setToolTip(tr("Continue the cancelled run from its last checkpoint."));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_resume);
    form->addRow(buttons);
    m_progress = new QProgressBar;
    m_progress->setObjectName(QStringLiteral("trainingProgress"));
    m_progress->setRange(0, kProgressSteps);
    m_progress->setValue(0);
    m_progress->setTextVisible(true);
    m_progress->setFormat(tr("idle"));
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("trainingStatus"));
    m_status->setWordWrap(true);
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Minimum);
    form->addRow(m_progress);
    form->addRow(m_status);

    connect(m_start, &QPushButton::clicked, this, &TrainingPanel::startTraining);
    connect(m_cancel, &QPushButton::clicked, this, &TrainingPanel::cancelTraining);
    connect(m_resume, &QPushButton::clicked, this, &TrainingPanel::resumeTraining);
    connect(m_device, &QComboBox::currentIndexChanged, this, &TrainingPanel::refreshDeviceInfo);
    connect(m_threads, &QSpinBox::valueChanged, this, &TrainingPanel::refreshDeviceInfo);
    return box;
}

ml::TrainConfig TrainingPanel::config() const {
    ml::TrainConfig c;
    c.model = m_model->currentData().toString();
    c.patience = ml::defaultTrainingLength(c.model).patience;
    if (c.model == QLatin1String("backbone")) {
        c.backbonePath = m_backbone->path();
        c.backboneLayers = m_backbone->layers();
    }
    c.size = m_size->value();
    c.tile = m_tile->value();
    c.channels = m_channels->currentData().toInt();
    c.epochs = m_epochs->value();
    c.batchSize = m_batch->value();
    c.learningRate = m_learningRate->value();
    c.seed = quint64(m_seed->value());
    c.device = m_device->currentData().toString();
    c.threads = m_threads->value();
    return c;
}

void TrainingPanel::setConfig(const ml::TrainConfig& c) {
    m_model->setCurrentIndex(std::max(0, m_model->findData(c.model)));
    m_backbone->setPath(c.backbonePath);
    m_backbone->setLayers(c.backboneLayers);
    m_settingSize = true;
    m_size->setValue(c.size);
    m_tile->setValue(c.tile);
    m_settingSize = false;
    m_sizeKept = true;  // a restored run's size stays; the images' choice is only shown
    refreshSizeReason();
    m_channels->setCurrentIndex(std::max(0, m_channels->findData(c.channels)));
    m_epochs->setValue(c.epochs);
    m_batch->setValue(c.batchSize);
    m_learningRate->setValue(c.learningRate);
    m_seed->setValue(int(c.seed));
    m_device->setCurrentIndex(std::max(0, m_device->findData(c.device)));
    m_threads->setValue(c.threads);
    refreshDeviceInfo();
}

void TrainingPanel::refreshDeviceInfo() {
    ml::DeviceChoice choice = ml::DeviceChoice::Auto;
    ml::parseDeviceChoice(m_device->currentData().toString(), &choice);
    QString error;
    const QString text = ml::describeDevice(choice, m_threads->value(), &error);
    m_deviceInfo->setText(error.isEmpty() ? tr("Runs on: %1").arg(text) : error);
    m_deviceInfo->setStyleSheet(error.isEmpty() ? QString() : QStringLiteral("color: #c01c28;"));
}

void TrainingPanel::setDataset(const QString& root, const QVector<core::Sample>& samples) {
    if (root != m_root) m_sizeKept = false;  // another dataset: its own images decide again
    m_root = root;
    m_samples = samples;
    chooseSizeFromImages();
    refreshButtons();
}

void TrainingPanel::setTrainingSamples(const QVector<core::Sample>& samples, int heldOut) {
    m_samples = samples;
    m_heldOutCount = heldOut;
    m_heldOut->setText(tr("%n training image(s) held for review or labelled anomalous are left out of the next run "
                          "(the dataset filter \"Held for review\" lists the held ones).", nullptr, heldOut));
    m_heldOut->setVisible(heldOut > 0);
    refreshButtons();
}

void TrainingPanel::setRunsDirectory(const QString& dir) { m_runsDir = dir; }

void TrainingPanel::startTraining() {
    ml::TrainConfig c = config();
    const QString problem = ml::validateTrainConfig(c);
    if (!problem.isEmpty()) {
        showWarning(problem, true);
        return;
    }
    if (!QDir().mkpath(m_runsDir)) {
        showWarning(tr("Cannot create the runs folder %1: check its permissions.").arg(m_runsDir), true);
        return;
    }
    const QString stamp = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz"));
    c.bundlePath = QDir(m_runsDir).filePath(QStringLiteral("run-%1.flmodel").arg(stamp));
    launch(c);
}

void TrainingPanel::resumeTraining() {
    if (!m_lastCancelled || m_training)
        return;
    ml::TrainConfig c = m_lastConfig;
    c.resume = true;
    launch(c);
}

void TrainingPanel::launch(ml::TrainConfig c) {
    if (m_training)
        return;
    if (m_samples.isEmpty()) {
        showWarning(tr("Open a dataset first: there are no images to train on."), true);
        return;
    }
    m_lastConfig = c;
    m_lastCancelled = false;
    m_training = true;
    m_banner->hide();
    if (!c.resume)
        m_loss->clear();
    m_progress->setValue(0);
    m_progress->setFormat(tr("preparing images…"));
    m_status->setText(tr("Loading and preprocessing the training images."));
    refreshButtons();
    Q_EMIT trainingStarted(c);
    Q_EMIT trainingRequested(c, m_root, m_samples);
}

void TrainingPanel::cancelTraining() {
    if (!m_training || !m_worker)
        return;
    m_worker->requestCancel();
    m_status->setText(tr("Cancelling after the current batch…"));
    m_cancel->setEnabled(false);
}

void TrainingPanel::onProgress(const ml::TrainProgress& p) {
    if (!m_training)
        return;
    const double total = double(std::max(1, p.epochs)) * std::max(1, p.batchesPerEpoch);
    const double done = double(p.epoch - 1) * std::max(1, p.batchesPerEpoch) + p.batch;
    m_progress->setValue(int(std::lround(kProgressSteps * std::clamp(done / total, 0.0, 1.0))));
    m_progress->setFormat(tr("epoch %1/%2 · %p% · ETA %3 · %4 images/s")
                             .arg(p.epoch).arg(p.epochs).arg(clock(p.etaSeconds))
                             .arg(p.imagesPerSecond, 0, 'f', 0));
    const double x = (p.epoch - 1) + double(p.batch) / std::max(1, p.batchesPerEpoch);
    // The end-of-epoch report repeats the epoch's last position with a different averaging
    // window; plotting both would draw a spike at every epoch boundary.
    if (p.refreshed && !p.epochFinished)
        m_loss->addTrainPoint(x, p.trainLoss);
    if (p.epochFinished)
        m_loss->addValidationPoint(p.epoch, p.valLoss);
    m_status->setText(tr("Training loss %1, validation loss %2")
                         .arg(p.trainLoss, 0, 'g', 4)
                         .arg(std::isnan(p.valLoss) ? tr("after the first epoch") : QString::number(p.valLoss, 'g', 4)));
    if (!std::isfinite(p.trainLoss))
        showWarning(tr("The training loss is %1 at epoch %2: training has diverged. Cancel and try a "
                       "lower learning rate or the default 'ae' model.")
                        .arg(p.trainLoss).arg(p.epoch));
}

void TrainingPanel::onFinished(const ml::TrainConfig& config, const ml::TrainResult& result) {
    m_training = false;
    m_lastCancelled = result.cancelled;
    TrainingRunRecord run;
    run.name = tr("run %1").arg(m_runs.size() + 1);
    run.bundlePath = result.bundlePath.isEmpty() ? config.bundlePath : result.bundlePath;
    run.config = config;
    run.result = result;
    if (result.cancelled) {
        m_progress->setFormat(tr("cancelled"));
        m_status->setText(tr("Cancelled. Resume continues from the last finished epoch."));
    } else if (!result.ok) {
        m_progress->setFormat(tr("failed"));
        m_status->setText(QString());
        showWarning(tr("Training failed: %1").arg(result.error), true);
    } else {
        m_progress->setValue(kProgressSteps);
        m_progress->setFormat(tr("done"));
        m_status->setText(tr("Finished in %1 on %2: best validation loss %3 at epoch %4.")
                             .arg(clock(result.seconds), result.device)
                             .arg(result.bestValLoss, 0, 'g', 4)
                             .arg(result.bestEpoch));
    }
    if (!result.warnings.isEmpty())
        showWarning(result.warnings.join(QLatin1Char('\n')));
    // A cancelled run is listed (and stored) too; Resume continues it, and the resumed run
    // takes its place in the list instead of adding a second row for the same model.
    int index = -1;
    if (config.resume)
        for (int i = 0; i < m_runs.size(); ++i)
            if (m_runs[i].result.cancelled && m_runs[i].bundlePath == run.bundlePath) index = i;
    if (index >= 0) {
        run.name = m_runs[index].name;
        m_runs[index] = run;
    } else {
        m_runs.push_back(run);
        index = int(m_runs.size() - 1);
    }
    refreshRunsTable();
    Q_EMIT runFinished(run);
    if (result.ok)
        activateRun(index);  // scoring follows automatically
    refreshButtons();
}

void TrainingPanel::showWarning(const QString& text, bool error) {
    m_banner->setText(text);
    m_banner->setStyleSheet(error ? QStringLiteral("background: #f8d7da; color: #58151c; border: 1px solid #c01c28;")
                                 : QStringLiteral("background: #fff3cd; color: #664d03; border: 1px solid #e0a800;"));
    m_banner->show();
}

void TrainingPanel::refreshButtons() {
    m_start->setEnabled(!m_training);
    m_cancel->setEnabled(m_training);
    m_resume->setEnabled(!m_training && m_lastCancelled);
    for (QWidget* w : std::initializer_list<QWidget*>{m_model, m_size, m_channels, m_epochs, m_batch, m_learningRate, m_seed, m_device, m_threads})
        w->setEnabled(!m_training);
}

} // namespace faultline::ui
