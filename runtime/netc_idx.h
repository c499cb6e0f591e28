/* netc_idx.h - reads IDX files, the format of MNIST and Fashion-MNIST
 * (Debian's dataset-fashion-mnist installs them in
 * /usr/share/datasets/fashion-mnist/ as {train,t10k}-images-idx3-ubyte.gz
 * and {train,t10k}-labels-idx1-ubyte.gz).
 *
 * Format (big-endian throughout):
 *   bytes 0-1   zero
 *   byte  2     data type: 0x08 unsigned byte (the only one netc reads);
 *               0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32 and
 *               0x0E float64 are recognised and rejected by name
 *   byte  3     number of dimensions, 1 to NETC_IDX_MAX_RANK
 *   then        one 32-bit unsigned size per dimension
 *   then        the data, row-major, exactly the product of the sizes
 * The file may be gzip-compressed (recognised by its magic bytes, not its
 * name); it is inflated on the fly and read once, in blocks. The value array
 * grows as data arrives, so a header that claims more data than the file
 * holds is reported as truncation, never as a huge allocation.
 *
 * Each byte b becomes the float (float)b * scale (scale = 1.0f / 255.0f maps
 * pixels to [0, 1]).
 *
 * Error and ownership rules: see netc_status.h. Messages:
 *   x.gz: error: not an IDX file (magic 0x68656c6c)
 *   x.gz: error: IDX data type 0x0d (float32) is not supported; netc reads
 *         unsigned bytes (0x08)
 *   x.gz: error: file is truncated: the header needs 16 bytes, the file has 9
 *   x.gz: error: file is truncated: dimensions 10 x 28 x 28 need 7840 bytes
 *         of data, the file has 100
 *   x.gz: error: file is longer than its dimensions 10 x 28 x 28 (7840 bytes
 *         of data) say
 *   x.gz: error: dimensions 4294967295 x 4294967295 x ... are too large
 *   labels.gz: error: 100 labels for 10 images in images.gz
 *   labels.gz: error: a label file has 1 dimension, this one has 3
 * Part of the netc_data library (links zlib).
 */
#ifndef NETC_RUNTIME_NETC_IDX_H_
#define NETC_RUNTIME_NETC_IDX_H_

#include <stdint.h>

#include "netc_status.h"

#ifdef __cplusplus
extern "C" {
#endif

enum { NETC_IDX_MAX_RANK = 8 };

/* An IDX array as floats. Owned by whoever received it from netc_idx_read;
 * release it with netc_idx_array_free. */
typedef struct netc_idx_array {
  int32_t rank;
  int64_t dims[NETC_IDX_MAX_RANK]; /* dims[rank..] are 0 */
  int64_t count;                   /* product of dims[0..rank) */
  float *values;                   /* count values, row-major; NULL if 0 */
} netc_idx_array;

/* Reads the IDX file at `path` into *out_array, every byte times `scale`.
 * Returns NETC_OK, NETC_ERROR_IO (cannot open or read, corrupt gzip data),
 * NETC_ERROR_FORMAT (bad magic, unsupported type, truncated, too long),
 * NETC_ERROR_OUT_OF_MEMORY or NETC_ERROR_INVALID_ARGUMENT. On error
 * *out_array is zeroed and nothing is left allocated. */
netc_status_code netc_idx_read(const char *path, float scale,
                               netc_idx_array *out_array, netc_status *status);

/* Frees array->values and zeroes *array. Tolerates NULL and a zeroed array,
 * so it is safe to call twice. */
void netc_idx_array_free(netc_idx_array *array);

/* Images and their labels, as MNIST ships them. Release with
 * netc_idx_dataset_free. */
typedef struct netc_idx_dataset {
  /* dims[0] is the number of examples, the rest one example's shape. */
  netc_idx_array images;
  int64_t count;   /* images.dims[0] */
  int64_t *labels; /* count class indices (the label file's bytes) */
} netc_idx_dataset;

/* Reads an image file (any rank, scaled by `scale`) and a 1-dimensional
 * label file whose length must equal the number of images. Errors as
 * netc_idx_read, plus NETC_ERROR_SHAPE for a label file that is not
 * 1-dimensional or whose length differs. On error *out_dataset is zeroed. */
netc_status_code netc_idx_read_dataset(const char *images_path,
                                       const char *labels_path, float scale,
                                       netc_idx_dataset *out_dataset,
                                       netc_status *status);

/* Frees both arrays and zeroes *dataset. Tolerates NULL and zeroed. */
void netc_idx_dataset_free(netc_idx_dataset *dataset);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* NETC_RUNTIME_NETC_IDX_H_ */
