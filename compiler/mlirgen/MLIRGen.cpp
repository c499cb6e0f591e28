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
    llvm::StringMap<Value> named;
    FailureOr<Value> result = generateBody(builder, infer, model.body,
                                           std::move(inputs),
                                           infer.getArgument(0), "", &named);
    if (failed(result))
      return failure();

    // The single form returns the running value; named results return
    // their values, in declaration order (Sema checked each is bound).
    SmallVector<Value> values;
    for (const ast::Input &declared : model.results) {
      Value value = declared.name.empty() ? *result : named.lookup(declared.name);
      auto produced = cast<RankedTensorType>(value.getType());
      if (compatible(tensorType(declared.type), produced))
        values.push_back(value);
      else if (declared.name.empty())
        return emitError(loc(declared.loc))
               << "model '" << model.name << "' declares its result as "
               << describe(declared.type) << " but its layers produce "
               << describe(produced);
      else {
        InFlightDiagnostic error =
            emitError(bindingLoc(declared.name))
            << "result '" << declared.name << "' is declared as "
            << describe(declared.type) << " but its value is "
            << describe(produced);
        error.attachNote(loc(declared.loc))
            << "'" << declared.name << "' is declared here";
        return error;
      }
    }
    builder.create<func::ReturnOp>(loc(model.results.front().loc), values);
    infer.setFunctionType(builder.getFunctionType(infer.getArgumentTypes(),
                                                  ValueRange(values).getTypes()));
    for (auto [i, declared] : llvm::enumerate(model.results)) {
      infer.setResultAttr(i, kDimsAttr, dimsAttr(declared.type));
      if (!declared.name.empty())
        infer.setResultAttr(i, kOutputAttr,
                            builder.getStringAttr(declared.name));
    }
    return success();
  }

  /// Where the body binds the value `name` (a top-level Value statement).
  Location bindingLoc(StringRef name) {
    for (const ast::Statement &stmt : model.body)
      if (stmt.kind == ast::Statement::Kind::Value && stmt.name == name)
        return loc(stmt.loc);
    return loc(model.loc);
  }

  const ast::Setting *findSetting(const ast::Train &train, StringRef key) {
    for (const ast::Setting &s : train.settings)
      if (s.key == key)
        return &s;
    return nullptr;
  }

  /// What `call` (a loss) compares a prediction of `predictionType`
  /// with, and the target's dimension expressions: the prediction's, or
  /// without the class axis (axis 1) for cross_entropy(targets: indices),
  /// one class per position.
  LogicalResult lossTarget(const ast::Expr &call, Location at,
                           RankedTensorType predictionType, ArrayAttr dims,
                           RankedTensorType &targetType,
                           ArrayAttr &targetDims) {
    const ast::Expr *targets = findArg(call.args, "targets");
    targetType = predictionType;
    targetDims = dims;
    if (!(call.text == "cross_entropy" && targets &&
          targets->text == "indices"))
      return success();
    if (predictionType.getRank() < 2)
      return emitError(at) << "cross_entropy needs a result with a class "
                              "axis ([N, C, ...]), got "
                           << describe(predictionType);
    SmallVector<int64_t> positions(predictionType.getShape());
    positions.erase(positions.begin() + 1);
    targetType = RankedTensorType::get(positions, builder.getF32Type());
    SmallVector<Attribute> kept(dims.getValue());
    kept.erase(kept.begin() + 1);
    targetDims = builder.getArrayAttr(kept);
    return success();
  }

  /// The loss op `call` names (`mse`, `cross_entropy(targets: indices)`,
  /// with its reduction) of `prediction` against `target`.
  FailureOr<Value> createLoss(const ast::Expr &call, Location at,
                              Value prediction, Value target) {
    const ast::Expr *targets = findArg(call.args, "targets");
    bool indexTargets = call.text == "cross_entropy" && targets &&
                        targets->text == "indices";
    const ast::Expr *reduction = findArg(call.args, "reduction");
    SmallVector<NamedAttribute, 1> attrs;
    if (reduction && reduction->text != "mean")
      attrs.push_back(builder.getNamedAttr(
          "reduction", builder.getStringAttr(reduction->text)));
    SmallVector<Value, 2> operands{prediction, target};
    const std::string &kind = call.text;
    if (kind == "mse")
      return createInferred<MSELossOp>(builder, at, operands, attrs);
    if (kind == "bce")
      return createInferred<BCELossOp>(builder, at, operands, attrs);
    if (kind == "bce_with_logits")
      return createInferred<BCEWithLogitsLossOp>(builder, at, operands, attrs);
    if (kind == "cross_entropy" && indexTargets)
      return createInferred<CrossEntropyIndexLossOp>(builder, at, operands,
                                                     attrs);
    if (kind == "cross_entropy")
      return createInferred<CrossEntropyLossOp>(builder, at, operands, attrs);
    return emitError(at) << "unsupported loss '" << kind << "'";
  }

  LogicalResult generateLoss(const ast::Train &train) {
    const ast::Setting *lossSetting = findSetting(train, "loss");
    if (lossSetting && lossSetting->value.kind == ast::Expr::Kind::List)
      return generateOutputLosses(lossSetting->value);
    Location at = loc(lossSetting ? lossSetting->loc : train.loc);
    auto predictionType = cast<RankedTensorType>(infer.getResultTypes().front());
    ast::Expr none;
    const ast::Expr &call = lossSetting ? lossSetting->value : none;
    RankedTensorType targetType;
    ArrayAttr targetDims;
    if (failed(lossTarget(call, at, predictionType,
                          dimsAttr(model.results.front().type), targetType,
                          targetDims)))
      return failure();
    auto fn = builder.create<func::FuncOp>(
        at, kLossFn,
        builder.getFunctionType({predictionType, targetType},
                                {RankedTensorType::get({}, builder.getF32Type())}));
    fn.setArgAttr(1, kTargetAttr, builder.getUnitAttr());
    fn.setArgAttr(1, kDimsAttr, targetDims);
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToStart(fn.addEntryBlock());
    FailureOr<Value> loss =
        createLoss(call, at, fn.getArgument(0), fn.getArgument(1));
    if (failed(loss))
      return failure();
    builder.create<func::ReturnOp>(at, *loss);
    return success();
  }

  /// `loss: cross_entropy(output: cls) + 0.5 * mse(output: score)`, in
  /// canonical form a List of calls, one per result in declaration order
  /// (dsl/OutputLoss.h). @loss takes every prediction, then one target:
  /// with several outputs a [N, T] row per example holding each output's
  /// target in order (its element count per example; 1 for class
  /// indices), which nn.columns splits and nn.reshape shapes. The weighted
  /// losses are summed.
  LogicalResult generateOutputLosses(const ast::Expr &terms) {
    Location at = loc(terms.loc);
    unsigned count = infer.getNumResults();
    if (terms.elements.size() != count)
      return emitError(at) << "expected " << count << " losses, got "
                           << terms.elements.size();
    SmallVector<RankedTensorType> targetTypes;
    SmallVector<ArrayAttr> targetDims;
    SmallVector<int64_t> widths;
    int64_t total = 0;
    for (auto [i, call] : llvm::enumerate(terms.elements)) {
      auto prediction = cast<RankedTensorType>(infer.getResultTypes()[i]);
      RankedTensorType type;
      ArrayAttr dims;
      if (failed(lossTarget(call, loc(call.loc), prediction,
                            dimsAttr(model.results[i].type), type, dims)))
        return failure();
      targetTypes.push_back(type);
      targetDims.push_back(dims);
      int64_t width = 1;
      for (int64_t extent : type.getShape().drop_front())
        width = ShapedType::isDynamic(width) || ShapedType::isDynamic(extent)
                    ? ShapedType::kDynamic
                    : width * extent;
      if (count > 1 && ShapedType::isDynamic(width))
        return emitError(loc(call.loc))
               << "the target row of a model with several outputs needs "
                  "static extents after the batch; output '"
               << model.results[i].name << "' compares with "
               << describe(type);
      widths.push_back(width);
      total += width;
    }
    SmallVector<Type> argTypes(infer.getResultTypes());
    RankedTensorType rowType = targetTypes.front();
    ArrayAttr rowDims = targetDims.front();
    if (count > 1) {
      rowType = RankedTensorType::get({ShapedType::kDynamic, total},
                                      builder.getF32Type());
      rowDims = builder.getArrayAttr(
          {targetDims.front()[0], builder.getStringAttr(std::to_string(total))});
    }
    argTypes.push_back(rowType);
    auto fn = builder.create<func::FuncOp>(
        at, kLossFn,
        builder.getFunctionType(argTypes, {RankedTensorType::get(
                                              {}, builder.getF32Type())}));
    fn.setArgAttr(count, kTargetAttr, builder.getUnitAttr());
    fn.setArgAttr(count, kDimsAttr, rowDims);
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToStart(fn.addEntryBlock());
    Value row = fn.getArgument(count);
    Value sum;
    int64_t offset = 0;
    for (auto [i, call] : llvm::enumerate(terms.elements)) {
      Location callLoc = loc(call.loc);
      Value target = row;
      if (count > 1) {
        auto columnsType = RankedTensorType::get(
            {ShapedType::kDynamic, widths[i]}, builder.getF32Type());
        target = builder.create<ColumnsOp>(callLoc, columnsType, row,
                                           builder.getI64IntegerAttr(offset));
        if (targetTypes[i] != columnsType)
          target = builder.create<ReshapeOp>(callLoc, targetTypes[i], target);
        offset += widths[i];
      }
      FailureOr<Value> loss =
          createLoss(call, callLoc, fn.getArgument(i), target);
      if (failed(loss))
        return failure();
      Value term = *loss;
      const ast::Expr *weight = findArg(call.args, "weight");
      if (weight && weight->number != 1.0)
        term = builder.create<ScaleOp>(callLoc, term,
                                       builder.getF32FloatAttr(weight->number));
      sum = sum ? builder.create<AddOp>(callLoc, sum, term).getResult() : term;
    }
    builder.create<func::ReturnOp>(at, sum);
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
    else if (call.text == "cosine")
      schedule = CosineLRAttr::get(&ctx, integer("epochs"), number("min_lr"));
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
