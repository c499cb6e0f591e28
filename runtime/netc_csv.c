/* netc_csv.c - streaming numeric CSV reader; see netc_csv.h.
 *
 * Algorithm:
 *  1. The shared block line reader (netc_line_reader.h: gzread into a fixed
 *     buffer, memchr for '\n') hands out one line at a time in a growable
 *     line buffer, so long lines and NUL bytes are seen for what they are;
 *     a trailing '\r' is dropped. Through zlib, gzip files read as well.
 *  2. The header line (if any) only fixes the field count.
 *  3. A blank line is remembered, not rejected: if only blank lines follow,
 *     they were trailing; if a record follows, the first of them is the
 *     error.
 *  4. A record's fields are counted before any is parsed, so a short or
 *     long row is reported as such rather than as a bad number; then each
 *     field is trimmed and parsed with strtod straight into the table,
 *     which grows geometrically.
 */
#include "netc_csv.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netc_line_reader.h"

/* ---- Field helpers -------------------------------------------------------- */

static int netc_csv_is_space(char c, char delimiter) {
  return (c == ' ' || c == '\t') && c != delimiter;
}

static int netc_csv_is_blank(const char *line, size_t len, char delimiter) {
  for (size_t i = 0; i < len; ++i) {
    if (!netc_csv_is_space(line[i], delimiter)) return 0;
  }
  return 1;
}

static int64_t netc_csv_count_fields(const char *line, size_t len,
                                     char delimiter) {
  int64_t fields = 1;
  for (size_t i = 0; i < len; ++i) fields += (line[i] == delimiter);
  return fields;
}

static const char *netc_plural(int64_t n, const char *one, const char *many) {
  return n == 1 ? one : many;
}

/* Longest field text quoted in a message, so a runaway field cannot push
 * the file name out of the status buffer. */
enum { NETC_CSV_QUOTE_MAX = 40 };

/* Parses the NUL-terminated, trimmed `text` of 1-based field `field` on the
 * reader's current line. */
static netc_status_code netc_csv_parse_field(const char *path,
                                             const netc_line_reader *reader,
                                             int64_t field, const char *text,
                                             float *out_value,
                                             netc_status *status) {
  size_t len = strlen(text);
  int quote_len = len > NETC_CSV_QUOTE_MAX ? NETC_CSV_QUOTE_MAX : (int)len;
  const char *ellipsis = len > NETC_CSV_QUOTE_MAX ? "..." : "";
  const char *problem = NULL;
  char *end = NULL;
  errno = 0;
  double value = len ? strtod(text, &end) : 0.0;
  if (len == 0 || end != text + len) {
    problem = "is not a number";
  } else if (errno == ERANGE && fabs(value) == HUGE_VAL) {
    problem = "is out of range for float";
  } else if (!isfinite(value)) {
    problem = "is not finite";
  } else if (isinf((float)value)) {
    problem = "is out of range for float";
  }
  /* Underflow (ERANGE with a tiny result) is accepted: it becomes a
   * subnormal or zero, as it would in any float conversion. */
  if (problem) {
    return netc_status_set(status, NETC_ERROR_FORMAT,
                           "%s:%lld: error: field %lld %s: '%.*s%s'", path,
                           (long long)reader->line_number, (long long)field,
                           problem, quote_len, text, ellipsis);
  }
  *out_value = (float)value;
  return NETC_OK;
}

/* ---- Table growth --------------------------------------------------------- */

/* Makes room for one more row of `cols` floats. */
static int netc_table_reserve_row(netc_table *table, size_t *capacity) {
  size_t cols = (size_t)table->cols;
  size_t used = (size_t)table->rows * cols;
  if (cols > SIZE_MAX / sizeof(float) - used) return 0;
  size_t needed = used + cols;
  if (needed <= *capacity) return 1;
  size_t cap = *capacity ? *capacity : cols * 64u;
  while (cap < needed) {
    cap = cap > SIZE_MAX / sizeof(float) / 2u ? needed : cap * 2u;
  }
  float *grown = (float *)realloc(table->values, cap * sizeof(float));
  if (grown == NULL) return 0;
  table->values = grown;
  *capacity = cap;
  return 1;
}

/* ---- netc_csv_read -------------------------------------------------------- */

/* Parses the reader's current line as a record of table->cols fields and
 * appends it to `table`. */
static netc_status_code netc_csv_append_row(const char *path,
                                            netc_line_reader *reader,
                                            char delimiter, netc_table *table,
                                            size_t *capacity,
                                            netc_status *status) {
  int64_t fields =
      netc_csv_count_fields(reader->line, reader->line_len, delimiter);
  if (fields != table->cols) {
    return netc_status_set(
        status, NETC_ERROR_FORMAT, "%s:%lld: error: expected %lld %s, found %lld",
        path, (long long)reader->line_number, (long long)table->cols,
        netc_plural(table->cols, "field", "fields"), (long long)fields);
  }
  if (!netc_table_reserve_row(table, capacity)) {
    return netc_status_set(status, NETC_ERROR_OUT_OF_MEMORY,
                           "%s:%lld: error: out of memory", path,
                           (long long)reader->line_number);
  }
  float *row = table->values + table->rows * table->cols;
  char *cursor = reader->line;
  for (int64_t field = 0; field < fields; ++field) {
    char *stop = strchr(cursor, delimiter);
    char *next = NULL;
    if (stop) {
      *stop = '\0'; /* the line buffer is ours; cut the field out in place */
      next = stop + 1;
    } else {
      stop = cursor + strlen(cursor);
    }
    while (netc_csv_is_space(*cursor, delimiter)) ++cursor;
    while (stop > cursor && netc_csv_is_space(stop[-1], delimiter)) --stop;
    *stop = '\0';
    netc_status_code code = netc_csv_parse_field(path, reader, field + 1,
                                                 cursor, &row[field], status);
    if (code != NETC_OK) return code;
    cursor = next;
  }
  table->rows += 1;
  return NETC_OK;
}

static netc_status_code netc_csv_read_lines(const char *path,
                                            netc_line_reader *reader,
                                            int has_header, char delimiter,
                                            netc_table *table,
                                            netc_status *status) {
  size_t capacity = 0;
  int seen_header = !has_header;
  int64_t first_blank_line = 0; /* blank line not yet followed by a record */
  for (;;) {
    netc_line_result got = netc_line_reader_next(reader);
    if (got == NETC_LINE_EOF) break;
    if (got != NETC_LINE_OK) {
      return netc_line_reader_fail(reader, path, got, status);
    }
    if (memchr(reader->line, '\0', reader->line_len) != NULL) {
      return netc_status_set(status, NETC_ERROR_FORMAT,
                             "%s:%lld: error: line contains a NUL byte "
                             "(is this a text file?)",
                             path, (long long)reader->line_number);
    }
    if (netc_csv_is_blank(reader->line, reader->line_len, delimiter)) {
      if (!seen_header) {
        return netc_status_set(status, NETC_ERROR_FORMAT,
                               "%s:%lld: error: header line is blank", path,
                               (long long)reader->line_number);
      }
      if (first_blank_line == 0) first_blank_line = reader->line_number;
      continue;
    }
    if (first_blank_line != 0) {
      return netc_status_set(status, NETC_ERROR_FORMAT,
                             "%s:%lld: error: blank line between records",
                             path, (long long)first_blank_line);
    }
    if (!seen_header) {
      seen_header = 1;
      table->cols =
          netc_csv_count_fields(reader->line, reader->line_len, delimiter);
      continue;
    }
    if (table->cols == 0) {
      table->cols =
          netc_csv_count_fields(reader->line, reader->line_len, delimiter);
    }
    netc_status_code code = netc_csv_append_row(path, reader, delimiter,
                                                table, &capacity, status);
    if (code != NETC_OK) return code;
  }
  if (table->rows == 0) {
    return netc_status_set(status, NETC_ERROR_FORMAT,
                           "%s: error: no data rows", path);
  }
  /* Give back the geometric slack; keep the old block if realloc refuses. */
  size_t used = (size_t)table->rows * (size_t)table->cols;
  if (used < capacity) {
    float *fitted = (float *)realloc(table->values, used * sizeof(float));
    if (fitted != NULL) table->values = fitted;
  }
  return NETC_OK;
}

netc_status_code netc_csv_read(const char *path,
                               const netc_csv_options *options,
                               netc_table *out_table, netc_status *status) {
  if (out_table != NULL) memset(out_table, 0, sizeof(*out_table));
  if (path == NULL || out_table == NULL) {
    return netc_status_set(status, NETC_ERROR_INVALID_ARGUMENT,
                           "netc_csv_read: %s is NULL",
                           path == NULL ? "path" : "out_table");
  }
  int has_header = options != NULL && options->has_header;
  char delimiter = options != NULL && options->delimiter != '\0'
                       ? options->delimiter
                       : ',';
  if (delimiter == '\n' || delimiter == '\r') {
    return netc_status_set(status, NETC_ERROR_INVALID_ARGUMENT,
                           "%s: error: the delimiter cannot be a line end",
                           path);
  }

  netc_line_reader reader;
  netc_status_code code = netc_line_reader_open(&reader, path, status);
  if (code != NETC_OK) return code;
  code = netc_csv_read_lines(path, &reader, has_header, delimiter, out_table,
                             status);
  netc_line_reader_close(&reader);
  if (code != NETC_OK) netc_table_free(out_table);
  return code;
}

void netc_table_free(netc_table *table) {
  if (table == NULL) return;
  free(table->values);
  memset(table, 0, sizeof(*table));
}

netc_status_code netc_table_select_columns(const netc_table *table,
                                           const int64_t *columns,
                                           int64_t count, float *out_values,
                                           netc_status *status) {
  if (table == NULL || count < 0 || (count > 0 && columns == NULL) ||
      table->rows < 0 || table->cols < 0 ||
      (table->rows > 0 && table->cols > 0 && table->values == NULL)) {
    return netc_status_set(status, NETC_ERROR_INVALID_ARGUMENT,
                           "netc_table_select_columns: invalid table, "
                           "columns or count");
  }
  for (int64_t k = 0; k < count; ++k) {
    if (columns[k] < 0 || columns[k] >= table->cols) {
      return netc_status_set(
          status, NETC_ERROR_INVALID_ARGUMENT,
          "column %lld is out of range: the table has %lld %s",
          (long long)columns[k], (long long)table->cols,
          netc_plural(table->cols, "column", "columns"));
    }
  }
  if (table->rows == 0 || count == 0) return NETC_OK;
  if (out_values == NULL) {
    return netc_status_set(status, NETC_ERROR_INVALID_ARGUMENT,
                           "netc_table_select_columns: out_values is NULL");
  }
  for (int64_t r = 0; r < table->rows; ++r) {
    const float *row = table->values + r * table->cols;
    float *out_row = out_values + r * count;
    for (int64_t k = 0; k < count; ++k) out_row[k] = row[columns[k]];
  }
  return NETC_OK;
}
