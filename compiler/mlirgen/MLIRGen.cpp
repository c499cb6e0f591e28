//===- MLIRGen.cpp - From the .net syntax tree to the nn dialect ----------===//
//
// @infer takes the model's inputs, in order, and returns the value of its
// body (BodyGen.cpp). Parameters become arguments of @infer named like
// PyTorch's nn.Sequential state_dict ("<index>.weight"), where the index
// counts layer applications, so checkpoints line up with a torch
// Sequential built from the same layers.
//
//===----------------------------------------------------------------------===//
#include "compiler/mlirgen/MLIRGen.h"

#include "compiler/dialect/NNDialect.h"
#include "compiler/mlirgen/BodyGen.h"
#include "compiler/mlirgen/LayerBuilder.h"
#include "dsl/Dims.h"
#include "dsl/ExprPrinter.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Verifier.h"

using namespace mlir;
using namespace netc::nn;

namespace netc {

Location toLocation(MLIRContext &context, const ast::Location &loc) {
  return FileLineColLoc::get(&context, loc.file, loc.line, loc.col);
}

namespace {

const ast::Expr *findArg(const std::vector<ast::Argument> &args,
                         llvm::StringRef name) {
  for (const ast::Argument &arg : args)
    if (arg.name == name)
      return &arg.value;
  return nullptr;
}

/// `f32[N, 21, L / 3]`, as the user wrote it.
std::string describe(const ast::TensorType &type) {
  std::string text = type.dtype + "[";
  for (size_t i = 0; i < type.dims.size(); ++i)
    text += (i ? ", " : "") + dsl::formatDim(type.dims[i]);
  return text + "]";
}

/// `f32[?, 21, ?]`: what shape inference knows before the program runs.
std::string describe(RankedTensorType type) {
  std::string text = "f32[";
  for (int64_t i = 0; i < type.getRank(); ++i) {
    if (i)
      text += ", ";
    text += ShapedType::isDynamic(type.getDimSize(i))
                ? std::string("?")
                : std::to_string(type.getDimSize(i));
  }
  return text + "]";
}

class ModelGenerator {
public:
  ModelGenerator(MLIRContext &context, const ast::Model &model)
      : ctx(context), model(model), builder(&context) {}

  OwningOpRef<ModuleOp> generate(const ast::Train *train) {
    OwningOpRef<ModuleOp> module = ModuleOp::create(loc(model.loc));
    (*module)->setAttr(kModelAttr, builder.getStringAttr(model.name));
    builder.setInsertionPointToEnd(module->getBody());
    if (failed(generateInfer()))
      return nullptr;
    if (train) {
      builder.setInsertionPointToEnd(module->getBody());
      if (failed(generateLoss(*train)) ||
          failed(generateOptimizer(*module, *train)) ||
          failed(generateSchedule(*module, *train)))
        return nullptr;
    }
    if (failed(verify(*module)))
      return nullptr;
    return module;
  }

private:
  Location loc(const ast::Location &l) { return toLocation(ctx, l); }

  RankedTensorType tensorType(const ast::TensorType &t) {
    SmallVector<int64_t> shape;
    for (const ast::Dim &d : t.dims)
      shape.push_back(d.isConstant() ? d.size : ShapedType::kDynamic);
    return RankedTensorType::get(shape, builder.getF32Type());
  }

  /// The signature's dimension expressions, kept for run-time checks.
  ArrayAttr dimsAttr(const ast::TensorType &t) {
    SmallVector<Attribute> dims;
    for (const ast::Dim &d : t.dims)
      dims.push_back(builder.getStringAttr(dsl::formatDim(d)));
    return builder.getArrayAttr(dims);
  }

  /// Static extents must agree now; symbolic ones are checked at run time.
  static bool compatible(RankedTensorType declared, RankedTensorType produced) {
    if (declared.getRank() != produced.getRank())
      return false;
    for (int64_t i = 0; i < declared.getRank(); ++i) {
      int64_t a = declared.getDimSize(i), b = produced.getDimSize(i);
      if (!ShapedType::isDynamic(a) && !ShapedType::isDynamic(b) && a != b)
        return false;
    }
    return true;
  }

  LogicalResult generateInfer() {
    SmallVector<Type> inputTypes;
    for (const ast::Input &input : model.inputs)
      inputTypes.push_back(tensorType(input.type));
    infer = builder.create<func::FuncOp>(
        loc(model.loc), kInferFn, builder.getFunctionType(inputTypes, {}));
    llvm::StringMap<Value> inputs;
    Block *entry = infer.addEntryBlock();
    for (auto [i, input] : llvm::enumerate(model.inputs)) {
      infer.setArgAttr(i, kInputAttr, builder.getStringAttr(input.name));
      infer.setArgAttr(i, kDimsAttr, dimsAttr(input.type));
      inputs[input.name] = infer.getArgument(i);
    }
    builder.setInsertionPointToStart(entry);

    // The first input is the running value of a sequential body.
    FailureOr<Value> result = generateBody(builder, infer, model.body,
                                           std::move(inputs),
                                           infer.getArgument(0), "");
    if (failed(result))
      return failure();
    Value current = *result;

    auto produced = cast<RankedTensorType>(current.getType());
    RankedTensorType declared = tensorType(model.result);
    if (!compatible(declared, produced))
      return emitError(loc(model.result.loc))
             << "model '" << model.name << "' declares its result as "
             << describe(model.result) << " but its layers produce "
             << describe(produced);
    builder.create<func::ReturnOp>(loc(model.result.loc), current);
    infer.setFunctionType(builder.getFunctionType(
        infer.getArgumentTypes(), TypeRange{current.getType()}));
    infer.setResultAttr(0, kDimsAttr, dimsAttr(model.result));
    return success();
  }

  const ast::Setting *findSetting(const ast::Train &train, StringRef key) {
    for (const ast::Setting &s : train.settings)
      if (s.key == key)
        return &s;
    return nullptr;
  }

  LogicalResult generateLoss(const ast::Train &train) {
    const ast::Setting *lossSetting = findSetting(train, "loss");
    Location at = loc(lossSetting ? lossSetting->loc : train.loc);
    Type predictionType = infer.getResultTypes().front();
    // `loss: mse` or `loss: mse(reduction: sum)`; "mean" is the ops' default.
    std::string kind = lossSetting ? lossSetting->value.text : "";
    // cross_entropy(targets: indices): one class per position, so the
    // target is the prediction without its class axis (axis 1).
    const ast::Expr *targets =
        lossSetting ? findArg(lossSetting->value.args, "targets") : nullptr;
    bool indexTargets = kind == "cross_entropy" && targets &&
                        targets->text == "indices";
    Type targetType = predictionType;
    ArrayAttr targetDims = dimsAttr(model.result);
    if (indexTargets) {
      auto shaped = cast<RankedTensorType>(predictionType);
      if (shaped.getRank() < 2)
        return emitError(at) << "cross_entropy needs a result with a class "
                                "axis ([N, C, ...]), got "
                             << describe(shaped);
      SmallVector<int64_t> positions(shaped.getShape());
      positions.erase(positions.begin() + 1);
      targetType = RankedTensorType::get(positions, builder.getF32Type());
      SmallVector<Attribute> dims(targetDims.getValue());
      dims.erase(dims.begin() + 1);
      targetDims = builder.getArrayAttr(dims);
    }
    auto fn = builder.create<func::FuncOp>(
        at, kLossFn,
        builder.getFunctionType({predictionType, targetType},
                                {RankedTensorType::get({}, builder.getF32Type())}));
    fn.setArgAttr(1, kTargetAttr, builder.getUnitAttr());
    fn.setArgAttr(1, kDimsAttr, targetDims);
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToStart(fn.addEntryBlock());
    ValueRange args = fn.getArguments();
    const ast::Expr *reduction =
        lossSetting ? findArg(lossSetting->value.args, "reduction") : nullptr;
    SmallVector<NamedAttribute, 1> attrs;
    if (reduction && reduction->text != "mean")
      attrs.push_back(builder.getNamedAttr(
          "reduction", builder.getStringAttr(reduction->text)));
    FailureOr<Value> loss = failure();
    if (kind == "mse")
      loss = createInferred<MSELossOp>(builder, at, args, attrs);
    else if (kind == "bce")
      loss = createInferred<BCELossOp>(builder, at, args, attrs);
    else if (kind == "bce_with_logits")
      loss = createInferred<BCEWithLogitsLossOp>(builder, at, args, attrs);
    else if (kind == "cross_entropy" && indexTargets)
      loss = createInferred<CrossEntropyIndexLossOp>(builder, at, args, attrs);
    else if (kind == "cross_entropy")
      loss = createInferred<CrossEntropyLossOp>(builder, at, args, attrs);
    else
      return emitError(at) << "unsupported loss '" << kind << "'";
    if (failed(loss))
      return failure();
    builder.create<func::ReturnOp>(at, *loss);
    return success();
  }

  LogicalResult generateOptimizer(ModuleOp module, const ast::Train &train) {
    const ast::Setting *setting = findSetting(train, "optimizer");
    if (!setting)
      return emitError(loc(train.loc)) << "the train block has no optimizer";
    const ast::Expr &call = setting->value;
    auto number = [&](StringRef name) {
      return builder.getF32FloatAttr(findArg(call.args, name)->number);
    };
    // Settings at their neutral value stay out of the IR.
    auto unlessZero = [&](StringRef name) {
      double value = findArg(call.args, name)->number;
      return value == 0 ? FloatAttr() : builder.getF32FloatAttr(value);
    };
    Attribute optimizer;
    if (call.text == "sgd") {
      bool nesterov = findArg(call.args, "nesterov")->text == "true";
      if (nesterov && findArg(call.args, "momentum")->number == 0)
        return emitError(loc(setting->loc))
               << "nesterov momentum needs 'momentum' greater than 0";
      optimizer = SGDAttr::get(&ctx, number("lr"), unlessZero("momentum"),
                               unlessZero("weight_decay"),
                               nesterov ? builder.getBoolAttr(true)
                                        : BoolAttr());
    } else if (call.text == "adam") {
      optimizer = AdamAttr::get(&ctx, number("lr"), number("beta1"),
                                number("beta2"), number("eps"),
                                unlessZero("weight_decay"));
    } else {
      return emitError(loc(setting->loc))
             << "unsupported optimizer '" << call.text << "'";
    }
    module->setAttr(kOptimizerAttr, optimizer);
    return success();
  }

  /// `schedule: step(...)` or `cosine(...)` as the module's
  /// `nn.lr_schedule`; `constant` (the default) leaves it out.
  LogicalResult generateSchedule(ModuleOp module, const ast::Train &train) {
    const ast::Setting *setting = findSetting(train, "schedule");
    if (!setting || setting->value.text == "constant")
      return success();
    const ast::Expr &call = setting->value;
    auto integer = [&](StringRef name) {
      return builder.getI64IntegerAttr(
          static_cast<int64_t>(findArg(call.args, name)->number));
    };
    auto number = [&](StringRef name) {
      return builder.getF32FloatAttr(findArg(call.args, name)->number);
    };
    Attribute schedule;
    if (call.text == "step")
      schedule = StepLRAttr::get(&ctx, integer("every"), number("gamma"));
    else if (call.text == "cosine") {
      // The catalog's NonNegative constrains integers only.
      const ast::Expr *minLr = findArg(call.args, "min_lr");
      if (minLr->number < 0)
        return emitError(loc(minLr->loc))
               << "'min_lr' of 'cosine' must be a non-negative number, got "
               << dsl::exprToString(*minLr);
      schedule = CosineLRAttr::get(&ctx, integer("epochs"), number("min_lr"));
    }
    else
      return emitError(loc(setting->loc))
             << "unsupported schedule '" << call.text << "'";
    module->setAttr(kLRScheduleAttr, schedule);
    return success();
  }

  MLIRContext &ctx;
  const ast::Model &model;
  OpBuilder builder;
  func::FuncOp infer;
};

} // namespace

OwningOpRef<ModuleOp> generateModule(MLIRContext &context,
                                     const ast::Model &model,
                                     const ast::Train *train) {
  return ModelGenerator(context, model).generate(train);
}

} // namespace netc
