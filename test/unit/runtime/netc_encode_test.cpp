// Tests for runtime/netc_encode.h: one-hot DNA with IUPAC codes, one-hot
// protein, BLOSUM62 loading (Debian's ncbi-data file) and encoding, labels.
#include "netc_encode.h"

#include <sys/stat.h>

#include <cctype>
#include <cstring>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "runtime_test_files.h"

namespace {

using netc_test::ScratchDirTest;

// Value (channel c, position j) of a [C, L] channel-major tensor.
float At(const std::vector<float> &t, int64_t length, int c, int64_t j) {
  return t[static_cast<size_t>(c * length + j)];
}

// ---- DNA ------------------------------------------------------------------------

std::vector<float> Dna(const std::string &s, int64_t out_length) {
  std::vector<float> out(static_cast<size_t>(4 * out_length), -7.0f);
  netc_status status;
  EXPECT_EQ(netc_dna_encode_one_hot(s.data(), static_cast<int64_t>(s.size()),
                                    out_length, out.data(), &status),
            NETC_OK)
      << status.message;
  return out;
}

TEST(NetcEncodeDna, BasesAreOneHotInACGTOrder) {
  std::vector<float> t = Dna("ACGT", 4);
  EXPECT_EQ(t, (std::vector<float>{1, 0, 0, 0,  // A channel
                                   0, 1, 0, 0,  // C
                                   0, 0, 1, 0,  // G
                                   0, 0, 0, 1}));
}

TEST(NetcEncodeDna, AmbiguityCodesAverageTheirBases) {
  const float third = static_cast<float>(1.0 / 3.0);
  struct Code {
    char code;
    std::vector<float> acgt;
  };
  std::vector<Code> codes = {
      {'N', {0.25f, 0.25f, 0.25f, 0.25f}}, {'R', {0.5f, 0, 0.5f, 0}},
      {'Y', {0, 0.5f, 0, 0.5f}},           {'S', {0, 0.5f, 0.5f, 0}},
      {'W', {0.5f, 0, 0, 0.5f}},           {'K', {0, 0, 0.5f, 0.5f}},
      {'M', {0.5f, 0.5f, 0, 0}},           {'B', {0, third, third, third}},
      {'D', {third, 0, third, third}},     {'H', {third, third, 0, third}},
      {'V', {third, third, third, 0}}};
  for (const Code &c : codes) {
    for (char letter : {c.code, static_cast<char>(c.code - 'A' + 'a')}) {
      std::vector<float> t = Dna(std::string(1, letter), 1);
      EXPECT_EQ(t, c.acgt) << letter;
    }
  }
}

TEST(NetcEncodeDna, PadsWithZerosAndTruncates) {
  std::vector<float> padded = Dna("gA", 4);
  EXPECT_EQ(padded, (std::vector<float>{0, 1, 0, 0,  //
                                        0, 0, 0, 0,  //
                                        1, 0, 0, 0,  //
                                        0, 0, 0, 0}));
  std::vector<float> cut = Dna("TTACG", 2);
  EXPECT_EQ(cut, (std::vector<float>{0, 0, 0, 0, 0, 0, 1, 1}));
  EXPECT_TRUE(Dna("", 0).empty());
}

TEST(NetcEncodeDna, RejectsOtherCharactersAndLeavesTheOutput) {
  std::vector<float> out(8, -7.0f);
  netc_status status;
  EXPECT_EQ(netc_dna_encode_one_hot("ACGU", 4, 2, out.data(), &status),
            NETC_ERROR_FORMAT);
  // Position 4 is past out_length but still checked.
  EXPECT_STREQ(status.message,
               "illegal character 'U' at position 4 of a DNA sequence");
  EXPECT_EQ(out, std::vector<float>(8, -7.0f));
  EXPECT_EQ(netc_dna_encode_one_hot("A-", 2, 2, out.data(), &status),
            NETC_ERROR_FORMAT);
  EXPECT_STREQ(status.message,
               "illegal character '-' at position 2 of a DNA sequence");
  EXPECT_EQ(netc_dna_encode_one_hot("A\n", 2, 2, out.data(), &status),
            NETC_ERROR_FORMAT);
  EXPECT_STREQ(status.message,
               "illegal character '\\x0a' at position 2 of a DNA sequence");
  EXPECT_EQ(netc_dna_encode_one_hot("A", -1, 2, out.data(), &status),
            NETC_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(status.message, "netc_dna_encode_one_hot: negative length");
  EXPECT_EQ(netc_dna_encode_one_hot(nullptr, 1, 2, out.data(), &status),
            NETC_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(status.message, "netc_dna_encode_one_hot: sequence is NULL");
  EXPECT_EQ(netc_dna_encode_one_hot("A", 1, 2, nullptr, &status),
            NETC_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(status.message, "netc_dna_encode_one_hot: out_values is NULL");
  EXPECT_EQ(out, std::vector<float>(8, -7.0f));
}

// ---- Protein one-hot -----------------------------------------------------------

std::vector<float> Protein(const std::string &s, int stop, int64_t out_length) {
  int channels = stop ? NETC_PROTEIN_CHANNELS_WITH_STOP : NETC_PROTEIN_CHANNELS;
  std::vector<float> out(static_cast<size_t>(channels * out_length), -7.0f);
  netc_status status;
  EXPECT_EQ(netc_protein_encode_one_hot(s.data(), static_cast<int64_t>(s.size()),
                                        stop, out_length, out.data(), &status),
            NETC_OK)
      << status.message;
  return out;
}

TEST(NetcEncodeProtein, ChannelsAreAlphabetical) {
  EXPECT_STREQ(NETC_AMINO_ACIDS, "ACDEFGHIKLMNPQRSTVWY");
  std::string all = NETC_AMINO_ACIDS;
  std::vector<float> t = Protein(all, 0, 20);
  for (int c = 0; c < 20; ++c) {
    for (int j = 0; j < 20; ++j) {
      EXPECT_EQ(At(t, 20, c, j), c == j ? 1.0f : 0.0f) << c << "," << j;
    }
    EXPECT_EQ(netc_amino_acid_index(all[static_cast<size_t>(c)]), c);
    EXPECT_EQ(netc_amino_acid_index(static_cast<char>(all[static_cast<size_t>(c)] - 'A' + 'a')), c);
  }
  for (char c : std::string("BJOUXZ*-.\0", 10)) {
    EXPECT_EQ(netc_amino_acid_index(c), -1) << c;
  }
}

TEST(NetcEncodeProtein, AmbiguousAndUnknownResidues) {
  std::vector<float> t = Protein("BZJXUO-*k", 0, 9);
  auto column = [&](int j) {
    std::map<char, float> nonzero;
    for (int c = 0; c < 20; ++c) {
      if (At(t, 9, c, j) != 0.0f) nonzero[NETC_AMINO_ACIDS[c]] = At(t, 9, c, j);
    }
    return nonzero;
  };
  EXPECT_EQ(column(0), (std::map<char, float>{{'D', 0.5f}, {'N', 0.5f}}));
  EXPECT_EQ(column(1), (std::map<char, float>{{'E', 0.5f}, {'Q', 0.5f}}));
  EXPECT_EQ(column(2), (std::map<char, float>{{'I', 0.5f}, {'L', 0.5f}}));
  for (int j = 3; j < 8; ++j) EXPECT_TRUE(column(j).empty()) << j;  // X U O - *
  EXPECT_EQ(column(8), (std::map<char, float>{{'K', 1.0f}}));
}

TEST(NetcEncodeProtein, StopChannelIsTheTwentyFirst) {
  std::vector<float> t = Protein("M*", 1, 3);
  ASSERT_EQ(t.size(), 63u);
  EXPECT_EQ(At(t, 3, netc_amino_acid_index('M'), 0), 1.0f);
  EXPECT_EQ(At(t, 3, 20, 1), 1.0f);
  float sum = 0;
  for (float v : t) sum += v;
  EXPECT_EQ(sum, 2.0f);  // the padded third column is all zero
}

TEST(NetcEncodeProtein, RejectsOtherCharacters) {
  std::vector<float> out(20, -7.0f);
  netc_status status;
  EXPECT_EQ(netc_protein_encode_one_hot("MK1", 3, 0, 1, out.data(), &status),
            NETC_ERROR_FORMAT);
  EXPECT_STREQ(status.message,
               "illegal character '1' at position 3 of a protein sequence");
  EXPECT_EQ(out, std::vector<float>(20, -7.0f));
}

// ---- Labels -------------------------------------------------------------------------

TEST(NetcEncodeLabels, OneHotRows) {
  int64_t labels[] = {2, 0, 1};
  std::vector<float> out(9, -1.0f);
  netc_status status;
  ASSERT_EQ(netc_labels_encode_one_hot(labels, 3, 3, out.data(), &status),
            NETC_OK);
  EXPECT_EQ(out, (std::vector<float>{0, 0, 1, 1, 0, 0, 0, 1, 0}));
}

TEST(NetcEncodeLabels, RejectsOutOfRangeLabels) {
  int64_t labels[] = {1, 2, 0, 12};
  std::vector<float> out(40, -1.0f);
  netc_status status;
  EXPECT_EQ(netc_labels_encode_one_hot(labels, 4, 10, out.data(), &status),
            NETC_ERROR_FORMAT);
  EXPECT_STREQ(status.message,
               "label 12 at index 3 is out of range for 10 classes");
  int64_t negative[] = {-1};
  EXPECT_EQ(netc_labels_encode_one_hot(negative, 1, 1, out.data(), &status),
            NETC_ERROR_FORMAT);
  EXPECT_STREQ(status.message,
               "label -1 at index 0 is out of range for 1 class");
  EXPECT_EQ(out, std::vector<float>(40, -1.0f));
  EXPECT_EQ(netc_labels_encode_one_hot(labels, 4, 0, out.data(), &status),
            NETC_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(status.message,
               "netc_labels_encode_one_hot: invalid labels, count or "
               "class_count");
}

// ---- BLOSUM62 -------------------------------------------------------------------------

// NCBI's BLOSUM62 over the 20 standard amino acids, in NCBI's row and column
// order (A R N D C Q E G H I L K M F P S T W Y V): the reference the loader's
// reordering is checked against.
const char kNcbiOrder[] = "ARNDCQEGHILKMFPSTWYV";
const int kBlosum62[20][20] = {
    {4, -1, -2, -2, 0, -1, -1, 0, -2, -1, -1, -1, -1, -2, -1, 1, 0, -3, -2, 0},
    {-1, 5, 0, -2, -3, 1, 0, -2, 0, -3, -2, 2, -1, -3, -2, -1, -1, -3, -2, -3},
    {-2, 0, 6, 1, -3, 0, 0, 0, 1, -3, -3, 0, -2, -3, -2, 1, 0, -4, -2, -3},
    {-2, -2, 1, 6, -3, 0, 2, -1, -1, -3, -4, -1, -3, -3, -1, 0, -1, -4, -3, -3},
    {0, -3, -3, -3, 9, -3, -4, -3, -3, -1, -1, -3, -1, -2, -3, -1, -1, -2, -2, -1},
    {-1, 1, 0, 0, -3, 5, 2, -2, 0, -3, -2, 1, 0, -3, -1, 0, -1, -2, -1, -2},
    {-1, 0, 0, 2, -4, 2, 5, -2, 0, -3, -3, 1, -2, -3, -1, 0, -1, -3, -2, -2},
    {0, -2, 0, -1, -3, -2, -2, 6, -2, -4, -4, -2, -3, -3, -2, 0, -2, -2, -3, -3},
    {-2, 0, 1, -1, -3, 0, 0, -2, 8, -3, -3, -1, -2, -1, -2, -1, -2, -2, 2, -3},
    {-1, -3, -3, -3, -1, -3, -3, -4, -3, 4, 2, -3, 1, 0, -3, -2, -1, -3, -1, 3},
    {-1, -2, -3, -4, -1, -2, -3, -4, -3, 2, 4, -2, 2, 0, -3, -2, -1, -2, -1, 1},
    {-1, 2, 0, -1, -3, 1, 1, -2, -1, -3, -2, 5, -1, -3, -1, 0, -1, -3, -2, -2},
    {-1, -1, -2, -3, -1, 0, -2, -3, -2, 1, 2, -1, 5, 0, -2, -1, -1, -1, -1, 1},
    {-2, -3, -3, -3, -2, -3, -3, -3, -1, 0, 0, -3, 0, 6, -4, -2, -2, 1, 3, -1},
    {-1, -2, -2, -1, -3, -1, -1, -2, -2, -3, -3, -1, -2, -4, 7, -1, -1, -4, -3, -2},
    {1, -1, 1, 0, -1, 0, 0, 0, -1, -2, -2, 0, -1, -2, -1, 4, 1, -3, -2, -2},
    {0, -1, 0, -1, -1, -1, -1, -2, -2, -1, -1, -1, -1, -2, -1, 1, 5, -2, -2, 0},
    {-3, -3, -4, -4, -2, -2, -3, -2, -2, -3, -2, -3, -1, 1, -4, -3, -2, 11, 2, -3},
    {-2, -2, -2, -3, -2, -1, -2, -3, 2, -1, -1, -2, -1, 3, -3, -2, -2, 2, 7, -1},
    {0, -3, -3, -3, -1, -2, -2, -3, -3, 3, 1, -2, 1, -1, -2, -2, 0, -3, -1, 4}};

int Ncbi(char a, char b) {
  return kBlosum62[std::strchr(kNcbiOrder, a) - kNcbiOrder]
                  [std::strchr(kNcbiOrder, b) - kNcbiOrder];
}

// A 20-residue matrix file in NCBI's format from kBlosum62.
std::string MatrixText() {
  std::ostringstream out;
  out << "# a test matrix\n   ";
  for (char c : std::string(kNcbiOrder)) out << "  " << c;
  out << "\n";
  for (int r = 0; r < 20; ++r) {
    out << kNcbiOrder[r];
    for (int c = 0; c < 20; ++c) out << " " << kBlosum62[r][c];
    out << "\n";
  }
  return out.str();
}

class NetcBlosumTest : public ScratchDirTest {
 protected:
  void ExpectLoadError(const std::string &text, const std::string &suffix) {
    std::string path = Write("matrix", text);
    netc_substitution_matrix m;
    std::memset(&m, 0x5a, sizeof(m));
    netc_status status;
    EXPECT_EQ(netc_substitution_matrix_load(path.c_str(), &m, &status),
              NETC_ERROR_FORMAT);
    EXPECT_EQ(std::string(status.message), path + suffix);
    EXPECT_EQ(m.residue_count, 0);
    EXPECT_EQ(m.residues[0], '\0');
  }
};

bool HaveNcbiBlosum62() {
  struct stat info;
  return stat(NETC_BLOSUM62_PATH, &info) == 0;
}

TEST_F(NetcBlosumTest, LoadsDebiansBlosum62) {
  if (!HaveNcbiBlosum62()) {
    GTEST_SKIP() << "[SKIP] " NETC_BLOSUM62_PATH
                    " missing: install Debian's ncbi-data (scripts/install-deps.sh)";
  }
  netc_substitution_matrix m;
  netc_status status;
  ASSERT_EQ(netc_substitution_matrix_load(NETC_BLOSUM62_PATH, &m, &status),
            NETC_OK)
      << status.message;
  EXPECT_EQ(m.residue_count, 25);
  EXPECT_STREQ(m.residues, "ARNDCQEGHILKMFPSTWYVBJZX*");
  for (int r = 0; r < 20; ++r) {
    char a = m.residues[r];
    for (int c = 0; c < 20; ++c) {
      char b = NETC_AMINO_ACIDS[c];
      EXPECT_EQ(m.scores[r][c], static_cast<float>(Ncbi(a, b))) << a << b;
    }
  }
  // The extra rows: X scores -1 against everything, '*' -4.
  for (int c = 0; c < 20; ++c) {
    EXPECT_EQ(m.scores[23][c], -1.0f);
    EXPECT_EQ(m.scores[24][c], -4.0f);
  }
  EXPECT_EQ(m.scores[20][netc_amino_acid_index('N')], 4.0f);  // B vs N
}

TEST_F(NetcBlosumTest, EncodesAPeptideColumnByColumn) {
  std::string path = Write("matrix", MatrixText());
  netc_substitution_matrix m;
  netc_status status;
  ASSERT_EQ(netc_substitution_matrix_load(path.c_str(), &m, &status), NETC_OK)
      << status.message;
  std::string peptide = "SIINFEKLw";  // lower case works too
  const int64_t length = 12;
  std::vector<float> out(20 * length, 99.0f);
  ASSERT_EQ(netc_protein_encode_blosum(&m, peptide.data(), 9, length, -8.0f,
                                       out.data(), &status),
            NETC_OK)
      << status.message;
  for (int64_t j = 0; j < length; ++j) {
    for (int c = 0; c < 20; ++c) {
      float expected = j < 9 ? static_cast<float>(Ncbi(
                                   static_cast<char>(std::toupper(peptide[static_cast<size_t>(j)])),
                                   NETC_AMINO_ACIDS[c]))
                             : -8.0f;
      EXPECT_EQ(At(out, length, c, j), expected) << j << "," << c;
    }
  }
  // Truncation keeps the first residues.
  std::vector<float> cut(20 * 2);
  ASSERT_EQ(netc_protein_encode_blosum(&m, "WC", 2, 2, 0.0f, cut.data(),
                                       &status),
            NETC_OK);
  std::vector<float> w_only(20);
  ASSERT_EQ(netc_protein_encode_blosum(&m, "WCA", 3, 1, 0.0f, w_only.data(),
                                       &status),
            NETC_OK);
  for (int c = 0; c < 20; ++c) EXPECT_EQ(w_only[static_cast<size_t>(c)], At(cut, 2, c, 0));
  EXPECT_EQ(At(cut, 2, netc_amino_acid_index('W'), 0), 11.0f);
  EXPECT_EQ(At(cut, 2, netc_amino_acid_index('C'), 1), 9.0f);
}

TEST_F(NetcBlosumTest, ResiduesWithoutARowAreErrors) {
  std::string path = Write("matrix", MatrixText());
  netc_substitution_matrix m;
  netc_status status;
  ASSERT_EQ(netc_substitution_matrix_load(path.c_str(), &m, &status), NETC_OK);
  std::vector<float> out(20 * 4, 5.0f);
  EXPECT_EQ(netc_protein_encode_blosum(&m, "ACXD", 4, 4, 0.0f, out.data(),
                                       &status),
            NETC_ERROR_FORMAT);  // this matrix has no X row
  EXPECT_STREQ(status.message,
               "residue 'X' at position 3 has no row in the substitution "
               "matrix");
  EXPECT_EQ(out, std::vector<float>(20 * 4, 5.0f));
  EXPECT_EQ(netc_protein_encode_blosum(nullptr, "A", 1, 1, 0.0f, out.data(),
                                       &status),
            NETC_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(status.message, "netc_protein_encode_blosum: invalid matrix");
}

TEST_F(NetcBlosumTest, ToleratesCommentsBlankLinesAndCrlf) {
  std::string text = MatrixText();
  std::string crlf;
  for (char c : text) {
    if (c == '\n') crlf += "\r\n\r\n#c\r\n";
    else crlf += c;
  }
  std::string path = Write("matrix", crlf);
  netc_substitution_matrix m;
  netc_status status;
  ASSERT_EQ(netc_substitution_matrix_load(path.c_str(), &m, &status), NETC_OK)
      << status.message;
  EXPECT_STREQ(m.residues, kNcbiOrder);
}

TEST_F(NetcBlosumTest, LoadErrors) {
  std::string good = MatrixText();
  // Line 2 is the header, line 3 row A, ..., line 22 row V.
  auto replace_line = [&](int line, const std::string &with) {
    std::istringstream in(good);
    std::string out, l;
    for (int n = 1; std::getline(in, l); ++n) out += (n == line ? with : l) + "\n";
    return out;
  };
  ExpectLoadError("# only a comment\n\n", ": error: no header row of residues");
  ExpectLoadError(replace_line(2, "A R NN"),
                  ":2: error: header entry 'NN' is not a single residue letter");
  ExpectLoadError(replace_line(2, "A R A"),
                  ":2: error: residue 'A' appears twice in the header");
  ExpectLoadError(replace_line(2, "A R N D C Q E G H I L K M F P S T Y V"),
                  ":2: error: the header has no column for 'W'");
  std::string many = "ARNDCQEGHILKMFPSTWYVBJZX*0123456789";
  std::string spaced;
  for (char c : many) spaced += std::string(" ") + c;
  ExpectLoadError(replace_line(2, spaced),
                  ":2: error: the header lists more than 32 residues");
  ExpectLoadError(replace_line(3, "A 4 -1"),
                  ":3: error: row 'A' has 2 scores, expected 20");
  ExpectLoadError(replace_line(3, "A"), ":3: error: row 'A' has 0 scores, expected 20");
  ExpectLoadError(replace_line(4, "R -1 5 0 -2 -3 1 0 -2 0 -3 -2 2 -1 -3 -2 -1 -1 -3 -2 x"),
                  ":4: error: row 'R': score 20 is not a number: 'x'");
  std::string row_a = good.substr(good.find("\nA ") + 1);
  row_a = row_a.substr(0, row_a.find('\n'));
  ExpectLoadError(replace_line(4, row_a), ":4: error: second row for 'A'");
  ExpectLoadError(replace_line(4, "Z 1 2"),
                  ":4: error: row label 'Z' is not a residue of the header");
  ExpectLoadError(replace_line(22, ""), ": error: no row for 'V'");
  ExpectLoadError(replace_line(3, "A 4 2 -2 -2 0 -1 -1 0 -2 -1 -1 -1 -1 -2 -1 1 0 -3 -2 0"),
                  ": error: matrix is not symmetric: score(A, R) is 2 but "
                  "score(R, A) is -1");
  ExpectLoadError(std::string("#\0x\n", 4),
                  ":1: error: line contains a NUL byte (is this a text file?)");
}

TEST_F(NetcBlosumTest, OpenErrors) {
  netc_substitution_matrix m;
  netc_status status;
  std::string missing = Path("missing");
  EXPECT_EQ(netc_substitution_matrix_load(missing.c_str(), &m, &status),
            NETC_ERROR_IO);
  EXPECT_EQ(std::string(status.message),
            missing + ": error: cannot open file: No such file or directory");
  EXPECT_EQ(netc_substitution_matrix_load(nullptr, &m, &status),
            NETC_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(status.message, "netc_substitution_matrix_load: path is NULL");
}

}  // namespace
