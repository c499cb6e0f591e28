/* netc_encode.h - turns sequences and class labels into the float tensors a
 * model consumes: one-hot DNA, one-hot protein, BLOSUM62 rows, one-hot
 * labels.
 *
 * Layout. Sequence encoders write a [C, L] tensor, channel-major: element
 * (channel c, position j) is out_values[c * out_length + j], the layout of
 * one example of a 1-D convolution's input. `length` residues are read from
 * `sequence` (which need not be NUL-terminated); `out_length` columns are
 * written. A longer sequence is truncated to its first out_length residues;
 * a shorter one is padded on the right (with zeros for one-hot encodings,
 * with the caller's pad value for BLOSUM62). Every residue, including those
 * cut off by truncation, is checked before anything is written. Letters are
 * accepted in either case.
 *
 * DNA one-hot, 4 channels in the order A C G T. An IUPAC ambiguity code is
 * the average of the one-hot vectors of the bases it stands for, so each
 * column still sums to 1:
 *   A, C, G, T           1 in their channel
 *   R (A/G) Y (C/T) S (C/G) W (A/T) K (G/T) M (A/C)      0.5 in two channels
 *   B (C/G/T) D (A/G/T) H (A/C/T) V (A/C/G)              1/3 in three
 *   N (any)                                              0.25 in all four
 * Anything else (U, '-', digits, ...) is an error.
 *
 * Protein one-hot, 20 channels in alphabetical one-letter order
 * A C D E F G H I K L M N P Q R S T V W Y (NETC_AMINO_ACIDS), or 21 with the
 * stop channel, which '*' sets. The other letters of NETC_ALPHABET_PROTEIN
 * follow the DNA rule: B (D/N), Z (E/Q) and J (I/L) are 0.5 in two channels;
 * X (unknown), U (selenocysteine), O (pyrrolysine) and '-' (gap) are all
 * zero, and so is '*' when there is no stop channel. Anything else is an
 * error.
 *
 * BLOSUM62. netc_substitution_matrix_load reads a matrix in NCBI's text
 * format; the one netc uses is NCBI's BLOSUM62 as shipped by Debian's
 * `ncbi-data` package (NETC_BLOSUM62_PATH): '#' comment lines, a header row
 * of residue letters (A R N D ... B J Z X *, 25 columns), then one row per
 * residue, its letter followed by one integer per column. The encoding of a
 * peptide is [20, L]: column j is the matrix row of residue j restricted to
 * the 20 standard amino acids in NETC_AMINO_ACIDS order, so
 * out[c * L + j] = score(residue_j, NETC_AMINO_ACIDS[c]). Residues with a row
 * in the file (the 20, and B J Z X * for BLOSUM62) encode; others are an
 * error. Scores are the file's integers, unscaled.
 *
 * Labels: class k of n becomes a row of n floats, 1 at k and 0 elsewhere.
 *
 * Error and ownership rules: see netc_status.h. On any error the output
 * buffer is untouched. Messages name the 1-based position:
 *   illegal character 'U' at position 7 of a DNA sequence
 *   residue 'U' at position 3 has no row in the substitution matrix
 *   label 12 at index 3 is out of range for 10 classes
 * Part of the netc_data library.
 */
#ifndef NETC_RUNTIME_NETC_ENCODE_H_
#define NETC_RUNTIME_NETC_ENCODE_H_

#include <stdint.h>

#include "netc_status.h"

#ifdef __cplusplus
extern "C" {
#endif

enum {
  NETC_DNA_CHANNELS = 4,
  NETC_PROTEIN_CHANNELS = 20,
  /* Protein one-hot with the stop channel '*'. */
  NETC_PROTEIN_CHANNELS_WITH_STOP = 21,
  /* The most residues a substitution matrix file may list. */
  NETC_MATRIX_MAX_RESIDUES = 32
};

/* The 20 standard amino acids in channel order. */
#define NETC_AMINO_ACIDS "ACDEFGHIKLMNPQRSTVWY"

/* Where Debian's ncbi-data package installs NCBI's BLOSUM62. */
#define NETC_BLOSUM62_PATH "/usr/share/ncbi/data/BLOSUM62"

/* The channel of amino acid `c` (either case) in NETC_AMINO_ACIDS, or -1
 * when it is not one of the 20. */
int netc_amino_acid_index(char c);

/* Encodes a DNA sequence into out_values[NETC_DNA_CHANNELS * out_length].
 * Returns NETC_OK, NETC_ERROR_FORMAT (illegal character) or
 * NETC_ERROR_INVALID_ARGUMENT (negative lengths, NULL pointers where data
 * is needed). */
netc_status_code netc_dna_encode_one_hot(const char *sequence, int64_t length,
                                         int64_t out_length, float *out_values,
                                         netc_status *status);

/* Encodes a protein sequence into out_values[C * out_length], where C is
 * NETC_PROTEIN_CHANNELS_WITH_STOP when `stop_channel` is nonzero, else
 * NETC_PROTEIN_CHANNELS. Errors as netc_dna_encode_one_hot. */
netc_status_code netc_protein_encode_one_hot(const char *sequence,
                                             int64_t length, int stop_channel,
                                             int64_t out_length,
                                             float *out_values,
                                             netc_status *status);

/* A substitution matrix as read from an NCBI-format file: every residue of
 * the file's header row, each with its scores against the 20 standard amino
 * acids. Plain data; nothing to free. */
typedef struct netc_substitution_matrix {
  int32_t residue_count;
  /* The header row's residues in file order, upper case, NUL-terminated. */
  char residues[NETC_MATRIX_MAX_RESIDUES + 1];
  /* scores[r][c] = score(residues[r], NETC_AMINO_ACIDS[c]). */
  float scores[NETC_MATRIX_MAX_RESIDUES][NETC_PROTEIN_CHANNELS];
} netc_substitution_matrix;

/* Reads the NCBI-format matrix at `path` (plain or gzip). Checks that the
 * header row lists distinct single letters including the 20 standard amino
 * acids, that every header residue has exactly one row with one number per
 * column, and that the 20 x 20 standard block is symmetric. Messages:
 *   BLOSUM62:9: error: row 'R' has 24 scores, expected 25
 *   BLOSUM62:4: error: row 'A': score 3 is not a number: 'x'
 *   BLOSUM62: error: no row for 'W'
 *   BLOSUM62: error: matrix is not symmetric: score(A, R) is -1 but
 *                    score(R, A) is 2
 * Returns NETC_OK, NETC_ERROR_IO, NETC_ERROR_FORMAT,
 * NETC_ERROR_OUT_OF_MEMORY or NETC_ERROR_INVALID_ARGUMENT. On error
 * *out_matrix is zeroed. */
netc_status_code netc_substitution_matrix_load(
    const char *path, netc_substitution_matrix *out_matrix,
    netc_status *status);

/* Encodes a peptide into out_values[NETC_PROTEIN_CHANNELS * out_length]
 * with the rows of `matrix` (see BLOSUM62 above); padded columns are all
 * `pad_value`. Returns NETC_OK, NETC_ERROR_FORMAT (a residue without a row)
 * or NETC_ERROR_INVALID_ARGUMENT. */
netc_status_code netc_protein_encode_blosum(
    const netc_substitution_matrix *matrix, const char *sequence,
    int64_t length, int64_t out_length, float pad_value, float *out_values,
    netc_status *status);

/* Writes labels[0..count) as one-hot rows into out_values[count *
 * class_count], row-major: out_values[i * class_count + labels[i]] = 1.
 * Returns NETC_OK, NETC_ERROR_FORMAT (a label outside [0, class_count)) or
 * NETC_ERROR_INVALID_ARGUMENT (class_count < 1, negative count, NULL). */
netc_status_code netc_labels_encode_one_hot(const int64_t *labels,
                                            int64_t count, int64_t class_count,
                                            float *out_values,
                                            netc_status *status);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* NETC_RUNTIME_NETC_ENCODE_H_ */
