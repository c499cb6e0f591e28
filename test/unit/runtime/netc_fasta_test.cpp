// Tests for runtime/netc_fasta.h: records, comments and blank lines, both
// alphabets, gzip input, and every error message word for word.
#include "netc_fasta.h"

#include <zlib.h>

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "runtime_test_files.h"

namespace {

using netc_test::ScratchDirTest;

struct Record {
  std::string id;
  std::string description;
  std::string sequence;
  int64_t line;
};

bool operator==(const Record &a, const Record &b) {
  return a.id == b.id && a.description == b.description &&
         a.sequence == b.sequence && a.line == b.line;
}

void PrintTo(const Record &r, std::ostream *os) {
  *os << "{" << r.id << ", '" << r.description << "', " << r.sequence << ", line "
      << r.line << "}";
}

class NetcFastaTest : public ScratchDirTest {
 protected:
  // Reads every record of a file holding `contents` with the iterator API.
  std::vector<Record> ReadOk(const std::string &contents,
                             netc_alphabet alphabet = NETC_ALPHABET_DNA) {
    std::string path = Write("seqs.fa", contents);
    netc_fasta_reader *reader = nullptr;
    netc_status status;
    netc_status_clear(&status);
    EXPECT_EQ(netc_fasta_reader_open(path.c_str(), alphabet, &reader, &status),
              NETC_OK)
        << status.message;
    std::vector<Record> records;
    for (;;) {
      netc_fasta_record record;
      int has_record = -1;
      netc_status_code code =
          netc_fasta_reader_next(reader, &record, &has_record, &status);
      EXPECT_EQ(code, NETC_OK) << status.message;
      if (code != NETC_OK || !has_record) break;
      EXPECT_EQ(record.length, static_cast<int64_t>(std::string(record.sequence).size()));
      records.push_back(
          {record.id, record.description, record.sequence, record.line});
    }
    // The end is sticky.
    netc_fasta_record record;
    int has_record = -1;
    EXPECT_EQ(netc_fasta_reader_next(reader, &record, &has_record, &status),
              NETC_OK);
    EXPECT_EQ(has_record, 0);
    EXPECT_EQ(record.id, nullptr);
    netc_fasta_reader_close(reader);
    return records;
  }

  // Reads a file holding `contents` until the first error and expects
  // `code` with message `path + suffix`; returns the records before it.
  std::vector<Record> ExpectError(const std::string &contents,
                                  const std::string &suffix,
                                  netc_alphabet alphabet = NETC_ALPHABET_DNA,
                                  netc_status_code expected = NETC_ERROR_FORMAT) {
    std::string path = Write("bad.fa", contents);
    netc_fasta_reader *reader = nullptr;
    netc_status status;
    EXPECT_EQ(netc_fasta_reader_open(path.c_str(), alphabet, &reader, &status),
              NETC_OK);
    std::vector<Record> records;
    netc_fasta_record record;
    int has_record = 0;
    netc_status_code code;
    while ((code = netc_fasta_reader_next(reader, &record, &has_record,
                                          &status)) == NETC_OK &&
           has_record) {
      records.push_back(
          {record.id, record.description, record.sequence, record.line});
    }
    EXPECT_EQ(code, expected);
    EXPECT_EQ(std::string(status.message), path + suffix);
    EXPECT_EQ(has_record, 0);
    EXPECT_EQ(record.sequence, nullptr);
    // The error is sticky.
    netc_status again;
    EXPECT_EQ(netc_fasta_reader_next(reader, &record, &has_record, &again),
              expected);
    EXPECT_STREQ(again.message, status.message);
    netc_fasta_reader_close(reader);
    return records;
  }
};

// ---- Happy paths ---------------------------------------------------------------

TEST_F(NetcFastaTest, ReadsMultiLineRecords) {
  std::vector<Record> r = ReadOk(
      ">seq1 first sequence\n"
      "ACGTACGTAC\n"
      "GGTTA\n"
      ">seq2\n"
      "acgtn\n");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0], (Record{"seq1", "first sequence", "ACGTACGTACGGTTA", 1}));
  EXPECT_EQ(r[1], (Record{"seq2", "", "acgtn", 4}));  // case is kept
}

TEST_F(NetcFastaTest, SkipsBlankLinesAndComments) {
  std::vector<Record> r = ReadOk(
      "; a comment before anything\n"
      "\n"
      ">a  spaced   description \t\n"
      "ACGT\n"
      "   \n"
      "; a comment inside\n"
      "TTTT\n"
      "\n"
      "\n"
      ">b\n"
      "GG\n"
      "\n");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0], (Record{"a", "spaced   description", "ACGTTTTT", 3}));
  EXPECT_EQ(r[1], (Record{"b", "", "GG", 10}));
}

// CRLF line ends, trailing spaces and tabs, no newline at the end.
TEST_F(NetcFastaTest, CrlfTrailingSpacesAndNoFinalNewline) {
  std::vector<Record> r = ReadOk(">x desc\r\nACGT\r\n>y\r\nAAAA \t\r\nCC");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0], (Record{"x", "desc", "ACGT", 1}));
  EXPECT_EQ(r[1], (Record{"y", "", "AAAACC", 3}));
}

TEST_F(NetcFastaTest, IdIsTheFirstWordAfterTheMarker) {
  std::vector<Record> r = ReadOk(">  sp|P69905|HBA_HUMAN\tHemoglobin alpha\nACGT\n");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].id, "sp|P69905|HBA_HUMAN");
  EXPECT_EQ(r[0].description, "Hemoglobin alpha");
}

TEST_F(NetcFastaTest, DnaAcceptsEveryIupacCodeInEitherCase) {
  std::vector<Record> r =
      ReadOk(">iupac\nACGTNRYKMSWBDHV\nacgtnrykmswbdhv\n");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].sequence.size(), 30u);
}

TEST_F(NetcFastaTest, ProteinAcceptsItsAlphabet) {
  std::vector<Record> r = ReadOk(
      ">p\nACDEFGHIKLMNPQRSTVWY\nXBZJUO*-\nmkv*\n", NETC_ALPHABET_PROTEIN);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].sequence, "ACDEFGHIKLMNPQRSTVWYXBZJUO*-mkv*");
}

TEST_F(NetcFastaTest, AlphabetMembership) {
  for (char c : std::string("ACGTNRYKMSWBDHVacgtnrykmswbdhv")) {
    EXPECT_TRUE(netc_alphabet_contains(NETC_ALPHABET_DNA, c)) << c;
  }
  for (char c : std::string("UEFIJLOPQXZ*-. 0@\n")) {
    EXPECT_FALSE(netc_alphabet_contains(NETC_ALPHABET_DNA, c)) << c;
  }
  EXPECT_FALSE(netc_alphabet_contains(NETC_ALPHABET_DNA, '\0'));
  for (char c : std::string("ACDEFGHIKLMNPQRSTVWYXBZJUO*-acdefy")) {
    EXPECT_TRUE(netc_alphabet_contains(NETC_ALPHABET_PROTEIN, c)) << c;
  }
  for (char c : std::string(".@ 1\t")) {
    EXPECT_FALSE(netc_alphabet_contains(NETC_ALPHABET_PROTEIN, c)) << c;
  }
  EXPECT_FALSE(netc_alphabet_contains(static_cast<netc_alphabet>(7), 'A'));
}

TEST_F(NetcFastaTest, LongSequencesSpanManyBlocks) {
  std::string contents = ">long\n";
  std::string expected;
  for (int line = 0; line < 5000; ++line) {
    std::string chunk(60, "ACGT"[line % 4]);
    contents += chunk + "\n";
    expected += chunk;
  }
  contents += ">short\nA\n";
  std::vector<Record> r = ReadOk(contents);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].sequence, expected);
  EXPECT_EQ(r[1], (Record{"short", "", "A", 5002}));
}

TEST_F(NetcFastaTest, ReadsGzipCompressedFiles) {
  std::string path = Path("seqs.fa.gz");
  gzFile f = gzopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  const std::string text = ">g gzipped\nACGT\nAC\n";
  gzwrite(f, text.data(), static_cast<unsigned>(text.size()));
  gzclose(f);
  struct Collected {
    std::vector<Record> records;
  } collected;
  netc_status status;
  ASSERT_EQ(netc_fasta_read(
                path.c_str(), NETC_ALPHABET_DNA,
                [](void *user, const netc_fasta_record *record,
                   netc_status *) -> netc_status_code {
                  static_cast<Collected *>(user)->records.push_back(
                      {record->id, record->description, record->sequence,
                       record->line});
                  return NETC_OK;
                },
                &collected, &status),
            NETC_OK)
      << status.message;
  ASSERT_EQ(collected.records.size(), 1u);
  EXPECT_EQ(collected.records[0], (Record{"g", "gzipped", "ACGTAC", 1}));
}

TEST_F(NetcFastaTest, CallbackCanStopTheReading) {
  std::string path = Write("seqs.fa", ">a\nA\n>b\nC\n>c\nG\n");
  int seen = 0;
  netc_status status;
  netc_status_clear(&status);
  EXPECT_EQ(netc_fasta_read(
                path.c_str(), NETC_ALPHABET_DNA,
                [](void *user, const netc_fasta_record *record,
                   netc_status *s) -> netc_status_code {
                  int *count = static_cast<int *>(user);
                  if (++*count == 2) {
                    return netc_status_set(s, NETC_ERROR_SHAPE,
                                           "stop at %s", record->id);
                  }
                  return NETC_OK;
                },
                &seen, &status),
            NETC_ERROR_SHAPE);
  EXPECT_EQ(seen, 2);
  EXPECT_STREQ(status.message, "stop at b");
}

// ---- Errors --------------------------------------------------------------------

TEST_F(NetcFastaTest, SequenceBeforeTheFirstHeader) {
  ExpectError("; comment\n\nACGT\n>a\nACGT\n",
              ":3: error: sequence before the first '>' header");
}

TEST_F(NetcFastaTest, RecordWithoutSequence) {
  std::vector<Record> before = ExpectError(
      ">a\nACGT\n>x empty one\n\n; nothing\n>b\nAC\n",
      ":3: error: record 'x' has no sequence");
  ASSERT_EQ(before.size(), 1u);
  EXPECT_EQ(before[0].id, "a");
  ExpectError(">a\nACGT\n>last\n", ":3: error: record 'last' has no sequence");
}

TEST_F(NetcFastaTest, IllegalCharacters) {
  ExpectError(">x\nACGT@A\n",
              ":2: error: illegal character '@' in record 'x' (column 5)");
  ExpectError(">x\nACGT\nACGU\n",
              ":3: error: illegal character 'U' in record 'x' (column 4)");
  ExpectError(">x\nAC GT\n",
              ":2: error: illegal character ' ' in record 'x' (column 3)");
  ExpectError(">x\nAC\x01GT\n",
              ":2: error: illegal character '\\x01' in record 'x' (column 3)");
  ExpectError(std::string(">x\nA\0C\n", 7),
              ":2: error: illegal character '\\x00' in record 'x' (column 2)");
  ExpectError(">x\nA'\n",
              ":2: error: illegal character '\\'' in record 'x' (column 2)");
  ExpectError(">p\nMKV.\n",
              ":2: error: illegal character '.' in record 'p' (column 4)",
              NETC_ALPHABET_PROTEIN);
  ExpectError(">" + std::string(50, 'i') + "\nAC1\n",
              ":2: error: illegal character '1' in record '" +
                  std::string(40, 'i') + "...' (column 3)");
}

TEST_F(NetcFastaTest, HeaderWithoutId) {
  ExpectError(">\nACGT\n", ":1: error: record header has no id");
  ExpectError(">a\nA\n>   \t\nACGT\n", ":3: error: record header has no id");
}

TEST_F(NetcFastaTest, HeaderWithNulByte) {
  ExpectError(std::string(">a\0b\nACGT\n", 10),
              ":1: error: record header contains a NUL byte (is this a text "
              "file?)");
}

TEST_F(NetcFastaTest, NoRecords) {
  ExpectError("", ": error: no records");
  ExpectError("\n\n; only comments\n   \n", ": error: no records");
}

TEST_F(NetcFastaTest, TruncatedGzipIsAReadError) {
  std::string full_path = Path("full.fa.gz");
  gzFile f = gzopen(full_path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::string text = ">a\n";
  for (int i = 0; i < 2000; ++i) text += "ACGTTGCAAGCTTCGAGATC\n";
  gzwrite(f, text.data(), static_cast<unsigned>(text.size()));
  gzclose(f);
  std::string bytes = Read(full_path);
  std::string path = Write("cut.fa.gz", bytes.substr(0, bytes.size() / 2));
  netc_fasta_reader *reader = nullptr;
  netc_status status;
  ASSERT_EQ(netc_fasta_reader_open(path.c_str(), NETC_ALPHABET_DNA, &reader,
                                   &status),
            NETC_OK);
  netc_fasta_record record;
  int has_record = 0;
  EXPECT_EQ(netc_fasta_reader_next(reader, &record, &has_record, &status),
            NETC_ERROR_IO);
  netc_fasta_reader_close(reader);
  // The line depends on how much zlib inflates before the input runs out.
  std::string message = status.message;
  std::string tail = ": error: cannot read file: unexpected end of file";
  EXPECT_EQ(message.rfind(path + ":", 0), 0u) << message;
  ASSERT_GT(message.size(), tail.size());
  EXPECT_EQ(message.substr(message.size() - tail.size()), tail) << message;
}

TEST_F(NetcFastaTest, OpenErrors) {
  netc_fasta_reader *reader = reinterpret_cast<netc_fasta_reader *>(this);
  netc_status status;
  std::string missing = Path("missing.fa");
  EXPECT_EQ(netc_fasta_reader_open(missing.c_str(), NETC_ALPHABET_DNA, &reader,
                                   &status),
            NETC_ERROR_IO);
  EXPECT_EQ(reader, nullptr);
  EXPECT_EQ(std::string(status.message),
            missing + ": error: cannot open file: No such file or directory");
  EXPECT_EQ(netc_fasta_reader_open(missing.c_str(),
                                   static_cast<netc_alphabet>(0), &reader,
                                   &status),
            NETC_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(status.message, "netc_fasta_reader_open: unknown alphabet 0");
  EXPECT_EQ(netc_fasta_reader_open(nullptr, NETC_ALPHABET_DNA, &reader,
                                   &status),
            NETC_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(status.message, "netc_fasta_reader_open: path is NULL");
  netc_fasta_record record;
  int has_record = 7;
  EXPECT_EQ(netc_fasta_reader_next(nullptr, &record, &has_record, &status),
            NETC_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(has_record, 0);
  EXPECT_EQ(netc_fasta_read(missing.c_str(), NETC_ALPHABET_DNA, nullptr,
                            nullptr, &status),
            NETC_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(status.message, "netc_fasta_read: fn is NULL");
  netc_fasta_reader_close(nullptr);
}

TEST_F(NetcFastaTest, ReadErrorOnAFolder) {
  netc_fasta_reader *reader = nullptr;
  netc_status status;
  ASSERT_EQ(netc_fasta_reader_open(dir_.c_str(), NETC_ALPHABET_DNA, &reader,
                                   &status),
            NETC_OK);
  netc_fasta_record record;
  int has_record = 0;
  EXPECT_EQ(netc_fasta_reader_next(reader, &record, &has_record, &status),
            NETC_ERROR_IO);
  EXPECT_EQ(std::string(status.message),
            dir_ + ":1: error: cannot read file: Is a directory");
  netc_fasta_reader_close(reader);
}

}  // namespace
