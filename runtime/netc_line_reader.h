/* netc_line_reader.h - INTERNAL to netc_data: the block line reader shared by
 * the CSV, FASTA and substitution-matrix readers. Not part of the public API;
 * embedding programs should not include it.
 *
 * The file is read through zlib's gzread, which passes plain files through
 * unchanged and inflates gzip files (detected by their magic bytes, not by
 * the name), so every text reader built on it also reads `.gz` files.
 *
 * Lines are handed out one at a time in a growable buffer, with their length,
 * so NUL bytes inside a line are seen for what they are. A line ends at '\n';
 * a trailing '\r' is dropped; text after the last '\n' is a line, nothing
 * after it is not. The file is read in 64 KiB blocks and never held whole.
 */
#ifndef NETC_RUNTIME_NETC_LINE_READER_H_
#define NETC_RUNTIME_NETC_LINE_READER_H_

#include <stddef.h>
#include <stdint.h>

#include "netc_status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct netc_line_reader {
  void *file;  /* gzFile; void * keeps zlib.h out of this header */
  char *block; /* NETC_LINE_BLOCK_SIZE bytes */
  size_t block_pos;
  size_t block_end;
  int at_eof;
  char *line; /* current line, NUL-terminated, without '\n' or final '\r' */
  size_t line_len;
  size_t line_cap;
  int64_t line_number; /* 1-based number of the current line */
  const char *path;    /* borrowed: zlib prefixes its messages with it */
  char read_error[128]; /* why the last NETC_LINE_READ_ERROR happened */
} netc_line_reader;

typedef enum netc_line_result {
  NETC_LINE_OK,
  NETC_LINE_EOF,
  NETC_LINE_READ_ERROR,
  NETC_LINE_OUT_OF_MEMORY
} netc_line_result;

/* Opens `path` for reading; `path` is borrowed and must outlive the reader.
 * Returns NETC_OK, NETC_ERROR_IO
 * ("PATH: error: cannot open file: REASON") or NETC_ERROR_OUT_OF_MEMORY.
 * On error *reader is zeroed and nothing needs closing. */
netc_status_code netc_line_reader_open(netc_line_reader *reader,
                                       const char *path, netc_status *status);

/* Advances to the next line. A truncated or corrupt gzip stream is a
 * NETC_LINE_READ_ERROR (its reason in reader->read_error), not an EOF. */
netc_line_result netc_line_reader_next(netc_line_reader *reader);

/* Turns a NETC_LINE_READ_ERROR or NETC_LINE_OUT_OF_MEMORY result into a
 * status for the line that could not be read:
 * "PATH:LINE: error: cannot read file: REASON" or
 * "PATH:LINE: error: out of memory". */
netc_status_code netc_line_reader_fail(const netc_line_reader *reader,
                                       const char *path,
                                       netc_line_result result,
                                       netc_status *status);

/* Closes the file and frees the buffers; zeroes *reader. Tolerates a zeroed
 * reader. */
void netc_line_reader_close(netc_line_reader *reader);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* NETC_RUNTIME_NETC_LINE_READER_H_ */
