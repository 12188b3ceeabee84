#pragma once
// One-class SVM (Schölkopf et al. 2001) with an RBF kernel, trained by libsvm (ONE_CLASS). The
// trained model is kept as plain numbers (support vectors, their coefficients, rho, gamma), so it
// can be stored in a model bundle and evaluated without libsvm:
//   decision(x) = sum_i coef_i * exp(-gamma * |x - sv_i|^2) - rho    (> 0 inside the normal region)
// Training runs on the calling thread (libsvm's progress printing is switched off, process-wide).
// The model is a plain value type; decision() is safe on any thread.

#include <QString>

#include <vector>

namespace faultline::core {

struct OneClassSvmOptions {
    double nu = 0.1;    // upper bound on the share of training rows outside the boundary, (0, 1]
    double gamma = 0.0; // RBF width; 0 = 1 / dims (on standardised features this is scikit-learn's "scale")
    double tolerance = 1e-3; // libsvm's stopping tolerance (eps)
};

struct OneClassSvmModel {
    int dims = 0;
    double gamma = 0.0;
    double rho = 0.0;
    std::vector<float> supportVectors; // count() x dims, row-major
    std::vector<double> coefficients;  // one per support vector
    int count() const { return int(coefficients.size()); }
    double decision(const float* row) const;
};

// rows: n x dims values, row-major. False with *error (the reason) when libsvm refuses the
// parameters or there are no rows.
bool trainOneClassSvm(const std::vector<float>& rows, int dims, const OneClassSvmOptions& options,
                      OneClassSvmModel* out, QString* error);

} // namespace faultline::core
