/* netc_line_reader.c - block line reader over zlib; see netc_line_reader.h. */
#include "netc_line_reader.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

enum { NETC_LINE_BLOCK_SIZE = 64 * 1024 };

static int netc_line_append(netc_line_reader *reader, const char *bytes,
                            size_t count) {
  size_t needed = reader->line_len + count + 1u;
  if (needed < count) return 0; /* size_t overflow */
  if (needed > reader->line_cap) {
    size_t cap = reader->line_cap ? reader->line_cap : 256u;
    while (cap < needed) {
      if (cap > SIZE_MAX / 2u) {
        cap = needed;
        break;
      }
      cap *= 2u;
    }
    char *grown = (char *)realloc(reader->line, cap);
    if (grown == NULL) return 0;
    reader->line = grown;
    reader->line_cap = cap;
  }
  if (count > 0) memcpy(reader->line + reader->line_len, bytes, count);
  reader->line_len += count;
  reader->line[reader->line_len] = '\0';
  return 1;
}

netc_status_code netc_line_reader_open(netc_line_reader *reader,
                                       const char *path, netc_status *status) {
  memset(reader, 0, sizeof(*reader));
  errno = 0;
  gzFile file = gzopen(path, "rb");
  if (file == NULL) {
    /* gzopen sets errno when open() failed; otherwise it ran out of memory. */
    if (errno == 0) {
      return netc_status_set(status, NETC_ERROR_OUT_OF_MEMORY,
                             "%s: error: out of memory", path);
    }
    return netc_status_set(status, NETC_ERROR_IO,
                           "%s: error: cannot open file: %s", path,
                           strerror(errno));
  }
  reader->block = (char *)malloc(NETC_LINE_BLOCK_SIZE);
  if (reader->block == NULL) {
    gzclose(file);
    memset(reader, 0, sizeof(*reader));
    return netc_status_set(status, NETC_ERROR_OUT_OF_MEMORY,
                           "%s: error: out of memory", path);
  }
  gzbuffer(file, NETC_LINE_BLOCK_SIZE);
  reader->file = file;
  reader->path = path;
  return NETC_OK;
}

/* Refills the block. Returns 1 with data, 0 at a clean end of file, -1 on a
 * read error (reason recorded). */
static int netc_line_refill(netc_line_reader *reader) {
  gzFile file = (gzFile)reader->file;
  errno = 0;
  int n = gzread(file, reader->block, NETC_LINE_BLOCK_SIZE);
  int saved_errno = errno;
  int errnum = Z_OK;
  const char *message = gzerror(file, &errnum);
  if (n > 0) {
    reader->block_pos = 0;
    reader->block_end = (size_t)n;
    return 1;
  }
  if (n == 0 && errnum == Z_OK) return 0;
  /* A premature end of a gzip stream returns 0 with Z_BUF_ERROR. zlib's
   * own messages read "PATH: REASON"; keep the reason. */
  const char *reason = errnum == Z_ERRNO ? strerror(saved_errno ? saved_errno
                                                                : EIO)
                                         : message;
  size_t path_len = strlen(reader->path);
  if (errnum != Z_ERRNO && reason != NULL &&
      strncmp(reason, reader->path, path_len) == 0 &&
      reason[path_len] == ':' && reason[path_len + 1] == ' ') {
    reason += path_len + 2u;
  }
  snprintf(reader->read_error, sizeof(reader->read_error), "%s",
           reason ? reason : "unknown error");
  return -1;
}

netc_line_result netc_line_reader_next(netc_line_reader *reader) {
  reader->line_len = 0;
  if (!netc_line_append(reader, "", 0)) return NETC_LINE_OUT_OF_MEMORY;
  int have_bytes = 0;
  for (;;) {
    if (reader->block_pos == reader->block_end) {
      if (reader->at_eof) break;
      int got = netc_line_refill(reader);
      if (got < 0) return NETC_LINE_READ_ERROR;
      if (got == 0) {
        reader->at_eof = 1;
        break;
      }
    }
    const char *start = reader->block + reader->block_pos;
    size_t avail = reader->block_end - reader->block_pos;
    const char *newline = (const char *)memchr(start, '\n', avail);
    size_t take = newline ? (size_t)(newline - start) : avail;
    if (!netc_line_append(reader, start, take)) return NETC_LINE_OUT_OF_MEMORY;
    have_bytes = 1;
    reader->block_pos += take;
    if (newline) {
      reader->block_pos += 1u; /* consume the '\n' */
      break;
    }
  }
  /* Text after the last '\n' is a line; nothing after it is not. */
  if (!have_bytes) return NETC_LINE_EOF;
  reader->line_number += 1;
  if (reader->line_len > 0 && reader->line[reader->line_len - 1] == '\r') {
    reader->line[--reader->line_len] = '\0';
  }
  return NETC_LINE_OK;
}

netc_status_code netc_line_reader_fail(const netc_line_reader *reader,
                                       const char *path,
                                       netc_line_result result,
                                       netc_status *status) {
  long long line = (long long)reader->line_number + 1;
  if (result == NETC_LINE_OUT_OF_MEMORY) {
    return netc_status_set(status, NETC_ERROR_OUT_OF_MEMORY,
                           "%s:%lld: error: out of memory", path, line);
  }
  return netc_status_set(status, NETC_ERROR_IO,
                         "%s:%lld: error: cannot read file: %s", path, line,
                         reader->read_error);
}

void netc_line_reader_close(netc_line_reader *reader) {
  if (reader == NULL) return;
  if (reader->file != NULL) gzclose((gzFile)reader->file);
  free(reader->block);
  free(reader->line);
  memset(reader, 0, sizeof(*reader));
}
