#include <torch/torch.h>
namespace faultline::ml { bool cudaAvailable() { return torch::cuda::is_available(); } }
