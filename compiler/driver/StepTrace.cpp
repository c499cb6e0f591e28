//===- StepTrace.cpp - What the first training steps saw and did ----------===//
#include "compiler/driver/StepTrace.h"

#include "netc_safetensors.h"

#include "llvm/Support/FormatVariadic.h"

#include <functional>
#include <numeric>

namespace netc::driver {

void StepTrace::recordStep(std::vector<int64_t> inputShape, const float *input,
                           std::vector<int64_t> targetShape,
                           const float *target, float loss) {
  auto copy = [](std::vector<int64_t> shape, const float *data) {
    int64_t count = std::accumulate(shape.begin(), shape.end(), int64_t(1),
                                    std::multiplies<int64_t>());
    return Tensor{std::move(shape), std::vector<float>(data, data + count)};
  };
  inputs.push_back(copy(std::move(inputShape), input));
  targets.push_back(copy(std::move(targetShape), target));
  losses.push_back(loss);
}

llvm::Error StepTrace::write(const codegen::ModelInterface &model,
                            const std::vector<float> &finalParams) const {
  // The views point into these names; reserve so they never move.
  std::vector<std::string> names;
  names.reserve(2 * model.params.size() + 2 * inputs.size());
  std::vector<netc_tensor_view> views;
  auto add = [&](std::string name, const std::vector<int64_t> &shape,
                 const float *data) {
    names.push_back(std::move(name));
    views.push_back({names.back().c_str(), shape.data(),
                     static_cast<int32_t>(shape.size()), data});
  };
  for (const codegen::ParameterSlot &slot : model.params)
    add("init." + slot.name, slot.shape, initial.data() + slot.offset);
  for (size_t k = 0; k < inputs.size(); ++k) {
    add(llvm::formatv("step{0}.input", k), inputs[k].shape,
        inputs[k].values.data());
    add(llvm::formatv("step{0}.target", k), targets[k].shape,
        targets[k].values.data());
  }
  for (const codegen::ParameterSlot &slot : model.params)
    add("final." + slot.name, slot.shape, finalParams.data() + slot.offset);

  std::string steps = std::to_string(losses.size()), lossList;
  for (float loss : losses)
    lossList += (lossList.empty() ? "" : ",") + llvm::formatv("{0:e9}", loss).str();
  netc_metadata_entry metadata[] = {{"model", model.name.c_str()},
                                    {"steps", steps.c_str()},
                                    {"losses", lossList.c_str()}};
  netc_status status;
  if (netc_safetensors_write(path.c_str(), views.data(), views.size(),
                             metadata, std::size(metadata), &status) != NETC_OK)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   std::string(status.message));
  return llvm::Error::success();
}

} // namespace netc::driver
