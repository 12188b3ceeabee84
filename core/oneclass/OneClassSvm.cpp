#include "OneClassSvm.h"

#include <svm.h>

#include <cmath>

namespace faultline::core {

namespace {
constexpr double kCacheMb = 100.0; // libsvm kernel cache
void quiet(const char*) {}
} // namespace

double OneClassSvmModel::decision(const float* row) const {
    double sum = 0.0;
    for (int i = 0; i < count(); ++i) {
        const float* sv = supportVectors.data() + size_t(i) * size_t(dims);
        double d2 = 0.0;
        for (int k = 0; k < dims; ++k) {
            const double d = double(row[k]) - double(sv[k]);
            d2 += d * d;
        }
        sum += coefficients[size_t(i)] * std::exp(-gamma * d2);
    }
    return sum - rho;
}

bool trainOneClassSvm(const std::vector<float>& rows, int dims, const OneClassSvmOptions& options,
                      OneClassSvmModel* out, QString* error) {
    const int n = dims > 0 ? int(rows.size() / size_t(dims)) : 0;
    if (n < 1) {
        if (error) *error = QStringLiteral("one-class SVM: no training rows");
        return false;
    }
    // Dense rows in libsvm's sparse format (1-based index, -1 ends a row); zeros kept, so every
    // support vector comes back with all of its values.
    std::vector<svm_node> nodes(size_t(n) * size_t(dims + 1));
    std::vector<svm_node*> x(static_cast<size_t>(n));
    std::vector<double> y(static_cast<size_t>(n), 1.0);
    for (int i = 0; i < n; ++i) {
        svm_node* r = &nodes[size_t(i) * size_t(dims + 1)];
        x[size_t(i)] = r;
        for (int k = 0; k < dims; ++k) r[k] = svm_node{k + 1, double(rows[size_t(i) * size_t(dims) + size_t(k)])};
        r[dims] = svm_node{-1, 0.0};
    }
    svm_problem problem{n, y.data(), x.data()};
    svm_parameter param{};
    param.svm_type = ONE_CLASS;
    param.kernel_type = RBF;
    param.gamma = options.gamma > 0.0 ? options.gamma : 1.0 / double(dims);
    param.nu = options.nu;
    param.cache_size = kCacheMb;
    param.eps = options.tolerance;
    param.shrinking = 1;
    param.probability = 0;
    param.nr_weight = 0;
    param.C = 1.0; // unused by ONE_CLASS, checked by svm_check_parameter
    if (const char* bad = svm_check_parameter(&problem, &param)) {
        if (error) *error = QStringLiteral("one-class SVM: %1 (nu %2, gamma %3)").arg(QString::fromLatin1(bad)).arg(param.nu).arg(param.gamma);
        return false;
    }
    svm_set_print_string_function(&quiet);
    svm_model* model = svm_train(&problem, &param);
    OneClassSvmModel m;
    m.dims = dims;
    m.gamma = param.gamma;
    m.rho = model->rho[0];
    m.supportVectors.assign(size_t(model->l) * size_t(dims), 0.f);
    m.coefficients.resize(size_t(model->l));
    for (int i = 0; i < model->l; ++i) {
        m.coefficients[size_t(i)] = model->sv_coef[0][i];
        for (const svm_node* p = model->SV[i]; p->index != -1; ++p)
            if (p->index >= 1 && p->index <= dims) m.supportVectors[size_t(i) * size_t(dims) + size_t(p->index - 1)] = float(p->value);
    }
    svm_free_and_destroy_model(&model);
    *out = std::move(m);
    return true;
}

} // namespace faultline::core
