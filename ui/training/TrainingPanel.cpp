#include "ui/training/TrainingPanel.h"

#include "core/ml/DeviceSelect.h"
#include "ui/plot/LossPlot.h"
#include "ui/training/TrainingWorker.h"

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
#include <QSplitter>
#include <QStandardPaths>
#include <QVBoxLayout>

#include <cmath>

namespace faultline::ui {

namespace {
constexpr int kProgressSteps = 1000;  // progress bar resolution
constexpr int kFormMinimumWidth = 520; // room for the runs table's columns

QString clock(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0)
        return QStringLiteral("–");
    const qint64 s = qint64(std::lround(seconds));
    return s >= 3600 ? QStringLiteral("%1:%2:%3").arg(s / 3600).arg(s / 60 % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'))
                     : QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}
} // namespace

TrainingPanel::TrainingPanel(core::ThresholdSession* session, QWidget* parent)
    : QWidget(parent), session_(session), scoring_(new ScoringJob(this)) {
    setObjectName(QStringLiteral("trainingPanel"));
    runsDir_ = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/runs");

    worker_ = new TrainingWorker;
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    connect(this, &TrainingPanel::trainingRequested, worker_, &TrainingWorker::run);
    connect(worker_, &TrainingWorker::progress, this, &TrainingPanel::onProgress);
    connect(worker_, &TrainingWorker::finished, this, &TrainingPanel::onFinished);
    thread_.setObjectName(QStringLiteral("training"));
    thread_.start();

    banner_ = new QLabel;
    banner_->setObjectName(QStringLiteral("warningBanner"));
    banner_->setWordWrap(true);
    banner_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    banner_->setMargin(6);
    banner_->hide();
    loss_ = new LossPlot;

    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->addWidget(buildForm());
    leftLayout->addWidget(buildRunsBox(), 1);
    auto* right = new QWidget;
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->addWidget(banner_);
    rightLayout->addWidget(loss_, 1);
    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(1, 2);
    left->setMinimumWidth(kFormMinimumWidth);
    split->setSizes({kFormMinimumWidth, 2 * kFormMinimumWidth});
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    connect(scoring_, &ScoringJob::progress, this, [this](int done, int total) {
        scoringProgress_->setRange(0, std::max(1, total));
        scoringProgress_->setValue(done);
    });
    connect(scoring_, &ScoringJob::finished, this, &TrainingPanel::onScored);
    setConfig(ml::TrainConfig{});
    refreshButtons();
}

TrainingPanel::~TrainingPanel() {
    // No training outlives the panel: cancel (honoured within a batch), then wait.
    if (worker_)
        worker_->requestCancel();
    thread_.quit();
    thread_.wait();
}

QWidget* TrainingPanel::buildForm() {
    auto* box = new QGroupBox(tr("Training"));
    auto* form = new QFormLayout(box);
    model_ = new QComboBox;
    model_->setObjectName(QStringLiteral("model"));
    model_->addItem(tr("ae: robust autoencoder (default)"), QStringLiteral("ae"));
    model_->addItem(tr("vae: variational autoencoder"), QStringLiteral("vae"));
    model_->addItem(tr("seed-ae: reference autoencoder"), QStringLiteral("seed-ae"));
    model_->setToolTip(tr("The network to train on normal images only."));
    size_ = new QSpinBox;
    size_->setObjectName(QStringLiteral("size"));
    size_->setRange(8, 1024);
    size_->setSingleStep(8);
    size_->setSuffix(tr(" px"));
    size_->setToolTip(tr("Images are resized to this square side (a multiple of 8)."));
    channels_ = new QComboBox;
    channels_->setObjectName(QStringLiteral("channels"));
    channels_->addItem(tr("1 (grey)"), 1);
    channels_->addItem(tr("3 (RGB)"), 3);
    channels_->setToolTip(tr("Colour channels the model sees."));
    epochs_ = new QSpinBox;
    epochs_->setObjectName(QStringLiteral("epochs"));
    epochs_->setRange(1, 10000);
    epochs_->setToolTip(tr("Passes over the training images; early stopping may end sooner."));
    batch_ = new QSpinBox;
    batch_->setObjectName(QStringLiteral("batch"));
    batch_->setRange(1, 4096);
    batch_->setToolTip(tr("Images per optimiser step."));
    learningRate_ = new QDoubleSpinBox;
    learningRate_->setObjectName(QStringLiteral("learningRate"));
    learningRate_->setDecimals(6);
    learningRate_->setRange(1e-6, 1.0);
    learningRate_->setSingleStep(1e-4);
    learningRate_->setToolTip(tr("Adam learning rate."));
    seed_ = new QSpinBox;
    seed_->setObjectName(QStringLiteral("seed"));
    seed_->setRange(0, std::numeric_limits<int>::max());
    seed_->setToolTip(tr("Same seed, same data, same CPU: the same model."));
    device_ = new QComboBox;
    device_->setObjectName(QStringLiteral("device"));
    device_->addItem(tr("auto"), QStringLiteral("auto"));
    device_->addItem(tr("CPU"), QStringLiteral("cpu"));
    device_->addItem(tr("CUDA"), QStringLiteral("cuda"));
    device_->setToolTip(tr("auto uses CUDA when LibTorch has a CUDA device, else the CPU."));
    threads_ = new QSpinBox;
    threads_->setObjectName(QStringLiteral("threads"));
    threads_->setRange(0, 1024);
    threads_->setSpecialValueText(tr("all cores"));
    threads_->setToolTip(tr("CPU threads LibTorch may use."));
    deviceInfo_ = new QLabel;
    deviceInfo_->setObjectName(QStringLiteral("deviceInfo"));
    deviceInfo_->setWordWrap(true);
    form->addRow(tr("Model"), model_);
    form->addRow(tr("Input size"), size_);
    form->addRow(tr("Channels"), channels_);
    form->addRow(tr("Epochs"), epochs_);
    form->addRow(tr("Batch size"), batch_);
    form->addRow(tr("Learning rate"), learningRate_);
    form->addRow(tr("Seed"), seed_);
    form->addRow(tr("Device"), device_);
    form->addRow(tr("Threads"), threads_);
    form->addRow(QString(), deviceInfo_);

    start_ = new QPushButton(tr("Start"));
    start_->setObjectName(QStringLiteral("startButton"));
    start_->setToolTip(tr("Train a new model on the dataset's normal training images."));
    cancel_ = new QPushButton(tr("Cancel"));
    cancel_->setObjectName(QStringLiteral("cancelButton"));
    cancel_->setToolTip(tr("Stop after the current batch; the last epoch's checkpoint is kept."));
    resume_ = new QPushButton(tr("Resume"));
    resume_->setObjectName(QStringLiteral("resumeButton"));
    resume_->setToolTip(tr("Continue the cancelled run from its last checkpoint."));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(start_);
    buttons->addWidget(cancel_);
    buttons->addWidget(resume_);
    form->addRow(buttons);
    progress_ = new QProgressBar;
    progress_->setObjectName(QStringLiteral("trainingProgress"));
    progress_->setRange(0, kProgressSteps);
    progress_->setValue(0);
    progress_->setTextVisible(true);
    progress_->setFormat(tr("idle"));
    status_ = new QLabel;
    status_->setObjectName(QStringLiteral("trainingStatus"));
    status_->setWordWrap(true);
    form->addRow(progress_);
    form->addRow(status_);

    connect(start_, &QPushButton::clicked, this, &TrainingPanel::startTraining);
    connect(cancel_, &QPushButton::clicked, this, &TrainingPanel::cancelTraining);
    connect(resume_, &QPushButton::clicked, this, &TrainingPanel::resumeTraining);
    connect(device_, &QComboBox::currentIndexChanged, this, &TrainingPanel::refreshDeviceInfo);
    connect(threads_, &QSpinBox::valueChanged, this, &TrainingPanel::refreshDeviceInfo);
    return box;
}

ml::TrainConfig TrainingPanel::config() const {
    ml::TrainConfig c;
    c.model = model_->currentData().toString();
    c.size = size_->value();
    c.channels = channels_->currentData().toInt();
    c.epochs = epochs_->value();
    c.batchSize = batch_->value();
    c.learningRate = learningRate_->value();
    c.seed = quint64(seed_->value());
    c.device = device_->currentData().toString();
    c.threads = threads_->value();
    return c;
}

void TrainingPanel::setConfig(const ml::TrainConfig& c) {
    model_->setCurrentIndex(std::max(0, model_->findData(c.model)));
    size_->setValue(c.size);
    channels_->setCurrentIndex(std::max(0, channels_->findData(c.channels)));
    epochs_->setValue(c.epochs);
    batch_->setValue(c.batchSize);
    learningRate_->setValue(c.learningRate);
    seed_->setValue(int(c.seed));
    device_->setCurrentIndex(std::max(0, device_->findData(c.device)));
    threads_->setValue(c.threads);
    refreshDeviceInfo();
}

void TrainingPanel::refreshDeviceInfo() {
    ml::DeviceChoice choice = ml::DeviceChoice::Auto;
    ml::parseDeviceChoice(device_->currentData().toString(), &choice);
    QString error;
    const QString text = ml::describeDevice(choice, threads_->value(), &error);
    deviceInfo_->setText(error.isEmpty() ? tr("Runs on: %1").arg(text) : error);
    deviceInfo_->setStyleSheet(error.isEmpty() ? QString() : QStringLiteral("color: #c01c28;"));
}

void TrainingPanel::setDataset(const QString& root, const QVector<core::Sample>& samples) {
    root_ = root;
    samples_ = samples;
    refreshButtons();
}

void TrainingPanel::setRunsDirectory(const QString& dir) { runsDir_ = dir; }

void TrainingPanel::startTraining() {
    ml::TrainConfig c = config();
    const QString problem = ml::validateTrainConfig(c);
    if (!problem.isEmpty()) {
        showWarning(problem, true);
        return;
    }
    if (!QDir().mkpath(runsDir_)) {
        showWarning(tr("Cannot create the runs folder %1: check its permissions.").arg(runsDir_), true);
        return;
    }
    const QString stamp = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz"));
    c.bundlePath = QDir(runsDir_).filePath(QStringLiteral("run-%1.flmodel").arg(stamp));
    launch(c);
}

void TrainingPanel::resumeTraining() {
    if (!lastCancelled_ || training_)
        return;
    ml::TrainConfig c = lastConfig_;
    c.resume = true;
    launch(c);
}

void TrainingPanel::launch(ml::TrainConfig c) {
    if (training_)
        return;
    if (samples_.isEmpty()) {
        showWarning(tr("Open a dataset first: there are no images to train on."), true);
        return;
    }
    lastConfig_ = c;
    lastCancelled_ = false;
    training_ = true;
    banner_->hide();
    if (!c.resume)
        loss_->clear();
    progress_->setValue(0);
    progress_->setFormat(tr("preparing images…"));
    status_->setText(tr("Loading and preprocessing the training images."));
    refreshButtons();
    Q_EMIT trainingStarted(c);
    Q_EMIT trainingRequested(c, root_, samples_);
}

void TrainingPanel::cancelTraining() {
    if (!training_ || !worker_)
        return;
    worker_->requestCancel();
    status_->setText(tr("Cancelling after the current batch…"));
    cancel_->setEnabled(false);
}

void TrainingPanel::onProgress(const ml::TrainProgress& p) {
    if (!training_)
        return;
    const double total = double(std::max(1, p.epochs)) * std::max(1, p.batchesPerEpoch);
    const double done = double(p.epoch - 1) * std::max(1, p.batchesPerEpoch) + p.batch;
    progress_->setValue(int(std::lround(kProgressSteps * std::clamp(done / total, 0.0, 1.0))));
    progress_->setFormat(tr("epoch %1/%2 · %p% · ETA %3 · %4 images/s")
                             .arg(p.epoch).arg(p.epochs).arg(clock(p.etaSeconds))
                             .arg(p.imagesPerSecond, 0, 'f', 0));
    const double x = (p.epoch - 1) + double(p.batch) / std::max(1, p.batchesPerEpoch);
    // The end-of-epoch report repeats the epoch's last position with a different averaging
    // window; plotting both would draw a spike at every epoch boundary.
    if (p.refreshed && !p.epochFinished)
        loss_->addTrainPoint(x, p.trainLoss);
    if (p.epochFinished)
        loss_->addValidationPoint(p.epoch, p.valLoss);
    status_->setText(tr("Training loss %1, validation loss %2")
                         .arg(p.trainLoss, 0, 'g', 4)
                         .arg(std::isnan(p.valLoss) ? tr("after the first epoch") : QString::number(p.valLoss, 'g', 4)));
    if (!std::isfinite(p.trainLoss))
        showWarning(tr("The training loss is %1 at epoch %2: training has diverged. Cancel and try a "
                       "lower learning rate or the default 'ae' model.")
                        .arg(p.trainLoss).arg(p.epoch));
}

void TrainingPanel::onFinished(const ml::TrainConfig& config, const ml::TrainResult& result) {
    training_ = false;
    lastCancelled_ = result.cancelled;
    TrainingRunRecord run;
    run.name = tr("run %1").arg(runs_.size() + 1);
    run.bundlePath = result.bundlePath.isEmpty() ? config.bundlePath : result.bundlePath;
    run.config = config;
    run.result = result;
    if (result.cancelled) {
        progress_->setFormat(tr("cancelled"));
        status_->setText(tr("Cancelled. Resume continues from the last finished epoch."));
    } else if (!result.ok) {
        progress_->setFormat(tr("failed"));
        status_->setText(QString());
        showWarning(tr("Training failed: %1").arg(result.error), true);
    } else {
        progress_->setValue(kProgressSteps);
        progress_->setFormat(tr("done"));
        status_->setText(tr("Finished in %1 on %2: best validation loss %3 at epoch %4.")
                             .arg(clock(result.seconds), result.device)
                             .arg(result.bestValLoss, 0, 'g', 4)
                             .arg(result.bestEpoch));
    }
    if (!result.warnings.isEmpty())
        showWarning(result.warnings.join(QLatin1Char('\n')));
    if (!result.cancelled) {  // a cancelled run is not a finished run; Resume continues it
        runs_.push_back(run);
        refreshRunsTable();
        Q_EMIT runFinished(run);
        if (result.ok)
            activateRun(int(runs_.size() - 1));  // scoring follows automatically
    }
    refreshButtons();
}

void TrainingPanel::showWarning(const QString& text, bool error) {
    banner_->setText(text);
    banner_->setStyleSheet(error ? QStringLiteral("background: #f8d7da; color: #58151c; border: 1px solid #c01c28;")
                                 : QStringLiteral("background: #fff3cd; color: #664d03; border: 1px solid #e0a800;"));
    banner_->show();
}

void TrainingPanel::refreshButtons() {
    start_->setEnabled(!training_);
    cancel_->setEnabled(training_);
    resume_->setEnabled(!training_ && lastCancelled_);
    for (QWidget* w : std::initializer_list<QWidget*>{model_, size_, channels_, epochs_, batch_, learningRate_, seed_, device_, threads_})
        w->setEnabled(!training_);
}

} // namespace faultline::ui
