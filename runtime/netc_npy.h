/* netc_npy.h - reads NumPy's .npy arrays (numpy.save), as floats.
 *
 * Format (https://numpy.org/neps/nep-0001-npy-format.html):
 *   bytes 0-5   "\x93NUMPY"
 *   bytes 6-7   version: 1.0 (header length: 2 bytes), 2.0 or 3.0 (4 bytes),
 *               little-endian
 *   then        the header: a Python dict literal
 *               {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }
 *               padded with spaces and ending in '\n'
 *   then        the data, row-major when fortran_order is False
 * Element types read: float32, float64, int8/16/32/64, uint8/16/32/64 and
 * bool, in little-endian or byte order '|' ('<', '|' and '=' on this
 * little-endian machine); each becomes a float. Big-endian data,
 * Fortran order, structured and object arrays are rejected by name.
 * The file may be gzip-compressed (np.save to a .gz stream); it is read once,
 * in blocks, straight into the float array.
 *
 * Error and ownership rules: see netc_status.h. Messages:
 *   x.npy: error: not a .npy file (it does not start with \x93NUMPY)
 *   x.npy: error: .npy version 4.0 is not supported (1.0, 2.0, 3.0 are)
 *   x.npy: error: the header has no 'shape'
 *   x.npy: error: element type '>f4' is big-endian; save it as '<f4'
 *   x.npy: error: element type '<c8' is not supported (floats, integers, bool)
 *   x.npy: error: fortran_order is True; save a C-ordered array
 *   x.npy: error: file is truncated: shape (3, 4) of '<f4' needs 48 bytes
 *         of data, the file has 40
 * Part of the netc_data library (links zlib).
 */
#ifndef NETC_RUNTIME_NETC_NPY_H_
#define NETC_RUNTIME_NETC_NPY_H_

#include <stdint.h>

#include "netc_status.h"

#ifdef __cplusplus
extern "C" {
#endif

enum { NETC_NPY_MAX_RANK = 8 };

/* A .npy array as floats. Release with netc_npy_array_free. */
typedef struct netc_npy_array {
  int32_t rank;                    /* 0 for a scalar */
  int64_t dims[NETC_NPY_MAX_RANK]; /* dims[rank..] are 0 */
  int64_t count;                   /* product of dims[0..rank) (1 if rank 0) */
  float *values;                   /* count values, row-major; NULL if 0 */
} netc_npy_array;

/* Reads the .npy file at `path` into *out_array. Returns NETC_OK,
 * NETC_ERROR_IO (cannot open or read), NETC_ERROR_FORMAT (not .npy, bad
 * header, unsupported type or order, truncated), NETC_ERROR_OUT_OF_MEMORY
 * or NETC_ERROR_INVALID_ARGUMENT. On error *out_array is zeroed and nothing
 * is left allocated. */
netc_status_code netc_npy_read(const char *path, netc_npy_array *out_array,
                               netc_status *status);

/* Frees array->values and zeroes *array; safe on NULL and twice. */
void netc_npy_array_free(netc_npy_array *array);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* NETC_RUNTIME_NETC_NPY_H_ */
