/* netc_csv.h - reads a numeric CSV file into a dense row-major float table,
 * the form `netc train` feeds to a model, and picks columns out of it.
 *
 * Accepted input: one record per line, every record with the same number of
 * fields, each field a decimal (or C hexadecimal) floating-point number that
 * is finite in float. Fields may carry spaces or tabs around the number.
 * LF and CRLF line ends; a last line without a newline; blank lines at the
 * end. Not accepted: quoted fields, NaN, infinities, blank lines between
 * records. Numbers are parsed with strtod, so a program that calls
 * setlocale() must leave LC_NUMERIC as "C".
 *
 * The file is read once, in blocks, and never held whole in memory; only the
 * table grows. A gzip-compressed file (recognised by its magic bytes, not its
 * name) is inflated on the fly. Part of the netc_data library (links zlib).
 *
 * Error and ownership rules: see netc_status.h. Messages name the file and
 * the 1-based line, clang-style:
 *   points.csv:7: error: expected 2 fields, found 3
 *   points.csv:4: error: field 2 is not a number: 'abc'
 *   points.csv:9: error: field 1 is not finite: 'nan'
 *   points.csv: error: cannot open file: No such file or directory
 *   points.csv: error: no data rows
 */
#ifndef NETC_RUNTIME_NETC_CSV_H_
#define NETC_RUNTIME_NETC_CSV_H_

#include <stdint.h>

#include "netc_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Zero-initialized options mean: no header line, comma-delimited. */
typedef struct netc_csv_options {
  /* Nonzero: the first line names the columns; it is skipped, but it fixes
   * the number of fields every data row must have. */
  int has_header;
  /* Field separator; '\0' means ','. Must not be '\n' or '\r'. */
  char delimiter;
} netc_csv_options;

/* rows x cols floats, row-major: element (r, c) is values[r * cols + c].
 * Owned by whoever received it from netc_csv_read; release it with
 * netc_table_free. */
typedef struct netc_table {
  int64_t rows;
  int64_t cols;
  float *values;
} netc_table;

/* Reads the CSV file at `path` into *out_table. `options` may be NULL (same
 * as zero-initialized). The column count comes from the header when there is
 * one, else from the first data row.
 *
 * Returns NETC_OK, or: NETC_ERROR_IO (cannot open or read the file),
 * NETC_ERROR_FORMAT (wrong field count, a field that is not a finite float,
 * a blank line between records, a NUL byte, no data rows),
 * NETC_ERROR_OUT_OF_MEMORY, NETC_ERROR_INVALID_ARGUMENT (NULL path or
 * out_table, bad delimiter). On any error *out_table is zeroed and nothing
 * is left allocated. */
netc_status_code netc_csv_read(const char *path,
                               const netc_csv_options *options,
                               netc_table *out_table, netc_status *status);

/* Frees table->values and zeroes *table. Tolerates NULL and a zeroed
 * table, so it is safe to call twice. */
void netc_table_free(netc_table *table);

/* Copies columns[0..count) (0-based column indices, repeats allowed) of
 * every row into out_values, a caller-owned buffer of table->rows * count
 * floats, row-major: out_values[r * count + k] = table(r, columns[k]).
 *
 * Every index is checked before anything is written, so on error
 * out_values is untouched. Returns NETC_OK or NETC_ERROR_INVALID_ARGUMENT,
 * e.g. "column 5 is out of range: the table has 3 columns". */
netc_status_code netc_table_select_columns(const netc_table *table,
                                           const int64_t *columns,
                                           int64_t count, float *out_values,
                                           netc_status *status);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* NETC_RUNTIME_NETC_CSV_H_ */
