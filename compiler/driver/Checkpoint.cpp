//===- Checkpoint.cpp - Training state on disk, as safetensors ------------===//
#include "compiler/driver/Checkpoint.h"
#include "compiler/dialect/NNDialect.h"

#include "netc_safetensors.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"

namespace netc::driver {
namespace {

llvm::Error fail(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 message.str());
}

llvm::Error fromStatus(const netc_status &status) {
  return fail(status.message);
}

/// Views of every slot of a region, for writing.
std::vector<netc_tensor_view>
views(const std::vector<codegen::ParameterSlot> &slots,
      const std::vector<float> &region) {
  std::vector<netc_tensor_view> out;
  for (const codegen::ParameterSlot &slot : slots)
    out.push_back({slot.name.c_str(), slot.shape.data(),
                   static_cast<int32_t>(slot.shape.size()),
                   region.data() + slot.offset});
  return out;
}

/// Destinations in a region, for reading.
std::vector<netc_tensor_slot>
destinations(const std::vector<codegen::ParameterSlot> &slots,
             std::vector<float> &region) {
  std::vector<netc_tensor_slot> out;
  for (const codegen::ParameterSlot &slot : slots)
    out.push_back({slot.name.c_str(), slot.shape.data(),
                   static_cast<int32_t>(slot.shape.size()),
                   region.data() + slot.offset});
  return out;
}

bool holdsTensor(const netc_safetensors_header &header, llvm::StringRef name) {
  for (int64_t i = 0; i < header.tensor_count; ++i)
    if (name == header.tensors[i].name)
      return true;
  return false;
}

/// Reads metadata `key` of `path` as an unsigned integer.
llvm::Expected<uint64_t> metadataNumber(const netc_safetensors_header &header,
                                        const std::string &path,
                                        const char *key) {
  const char *value = netc_safetensors_metadata_find(&header, key);
  uint64_t number = 0;
  if (!value || llvm::StringRef(value).getAsInteger(10, number))
    return fail(path + ": error: metadata '" + key +
                "' is missing or not a number; was this file written by "
                "netc train?");
  return number;
}

} // namespace

std::string optimizerPath(llvm::StringRef path) {
  llvm::StringRef stem = path;
  stem.consume_back(".safetensors");
  return (stem + ".optimizer.safetensors").str();
}

llvm::Error saveCheckpoint(const std::string &path,
                           const codegen::ModelInterface &model,
                           const TrainingState &state) {
  std::string epoch = std::to_string(state.epoch);
  std::string rngState = std::to_string(state.shuffleRng.state);
  std::string rngInc = std::to_string(state.shuffleRng.inc);
  netc_metadata_entry metadata[] = {
      {"format", "netc"}, {"model", model.name.c_str()},
      {"epoch", epoch.c_str()}, {"shuffle_rng_state", rngState.c_str()},
      {"shuffle_rng_inc", rngInc.c_str()}};
  netc_status status;
  // The optimizer file first: a crash between the two writes leaves a newer
  // optimizer file, which loadCheckpoint rejects by its epoch.
  std::vector<netc_tensor_view> state_views =
      views(model.state, state.optimizer);
  if (netc_safetensors_write(optimizerPath(path).c_str(), state_views.data(),
                             state_views.size(), metadata,
                             std::size(metadata), &status) != NETC_OK)
    return fromStatus(status);
  std::vector<netc_tensor_view> param_views = views(model.params, state.params);
  if (netc_safetensors_write(path.c_str(), param_views.data(),
                             param_views.size(), metadata, 3,
                             &status) != NETC_OK)
    return fromStatus(status);
  return llvm::Error::success();
}

llvm::Error loadParameters(const std::string &path,
                           const codegen::ModelInterface &model,
                           std::vector<float> &params) {
  params.assign(model.paramCount, 0.0f);
  std::vector<netc_tensor_slot> slots = destinations(model.params, params);
  netc_status status;
  if (netc_safetensors_load(path.c_str(), slots.data(), slots.size(),
                            &status) != NETC_OK)
    return fromStatus(status);
  return llvm::Error::success();
}

llvm::Error loadCheckpoint(const std::string &path,
                           const codegen::ModelInterface &model,
                           TrainingState &state) {
  if (llvm::Error err = loadParameters(path, model, state.params))
    return err;
  std::string optPath = optimizerPath(path);
  netc_status status;
  netc_safetensors_header params{}, optimizer{};
  if (netc_safetensors_read_header(path.c_str(), &params, &status) != NETC_OK)
    return fromStatus(status);
  if (netc_safetensors_read_header(optPath.c_str(), &optimizer, &status) !=
      NETC_OK) {
    netc_safetensors_header_free(&params);
    return fromStatus(status);
  }
  auto cleanup = llvm::make_scope_exit([&] {
    netc_safetensors_header_free(&params);
    netc_safetensors_header_free(&optimizer);
  });

  state.optimizer.assign(model.stateCount, 0.0f);
  std::vector<netc_tensor_slot> slots = destinations(model.state, state.optimizer);
  // A checkpoint saved before the train block gained a `schedule:` has no
  // `epoch` slot. The trainer writes that slot before every epoch, so it
  // may start at zero; every other tensor must still be there.
  if (!holdsTensor(optimizer, nn::kEpochState))
    llvm::erase_if(slots, [](const netc_tensor_slot &slot) {
      return llvm::StringRef(slot.name) == nn::kEpochState;
    });
  if (netc_safetensors_load(optPath.c_str(), slots.data(), slots.size(),
                            &status) != NETC_OK)
    return fromStatus(status);
  llvm::Expected<uint64_t> epoch = metadataNumber(params, path, "epoch");
  llvm::Expected<uint64_t> optEpoch = metadataNumber(optimizer, optPath, "epoch");
  if (!epoch)
    return epoch.takeError();
  if (!optEpoch)
    return optEpoch.takeError();
  if (*epoch != *optEpoch)
    return fail(path + ": error: the parameters are of epoch " +
                llvm::Twine(*epoch) + " but '" + optPath +
                "' is of epoch " + llvm::Twine(*optEpoch) +
                "; they were not saved together");
  llvm::Expected<uint64_t> rngState =
      metadataNumber(optimizer, optPath, "shuffle_rng_state");
  if (!rngState)
    return rngState.takeError();
  llvm::Expected<uint64_t> rngInc =
      metadataNumber(optimizer, optPath, "shuffle_rng_inc");
  if (!rngInc)
    return rngInc.takeError();
  state.epoch = static_cast<int64_t>(*epoch);
  state.shuffleRng.state = *rngState;
  state.shuffleRng.inc = *rngInc;
  return llvm::Error::success();
}

} // namespace netc::driver
