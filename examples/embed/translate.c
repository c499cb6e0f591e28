/* translate.c - a program that embeds netc's translator
 * (examples/translator/translator.net) with trained weights compiled into
 * it (netc_add_model ... WEIGHTS trained.safetensors EMBED_WEIGHTS): it
 * translates every open reading frame of a FASTA file, of any length,
 * through the one compiled model, and prints one line per sequence:
 *
 *   ID <tab> protein
 *
 * With a second FASTA file of the true proteins (paired by order), it also
 * prints the per-codon accuracy. Every call goes through the generated C
 * API and reports failures with its message.
 *
 *   translate ORFS.fasta [PROTEINS.fasta]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netc_encode.h"
#include "netc_fasta.h"
#include "translator.h"

static const char kClasses[] = NETC_AMINO_ACIDS "*"; /* the model's 21 */
enum { CLASSES = 21 };

static int fail(const netc_status *s) {
  fprintf(stderr, "translate: error: %s\n", s->message);
  return 1;
}

int main(int argc, char **argv) {
  static float params[TRANSLATOR_PARAM_COUNT];
  /* The workspace grows, outside the calls, to the longest ORF seen. */
  void *workspace = NULL;
  size_t workspace_size = 0;
  netc_fasta_reader *orfs = NULL, *proteins = NULL;
  netc_fasta_record orf, protein;
  netc_status s;
  long codons = 0, correct = 0;
  int has = 0, has_protein = 0;

  memset(&s, 0, sizeof s);
  if (argc != 2 && argc != 3) {
    fprintf(stderr, "usage: translate ORFS.fasta [PROTEINS.fasta]\n");
    return 2;
  }
  if (translator_copy_embedded_weights(params, &s) ||
      netc_fasta_reader_open(argv[1], NETC_ALPHABET_DNA, &orfs, &s) ||
      (argc == 3 &&
       netc_fasta_reader_open(argv[2], NETC_ALPHABET_PROTEIN, &proteins, &s)))
    return fail(&s);
  for (;;) {
    int64_t length, positions, p;
    float *dna, *output;
    char *text;
    if (netc_fasta_reader_next(orfs, &orf, &has, &s)) return fail(&s);
    if (!has) break;
    positions = orf.length / 3;
    length = 3 * positions; /* a trailing partial codon is not read */
    dna = malloc(sizeof(float) * 4 * (size_t)length);
    output = malloc(sizeof(float) * CLASSES * (size_t)positions);
    text = malloc((size_t)positions + 1);
    if (translator_workspace_bytes(1, (int32_t)length) > workspace_size) {
      workspace_size = translator_workspace_bytes(1, (int32_t)length);
      free(workspace);
      workspace = aligned_alloc(TRANSLATOR_WORKSPACE_ALIGNMENT,
                                (workspace_size / TRANSLATOR_WORKSPACE_ALIGNMENT + 1) *
                                    TRANSLATOR_WORKSPACE_ALIGNMENT);
    }
    if (!dna || !output || !text || !workspace) {
      fprintf(stderr, "translate: out of memory\n");
      return 1;
    }
    /* One sequence: N = 1, L = its length; [1, 4, L] in, [1, 21, L/3] out. */
    if (netc_dna_encode_one_hot(orf.sequence, length, length, dna, &s) ||
        translator_infer(1, (int32_t)length, dna, params, output, workspace,
                         workspace_size, &s))
      return fail(&s);
    for (p = 0; p < positions; ++p) {
      int c, best = 0;
      for (c = 1; c < CLASSES; ++c)
        if (output[c * positions + p] > output[best * positions + p]) best = c;
      text[p] = kClasses[best];
    }
    text[positions] = '\0';
    printf("%s\t%s\n", orf.id, text);
    if (proteins) {
      if (netc_fasta_reader_next(proteins, &protein, &has_protein, &s))
        return fail(&s);
      for (p = 0; has_protein && p < positions && p < protein.length; ++p) {
        codons++;
        correct += text[p] == protein.sequence[p];
      }
    }
    free(dna);
    free(output);
    free(text);
  }
  free(workspace);
  if (codons)
    printf("per-codon accuracy %.4f over %ld codons\n",
           (double)correct / (double)codons, codons);
  netc_fasta_reader_close(orfs);
  netc_fasta_reader_close(proteins);
  return 0;
}
