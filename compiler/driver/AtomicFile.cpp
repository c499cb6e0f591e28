//===- AtomicFile.cpp - Write a whole file or nothing ---------------------===//
#include "compiler/driver/AtomicFile.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <unistd.h>

namespace netc::driver {

static llvm::Error fail(std::error_code ec, const std::string &path) {
  return llvm::createStringError(ec, "cannot write '%s': %s", path.c_str(),
                                 ec.message().c_str());
}

llvm::Error writeFileAtomically(const std::string &path,
                                llvm::StringRef contents) {
  llvm::SmallString<256> model(path);
  model += ".tmp-%%%%%%";
  int fd = -1;
  llvm::SmallString<256> temporary;
  if (std::error_code ec =
          llvm::sys::fs::createUniqueFile(model, fd, temporary))
    return fail(ec, path);
  std::error_code ec;
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/false);
    os << contents;
    os.flush();
    if (os.has_error()) {
      ec = os.error();
      os.clear_error();
    }
  }
  if (!ec && ::fsync(fd) != 0)
    ec = std::error_code(errno, std::generic_category());
  ::close(fd);
  if (!ec)
    ec = llvm::sys::fs::rename(temporary, path);
  if (ec) {
    llvm::sys::fs::remove(temporary);
    return fail(ec, path);
  }
  return llvm::Error::success();
}

} // namespace netc::driver
