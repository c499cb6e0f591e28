/* netc_fasta.c - streaming FASTA reader; see netc_fasta.h.
 *
 * Algorithm (per call to netc_fasta_reader_next):
 *  1. Before the first record, skip blank and comment lines up to the first
 *     '>' header; a sequence line there is an error, the end of the file is
 *     "no records".
 *  2. The header of the record to return is the look-ahead line saved by the
 *     previous call (or by step 1); it is split in place into id and
 *     description.
 *  3. Sequence lines are validated and appended until the next '>' line,
 *     which is saved as the look-ahead, or the end of the file.
 *  4. A record without residues is an error reported at its header line.
 * Errors are sticky: the first one is kept in the reader and returned again.
 */
#include "netc_fasta.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netc_line_reader.h"

struct netc_fasta_reader {
  char *path;
  netc_alphabet alphabet;
  netc_line_reader lines;
  /* Look-ahead: the next record's header line (with '>'), if has_next. */
  char *next_header;
  size_t next_header_cap;
  int64_t next_header_line;
  int has_next;
  /* The record handed out: its header split into id and description. */
  char *header;
  size_t header_cap;
  char *sequence;
  size_t sequence_len;
  size_t sequence_cap;
  int started; /* a header has been seen */
  int at_end;  /* the file is exhausted; the next call reports the end */
  netc_status error; /* sticky first error; code NETC_OK while none */
};

/* Longest id quoted in a message, so a runaway id cannot push the file name
 * out of the status buffer. */
enum { NETC_FASTA_QUOTE_MAX = 40 };

static char netc_ascii_upper(char c) {
  return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
}

int netc_alphabet_contains(netc_alphabet alphabet, char c) {
  static const char dna[] = "ACGTNRYKMSWBDHV";
  static const char protein[] = "ACDEFGHIKLMNPQRSTVWYXBZJUO*-";
  const char *letters = alphabet == NETC_ALPHABET_DNA       ? dna
                        : alphabet == NETC_ALPHABET_PROTEIN ? protein
                                                            : NULL;
  if (letters == NULL || c == '\0') return 0;
  return strchr(letters, netc_ascii_upper(c)) != NULL;
}

/* Writes `c` as it appears between quotes in a message: itself when
 * printable, else a C escape. */
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

static int netc_is_blank(const char *text, size_t len) {
  for (size_t i = 0; i < len; ++i) {
    if (text[i] != ' ' && text[i] != '\t') return 0;
  }
  return 1;
}

/* Copies `len` bytes plus a NUL into *buffer, growing it. */
static int netc_copy_into(char **buffer, size_t *cap, const char *text,
                          size_t len) {
  if (len + 1u > *cap) {
    size_t grown_cap = *cap ? *cap : 128u;
    while (grown_cap < len + 1u) grown_cap *= 2u;
    char *grown = (char *)realloc(*buffer, grown_cap);
    if (grown == NULL) return 0;
    *buffer = grown;
    *cap = grown_cap;
  }
  memcpy(*buffer, text, len);
  (*buffer)[len] = '\0';
  return 1;
}

static int netc_sequence_append(netc_fasta_reader *reader, const char *text,
                                size_t len) {
  size_t needed = reader->sequence_len + len + 1u;
  if (needed < len) return 0;
  if (needed > reader->sequence_cap) {
    size_t cap = reader->sequence_cap ? reader->sequence_cap : 1024u;
    while (cap < needed) cap = cap > SIZE_MAX / 2u ? needed : cap * 2u;
    char *grown = (char *)realloc(reader->sequence, cap);
    if (grown == NULL) return 0;
    reader->sequence = grown;
    reader->sequence_cap = cap;
  }
  memcpy(reader->sequence + reader->sequence_len, text, len);
  reader->sequence_len += len;
  reader->sequence[reader->sequence_len] = '\0';
  return 1;
}

/* Records the first error in the reader and in `status`. */
static netc_status_code netc_fasta_fail(netc_fasta_reader *reader,
                                        netc_status *status,
                                        netc_status_code code,
                                        const char *message) {
  reader->error.code = code;
  snprintf(reader->error.message, sizeof(reader->error.message), "%s",
           message);
  return netc_status_set(status, code, "%s", message);
}

#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 4, 5)))
#endif
static netc_status_code netc_fasta_failf(netc_fasta_reader *reader,
                                         netc_status *status,
                                         netc_status_code code,
                                         const char *fmt, ...) {
  char message[sizeof(reader->error.message)];
  va_list args;
  va_start(args, fmt);
  if (vsnprintf(message, sizeof(message), fmt, args) < 0) message[0] = '\0';
  va_end(args);
  return netc_fasta_fail(reader, status, code, message);
}

static netc_status_code netc_fasta_read_failure(netc_fasta_reader *reader,
                                                netc_line_result result,
                                                netc_status *status) {
  netc_status local;
  netc_status_code code =
      netc_line_reader_fail(&reader->lines, reader->path, result, &local);
  return netc_fasta_fail(reader, status, code, local.message);
}

/* Saves the current line (a '>' header) as the look-ahead. */
static netc_status_code netc_fasta_save_header(netc_fasta_reader *reader,
                                               netc_status *status) {
  netc_line_reader *lines = &reader->lines;
  if (memchr(lines->line, '\0', lines->line_len) != NULL) {
    return netc_fasta_failf(reader, status, NETC_ERROR_FORMAT,
                            "%s:%lld: error: record header contains a NUL "
                            "byte (is this a text file?)",
                            reader->path, (long long)lines->line_number);
  }
  if (!netc_copy_into(&reader->next_header, &reader->next_header_cap,
                      lines->line, lines->line_len)) {
    return netc_fasta_read_failure(reader, NETC_LINE_OUT_OF_MEMORY, status);
  }
  reader->next_header_line = lines->line_number;
  reader->has_next = 1;
  return NETC_OK;
}

/* Step 1: finds the first header. */
static netc_status_code netc_fasta_find_first_header(netc_fasta_reader *reader,
                                                     netc_status *status) {
  netc_line_reader *lines = &reader->lines;
  for (;;) {
    netc_line_result got = netc_line_reader_next(lines);
    if (got == NETC_LINE_EOF) {
      return netc_fasta_failf(reader, status, NETC_ERROR_FORMAT,
                              "%s: error: no records", reader->path);
    }
    if (got != NETC_LINE_OK) return netc_fasta_read_failure(reader, got, status);
    if (netc_is_blank(lines->line, lines->line_len)) continue;
    if (lines->line[0] == ';') continue;
    if (lines->line[0] == '>') return netc_fasta_save_header(reader, status);
    return netc_fasta_failf(reader, status, NETC_ERROR_FORMAT,
                            "%s:%lld: error: sequence before the first '>' "
                            "header",
                            reader->path, (long long)lines->line_number);
  }
}

/* Step 2: splits reader->header ("> id description") in place. */
static void netc_fasta_split_header(char *header, const char **out_id,
                                    const char **out_description) {
  char *p = header + 1; /* past '>' */
  while (*p == ' ' || *p == '\t') ++p;
  char *id = p;
  while (*p != '\0' && *p != ' ' && *p != '\t') ++p;
  char *description = p;
  if (*p != '\0') {
    *p = '\0';
    description = p + 1;
    while (*description == ' ' || *description == '\t') ++description;
    char *end = description + strlen(description);
    while (end > description && (end[-1] == ' ' || end[-1] == '\t')) --end;
    *end = '\0';
  }
  *out_id = id;
  *out_description = description;
}

/* Step 3: appends the current line's residues after checking them. */
static netc_status_code netc_fasta_take_sequence_line(netc_fasta_reader *reader,
                                                      const char *id,
                                                      netc_status *status) {
  netc_line_reader *lines = &reader->lines;
  size_t len = lines->line_len;
  while (len > 0 && (lines->line[len - 1] == ' ' ||
                     lines->line[len - 1] == '\t' ||
                     lines->line[len - 1] == '\r')) {
    --len;
  }
  for (size_t i = 0; i < len; ++i) {
    if (!netc_alphabet_contains(reader->alphabet, lines->line[i])) {
      char shown[8];
      netc_quote_char(lines->line[i], shown);
      size_t id_len = strlen(id);
      return netc_fasta_failf(
          reader, status, NETC_ERROR_FORMAT,
          "%s:%lld: error: illegal character '%s' in record '%.*s%s' "
          "(column %lld)",
          reader->path, (long long)lines->line_number, shown,
          (int)(id_len > NETC_FASTA_QUOTE_MAX ? NETC_FASTA_QUOTE_MAX : id_len),
          id, id_len > NETC_FASTA_QUOTE_MAX ? "..." : "", (long long)i + 1);
    }
  }
  if (!netc_sequence_append(reader, lines->line, len)) {
    return netc_fasta_read_failure(reader, NETC_LINE_OUT_OF_MEMORY, status);
  }
  return NETC_OK;
}

static netc_status_code netc_fasta_next_record(netc_fasta_reader *reader,
                                               netc_fasta_record *out_record,
                                               netc_status *status) {
  netc_status_code code;
  if (!reader->started) {
    code = netc_fasta_find_first_header(reader, status);
    if (code != NETC_OK) return code;
    reader->started = 1;
  }

  /* Step 2: the look-ahead header becomes this record's header. */
  char *swap = reader->header;
  size_t swap_cap = reader->header_cap;
  reader->header = reader->next_header;
  reader->header_cap = reader->next_header_cap;
  reader->next_header = swap;
  reader->next_header_cap = swap_cap;
  reader->has_next = 0;
  int64_t header_line = reader->next_header_line;
  const char *id = NULL;
  const char *description = NULL;
  netc_fasta_split_header(reader->header, &id, &description);
  if (*id == '\0') {
    return netc_fasta_failf(reader, status, NETC_ERROR_FORMAT,
                            "%s:%lld: error: record header has no id",
                            reader->path, (long long)header_line);
  }

  /* Step 3. */
  reader->sequence_len = 0;
  if (!netc_sequence_append(reader, "", 0)) {
    return netc_fasta_read_failure(reader, NETC_LINE_OUT_OF_MEMORY, status);
  }
  netc_line_reader *lines = &reader->lines;
  for (;;) {
    netc_line_result got = netc_line_reader_next(lines);
    if (got == NETC_LINE_EOF) {
      reader->at_end = 1;
      break;
    }
    if (got != NETC_LINE_OK) return netc_fasta_read_failure(reader, got, status);
    if (netc_is_blank(lines->line, lines->line_len)) continue;
    if (lines->line[0] == ';') continue;
    if (lines->line[0] == '>') {
      code = netc_fasta_save_header(reader, status);
      if (code != NETC_OK) return code;
      break;
    }
    code = netc_fasta_take_sequence_line(reader, id, status);
    if (code != NETC_OK) return code;
  }

  /* Step 4. */
  if (reader->sequence_len == 0) {
    size_t id_len = strlen(id);
    return netc_fasta_failf(
        reader, status, NETC_ERROR_FORMAT,
        "%s:%lld: error: record '%.*s%s' has no sequence", reader->path,
        (long long)header_line,
        (int)(id_len > NETC_FASTA_QUOTE_MAX ? NETC_FASTA_QUOTE_MAX : id_len),
        id, id_len > NETC_FASTA_QUOTE_MAX ? "..." : "");
  }
  out_record->id = id;
  out_record->description = description;
  out_record->sequence = reader->sequence;
  out_record->length = (int64_t)reader->sequence_len;
  out_record->line = header_line;
  return NETC_OK;
}

netc_status_code netc_fasta_reader_open(const char *path,
                                        netc_alphabet alphabet,
                                        netc_fasta_reader **out_reader,
                                        netc_status *status) {
  if (out_reader != NULL) *out_reader = NULL;
  if (path == NULL || out_reader == NULL) {
    return netc_status_set(status, NETC_ERROR_INVALID_ARGUMENT,
                           "netc_fasta_reader_open: %s is NULL",
                           path == NULL ? "path" : "out_reader");
  }
  if (alphabet != NETC_ALPHABET_DNA && alphabet != NETC_ALPHABET_PROTEIN) {
    return netc_status_set(status, NETC_ERROR_INVALID_ARGUMENT,
                           "netc_fasta_reader_open: unknown alphabet %d",
                           (int)alphabet);
  }
  netc_fasta_reader *reader =
      (netc_fasta_reader *)calloc(1, sizeof(netc_fasta_reader));
  size_t path_len = strlen(path);
  char *path_copy = (char *)malloc(path_len + 1u);
  if (reader == NULL || path_copy == NULL) {
    free(reader);
    free(path_copy);
    return netc_status_set(status, NETC_ERROR_OUT_OF_MEMORY,
                           "%s: error: out of memory", path);
  }
  memcpy(path_copy, path, path_len + 1u);
  reader->path = path_copy;
  reader->alphabet = alphabet;
  netc_status_code code =
      netc_line_reader_open(&reader->lines, path_copy, status);
  if (code != NETC_OK) {
    free(path_copy);
    free(reader);
    return code;
  }
  *out_reader = reader;
  return NETC_OK;
}

netc_status_code netc_fasta_reader_next(netc_fasta_reader *reader,
                                        netc_fasta_record *out_record,
                                        int *out_has_record,
                                        netc_status *status) {
  if (out_record != NULL) memset(out_record, 0, sizeof(*out_record));
  if (out_has_record != NULL) *out_has_record = 0;
  if (reader == NULL || out_record == NULL || out_has_record == NULL) {
    return netc_status_set(status, NETC_ERROR_INVALID_ARGUMENT,
                           "netc_fasta_reader_next: %s is NULL",
                           reader == NULL       ? "reader"
                           : out_record == NULL ? "out_record"
                                                : "out_has_record");
  }
  if (reader->error.code != NETC_OK) {
    return netc_status_set(status, reader->error.code, "%s",
                           reader->error.message);
  }
  if (reader->at_end) return NETC_OK;
  netc_status_code code = netc_fasta_next_record(reader, out_record, status);
  if (code != NETC_OK) {
    memset(out_record, 0, sizeof(*out_record));
    return code;
  }
  *out_has_record = 1;
  return NETC_OK;
}

void netc_fasta_reader_close(netc_fasta_reader *reader) {
  if (reader == NULL) return;
  netc_line_reader_close(&reader->lines);
  free(reader->path);
  free(reader->next_header);
  free(reader->header);
  free(reader->sequence);
  free(reader);
}

netc_status_code netc_fasta_read(const char *path, netc_alphabet alphabet,
                                 netc_fasta_record_fn fn, void *user_data,
                                 netc_status *status) {
  if (fn == NULL) {
    return netc_status_set(status, NETC_ERROR_INVALID_ARGUMENT,
                           "netc_fasta_read: fn is NULL");
  }
  netc_fasta_reader *reader = NULL;
  netc_status_code code =
      netc_fasta_reader_open(path, alphabet, &reader, status);
  if (code != NETC_OK) return code;
  for (;;) {
    netc_fasta_record record;
    int has_record = 0;
    code = netc_fasta_reader_next(reader, &record, &has_record, status);
    if (code != NETC_OK || !has_record) break;
    code = fn(user_data, &record, status);
    if (code != NETC_OK) break;
  }
  netc_fasta_reader_close(reader);
  return code;
}
