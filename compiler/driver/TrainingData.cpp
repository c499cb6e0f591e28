//===- TrainingData.cpp - The examples named by a train block -------------===//
#include "compiler/driver/TrainingData.h"

#include "compiler/driver/SequenceData.h"
#include "compiler/driver/TrainSettings.h"

#include "netc_csv.h"
#include "netc_idx.h"
#include "netc_npy.h"

#include "llvm/ADT/ScopeExit.h"

#include <cmath>
#include <numeric>

#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

namespace netc::driver {
namespace {

/// The column indices an `inputs:`/`targets:` value selects.
std::vector<int64_t> columnsOf(const ast::Expr &e) {
  std::vector<int64_t> columns;
  switch (e.kind) {
  case ast::Expr::Kind::Number:
    columns.push_back(static_cast<int64_t>(e.number));
    break;
  case ast::Expr::Kind::Range:
    for (int64_t c = e.rangeBegin; c < e.rangeEnd; ++c)
      columns.push_back(c);
    break;
  case ast::Expr::Kind::List:
    for (const ast::Expr &element : e.elements)
      columns.push_back(static_cast<int64_t>(element.number));
    break;
  default:
    break;
  }
  return columns;
}

/// Checks the selection against the table and the model; copies it out.
bool selectColumns(Compilation &compilation, const netc_table &table,
                   const ast::Argument &arg, int64_t width,
                   llvm::StringRef what, llvm::StringRef dataPath,
                   std::vector<float> &out) {
  std::vector<int64_t> columns = columnsOf(arg.value);
  if (static_cast<int64_t>(columns.size()) != width) {
    compilation.error(arg.loc, "'" + arg.name + "' selects " +
                                   llvm::Twine(columns.size()) +
                                   " columns but the model's " + what +
                                   " has " + llvm::Twine(width) +
                                   " features per example");
    return false;
  }
  for (int64_t c : columns)
    if (c < 0 || c >= table.cols) {
      compilation.error(arg.loc, "column " + llvm::Twine(c) + " of '" +
                                     arg.name + "' is out of range: '" +
                                     dataPath + "' has " +
                                     llvm::Twine(table.cols) + " columns");
      return false;
    }
  out.resize(table.rows * width);
  netc_status status;
  if (netc_table_select_columns(&table, columns.data(), columns.size(),
                                out.data(), &status) != NETC_OK) {
    compilation.error(arg.loc, status.message);
    return false;
  }
  return true;
}

/// Names the examples of a table "row 1", "row 2", ... (or "image N") for
/// `netc predict`, in file order.
void numberExamples(TrainingData &data, llvm::StringRef what, int64_t count) {
  data.ids.clear();
  for (int64_t i = 1; i <= count; ++i)
    data.ids.push_back((what + " " + llvm::Twine(i)).str());
  data.indices.resize(count);
  std::iota(data.indices.begin(), data.indices.end(), 0);
}

std::optional<TrainingData> loadCsv(Compilation &compilation,
                                    const ast::Setting &setting,
                                    const std::string &inputName,
                                    const DataRequest &request,
                                    TrainingData result) {
  const ast::Expr &data = setting.value;
  std::string path =
      DataFiles(compilation.path(), findArgument(data.args, "path")->value.text,
                request)
          .main();
  netc_csv_options options;
  options.has_header = findArgument(data.args, "header")->value.text == "true";
  const std::string &delimiter =
      findArgument(data.args, "delimiter")->value.text;
  options.delimiter = delimiter.empty() ? ',' : delimiter.front();

  netc_table table;
  netc_status status;
  if (netc_csv_read(path.c_str(), &options, &table, &status) != NETC_OK) {
    llvm::errs() << status.message << "\n";
    compilation.note(setting.loc, "while reading the data named here");
    return std::nullopt;
  }
  result.count = table.rows;
  numberExamples(result, "row", table.rows);
  bool ok = selectColumns(compilation, table, *findArgument(data.args, "inputs"),
                          result.inputWidth, "input '" + inputName + "'", path,
                          result.inputs) &&
            (!request.targets ||
             selectColumns(compilation, table,
                           *findArgument(data.args, "targets"),
                           result.targetWidth, "output", path, result.targets));
  netc_table_free(&table);
  if (!ok)
    return std::nullopt;
  return result;
}

/// IDX images and labels: each image is one example's input; a label
/// becomes a one-hot target over the model's outputs (or the number
/// itself for a single output).
std::optional<TrainingData> loadIdx(Compilation &compilation,
                                    const ast::Setting &setting,
                                    const DataRequest &request,
                                    TrainingData result) {
  const ast::Expr &data = setting.value;
  DataFiles files(compilation.path(), findArgument(data.args, "images")->value.text,
                  request);
  std::string images = files.main();
  std::string labels =
      files.companion(findArgument(data.args, "labels")->value.text);
  float scale = static_cast<float>(findArgument(data.args, "scale")->value.number);
  auto limit = static_cast<int64_t>(findArgument(data.args, "limit")->value.number);
  netc_idx_dataset dataset;
  netc_status status;
  if (netc_idx_read_dataset(images.c_str(), labels.c_str(), scale, &dataset,
                            &status) != NETC_OK) {
    llvm::errs() << status.message << "\n";
    compilation.note(setting.loc, "while reading the data named here");
    return std::nullopt;
  }
  auto cleanup = llvm::make_scope_exit([&] { netc_idx_dataset_free(&dataset); });
  int64_t pixels = dataset.count ? dataset.images.count / dataset.count : 0;
  if (pixels != result.inputWidth) {
    compilation.error(setting.loc,
                      "each image of '" + images + "' has " +
                          llvm::Twine(pixels) +
                          " values but the model's input has " +
                          llvm::Twine(result.inputWidth) +
                          " features per example");
    return std::nullopt;
  }
  result.count = limit > 0 ? std::min(limit, dataset.count) : dataset.count;
  numberExamples(result, "image", result.count);
  result.inputs.assign(dataset.images.values,
                       dataset.images.values + result.count * pixels);
  result.targets.assign(result.count * result.targetWidth, 0.0f);
  for (int64_t i = 0; i < result.count; ++i) {
    int64_t label = dataset.labels[i];
    if (result.targetWidth == 1) { // one output, or a class index (checked later)
      result.targets[i] = static_cast<float>(label);
    } else if (label < 0 || label >= result.targetWidth) {
      compilation.error(setting.loc,
                        "label " + llvm::Twine(label) + " of example " +
                            llvm::Twine(i) + " in '" + labels +
                            "' is not below the model's " +
                            llvm::Twine(result.targetWidth) + " outputs");
      return std::nullopt;
    } else {
      result.targets[i * result.targetWidth + label] = 1.0f;
    }
  }
  return result;
}

/// npy(inputs, targets): the first axis counts the examples. Targets with
/// one value per example for a model with several outputs are class
/// indices, made one-hot.
std::optional<TrainingData> loadNpy(Compilation &compilation,
                                    const ast::Setting &setting,
                                    const DataRequest &request,
                                    TrainingData result) {
  const ast::Expr &data = setting.value;
  DataFiles files(compilation.path(),
                  findArgument(data.args, "inputs")->value.text, request);
  std::string inputsPath = files.main();
  std::string targetsPath =
      files.companion(findArgument(data.args, "targets")->value.text);
  netc_npy_array inputs{}, targets{};
  auto cleanup = llvm::make_scope_exit([&] {
    netc_npy_array_free(&inputs);
    netc_npy_array_free(&targets);
  });
  auto fail = [&](const llvm::Twine &message) {
    llvm::errs() << message << "\n";
    compilation.note(setting.loc, "while reading the data named here");
    return std::nullopt;
  };
  netc_status status;
  if (netc_npy_read(inputsPath.c_str(), &inputs, &status) != NETC_OK ||
      (request.targets &&
       netc_npy_read(targetsPath.c_str(), &targets, &status) != NETC_OK))
    return fail(status.message);
  int64_t count = inputs.rank ? inputs.dims[0] : 0;
  if (count == 0 || inputs.count / count != result.inputWidth)
    return fail(inputsPath + ": error: " + llvm::Twine(count) +
                " examples of " +
                llvm::Twine(count ? inputs.count / count : 0) +
                " values, but the model's input has " +
                llvm::Twine(result.inputWidth) + " features per example");
  result.count = count;
  numberExamples(result, "example", count);
  result.inputs.assign(inputs.values, inputs.values + inputs.count);
  if (!request.targets)
    return result;
  if (targets.rank == 0 || targets.dims[0] != count)
    return fail(targetsPath + ": error: " +
                llvm::Twine(targets.rank ? targets.dims[0] : 0) +
                " targets for " + llvm::Twine(count) + " examples in '" +
                inputsPath + "'");
  int64_t perExample = targets.count / count;
  if (perExample == result.targetWidth) {
    result.targets.assign(targets.values, targets.values + targets.count);
    return result;
  }
  if (perExample != 1)
    return fail(targetsPath + ": error: " + llvm::Twine(perExample) +
                " values per example, but the model's " +
                (result.outputWidth ? "class-index target has "
                                    : "result has ") +
                llvm::Twine(result.targetWidth));
  result.targets.assign(count * result.targetWidth, 0.0f);
  for (int64_t i = 0; i < count; ++i) {
    float label = targets.values[i];
    if (label != std::floor(label) || label < 0 || label >= result.targetWidth)
      return fail(targetsPath + ": error: target " + llvm::Twine(std::to_string(label)) +
                  " of example " + llvm::Twine(i) +
                  " is not a class index below the model's " +
                  llvm::Twine(result.targetWidth) + " outputs");
    result.targets[i * result.targetWidth + static_cast<int64_t>(label)] = 1;
  }
  return result;
}

/// cross_entropy(targets: indices): every target must name a class, an
/// integer in [0, classes); a bad one would read another position's logit.
bool checkClassIndices(Compilation &compilation, const ast::Setting &setting,
                       const TrainingData &data, int64_t classes) {
  for (size_t i = 0; i < data.targets.size(); ++i) {
    float index = data.targets[i];
    if (index == std::floor(index) && index >= 0 && index < classes)
      continue;
    int64_t example = static_cast<int64_t>(i) / data.targetWidth;
    std::string position =
        data.targetWidth > 1
            ? ", position " + std::to_string(i % data.targetWidth)
            : "";
    compilation.error(setting.loc,
                      "target " + llvm::Twine(std::to_string(index)) +
                          " of example " + llvm::Twine(example) + position +
                          " is not a class index in [0, " +
                          llvm::Twine(classes) +
                          ") for cross_entropy(targets: indices)");
    return false;
  }
  return true;
}

/// Several outputs: the target row holds each output's target in
/// declaration order; the column of an output trained with
/// cross_entropy(targets: indices) holds class indices of that output.
bool checkOutputClassIndices(Compilation &compilation,
                             const codegen::ModelInterface &model,
                             const TrainSettings &settings,
                             const TrainingData &data) {
  int64_t column = 0;
  for (size_t k = 0; k < settings.outputLosses.size() &&
                     k < model.outputs.size();
       ++k) {
    const lowering::TensorSignature &out = model.outputs[k];
    if (!settings.outputLosses[k].indexTargets) {
      column += codegen::ModelInterface::featuresPerExample(out);
      continue;
    }
    int64_t classes = out.shape.size() > 1 ? out.shape[1] : 1;
    for (int64_t e = 0; e < data.count; ++e) {
      float index = data.targets[e * data.targetWidth + column];
      if (index == std::floor(index) && index >= 0 && index < classes)
        continue;
      compilation.error(settings.data->loc,
                        "target column " + llvm::Twine(column) +
                            " of example " + llvm::Twine(e) + " is " +
                            std::to_string(index) +
                            ", not a class index in [0, " +
                            llvm::Twine(classes) + ") for output '" +
                            out.name + "' (cross_entropy(targets: indices))");
      return false;
    }
    column += 1;
  }
  return true;
}

/// A csv, idx or npy source: one group of fixed-size examples.
std::optional<TrainingData>
loadTable(Compilation &compilation, const codegen::ModelInterface &model,
          const DataRequest &request) {
  TrainSettings settings = TrainSettings::fromAST(*compilation.train());
  std::vector<std::string> symbols = model.symbols();
  if (symbols.size() > 1) {
    compilation.error(settings.data->loc,
                      "the examples have a fixed size, but the model's input "
                      "has the symbolic dimension '" + symbols[1] +
                          "'; give it a size");
    return std::nullopt;
  }
  TrainingData result;
  result.inputWidth =
      codegen::ModelInterface::featuresPerExample(model.inputs.front());
  result.targetWidth =
      codegen::ModelInterface::featuresPerExample(model.target);
  if (model.hasIndexTargets())
    result.outputWidth =
        codegen::ModelInterface::featuresPerExample(model.output);
  std::optional<TrainingData> data;
  if (settings.data->value.text == "idx")
    data = loadIdx(compilation, *settings.data, request, std::move(result));
  else if (settings.data->value.text == "npy")
    data = loadNpy(compilation, *settings.data, request, std::move(result));
  else
    data = loadCsv(compilation, *settings.data, model.inputs.front().name,
                   request, std::move(result));
  if (data && request.targets && model.hasIndexTargets() &&
      !checkClassIndices(compilation, *settings.data, *data,
                         model.classCount()))
    return std::nullopt;
  if (data && request.targets &&
      !checkOutputClassIndices(compilation, model, settings, *data))
    return std::nullopt;
  return data;
}

} // namespace

std::optional<std::vector<TrainingData>>
loadTrainingGroups(Compilation &compilation,
                   const codegen::ModelInterface &model,
                   const DataRequest &request) {
  TrainSettings settings = TrainSettings::fromAST(*compilation.train());
  llvm::StringRef source = settings.data->value.text;
  // Several outputs split one target row per example (ModelInterface.h):
  // the table sources have one.
  if (model.hasSeveralOutputs() && source != "csv" && source != "npy") {
    compilation.error(settings.data->loc,
                      "model '" + model.name + "' has " +
                          std::to_string(model.outputs.size()) +
                          " outputs, which take csv or npy data (one target "
                          "row per example, split across the outputs); '" +
                          source.str() + "' is not supported");
    return std::nullopt;
  }
  if (source == "fasta" || source == "tsv") {
    if (model.hasIndexTargets()) {
      compilation.error(settings.data->loc,
                        "cross_entropy(targets: indices) takes csv, idx or "
                        "npy data; '" + source.str() +
                            "' encodes targets of the output's shape");
      return std::nullopt;
    }
    return loadSequenceData(compilation, *settings.data, model, request);
  }
  std::optional<TrainingData> data = loadTable(compilation, model, request);
  if (!data)
    return std::nullopt;
  return std::vector<TrainingData>{std::move(*data)};
}

} // namespace netc::driver
