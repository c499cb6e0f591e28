/* netc_status.c - status codes and messages; see netc_status.h. */
#include "netc_status.h"

#include <stdarg.h>
#include <stdio.h>

netc_status_code netc_status_set(netc_status *s, netc_status_code code,
                                 const char *fmt, ...) {
  if (s == NULL) return code;
  s->code = code;
  s->message[0] = '\0';
  if (fmt != NULL) {
    va_list args;
    va_start(args, fmt);
    /* vsnprintf truncates and always NUL-terminates a non-empty buffer. */
    if (vsnprintf(s->message, sizeof(s->message), fmt, args) < 0) {
      s->message[0] = '\0';
    }
    va_end(args);
  }
  return code;
}

void netc_status_clear(netc_status *s) {
  if (s == NULL) return;
  s->code = NETC_OK;
  s->message[0] = '\0';
}

const char *netc_status_code_name(netc_status_code code) {
  switch (code) {
    case NETC_OK:
      return "OK";
    case NETC_ERROR_IO:
      return "IO";
    case NETC_ERROR_FORMAT:
      return "FORMAT";
    case NETC_ERROR_INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case NETC_ERROR_OUT_OF_MEMORY:
      return "OUT_OF_MEMORY";
    case NETC_ERROR_SHAPE:
      return "SHAPE";
  }
  return "UNKNOWN";
}
