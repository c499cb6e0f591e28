/* netc_safetensors.h - reads and writes checkpoints in the safetensors format
 * (github.com/huggingface/safetensors), the one PyTorch users exchange, so a
 * model trained by netc loads in PyTorch and the other way round.
 *
 * Format:
 *   8 bytes    N, the header length, unsigned little-endian
 *   N bytes    a JSON object (UTF-8):
 *                {"__metadata__": {"key": "value", ...},
 *                 "0.weight": {"dtype": "F32", "shape": [4, 2],
 *                              "data_offsets": [0, 32]}, ...}
 *              "__metadata__" is optional and maps strings to strings;
 *              offsets are [begin, end) in bytes from the start of the data
 *   the data   every tensor's elements, row-major, little-endian, packed:
 *              sorted by offset, the tensors tile [0, data size) exactly
 *
 * Writing. netc writes F32 only: the tensors in the order given, packed from
 * offset 0; "__metadata__" first when there is any (as the reference
 * implementation does); the header padded with spaces to a multiple of 8
 * bytes, so the data is 8-byte aligned. The write is atomic: the file is
 * written as PATH.tmp-XXXXXX in PATH's folder, flushed and fsync'd, renamed
 * over PATH, and the folder is fsync'd, so after a crash PATH holds either
 * the old file or the new one, never a mixture. On failure the temporary
 * file is removed and the old PATH is untouched (except when only the final
 * folder fsync fails: the new file is in place, see netc_safetensors_write).
 * A symbolic link at PATH is replaced by the file, not followed. The new
 * file's permissions are 0666 minus the umask.
 *
 * Reading. The header is parsed by a small JSON parser that accepts objects,
 * arrays, strings (all escapes, \u surrogate pairs, UTF-8 checked) and
 * numbers, and nothing else (no true, false or null), at most 32 levels
 * deep; it never reads past the header. Then the header is checked as the
 * reference implementation does: header length at most 100,000,000 bytes;
 * every tensor has a known dtype, a shape of non-negative integers and
 * data_offsets whose size is product(shape) * dtype size; sorted by offset
 * the tensors are contiguous and non-overlapping from 0; the file ends where
 * the last tensor does. Tensors of any dtype can be listed; only F32 can be
 * loaded. Unknown fields of a tensor entry are ignored, as by the reference.
 *
 * Error and ownership rules: see netc_status.h. Messages name the file:
 *   ckpt.safetensors: error: tensor '0.weight' has shape [4, 3], the model
 *                     expects [4, 2]
 *   ckpt.safetensors: error: missing tensor '2.bias'
 *   ckpt.safetensors: error: unexpected tensor 'foo'
 *   ckpt.safetensors: error: tensor '0.weight' has dtype F16; netc reads F32
 *   ckpt.safetensors: error: file is truncated: header says 1024 bytes, file
 *                     has 100
 *   ckpt.safetensors: error: not a safetensors file: header length
 *                     9999999999 exceeds the file size
 *   ckpt.safetensors: error: invalid JSON header at file offset 25: expected
 *                     ':' after an object key
 * Tensor names longer than 100 bytes are cut short ("...") in messages.
 *
 * Part of the netc_runtime library: libc (with POSIX open, fsync, rename)
 * and libm only.
 */
#ifndef NETC_RUNTIME_NETC_SAFETENSORS_H_
#define NETC_RUNTIME_NETC_SAFETENSORS_H_

#include <stdint.h>

#include "netc_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One F32 tensor to write: `rank` sizes in `shape` (may be NULL when rank is
 * 0, a scalar), product(shape) floats in `data`, row-major (may be NULL when
 * there are none). All of it is borrowed for the duration of the call. */
typedef struct netc_tensor_view {
  const char *name;
  const int64_t *shape;
  int32_t rank;
  const float *data;
} netc_tensor_view;

/* A "__metadata__" entry: a key and its value, both NUL-terminated UTF-8. */
typedef struct netc_metadata_entry {
  const char *key;
  const char *value;
} netc_metadata_entry;

/* Writes `count` tensors and `metadata_count` metadata entries to `path`,
 * atomically (see above).
 *
 * Names must be non-empty, valid UTF-8, distinct and not "__metadata__";
 * metadata keys distinct and, like values, valid UTF-8; sizes non-negative.
 *
 * Returns NETC_OK, NETC_ERROR_INVALID_ARGUMENT (a bad tensor, name or
 * metadata entry; checked before the disk is touched),
 * NETC_ERROR_OUT_OF_MEMORY, or NETC_ERROR_IO:
 *   ckpt.safetensors: error: cannot create temporary file: REASON
 *   ckpt.safetensors: error: cannot write: REASON      (fwrite, fflush, close)
 *   ckpt.safetensors: error: cannot sync to disk: REASON          (fsync)
 *   ckpt.safetensors: error: cannot replace the file: REASON      (rename)
 *   ckpt.safetensors: error: cannot sync the folder: REASON
 * In every case but the last, PATH is as it was and no temporary file is
 * left. The last means the new file is in place but its rename may not
 * survive a power failure. */
netc_status_code netc_safetensors_write(const char *path,
                                        const netc_tensor_view *tensors,
                                        int64_t count,
                                        const netc_metadata_entry *metadata,
                                        int64_t metadata_count,
                                        netc_status *status);

/* One tensor of a file, as its header describes it. */
typedef struct netc_safetensors_tensor_info {
  const char *name;
  const char *dtype; /* "F32", "F16", "BF16", "I64", "U8", "BOOL", ... */
  int32_t rank;
  const int64_t *shape; /* rank sizes; NULL when rank is 0 */
  int64_t data_begin;   /* byte offsets from the start of the data */
  int64_t data_end;
} netc_safetensors_tensor_info;

/* A file's header, checked. Everything it points to is owned by it; release
 * it with netc_safetensors_header_free. */
typedef struct netc_safetensors_header {
  int64_t tensor_count;
  netc_safetensors_tensor_info *tensors; /* in the header's order */
  int64_t metadata_count;
  netc_metadata_entry *metadata; /* "__metadata__", in the header's order */
  int64_t data_offset;           /* file offset of the data: 8 + N */
  int64_t file_size;
  void *storage_; /* private */
} netc_safetensors_header;

/* Reads and checks the header of `path`: the tensors (name, dtype, shape,
 * offsets) and the metadata. The data is not read, but the file size is
 * checked against the offsets.
 *
 * Returns NETC_OK, NETC_ERROR_IO (cannot open or read), NETC_ERROR_FORMAT
 * (anything wrong with the file), NETC_ERROR_OUT_OF_MEMORY or
 * NETC_ERROR_INVALID_ARGUMENT. On error *out_header is zeroed. */
netc_status_code netc_safetensors_read_header(
    const char *path, netc_safetensors_header *out_header,
    netc_status *status);

/* Frees everything *header owns and zeroes it. Tolerates NULL and a zeroed
 * header, so it is safe to call twice. */
void netc_safetensors_header_free(netc_safetensors_header *header);

/* The value of metadata `key`, or NULL when there is none. The string is
 * owned by `header`. */
const char *netc_safetensors_metadata_find(
    const netc_safetensors_header *header, const char *key);

/* Where one expected tensor goes: its name and shape (as for
 * netc_tensor_view) and caller-owned storage for product(shape) floats. */
typedef struct netc_tensor_slot {
  const char *name;
  const int64_t *shape;
  int32_t rank;
  float *data;
} netc_tensor_slot;

/* Loads the tensors of `path` into the caller's slots, after checking that
 * the file holds exactly the expected tensors: the same names, dtype F32,
 * the same shapes (the order in the file does not matter). The first
 * disagreement is reported, walking the slots in order (missing, then
 * dtype, then shape) and then the file's tensors in header order
 * (unexpected).
 *
 * Returns NETC_OK; NETC_ERROR_SHAPE (missing or unexpected tensor, shape
 * mismatch); NETC_ERROR_FORMAT (a dtype other than F32, or anything
 * netc_safetensors_read_header rejects); NETC_ERROR_IO;
 * NETC_ERROR_OUT_OF_MEMORY; NETC_ERROR_INVALID_ARGUMENT (bad or repeated
 * slots). Every check happens before any slot is written, so on these
 * errors the slots are untouched; only an operating-system read error while
 * copying the data (the file changed or the disk failed underneath) can
 * leave some slots filled and others not. */
netc_status_code netc_safetensors_load(const char *path,
                                       const netc_tensor_slot *slots,
                                       int64_t count, netc_status *status);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* NETC_RUNTIME_NETC_SAFETENSORS_H_ */
