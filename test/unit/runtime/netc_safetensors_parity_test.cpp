// Cross-check of runtime/netc_safetensors.h with PyTorch: files netc writes
// are read by an independent Python implementation of the format and
// compared as torch tensors, and files that implementation writes are
// loaded by netc (test/parity/safetensors_roundtrip.py).
#include "netc_safetensors.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "runtime_test_files.h"

namespace {

using netc_test::ScratchDirTest;

const char kScript[] = NETC_SOURCE_DIR "/test/parity/safetensors_roundtrip.py";

bool TorchAvailable() {
  static const bool available =
      std::system("/usr/bin/python3 -c 'import numpy, torch' >/dev/null 2>&1") == 0;
  return available;
}

// The tensors of expected_tensors() in the script, in the same order.
struct Expected {
  std::vector<std::string> names = {"0.weight", "0.bias", "2.weight",
                                    "2.bias",   "scalar", "empty",
                                    "special"};
  std::vector<std::vector<int64_t>> shapes = {{4, 2}, {4}, {3, 4}, {3},
                                              {},     {0, 3}, {7}};
  std::vector<std::vector<float>> values;

  Expected() {
    for (size_t t = 0; t + 1 < names.size(); ++t) {
      int64_t n = 1;
      for (int64_t d : shapes[t]) n *= d;
      std::vector<float> v;
      for (int64_t i = 0; i < n; ++i) {
        v.push_back(static_cast<float>((i * 7 + static_cast<int64_t>(t) * 3) % 23 - 11) *
                    0.0625f);
      }
      values.push_back(v);
    }
    values.push_back({0.0f, -0.0f, std::numeric_limits<float>::denorm_min(),
                      std::numeric_limits<float>::max(),
                      std::numeric_limits<float>::infinity(),
                      -std::numeric_limits<float>::infinity(),
                      std::numeric_limits<float>::quiet_NaN()});
  }
};

uint32_t Bits(float v) {
  uint32_t bits;
  std::memcpy(&bits, &v, 4);
  return bits;
}

class NetcSafetensorsParityTest : public ScratchDirTest {
 protected:
  void SetUp() override {
    if (!TorchAvailable()) {
      GTEST_SKIP() << "[SKIP] /usr/bin/python3 with torch not available";
    }
    ScratchDirTest::SetUp();
  }

  int RunScript(const std::string &args) {
    std::string command = std::string("/usr/bin/python3 ") + kScript + " " + args;
    return std::system(command.c_str());
  }

  // Loads `path` into slots for Expected and compares every bit.
  void ExpectLoadsExactly(const std::string &path) {
    Expected e;
    std::vector<std::vector<float>> storage;
    std::vector<netc_tensor_slot> slots;
    for (size_t t = 0; t < e.names.size(); ++t) {
      storage.emplace_back(e.values[t].size(), -1.0f);
    }
    for (size_t t = 0; t < e.names.size(); ++t) {
      slots.push_back({e.names[t].c_str(), e.shapes[t].data(),
                       static_cast<int32_t>(e.shapes[t].size()),
                       storage[t].data()});
    }
    netc_status status;
    netc_status_clear(&status);
    ASSERT_EQ(netc_safetensors_load(path.c_str(), slots.data(),
                                    static_cast<int64_t>(slots.size()), &status),
              NETC_OK)
        << status.message;
    for (size_t t = 0; t < e.names.size(); ++t) {
      for (size_t i = 0; i < e.values[t].size(); ++i) {
        EXPECT_EQ(Bits(storage[t][i]), Bits(e.values[t][i]))
            << e.names[t] << "[" << i << "]";
      }
    }
    netc_safetensors_header header;
    ASSERT_EQ(netc_safetensors_read_header(path.c_str(), &header, &status),
              NETC_OK);
    EXPECT_STREQ(netc_safetensors_metadata_find(&header, "format"), "pt");
    EXPECT_STREQ(netc_safetensors_metadata_find(&header, "producer"),
                 "netc parity \xe2\x9c\x93");
    netc_safetensors_header_free(&header);
  }
};

TEST_F(NetcSafetensorsParityTest, PythonReadsWhatNetcWrites) {
  Expected e;
  std::vector<netc_tensor_view> views;
  for (size_t t = 0; t < e.names.size(); ++t) {
    views.push_back({e.names[t].c_str(), e.shapes[t].data(),
                     static_cast<int32_t>(e.shapes[t].size()),
                     e.values[t].data()});
  }
  netc_metadata_entry metadata[] = {{"format", "pt"},
                                    {"producer", "netc parity \xe2\x9c\x93"}};
  std::string path = Path("netc.safetensors");
  netc_status status;
  ASSERT_EQ(netc_safetensors_write(path.c_str(), views.data(),
                                   static_cast<int64_t>(views.size()), metadata,
                                   2, &status),
            NETC_OK)
      << status.message;
  EXPECT_EQ(RunScript("check " + path), 0);
}

TEST_F(NetcSafetensorsParityTest, NetcReadsWhatPythonWritesCompact) {
  std::string path = Path("compact.safetensors");
  ASSERT_EQ(RunScript("write " + path + " compact"), 0);
  ExpectLoadsExactly(path);
}

TEST_F(NetcSafetensorsParityTest, NetcReadsWhatPythonWritesIndented) {
  std::string path = Path("spaced.safetensors");
  ASSERT_EQ(RunScript("write " + path + " spaced"), 0);
  ExpectLoadsExactly(path);
}

// The script must notice a wrong file, or the tests above prove nothing.
TEST_F(NetcSafetensorsParityTest, PythonRejectsAWrongValue) {
  Expected e;
  e.values[1][2] += 1.0f;
  std::vector<netc_tensor_view> views;
  for (size_t t = 0; t < e.names.size(); ++t) {
    views.push_back({e.names[t].c_str(), e.shapes[t].data(),
                     static_cast<int32_t>(e.shapes[t].size()),
                     e.values[t].data()});
  }
  netc_metadata_entry metadata[] = {{"format", "pt"},
                                    {"producer", "netc parity \xe2\x9c\x93"}};
  std::string path = Path("wrong.safetensors");
  netc_status status;
  ASSERT_EQ(netc_safetensors_write(path.c_str(), views.data(),
                                   static_cast<int64_t>(views.size()), metadata,
                                   2, &status),
            NETC_OK);
  EXPECT_NE(RunScript("check " + path + " 2>/dev/null"), 0);
}

}  // namespace
