// Tests for runtime/netc_idx.h: plain and gzipped IDX files, image/label
// pairs, every error message word for word, and the real Fashion-MNIST
// test set from Debian's dataset-fashion-mnist.
#include "netc_idx.h"

#include <sys/stat.h>
#include <zlib.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "runtime_test_files.h"

namespace {

using netc_test::ScratchDirTest;

// An IDX file: magic (0, 0, type, rank), big-endian sizes, `data`.
std::string Idx(const std::vector<uint32_t> &dims, const std::string &data,
                unsigned char type = 0x08) {
  std::string out = {'\0', '\0', static_cast<char>(type),
                     static_cast<char>(dims.size())};
  for (uint32_t d : dims) {
    for (int shift = 24; shift >= 0; shift -= 8) {
      out.push_back(static_cast<char>((d >> shift) & 0xff));
    }
  }
  return out + data;
}

std::string Bytes(const std::vector<int> &values) {
  std::string out;
  for (int v : values) out.push_back(static_cast<char>(v));
  return out;
}

class NetcIdxTest : public ScratchDirTest {
 protected:
  std::string WriteGz(const std::string &name, const std::string &bytes) {
    std::string path = Path(name);
    gzFile f = gzopen(path.c_str(), "wb");
    EXPECT_NE(f, nullptr);
    if (f != nullptr) {
      if (!bytes.empty()) {
        gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size()));
      }
      gzclose(f);
    }
    return path;
  }

  netc_idx_array ReadOk(const std::string &path, float scale) {
    netc_idx_array array;
    netc_status status;
    netc_status_clear(&status);
    EXPECT_EQ(netc_idx_read(path.c_str(), scale, &array, &status), NETC_OK)
        << status.message;
    return array;
  }

  void ExpectError(const std::string &path, netc_status_code code,
                   const std::string &suffix) {
    netc_idx_array array;
    std::memset(&array, 0x5a, sizeof(array));
    netc_status status;
    EXPECT_EQ(netc_idx_read(path.c_str(), 1.0f, &array, &status), code);
    EXPECT_EQ(std::string(status.message), path + suffix);
    EXPECT_EQ(array.rank, 0);
    EXPECT_EQ(array.count, 0);
    EXPECT_EQ(array.values, nullptr);
  }

  void ExpectBytesError(const std::string &bytes, const std::string &suffix) {
    ExpectError(Write("bad.idx", bytes), NETC_ERROR_FORMAT, suffix);
    ExpectError(WriteGz("bad.idx.gz", bytes), NETC_ERROR_FORMAT, suffix);
  }
};

// ---- Happy paths ---------------------------------------------------------------

TEST_F(NetcIdxTest, ReadsPlainAndGzippedFiles) {
  std::string bytes = Idx({2, 2, 3}, Bytes({0, 1, 2, 3, 4, 5, 250, 251, 252,
                                            253, 254, 255}));
  for (const std::string &path :
       {Write("a.idx", bytes), WriteGz("a.idx.gz", bytes)}) {
    netc_idx_array a = ReadOk(path, 1.0f);
    EXPECT_EQ(a.rank, 3);
    EXPECT_EQ(a.dims[0], 2);
    EXPECT_EQ(a.dims[1], 2);
    EXPECT_EQ(a.dims[2], 3);
    EXPECT_EQ(a.dims[3], 0);
    EXPECT_EQ(a.count, 12);
    EXPECT_EQ(std::vector<float>(a.values, a.values + 12),
              (std::vector<float>{0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254,
                                  255}));
    netc_idx_array_free(&a);
    EXPECT_EQ(a.values, nullptr);
    netc_idx_array_free(&a);
  }
}

TEST_F(NetcIdxTest, ScalesEveryByte) {
  std::string path = Write("s.idx", Idx({3}, Bytes({0, 128, 255})));
  const float scale = 1.0f / 255.0f;
  netc_idx_array a = ReadOk(path, scale);
  ASSERT_EQ(a.count, 3);
  EXPECT_EQ(a.values[0], 0.0f);
  EXPECT_EQ(a.values[1], 128.0f * scale);
  EXPECT_EQ(a.values[2], 255.0f * scale);
  netc_idx_array_free(&a);
}

TEST_F(NetcIdxTest, ReadsDataSpanningManyBlocks) {
  std::string data;
  for (int i = 0; i < 300000; ++i) data.push_back(static_cast<char>(i * 7 % 256));
  std::string path = WriteGz("big.idx.gz", Idx({300, 1000}, data));
  netc_idx_array a = ReadOk(path, 1.0f);
  ASSERT_EQ(a.count, 300000);
  for (int i = 0; i < 300000; ++i) {
    ASSERT_EQ(a.values[i], static_cast<float>(i * 7 % 256)) << i;
  }
  netc_idx_array_free(&a);
}

TEST_F(NetcIdxTest, AcceptsAnEmptyDimension) {
  netc_idx_array a = ReadOk(Write("e.idx", Idx({0, 28, 28}, "")), 1.0f);
  EXPECT_EQ(a.rank, 3);
  EXPECT_EQ(a.count, 0);
  EXPECT_EQ(a.values, nullptr);
  netc_idx_array_free(&a);
}

TEST_F(NetcIdxTest, ReadsImagesWithTheirLabels) {
  std::string images = WriteGz("images.gz", Idx({3, 2, 2}, std::string(12, '\x33')));
  std::string labels = WriteGz("labels.gz", Idx({3}, Bytes({9, 0, 4})));
  netc_idx_dataset d;
  netc_status status;
  ASSERT_EQ(netc_idx_read_dataset(images.c_str(), labels.c_str(), 0.5f, &d,
                                  &status),
            NETC_OK)
      << status.message;
  EXPECT_EQ(d.count, 3);
  EXPECT_EQ(d.images.rank, 3);
  EXPECT_EQ(d.images.values[11], 0x33 * 0.5f);
  EXPECT_EQ(std::vector<int64_t>(d.labels, d.labels + 3),
            (std::vector<int64_t>{9, 0, 4}));
  netc_idx_dataset_free(&d);
  EXPECT_EQ(d.labels, nullptr);
  netc_idx_dataset_free(&d);
}

// ---- Errors --------------------------------------------------------------------

TEST_F(NetcIdxTest, RejectsWhatIsNotIdx) {
  ExpectBytesError("hello world", ": error: not an IDX file (magic 0x68656c6c)");
  ExpectBytesError(Idx({1}, "x", 0x07), ": error: not an IDX file (magic 0x00000701)");
  ExpectBytesError(Idx({}, ""), ": error: not an IDX file (magic 0x00000800)");
  ExpectBytesError(Idx({1, 1, 1, 1, 1, 1, 1, 1, 1}, "x"),
                   ": error: IDX file has 9 dimensions; netc reads at most 8");
}

TEST_F(NetcIdxTest, RejectsOtherDataTypesByName) {
  ExpectBytesError(Idx({1}, "abcd", 0x0D),
                   ": error: IDX data type 0x0d (float32) is not supported; "
                   "netc reads unsigned bytes (0x08)");
  ExpectBytesError(Idx({1}, "ab", 0x0B),
                   ": error: IDX data type 0x0b (int16) is not supported; netc "
                   "reads unsigned bytes (0x08)");
}

TEST_F(NetcIdxTest, RejectsTruncatedFiles) {
  ExpectBytesError("", ": error: file is truncated: the header needs at least 4 "
                       "bytes, the file has 0");
  ExpectBytesError(std::string("\0\0", 2),
                   ": error: file is truncated: the header needs at least 4 "
                   "bytes, the file has 2");
  ExpectBytesError(Idx({10, 28, 28}, "").substr(0, 10),
                   ": error: file is truncated: the header needs 16 bytes, the "
                   "file has 10");
  ExpectBytesError(Idx({10, 28, 28}, std::string(100, 'x')),
                   ": error: file is truncated: dimensions 10 x 28 x 28 need "
                   "7840 bytes of data, the file has 100");
}

TEST_F(NetcIdxTest, HugeDimensionsAreTruncationNotAllocation) {
  // 4 GiB x 4 = 16 G floats would be 64 GB: the file's 5 bytes say otherwise.
  ExpectBytesError(Idx({0xffffffffu, 4}, "12345"),
                   ": error: file is truncated: dimensions 4294967295 x 4 need "
                   "17179869180 bytes of data, the file has 5");
  ExpectBytesError(Idx({0xffffffffu, 0xffffffffu, 0xffffffffu, 2}, ""),
                   ": error: dimensions 4294967295 x 4294967295 x ... are too "
                   "large");
}

TEST_F(NetcIdxTest, RejectsTrailingData) {
  ExpectBytesError(Idx({2, 2}, "abcdX"),
                   ": error: file is longer than its dimensions 2 x 2 (4 bytes "
                   "of data) say");
}

TEST_F(NetcIdxTest, TruncatedGzipStreamIsTruncation) {
  std::string full = WriteGz("full.gz", Idx({1000}, std::string(1000, 'x')));
  std::string bytes = Read(full);
  std::string cut = Write("cut.gz", bytes.substr(0, bytes.size() - 9));
  netc_idx_array a;
  netc_status status;
  EXPECT_EQ(netc_idx_read(cut.c_str(), 1.0f, &a, &status), NETC_ERROR_FORMAT);
  std::string prefix = cut + ": error: file is truncated: ";
  EXPECT_EQ(std::string(status.message).rfind(prefix, 0), 0u) << status.message;
  // Without its trailer (CRC and length) the data is complete but unchecked.
  std::string no_trailer = Write("no_trailer.gz", bytes.substr(0, bytes.size() - 8));
  ExpectError(no_trailer, NETC_ERROR_FORMAT,
              ": error: file is truncated: the compressed stream ends early");
}

TEST_F(NetcIdxTest, CorruptGzipIsAReadError) {
  std::string full = WriteGz("full.gz", Idx({4}, "abcd"));
  std::string bytes = Read(full);
  bytes[bytes.size() - 8] ^= 0x55;  // the CRC-32 of the trailer
  std::string path = Write("corrupt.gz", bytes);
  ExpectError(path, NETC_ERROR_IO, ": error: cannot read file: incorrect data check");
}

TEST_F(NetcIdxTest, OpenErrors) {
  std::string missing = Path("missing.idx");
  ExpectError(missing, NETC_ERROR_IO,
              ": error: cannot open file: No such file or directory");
  ExpectError(dir_, NETC_ERROR_IO, ": error: cannot read file: Is a directory");
  netc_idx_array a;
  netc_status status;
  EXPECT_EQ(netc_idx_read(nullptr, 1.0f, &a, &status),
            NETC_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(status.message, "netc_idx_read: path is NULL");
}

TEST_F(NetcIdxTest, PairErrors) {
  std::string images = Write("images", Idx({2, 2}, "abcd"));
  std::string three = Write("three", Idx({3}, "abc"));
  std::string square = Write("square", Idx({2, 1}, "ab"));
  std::string broken = Write("broken", "nope");
  netc_idx_dataset d;
  netc_status status;
  EXPECT_EQ(netc_idx_read_dataset(images.c_str(), three.c_str(), 1.0f, &d,
                                  &status),
            NETC_ERROR_SHAPE);
  EXPECT_EQ(std::string(status.message),
            three + ": error: 3 labels for 2 images in " + images);
  EXPECT_EQ(d.images.values, nullptr);
  EXPECT_EQ(d.labels, nullptr);
  EXPECT_EQ(netc_idx_read_dataset(images.c_str(), square.c_str(), 1.0f, &d,
                                  &status),
            NETC_ERROR_SHAPE);
  EXPECT_EQ(std::string(status.message),
            square + ": error: a label file has 1 dimension, this one has 2");
  EXPECT_EQ(netc_idx_read_dataset(images.c_str(), broken.c_str(), 1.0f, &d,
                                  &status),
            NETC_ERROR_FORMAT);
  EXPECT_EQ(std::string(status.message),
            broken + ": error: not an IDX file (magic 0x6e6f7065)");
  EXPECT_EQ(netc_idx_read_dataset(broken.c_str(), three.c_str(), 1.0f, &d,
                                  &status),
            NETC_ERROR_FORMAT);
  EXPECT_EQ(netc_idx_read_dataset(images.c_str(), nullptr, 1.0f, &d, &status),
            NETC_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(status.message, "netc_idx_read_dataset: labels_path is NULL");
}

// ---- The real data -------------------------------------------------------------

const char kFashion[] = "/usr/share/datasets/fashion-mnist/";

TEST_F(NetcIdxTest, ReadsFashionMnistTestSet) {
  std::string images = std::string(kFashion) + "t10k-images-idx3-ubyte.gz";
  std::string labels = std::string(kFashion) + "t10k-labels-idx1-ubyte.gz";
  struct stat info;
  if (stat(images.c_str(), &info) != 0 || stat(labels.c_str(), &info) != 0) {
    GTEST_SKIP() << "[SKIP] Fashion-MNIST missing: install Debian's "
                    "dataset-fashion-mnist (scripts/install-deps.sh)";
  }
  netc_idx_dataset d;
  netc_status status;
  ASSERT_EQ(netc_idx_read_dataset(images.c_str(), labels.c_str(), 1.0f, &d,
                                  &status),
            NETC_OK)
      << status.message;
  ASSERT_EQ(d.count, 10000);
  ASSERT_EQ(d.images.rank, 3);
  EXPECT_EQ(d.images.dims[1], 28);
  EXPECT_EQ(d.images.dims[2], 28);
  // Reference numbers from Python's gzip + numpy on the same files.
  EXPECT_EQ(std::vector<int64_t>(d.labels, d.labels + 10),
            (std::vector<int64_t>{9, 2, 1, 1, 6, 1, 4, 6, 5, 7}));
  std::vector<int> per_class(10, 0);
  for (int64_t i = 0; i < d.count; ++i) {
    ASSERT_GE(d.labels[i], 0);
    ASSERT_LT(d.labels[i], 10);
    ++per_class[static_cast<size_t>(d.labels[i])];
  }
  EXPECT_EQ(per_class, std::vector<int>(10, 1000));
  double first = 0.0;
  double total = 0.0;
  for (int64_t i = 0; i < d.images.count; ++i) {
    if (i < 784) first += d.images.values[i];
    total += d.images.values[i];
  }
  EXPECT_EQ(first, 33456.0);
  EXPECT_EQ(total, 573469082.0);
  std::vector<float> row(d.images.values + 10 * 28 + 10,
                         d.images.values + 10 * 28 + 20);
  EXPECT_EQ(row, (std::vector<float>{0, 0, 0, 4, 0, 53, 129, 120, 147, 175}));
  netc_idx_dataset_free(&d);
}

}  // namespace
