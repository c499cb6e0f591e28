/* netc_idx.c - IDX reader; see netc_idx.h.
 *
 * Algorithm:
 *  1. Read the 4-byte magic and check it; read rank big-endian sizes.
 *  2. Multiply the sizes with overflow checks.
 *  3. Stream the data through a 64 KiB block, converting each byte to a
 *     float, into an array that doubles as data arrives (capped at the
 *     declared count), so the header alone never makes us allocate.
 *  4. Try to read one byte more: there must be none.
 * A truncated gzip stream (zlib's Z_BUF_ERROR) counts as an early end of the
 * data, and is an error even when only its trailer is missing; any other
 * zlib or system error is an I/O error.
 */
#include "netc_idx.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

enum { NETC_IDX_BLOCK_SIZE = 64 * 1024 };

/* Reads up to `size` bytes. Returns the count read (short only at the end
 * of the data), or -1 on an error, with the reason in `reason`. A gzip
 * stream that ends early also returns short, and sets *out_cut. */
static int64_t netc_idx_read_bytes(gzFile file, const char *path,
                                   unsigned char *buffer, size_t size,
                                   const char **reason, int *out_cut) {
  size_t total = 0;
  while (total < size) {
    size_t want = size - total;
    if (want > NETC_IDX_BLOCK_SIZE) want = NETC_IDX_BLOCK_SIZE;
    errno = 0;
    int n = gzread(file, buffer + total, (unsigned)want);
    int saved_errno = errno;
    int errnum = Z_OK;
    const char *message = gzerror(file, &errnum);
    if (n > 0) {
      total += (size_t)n;
      continue;
    }
    if (n == 0 && (errnum == Z_OK || errnum == Z_BUF_ERROR)) {
      if (errnum == Z_BUF_ERROR) *out_cut = 1;
      break;
    }
    *reason = errnum == Z_ERRNO ? strerror(saved_errno ? saved_errno : EIO)
                                : (message ? message : "unknown error");
    /* zlib's own messages read "PATH: REASON"; keep the reason. */
    size_t path_len = strlen(path);
    if (errnum != Z_ERRNO && strncmp(*reason, path, path_len) == 0 &&
        (*reason)[path_len] == ':' && (*reason)[path_len + 1] == ' ') {
      *reason += path_len + 2u;
    }
    return -1;
  }
  return (int64_t)total;
}

static const char *netc_idx_type_name(unsigned type) {
  switch (type) {
    case 0x08: return "unsigned byte";
    case 0x09: return "int8";
    case 0x0B: return "int16";
    case 0x0C: return "int32";
    case 0x0D: return "float32";
    case 0x0E: return "float64";
    default: return NULL;
  }
}

/* Formats "60000 x 28 x 28". */
static void netc_idx_format_dims(const netc_idx_array *array, char *out,
                                 size_t size) {
  size_t used = 0;
  out[0] = '\0';
  for (int32_t d = 0; d < array->rank && used < size; ++d) {
    int n = snprintf(out + used, size - used, "%s%lld", d ? " x " : "",
                     (long long)array->dims[d]);
    if (n < 0) break;
    used += (size_t)n;
  }
}

static netc_status_code netc_idx_read_header(gzFile file, const char *path,
                                             netc_idx_array *array,
                                             netc_status *status) {
  unsigned char header[4 + 4 * NETC_IDX_MAX_RANK];
  const char *reason = NULL;
  int cut = 0;
  int64_t got = netc_idx_read_bytes(file, path, header, 4, &reason, &cut);
  if (got < 0) {
    return netc_status_set(status, NETC_ERROR_IO,
                           "%s: error: cannot read file: %s", path, reason);
  }
  if (got < 4) {
    return netc_status_set(status, NETC_ERROR_FORMAT,
                           "%s: error: file is truncated: the header needs at "
                           "least 4 bytes, the file has %lld",
                           path, (long long)got);
  }
  const char *type_name = netc_idx_type_name(header[2]);
  if (header[0] != 0 || header[1] != 0 || type_name == NULL || header[3] == 0) {
    return netc_status_set(status, NETC_ERROR_FORMAT,
                           "%s: error: not an IDX file (magic 0x%02x%02x%02x%02x)",
                           path, header[0], header[1], header[2], header[3]);
  }
  if (header[2] != 0x08) {
    return netc_status_set(status, NETC_ERROR_FORMAT,
                           "%s: error: IDX data type 0x%02x (%s) is not "
                           "supported; netc reads unsigned bytes (0x08)",
                           path, header[2], type_name);
  }
  int rank = header[3];
  if (rank > NETC_IDX_MAX_RANK) {
    return netc_status_set(status, NETC_ERROR_FORMAT,
                           "%s: error: IDX file has %d dimensions; netc reads "
                           "at most %d",
                           path, rank, NETC_IDX_MAX_RANK);
  }
  got = netc_idx_read_bytes(file, path, header + 4, 4u * (size_t)rank,
                            &reason, &cut);
  if (got < 0) {
    return netc_status_set(status, NETC_ERROR_IO,
                           "%s: error: cannot read file: %s", path, reason);
  }
  if (got < 4 * rank) {
    return netc_status_set(status, NETC_ERROR_FORMAT,
                           "%s: error: file is truncated: the header needs %d "
                           "bytes, the file has %lld",
                           path, 4 + 4 * rank, (long long)(4 + got));
  }
  array->rank = rank;
  array->count = 1;
  for (int d = 0; d < rank; ++d) {
    const unsigned char *b = header + 4 + 4 * d;
    int64_t size = ((int64_t)b[0] << 24) | ((int64_t)b[1] << 16) |
                   ((int64_t)b[2] << 8) | (int64_t)b[3];
    array->dims[d] = size;
    /* Keep count * sizeof(float) within int64_t and size_t. */
    int64_t limit = (int64_t)((SIZE_MAX / sizeof(float)) < (size_t)(INT64_MAX / 4)
                                  ? SIZE_MAX / sizeof(float)
                                  : (size_t)(INT64_MAX / 4));
    if (size != 0 && array->count > limit / size) {
      netc_idx_array shown = *array;
      shown.rank = d + 1; /* the sizes read so far */
      char dims[160];
      netc_idx_format_dims(&shown, dims, sizeof(dims));
      return netc_status_set(status, NETC_ERROR_FORMAT,
                             "%s: error: dimensions %s%s are too large", path,
                             dims, d + 1 < rank ? " x ..." : "");
    }
    array->count *= size;
  }
  return NETC_OK;
}

static netc_status_code netc_idx_read_data(gzFile file, const char *path,
                                           float scale, netc_idx_array *array,
                                           netc_status *status) {
  unsigned char *block = (unsigned char *)malloc(NETC_IDX_BLOCK_SIZE);
  if (block == NULL) {
    return netc_status_set(status, NETC_ERROR_OUT_OF_MEMORY,
                           "%s: error: out of memory", path);
  }
  netc_status_code code = NETC_OK;
  int64_t filled = 0;
  int64_t capacity = 0;
  const char *reason = NULL;
  int cut = 0;
  char dims[160];
  netc_idx_format_dims(array, dims, sizeof(dims));
  while (filled < array->count) {
    int64_t want = array->count - filled;
    if (want > NETC_IDX_BLOCK_SIZE) want = NETC_IDX_BLOCK_SIZE;
    int64_t got =
        netc_idx_read_bytes(file, path, block, (size_t)want, &reason, &cut);
    if (got < 0) {
      code = netc_status_set(status, NETC_ERROR_IO,
                             "%s: error: cannot read file: %s", path, reason);
      break;
    }
    if (got == 0) {
      code = netc_status_set(status, NETC_ERROR_FORMAT,
                             "%s: error: file is truncated: dimensions %s need "
                             "%lld bytes of data, the file has %lld",
                             path, dims, (long long)array->count,
                             (long long)filled);
      break;
    }
    if (filled + got > capacity) {
      int64_t grown = capacity ? capacity : (int64_t)1 << 20;
      while (grown < filled + got) grown *= 2;
      if (grown > array->count) grown = array->count;
      float *values =
          (float *)realloc(array->values, (size_t)grown * sizeof(float));
      if (values == NULL) {
        code = netc_status_set(status, NETC_ERROR_OUT_OF_MEMORY,
                               "%s: error: out of memory", path);
        break;
      }
      array->values = values;
      capacity = grown;
    }
    for (int64_t i = 0; i < got; ++i) {
      array->values[filled + i] = (float)block[i] * scale;
    }
    filled += got;
  }
  if (code == NETC_OK) {
    int64_t extra = netc_idx_read_bytes(file, path, block, 1, &reason, &cut);
    if (extra < 0) {
      code = netc_status_set(status, NETC_ERROR_IO,
                             "%s: error: cannot read file: %s", path, reason);
    } else if (cut) {
      /* All the data arrived but the gzip trailer (its CRC) did not. */
      code = netc_status_set(status, NETC_ERROR_FORMAT,
                             "%s: error: file is truncated: the compressed "
                             "stream ends early",
                             path);
    } else if (extra > 0) {
      code = netc_status_set(status, NETC_ERROR_FORMAT,
                             "%s: error: file is longer than its dimensions %s "
                             "(%lld bytes of data) say",
                             path, dims, (long long)array->count);
    }
  }
  free(block);
  return code;
}

netc_status_code netc_idx_read(const char *path, float scale,
                               netc_idx_array *out_array, netc_status *status) {
  if (out_array != NULL) memset(out_array, 0, sizeof(*out_array));
  if (path == NULL || out_array == NULL) {
    return netc_status_set(status, NETC_ERROR_INVALID_ARGUMENT,
                           "netc_idx_read: %s is NULL",
                           path == NULL ? "path" : "out_array");
  }
  errno = 0;
  gzFile file = gzopen(path, "rb");
  if (file == NULL) {
    if (errno == 0) {
      return netc_status_set(status, NETC_ERROR_OUT_OF_MEMORY,
                             "%s: error: out of memory", path);
    }
    return netc_status_set(status, NETC_ERROR_IO,
                           "%s: error: cannot open file: %s", path,
                           strerror(errno));
  }
  gzbuffer(file, NETC_IDX_BLOCK_SIZE);
  netc_status_code code = netc_idx_read_header(file, path, out_array, status);
  if (code == NETC_OK) {
    code = netc_idx_read_data(file, path, scale, out_array, status);
  }
  gzclose(file);
  if (code != NETC_OK) netc_idx_array_free(out_array);
  return code;
}

void netc_idx_array_free(netc_idx_array *array) {
  if (array == NULL) return;
  free(array->values);
  memset(array, 0, sizeof(*array));
}

netc_status_code netc_idx_read_dataset(const char *images_path,
                                       const char *labels_path, float scale,
                                       netc_idx_dataset *out_dataset,
                                       netc_status *status) {
  if (out_dataset != NULL) memset(out_dataset, 0, sizeof(*out_dataset));
  if (images_path == NULL || labels_path == NULL || out_dataset == NULL) {
    return netc_status_set(status, NETC_ERROR_INVALID_ARGUMENT,
                           "netc_idx_read_dataset: %s is NULL",
                           images_path == NULL   ? "images_path"
                           : labels_path == NULL ? "labels_path"
                                                 : "out_dataset");
  }
  netc_idx_array images;
  netc_idx_array labels;
  netc_status_code code = netc_idx_read(images_path, scale, &images, status);
  if (code != NETC_OK) return code;
  code = netc_idx_read(labels_path, 1.0f, &labels, status);
  if (code != NETC_OK) {
    netc_idx_array_free(&images);
    return code;
  }
  if (labels.rank != 1) {
    code = netc_status_set(status, NETC_ERROR_SHAPE,
                           "%s: error: a label file has 1 dimension, this one "
                           "has %d",
                           labels_path, (int)labels.rank);
  } else if (labels.dims[0] != images.dims[0]) {
    code = netc_status_set(status, NETC_ERROR_SHAPE,
                           "%s: error: %lld %s for %lld %s in %s", labels_path,
                           (long long)labels.dims[0],
                           labels.dims[0] == 1 ? "label" : "labels",
                           (long long)images.dims[0],
                           images.dims[0] == 1 ? "image" : "images",
                           images_path);
  }
  int64_t *indices = NULL;
  if (code == NETC_OK && labels.count > 0) {
    indices = (int64_t *)malloc((size_t)labels.count * sizeof(int64_t));
    if (indices == NULL) {
      code = netc_status_set(status, NETC_ERROR_OUT_OF_MEMORY,
                             "%s: error: out of memory", labels_path);
    } else {
      for (int64_t i = 0; i < labels.count; ++i) {
        indices[i] = (int64_t)labels.values[i];
      }
    }
  }
  netc_idx_array_free(&labels);
  if (code != NETC_OK) {
    netc_idx_array_free(&images);
    return code;
  }
  out_dataset->images = images;
  out_dataset->count = images.dims[0];
  out_dataset->labels = indices;
  return NETC_OK;
}

void netc_idx_dataset_free(netc_idx_dataset *dataset) {
  if (dataset == NULL) return;
  netc_idx_array_free(&dataset->images);
  free(dataset->labels);
  memset(dataset, 0, sizeof(*dataset));
}
