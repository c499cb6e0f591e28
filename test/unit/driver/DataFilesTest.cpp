// Which files `netc eval/predict --data` reads: the main file replaced, the
// companions renamed along.
#include "compiler/driver/DataFiles.h"

#include <gtest/gtest.h>

using namespace netc::driver;

namespace {

TEST(DataFiles, WithoutARequestPathsAreRelativeToTheNetFile) {
  DataFiles files("examples/translator/translator.net", "orfs.fasta", {});
  EXPECT_EQ(files.main(), "examples/translator/orfs.fasta");
  EXPECT_EQ(files.companion("orfs.proteins.fasta"),
            "examples/translator/orfs.proteins.fasta");
  EXPECT_EQ(files.companion("/abs/labels.gz"), "/abs/labels.gz");
}

TEST(DataFiles, CompanionsFollowTheRenamedStem) {
  DataFiles files("ex/translator.net", "orfs.fasta",
                  DataRequest{"data/orfs_test.fasta", true});
  EXPECT_EQ(files.main(), "data/orfs_test.fasta");
  EXPECT_EQ(files.companion("orfs.proteins.fasta"),
            "data/orfs_test.proteins.fasta");
}

TEST(DataFiles, IdxLabelsFollowTheImages) {
  DataFiles files("lenet.net", "/usr/share/fm/train-images-idx3-ubyte.gz",
                  DataRequest{"/usr/share/fm/t10k-images-idx3-ubyte.gz", true});
  EXPECT_EQ(files.companion("/usr/share/fm/train-labels-idx1-ubyte.gz"),
            "/usr/share/fm/t10k-labels-idx1-ubyte.gz");
}

TEST(DataFiles, SameNameInAnotherFolderTakesCompanionsFromThere) {
  DataFiles files("m/model.net", "orfs.fasta",
                  DataRequest{"/other/orfs.fasta", true});
  EXPECT_EQ(files.companion("orfs.proteins.fasta"),
            "/other/orfs.proteins.fasta");
}

TEST(DataFiles, AnUnrelatedCompanionStaysWhereTheNetFileSaysItIs) {
  DataFiles files("m/model.net", "orfs.fasta",
                  DataRequest{"test.fasta", true});
  EXPECT_EQ(files.companion("proteins.fasta"), "m/proteins.fasta");
}

} // namespace
