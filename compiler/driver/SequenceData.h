//===- SequenceData.h - FASTA and TSV examples, encoded ---------*- C++ -*-===//
//
// The biological data sources of a train block:
//   fasta("orfs.fasta", input: onehot(dna),
//         target: onehot(protein, file: "orfs.proteins.fasta"))
//   fasta("promoters.fasta", input: onehot(dna, length: 200),
//         target: label("class"))
//   tsv("peptides.tsv", input: blosum62(column: "peptide", length: 9),
//       target: column("affinity"))
// Sequences are encoded by the runtime's encoders (runtime/netc_encode.h)
// into the model's input layout [C, L]. Examples of one length form one
// group; a model with a symbolic length (`f32[N, 4, L]`) trains on every
// group through the same compiled step.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_COMPILER_DRIVER_SEQUENCEDATA_H
#define NETC_COMPILER_DRIVER_SEQUENCEDATA_H

#include "compiler/driver/TrainingData.h"

namespace netc::driver {

/// Reads a `fasta(...)` or `tsv(...)` data source; errors name the file,
/// line and record, with a note at the .net line that named the data.
std::optional<std::vector<TrainingData>>
loadSequenceData(Compilation &compilation, const ast::Setting &setting,
                 const codegen::ModelInterface &model,
                 const DataRequest &request);

/// Names of the model's `classes` output classes when the data source's
/// target is a one-hot sequence (amino acids with '*' for the stop, or
/// bases); empty otherwise (callers number the classes).
std::vector<std::string> targetClassNames(const ast::Setting &data,
                                          int64_t classes);

} // namespace netc::driver

#endif // NETC_COMPILER_DRIVER_SEQUENCEDATA_H
