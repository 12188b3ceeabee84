#pragma once
// The per-image anomaly scores a bundle can produce. Higher = more anomalous for all of them.

#include <QString>
#include <QStringList>

namespace faultline::ml {

enum class ScoreMethod {
    Mse,       // mean squared reconstruction error over all pixels (the reference score)
    TopK,      // mean of the largest 1% per-pixel reconstruction errors
    Ssim,      // 1 - mean structural similarity between image and reconstruction (grey, 7x7 Gaussian)
    VaeElbo,   // VAE only: pixel MSE + klWeight * KL / pixels
    LatentKnn, // mean distance of the encoder's code to its k nearest training codes
    PatchKnn,  // largest distance of an encoder patch feature to its nearest training patch (PatchCore-style;
               // with a backbone, PatchCore on its layers)
    ImageKnn,  // distance of the whole image (averaged down to 16x16) to its nearest training image
    TextureKnn, // largest distance of an 8x8 pixel + detail window to its nearest training window
    Knn,       // the larger of image-knn and texture-knn, each in units of its spread on validation normals;
               // texture-knn alone when training found the images unaligned (textures)
    DefectMap, // restore only: the defect-map network's output; the largest value of the locally averaged map
    Diff,      // |input - reconstruction| (channel mean); the largest value of the locally averaged map
    // Classical baselines on the pixels alone, against normals stored at bundle-building time:
    PixelL1Mean,      // mean |x - mean normal image|
    PixelL2Mean,      // mean (x - mean normal image)^2
    PixelL1Nearest,   // mean |x - n| to the training normal n nearest by that distance
    PixelL2Nearest,   // mean (x - n)^2 to the training normal n nearest by that distance
    SsimNearest,      // 1 - mean SSIM to the training normal nearest by L2
    HistCorrel,       // 1 - largest histogram correlation with a training normal (cv::compareHist)
    HistChiSqr,       // smallest chi-square histogram distance to a training normal
    HistBhattacharyya, // smallest Bhattacharyya histogram distance to a training normal
    // One-class classifiers on the encoder's code, standardised with the training codes' mean and spread:
    OcSvm,            // one-class SVM (libsvm, RBF): minus the decision value
    IForest,          // isolation forest: 2^(-E[h(x)] / c(psi))
    Ganomaly,         // ganomaly only: |z - E(G(x))|^2, the distance between the code and the reconstruction's code
    FusedKnn,         // the mean of image-knn (pixels) and latent-knn (the learned code), each in units of its
                      // spread over the validation normals: two views of the image that fail differently
};

bool parseScoreMethod(const QString& text, ScoreMethod* out);
QString scoreMethodName(ScoreMethod method); // "mse", "topk", "ssim", "vae", "latent-knn", "patch-knn",
                                             // "image-knn", "texture-knn", "knn", "defect-map", "diff",
                                             // "pixel-l1-mean", "pixel-l2-mean", "pixel-l1-nearest",
                                             // "pixel-l2-nearest", "ssim-nearest", "hist-correl",
                                             // "hist-chisqr", "hist-bhattacharyya", "ocsvm", "iforest",
                                             // "ganomaly", "fused-knn"
QStringList scoreMethodNames();
// Whether the method needs the network's output. `knn` and `texture-knn` compare the input's
// pixels with the bundle's banks, so scoring with them alone skips the network pass.
bool methodNeedsNetwork(ScoreMethod method);
// The score used when neither the bundle nor the caller names one (chosen by measurement, see docs/ml.md).
ScoreMethod defaultScoreMethod(const QString& model);

} // namespace faultline::ml
