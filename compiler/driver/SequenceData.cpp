//===- SequenceData.cpp - FASTA and TSV examples, encoded -----------------===//
//
// 1. Read records one at a time (FASTA: the runtime's streaming reader; TSV:
//    the runtime's line reader, fields split on tabs, the header naming the
//    columns).
// 2. Encode each record's input and target with the encoder the .net file
//    names, at the length the model fixes, the `length:` argument asks
//    for, or (symbolic length) the record's own.
// 3. Check the encoded shapes against the model's signature with the
//    symbols bound by this example (`L`, then `L / 3` for the target).
// 4. Append the example to the group of its shape.
//
//===----------------------------------------------------------------------===//
#include "compiler/driver/SequenceData.h"

#include "compiler/driver/TrainSettings.h"

#include "netc_encode.h"
#include "netc_fasta.h"
#include "netc_line_reader.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <map>

namespace netc::driver {
namespace {

using codegen::ModelInterface;

const ast::Expr &argument(const ast::Expr &call, llvm::StringRef name) {
  return findArgument(call.args, name)->value;
}

/// How one side (input or target) of an example is made from a record.
struct Encoder {
  enum class Kind { DnaOneHot, ProteinOneHot, Blosum62, Label, Column };
  Kind kind = Kind::Label;
  const ast::Expr *expr = nullptr; ///< the .net call, for locations
  int64_t length = 0;              ///< `length:`; 0 = from model or record
  float pad = 0;                   ///< blosum62's pad value
  std::string field;               ///< TSV column, or FASTA header key
  std::string file;                ///< onehot(..., file:): a paired FASTA

  static Encoder from(const ast::Expr &call) {
    Encoder e;
    e.expr = &call;
    if (call.text == "onehot") {
      e.kind = argument(call, "alphabet").text == "dna" ? Kind::DnaOneHot
                                                        : Kind::ProteinOneHot;
      e.length = static_cast<int64_t>(argument(call, "length").number);
      e.field = argument(call, "column").text;
      e.file = argument(call, "file").text;
    } else if (call.text == "blosum62") {
      e.kind = Kind::Blosum62;
      e.length = static_cast<int64_t>(argument(call, "length").number);
      e.pad = static_cast<float>(argument(call, "pad").number);
      e.field = argument(call, "column").text;
    } else if (call.text == "label") {
      e.kind = Kind::Label;
      e.field = argument(call, "key").text;
    } else {
      e.kind = Kind::Column;
      e.field = argument(call, "name").text;
    }
    return e;
  }
  bool isSequence() const {
    return kind == Kind::DnaOneHot || kind == Kind::ProteinOneHot ||
           kind == Kind::Blosum62;
  }
};

/// One record's text, wherever it came from, and where to point errors.
struct Record {
  std::string where; ///< "orfs.fasta:12: record 'orf3'"
  std::string sequence;
  std::string description;                  ///< FASTA header after the id
  llvm::StringMap<std::string> *fields = nullptr; ///< TSV row by column name
};

class Loader {
public:
  Loader(Compilation &compilation, const ast::Setting &setting,
         const ModelInterface &model)
      : compilation(compilation), setting(setting), model(model),
        input(model.inputs.front()), output(model.output) {}

  bool fail(const llvm::Twine &message) {
    llvm::errs() << message << "\n";
    compilation.note(setting.loc, "while reading the data named here");
    return false;
  }

  /// Encodes `record` with `enc` into `out`, writing its extents (without
  /// the batch) to `shape`; `signature` is the model tensor it feeds.
  bool encode(const Encoder &enc, const Record &record,
              const lowering::TensorSignature &signature,
              std::vector<int64_t> &shape, std::vector<float> &out) {
    if (enc.kind == Encoder::Kind::Label || enc.kind == Encoder::Kind::Column)
      return encodeNumber(enc, record, signature, shape, out);
    if (signature.shape.size() != 3)
      return fail(record.where + ": a sequence encodes to [channels, length] "
                  "but the model's '" + signature.name + "' has rank " +
                  llvm::Twine(signature.shape.size()) + " (with the batch)");
    // FASTA: the record's sequence; TSV: the named column.
    const std::string &seq =
        record.fields ? fieldOf(record, enc.field) : record.sequence;
    if (!errorText.empty())
      return fail(errorText);
    int64_t channels = signature.shape[1];
    int64_t length = enc.length;
    if (length == 0)
      length = signature.shape[2] >= 0 ? signature.shape[2]
                                       : static_cast<int64_t>(seq.size());
    if (enc.length == 0 && static_cast<int64_t>(seq.size()) != length)
      return fail(record.where + " has " + llvm::Twine(seq.size()) +
                  " residues but the model's '" + signature.name +
                  "' takes " + llvm::Twine(length) + "; write `length: " +
                  llvm::Twine(length) + "` in the encoder to pad or truncate");
    shape = {channels, length};
    out.resize(out.size() + channels * length);
    float *dest = out.data() + out.size() - channels * length;
    netc_status status;
    netc_status_code code = NETC_OK;
    switch (enc.kind) {
    case Encoder::Kind::DnaOneHot:
      if (channels != NETC_DNA_CHANNELS)
        return fail(record.where + ": one-hot DNA has 4 channels but the "
                    "model's '" + signature.name + "' has " +
                    llvm::Twine(channels));
      code = netc_dna_encode_one_hot(seq.data(), seq.size(), length, dest,
                                     &status);
      break;
    case Encoder::Kind::ProteinOneHot:
      if (channels != NETC_PROTEIN_CHANNELS &&
          channels != NETC_PROTEIN_CHANNELS_WITH_STOP)
        return fail(record.where + ": one-hot protein has 20 channels (21 "
                    "with the stop '*') but the model's '" + signature.name +
                    "' has " + llvm::Twine(channels));
      code = netc_protein_encode_one_hot(
          seq.data(), seq.size(), channels == NETC_PROTEIN_CHANNELS_WITH_STOP,
          length, dest, &status);
      break;
    default:
      if (channels != NETC_PROTEIN_CHANNELS)
        return fail(record.where + ": BLOSUM62 rows have 20 channels but the "
                    "model's '" + signature.name + "' has " +
                    llvm::Twine(channels));
      if (!loadMatrix())
        return false;
      code = netc_protein_encode_blosum(&matrix, seq.data(), seq.size(),
                                        length, enc.pad, dest, &status);
      break;
    }
    if (code != NETC_OK)
      return fail(record.where + ": " + status.message);
    return true;
  }

  const ModelInterface &modelInterface() const { return model; }
  std::string errorText;

private:
  const std::string &fieldOf(const Record &record, const std::string &name) {
    static const std::string empty;
    errorText.clear();
    if (record.fields && name.empty()) {
      errorText = record.where + ": name the column that holds the sequence, "
                  "e.g. `column: \"peptide\"`";
      return empty;
    }
    if (!record.fields) {
      errorText = record.where + ": a FASTA record has no column '" + name +
                  "'; `column:` is for tsv(...)";
      return empty;
    }
    auto it = record.fields->find(name);
    if (it == record.fields->end()) {
      errorText = record.where + ": no column named '" + name + "'";
      return empty;
    }
    return it->second;
  }

  /// label("key"): `key=value` in the FASTA header; column("name"): a TSV
  /// field. A number; with several outputs, a class index made one-hot.
  bool encodeNumber(const Encoder &enc, const Record &record,
                    const lowering::TensorSignature &signature,
                    std::vector<int64_t> &shape, std::vector<float> &out) {
    std::string text;
    if (enc.kind == Encoder::Kind::Column) {
      text = fieldOf(record, enc.field);
      if (!errorText.empty())
        return fail(errorText);
    } else {
      llvm::SmallVector<llvm::StringRef> words;
      llvm::StringRef(record.description).split(words, ' ', -1, false);
      for (llvm::StringRef word : words)
        if (word.consume_front(enc.field + "="))
          text = word.str();
      if (text.empty())
        return fail(record.where + ": the header has no '" + enc.field +
                    "=VALUE'");
    }
    double value;
    if (llvm::StringRef(text).trim().getAsDouble(value) || !std::isfinite(value))
      return fail(record.where + ": '" + enc.field + "' is '" + text +
                  "', not a finite number");
    int64_t width = ModelInterface::featuresPerExample(signature);
    shape.assign(signature.shape.begin() + 1, signature.shape.end());
    if (width == 1) {
      out.push_back(static_cast<float>(value));
      return true;
    }
    if (value != std::floor(value) || value < 0 || value >= width)
      return fail(record.where + ": class " + text + " is not an integer "
                  "below the model's " + llvm::Twine(width) + " outputs");
    out.resize(out.size() + width, 0.0f);
    out[out.size() - width + static_cast<int64_t>(value)] = 1.0f;
    return true;
  }

  bool loadMatrix() {
    if (matrixLoaded)
      return true;
    netc_status status;
    if (netc_substitution_matrix_load(NETC_BLOSUM62_PATH, &matrix, &status) !=
        NETC_OK)
      return fail(llvm::Twine(status.message) +
                  " (BLOSUM62 comes with Debian's ncbi-data package)");
    matrixLoaded = true;
    return true;
  }

  Compilation &compilation;
  const ast::Setting &setting;
  const ModelInterface &model;
  const lowering::TensorSignature &input, &output;
  netc_substitution_matrix matrix;
  bool matrixLoaded = false;
};

/// Groups examples by their input and target shapes, in file order.
class Groups {
public:
  TrainingData &groupFor(const std::vector<int64_t> &inputShape,
                         const std::vector<int64_t> &targetShape) {
    auto key = std::make_pair(inputShape, targetShape);
    auto [it, added] = index.try_emplace(key, groups.size());
    if (added) {
      TrainingData group;
      group.inputShape = inputShape;
      group.targetShape = targetShape;
      group.inputWidth = product(inputShape);
      group.targetWidth = product(targetShape);
      groups.push_back(std::move(group));
    }
    return groups[it->second];
  }
  std::vector<TrainingData> take() { return std::move(groups); }
  /// Examples added so far, in all groups.
  int64_t &examples() { return added; }

private:
  static int64_t product(const std::vector<int64_t> &v) {
    int64_t p = 1;
    for (int64_t x : v)
      p *= x;
    return p;
  }
  std::map<std::pair<std::vector<int64_t>, std::vector<int64_t>>, size_t> index;
  std::vector<TrainingData> groups;
  int64_t added = 0;
};

/// Encodes one record into its group, checking the target's shape against
/// the model's result with this example's symbols bound. Without `out`
/// (netc predict) the group takes the result's shape and no targets.
bool addExample(Loader &loader, const Encoder &in, const Encoder *out,
                const Record &inRecord, const Record &outRecord,
                llvm::StringRef id, Groups &groups) {
  const ModelInterface &model = loader.modelInterface();
  std::vector<int64_t> inShape, outShape;
  std::vector<float> x, t;
  if (!loader.encode(in, inRecord, model.inputs.front(), inShape, x) ||
      (out && !loader.encode(*out, outRecord, model.output, outShape, t)))
    return false;
  std::vector<int64_t> batched = {1};
  batched.insert(batched.end(), inShape.begin(), inShape.end());
  llvm::Expected<llvm::StringMap<int64_t>> symbols =
      model.bindSymbols({batched});
  if (!symbols)
    return loader.fail(inRecord.where + ": " + toString(symbols.takeError()));
  llvm::Expected<std::vector<int64_t>> expected =
      ModelInterface::shapeFor(model.output, *symbols);
  if (!expected)
    return loader.fail(inRecord.where + ": " + toString(expected.takeError()));
  std::vector<int64_t> want(expected->begin() + 1, expected->end());
  if (!out)
    outShape = want;
  if (want != outShape) {
    auto text = [](const std::vector<int64_t> &s) {
      std::string r;
      for (int64_t v : s)
        r += (r.empty() ? "" : ", ") + std::to_string(v);
      return "[" + r + "]";
    };
    return loader.fail(outRecord.where + ": the target encodes to " +
                       text(outShape) + " but the model's result for this "
                       "input is " + text(want));
  }
  TrainingData &group = groups.groupFor(inShape, outShape);
  group.inputs.insert(group.inputs.end(), x.begin(), x.end());
  group.targets.insert(group.targets.end(), t.begin(), t.end());
  group.ids.push_back(id.str());
  group.indices.push_back(groups.examples()++);
  ++group.count;
  return true;
}

netc_alphabet alphabetOf(const Encoder &enc) {
  return enc.kind == Encoder::Kind::DnaOneHot ? NETC_ALPHABET_DNA
                                              : NETC_ALPHABET_PROTEIN;
}

std::optional<std::vector<TrainingData>>
loadFasta(Compilation &compilation, const ast::Setting &setting,
          const ModelInterface &model, const DataRequest &request) {
  const ast::Expr &source = setting.value;
  Loader loader(compilation, setting, model);
  Encoder in = Encoder::from(argument(source, "input"));
  Encoder out = Encoder::from(argument(source, "target"));
  DataFiles files(compilation.path(), argument(source, "path").text, request);
  std::string path = files.main();
  std::string pairedPath =
      out.file.empty() || !request.targets ? "" : files.companion(out.file);

  netc_status status;
  netc_fasta_reader *reader = nullptr, *paired = nullptr;
  auto close = llvm::make_scope_exit([&] {
    netc_fasta_reader_close(reader);
    netc_fasta_reader_close(paired);
  });
  if (netc_fasta_reader_open(path.c_str(), alphabetOf(in), &reader, &status) !=
          NETC_OK ||
      (!pairedPath.empty() &&
       netc_fasta_reader_open(pairedPath.c_str(), alphabetOf(out), &paired,
                              &status) != NETC_OK)) {
    loader.fail(status.message);
    return std::nullopt;
  }
  Groups groups;
  for (int64_t index = 1;; ++index) {
    netc_fasta_record record, pairedRecord;
    int has = 0, pairedHas = 0;
    if (netc_fasta_reader_next(reader, &record, &has, &status) != NETC_OK) {
      loader.fail(status.message);
      return std::nullopt;
    }
    Record inRecord{llvm::formatv("{0}:{1}: error: record '{2}'", path,
                                  record.line,
                                  has ? record.id : "")
                        .str(),
                    has ? record.sequence : "",
                    has ? record.description : "", nullptr};
    Record outRecord = inRecord;
    if (paired) {
      if (netc_fasta_reader_next(paired, &pairedRecord, &pairedHas, &status) !=
          NETC_OK) {
        loader.fail(status.message);
        return std::nullopt;
      }
      if (has != pairedHas) {
        // Point at the record left without a partner.
        const netc_fasta_record &lone = has ? record : pairedRecord;
        loader.fail(llvm::formatv("{0}:{1}: error: record '{2}' has no "
                                  "partner in '{3}', which ends after {4} "
                                  "records",
                                  has ? path : pairedPath, lone.line, lone.id,
                                  has ? pairedPath : path, index - 1)
                        .str());
        return std::nullopt;
      }
      if (has) {
        outRecord.where = llvm::formatv("{0}:{1}: error: record '{2}'", pairedPath,
                                        pairedRecord.line, pairedRecord.id);
        if (llvm::StringRef(record.id) != pairedRecord.id) {
          loader.fail(outRecord.where + ": record " + llvm::Twine(index) +
                      " of '" + path + "' is '" + record.id +
                      "'; paired records must have the same ids");
          return std::nullopt;
        }
        outRecord.sequence = pairedRecord.sequence;
      }
    }
    if (!has)
      break;
    if (!addExample(loader, in, request.targets ? &out : nullptr, inRecord,
                    outRecord, record.id, groups))
      return std::nullopt;
  }
  return groups.take();
}

std::optional<std::vector<TrainingData>>
loadTsv(Compilation &compilation, const ast::Setting &setting,
        const ModelInterface &model, const DataRequest &request) {
  const ast::Expr &source = setting.value;
  Loader loader(compilation, setting, model);
  Encoder in = Encoder::from(argument(source, "input"));
  Encoder out = Encoder::from(argument(source, "target"));
  std::string path =
      DataFiles(compilation.path(), argument(source, "path").text, request).main();
  const std::string &delimiter = argument(source, "delimiter").text;
  char separator = delimiter.empty() ? '\t' : delimiter.front();

  netc_line_reader reader;
  netc_status status;
  if (netc_line_reader_open(&reader, path.c_str(), &status) != NETC_OK) {
    loader.fail(status.message);
    return std::nullopt;
  }
  auto close = llvm::make_scope_exit([&] { netc_line_reader_close(&reader); });
  std::vector<std::string> names;
  Groups groups;
  for (;;) {
    netc_line_result result = netc_line_reader_next(&reader);
    if (result == NETC_LINE_EOF)
      break;
    if (result != NETC_LINE_OK) {
      netc_line_reader_fail(&reader, path.c_str(), result, &status);
      loader.fail(status.message);
      return std::nullopt;
    }
    llvm::StringRef line(reader.line, reader.line_len);
    if (line.trim().empty())
      continue;
    llvm::SmallVector<llvm::StringRef> cells;
    line.split(cells, separator);
    if (names.empty()) {
      for (llvm::StringRef cell : cells)
        names.push_back(cell.trim().str());
      continue;
    }
    std::string where =
        llvm::formatv("{0}:{1}", path, reader.line_number).str();
    if (cells.size() != names.size()) {
      loader.fail(where + ": error: " + llvm::Twine(cells.size()) +
                  (cells.size() == 1 ? " field" : " fields") +
                  ", but the header names " + llvm::Twine(names.size()));
      return std::nullopt;
    }
    llvm::StringMap<std::string> fields;
    for (size_t i = 0; i < cells.size(); ++i)
      fields[names[i]] = cells[i].trim().str();
    Record record{where + ": error: in this row", "", "", &fields};
    std::string id = "row " + std::to_string(reader.line_number);
    if (!addExample(loader, in, request.targets ? &out : nullptr, record,
                    record, id, groups))
      return std::nullopt;
  }
  if (names.empty()) {
    loader.fail(path + ": error: no header line naming the columns");
    return std::nullopt;
  }
  return groups.take();
}

} // namespace

std::vector<std::string> targetClassNames(const ast::Setting &data,
                                          int64_t classes) {
  if (data.value.text != "fasta" && data.value.text != "tsv")
    return {};
  Encoder target = Encoder::from(argument(data.value, "target"));
  std::string letters;
  if (target.kind == Encoder::Kind::DnaOneHot)
    letters = "ACGT";
  else if (target.kind == Encoder::Kind::ProteinOneHot)
    letters = std::string(NETC_AMINO_ACIDS) + "*";
  if (int64_t(letters.size()) < classes)
    return {};
  std::vector<std::string> names;
  for (int64_t c = 0; c < classes; ++c)
    names.push_back(std::string(1, letters[c]));
  return names;
}

std::optional<std::vector<TrainingData>>
loadSequenceData(Compilation &compilation, const ast::Setting &setting,
                 const codegen::ModelInterface &model,
                 const DataRequest &request) {
  std::optional<std::vector<TrainingData>> groups =
      setting.value.text == "fasta"
          ? loadFasta(compilation, setting, model, request)
          : loadTsv(compilation, setting, model, request);
  if (groups && groups->empty()) {
    compilation.error(setting.loc, "the data source has no examples");
    return std::nullopt;
  }
  return groups;
}

} // namespace netc::driver
