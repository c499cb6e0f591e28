//===- Suggest.h - "did you mean ...?" --------------------------*- C++ -*-===//
#ifndef NETC_DSL_SUGGEST_H
#define NETC_DSL_SUGGEST_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace netc::dsl {

/// "; did you mean 'linear'?" for the candidate closest to `name` by edit
/// distance, when it is close enough to be a typo (about one edit per three
/// characters); otherwise "". Ties go to the earlier candidate, so tables
/// decide which suggestion wins.
std::string didYouMean(llvm::StringRef name,
                       llvm::ArrayRef<llvm::StringRef> candidates);

} // namespace netc::dsl

#endif // NETC_DSL_SUGGEST_H
