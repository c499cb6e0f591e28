/* aot_check.h - the checks of the embedding tests: each failed check prints
 * where and what, and the program exits 1 at the end. */
#ifndef NETC_TEST_AOT_CHECK_H
#define NETC_TEST_AOT_CHECK_H

#include <stdio.h>
#include <string.h>

static int netc_check_failures = 0;

#define CHECK(cond)                                                       \
  do {                                                                    \
    if (!(cond)) {                                                        \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      ++netc_check_failures;                                              \
    }                                                                     \
  } while (0)

/* A call must fail with `code` and a message containing `words`. */
#define CHECK_STATUS(call, s, want_, words)                                \
  do {                                                                    \
    memset(&(s), 0, sizeof(s));                                           \
    netc_status_code rc_ = (call);                                        \
    if (rc_ != (want_) || (s).code != (want_) ||                            \
        strstr((s).message, (words)) == NULL) {                           \
      fprintf(stderr, "%s:%d: %s returned %d (status %d, \"%s\"), "       \
              "expected %d with \"%s\"\n", __FILE__, __LINE__, #call,     \
              (int)rc_, (int)(s).code, (s).message, (int)(want_), (words)); \
      ++netc_check_failures;                                              \
    } else {                                                              \
      printf("ok: %s\n", (s).message);                                    \
    }                                                                     \
  } while (0)

static int netc_check_result(void) {
  if (netc_check_failures) fprintf(stderr, "%d check(s) failed\n", netc_check_failures);
  return netc_check_failures ? 1 : 0;
}

#endif
