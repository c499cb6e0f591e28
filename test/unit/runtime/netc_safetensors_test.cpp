// Tests for runtime/netc_safetensors.h: round trips, the exact bytes netc
// writes, atomic replacement under failures, every reader error word for
// word, and robustness against truncated and corrupted files.
#include "netc_safetensors.h"

#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "netc_rng.h"
#include "runtime_test_files.h"

namespace {

using netc_test::ScratchDirTest;

// Little-endian bytes of `values`.
std::string FloatBytes(const std::vector<float> &values) {
  std::string out;
  for (float v : values) {
    uint32_t bits;
    std::memcpy(&bits, &v, 4);
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(bits >> (8 * i)));
  }
  return out;
}

// A safetensors file: the 8-byte length of `json`, `json`, `data`.
std::string FileBytes(const std::string &json, const std::string &data) {
  std::string out;
  uint64_t n = json.size();
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(n >> (8 * i)));
  return out + json + data;
}

uint32_t Bits(float v) {
  uint32_t bits;
  std::memcpy(&bits, &v, 4);
  return bits;
}

// A model's parameters: names, shapes, values; views and slots over them.
struct Params {
  std::vector<std::string> names;
  std::vector<std::vector<int64_t>> shapes;
  std::vector<std::vector<float>> values;

  void Add(const std::string &name, std::vector<int64_t> shape) {
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    std::vector<float> v(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
      v[static_cast<size_t>(i)] =
          static_cast<float>((i * 7 + static_cast<int64_t>(names.size()) * 3) % 23 - 11) *
          0.0625f;
    }
    names.push_back(name);
    shapes.push_back(std::move(shape));
    values.push_back(std::move(v));
  }

  std::vector<netc_tensor_view> Views() const {
    std::vector<netc_tensor_view> views;
    for (size_t i = 0; i < names.size(); ++i) {
      views.push_back({names[i].c_str(), shapes[i].data(),
                       static_cast<int32_t>(shapes[i].size()),
                       values[i].data()});
    }
    return views;
  }

  // Slots over `storage`, which is sized to match and filled with `fill`.
  std::vector<netc_tensor_slot> Slots(std::vector<std::vector<float>> &storage,
                                      float fill = -99.0f) const {
    storage.clear();
    std::vector<netc_tensor_slot> slots;
    for (size_t i = 0; i < names.size(); ++i) {
      storage.emplace_back(values[i].size(), fill);
    }
    for (size_t i = 0; i < names.size(); ++i) {
      slots.push_back({names[i].c_str(), shapes[i].data(),
                       static_cast<int32_t>(shapes[i].size()),
                       storage[i].data()});
    }
    return slots;
  }
};

Params SmallModel() {
  Params p;
  p.Add("0.weight", {4, 2});
  p.Add("0.bias", {4});
  p.Add("2.weight", {1, 4});
  p.Add("2.bias", {1});
  return p;
}

class NetcSafetensorsTest : public ScratchDirTest {
 protected:
  netc_status_code WriteParams(const std::string &path, const Params &p,
                               const std::vector<netc_metadata_entry> &meta = {}) {
    std::vector<netc_tensor_view> views = p.Views();
    netc_status status;
    netc_status_clear(&status);
    netc_status_code code = netc_safetensors_write(
        path.c_str(), views.data(), static_cast<int64_t>(views.size()),
        meta.data(), static_cast<int64_t>(meta.size()), &status);
    last_message_ = status.message;
    return code;
  }

  // Loads `path` into slots for `p` and expects `code` and message
  // `path + suffix`; on error, checks that no slot was written.
  void ExpectLoad(const std::string &path, const Params &p,
                  netc_status_code code, const std::string &suffix) {
    std::vector<std::vector<float>> storage;
    std::vector<netc_tensor_slot> slots = p.Slots(storage);
    netc_status status;
    netc_status_clear(&status);
    EXPECT_EQ(netc_safetensors_load(path.c_str(), slots.data(),
                                    static_cast<int64_t>(slots.size()), &status),
              code);
    EXPECT_EQ(status.code, code);
    if (code != NETC_OK) {
      EXPECT_EQ(std::string(status.message), path + suffix);
      for (const auto &values : storage) {
        for (float v : values) ASSERT_EQ(v, -99.0f) << "slot written on error";
      }
    }
  }

  // Reads the header of a file holding `bytes` and expects an error with
  // message `path + suffix`; the header comes back zeroed.
  void ExpectHeaderError(const std::string &bytes, netc_status_code code,
                         const std::string &suffix) {
    std::string path = Write("bad.safetensors", bytes);
    netc_safetensors_header header;
    std::memset(&header, 0x5a, sizeof(header));
    netc_status status;
    netc_status_clear(&status);
    EXPECT_EQ(netc_safetensors_read_header(path.c_str(), &header, &status), code)
        << status.message;
    EXPECT_EQ(std::string(status.message), path + suffix);
    EXPECT_EQ(header.tensor_count, 0);
    EXPECT_EQ(header.tensors, nullptr);
    EXPECT_EQ(header.metadata, nullptr);
    EXPECT_EQ(header.storage_, nullptr);
  }

  // Expects a JSON error for `json` (with no data) at header index `index`.
  void ExpectJsonError(const std::string &json, size_t index,
                       const std::string &what) {
    ExpectHeaderError(FileBytes(json, ""), NETC_ERROR_FORMAT,
                      ": error: invalid JSON header at file offset " +
                          std::to_string(8 + index) + ": " + what);
  }

  // Expects a header error (not JSON syntax) for `json` + `data`.
  void ExpectInvalid(const std::string &json, const std::string &data,
                     const std::string &what) {
    ExpectHeaderError(FileBytes(json, data), NETC_ERROR_FORMAT,
                      ": error: " + what);
  }

  netc_safetensors_header ReadHeaderOk(const std::string &path) {
    netc_safetensors_header header;
    netc_status status;
    netc_status_clear(&status);
    EXPECT_EQ(netc_safetensors_read_header(path.c_str(), &header, &status),
              NETC_OK)
        << status.message;
    return header;
  }

  std::string last_message_;
};

// ---- Round trips ------------------------------------------------------------

TEST_F(NetcSafetensorsTest, RoundTripKeepsEveryBit) {
  Params p = SmallModel();
  p.Add("scalar", {});
  p.Add("empty", {0, 3});
  p.Add("special", {7});
  p.values.back() = {0.0f, -0.0f, std::numeric_limits<float>::denorm_min(),
                     std::numeric_limits<float>::max(),
                     std::numeric_limits<float>::infinity(),
                     -std::numeric_limits<float>::infinity(),
                     std::numeric_limits<float>::quiet_NaN()};
  std::vector<netc_metadata_entry> meta = {{"format", "pt"},
                                           {"epoch", "12"}};
  std::string path = Path("model.safetensors");
  ASSERT_EQ(WriteParams(path, p, meta), NETC_OK) << last_message_;

  std::vector<std::vector<float>> storage;
  std::vector<netc_tensor_slot> slots = p.Slots(storage);
  netc_status status;
  netc_status_clear(&status);
  ASSERT_EQ(netc_safetensors_load(path.c_str(), slots.data(),
                                  static_cast<int64_t>(slots.size()), &status),
            NETC_OK)
      << status.message;
  for (size_t t = 0; t < p.values.size(); ++t) {
    ASSERT_EQ(storage[t].size(), p.values[t].size());
    for (size_t i = 0; i < storage[t].size(); ++i) {
      EXPECT_EQ(Bits(storage[t][i]), Bits(p.values[t][i]))
          << p.names[t] << "[" << i << "]";
    }
  }
  EXPECT_EQ(List(), std::vector<std::string>{"model.safetensors"});
}

TEST_F(NetcSafetensorsTest, HeaderListsTensorsInWrittenOrderWithMetadata) {
  Params p = SmallModel();
  p.Add("scalar", {});
  std::string path = Path("model.safetensors");
  ASSERT_EQ(WriteParams(path, p, {{"format", "pt"}, {"note", "h\xc3\xa9"}}),
            NETC_OK);
  netc_safetensors_header h = ReadHeaderOk(path);
  ASSERT_EQ(h.tensor_count, 5);
  int64_t offset = 0;
  for (int64_t t = 0; t < h.tensor_count; ++t) {
    const netc_safetensors_tensor_info &info = h.tensors[t];
    EXPECT_STREQ(info.name, p.names[t].c_str());
    EXPECT_STREQ(info.dtype, "F32");
    ASSERT_EQ(info.rank, static_cast<int32_t>(p.shapes[t].size()));
    for (int32_t d = 0; d < info.rank; ++d) {
      EXPECT_EQ(info.shape[d], p.shapes[t][d]);
    }
    EXPECT_EQ(info.data_begin, offset);
    offset += static_cast<int64_t>(p.values[t].size()) * 4;
    EXPECT_EQ(info.data_end, offset);
  }
  EXPECT_EQ(h.tensors[4].shape, nullptr);  // a scalar
  ASSERT_EQ(h.metadata_count, 2);
  EXPECT_STREQ(h.metadata[0].key, "format");
  EXPECT_STREQ(h.metadata[1].value, "h\xc3\xa9");
  EXPECT_STREQ(netc_safetensors_metadata_find(&h, "format"), "pt");
  EXPECT_EQ(netc_safetensors_metadata_find(&h, "absent"), nullptr);
  EXPECT_EQ(h.data_offset % 8, 0);
  EXPECT_EQ(h.file_size, h.data_offset + offset);
  netc_safetensors_header_free(&h);
  EXPECT_EQ(h.tensors, nullptr);
  netc_safetensors_header_free(&h);  // twice is fine
  netc_safetensors_header_free(nullptr);
}

TEST_F(NetcSafetensorsTest, WritesTheExactBytesOfTheFormat) {
  Params p;
  p.Add("a", {2});
  p.values[0] = {1.0f, -2.0f};
  std::string path = Path("a.safetensors");
  ASSERT_EQ(WriteParams(path, p, {{"format", "pt"}}), NETC_OK);
  std::string json =
      "{\"__metadata__\":{\"format\":\"pt\"},"
      "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
  // Padded with spaces to a multiple of 8, as the reference does.
  std::string padded = json + std::string((8 - json.size() % 8) % 8, ' ');
  EXPECT_EQ(padded.size() % 8, 0u);
  EXPECT_EQ(Read(path), FileBytes(padded, FloatBytes({1.0f, -2.0f})));
}

TEST_F(NetcSafetensorsTest, WritesNoMetadataObjectWhenThereIsNone) {
  Params p;
  p.Add("w", {1});
  std::string path = Path("w.safetensors");
  ASSERT_EQ(WriteParams(path, p), NETC_OK);
  std::string bytes = Read(path);
  EXPECT_EQ(bytes.find("__metadata__"), std::string::npos);
  EXPECT_EQ(bytes.substr(8, 56),
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}  ");
}

TEST_F(NetcSafetensorsTest, EmptyCheckpointRoundTrips) {
  std::string path = Path("empty.safetensors");
  netc_status status;
  ASSERT_EQ(netc_safetensors_write(path.c_str(), nullptr, 0, nullptr, 0,
                                   &status),
            NETC_OK);
  EXPECT_EQ(Read(path), FileBytes("{}      ", ""));
  netc_safetensors_header h = ReadHeaderOk(path);
  EXPECT_EQ(h.tensor_count, 0);
  EXPECT_EQ(h.metadata_count, 0);
  netc_safetensors_header_free(&h);
  EXPECT_EQ(netc_safetensors_load(path.c_str(), nullptr, 0, &status), NETC_OK);
}

TEST_F(NetcSafetensorsTest, NamesWithQuotesAndControlCharactersRoundTrip) {
  Params p;
  p.Add("say \"hi\"\\now", {1});
  p.Add("tab\there\nnew line", {2});
  p.Add("\xe6\x9d\x83\xe9\x87\x8d", {1});  // UTF-8 passes through
  std::string path = Path("names.safetensors");
  ASSERT_EQ(WriteParams(path, p, {{"k\"ey", "va\\lue\x01"}}), NETC_OK)
      << last_message_;
  std::string bytes = Read(path);
  EXPECT_NE(bytes.find("\"say \\\"hi\\\"\\\\now\""), std::string::npos);
  EXPECT_NE(bytes.find("\"tab\\u0009here\\u000anew line\""), std::string::npos);
  netc_safetensors_header h = ReadHeaderOk(path);
  ASSERT_EQ(h.tensor_count, 3);
  EXPECT_STREQ(h.tensors[0].name, "say \"hi\"\\now");
  EXPECT_STREQ(h.tensors[1].name, "tab\there\nnew line");
  EXPECT_STREQ(h.tensors[2].name, "\xe6\x9d\x83\xe9\x87\x8d");
  EXPECT_STREQ(netc_safetensors_metadata_find(&h, "k\"ey"), "va\\lue\x01");
  netc_safetensors_header_free(&h);
  ExpectLoad(path, p, NETC_OK, "");
}

// ---- Writer: arguments --------------------------------------------------------

TEST_F(NetcSafetensorsTest, WriteRejectsBadArgumentsBeforeTouchingTheDisk) {
  std::string path = Path("x.safetensors");
  int64_t shape[] = {2};
  int64_t negative[] = {-1};
  float data[] = {1, 2};
  struct Case {
    std::vector<netc_tensor_view> views;
    std::vector<netc_metadata_entry> meta;
    std::string message;
  };
  std::vector<Case> cases = {
      {{{"a", shape, 1, data}, {"a", shape, 1, data}},
       {},
       "netc_safetensors_write: tensor 'a' is listed twice"},
      {{{"", shape, 1, data}}, {}, "netc_safetensors_write: tensor 0 has no name"},
      {{{"a", shape, 1, data}, {nullptr, shape, 1, data}},
       {},
       "netc_safetensors_write: tensor 1 has no name"},
      {{{"__metadata__", shape, 1, data}},
       {},
       "netc_safetensors_write: '__metadata__' cannot name a tensor"},
      {{{"bad\xff", shape, 1, data}},
       {},
       "netc_safetensors_write: the name of tensor 0 is not valid UTF-8"},
      {{{"a", negative, 1, data}},
       {},
       "netc_safetensors_write: tensor 'a' has an invalid shape"},
      {{{"a", nullptr, 1, data}},
       {},
       "netc_safetensors_write: tensor 'a' has an invalid shape"},
      {{{"a", shape, -1, data}},
       {},
       "netc_safetensors_write: tensor 'a' has an invalid shape"},
      {{{"a", shape, 1, nullptr}},
       {},
       "netc_safetensors_write: tensor 'a' has no data"},
      {{{"a", shape, 1, data}},
       {{"k", "1"}, {"k", "2"}},
       "netc_safetensors_write: metadata key 'k' is listed twice"},
      {{}, {{nullptr, "v"}}, "netc_safetensors_write: metadata entry 0 has no key"},
      {{}, {{"k", nullptr}}, "netc_safetensors_write: metadata entry 0 has no value"},
      {{}, {{"k", "\xc0\x80"}},
       "netc_safetensors_write: metadata entry 0 is not valid UTF-8"},
  };
  for (const Case &c : cases) {
    netc_status status;
    netc_status_clear(&status);
    EXPECT_EQ(netc_safetensors_write(path.c_str(), c.views.data(),
                                     static_cast<int64_t>(c.views.size()),
                                     c.meta.data(),
                                     static_cast<int64_t>(c.meta.size()),
                                     &status),
              NETC_ERROR_INVALID_ARGUMENT);
    EXPECT_EQ(std::string(status.message), c.message);
  }
  netc_status status;
  EXPECT_EQ(netc_safetensors_write(nullptr, nullptr, 0, nullptr, 0, &status),
            NETC_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(status.message, "netc_safetensors_write: path is NULL");
  EXPECT_EQ(netc_safetensors_write(path.c_str(), nullptr, 1, nullptr, 0, &status),
            NETC_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(status.message,
               "netc_safetensors_write: invalid tensors or metadata count");
  EXPECT_TRUE(List().empty());
}

TEST_F(NetcSafetensorsTest, ScalarsMayHaveANullShape) {
  float one = 1.5f;
  netc_tensor_view view = {"s", nullptr, 0, &one};
  std::string path = Path("s.safetensors");
  netc_status status;
  ASSERT_EQ(netc_safetensors_write(path.c_str(), &view, 1, nullptr, 0, &status),
            NETC_OK);
  float out = 0.0f;
  netc_tensor_slot slot = {"s", nullptr, 0, &out};
  ASSERT_EQ(netc_safetensors_load(path.c_str(), &slot, 1, &status), NETC_OK);
  EXPECT_EQ(out, 1.5f);
}

// ---- Writer: atomic replacement ------------------------------------------------

TEST_F(NetcSafetensorsTest, ReplacesAnExistingFileAndLeavesNoTemporary) {
  std::string path = Path("ckpt.safetensors");
  Write("ckpt.safetensors", "old contents");
  Params p = SmallModel();
  ASSERT_EQ(WriteParams(path, p), NETC_OK) << last_message_;
  ExpectLoad(path, p, NETC_OK, "");
  EXPECT_EQ(List(), std::vector<std::string>{"ckpt.safetensors"});
  // Permissions come from the umask, as for any newly created file.
  mode_t mask = umask(0);
  umask(mask);
  struct stat info;
  ASSERT_EQ(stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0666 & ~mask);
}

TEST_F(NetcSafetensorsTest, WriteIntoAMissingFolderFailsCleanly) {
  std::string path = Path("no/such/folder/ckpt.safetensors");
  EXPECT_EQ(WriteParams(path, SmallModel()), NETC_ERROR_IO);
  EXPECT_EQ(last_message_,
            path + ": error: cannot create temporary file: No such file or "
                   "directory");
  EXPECT_TRUE(List().empty());
}

// The write fails half-way (the file size limit stops it), after the
// temporary file was created and partly written: the previous checkpoint is
// untouched and the temporary file is gone.
TEST_F(NetcSafetensorsTest, FailedWriteKeepsThePreviousFile) {
  std::string path = Path("ckpt.safetensors");
  Params small = SmallModel();
  ASSERT_EQ(WriteParams(path, small), NETC_OK);
  std::string before = Read(path);

  Params big;
  big.Add("huge", {100000});  // 400 KB, far over the limit below
  struct rlimit old_limit;
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &old_limit), 0);
  struct rlimit limit = old_limit;
  limit.rlim_cur = 64 * 1024;
  void (*old_handler)(int) = signal(SIGXFSZ, SIG_IGN);
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &limit), 0);
  netc_status_code code = WriteParams(path, big);
  setrlimit(RLIMIT_FSIZE, &old_limit);
  signal(SIGXFSZ, old_handler);

  EXPECT_EQ(code, NETC_ERROR_IO);
  EXPECT_EQ(last_message_, path + ": error: cannot write: File too large");
  EXPECT_EQ(Read(path), before);
  EXPECT_EQ(List(), std::vector<std::string>{"ckpt.safetensors"});
  ExpectLoad(path, small, NETC_OK, "");
}

TEST_F(NetcSafetensorsTest, FailedRenameKeepsWhatIsThere) {
  // A non-empty folder cannot be replaced by a file.
  std::string path = Path("ckpt.safetensors");
  ASSERT_EQ(mkdir(path.c_str(), 0755), 0);
  Write("ckpt.safetensors/keep", "x");
  EXPECT_EQ(WriteParams(path, SmallModel()), NETC_ERROR_IO);
  EXPECT_EQ(last_message_,
            path + ": error: cannot replace the file: Is a directory");
  EXPECT_EQ(Read(path + "/keep"), "x");
  EXPECT_EQ(List(), std::vector<std::string>{"ckpt.safetensors"});
}

TEST_F(NetcSafetensorsTest, WriteIntoAnUnwritableFolderKeepsThePreviousFile) {
  if (geteuid() == 0) {
    GTEST_SKIP() << "[SKIP] running as root: folder permissions do not stop "
                    "root (FailedWriteKeepsThePreviousFile covers the failure)";
  }
  std::string path = Path("ckpt.safetensors");
  Params small = SmallModel();
  ASSERT_EQ(WriteParams(path, small), NETC_OK);
  std::string before = Read(path);
  ASSERT_EQ(chmod(dir_.c_str(), 0555), 0);
  netc_status_code code = WriteParams(path, small);
  chmod(dir_.c_str(), 0755);
  EXPECT_EQ(code, NETC_ERROR_IO);
  EXPECT_EQ(last_message_,
            path + ": error: cannot create temporary file: Permission denied");
  EXPECT_EQ(Read(path), before);
  EXPECT_EQ(List(), std::vector<std::string>{"ckpt.safetensors"});
}

// ---- Loading against the model's expectations ---------------------------------

TEST_F(NetcSafetensorsTest, LoadIgnoresTheOrderOfTensorsInTheFile) {
  Params p = SmallModel();
  Params reversed;
  for (size_t i = p.names.size(); i-- > 0;) {
    reversed.names.push_back(p.names[i]);
    reversed.shapes.push_back(p.shapes[i]);
    reversed.values.push_back(p.values[i]);
  }
  std::string path = Path("ckpt.safetensors");
  ASSERT_EQ(WriteParams(path, reversed), NETC_OK);
  std::vector<std::vector<float>> storage;
  std::vector<netc_tensor_slot> slots = p.Slots(storage);
  netc_status status;
  ASSERT_EQ(netc_safetensors_load(path.c_str(), slots.data(), 4, &status),
            NETC_OK);
  for (size_t t = 0; t < 4; ++t) EXPECT_EQ(storage[t], p.values[t]);
}

TEST_F(NetcSafetensorsTest, LoadReportsAShapeMismatch) {
  Params file;
  file.Add("0.weight", {4, 3});
  std::string path = Path("ckpt.safetensors");
  ASSERT_EQ(WriteParams(path, file), NETC_OK);
  Params model;
  model.Add("0.weight", {4, 2});
  ExpectLoad(path, model, NETC_ERROR_SHAPE,
             ": error: tensor '0.weight' has shape [4, 3], the model expects "
             "[4, 2]");
  Params flat;
  flat.Add("0.weight", {12});
  ExpectLoad(path, flat, NETC_ERROR_SHAPE,
             ": error: tensor '0.weight' has shape [4, 3], the model expects "
             "[12]");
  Params scalar;
  scalar.Add("0.weight", {});
  ExpectLoad(path, scalar, NETC_ERROR_SHAPE,
             ": error: tensor '0.weight' has shape [4, 3], the model expects "
             "[]");
}

TEST_F(NetcSafetensorsTest, LoadReportsAMissingTensor) {
  Params p = SmallModel();
  Params file = p;
  file.names.pop_back();  // drop 2.bias
  file.shapes.pop_back();
  file.values.pop_back();
  std::string path = Path("ckpt.safetensors");
  ASSERT_EQ(WriteParams(path, file), NETC_OK);
  ExpectLoad(path, p, NETC_ERROR_SHAPE, ": error: missing tensor '2.bias'");
}

TEST_F(NetcSafetensorsTest, LoadReportsAnUnexpectedTensor) {
  Params p = SmallModel();
  Params file = p;
  file.Add("foo", {3});
  std::string path = Path("ckpt.safetensors");
  ASSERT_EQ(WriteParams(path, file), NETC_OK);
  ExpectLoad(path, p, NETC_ERROR_SHAPE, ": error: unexpected tensor 'foo'");
}

TEST_F(NetcSafetensorsTest, LoadReportsTheFirstMismatchInSlotOrder) {
  Params file;
  file.Add("a", {2});
  file.Add("extra", {1});
  file.Add("b", {3});
  std::string path = Path("ckpt.safetensors");
  ASSERT_EQ(WriteParams(path, file), NETC_OK);
  Params model;
  model.Add("a", {2});
  model.Add("b", {4});       // wrong shape: reported first
  model.Add("missing", {1});
  ExpectLoad(path, model, NETC_ERROR_SHAPE,
             ": error: tensor 'b' has shape [3], the model expects [4]");
}

TEST_F(NetcSafetensorsTest, LoadRejectsOtherDtypes) {
  std::string json =
      "{\"0.weight\":{\"dtype\":\"F16\",\"shape\":[4,2],"
      "\"data_offsets\":[0,16]}}";
  std::string path = Write("ckpt.safetensors", FileBytes(json, std::string(16, '\0')));
  // Listing works for any dtype ...
  netc_safetensors_header h = ReadHeaderOk(path);
  ASSERT_EQ(h.tensor_count, 1);
  EXPECT_STREQ(h.tensors[0].dtype, "F16");
  netc_safetensors_header_free(&h);
  // ... loading reads F32 only.
  Params model;
  model.Add("0.weight", {4, 2});
  ExpectLoad(path, model, NETC_ERROR_FORMAT,
             ": error: tensor '0.weight' has dtype F16; netc reads F32");
}

TEST_F(NetcSafetensorsTest, LoadChecksItsArguments) {
  std::string path = Path("ckpt.safetensors");
  ASSERT_EQ(WriteParams(path, SmallModel()), NETC_OK);
  int64_t shape[] = {4};
  int64_t negative[] = {-4};
  float data[4];
  netc_tensor_slot twice[] = {{"a", shape, 1, data}, {"a", shape, 1, data}};
  netc_tensor_slot unnamed[] = {{nullptr, shape, 1, data}};
  netc_tensor_slot bad_shape[] = {{"a", negative, 1, data}};
  netc_tensor_slot no_storage[] = {{"a", shape, 1, nullptr}};
  netc_status status;
  EXPECT_EQ(netc_safetensors_load(path.c_str(), twice, 2, &status),
            NETC_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(status.message,
               "netc_safetensors_load: tensor 'a' is listed twice");
  EXPECT_EQ(netc_safetensors_load(path.c_str(), unnamed, 1, &status),
            NETC_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(status.message, "netc_safetensors_load: slot 0 has no name");
  EXPECT_EQ(netc_safetensors_load(path.c_str(), bad_shape, 1, &status),
            NETC_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(status.message,
               "netc_safetensors_load: tensor 'a' has an invalid shape");
  EXPECT_EQ(netc_safetensors_load(path.c_str(), no_storage, 1, &status),
            NETC_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(status.message,
               "netc_safetensors_load: tensor 'a' has no storage");
  EXPECT_EQ(netc_safetensors_load(nullptr, twice, 1, &status),
            NETC_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(status.message, "netc_safetensors_load: path is NULL");
  netc_safetensors_header h;
  EXPECT_EQ(netc_safetensors_read_header(nullptr, &h, &status),
            NETC_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(status.message, "netc_safetensors_read_header: path is NULL");
}

TEST_F(NetcSafetensorsTest, LongNamesAreCutShortInMessages) {
  std::string name(150, 'n');
  Params file;
  file.Add(name, {1});
  std::string path = Path("ckpt.safetensors");
  ASSERT_EQ(WriteParams(path, file), NETC_OK);
  ExpectLoad(path, Params(), NETC_ERROR_SHAPE,
             ": error: unexpected tensor '" + std::string(100, 'n') + "...'");
}

// ---- Reader: the files others write ------------------------------------------

TEST_F(NetcSafetensorsTest, ReadsWhitespaceUnknownFieldsAndAnyOffsetOrder) {
  std::string json =
      "\n{ \"b\" : { \"shape\" : [ 1 ] , \"dtype\" : \"F32\", "
      "\"data_offsets\" : [ 8 , 12 ], \"note\": {\"x\": [1.5e3, -2, \"y\"]} },\r\n"
      "\t\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]},"
      " \"z\": {\"dtype\": \"F32\", \"shape\": [0], \"data_offsets\": [12, 12]},"
      " \"__metadata__\": {} }   \t\n";
  std::string path =
      Write("x.safetensors", FileBytes(json, FloatBytes({1, 2, 3})));
  Params p;
  p.Add("a", {2});
  p.Add("b", {1});
  p.Add("z", {0});
  std::vector<std::vector<float>> storage;
  std::vector<netc_tensor_slot> slots = p.Slots(storage);
  netc_status status;
  ASSERT_EQ(netc_safetensors_load(path.c_str(), slots.data(), 3, &status),
            NETC_OK)
      << status.message;
  EXPECT_EQ(storage[0], (std::vector<float>{1, 2}));
  EXPECT_EQ(storage[1], (std::vector<float>{3}));
}

TEST_F(NetcSafetensorsTest, DecodesStringEscapes) {
  std::string json =
      "{\"\\u00e9\\ud83d\\ude00\\/\\b\\f\\r\":{\"dtype\":\"U8\",\"shape\":[1],"
      "\"data_offsets\":[0,1]}}";
  std::string path = Write("x.safetensors", FileBytes(json, "x"));
  netc_safetensors_header h = ReadHeaderOk(path);
  ASSERT_EQ(h.tensor_count, 1);
  EXPECT_STREQ(h.tensors[0].name, "\xc3\xa9\xf0\x9f\x98\x80/\b\f\r");
  EXPECT_STREQ(h.tensors[0].dtype, "U8");
  netc_safetensors_header_free(&h);
}

TEST_F(NetcSafetensorsTest, ListsEveryByteSizedDtype) {
  const char *dtypes[][2] = {{"BOOL", "1"}, {"U8", "1"},  {"I8", "1"},
                             {"F8_E5M2", "1"}, {"F8_E4M3", "1"},
                             {"F8_E8M0", "1"}, {"I16", "2"}, {"U16", "2"},
                             {"F16", "2"}, {"BF16", "2"}, {"I32", "4"},
                             {"U32", "4"}, {"F32", "4"},  {"I64", "8"},
                             {"U64", "8"}, {"F64", "8"}};
  for (const auto &d : dtypes) {
    std::string json = std::string("{\"t\":{\"dtype\":\"") + d[0] +
                       "\",\"shape\":[3],\"data_offsets\":[0," +
                       std::to_string(3 * std::stoi(d[1])) + "]}}";
    std::string path = Write("x.safetensors",
                             FileBytes(json, std::string(3 * std::stoi(d[1]), 'x')));
    netc_safetensors_header h = ReadHeaderOk(path);
    ASSERT_EQ(h.tensor_count, 1) << d[0];
    EXPECT_STREQ(h.tensors[0].dtype, d[0]);
    netc_safetensors_header_free(&h);
  }
}

// ---- Reader: the file's frame ---------------------------------------------------

TEST_F(NetcSafetensorsTest, RejectsAFileShorterThanTheLength) {
  ExpectHeaderError("", NETC_ERROR_FORMAT,
                    ": error: file is truncated: 0 bytes, too short for the "
                    "8-byte header length");
  ExpectHeaderError(std::string("\x10\0\0", 3), NETC_ERROR_FORMAT,
                    ": error: file is truncated: 3 bytes, too short for the "
                    "8-byte header length");
}

TEST_F(NetcSafetensorsTest, RejectsAHeaderLengthBeyondTheFile) {
  std::string bytes = FileBytes("{}", "");
  uint64_t n = 9999999999ull;
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>(n >> (8 * i));
  ExpectHeaderError(bytes, NETC_ERROR_FORMAT,
                    ": error: not a safetensors file: header length "
                    "9999999999 exceeds the file size");
  bytes = "\xff\xff\xff\xff\xff\xff\xff\xff{}";
  ExpectHeaderError(bytes, NETC_ERROR_FORMAT,
                    ": error: not a safetensors file: header length "
                    "18446744073709551615 exceeds the file size");
}

TEST_F(NetcSafetensorsTest, RejectsAHeaderLengthOverTheLimit) {
  // A sparse file of 100 MB: the limit is checked before reading.
  std::string path = Path("big.safetensors");
  FILE *f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  uint64_t n = 100000001ull;
  unsigned char length[8];
  for (int i = 0; i < 8; ++i) length[i] = static_cast<unsigned char>(n >> (8 * i));
  std::fwrite(length, 1, 8, f);
  std::fclose(f);
  ASSERT_EQ(truncate(path.c_str(), 8 + 100000001), 0);
  netc_safetensors_header h;
  netc_status status;
  EXPECT_EQ(netc_safetensors_read_header(path.c_str(), &h, &status),
            NETC_ERROR_FORMAT);
  EXPECT_EQ(std::string(status.message),
            path + ": error: not a safetensors file: header length 100000001 "
                   "exceeds the limit of 100000000 bytes");
}

TEST_F(NetcSafetensorsTest, RejectsTruncatedData) {
  // Header of 88 bytes, offsets promising 928 bytes of data: 1024 in all.
  std::string json =
      "{\"w\":{\"dtype\":\"F32\",\"shape\":[232],\"data_offsets\":[0,928]}}";
  json += std::string(88 - json.size(), ' ');
  ExpectHeaderError(FileBytes(json, "abcd"), NETC_ERROR_FORMAT,
                    ": error: file is truncated: header says 1024 bytes, file "
                    "has 100");
}

TEST_F(NetcSafetensorsTest, RejectsBytesAfterTheData) {
  std::string json =
      "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
  ExpectHeaderError(FileBytes(json, "abcdef"), NETC_ERROR_FORMAT,
                    ": error: file is longer than its header says: header says " +
                        std::to_string(8 + json.size() + 4) + " bytes, file has " +
                        std::to_string(8 + json.size() + 6));
}

TEST_F(NetcSafetensorsTest, ReportsUnreadableFiles) {
  std::string missing = Path("missing.safetensors");
  netc_safetensors_header h;
  netc_status status;
  EXPECT_EQ(netc_safetensors_read_header(missing.c_str(), &h, &status),
            NETC_ERROR_IO);
  EXPECT_EQ(std::string(status.message),
            missing + ": error: cannot open file: No such file or directory");
  EXPECT_EQ(netc_safetensors_read_header(dir_.c_str(), &h, &status),
            NETC_ERROR_IO);
  EXPECT_EQ(std::string(status.message),
            dir_ + ": error: cannot read file: Is a directory");
}

// ---- Reader: JSON syntax ----------------------------------------------------------

TEST_F(NetcSafetensorsTest, RejectsMalformedJson) {
  ExpectJsonError("", 0, "the header is empty");
  ExpectJsonError("   ", 3, "the header is empty");
  ExpectJsonError("[]", 0, "expected '{' at the start of the header");
  ExpectJsonError("{", 1, "unexpected end of the header");
  ExpectJsonError("{\"a\" 1}", 5, "expected ':' after an object key");
  ExpectJsonError("{1:2}", 1, "expected a string key");
  ExpectJsonError("{\"a\":[1 2]}", 8, "expected ',' or ']' after an array element");
  ExpectJsonError("{\"a\":{} \"b\":{}}", 8,
                  "expected ',' or '}' after an object member");
  ExpectJsonError("{\"a\":[1,]}", 8, "unexpected character ']'");
  ExpectJsonError("{\"a\":{},}", 8, "expected a string key");
  ExpectJsonError("{\"a\":true}", 5, "unexpected character 't'");
  ExpectJsonError("{\"a\":null}", 5, "unexpected character 'n'");
  ExpectJsonError("{\"a\":\x80}", 5, "unexpected byte 0x80");
  ExpectJsonError("{} x", 3, "unexpected text after the header's object");
  ExpectJsonError(std::string("{}\0", 3), 2, "unexpected text after the header's object");
}

TEST_F(NetcSafetensorsTest, RejectsMalformedNumbers) {
  ExpectJsonError("{\"a\":[01]}", 7, "expected ',' or ']' after an array element");
  ExpectJsonError("{\"a\":[-]}", 6, "invalid number");
  ExpectJsonError("{\"a\":[1.]}", 6, "invalid number");
  ExpectJsonError("{\"a\":[1e]}", 6, "invalid number");
  ExpectJsonError("{\"a\":[.5]}", 6, "unexpected character '.'");
  ExpectJsonError("{\"a\":[+1]}", 6, "unexpected character '+'");
}

TEST_F(NetcSafetensorsTest, RejectsMalformedStrings) {
  ExpectJsonError("{\"abc", 1, "unterminated string");
  ExpectJsonError("{\"ab\\", 1, "unterminated string");
  ExpectJsonError("{\"a\nb\":{}}", 3, "control character 0x0a in a string");
  ExpectJsonError("{\"a\\qb\":{}}", 3, "invalid escape '\\q'");
  ExpectJsonError("{\"a\\u12g4\":{}}", 3, "invalid \\u escape");
  ExpectJsonError("{\"a\\u12\"}", 3, "invalid \\u escape");
  ExpectJsonError("{\"a\\udc00\":{}}", 3, "unpaired surrogate in a \\u escape");
  ExpectJsonError("{\"a\\ud800x\":{}}", 3, "unpaired surrogate in a \\u escape");
  ExpectJsonError("{\"a\\ud800\\u0041\":{}}", 3,
                  "unpaired surrogate in a \\u escape");
  ExpectJsonError("{\"a\\u0000\":{}}", 3, "\\u0000 is not allowed in a string");
  ExpectJsonError("{\"a\xff\":{}}", 3, "invalid UTF-8 in a string");
  ExpectJsonError("{\"a\xc3\":{}}", 3, "invalid UTF-8 in a string");
  ExpectJsonError("{\"\xed\xa0\x80\":{}}", 2, "invalid UTF-8 in a string");
  ExpectJsonError("{\"\xe0\x80\xaf\":{}}", 2, "invalid UTF-8 in a string");
  ExpectJsonError("{\"\xf4\x90\x80\x80\":{}}", 2, "invalid UTF-8 in a string");
}

TEST_F(NetcSafetensorsTest, BoundsTheNesting) {
  auto nested = [](int depth) {
    // An unknown field of a tensor, nested `depth` deep in all.
    std::string json = "{\"x\":{\"dtype\":\"F32\",\"shape\":[0],"
                       "\"data_offsets\":[0,0],\"deep\":";
    for (int i = 0; i < depth - 2; ++i) json += "[";
    for (int i = 0; i < depth - 2; ++i) json += "]";
    return json + "}}";
  };
  std::string ok = Write("ok.safetensors", FileBytes(nested(32), ""));
  netc_safetensors_header h = ReadHeaderOk(ok);
  EXPECT_EQ(h.tensor_count, 1);
  netc_safetensors_header_free(&h);
  std::string deep = nested(33);
  size_t first = deep.find("\"deep\":") + 7;  // the first '[' at depth 3
  ExpectJsonError(deep, first + 30, "nesting deeper than 32 levels");
  // Far deeper input is rejected at the same point, without deep recursion.
  std::string very_deep = nested(100000);
  ExpectJsonError(very_deep, first + 30,
                  "nesting deeper than 32 levels");
}

// ---- Reader: meaning of the header ------------------------------------------------

TEST_F(NetcSafetensorsTest, RejectsBadTensorEntries) {
  const std::string f = ",\"data_offsets\":[0,4]}}";
  ExpectInvalid("{\"t\":[]}", "",
                "tensor 't' must be an object with \"dtype\", \"shape\" and "
                "\"data_offsets\"");
  ExpectInvalid("{\"t\":{\"shape\":[1],\"data_offsets\":[0,4]}}", "1234",
                "tensor 't' has no \"dtype\"");
  ExpectInvalid("{\"t\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", "1234",
                "tensor 't' has no \"shape\"");
  ExpectInvalid("{\"t\":{\"dtype\":\"F32\",\"shape\":[1]}}", "1234",
                "tensor 't' has no \"data_offsets\"");
  ExpectInvalid("{\"t\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[1]" + f,
                "1234", "tensor 't' has two \"dtype\" fields");
  ExpectInvalid("{\"t\":{\"dtype\":32,\"shape\":[1]" + f, "1234",
                "tensor 't': \"dtype\" must be a string");
  ExpectInvalid("{\"t\":{\"dtype\":\"Q8\",\"shape\":[1]" + f, "1234",
                "tensor 't' has unknown dtype 'Q8'");
  ExpectInvalid("{\"t\":{\"dtype\":\"F32\",\"shape\":[-1]" + f, "1234",
                "tensor 't': \"shape\" must be an array of non-negative "
                "integers");
  ExpectInvalid("{\"t\":{\"dtype\":\"F32\",\"shape\":[1.0]" + f, "1234",
                "tensor 't': \"shape\" must be an array of non-negative "
                "integers");
  ExpectInvalid("{\"t\":{\"dtype\":\"F32\",\"shape\":[[1]]" + f, "1234",
                "tensor 't': \"shape\" must be an array of non-negative "
                "integers");
  ExpectInvalid("{\"t\":{\"dtype\":\"F32\",\"shape\":1" + f, "1234",
                "tensor 't': \"shape\" must be an array of non-negative "
                "integers");
  ExpectInvalid("{\"t\":{\"dtype\":\"F32\",\"shape\":[1e0]" + f, "1234",
                "tensor 't': \"shape\" must be an array of non-negative "
                "integers");
  ExpectInvalid("{\"t\":{\"dtype\":\"F32\",\"shape\":[9223372036854775808]" + f,
                "1234",
                "tensor 't': \"shape\" must be an array of non-negative "
                "integers");
  ExpectInvalid("{\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}",
                "1234",
                "tensor 't': \"data_offsets\" must be two non-negative "
                "integers");
  ExpectInvalid("{\"t\":{\"dtype\":\"F32\",\"shape\":[1],"
                "\"data_offsets\":[0,4,8]}}",
                "1234",
                "tensor 't': \"data_offsets\" must be two non-negative "
                "integers");
  ExpectInvalid("{\"t\":{\"dtype\":\"F32\",\"shape\":[1],"
                "\"data_offsets\":[\"0\",4]}}",
                "1234",
                "tensor 't': \"data_offsets\" must be two non-negative "
                "integers");
  ExpectInvalid("{\"t\":{\"dtype\":\"F32\",\"shape\":[1],"
                "\"data_offsets\":[4,0]}}",
                "1234", "tensor 't' has data_offsets [4, 0]: begin is after end");
  ExpectInvalid("{\"t\":{\"dtype\":\"F32\",\"shape\":[2,3]" + f, "1234",
                "tensor 't' has data_offsets [0, 4] (4 bytes) but dtype F32 "
                "and shape [2, 3] need 24 bytes");
  ExpectInvalid("{\"t\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296]" + f,
                "1234",
                "tensor 't': shape [4294967296, 4294967296] is too large");
}

TEST_F(NetcSafetensorsTest, RejectsBadLayouts) {
  auto t = [](const char *name, int begin, int end) {
    return std::string("\"") + name + "\":{\"dtype\":\"U8\",\"shape\":[" +
           std::to_string(end - begin) + "],\"data_offsets\":[" +
           std::to_string(begin) + "," + std::to_string(end) + "]}";
  };
  ExpectInvalid("{" + t("a", 0, 4) + "," + t("b", 2, 6) + "}", "123456",
                "tensors 'a' and 'b' overlap: data_offsets [0, 4] and [2, 6]");
  ExpectInvalid("{" + t("b", 4, 8) + "," + t("a", 0, 2) + "}", "12345678",
                "gap between tensors 'a' and 'b': data_offsets [0, 2] and "
                "[4, 8]");
  ExpectInvalid("{" + t("a", 2, 4) + "}", "1234",
                "tensor data does not start at offset 0: tensor 'a' begins at "
                "2");
  ExpectInvalid("{" + t("a", 0, 4) + "," + t("a", 4, 8) + "}", "12345678",
                "duplicate tensor 'a'");
}

TEST_F(NetcSafetensorsTest, RejectsBadMetadata) {
  ExpectInvalid("{\"__metadata__\":[]}", "",
                "\"__metadata__\" must be an object of strings");
  ExpectInvalid("{\"__metadata__\":{\"epoch\":3}}", "",
                "\"__metadata__\" value for 'epoch' must be a string");
  ExpectInvalid("{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}", "",
                "duplicate \"__metadata__\" key 'k'");
  ExpectInvalid("{\"__metadata__\":{},\"__metadata__\":{}}", "",
                "duplicate \"__metadata__\"");
}

// ---- Robustness ------------------------------------------------------------------

// Every proper prefix of a valid file is rejected with a FORMAT error naming
// what is missing, and never crashes.
TEST_F(NetcSafetensorsTest, EveryTruncationIsRejected) {
  Params p = SmallModel();
  std::string full_path = Path("full.safetensors");
  ASSERT_EQ(WriteParams(full_path, p, {{"format", "pt"}}), NETC_OK);
  std::string full = Read(full_path);
  uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<unsigned char>(full[i]);
  for (size_t length = 0; length < full.size(); ++length) {
    std::string path = Write("cut.safetensors", full.substr(0, length));
    std::string expected;
    if (length < 8) {
      expected = ": error: file is truncated: " + std::to_string(length) +
                 " bytes, too short for the 8-byte header length";
    } else if (length < 8 + n) {
      expected = ": error: not a safetensors file: header length " +
                 std::to_string(n) + " exceeds the file size";
    } else {
      expected = ": error: file is truncated: header says " +
                 std::to_string(full.size()) + " bytes, file has " +
                 std::to_string(length);
    }
    netc_safetensors_header h;
    netc_status status;
    ASSERT_EQ(netc_safetensors_read_header(path.c_str(), &h, &status),
              NETC_ERROR_FORMAT)
        << "length " << length;
    ASSERT_EQ(std::string(status.message), path + expected) << "length " << length;
    ExpectLoad(path, p, NETC_ERROR_FORMAT, expected);
  }
}

// Random corruption of the length and header bytes (seeded, 2000 cases):
// every outcome is a clean success or a clean FORMAT error; nothing crashes.
TEST_F(NetcSafetensorsTest, RandomHeaderCorruptionNeverCrashes) {
  Params p = SmallModel();
  std::string full_path = Path("full.safetensors");
  ASSERT_EQ(WriteParams(full_path, p, {{"format", "pt"}, {"k", "\\\"x"}}),
            NETC_OK);
  std::string full = Read(full_path);
  size_t header_end = full.size() - 4 * (8 + 4 + 4 + 1);
  static const char kInteresting[] = "{}[]\":,\\ 0123456789-+.eEu\x00\xff";
  netc_rng rng;
  netc_rng_seed(&rng, 20240611);
  int accepted = 0;
  int rejected = 0;
  for (int round = 0; round < 2000; ++round) {
    std::string bytes = full;
    int edits = 1 + static_cast<int>(netc_rng_next_below(&rng, 4));
    for (int e = 0; e < edits; ++e) {
      size_t at = netc_rng_next_below(&rng, 10) == 0
                      ? netc_rng_next_below(&rng, 8)
                      : 8 + netc_rng_next_below(&rng, header_end - 8);
      bytes[at] = netc_rng_next_below(&rng, 2) == 0
                      ? kInteresting[netc_rng_next_below(&rng, sizeof(kInteresting) - 1)]
                      : static_cast<char>(netc_rng_next_u32(&rng) & 0xff);
    }
    std::string path = Write("fuzz.safetensors", bytes);
    netc_safetensors_header h;
    netc_status status;
    netc_status_clear(&status);
    netc_status_code code =
        netc_safetensors_read_header(path.c_str(), &h, &status);
    if (code == NETC_OK) {
      ++accepted;
      for (int64_t t = 0; t < h.tensor_count; ++t) {
        ASSERT_NE(h.tensors[t].name, nullptr);
        ASSERT_LE(h.tensors[t].data_begin, h.tensors[t].data_end);
        ASSERT_LE(h.data_offset + h.tensors[t].data_end, h.file_size);
      }
      netc_safetensors_header_free(&h);
    } else {
      ++rejected;
      ASSERT_EQ(code, NETC_ERROR_FORMAT) << status.message;
      ASSERT_EQ(std::string(status.message).rfind(path + ": error: ", 0), 0u)
          << status.message;
    }
    std::vector<std::vector<float>> storage;
    std::vector<netc_tensor_slot> slots = p.Slots(storage);
    code = netc_safetensors_load(path.c_str(), slots.data(), 4, &status);
    ASSERT_TRUE(code == NETC_OK || code == NETC_ERROR_FORMAT ||
                code == NETC_ERROR_SHAPE)
        << status.message;
  }
  EXPECT_GT(rejected, 1000);
  RecordProperty("accepted", accepted);
}

}  // namespace
