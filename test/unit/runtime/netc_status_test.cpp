// Tests for runtime/netc_status.h: codes, names and message formatting.
#include "netc_status.h"

#include <cstring>
#include <string>

#include <gtest/gtest.h>

namespace {

TEST(NetcStatus, OkIsZero) { EXPECT_EQ(NETC_OK, 0); }

TEST(NetcStatus, SetFormatsTheMessageAndReturnsTheCode) {
  netc_status status;
  netc_status_clear(&status);
  netc_status_code code =
      netc_status_set(&status, NETC_ERROR_FORMAT, "%s:%d: error: %s",
                      "points.csv", 7, "expected 2 fields, found 3");
  EXPECT_EQ(code, NETC_ERROR_FORMAT);
  EXPECT_EQ(status.code, NETC_ERROR_FORMAT);
  EXPECT_STREQ(status.message,
               "points.csv:7: error: expected 2 fields, found 3");
}

TEST(NetcStatus, SetToleratesNullStatus) {
  EXPECT_EQ(netc_status_set(nullptr, NETC_ERROR_IO, "ignored %d", 1),
            NETC_ERROR_IO);
}

TEST(NetcStatus, SetReplacesAnEarlierMessage) {
  netc_status status;
  netc_status_set(&status, NETC_ERROR_IO, "a long first message");
  netc_status_set(&status, NETC_ERROR_SHAPE, "short");
  EXPECT_EQ(status.code, NETC_ERROR_SHAPE);
  EXPECT_STREQ(status.message, "short");
}

TEST(NetcStatus, LongMessagesAreTruncatedAndTerminated) {
  netc_status status;
  std::string long_text(2000, 'x');
  netc_status_set(&status, NETC_ERROR_INVALID_ARGUMENT, "%s",
                  long_text.c_str());
  EXPECT_EQ(std::strlen(status.message), sizeof(status.message) - 1);
  EXPECT_EQ(status.message[sizeof(status.message) - 1], '\0');
  EXPECT_EQ(status.code, NETC_ERROR_INVALID_ARGUMENT);
}

TEST(NetcStatus, ClearResetsCodeAndMessage) {
  netc_status status;
  netc_status_set(&status, NETC_ERROR_OUT_OF_MEMORY, "oom");
  netc_status_clear(&status);
  EXPECT_EQ(status.code, NETC_OK);
  EXPECT_STREQ(status.message, "");
  netc_status_clear(nullptr);  // tolerated
}

TEST(NetcStatus, CodeNames) {
  EXPECT_STREQ(netc_status_code_name(NETC_OK), "OK");
  EXPECT_STREQ(netc_status_code_name(NETC_ERROR_IO), "IO");
  EXPECT_STREQ(netc_status_code_name(NETC_ERROR_FORMAT), "FORMAT");
  EXPECT_STREQ(netc_status_code_name(NETC_ERROR_INVALID_ARGUMENT),
               "INVALID_ARGUMENT");
  EXPECT_STREQ(netc_status_code_name(NETC_ERROR_OUT_OF_MEMORY),
               "OUT_OF_MEMORY");
  EXPECT_STREQ(netc_status_code_name(NETC_ERROR_SHAPE), "SHAPE");
  EXPECT_STREQ(netc_status_code_name(static_cast<netc_status_code>(99)),
               "UNKNOWN");
}

}  // namespace
