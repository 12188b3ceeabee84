#include <torch/torch.h>
#include "internal/ClassicalScores.h"

#include "internal/PixelBaselines.h"
#include "internal/ScoreEngine.h"

#include <algorithm>

namespace faultline::ml {

namespace {
// A map that holds the image's score everywhere: the histogram scores see no location.
torch::Tensor constantMap(const torch::Tensor& score, const torch::Tensor& x) {
    return score.to(x.device(), torch::kFloat32).view({-1, 1, 1, 1}).expand({x.size(0), 1, x.size(2), x.size(3)}).contiguous();
}
} // namespace

void addClassicalMethods(const FeatureBanks& b, std::vector<ScoreMethod>* m) {
    if (b.normalMean.defined()) m->insert(m->end(), {ScoreMethod::PixelL1Mean, ScoreMethod::PixelL2Mean});
    if (b.normals.defined())
        m->insert(m->end(), {ScoreMethod::PixelL1Nearest, ScoreMethod::PixelL2Nearest, ScoreMethod::SsimNearest});
    if (b.normalHist.defined())
        m->insert(m->end(), {ScoreMethod::HistCorrel, ScoreMethod::HistChiSqr, ScoreMethod::HistBhattacharyya});
    const bool standardised = b.codeMean.defined() && b.codeStd.defined();
    if (standardised && b.svmVectors.defined() && b.svmCoef.defined() && b.svmParams.defined()) m->push_back(ScoreMethod::OcSvm);
    if (standardised && b.forest && !b.forest->empty()) m->push_back(ScoreMethod::IForest);
}

torch::Tensor oneClassFeatures(const torch::Tensor& code, const torch::Tensor& features) {
    if (code.size(1) <= kMaxOneClassDims || !features.defined()) return code.to(torch::kFloat32);
    return features.to(torch::kFloat32).mean({2, 3});
}

torch::Tensor standardisedCode(const torch::Tensor& code, const FeatureBanks& b) {
    return ((code.to(torch::kFloat32) - b.codeMean) / b.codeStd).contiguous();
}

torch::Tensor ocsvmScores(const torch::Tensor& z, const FeatureBanks& b) {
    // Float64 throughout: the kernel sum of a few hundred support vectors is what the threshold reads.
    auto q = z.to(torch::kFloat64), sv = b.svmVectors.to(z.device(), torch::kFloat64);
    const double rho = b.svmParams[0].item<double>(), gamma = b.svmParams[1].item<double>();
    auto d2 = (q.unsqueeze(1) - sv.unsqueeze(0)).pow(2).sum(2);        // [N,S]
    auto decision = torch::matmul(torch::exp(-gamma * d2), b.svmCoef.to(z.device(), torch::kFloat64)) - rho;
    return (-decision).to(torch::kFloat32);
}

void addClassicalScores(const torch::Tensor& x, const torch::Tensor& code, const torch::Tensor& err,
                        const FeatureBanks& b, const std::vector<ScoreMethod>& methods,
                        std::map<ScoreMethod, torch::Tensor>* scores, std::map<ScoreMethod, torch::Tensor>* maps) {
    auto put = [&](ScoreMethod m, const PixelBaseline& r) {
        (*scores)[m] = r.score;
        (*maps)[m] = r.map;
    };
    auto xf = x.to(torch::kFloat32);
    if (b.normalMean.defined()) {
        if (wantsMethod(methods, ScoreMethod::PixelL1Mean)) put(ScoreMethod::PixelL1Mean, meanImageDistance(xf, b.normalMean, false));
        if (wantsMethod(methods, ScoreMethod::PixelL2Mean)) put(ScoreMethod::PixelL2Mean, meanImageDistance(xf, b.normalMean, true));
    }
    if (b.normals.defined()) {
        if (wantsMethod(methods, ScoreMethod::PixelL1Nearest))
            put(ScoreMethod::PixelL1Nearest, pairDistance(xf, b.normals.index_select(0, nearestNormal(xf, b.normals, false)), false));
        if (wantsMethod(methods, ScoreMethod::PixelL2Nearest) || wantsMethod(methods, ScoreMethod::SsimNearest)) {
            auto nearest = b.normals.index_select(0, nearestNormal(xf, b.normals, true));
            if (wantsMethod(methods, ScoreMethod::PixelL2Nearest)) put(ScoreMethod::PixelL2Nearest, pairDistance(xf, nearest, true));
            if (wantsMethod(methods, ScoreMethod::SsimNearest)) put(ScoreMethod::SsimNearest, pairSsim(xf, nearest));
        }
    }
    if (b.normalHist.defined()) {
        const struct {
            ScoreMethod method;
            HistogramCompare how;
        } kinds[] = {{ScoreMethod::HistCorrel, HistogramCompare::Correlation},
                     {ScoreMethod::HistChiSqr, HistogramCompare::ChiSquare},
                     {ScoreMethod::HistBhattacharyya, HistogramCompare::Bhattacharyya}};
        torch::Tensor hist;
        for (const auto& k : kinds) {
            if (!wantsMethod(methods, k.method)) continue;
            if (!hist.defined()) hist = pixelHistograms(xf);
            auto s = histogramScores(hist, b.normalHist, k.how).to(x.device());
            put(k.method, PixelBaseline{s, constantMap(s, x)});
        }
    }
    const bool svm = wantsMethod(methods, ScoreMethod::OcSvm) && b.svmVectors.defined();
    const bool forest = wantsMethod(methods, ScoreMethod::IForest) && b.forest;
    if ((svm || forest) && b.codeMean.defined()) {
        auto z = standardisedCode(code, b);
        if (svm) put(ScoreMethod::OcSvm, PixelBaseline{ocsvmScores(z, b), err});
        if (forest) {
            auto rows = z.to(torch::kCPU).contiguous();
            const int64_t dims = rows.size(1);
            std::vector<float> s(size_t(rows.size(0)));
            for (int64_t i = 0; i < rows.size(0); ++i) s[size_t(i)] = float(b.forest->score(rows.data_ptr<float>() + i * dims));
            put(ScoreMethod::IForest, PixelBaseline{torch::tensor(s, torch::kFloat32).to(x.device()), err});
        }
    }
}

} // namespace faultline::ml
