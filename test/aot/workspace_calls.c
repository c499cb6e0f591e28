/* The caller-owned workspace (docs/embedding.md) on seqnet.net, at several
 * batch sizes and lengths:
 *  - every entry point works in a workspace of exactly
 *    seqnet_<entry>_workspace_bytes(N, L) bytes, and inference equals a
 *    plain-C evaluation of the model, the loss the mean squared error of it;
 *  - every allocation of the pipeline has the workspace as its context, and
 *    the blocks together fit in the bound;
 *  - libc's malloc is not called during a call;
 *  - a workspace one byte or much too small is NETC_ERROR_OUT_OF_MEMORY
 *    "workspace too small", a misaligned one NETC_ERROR_INVALID_ARGUMENT,
 *    and nothing was written;
 *  - a pipeline that runs out of workspace part-way (the path the bound
 *    exists to rule out, forced here by asking the arena for more than
 *    Halide wanted) fails with the same status and the size it reached,
 *    without touching the heap. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdint.h>
#include <stdlib.h>

#include "aot_check.h"
#include "aot_inputs.h"
#include "seqnet.h"

/* malloc interposer: counts calls while `counting` is set. */
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
static volatile int counting = 0, heap_calls = 0;
void *malloc(size_t n) { if (counting) ++heap_calls; return __libc_malloc(n); }
void *calloc(size_t a, size_t b) { if (counting) ++heap_calls; return __libc_calloc(a, b); }
void *realloc(void *p, size_t n) { if (counting) ++heap_calls; return __libc_realloc(p, n); }

/* Wraps the hooks the entry points install, to see every Halide allocation. */
static halide_malloc_t generated_malloc;
static volatile int blocks = 0, null_context = 0;
static size_t block_bytes = 0, inflate = 0;
static void *watching_malloc(void *user_context, size_t bytes) {
  size_t a = SEQNET_WORKSPACE_ALIGNMENT;
  if (!user_context) ++null_context;
  __atomic_add_fetch(&blocks, 1, __ATOMIC_RELAXED);
  __atomic_add_fetch(&block_bytes, (bytes + a - 1) / a * a, __ATOMIC_RELAXED);
  return generated_malloc(user_context, bytes + inflate);
}

enum { MAX_N = 9, MAX_L = 40 };
static float dna[MAX_N * 4 * MAX_L], target[MAX_N * 3 * MAX_L], output[MAX_N * 3 * MAX_L];
static float params[SEQNET_PARAM_COUNT], new_params[SEQNET_PARAM_COUNT];
static float state[SEQNET_STATE_COUNT], new_state[SEQNET_STATE_COUNT];

/* conv1d(out 6, kernel 5), relu, conv1d(out 3, kernel 1) at (n, c, t). */
static float reference(int L, int n, int c, int t) {
  const float *w0 = params, *b0 = params + 120, *w2 = params + 126, *b2 = params + 144;
  float y = b2[c];
  int h, i, k;
  for (h = 0; h < 6; ++h) {
    float a = b0[h];
    for (i = 0; i < 4; ++i)
      for (k = 0; k < 5; ++k) a += w0[(h * 4 + i) * 5 + k] * dna[(n * 4 + i) * L + t + k];
    y += w2[c * 6 + h] * (a > 0 ? a : 0);
  }
  return y;
}

static int close_to(float a, float b) { return fabsf(a - b) <= 1e-5f + 1e-4f * fabsf(b); }

/* An aligned block of exactly `bytes` usable bytes and a guard after it. */
static unsigned char *exact(size_t bytes) {
  size_t a = SEQNET_WORKSPACE_ALIGNMENT;
  unsigned char *p = aligned_alloc(a, (bytes + 64 + a - 1) / a * a);
  memset(p + bytes, 0xA5, 64);
  return p;
}
static int guard_intact(const unsigned char *p, size_t bytes) {
  int i;
  for (i = 0; i < 64; ++i)
    if (p[bytes + i] != 0xA5) return 0;
  return 1;
}

static void run_shape(int N, int L) {
  size_t infer_bytes = seqnet_infer_workspace_bytes(N, L);
  size_t step_bytes = seqnet_train_step_workspace_bytes(N, L);
  unsigned char *ws_infer = exact(infer_bytes), *ws_step = exact(step_bytes);
  netc_status s;
  float loss = -1, mse = 0;
  int n, c, t, wrong = 0, outs = N * 3 * (L - 4);

  CHECK(seqnet_workspace_bytes(N, L) ==
        (infer_bytes > step_bytes ? infer_bytes : step_bytes));
  for (n = 0; n < N * 4 * L; ++n) dna[n] = netc_aot_input(n + 7 * L);
  for (n = 0; n < outs; ++n) target[n] = netc_aot_target(n);

  blocks = 0, block_bytes = 0, heap_calls = 0, counting = 1;
  CHECK(seqnet_infer(N, L, dna, params, output, ws_infer, infer_bytes, &s) == NETC_OK);
  counting = 0;
  CHECK(heap_calls == 0);
  CHECK(block_bytes <= infer_bytes);
  CHECK(guard_intact(ws_infer, infer_bytes));
  printf("N = %d, L = %d: infer %d blocks, %zu of %zu bytes\n", N, L, blocks,
         block_bytes, infer_bytes);
  for (n = 0; n < N; ++n)
    for (c = 0; c < 3; ++c)
      for (t = 0; t < L - 4; ++t) {
        float want = reference(L, n, c, t), got = output[(n * 3 + c) * (L - 4) + t];
        float d = want - target[(n * 3 + c) * (L - 4) + t];
        mse += d * d;
        if (!close_to(got, want) && wrong++ < 3)
          fprintf(stderr, "N = %d, L = %d: output(%d, %d, %d) is %g, want %g\n", N, L, n,
                  c, t, got, want);
      }
  CHECK(wrong == 0);
  mse /= outs;

  blocks = 0, block_bytes = 0, heap_calls = 0, counting = 1;
  CHECK(seqnet_train_step(N, L, dna, target, params, new_params, state, new_state, &loss,
                          ws_step, step_bytes, &s) == NETC_OK);
  counting = 0;
  CHECK(heap_calls == 0);
  CHECK(blocks > 0 && block_bytes <= step_bytes);
  CHECK(guard_intact(ws_step, step_bytes));
  CHECK(close_to(loss, mse));
  printf("N = %d, L = %d: train_step %d blocks, %zu of %zu bytes, loss %g\n", N, L, blocks,
         block_bytes, step_bytes, loss);

  /* Too small, by one byte and by far; misaligned. Outputs stay untouched. */
  output[0] = 12345.0f;
  CHECK_STATUS(seqnet_infer(N, L, dna, params, output, ws_infer, infer_bytes - 1, &s), s,
               NETC_ERROR_OUT_OF_MEMORY, "workspace too small");
  CHECK(strstr(s.message, "need at least") != NULL);
  CHECK_STATUS(seqnet_train_step(N, L, dna, target, params, new_params, state, new_state,
                                 &loss, ws_step, 1, &s), s,
               NETC_ERROR_OUT_OF_MEMORY, "workspace too small: 1 bytes given");
  CHECK_STATUS(seqnet_infer(N, L, dna, params, output, ws_infer + 8, infer_bytes, &s), s,
               NETC_ERROR_INVALID_ARGUMENT, "'workspace'");
  CHECK(strstr(s.message, "is not aligned to 128 bytes") != NULL);
  CHECK(output[0] == 12345.0f);
  free(ws_infer);
  free(ws_step);
}

int main(void) {
  static const int shapes[][2] = {{1, 5}, {2, 12}, {3, 17}, {9, 40}};
  static _Alignas(SEQNET_WORKSPACE_ALIGNMENT) unsigned char warm[1 << 20];
  netc_status s;
  char expected[96];
  size_t i;
  for (i = 0; i < SEQNET_PARAM_COUNT; ++i) params[i] = netc_aot_param((int)i);
  /* The first call installs the hooks and starts Halide's thread pool (which
   * allocates its threads once); the counted calls come after it. */
  CHECK(seqnet_infer(1, 5, dna, params, output, warm, sizeof warm, &s) == NETC_OK);
  generated_malloc = halide_set_custom_malloc(watching_malloc);
  for (i = 0; i < sizeof shapes / sizeof shapes[0]; ++i) run_shape(shapes[i][0], shapes[i][1]);
  CHECK(null_context == 0);
  /* The message states the exact need. */
  snprintf(expected, sizeof expected, "need at least %zu bytes for N = 2, L = 12",
           seqnet_infer_workspace_bytes(2, 12));
  CHECK_STATUS(seqnet_infer(2, 12, dna, params, output, warm, 100, &s), s,
               NETC_ERROR_OUT_OF_MEMORY, expected);
  /* Out of space inside the pipeline: the entry point's own check passes
   * (the workspace is as big as the bound), then every block asks for 1 MiB
   * more. The arena refuses, Halide stops, and the status says how far the
   * call got; the heap is never asked instead. */
  {
    size_t bytes = seqnet_train_step_workspace_bytes(3, 17);
    unsigned char *ws = exact(bytes);
    float loss = -1;
    unsigned long long given = 0, need = 0;
    const char *at;
    inflate = 1 << 20, heap_calls = 0, counting = 1;
    CHECK_STATUS(seqnet_train_step(3, 17, dna, target, params, new_params, state, new_state,
                                   &loss, ws, bytes, &s), s,
                 NETC_ERROR_OUT_OF_MEMORY, "seqnet_train_step: workspace too small");
    counting = 0, inflate = 0;
    CHECK(heap_calls == 0);
    CHECK(guard_intact(ws, bytes));
    at = strstr(s.message, "too small: ");
    CHECK(at && sscanf(at, "too small: %llu bytes given, need at least %llu", &given,
                       &need) == 2);
    CHECK(given == bytes);
    CHECK(need > bytes && need >= (1 << 20));
    /* The same workspace serves the next honest call. */
    CHECK(seqnet_train_step(3, 17, dna, target, params, new_params, state, new_state, &loss,
                            ws, bytes, &s) == NETC_OK);
    free(ws);
  }
  /* The workspace must not overlap a tensor. */
  CHECK_STATUS(seqnet_infer(1, 5, (const float *)(void *)warm, params, output, warm,
                            sizeof warm, &s), s,
               NETC_ERROR_INVALID_ARGUMENT, "'workspace' overlaps 'dna'");
  return netc_check_result();
}
