#include "ModelBundle.h"

#include "core/io/OsError.h"
#include "core/io/RegularFile.h"

#include <QCryptographicHash>
#include <QDataStream>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>

namespace faultline::ml {

namespace {

constexpr char kBundleMagic[] = "FAULTLINE-MODEL\n";     // 16 bytes, no terminator written
constexpr int kBundleMagicSize = 16;
constexpr char kTrailer[] = "END\n";
constexpr int kTrailerSize = 4;
constexpr quint32 kMaxJsonBytes = 64u << 20;        // sections larger than this are corrupt, not real
constexpr quint64 kMaxPayloadBytes = quint64(16) << 30;
constexpr int kMaxInputSize = 4096;                 // as validateTrainConfig(): larger networks are never built

QString fileError(const QString& path, const QString& why) {
    return QStringLiteral("model bundle '%1': %2").arg(path, why);
}

QByteArray payloadHash(const QByteArray& weights, const QByteArray& features) {
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(weights);
    h.addData(features);
    return h.result().toHex();
}

constexpr int kHeaderHashSize = 32; // SHA-256

// Format 2: covers the version word and both JSON sections with their length prefixes.
QByteArray headerHash(quint32 version, const QByteArray& meta, const QByteArray& cal) {
    QByteArray covered;
    QDataStream s(&covered, QIODevice::WriteOnly);
    s.setByteOrder(QDataStream::LittleEndian);
    s << version << quint32(meta.size());
    s.writeRawData(meta.constData(), int(meta.size()));
    s << quint32(cal.size());
    s.writeRawData(cal.constData(), int(cal.size()));
    return QCryptographicHash::hash(covered, QCryptographicHash::Sha256);
}

// Opens `path` for reading after checking it is a regular file.
bool openBundle(QFile& file, const QString& path, QString* error) {
    if (const QString why = core::regularFileProblem(path); !why.isEmpty()) {
        if (error) *error = fileError(path, why);
        return false;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        if (error) *error = fileError(path, file.errorString());
        return false;
    }
    return true;
}

QJsonObject metadataToJson(const BundleMetadata& m) {
    QJsonObject o{
        {QStringLiteral("format_version"), qint64(m.formatVersion)},
        {QStringLiteral("faultline_version"), m.faultlineVersion},
        {QStringLiteral("torch_version"), m.torchVersion},
        {QStringLiteral("model"), m.model},
        {QStringLiteral("size"), m.size},
        {QStringLiteral("channels"), m.channels},
        {QStringLiteral("normalisation"), m.normalisation},
        {QStringLiteral("train_config"), m.trainConfig},
        {QStringLiteral("data_fingerprint"), m.dataFingerprint},
        {QStringLiteral("train_images"), m.trainImages},
        {QStringLiteral("val_images"), m.valImages},
        {QStringLiteral("epochs_run"), m.epochsRun},
        {QStringLiteral("best_val_loss"), m.bestValLoss},
        {QStringLiteral("default_score"), m.defaultScore},
        {QStringLiteral("created"), m.created},
        {QStringLiteral("payload_sha256"), m.payloadSha256},
    };
    // Only backbone bundles carry it, so every other bundle keeps its old form.
    if (!m.backboneSha256.isEmpty()) o.insert(QStringLiteral("backbone_sha256"), m.backboneSha256);
    return o;
}

BundleMetadata metadataFromJson(const QJsonObject& o) {
    BundleMetadata m;
    m.formatVersion = quint32(o.value(QStringLiteral("format_version")).toInteger());
    m.faultlineVersion = o.value(QStringLiteral("faultline_version")).toString();
    m.torchVersion = o.value(QStringLiteral("torch_version")).toString();
    m.model = o.value(QStringLiteral("model")).toString();
    m.size = o.value(QStringLiteral("size")).toInt();
    m.channels = o.value(QStringLiteral("channels")).toInt();
    m.normalisation = o.value(QStringLiteral("normalisation")).toString();
    m.trainConfig = o.value(QStringLiteral("train_config")).toObject();
    m.dataFingerprint = o.value(QStringLiteral("data_fingerprint")).toString();
    m.trainImages = o.value(QStringLiteral("train_images")).toInt();
    m.valImages = o.value(QStringLiteral("val_images")).toInt();
    m.epochsRun = o.value(QStringLiteral("epochs_run")).toInt();
    m.bestValLoss = o.value(QStringLiteral("best_val_loss")).toDouble();
    m.defaultScore = o.value(QStringLiteral("default_score")).toString();
    m.created = o.value(QStringLiteral("created")).toString();
    m.payloadSha256 = o.value(QStringLiteral("payload_sha256")).toString();
    m.backboneSha256 = o.value(QStringLiteral("backbone_sha256")).toString();
    return m;
}

QString checkMetadata(const BundleMetadata& m) {
    if (m.model != QLatin1String("seed-ae") && m.model != QLatin1String("ae") && m.model != QLatin1String("vae") &&
        m.model != QLatin1String("restore") && m.model != QLatin1String("ganomaly") && m.model != QLatin1String("backbone"))
        return QStringLiteral("architecture '%1' is not one this version knows (seed-ae, ae, vae, restore, ganomaly, backbone)").arg(m.model);
    if (m.size < 8 || m.size > kMaxInputSize || m.size % 8 != 0) return QStringLiteral("input size %1 is invalid").arg(m.size);
    if (m.channels != 1 && m.channels != 3) return QStringLiteral("channel count %1 is invalid").arg(m.channels);
    return {};
}

// Reads the sections up to (not including) the payload. `stream` is positioned after them.
bool readHeader(QDataStream& s, const QString& path, BundleMetadata* meta, BundleCalibration* calib, QString* error) {
    auto fail = [&](const QString& why) {
        if (error) *error = fileError(path, why);
        return false;
    };
    char magic[kBundleMagicSize];
    if (s.readRawData(magic, kBundleMagicSize) != kBundleMagicSize || std::memcmp(magic, kBundleMagic, kBundleMagicSize) != 0)
        return fail(QStringLiteral("not a Faultline model bundle (wrong magic bytes)"));
    quint32 version = 0;
    s >> version;
    if (s.status() != QDataStream::Ok) return fail(QStringLiteral("file is truncated in the header"));
    if (version < ModelBundle::kOldestFormatVersion || version > ModelBundle::kFormatVersion)
        return fail(QStringLiteral("format version %1 is not supported (this Faultline reads versions %2 to %3); "
                                   "retrain the model with this version")
                        .arg(version)
                        .arg(ModelBundle::kOldestFormatVersion)
                        .arg(ModelBundle::kFormatVersion));
    QByteArray sectionBytes[2];
    for (QByteArray& bytes : sectionBytes) {
        quint32 len = 0;
        s >> len;
        if (s.status() != QDataStream::Ok) return fail(QStringLiteral("file is truncated in the header"));
        if (len > kMaxJsonBytes) return fail(QStringLiteral("header section length %1 is corrupt").arg(len));
        const QIODevice* device = s.device();
        if (!device->isSequential() && qint64(len) > device->size() - device->pos())
            return fail(QStringLiteral("file is truncated in the header"));
        bytes.resize(int(len));
        if (s.readRawData(bytes.data(), int(len)) != int(len))
            return fail(QStringLiteral("file is truncated in the header"));
    }
    if (version >= 2) {
        // Checked before the JSON is parsed: a flipped bit in the committed threshold is damage, not a new value.
        char stored[kHeaderHashSize];
        if (s.readRawData(stored, kHeaderHashSize) != kHeaderHashSize)
            return fail(QStringLiteral("file is truncated in the header"));
        if (headerHash(version, sectionBytes[0], sectionBytes[1]) != QByteArray(stored, kHeaderHashSize))
            return fail(QStringLiteral("the metadata or calibration section is damaged (header checksum mismatch)"));
    }
    QJsonObject sections[2];
    for (int i = 0; i < 2; ++i) {
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(sectionBytes[i], &pe);
        if (pe.error != QJsonParseError::NoError || !doc.isObject())
            return fail(QStringLiteral("header is corrupt (%1)").arg(pe.errorString()));
        sections[i] = doc.object();
    }
    BundleMetadata m = metadataFromJson(sections[0]);
    if (m.formatVersion != version) return fail(QStringLiteral("header disagrees with itself about the format version"));
    if (const QString bad = checkMetadata(m); !bad.isEmpty()) return fail(bad);
    if (meta) *meta = m;
    if (calib) *calib = calibrationFromJson(sections[1]);
    return true;
}

bool readBlob(QDataStream& s, QByteArray* out) {
    quint64 len = 0;
    s >> len;
    if (s.status() != QDataStream::Ok || len > kMaxPayloadBytes) return false;
    // A damaged length must not allocate more than the file can still hold (or than one read can take).
    const QIODevice* device = s.device();
    const qint64 left = device->isSequential() ? device->bytesAvailable() : device->size() - device->pos();
    if (len > quint64(std::max<qint64>(left, 0)) || len > quint64(std::numeric_limits<int>::max())) return false;
    out->resize(qsizetype(len));
    return s.readRawData(out->data(), int(len)) == int(len);
}

} // namespace

double ScoreCalibration::quantile(double q) const {
    if (scores.empty()) return std::numeric_limits<double>::quiet_NaN();
    const double pos = std::clamp(q, 0.0, 1.0) * double(scores.size() - 1);
    const size_t lo = size_t(std::floor(pos));
    const size_t hi = std::min(lo + 1, scores.size() - 1);
    const double t = pos - double(lo);
    return double(scores[lo]) * (1.0 - t) + double(scores[hi]) * t;
}

ScoreCalibration ScoreCalibration::fromScores(const QString& method, std::vector<float> scores) {
    ScoreCalibration c;
    c.method = method;
    std::sort(scores.begin(), scores.end());
    c.count = int(scores.size());
    double sum = 0.0, sq = 0.0;
    for (float v : scores) sum += v;
    c.mean = c.count ? sum / c.count : 0.0;
    for (float v : scores) sq += (v - c.mean) * (v - c.mean);
    c.std = c.count > 1 ? std::sqrt(sq / (c.count - 1)) : 0.0;
    c.scores = std::move(scores);
    return c;
}

bool BundleCalibration::hasThreshold() const { return std::isfinite(threshold); }

bool BundleCalibration::hasReviewBand() const {
    return std::isfinite(reviewLow) && std::isfinite(reviewHigh) && reviewLow <= reviewHigh;
}

const ScoreCalibration* BundleCalibration::find(const QString& method) const {
    for (const ScoreCalibration& c : methods)
        if (c.method == method) return &c;
    return nullptr;
}

QJsonObject calibrationToJson(const BundleCalibration& cal) {
    QJsonArray methods;
    for (const ScoreCalibration& c : cal.methods) {
        QJsonArray scores;
        for (float v : c.scores) scores.append(double(v));
        methods.append(QJsonObject{{QStringLiteral("method"), c.method},
                                   {QStringLiteral("count"), c.count},
                                   {QStringLiteral("mean"), c.mean},
                                   {QStringLiteral("std"), c.std},
                                   {QStringLiteral("scores"), scores}});
    }
    QJsonObject o{{QStringLiteral("methods"), methods},
                  {QStringLiteral("threshold_method"), cal.thresholdMethod},
                  {QStringLiteral("threshold_source"), cal.thresholdSource}};
    // JSON has no NaN: an absent threshold is null.
    o.insert(QStringLiteral("threshold"), std::isfinite(cal.threshold) ? QJsonValue(cal.threshold) : QJsonValue());
    // Written only when present, so bundles without a committed threshold keep their old form.
    if (cal.hasReviewBand())
        o.insert(QStringLiteral("review_band"), QJsonArray{cal.reviewLow, cal.reviewHigh});
    if (!cal.thresholdNote.isEmpty()) o.insert(QStringLiteral("threshold_note"), cal.thresholdNote);
    if (!cal.thresholdCommitted.isEmpty()) o.insert(QStringLiteral("threshold_committed"), cal.thresholdCommitted);
    if (!cal.referenceImages.isEmpty())
        o.insert(QStringLiteral("reference_images"), core::imageStatisticsToJson(cal.referenceImages));
    return o;
}

BundleCalibration calibrationFromJson(const QJsonObject& o) {
    BundleCalibration cal;
    for (const QJsonValue& v : o.value(QStringLiteral("methods")).toArray()) {
        const QJsonObject m = v.toObject();
        std::vector<float> scores;
        for (const QJsonValue& s : m.value(QStringLiteral("scores")).toArray()) scores.push_back(float(s.toDouble()));
        ScoreCalibration c = ScoreCalibration::fromScores(m.value(QStringLiteral("method")).toString(), std::move(scores));
        cal.methods.append(c);
    }
    const QJsonValue t = o.value(QStringLiteral("threshold"));
    if (t.isDouble()) cal.threshold = t.toDouble();
    cal.thresholdMethod = o.value(QStringLiteral("threshold_method")).toString();
    cal.thresholdSource = o.value(QStringLiteral("threshold_source")).toString();
    const QJsonArray band = o.value(QStringLiteral("review_band")).toArray();
    if (band.size() == 2 && band[0].isDouble() && band[1].isDouble()) {
        cal.reviewLow = band[0].toDouble();
        cal.reviewHigh = band[1].toDouble();
    }
    cal.thresholdNote = o.value(QStringLiteral("threshold_note")).toString();
    cal.thresholdCommitted = o.value(QStringLiteral("threshold_committed")).toString();
    cal.referenceImages = core::imageStatisticsFromJson(o.value(QStringLiteral("reference_images")).toObject());
    return cal;
}

bool ModelBundle::save(const QString& path, QString* error) {
    metadata.formatVersion = kFormatVersion;
    metadata.payloadSha256 = QString::fromLatin1(payloadHash(weights, features));
    const QByteArray meta = QJsonDocument(metadataToJson(metadata)).toJson(QJsonDocument::Compact);
    const QByteArray cal = QJsonDocument(calibrationToJson(calibration)).toJson(QJsonDocument::Compact);
    QSaveFile file(path);
    errno = 0;
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered)) {
        if (error) *error = fileError(path, QStringLiteral("cannot be written: %1").arg(core::fileFailureReason(file, errno)));
        return false;
    }
    QDataStream s(&file);
    s.setByteOrder(QDataStream::LittleEndian);
    s.writeRawData(kBundleMagic, kBundleMagicSize);
    s << kFormatVersion << quint32(meta.size());
    s.writeRawData(meta.constData(), int(meta.size()));
    s << quint32(cal.size());
    s.writeRawData(cal.constData(), int(cal.size()));
    const QByteArray hash = headerHash(kFormatVersion, meta, cal);
    s.writeRawData(hash.constData(), int(hash.size()));
    s << quint64(weights.size());
    s.writeRawData(weights.constData(), int(weights.size()));
    s << quint64(features.size());
    s.writeRawData(features.constData(), int(features.size()));
    s.writeRawData(kTrailer, kTrailerSize);
    const int writeErrno = s.status() == QDataStream::Ok ? 0 : errno;
    errno = 0;
    if (s.status() != QDataStream::Ok || !file.commit()) {
        const int err = writeErrno != 0 ? writeErrno : errno;
        if (error) *error = fileError(path, QStringLiteral("could not be written: %1").arg(core::fileFailureReason(file, err)));
        return false;
    }
    return true;
}

bool ModelBundle::loadHeader(const QString& path, BundleMetadata* metadata, BundleCalibration* calibration,
                             QString* error) {
    QFile file(path);
    if (!openBundle(file, path, error)) return false;
    QDataStream s(&file);
    s.setByteOrder(QDataStream::LittleEndian);
    return readHeader(s, path, metadata, calibration, error);
}

bool ModelBundle::load(const QString& path, ModelBundle* out, QString* error) {
    QFile file(path);
    if (!openBundle(file, path, error)) return false;
    QDataStream s(&file);
    s.setByteOrder(QDataStream::LittleEndian);
    ModelBundle b;
    if (!readHeader(s, path, &b.metadata, &b.calibration, error)) return false;
    auto fail = [&](const QString& why) {
        if (error) *error = fileError(path, why);
        return false;
    };
    if (!readBlob(s, &b.weights) || !readBlob(s, &b.features))
        return fail(QStringLiteral("file is truncated (the weights are incomplete)"));
    char trailer[kTrailerSize];
    if (s.readRawData(trailer, kTrailerSize) != kTrailerSize || std::memcmp(trailer, kTrailer, kTrailerSize) != 0)
        return fail(QStringLiteral("file is truncated or has trailing damage"));
    if (!s.atEnd()) return fail(QStringLiteral("file has unexpected bytes after its end marker"));
    if (QString::fromLatin1(payloadHash(b.weights, b.features)) != b.metadata.payloadSha256)
        return fail(QStringLiteral("the weights are damaged (checksum mismatch)"));
    *out = std::move(b);
    return true;
}

bool ModelBundle::rewriteCalibration(const QString& path, const BundleCalibration& calibration, QString* error) {
    return copyWithCalibration(path, path, calibration, error);
}

bool ModelBundle::copyWithCalibration(const QString& source, const QString& destination,
                                      const BundleCalibration& calibration, QString* error) {
    // Loading checks the payload hash, so a damaged source is never passed on under a new name.
    ModelBundle b;
    if (!load(source, &b, error)) return false;
    b.calibration = calibration;
    return b.save(destination, error);
}

} // namespace faultline::ml
