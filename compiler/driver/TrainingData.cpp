//===- TrainingData.cpp - The examples named by a train block -------------===//
#include "compiler/driver/TrainingData.h"

#include "compiler/driver/TrainSettings.h"

#include "netc_csv.h"

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

} // namespace

std::optional<TrainingData>
loadTrainingData(Compilation &compilation,
                 const codegen::ModelInterface &model) {
  TrainSettings settings = TrainSettings::fromAST(*compilation.train());
  const ast::Expr &data = settings.data->value;

  // Relative paths in a .net file are relative to the file.
  llvm::StringRef written = findArgument(data.args, "path")->value.text;
  llvm::SmallString<256> path;
  if (!llvm::sys::path::is_absolute(written))
    path = llvm::sys::path::parent_path(compilation.path());
  llvm::sys::path::append(path, written);

  netc_csv_options options;
  options.has_header = findArgument(data.args, "header")->value.text == "true";
  const std::string &delimiter =
      findArgument(data.args, "delimiter")->value.text;
  options.delimiter = delimiter.empty() ? ',' : delimiter.front();

  netc_table table;
  netc_status status;
  if (netc_csv_read(path.c_str(), &options, &table, &status) != NETC_OK) {
    llvm::errs() << status.message << "\n";
    compilation.note(settings.data->loc, "while reading the data named here");
    return std::nullopt;
  }

  std::vector<std::string> symbols = model.symbols();
  if (symbols.size() > 1) {
    compilation.error(settings.data->loc,
                      "CSV rows have a fixed width, but the model's input has "
                      "the symbolic dimension '" + symbols[1] +
                          "'; give it a size");
    netc_table_free(&table);
    return std::nullopt;
  }
  TrainingData result;
  result.count = table.rows;
  result.inputWidth =
      codegen::ModelInterface::featuresPerExample(model.inputs.front());
  result.targetWidth =
      codegen::ModelInterface::featuresPerExample(model.output);
  bool ok = selectColumns(compilation, table, *findArgument(data.args, "inputs"),
                          result.inputWidth, "input '" + model.inputs.front().name + "'",
                          path, result.inputs) &&
            selectColumns(compilation, table,
                          *findArgument(data.args, "targets"),
                          result.targetWidth, "output", path, result.targets);
  netc_table_free(&table);
  if (!ok)
    return std::nullopt;
  return result;
}

} // namespace netc::driver
