//===- DataFiles.cpp - Which files a data source reads --------------------===//
#include "compiler/driver/DataFiles.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Path.h"

namespace netc::driver {

DataFiles::DataFiles(llvm::StringRef netPath, llvm::StringRef mainWritten,
                     const DataRequest &request)
    : netDirectory(llvm::sys::path::parent_path(netPath).str()),
      mainWritten(mainWritten.str()), replaced(!request.path.empty()) {
  mainPath = replaced ? request.path : resolve(mainWritten);
}

std::string DataFiles::resolve(llvm::StringRef written) const {
  llvm::SmallString<256> path;
  if (!llvm::sys::path::is_absolute(written))
    path = netDirectory;
  llvm::sys::path::append(path, written);
  return std::string(path);
}

std::string DataFiles::companion(llvm::StringRef written) const {
  if (!replaced)
    return resolve(written);
  // The part of the old and new main file names before their common
  // ending: orfs|.fasta -> orfs_test|.fasta, train|-images.. -> t10k|-images..
  llvm::StringRef from = llvm::sys::path::filename(mainWritten);
  llvm::StringRef to = llvm::sys::path::filename(mainPath);
  size_t common = 0;
  while (common < from.size() && common < to.size() &&
         from[from.size() - 1 - common] == to[to.size() - 1 - common])
    ++common;
  llvm::StringRef oldHead = from.drop_back(common);
  llvm::StringRef newHead = to.drop_back(common);
  llvm::StringRef name = llvm::sys::path::filename(written);
  // Same name in another folder: the companions come from that folder too.
  if (!oldHead.empty() && !name.starts_with(oldHead))
    return resolve(written);
  llvm::SmallString<256> path(llvm::sys::path::parent_path(mainPath));
  llvm::sys::path::append(path,
                          (newHead + name.drop_front(oldHead.size())).str());
  return std::string(path);
}

} // namespace netc::driver
