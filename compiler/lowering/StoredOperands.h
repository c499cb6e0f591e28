//===- StoredOperands.h - Operands computed once per call ------*- C++ -*-===//
//
// A product (a convolution or a linear layer) reads each operand element
// many times: once per output channel, kernel tap or output feature. An
// operand that is an inlined chain (an activation's gradient, a
// normalisation) would be evaluated at every read; these helpers store it
// once per call instead, one copy shared by every product of the pipeline
// that reads the same value.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_COMPILER_LOWERING_STOREDOPERANDS_H
#define NETC_COMPILER_LOWERING_STOREDOPERANDS_H

#include "compiler/lowering/LoweringState.h"

namespace netc::lowering {

/// True if reading `f` is a plain load: `f` is a pipeline argument's
/// wrapper, a pure copy of a stored Func, or stored itself (it has an
/// update). Anything else is an inlined chain (a normalisation, an
/// activation's gradient) that every read would compute again.
bool readsAsLoad(const Halide::Func &f);

/// Records `copy`, a stored copy of `t` over `vars` (Halide order), as a
/// Layout stage with t's extents, which the schedule weighs (CpuSchedule's
/// parallel copies of large examples).
void addStoredStage(Halide::Func copy, const std::vector<Halide::Var> &vars,
                    const TensorValue &t, LoweringState &state);

/// The stored copy of `t` a product of this pipeline already made, or `t`.
TensorValue storedIfAny(const TensorValue &t, const LoweringState &state);

/// `t` computed once per call into a buffer (a Layout stage), if reading it
/// is not a plain load already. One stored copy serves every product of the
/// pipeline that reads the same value.
TensorValue storedOnce(const TensorValue &t, LoweringState &state);

} // namespace netc::lowering

#endif // NETC_COMPILER_LOWERING_STOREDOPERANDS_H
