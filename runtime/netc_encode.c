/* netc_encode.c - sequence and label encoders; see netc_encode.h.
 *
 * Each encoder makes two passes: the first checks every residue (so an
 * error leaves the output untouched), the second writes all out_length
 * columns, zero or pad first and then the residue's channels.
 */
#include "netc_encode.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netc_line_reader.h"

static char netc_upper(char c) {
  return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
}

/* Writes `c` as it appears between quotes in a message. */
static void netc_quote_char(char c, char out[8]) {
  unsigned char u = (unsigned char)c;
  if (c == '\'' || c == '\\') {
    snprintf(out, 8, "\\%c", c);
  } else if (u >= 0x20 && u < 0x7f) {
    snprintf(out, 8, "%c", c);
  } else {
    snprintf(out, 8, "\\x%02x", u);
  }
}

int netc_amino_acid_index(char c) {
  static const char amino_acids[] = NETC_AMINO_ACIDS;
  char upper = netc_upper(c);
  if (upper == '\0') return -1;
  const char *found = strchr(amino_acids, upper);
  return found ? (int)(found - amino_acids) : -1;
}

static netc_status_code netc_check_sequence_args(const char *function,
                                                 const char *sequence,
                                                 int64_t length,
                                                 int64_t out_length,
                                                 const float *out_values,
                                                 netc_status *status) {
  if (length < 0 || out_length < 0) {
    return netc_status_set(status, NETC_ERROR_INVALID_ARGUMENT,
                           "%s: negative length", function);
  }
  if ((length > 0 && sequence == NULL) ||
      (out_length > 0 && out_values == NULL)) {
    return netc_status_set(status, NETC_ERROR_INVALID_ARGUMENT, "%s: %s is NULL",
                           function, sequence == NULL ? "sequence" : "out_values");
  }
  return NETC_OK;
}

/* ---- DNA ------------------------------------------------------------------ */

/* The bases an IUPAC code stands for, as bits A=1 C=2 G=4 T=8; 0 when `c`
 * is not a code. */
static unsigned netc_dna_bases(char c) {
  switch (netc_upper(c)) {
    case 'A': return 1u;
    case 'C': return 2u;
    case 'G': return 4u;
    case 'T': return 8u;
    case 'R': return 1u | 4u;
    case 'Y': return 2u | 8u;
    case 'S': return 2u | 4u;
    case 'W': return 1u | 8u;
    case 'K': return 4u | 8u;
    case 'M': return 1u | 2u;
    case 'B': return 2u | 4u | 8u;
    case 'D': return 1u | 4u | 8u;
    case 'H': return 1u | 2u | 8u;
    case 'V': return 1u | 2u | 4u;
    case 'N': return 15u;
    default: return 0u;
  }
}

netc_status_code netc_dna_encode_one_hot(const char *sequence, int64_t length,
                                         int64_t out_length, float *out_values,
                                         netc_status *status) {
  netc_status_code code =
      netc_check_sequence_args("netc_dna_encode_one_hot", sequence, length,
                               out_length, out_values, status);
  if (code != NETC_OK) return code;
  for (int64_t j = 0; j < length; ++j) {
    if (netc_dna_bases(sequence[j]) == 0u) {
      char shown[8];
      netc_quote_char(sequence[j], shown);
      return netc_status_set(status, NETC_ERROR_FORMAT,
                             "illegal character '%s' at position %lld of a "
                             "DNA sequence",
                             shown, (long long)j + 1);
    }
  }
  for (int64_t i = 0; i < NETC_DNA_CHANNELS * out_length; ++i) {
    out_values[i] = 0.0f;
  }
  int64_t used = length < out_length ? length : out_length;
  for (int64_t j = 0; j < used; ++j) {
    unsigned bases = netc_dna_bases(sequence[j]);
    int n = 0;
    for (int b = 0; b < NETC_DNA_CHANNELS; ++b) n += (int)((bases >> b) & 1u);
    float weight = (float)(1.0 / n);
    for (int b = 0; b < NETC_DNA_CHANNELS; ++b) {
      if ((bases >> b) & 1u) out_values[b * out_length + j] = weight;
    }
  }
  return NETC_OK;
}

/* ---- Protein one-hot ------------------------------------------------------ */

/* The channels residue `c` sets (at most 2, each to 1/n) in *out; returns n,
 * 0 for an all-zero column, -1 for an illegal character. */
static int netc_protein_channels(char c, int stop_channel, int out[2]) {
  int index = netc_amino_acid_index(c);
  if (index >= 0) {
    out[0] = index;
    return 1;
  }
  const char *pair = NULL;
  switch (netc_upper(c)) {
    case 'B': pair = "DN"; break;
    case 'Z': pair = "EQ"; break;
    case 'J': pair = "IL"; break;
    case 'X':
    case 'U':
    case 'O':
    case '-':
      return 0;
    case '*':
      if (!stop_channel) return 0;
      out[0] = NETC_PROTEIN_CHANNELS;
      return 1;
    default:
      return -1;
  }
  out[0] = netc_amino_acid_index(pair[0]);
  out[1] = netc_amino_acid_index(pair[1]);
  return 2;
}

netc_status_code netc_protein_encode_one_hot(const char *sequence,
                                             int64_t length, int stop_channel,
                                             int64_t out_length,
                                             float *out_values,
                                             netc_status *status) {
  netc_status_code code =
      netc_check_sequence_args("netc_protein_encode_one_hot", sequence, length,
                               out_length, out_values, status);
  if (code != NETC_OK) return code;
  int channels[2];
  for (int64_t j = 0; j < length; ++j) {
    if (netc_protein_channels(sequence[j], stop_channel, channels) < 0) {
      char shown[8];
      netc_quote_char(sequence[j], shown);
      return netc_status_set(status, NETC_ERROR_FORMAT,
                             "illegal character '%s' at position %lld of a "
                             "protein sequence",
                             shown, (long long)j + 1);
    }
  }
  int64_t channel_count = stop_channel ? NETC_PROTEIN_CHANNELS_WITH_STOP
                                       : NETC_PROTEIN_CHANNELS;
  for (int64_t i = 0; i < channel_count * out_length; ++i) out_values[i] = 0.0f;
  int64_t used = length < out_length ? length : out_length;
  for (int64_t j = 0; j < used; ++j) {
    int n = netc_protein_channels(sequence[j], stop_channel, channels);
    for (int k = 0; k < n; ++k) {
      out_values[channels[k] * out_length + j] = n == 1 ? 1.0f : 0.5f;
    }
  }
  return NETC_OK;
}

/* ---- Substitution matrices ------------------------------------------------ */

typedef struct netc_matrix_parse {
  const char *path;
  netc_line_reader *lines;
  int have_header;
  int32_t count;
  char residues[NETC_MATRIX_MAX_RESIDUES + 1];
  int has_row[NETC_MATRIX_MAX_RESIDUES];
  float full[NETC_MATRIX_MAX_RESIDUES][NETC_MATRIX_MAX_RESIDUES];
} netc_matrix_parse;

static int netc_is_space(char c) { return c == ' ' || c == '\t'; }

/* Cuts the next space-separated token out of *cursor (in place). Returns
 * NULL when the line has no more tokens. */
static char *netc_next_token(char **cursor) {
  char *p = *cursor;
  while (netc_is_space(*p)) ++p;
  if (*p == '\0') {
    *cursor = p;
    return NULL;
  }
  char *token = p;
  while (*p != '\0' && !netc_is_space(*p)) ++p;
  if (*p != '\0') *p++ = '\0';
  *cursor = p;
  return token;
}

static int netc_matrix_find(const netc_matrix_parse *parse, char residue) {
  for (int32_t r = 0; r < parse->count; ++r) {
    if (parse->residues[r] == residue) return r;
  }
  return -1;
}

static netc_status_code netc_matrix_header(netc_matrix_parse *parse,
                                           char *line, netc_status *status) {
  long long line_number = (long long)parse->lines->line_number;
  char *cursor = line;
  char *token;
  while ((token = netc_next_token(&cursor)) != NULL) {
    if (strlen(token) != 1) {
      return netc_status_set(status, NETC_ERROR_FORMAT,
                             "%s:%lld: error: header entry '%.20s' is not a "
                             "single residue letter",
                             parse->path, line_number, token);
    }
    char residue = netc_upper(token[0]);
    if (netc_matrix_find(parse, residue) >= 0) {
      return netc_status_set(status, NETC_ERROR_FORMAT,
                             "%s:%lld: error: residue '%c' appears twice in "
                             "the header",
                             parse->path, line_number, residue);
    }
    if (parse->count == NETC_MATRIX_MAX_RESIDUES) {
      return netc_status_set(status, NETC_ERROR_FORMAT,
                             "%s:%lld: error: the header lists more than %d "
                             "residues",
                             parse->path, line_number,
                             NETC_MATRIX_MAX_RESIDUES);
    }
    parse->residues[parse->count++] = residue;
  }
  const char *standard = NETC_AMINO_ACIDS;
  for (int k = 0; k < NETC_PROTEIN_CHANNELS; ++k) {
    if (netc_matrix_find(parse, standard[k]) < 0) {
      return netc_status_set(status, NETC_ERROR_FORMAT,
                             "%s:%lld: error: the header has no column for "
                             "'%c'",
                             parse->path, line_number, standard[k]);
    }
  }
  parse->have_header = 1;
  return NETC_OK;
}

static netc_status_code netc_matrix_row(netc_matrix_parse *parse, char *line,
                                        netc_status *status) {
  long long line_number = (long long)parse->lines->line_number;
  char *cursor = line;
  char *label = netc_next_token(&cursor);
  char residue = netc_upper(label[0]);
  int row = strlen(label) == 1 ? netc_matrix_find(parse, residue) : -1;
  if (row < 0) {
    return netc_status_set(status, NETC_ERROR_FORMAT,
                           "%s:%lld: error: row label '%.20s' is not a residue "
                           "of the header",
                           parse->path, line_number, label);
  }
  if (parse->has_row[row]) {
    return netc_status_set(status, NETC_ERROR_FORMAT,
                           "%s:%lld: error: second row for '%c'", parse->path,
                           line_number, residue);
  }
  int32_t column = 0;
  char *token;
  while ((token = netc_next_token(&cursor)) != NULL) {
    if (column < parse->count) {
      char *end = NULL;
      errno = 0;
      double value = strtod(token, &end);
      if (*end != '\0' || !isfinite(value) || errno == ERANGE) {
        return netc_status_set(status, NETC_ERROR_FORMAT,
                               "%s:%lld: error: row '%c': score %d is not a "
                               "number: '%.20s'",
                               parse->path, line_number, residue, column + 1,
                               token);
      }
      parse->full[row][column] = (float)value;
    }
    ++column;
  }
  if (column != parse->count) {
    return netc_status_set(status, NETC_ERROR_FORMAT,
                           "%s:%lld: error: row '%c' has %d %s, expected %d",
                           parse->path, line_number, residue, column,
                           column == 1 ? "score" : "scores", parse->count);
  }
  parse->has_row[row] = 1;
  return NETC_OK;
}

static netc_status_code netc_matrix_finish(netc_matrix_parse *parse,
                                           netc_substitution_matrix *out,
                                           netc_status *status) {
  if (!parse->have_header) {
    return netc_status_set(status, NETC_ERROR_FORMAT,
                           "%s: error: no header row of residues", parse->path);
  }
  for (int32_t r = 0; r < parse->count; ++r) {
    if (!parse->has_row[r]) {
      return netc_status_set(status, NETC_ERROR_FORMAT,
                             "%s: error: no row for '%c'", parse->path,
                             parse->residues[r]);
    }
  }
  const char *standard = NETC_AMINO_ACIDS;
  int column_of[NETC_PROTEIN_CHANNELS];
  for (int k = 0; k < NETC_PROTEIN_CHANNELS; ++k) {
    column_of[k] = netc_matrix_find(parse, standard[k]);
  }
  for (int a = 0; a < NETC_PROTEIN_CHANNELS; ++a) {
    for (int b = a + 1; b < NETC_PROTEIN_CHANNELS; ++b) {
      float ab = parse->full[column_of[a]][column_of[b]];
      float ba = parse->full[column_of[b]][column_of[a]];
      if (ab != ba) {
        return netc_status_set(status, NETC_ERROR_FORMAT,
                               "%s: error: matrix is not symmetric: "
                               "score(%c, %c) is %g but score(%c, %c) is %g",
                               parse->path, standard[a], standard[b],
                               (double)ab, standard[b], standard[a],
                               (double)ba);
      }
    }
  }
  out->residue_count = parse->count;
  memcpy(out->residues, parse->residues, sizeof(out->residues));
  for (int32_t r = 0; r < parse->count; ++r) {
    for (int k = 0; k < NETC_PROTEIN_CHANNELS; ++k) {
      out->scores[r][k] = parse->full[r][column_of[k]];
    }
  }
  return NETC_OK;
}

netc_status_code netc_substitution_matrix_load(
    const char *path, netc_substitution_matrix *out_matrix,
    netc_status *status) {
  if (out_matrix != NULL) memset(out_matrix, 0, sizeof(*out_matrix));
  if (path == NULL || out_matrix == NULL) {
    return netc_status_set(status, NETC_ERROR_INVALID_ARGUMENT,
                           "netc_substitution_matrix_load: %s is NULL",
                           path == NULL ? "path" : "out_matrix");
  }
  netc_line_reader lines;
  netc_status_code code = netc_line_reader_open(&lines, path, status);
  if (code != NETC_OK) return code;
  netc_matrix_parse *parse =
      (netc_matrix_parse *)calloc(1, sizeof(netc_matrix_parse));
  if (parse == NULL) {
    netc_line_reader_close(&lines);
    return netc_status_set(status, NETC_ERROR_OUT_OF_MEMORY,
                           "%s: error: out of memory", path);
  }
  parse->path = path;
  parse->lines = &lines;
  for (;;) {
    netc_line_result got = netc_line_reader_next(&lines);
    if (got == NETC_LINE_EOF) break;
    if (got != NETC_LINE_OK) {
      code = netc_line_reader_fail(&lines, path, got, status);
      break;
    }
    if (memchr(lines.line, '\0', lines.line_len) != NULL) {
      code = netc_status_set(status, NETC_ERROR_FORMAT,
                             "%s:%lld: error: line contains a NUL byte (is "
                             "this a text file?)",
                             path, (long long)lines.line_number);
      break;
    }
    char *first = lines.line;
    while (netc_is_space(*first)) ++first;
    if (*first == '\0' || *first == '#') continue;
    code = parse->have_header ? netc_matrix_row(parse, lines.line, status)
                              : netc_matrix_header(parse, lines.line, status);
    if (code != NETC_OK) break;
  }
  if (code == NETC_OK) code = netc_matrix_finish(parse, out_matrix, status);
  netc_line_reader_close(&lines);
  free(parse);
  if (code != NETC_OK) memset(out_matrix, 0, sizeof(*out_matrix));
  return code;
}

/* The row of `residue` (either case) in `matrix`, or -1. */
static int netc_matrix_row_of(const netc_substitution_matrix *matrix,
                              char residue) {
  char upper = netc_upper(residue);
  for (int32_t r = 0; r < matrix->residue_count; ++r) {
    if (matrix->residues[r] == upper) return r;
  }
  return -1;
}

netc_status_code netc_protein_encode_blosum(
    const netc_substitution_matrix *matrix, const char *sequence,
    int64_t length, int64_t out_length, float pad_value, float *out_values,
    netc_status *status) {
  netc_status_code code =
      netc_check_sequence_args("netc_protein_encode_blosum", sequence, length,
                               out_length, out_values, status);
  if (code != NETC_OK) return code;
  if (matrix == NULL || matrix->residue_count < 0 ||
      matrix->residue_count > NETC_MATRIX_MAX_RESIDUES) {
    return netc_status_set(status, NETC_ERROR_INVALID_ARGUMENT,
                           "netc_protein_encode_blosum: invalid matrix");
  }
  for (int64_t j = 0; j < length; ++j) {
    if (netc_matrix_row_of(matrix, sequence[j]) < 0) {
      char shown[8];
      netc_quote_char(sequence[j], shown);
      return netc_status_set(status, NETC_ERROR_FORMAT,
                             "residue '%s' at position %lld has no row in the "
                             "substitution matrix",
                             shown, (long long)j + 1);
    }
  }
  int64_t used = length < out_length ? length : out_length;
  for (int64_t j = 0; j < out_length; ++j) {
    int row = j < used ? netc_matrix_row_of(matrix, sequence[j]) : -1;
    for (int c = 0; c < NETC_PROTEIN_CHANNELS; ++c) {
      out_values[c * out_length + j] =
          row >= 0 ? matrix->scores[row][c] : pad_value;
    }
  }
  return NETC_OK;
}

/* ---- Labels --------------------------------------------------------------- */

netc_status_code netc_labels_encode_one_hot(const int64_t *labels,
                                            int64_t count, int64_t class_count,
                                            float *out_values,
                                            netc_status *status) {
  if (count < 0 || class_count < 1 ||
      (count > 0 && (labels == NULL || out_values == NULL))) {
    return netc_status_set(status, NETC_ERROR_INVALID_ARGUMENT,
                           "netc_labels_encode_one_hot: invalid labels, count "
                           "or class_count");
  }
  for (int64_t i = 0; i < count; ++i) {
    if (labels[i] < 0 || labels[i] >= class_count) {
      return netc_status_set(status, NETC_ERROR_FORMAT,
                             "label %lld at index %lld is out of range for "
                             "%lld %s",
                             (long long)labels[i], (long long)i,
                             (long long)class_count,
                             class_count == 1 ? "class" : "classes");
    }
  }
  for (int64_t i = 0; i < count; ++i) {
    float *row = out_values + i * class_count;
    for (int64_t k = 0; k < class_count; ++k) row[k] = 0.0f;
    row[labels[i]] = 1.0f;
  }
  return NETC_OK;
}
