// Scratch files for the runtime tests: every test gets a fresh folder of its
// own under the gtest temp dir (ctest runs tests in parallel), removed with
// everything in it when the test ends.
#ifndef NETC_TEST_UNIT_RUNTIME_RUNTIME_TEST_FILES_H_
#define NETC_TEST_UNIT_RUNTIME_RUNTIME_TEST_FILES_H_

#include <stdlib.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace netc_test {

class ScratchDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const ::testing::TestInfo *info =
        ::testing::UnitTest::GetInstance()->current_test_info();
    std::string pattern = ::testing::TempDir() + "netc_" +
                          info->test_suite_name() + "_" + info->name() +
                          "_XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    ASSERT_NE(mkdtemp(buffer.data()), nullptr) << pattern;
    dir_ = buffer.data();
  }

  void TearDown() override {
    std::error_code ignored;
    std::filesystem::permissions(dir_, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::add, ignored);
    std::filesystem::remove_all(dir_, ignored);
  }

  std::string Path(const std::string &name) const { return dir_ + "/" + name; }

  // Writes `bytes` to `name` in the scratch folder, byte for byte.
  std::string Write(const std::string &name, const std::string &bytes) const {
    std::string path = Path(name);
    FILE *f = std::fopen(path.c_str(), "wb");
    EXPECT_NE(f, nullptr) << path;
    if (f != nullptr) {
      if (!bytes.empty()) std::fwrite(bytes.data(), 1, bytes.size(), f);
      std::fclose(f);
    }
    return path;
  }

  static std::string Read(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in),
                       std::istreambuf_iterator<char>());
  }

  // The names in the scratch folder, sorted.
  std::vector<std::string> List() const {
    std::vector<std::string> names;
    for (const auto &entry : std::filesystem::directory_iterator(dir_)) {
      names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  std::string dir_;
};

}  // namespace netc_test

#endif  // NETC_TEST_UNIT_RUNTIME_RUNTIME_TEST_FILES_H_
