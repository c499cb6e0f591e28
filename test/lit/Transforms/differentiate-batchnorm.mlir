// RUN: netc %examples/translator/translator.net --emit=mlir-train | FileCheck %s
// Training switches batchnorm to the batch's statistics: @loss_and_grad
// holds nn.batchnorm_train with its three gradients, and the running
// statistics come back updated in their slots; @train_step passes them
// through instead of optimising them. @evaluate keeps the running ones,
// folded into the convolutions by nn-fold-batchnorm.

// CHECK-LABEL: func.func @evaluate
// CHECK: nn.batchnorm_fold_bias %{{.*}}, %{{.*}}, %[[M:.*]], %[[V:[^ ]*]], %{{.*}} {eps

// CHECK-LABEL: func.func @loss_and_grad
// CHECK: nn.batchnorm_train
// CHECK: %[[NEWMEAN:.*]] = nn.running_stat %{{.*}}, %{{.*}} {statistic = "mean", momentum = 1.000000e-01}
// CHECK: %[[NEWVAR:.*]] = nn.running_stat %{{.*}}, %{{.*}} {statistic = "var", momentum = 1.000000e-01}
// CHECK-DAG: nn.batchnorm_input_grad
// CHECK-DAG: nn.batchnorm_weight_grad
// CHECK-DAG: nn.channel_sum
// CHECK: return {{.*}}%[[NEWMEAN]], %[[NEWVAR]]

// CHECK-LABEL: func.func @train_step
