//===- Suggest.cpp - "did you mean ...?" ----------------------------------===//
#include "dsl/Suggest.h"

#include "llvm/ADT/Twine.h"

#include <algorithm>

using namespace netc;
using namespace netc::dsl;

std::string netc::dsl::didYouMean(llvm::StringRef name,
                                  llvm::ArrayRef<llvm::StringRef> candidates) {
  llvm::StringRef best;
  unsigned bestDistance = ~0u;
  for (llvm::StringRef candidate : candidates) {
    unsigned limit =
        static_cast<unsigned>((std::max(name.size(), candidate.size()) + 2) / 3);
    unsigned distance = name.edit_distance(candidate, /*AllowReplacements=*/true,
                                           /*MaxEditDistance=*/limit);
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best.empty() || best == name)
    return "";
  return ("; did you mean '" + llvm::Twine(best) + "'?").str();
}
