/* For aot-two-outputs.test: runs twohead_infer (netc build of twohead.net,
 * two outputs) on the inputs of a csv file (8 columns, then 2 targets) with
 * the weights of a checkpoint, and prints what `netc predict` prints: one
 * row per example, `cls_0..cls_2`, then `score_0`. */
#include "twohead.h"

#include <stdio.h>
#include <stdlib.h>

#define MAX_ROWS 64

int main(int argc, char **argv) {
  static float params[TWOHEAD_PARAM_COUNT];
  static float x[MAX_ROWS * TWOHEAD_X_FEATURES];
  static float cls[MAX_ROWS * TWOHEAD_CLS_FEATURES];
  static float score[MAX_ROWS * TWOHEAD_SCORE_FEATURES];
  netc_status s;
  if (argc != 3)
    return 2;
  if (twohead_load_weights(argv[1], params, &s) != NETC_OK) {
    fprintf(stderr, "%s\n", s.message);
    return 1;
  }
  FILE *f = fopen(argv[2], "r");
  if (!f)
    return 1;
  int n = 0;
  float target[2];
  while (n < MAX_ROWS) {
    int read = 0;
    for (int i = 0; i < TWOHEAD_X_FEATURES; ++i)
      read += fscanf(f, "%f,", &x[n * TWOHEAD_X_FEATURES + i]);
    read += fscanf(f, "%f,%f", &target[0], &target[1]);
    if (read != TWOHEAD_X_FEATURES + 2)
      break;
    ++n;
  }
  fclose(f);
  size_t bytes = twohead_infer_workspace_bytes(n);
  void *workspace = NULL;
  if (bytes && posix_memalign(&workspace, TWOHEAD_WORKSPACE_ALIGNMENT, bytes))
    return 1;
  /* One output pointer per result, in declaration order. */
  if (twohead_infer(n, x, params, cls, score, workspace, bytes, &s) !=
      NETC_OK) {
    fprintf(stderr, "%s\n", s.message);
    return 1;
  }
  printf("id,cls_0,cls_1,cls_2,score_0\n");
  for (int e = 0; e < n; ++e) {
    printf("row %d", e + 1);
    for (int c = 0; c < TWOHEAD_CLS_FEATURES; ++c)
      printf(",%.9g", cls[e * TWOHEAD_CLS_FEATURES + c]);
    printf(",%.9g\n", score[e]);
  }
  free(workspace);
  return 0;
}
