/* The course's proline question, answered by the embedded model.
 *
 * translator_prolines.net trains on ORFs in which proline is only ever
 * written CCT or CCC. This program links the library `netc build` made from
 * it, loads the trained weights, and asks the model about all four proline
 * codons: the probability it gives proline, and its best guess.
 *
 *   netc build translator_prolines.net -o out
 *   cc prolines.c -Iout out/translator_prolines.a -lpthread -ldl -lm
 *   ./a.out translator_prolines.safetensors
 */
#include "translator_prolines.h"

#include <stdio.h>

static const char kAminoAcids[] = "ACDEFGHIKLMNPQRSTVWY*";
enum { kClasses = 21, kCodons = 4, kProline = 12 };

int main(int argc, char **argv) {
  static const char *codons[kCodons] = {"CCT", "CCC", "CCA", "CCG"};
  static float params[TRANSLATOR_PROLINES_PARAM_COUNT];
  float dna[kCodons][4][3] = {{{0}}}; /* [N, 4 bases A C G T, L = 3] */
  float output[kCodons][kClasses][1];
  /* Scratch for the call's intermediates: the generated code allocates
   * nothing. Static, so its size is checked at run time against
   * translator_prolines_workspace_bytes(kCodons, 3). */
  static _Alignas(TRANSLATOR_PROLINES_WORKSPACE_ALIGNMENT) unsigned char workspace[1 << 16];
  netc_status status;
  int n, b, c;
  if (argc != 2) {
    fprintf(stderr, "usage: %s WEIGHTS.safetensors\n", argv[0]);
    return 2;
  }
  if (translator_prolines_load_weights(argv[1], params, &status) != NETC_OK) {
    fprintf(stderr, "%s\n", status.message);
    return 1;
  }
  for (n = 0; n < kCodons; ++n)
    for (b = 0; b < 3; ++b) {
      const char *bases = "ACGT";
      int channel = 0;
      while (bases[channel] != codons[n][b])
        ++channel;
      dna[n][channel][b] = 1.0f;
    }
  if (translator_prolines_infer(kCodons, 3, &dna[0][0][0], params,
                                &output[0][0][0], workspace, sizeof workspace,
                                &status) != NETC_OK) {
    fprintf(stderr, "%s\n", status.message);
    return 1;
  }
  printf("codon  seen in training  P(proline)  best guess\n");
  for (n = 0; n < kCodons; ++n) {
    int best = 0;
    for (c = 1; c < kClasses; ++c)
      if (output[n][c][0] > output[n][best][0])
        best = c;
    printf("%s    %-16s  %10.4f  %c (%.4f)\n", codons[n],
           n < 2 ? "yes" : "no", output[n][kProline][0], kAminoAcids[best],
           output[n][best][0]);
  }
  return 0;
}
