// runtime/netc_npy.h against files written by NumPy itself (np.save, run
// by /usr/bin/python3 in the test's scratch folder): every supported
// element type, ranks 0 to 3, version 2.0 headers, gzip, and each rejected
// form with its message.
#include "netc_npy.h"

#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "runtime_test_files.h"

namespace {

class NpyTest : public netc_test::ScratchDirTest {
protected:
  void SetUp() override {
    ScratchDirTest::SetUp();
    if (std::system("/usr/bin/python3 -c 'import numpy' >/dev/null 2>&1") != 0)
      GTEST_SKIP() << "/usr/bin/python3 cannot import numpy";
  }

  /// Runs `code` with numpy as np, in the scratch folder.
  void numpy(const std::string &code) {
    std::string script = dir_ + "/make.py";
    {
      std::ofstream os(script);
      os << "import gzip, numpy as np\n" << code << "\n";
    }
    std::string command = "cd '" + dir_ + "' && /usr/bin/python3 make.py";
    ASSERT_EQ(std::system(command.c_str()), 0) << code;
  }

  std::string path(const std::string &name) { return dir_ + "/" + name; }

  netc_npy_array read(const std::string &name, netc_status_code want = NETC_OK) {
    netc_npy_array array;
    EXPECT_EQ(netc_npy_read(path(name).c_str(), &array, &status), want)
        << status.message;
    return array;
  }

  netc_status status{};
};

TEST_F(NpyTest, ReadsFloat32MatrixRowMajor) {
  numpy("np.save('a.npy', (np.arange(6, dtype=np.float32) * 0.5 - 1).reshape(2, 3))");
  netc_npy_array a = read("a.npy");
  ASSERT_EQ(a.rank, 2);
  EXPECT_EQ(a.dims[0], 2);
  EXPECT_EQ(a.dims[1], 3);
  EXPECT_EQ(a.count, 6);
  EXPECT_EQ(std::vector<float>(a.values, a.values + 6),
            (std::vector<float>{-1, -0.5, 0, 0.5, 1, 1.5}));
  netc_npy_array_free(&a);
  EXPECT_EQ(a.values, nullptr);
  netc_npy_array_free(&a); // twice is fine
}

TEST_F(NpyTest, ConvertsEveryIntegerFloatAndBoolType) {
  numpy("v = [-3, 0, 2, 100]\n"
        "for t in ['float64', 'int8', 'int16', 'int32', 'int64']:\n"
        "    np.save(t + '.npy', np.array(v, dtype=t))\n"
        "for t in ['uint8', 'uint16', 'uint32', 'uint64']:\n"
        "    np.save(t + '.npy', np.array([0, 2, 100, 255], dtype=t))\n"
        "np.save('bool.npy', np.array([True, False, True, True]))");
  for (const char *t : {"float64", "int8", "int16", "int32", "int64"}) {
    netc_npy_array a = read(std::string(t) + ".npy");
    ASSERT_EQ(a.count, 4) << t;
    EXPECT_EQ(std::vector<float>(a.values, a.values + 4),
              (std::vector<float>{-3, 0, 2, 100}))
        << t;
    netc_npy_array_free(&a);
  }
  for (const char *t : {"uint8", "uint16", "uint32", "uint64"}) {
    netc_npy_array a = read(std::string(t) + ".npy");
    EXPECT_EQ(std::vector<float>(a.values, a.values + 4),
              (std::vector<float>{0, 2, 100, 255}))
        << t;
    netc_npy_array_free(&a);
  }
  netc_npy_array b = read("bool.npy");
  EXPECT_EQ(std::vector<float>(b.values, b.values + 4),
            (std::vector<float>{1, 0, 1, 1}));
  netc_npy_array_free(&b);
}

TEST_F(NpyTest, ScalarsVectorsEmptyArraysAndRankThree) {
  numpy("np.save('s.npy', np.float32(2.5))\n"
        "np.save('v.npy', np.ones(5, dtype=np.float32))\n"
        "np.save('e.npy', np.zeros((0, 4), dtype=np.float32))\n"
        "np.save('r3.npy', np.arange(24, dtype=np.float32).reshape(2, 3, 4))");
  netc_npy_array s = read("s.npy");
  EXPECT_EQ(s.rank, 0);
  ASSERT_EQ(s.count, 1);
  EXPECT_EQ(s.values[0], 2.5f);
  netc_npy_array v = read("v.npy");
  EXPECT_EQ(v.rank, 1);
  EXPECT_EQ(v.dims[0], 5);
  netc_npy_array e = read("e.npy");
  EXPECT_EQ(e.rank, 2);
  EXPECT_EQ(e.count, 0);
  EXPECT_EQ(e.values, nullptr);
  netc_npy_array r = read("r3.npy");
  ASSERT_EQ(r.rank, 3);
  EXPECT_EQ(r.values[1 * 12 + 2 * 4 + 3], 23.0f);
  for (netc_npy_array *a : {&s, &v, &e, &r})
    netc_npy_array_free(a);
}

TEST_F(NpyTest, ReadsVersionTwoHeadersAndGzip) {
  numpy("from numpy.lib import format\n"
        "with open('v2.npy', 'wb') as f:\n"
        "    format.write_array(f, np.arange(3, dtype=np.float32), version=(2, 0))\n"
        "with gzip.open('z.npy.gz', 'wb') as f:\n"
        "    np.save(f, np.arange(4, dtype=np.float32) + 1)");
  netc_npy_array a = read("v2.npy");
  EXPECT_EQ(std::vector<float>(a.values, a.values + 3),
            (std::vector<float>{0, 1, 2}));
  netc_npy_array z = read("z.npy.gz");
  EXPECT_EQ(std::vector<float>(z.values, z.values + 4),
            (std::vector<float>{1, 2, 3, 4}));
  netc_npy_array_free(&a);
  netc_npy_array_free(&z);
}

TEST_F(NpyTest, RejectsWhatItCannotReadByName) {
  numpy("np.save('big.npy', np.arange(3, dtype='>f4'))\n"
        "np.save('fortran.npy', np.asfortranarray(np.ones((2, 3), np.float32)))\n"
        "np.save('complex.npy', np.ones(2, np.complex64))\n"
        "np.save('cut.npy', np.ones((3, 4), np.float32))\n"
        "data = open('cut.npy', 'rb').read()\n"
        "open('cut.npy', 'wb').write(data[:-8])\n"
        "np.save('long.npy', np.ones(2, np.float32))\n"
        "open('long.npy', 'ab').write(b'xx')\n"
        "open('text.npy', 'w').write('x,y\\n1,2\\n')\n"
        "h = b\"{'descr': '<f4', 'fortran_order': False, 'shape': (4000000000,), }\"\n"
        "h = h.ljust(118) + b'\\n'\n"
        "open('huge.npy', 'wb').write(b'\\x93NUMPY\\x01\\x00' + len(h).to_bytes(2, 'little') + h + b'\\x00' * 4)");
  struct Case {
    const char *file, *message;
  } cases[] = {
      {"big.npy", "element type '>f4' is big-endian; save it as '<f4'"},
      {"fortran.npy", "fortran_order is True; save a C-ordered array"},
      {"complex.npy", "element type '<c8' is not supported"},
      {"cut.npy", "file is truncated: shape (3, 4) of 4-byte elements needs "
                  "48 bytes of data, the file has 40"},
      {"long.npy", "file is longer than its shape says"},
      {"text.npy", "not a .npy file"},
      // A header claiming 16 GB in a tiny file: truncation, no allocation.
      {"huge.npy", "needs 16000000000 bytes of data, the file has 4"},
  };
  for (const Case &c : cases) {
    netc_npy_array a = read(c.file, NETC_ERROR_FORMAT);
    EXPECT_NE(std::string(status.message).find(c.message), std::string::npos)
        << c.file << ": " << status.message;
    EXPECT_NE(std::string(status.message).find(path(c.file)), std::string::npos);
    EXPECT_EQ(a.values, nullptr);
    EXPECT_EQ(a.count, 0);
  }
  netc_npy_array missing = read("missing.npy", NETC_ERROR_IO);
  EXPECT_NE(std::string(status.message).find("cannot open file"),
            std::string::npos);
}

} // namespace
