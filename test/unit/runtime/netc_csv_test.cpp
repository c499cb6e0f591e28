// Tests for runtime/netc_csv.h: reading numeric CSV files, every error
// message word for word, and column selection.
#include "netc_csv.h"

#include <zlib.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace {

// Each test writes its own files under the gtest temp dir, named after the
// test so that tests run in parallel by ctest never share one.
class NetcCsvTest : public ::testing::Test {
 protected:
  std::string PathFor(const std::string &name) {
    const ::testing::TestInfo *info =
        ::testing::UnitTest::GetInstance()->current_test_info();
    return ::testing::TempDir() + "netc_csv_" + info->name() + "_" + name;
  }

  // Writes `contents` byte for byte (binary mode: "\r\n" stays as written).
  std::string WriteFile(const std::string &name, const std::string &contents) {
    std::string path = PathFor(name);
    FILE *f = std::fopen(path.c_str(), "wb");
    EXPECT_NE(f, nullptr) << path;
    if (f) {
      std::fwrite(contents.data(), 1, contents.size(), f);
      std::fclose(f);
    }
    written_.push_back(path);
    return path;
  }

  void TearDown() override {
    for (const std::string &path : written_) std::remove(path.c_str());
  }

  // Reads `contents` and expects success.
  netc_table ReadOk(const std::string &contents, int has_header,
                    char delimiter = ',') {
    std::string path = WriteFile("ok.csv", contents);
    netc_csv_options options = {has_header, delimiter};
    netc_table table;
    netc_status status;
    netc_status_clear(&status);
    netc_status_code code =
        netc_csv_read(path.c_str(), &options, &table, &status);
    EXPECT_EQ(code, NETC_OK) << status.message;
    EXPECT_EQ(status.code, NETC_OK);
    return table;
  }

  // Reads `contents` and expects `code` with message `path + suffix`; also
  // checks that the table comes back zeroed.
  void ExpectError(const std::string &contents, int has_header,
                   netc_status_code code, const std::string &suffix,
                   char delimiter = ',') {
    std::string path = WriteFile("bad.csv", contents);
    netc_csv_options options = {has_header, delimiter};
    netc_table table = {123, 456, reinterpret_cast<float *>(&table)};
    netc_status status;
    netc_status_clear(&status);
    EXPECT_EQ(netc_csv_read(path.c_str(), &options, &table, &status), code);
    EXPECT_EQ(status.code, code);
    EXPECT_EQ(std::string(status.message), path + suffix);
    EXPECT_EQ(table.rows, 0);
    EXPECT_EQ(table.cols, 0);
    EXPECT_EQ(table.values, nullptr);
  }

  std::vector<std::string> written_;
};

std::vector<float> Values(const netc_table &t) {
  return std::vector<float>(t.values, t.values + t.rows * t.cols);
}

// ---- Happy paths ------------------------------------------------------------

TEST_F(NetcCsvTest, ReadsWithHeader) {
  netc_table t = ReadOk("x,y\n1,2\n3.5,-4\n-0.25,1e3\n", 1);
  EXPECT_EQ(t.rows, 3);
  EXPECT_EQ(t.cols, 2);
  EXPECT_EQ(Values(t), (std::vector<float>{1, 2, 3.5f, -4, -0.25f, 1000}));
  netc_table_free(&t);
  EXPECT_EQ(t.values, nullptr);
  EXPECT_EQ(t.rows, 0);
}

TEST_F(NetcCsvTest, ReadsWithoutHeader) {
  netc_table t = ReadOk("1,2,3\n4,5,6\n", 0);
  EXPECT_EQ(t.rows, 2);
  EXPECT_EQ(t.cols, 3);
  EXPECT_EQ(Values(t), (std::vector<float>{1, 2, 3, 4, 5, 6}));
  netc_table_free(&t);
}

TEST_F(NetcCsvTest, ReadsCrlf) {
  netc_table t = ReadOk("a,b\r\n1,2\r\n3,4\r\n", 1);
  EXPECT_EQ(t.rows, 2);
  EXPECT_EQ(Values(t), (std::vector<float>{1, 2, 3, 4}));
  netc_table_free(&t);
}

TEST_F(NetcCsvTest, ReadsTabDelimited) {
  netc_table t = ReadOk("a\tb\tc\n1\t2\t3\n 4 \t5\t6\n", 1, '\t');
  EXPECT_EQ(t.rows, 2);
  EXPECT_EQ(t.cols, 3);
  EXPECT_EQ(Values(t), (std::vector<float>{1, 2, 3, 4, 5, 6}));
  netc_table_free(&t);
}

TEST_F(NetcCsvTest, ReadsLastLineWithoutNewline) {
  netc_table t = ReadOk("1,2\n3,4", 0);
  EXPECT_EQ(t.rows, 2);
  EXPECT_EQ(Values(t), (std::vector<float>{1, 2, 3, 4}));
  netc_table_free(&t);

  t = ReadOk("1,2\r\n3,4\r", 0);  // CRLF file cut after the '\r'
  EXPECT_EQ(Values(t), (std::vector<float>{1, 2, 3, 4}));
  netc_table_free(&t);
}

// Through the shared line reader, a gzip file (found by its magic bytes,
// whatever its name) reads like the plain text it holds.
TEST_F(NetcCsvTest, ReadsGzipCompressedFiles) {
  std::string path = PathFor("data.csv.gz");
  written_.push_back(path);
  gzFile f = gzopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  const std::string text = "a,b\n1,2\n3,4\n";
  gzwrite(f, text.data(), static_cast<unsigned>(text.size()));
  gzclose(f);
  netc_csv_options options = {1, ','};
  netc_table t;
  netc_status status;
  ASSERT_EQ(netc_csv_read(path.c_str(), &options, &t, &status), NETC_OK)
      << status.message;
  EXPECT_EQ(Values(t), (std::vector<float>{1, 2, 3, 4}));
  netc_table_free(&t);
}

TEST_F(NetcCsvTest, IgnoresBlankTrailingLines) {
  netc_table t = ReadOk("x,y\n1,2\n\n\r\n  \n", 1);
  EXPECT_EQ(t.rows, 1);
  EXPECT_EQ(Values(t), (std::vector<float>{1, 2}));
  netc_table_free(&t);
}

TEST_F(NetcCsvTest, SingleColumnAndSpacesAroundNumbers) {
  netc_table t = ReadOk("v\n  7 \n\t-8\n+9.5e-1\n0x10\n", 1);
  EXPECT_EQ(t.cols, 1);
  EXPECT_EQ(Values(t), (std::vector<float>{7, -8, 0.95f, 16}));
  netc_table_free(&t);
}

TEST_F(NetcCsvTest, NullOptionsMeanCommaAndNoHeader) {
  std::string path = WriteFile("plain.csv", "1,2\n");
  netc_table t;
  ASSERT_EQ(netc_csv_read(path.c_str(), nullptr, &t, nullptr), NETC_OK);
  EXPECT_EQ(Values(t), (std::vector<float>{1, 2}));
  netc_table_free(&t);
}

TEST_F(NetcCsvTest, RowsCrossingReadBlocksAndVeryLongLines) {
  // > 64 KiB of rows so records straddle the reader's block boundary, and
  // one header line of 30000 fields to grow the line buffer many times.
  std::string text;
  const int cols = 30000;
  for (int c = 0; c < cols; ++c) text += (c ? ",c" : "c") + std::to_string(c);
  text += "\n";
  const int rows = 6;
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) {
      if (c) text += ",";
      text += std::to_string(r * cols + c);
    }
    text += "\n";
  }
  ASSERT_GT(text.size(), 3u * 64u * 1024u);
  netc_table t = ReadOk(text, 1);
  ASSERT_EQ(t.rows, rows);
  ASSERT_EQ(t.cols, cols);
  for (int64_t i = 0; i < t.rows * t.cols; ++i)
    ASSERT_EQ(t.values[i], static_cast<float>(i)) << i;
  netc_table_free(&t);
}

TEST_F(NetcCsvTest, ManyRows) {
  std::string text = "i,half\n";
  const int rows = 20000;
  for (int r = 0; r < rows; ++r)
    text += std::to_string(r) + "," + std::to_string(r) + ".5\n";
  netc_table t = ReadOk(text, 1);
  ASSERT_EQ(t.rows, rows);
  for (int r = 0; r < rows; ++r) {
    ASSERT_EQ(t.values[2 * r], static_cast<float>(r));
    ASSERT_EQ(t.values[2 * r + 1], static_cast<float>(r) + 0.5f);
  }
  netc_table_free(&t);
}

TEST_F(NetcCsvTest, TableFreeToleratesNullAndDoubleFree) {
  netc_table_free(nullptr);
  netc_table t = ReadOk("1\n", 0);
  netc_table_free(&t);
  netc_table_free(&t);
  EXPECT_EQ(t.values, nullptr);
}

// ---- Errors, word for word -------------------------------------------------

TEST_F(NetcCsvTest, WrongFieldCount) {
  ExpectError("x,y\n1,2\n3,4\n5,6\n7,8\n9,10\n1,2,3\n", 1, NETC_ERROR_FORMAT,
              ":7: error: expected 2 fields, found 3");
  ExpectError("1,2,3\n4,5\n", 0, NETC_ERROR_FORMAT,
              ":2: error: expected 3 fields, found 2");
  ExpectError("v\n1\n2,3\n", 1, NETC_ERROR_FORMAT,
              ":3: error: expected 1 field, found 2");
}

TEST_F(NetcCsvTest, HeaderFixesTheFieldCount) {
  ExpectError("x,y\n1,2,3\n", 1, NETC_ERROR_FORMAT,
              ":2: error: expected 2 fields, found 3");
}

TEST_F(NetcCsvTest, FieldNotANumber) {
  ExpectError("x,y\n1,2\n3,4\n5,abc\n", 1, NETC_ERROR_FORMAT,
              ":4: error: field 2 is not a number: 'abc'");
  ExpectError("1,2\n3,4x\n", 0, NETC_ERROR_FORMAT,
              ":2: error: field 2 is not a number: '4x'");
  ExpectError("1,,3\n", 0, NETC_ERROR_FORMAT,
              ":1: error: field 2 is not a number: ''");
  ExpectError("1, 2 3 ,3\n", 0, NETC_ERROR_FORMAT,
              ":1: error: field 2 is not a number: '2 3'");
}

TEST_F(NetcCsvTest, LongBadFieldIsShortenedInTheMessage) {
  std::string field(100, 'z');
  ExpectError("1," + field + "\n", 0, NETC_ERROR_FORMAT,
              ":1: error: field 2 is not a number: '" + std::string(40, 'z') +
                  "...'");
}

TEST_F(NetcCsvTest, NotFinite) {
  ExpectError("a,b\n1,2\n3,4\n5,6\n7,8\n9,0\n1,2\n3,4\nnan,1\n", 1,
              NETC_ERROR_FORMAT, ":9: error: field 1 is not finite: 'nan'");
  ExpectError("1,inf\n", 0, NETC_ERROR_FORMAT,
              ":1: error: field 2 is not finite: 'inf'");
  ExpectError("1,-Infinity\n", 0, NETC_ERROR_FORMAT,
              ":1: error: field 2 is not finite: '-Infinity'");
}

TEST_F(NetcCsvTest, OutOfFloatRange) {
  ExpectError("1e39\n", 0, NETC_ERROR_FORMAT,
              ":1: error: field 1 is out of range for float: '1e39'");
  ExpectError("-1e400\n", 0, NETC_ERROR_FORMAT,
              ":1: error: field 1 is out of range for float: '-1e400'");
}

TEST_F(NetcCsvTest, TinyValuesUnderflowQuietly) {
  netc_table t = ReadOk("1e-50\n", 0);
  EXPECT_EQ(t.values[0], 0.0f);
  netc_table_free(&t);
}

TEST_F(NetcCsvTest, CannotOpen) {
  std::string path = PathFor("does_not_exist.csv");
  netc_table table = {1, 1, nullptr};
  netc_status status;
  EXPECT_EQ(netc_csv_read(path.c_str(), nullptr, &table, &status),
            NETC_ERROR_IO);
  EXPECT_EQ(status.code, NETC_ERROR_IO);
  EXPECT_EQ(std::string(status.message),
            path + ": error: cannot open file: No such file or directory");
  EXPECT_EQ(table.rows, 0);
  EXPECT_EQ(table.cols, 0);
  EXPECT_EQ(table.values, nullptr);
}

TEST_F(NetcCsvTest, NoDataRows) {
  ExpectError("x,y\n", 1, NETC_ERROR_FORMAT, ": error: no data rows");
  ExpectError("x,y\n\n\n", 1, NETC_ERROR_FORMAT, ": error: no data rows");
  ExpectError("", 0, NETC_ERROR_FORMAT, ": error: no data rows");
  ExpectError("", 1, NETC_ERROR_FORMAT, ": error: no data rows");
  ExpectError("\r\n", 0, NETC_ERROR_FORMAT, ": error: no data rows");
}

TEST_F(NetcCsvTest, BlankLineBetweenRecords) {
  ExpectError("x,y\n1,2\n\n3,4\n", 1, NETC_ERROR_FORMAT,
              ":3: error: blank line between records");
  ExpectError("\n1,2\n", 0, NETC_ERROR_FORMAT,
              ":1: error: blank line between records");
  ExpectError("\nx,y\n1,2\n", 1, NETC_ERROR_FORMAT,
              ":1: error: header line is blank");
}

TEST_F(NetcCsvTest, NulByte) {
  ExpectError(std::string("1,2\n3,\0\n", 8), 0, NETC_ERROR_FORMAT,
              ":2: error: line contains a NUL byte (is this a text file?)");
}

TEST_F(NetcCsvTest, ErrorsAfterManyRowsLeakNothing) {
  // The table has grown by then; ctest under valgrind/ASan checks the free.
  std::string text;
  for (int r = 0; r < 5000; ++r) text += std::to_string(r) + ",1\n";
  text += "oops,1\n";
  ExpectError(text, 0, NETC_ERROR_FORMAT,
              ":5001: error: field 1 is not a number: 'oops'");
}

TEST_F(NetcCsvTest, InvalidArguments) {
  netc_status status;
  netc_table table;
  EXPECT_EQ(netc_csv_read(nullptr, nullptr, &table, &status),
            NETC_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(status.message, "netc_csv_read: path is NULL");
  EXPECT_EQ(netc_csv_read("x.csv", nullptr, nullptr, &status),
            NETC_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(status.message, "netc_csv_read: out_table is NULL");
  netc_csv_options options = {0, '\n'};
  EXPECT_EQ(netc_csv_read("x.csv", &options, &table, &status),
            NETC_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(status.message,
               "x.csv: error: the delimiter cannot be a line end");
}

TEST_F(NetcCsvTest, StatusIsOptional) {
  std::string path = WriteFile("bad.csv", "1,a\n");
  netc_table table;
  EXPECT_EQ(netc_csv_read(path.c_str(), nullptr, &table, nullptr),
            NETC_ERROR_FORMAT);
  EXPECT_EQ(table.values, nullptr);
}

// ---- Column selection ------------------------------------------------------

TEST_F(NetcCsvTest, SelectColumns) {
  netc_table t = ReadOk("a,b,c\n1,2,3\n4,5,6\n", 1);
  const int64_t features[] = {0, 2};
  std::vector<float> out(4, -1.0f);
  netc_status status;
  ASSERT_EQ(netc_table_select_columns(&t, features, 2, out.data(), &status),
            NETC_OK);
  EXPECT_EQ(out, (std::vector<float>{1, 3, 4, 6}));

  const int64_t reordered[] = {2, 1, 2};
  std::vector<float> out3(6);
  ASSERT_EQ(netc_table_select_columns(&t, reordered, 3, out3.data(), nullptr),
            NETC_OK);
  EXPECT_EQ(out3, (std::vector<float>{3, 2, 3, 6, 5, 6}));
  netc_table_free(&t);
}

TEST_F(NetcCsvTest, SelectColumnOutOfRangeWritesNothing) {
  netc_table t = ReadOk("a,b,c\n1,2,3\n", 1);
  const int64_t columns[] = {0, 5};
  float out[2] = {-1, -1};
  netc_status status;
  EXPECT_EQ(netc_table_select_columns(&t, columns, 2, out, &status),
            NETC_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(status.code, NETC_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(status.message,
               "column 5 is out of range: the table has 3 columns");
  EXPECT_EQ(out[0], -1);  // checked before writing
  EXPECT_EQ(out[1], -1);

  const int64_t negative[] = {-1};
  EXPECT_EQ(netc_table_select_columns(&t, negative, 1, out, &status),
            NETC_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(status.message,
               "column -1 is out of range: the table has 3 columns");
  netc_table_free(&t);

  t = ReadOk("7\n", 0);
  const int64_t one[] = {1};
  EXPECT_EQ(netc_table_select_columns(&t, one, 1, out, &status),
            NETC_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(status.message,
               "column 1 is out of range: the table has 1 column");
  netc_table_free(&t);
}

TEST_F(NetcCsvTest, SelectColumnsInvalidArguments) {
  netc_table t = ReadOk("1,2\n", 0);
  const int64_t columns[] = {0};
  float out[1];
  EXPECT_EQ(netc_table_select_columns(nullptr, columns, 1, out, nullptr),
            NETC_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(netc_table_select_columns(&t, nullptr, 1, out, nullptr),
            NETC_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(netc_table_select_columns(&t, columns, -1, out, nullptr),
            NETC_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(netc_table_select_columns(&t, columns, 1, nullptr, nullptr),
            NETC_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(netc_table_select_columns(&t, columns, 0, nullptr, nullptr),
            NETC_OK);
  netc_table_free(&t);
}

// ---- The examples' data ----------------------------------------------------

TEST(NetcCsvExamples, LinearRegressionPoints) {
  std::string path =
      std::string(NETC_SOURCE_DIR) + "/examples/linear_regression/points.csv";
  netc_csv_options options = {1, ','};
  netc_table t;
  netc_status status;
  ASSERT_EQ(netc_csv_read(path.c_str(), &options, &t, &status), NETC_OK)
      << status.message;
  EXPECT_EQ(t.rows, 100);
  EXPECT_EQ(t.cols, 2);
  // Least squares recovers y = 2.5 x - 1 through the noise (sigma 0.1).
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (int64_t r = 0; r < t.rows; ++r) {
    double x = t.values[2 * r], y = t.values[2 * r + 1];
    ASSERT_GE(x, -2.0);
    ASSERT_LE(x, 2.0);
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  double n = static_cast<double>(t.rows);
  double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  double intercept = (sy - slope * sx) / n;
  EXPECT_NEAR(slope, 2.5, 0.05);
  EXPECT_NEAR(intercept, -1.0, 0.05);
  netc_table_free(&t);
}

TEST(NetcCsvExamples, LogisticRegressionPoints) {
  std::string path = std::string(NETC_SOURCE_DIR) +
                     "/examples/logistic_regression/points.csv";
  netc_csv_options options = {1, ','};
  netc_table t;
  netc_status status;
  ASSERT_EQ(netc_csv_read(path.c_str(), &options, &t, &status), NETC_OK)
      << status.message;
  EXPECT_EQ(t.rows, 200);
  EXPECT_EQ(t.cols, 3);
  const int64_t label_column[] = {2};
  std::vector<float> labels(static_cast<size_t>(t.rows));
  ASSERT_EQ(netc_table_select_columns(&t, label_column, 1, labels.data(),
                                      &status),
            NETC_OK);
  int ones = 0;
  for (float label : labels) {
    ASSERT_TRUE(label == 0.0f || label == 1.0f) << label;
    ones += label == 1.0f;
  }
  EXPECT_EQ(ones, 100);
  netc_table_free(&t);
}

}  // namespace
