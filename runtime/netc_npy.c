/* netc_npy.c - reads NumPy's .npy arrays; see netc_npy.h. */
#include "netc_npy.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

enum {
  NETC_NPY_BLOCK_BYTES = 1 << 16,
  NETC_NPY_MAX_HEADER = 1 << 20 /* numpy writes a few hundred bytes */
};

/* What the header's 'descr' says about one element. */
typedef struct netc_npy_type {
  char kind; /* 'f' float, 'i' signed, 'u' unsigned, 'b' bool */
  int size;  /* bytes */
} netc_npy_type;

/* Reads exactly `want` bytes; returns how many arrived, or -1 on a read
 * error (reason in *status). */
static int64_t netc_npy_read_bytes(gzFile file, const char *path, void *out,
                                   int64_t want, netc_status *status) {
  int64_t total = 0;
  while (total < want) {
    int64_t chunk = want - total < NETC_NPY_BLOCK_BYTES ? want - total
                                                        : NETC_NPY_BLOCK_BYTES;
    int n = gzread(file, (char *)out + total, (unsigned)chunk);
    if (n < 0) {
      int errnum = 0;
      const char *message = gzerror(file, &errnum);
      netc_status_set(status, NETC_ERROR_IO, "%s: error: cannot read: %s",
                      path, message);
      return -1;
    }
    if (n == 0)
      break;
    total += n;
  }
  return total;
}

/* The text after `'key':` in the header dict, spaces skipped; NULL if the
 * key is absent. */
static const char *netc_npy_find_value(const char *header, const char *key) {
  char quoted[32];
  snprintf(quoted, sizeof quoted, "'%s'", key);
  const char *at = strstr(header, quoted);
  if (!at)
    return NULL;
  at += strlen(quoted);
  while (*at == ' ')
    ++at;
  if (*at != ':')
    return NULL;
  ++at;
  while (*at == ' ')
    ++at;
  return at;
}

static netc_status_code netc_npy_parse_descr(const char *header,
                                             const char *path,
                                             netc_npy_type *type,
                                             netc_status *status) {
  const char *value = netc_npy_find_value(header, "descr");
  char descr[16] = {0};
  size_t n = 0;
  if (!value || *value != '\'')
    return netc_status_set(status, NETC_ERROR_FORMAT,
                           "%s: error: the header has no 'descr' string "
                           "(structured arrays are not supported)",
                           path);
  for (++value; *value && *value != '\'' && n + 1 < sizeof descr; ++value)
    descr[n++] = *value;
  if (n < 3)
    return netc_status_set(status, NETC_ERROR_FORMAT,
                           "%s: error: element type '%s' is not a .npy type",
                           path, descr);
  type->kind = descr[1];
  type->size = atoi(descr + 2);
  int sized = (type->kind == 'f' && (type->size == 4 || type->size == 8)) ||
              ((type->kind == 'i' || type->kind == 'u') &&
               (type->size == 1 || type->size == 2 || type->size == 4 ||
                type->size == 8)) ||
              (type->kind == 'b' && type->size == 1);
  if (!sized)
    return netc_status_set(status, NETC_ERROR_FORMAT,
                           "%s: error: element type '%s' is not supported "
                           "(floats, integers, bool)",
                           path, descr);
  if (descr[0] == '>' && type->size > 1)
    return netc_status_set(status, NETC_ERROR_FORMAT,
                           "%s: error: element type '%s' is big-endian; save "
                           "it as '<%s'",
                           path, descr, descr + 1);
  if (descr[0] != '<' && descr[0] != '|' && descr[0] != '=' &&
      descr[0] != '>')
    return netc_status_set(status, NETC_ERROR_FORMAT,
                           "%s: error: element type '%s' has no byte order",
                           path, descr);
  return NETC_OK;
}

static netc_status_code netc_npy_parse_shape(const char *header,
                                             const char *path,
                                             netc_npy_array *array,
                                             netc_status *status) {
  const char *value = netc_npy_find_value(header, "shape");
  if (!value || *value != '(')
    return netc_status_set(status, NETC_ERROR_FORMAT,
                           "%s: error: the header has no 'shape'", path);
  ++value;
  array->count = 1;
  for (;;) {
    while (*value == ' ' || *value == ',')
      ++value;
    if (*value == ')')
      break;
    char *end = NULL;
    long long dim = strtoll(value, &end, 10);
    if (end == value || dim < 0)
      return netc_status_set(status, NETC_ERROR_FORMAT,
                             "%s: error: the header's 'shape' is not a tuple "
                             "of sizes",
                             path);
    if (array->rank == NETC_NPY_MAX_RANK)
      return netc_status_set(status, NETC_ERROR_FORMAT,
                             "%s: error: more than %d dimensions", path,
                             NETC_NPY_MAX_RANK);
    if (dim > 0 && array->count > (INT64_C(1) << 40) / dim)
      return netc_status_set(status, NETC_ERROR_FORMAT,
                             "%s: error: the shape is too large", path);
    array->dims[array->rank++] = dim;
    array->count *= dim;
    value = end;
  }
  return NETC_OK;
}

/* "(3, 4)" for messages. */
static void netc_npy_format_shape(const netc_npy_array *array, char *out,
                                  size_t size) {
  size_t used = (size_t)snprintf(out, size, "(");
  for (int32_t i = 0; i < array->rank && used < size; ++i)
    used += (size_t)snprintf(out + used, size - used, "%s%lld",
                             i ? ", " : "", (long long)array->dims[i]);
  if (used < size)
    snprintf(out + used, size - used, array->rank == 1 ? ",)" : ")");
}

static float netc_npy_element(const unsigned char *p, netc_npy_type type) {
  /* Little-endian on every target netc builds for (x86-64, AArch64). */
  switch (type.kind) {
  case 'f':
    if (type.size == 4) {
      float f;
      memcpy(&f, p, 4);
      return f;
    } else {
      double d;
      memcpy(&d, p, 8);
      return (float)d;
    }
  case 'b':
    return *p ? 1.0f : 0.0f;
  case 'u': {
    uint64_t v = 0;
    memcpy(&v, p, (size_t)type.size);
    return (float)v;
  }
  default: {
    uint64_t bits = 0;
    memcpy(&bits, p, (size_t)type.size);
    int shift = 64 - 8 * type.size; /* sign-extend */
    return (float)((int64_t)(bits << shift) >> shift);
  }
  }
}

static netc_status_code netc_npy_read_header(gzFile file, const char *path,
                                             netc_npy_array *array,
                                             netc_npy_type *type,
                                             netc_status *status) {
  unsigned char prefix[10];
  int64_t got = netc_npy_read_bytes(file, path, prefix, 8, status);
  if (got < 0)
    return NETC_ERROR_IO;
  if (got < 8 || memcmp(prefix, "\x93NUMPY", 6) != 0)
    return netc_status_set(status, NETC_ERROR_FORMAT,
                           "%s: error: not a .npy file (it does not start "
                           "with \\x93NUMPY)",
                           path);
  int major = prefix[6], minor = prefix[7];
  if (major < 1 || major > 3)
    return netc_status_set(status, NETC_ERROR_FORMAT,
                           "%s: error: .npy version %d.%d is not supported "
                           "(1.0, 2.0, 3.0 are)",
                           path, major, minor);
  int lengthBytes = major == 1 ? 2 : 4;
  got = netc_npy_read_bytes(file, path, prefix, lengthBytes, status);
  if (got < 0)
    return NETC_ERROR_IO;
  if (got < lengthBytes)
    return netc_status_set(status, NETC_ERROR_FORMAT,
                           "%s: error: file is truncated in its header", path);
  uint32_t length = prefix[0] | (uint32_t)prefix[1] << 8;
  if (lengthBytes == 4)
    length |= (uint32_t)prefix[2] << 16 | (uint32_t)prefix[3] << 24;
  if (length > NETC_NPY_MAX_HEADER)
    return netc_status_set(status, NETC_ERROR_FORMAT,
                           "%s: error: header of %u bytes is too long", path,
                           (unsigned)length);
  char *header = malloc((size_t)length + 1);
  if (!header)
    return netc_status_set(status, NETC_ERROR_OUT_OF_MEMORY,
                           "%s: error: out of memory", path);
  got = netc_npy_read_bytes(file, path, header, length, status);
  netc_status_code code = NETC_OK;
  if (got < 0) {
    code = NETC_ERROR_IO;
  } else if (got < (int64_t)length) {
    code = netc_status_set(status, NETC_ERROR_FORMAT,
                           "%s: error: file is truncated in its header", path);
  } else {
    header[length] = '\0';
    const char *order = netc_npy_find_value(header, "fortran_order");
    code = netc_npy_parse_descr(header, path, type, status);
    if (code == NETC_OK && order && strncmp(order, "True", 4) == 0)
      code = netc_status_set(status, NETC_ERROR_FORMAT,
                             "%s: error: fortran_order is True; save a "
                             "C-ordered array",
                             path);
    if (code == NETC_OK)
      code = netc_npy_parse_shape(header, path, array, status);
  }
  free(header);
  return code;
}

static netc_status_code netc_npy_read_data(gzFile file, const char *path,
                                           netc_npy_array *array,
                                           netc_npy_type type,
                                           netc_status *status) {
  if (array->count == 0)
    return NETC_OK;
  /* The array grows as data arrives (capped at the declared count), so a
   * header that claims more than the file holds is reported as truncation,
   * never attempted as a huge allocation. */
  int64_t capacity = array->count < 4096 ? array->count : 4096;
  array->values = malloc((size_t)capacity * sizeof(float));
  unsigned char *block = malloc(NETC_NPY_BLOCK_BYTES);
  netc_status_code code = NETC_OK;
  if (!array->values || !block) {
    code = netc_status_set(status, NETC_ERROR_OUT_OF_MEMORY,
                           "%s: error: out of memory for %lld values", path,
                           (long long)array->count);
  } else {
    int64_t perBlock = NETC_NPY_BLOCK_BYTES / type.size;
    for (int64_t done = 0; done < array->count && code == NETC_OK;) {
      int64_t want = array->count - done < perBlock ? array->count - done
                                                    : perBlock;
      int64_t got =
          netc_npy_read_bytes(file, path, block, want * type.size, status);
      if (got < 0) {
        code = NETC_ERROR_IO;
      } else if (got < want * type.size) {
        char shape[128];
        netc_npy_format_shape(array, shape, sizeof shape);
        code = netc_status_set(
            status, NETC_ERROR_FORMAT,
            "%s: error: file is truncated: shape %s of %d-byte elements needs "
            "%lld bytes of data, the file has %lld",
            path, shape, type.size, (long long)(array->count * type.size),
            (long long)(done * type.size + got));
      } else {
        if (done + want > capacity) {
          int64_t grown = capacity * 2 > done + want ? capacity * 2 : done + want;
          capacity = grown < array->count ? grown : array->count;
          float *values = realloc(array->values, (size_t)capacity * sizeof(float));
          if (!values) {
            code = netc_status_set(status, NETC_ERROR_OUT_OF_MEMORY,
                                   "%s: error: out of memory for %lld values",
                                   path, (long long)array->count);
            break;
          }
          array->values = values;
        }
        for (int64_t i = 0; i < want; ++i)
          array->values[done + i] = netc_npy_element(block + i * type.size, type);
        done += want;
      }
    }
  }
  if (code == NETC_OK) {
    unsigned char extra;
    int64_t more = netc_npy_read_bytes(file, path, &extra, 1, status);
    if (more < 0)
      code = NETC_ERROR_IO;
    else if (more > 0)
      code = netc_status_set(status, NETC_ERROR_FORMAT,
                             "%s: error: file is longer than its shape says",
                             path);
  }
  free(block);
  return code;
}

netc_status_code netc_npy_read(const char *path, netc_npy_array *out_array,
                               netc_status *status) {
  if (!path || !out_array)
    return netc_status_set(status, NETC_ERROR_INVALID_ARGUMENT,
                           "netc_npy_read: path and out_array must not be NULL");
  memset(out_array, 0, sizeof *out_array);
  gzFile file = gzopen(path, "rb");
  if (!file)
    return netc_status_set(status, NETC_ERROR_IO,
                           "%s: error: cannot open file: %s", path,
                           strerror(errno));
  gzbuffer(file, NETC_NPY_BLOCK_BYTES);
  netc_npy_type type = {0, 0};
  netc_status_code code =
      netc_npy_read_header(file, path, out_array, &type, status);
  if (code == NETC_OK)
    code = netc_npy_read_data(file, path, out_array, type, status);
  gzclose(file);
  if (code != NETC_OK)
    netc_npy_array_free(out_array);
  return code;
}

void netc_npy_array_free(netc_npy_array *array) {
  if (!array)
    return;
  free(array->values);
  memset(array, 0, sizeof *array);
}
