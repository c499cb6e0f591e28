// The C++ class of seqnet.hpp: a failed call throws netc_models::error with
// the status's code and message; valid calls work.
#include <cmath>
#include <cstdio>
#include <vector>

#include "seqnet.hpp"

int main() {
  netc_models::seqnet model(11);
  std::vector<float> dna(2 * 4 * 12, 0.5f), out(2 * 3 * 8), target(2 * 3 * 8, 1.0f);
  model.infer(2, 12, dna.data(), out.data());
  float loss = model.train_step(2, 12, dna.data(), target.data());
  if (!std::isfinite(loss)) return 1;
  // The class sized its workspace for the largest call so far.
  if (model.workspace_size() < seqnet_workspace_bytes(2, 12)) return 1;
  try {
    model.infer(2, 3, dna.data(), out.data());
    std::fprintf(stderr, "no exception for L = 3\n");
    return 1;
  } catch (const netc_models::error &e) {
    std::printf("ok: %s\n", e.what());
    if (e.code() != NETC_ERROR_SHAPE) return 1;
  }
  return 0;
}
