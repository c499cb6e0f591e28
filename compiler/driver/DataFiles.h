//===- DataFiles.h - Which files a data source reads ------------*- C++ -*-===//
//
// A train block names its data files relative to the .net file:
//   data: fasta("orfs.fasta", ..., target: onehot(protein, file: "orfs.proteins.fasta"))
// `netc eval` and `netc predict` read other files of the same format
// (`--data orfs_test.fasta`). The main file is replaced; a companion file
// (the paired targets, IDX labels) follows the rename when its name starts
// the way the main file's did:
//   orfs.fasta -> orfs_test.fasta          (the part before ".fasta")
//   orfs.proteins.fasta -> orfs_test.proteins.fasta
//   train-images-idx3-ubyte.gz -> t10k-images-idx3-ubyte.gz
//   train-labels-idx1-ubyte.gz -> t10k-labels-idx1-ubyte.gz
//
//===----------------------------------------------------------------------===//
#ifndef NETC_COMPILER_DRIVER_DATAFILES_H
#define NETC_COMPILER_DRIVER_DATAFILES_H

#include "llvm/ADT/StringRef.h"

#include <string>

namespace netc::driver {

/// What a command wants from the train block's data source.
struct DataRequest {
  /// Replaces the source's main file (relative to the working directory);
  /// empty: the file the .net names.
  std::string path;
  /// False for `netc predict`: sequence sources read only the inputs, so
  /// a FASTA file without labels or paired targets will do.
  bool targets = true;
};

/// The data files of one source under one request.
class DataFiles {
public:
  /// `mainWritten` is the main file as the .net file at `netPath` wrote it.
  DataFiles(llvm::StringRef netPath, llvm::StringRef mainWritten,
            const DataRequest &request);

  /// The main file to read.
  const std::string &main() const { return mainPath; }
  /// A companion file the .net names (`file:`, `labels:`), renamed along
  /// with the main file.
  std::string companion(llvm::StringRef written) const;

private:
  std::string resolve(llvm::StringRef written) const;

  std::string netDirectory;
  std::string mainWritten;
  std::string mainPath;
  bool replaced = false;
};

} // namespace netc::driver

#endif // NETC_COMPILER_DRIVER_DATAFILES_H
