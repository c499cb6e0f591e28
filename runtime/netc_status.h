/* netc_status.h - how every netc runtime function reports failure.
 *
 * Rules for the whole runtime (every public header in runtime/):
 *
 *  - Errors. A function that can fail returns a netc_status_code, NETC_OK (0)
 *    on success, and takes a trailing `netc_status *status` that receives a
 *    human-readable message. `status` may be NULL when the caller only wants
 *    the code. On success the status is left untouched, so one status can
 *    collect the first error of a sequence of calls.
 *  - Messages. Errors about a file read the way clang's do, so tools and
 *    tests can match them: `PATH:LINE: error: MESSAGE`, or `PATH: error:
 *    MESSAGE` when no line applies. Line and field numbers are 1-based.
 *    Errors not tied to a file carry the bare message.
 *  - Outputs. Parameters named `out_*` are written by the callee, never
 *    half-filled: on failure an output the callee would allocate into is
 *    zeroed (and nothing is leaked), and a caller-owned output buffer is
 *    left untouched.
 *  - Ownership. Memory a function allocates for the caller is released with
 *    the matching `*_free` function; buffers passed in are owned by the
 *    caller and are never retained after the call returns.
 *  - No assert() on input: bad files and bad arguments are errors returned to
 *    the caller, never aborts.
 *  - Names are `netc_<object>_<verb>`. The headers can be included from C++.
 *  - Dependencies. Two libraries: netc_runtime (status, rng, safetensors) is
 *    C11 plus the C standard library, libm and the POSIX calls an atomic file
 *    replace needs (open, fsync, rename), nothing else, so an embedding
 *    program can link it alone; netc_data (csv, fasta, idx, encode) adds
 *    zlib for gzip-compressed inputs.
 */
#ifndef NETC_RUNTIME_NETC_STATUS_H_
#define NETC_RUNTIME_NETC_STATUS_H_

#ifdef __cplusplus
extern "C" {
#endif

/* The generated model headers (netc build) carry a copy of these two types
 * under the same guard, so either header may come first. */
#ifndef NETC_STATUS_TYPES_DEFINED_
#define NETC_STATUS_TYPES_DEFINED_
typedef enum netc_status_code {
  NETC_OK = 0,
  /* The operating system refused: a file could not be opened or read. */
  NETC_ERROR_IO,
  /* Input data is malformed: a CSV field that is not a number, a row with
   * the wrong number of fields, an empty table. */
  NETC_ERROR_FORMAT,
  /* The caller passed something the function cannot accept: NULL where a
   * value is needed, a column index out of range. */
  NETC_ERROR_INVALID_ARGUMENT,
  NETC_ERROR_OUT_OF_MEMORY,
  /* Shapes disagree: a buffer or tensor of the wrong dimensions. */
  NETC_ERROR_SHAPE
} netc_status_code;

/* A code and its message. Plain data: zero-initialize it or call
 * netc_status_clear(); nothing to free. The message is always
 * NUL-terminated and is truncated to fit. */
typedef struct netc_status {
  netc_status_code code;
  char message[512];
} netc_status;
#endif /* NETC_STATUS_TYPES_DEFINED_ */

/* Sets `s` to `code` with a printf-style message and returns `code`, so a
 * function can `return netc_status_set(status, NETC_ERROR_IO, ...)`.
 * Tolerates s == NULL (then only returns `code`). */
netc_status_code netc_status_set(netc_status *s, netc_status_code code,
                                 const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Resets `s` to NETC_OK with an empty message. Tolerates s == NULL. */
void netc_status_clear(netc_status *s);

/* The code's name without the prefix: "OK", "IO", "FORMAT",
 * "INVALID_ARGUMENT", "OUT_OF_MEMORY", "SHAPE"; "UNKNOWN" for a value
 * outside the enum. The string is static. */
const char *netc_status_code_name(netc_status_code code);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* NETC_RUNTIME_NETC_STATUS_H_ */
