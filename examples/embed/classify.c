/* classify.c - a program that embeds netc's promoter CNN
 * (examples/promoter/promoter_cnn.net): it starts from the weights compiled
 * into it, trains them for a few epochs on a labelled FASTA file with the
 * generated training step, then classifies the sequences of a second FASTA
 * file and prints one line per sequence:
 *
 *   ID <tab> P(promoter) <tab> predicted class [<tab> ok|wrong]
 *
 * and, when the records carry `class=0|1` labels, the accuracy. Every call
 * goes through the generated C API and reports failures with its message.
 *
 *   classify [--epochs E] TRAIN.fasta TEST.fasta
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netc_encode.h"
#include "netc_fasta.h"
#include "promoter_cnn.h"

enum { LENGTH = 200, BATCH = 32 };

typedef struct {
  int64_t count;
  float *dna;    /* count x 4 x LENGTH, one-hot */
  float *labels; /* count, or -1 when the record has no class=N */
  char **ids;
} dataset;

static int fail(const netc_status *s) {
  fprintf(stderr, "classify: error: %s\n", s->message);
  return 1;
}

static int read_fasta(const char *path, dataset *out, netc_status *s) {
  netc_fasta_reader *reader = NULL;
  netc_fasta_record record;
  int has = 0;
  memset(out, 0, sizeof *out);
  if (netc_fasta_reader_open(path, NETC_ALPHABET_DNA, &reader, s)) return 1;
  for (;;) {
    const char *label;
    if (netc_fasta_reader_next(reader, &record, &has, s)) break;
    if (!has) {
      netc_fasta_reader_close(reader);
      return 0;
    }
    out->dna = realloc(out->dna, sizeof(float) * 4 * LENGTH * (out->count + 1));
    out->labels = realloc(out->labels, sizeof(float) * (out->count + 1));
    out->ids = realloc(out->ids, sizeof(char *) * (out->count + 1));
    if (!out->dna || !out->labels || !out->ids) {
      netc_status_set(s, NETC_ERROR_OUT_OF_MEMORY, "out of memory");
      break;
    }
    if (netc_dna_encode_one_hot(record.sequence, record.length, LENGTH,
                                out->dna + 4 * LENGTH * out->count, s))
      break;
    label = strstr(record.description, "class=");
    out->labels[out->count] = label ? (float)atoi(label + 6) : -1.0f;
    out->ids[out->count] = strdup(record.id);
    out->count++;
  }
  netc_fasta_reader_close(reader);
  return 1;
}

int main(int argc, char **argv) {
  static float params[PROMOTER_CNN_PARAM_COUNT], next[PROMOTER_CNN_PARAM_COUNT];
  static float state[PROMOTER_CNN_STATE_COUNT + 1], next_state[PROMOTER_CNN_STATE_COUNT + 1];
  netc_status s;
  dataset train, test;
  int epochs = 3, arg = 1, correct = 0, labelled = 0;
  int64_t i, e;
  float loss = 0.0f, sum;
  void *workspace;
  size_t workspace_size;

  memset(&s, 0, sizeof s);
  if (argc > 2 && strcmp(argv[1], "--epochs") == 0) {
    epochs = atoi(argv[2]);
    arg = 3;
  }
  if (argc - arg != 2) {
    fprintf(stderr, "usage: classify [--epochs E] TRAIN.fasta TEST.fasta\n");
    return 2;
  }
  if (promoter_cnn_abi_version() != PROMOTER_CNN_ABI_VERSION) {
    fprintf(stderr, "classify: the library and promoter_cnn.h disagree\n");
    return 1;
  }
  if (promoter_cnn_copy_embedded_weights(params, &s)) return fail(&s);
  if (read_fasta(argv[arg], &train, &s) || read_fasta(argv[arg + 1], &test, &s))
    return fail(&s);

  /* Adam's state starts at zero; each step writes the next parameters.
   * One workspace, allocated here, serves every call: the generated code
   * allocates nothing. */
  memset(state, 0, sizeof state);
  workspace_size = promoter_cnn_train_step_workspace_bytes(BATCH);
  if (promoter_cnn_infer_workspace_bytes(1) > workspace_size)
    workspace_size = promoter_cnn_infer_workspace_bytes(1);
  workspace = aligned_alloc(PROMOTER_CNN_WORKSPACE_ALIGNMENT,
                            (workspace_size / PROMOTER_CNN_WORKSPACE_ALIGNMENT + 1) *
                                PROMOTER_CNN_WORKSPACE_ALIGNMENT);
  if (!workspace) {
    fprintf(stderr, "classify: out of memory\n");
    return 1;
  }
  for (e = 0; e < epochs; ++e) {
    sum = 0.0f;
    for (i = 0; i + BATCH <= train.count; i += BATCH) {
      if (promoter_cnn_train_step(BATCH, train.dna + 4 * LENGTH * i,
                                  train.labels + i, params, next, state,
                                  next_state, &loss, workspace, workspace_size, &s))
        return fail(&s);
      memcpy(params, next, sizeof params);
      memcpy(state, next_state, sizeof state);
      sum += loss;
    }
    fprintf(stderr, "epoch %d: mean loss %.4f\n", (int)e + 1,
            sum / (float)(train.count / BATCH));
  }

  for (i = 0; i < test.count; ++i) {
    float p;
    int predicted;
    if (promoter_cnn_infer(1, test.dna + 4 * LENGTH * i, params, &p, workspace, workspace_size, &s))
      return fail(&s);
    predicted = p >= 0.5f;
    printf("%s\t%.4f\t%d", test.ids[i], p, predicted);
    if (test.labels[i] >= 0.0f) {
      labelled++;
      correct += predicted == (int)test.labels[i];
      printf("\t%s", predicted == (int)test.labels[i] ? "ok" : "wrong");
    }
    printf("\n");
  }
  if (labelled)
    printf("accuracy %.3f on %d labelled sequences\n",
           (double)correct / labelled, labelled);
  return 0;
}
