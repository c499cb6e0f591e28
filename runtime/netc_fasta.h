/* netc_fasta.h - streaming reader of FASTA sequence files, one record at a
 * time, with the residues checked against a DNA or protein alphabet.
 *
 * Accepted input:
 *
 *   ; a comment line (ignored anywhere)
 *   >seq1 an optional description
 *   ACGTACGTAC
 *   GGTTA
 *
 *   >seq2
 *   ACGT
 *
 *  - A record is a header line `>ID DESCRIPTION` followed by one or more
 *    sequence lines, which are concatenated. The id is the first word after
 *    '>' (spaces right after '>' are skipped); the description is the rest of
 *    the line with surrounding spaces and tabs removed ("" when absent).
 *  - Blank lines (empty or only spaces, tabs) are skipped wherever they are,
 *    in particular between records. Lines starting with ';' are comments.
 *  - Trailing spaces, tabs and '\r' of a sequence line are dropped; any other
 *    character must belong to the caller's alphabet (case-insensitive). The
 *    sequence is returned as written, case preserved.
 *  - LF and CRLF line ends; gzip-compressed files (recognised by their magic
 *    bytes) are inflated on the fly.
 *  - Ids are not checked for uniqueness (that would need every id in memory).
 *
 * Memory: the file is read once, in 64 KiB blocks; the reader holds only the
 * record being returned (and one look-ahead header line).
 *
 * Error and ownership rules: see netc_status.h. Messages are clang-style,
 * with the 1-based line (and column, counted in bytes from 1):
 *   seqs.fa:1: error: sequence before the first '>' header
 *   seqs.fa:4: error: record 'x' has no sequence          (the header line)
 *   seqs.fa:7: error: illegal character '@' in record 'x' (column 5)
 *   seqs.fa:3: error: record header has no id
 *   seqs.fa: error: no records
 *   seqs.fa: error: cannot open file: No such file or directory
 * A character that is not printable ASCII is shown as a C escape ('\x01').
 * Part of the netc_data library (links zlib).
 */
#ifndef NETC_RUNTIME_NETC_FASTA_H_
#define NETC_RUNTIME_NETC_FASTA_H_

#include <stdint.h>

#include "netc_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Which residue letters a sequence may contain; letters in either case. */
typedef enum netc_alphabet {
  /* A C G T, N (any base) and the IUPAC ambiguity codes R Y K M S W B D H V. */
  NETC_ALPHABET_DNA = 1,
  /* The 20 standard amino acids A C D E F G H I K L M N P Q R S T V W Y,
   * X (unknown), B (D or N), Z (E or Q), J (I or L), U (selenocysteine),
   * O (pyrrolysine), '*' (stop) and '-' (gap). */
  NETC_ALPHABET_PROTEIN = 2
} netc_alphabet;

/* Nonzero when `c` belongs to `alphabet` (either case); 0 for an unknown
 * alphabet. */
int netc_alphabet_contains(netc_alphabet alphabet, char c);

/* One record. All strings are NUL-terminated and owned by the reader: they
 * stay valid until the next call to netc_fasta_reader_next or
 * netc_fasta_reader_close. */
typedef struct netc_fasta_record {
  const char *id;
  const char *description;
  const char *sequence; /* the sequence lines concatenated */
  int64_t length;       /* strlen(sequence), at least 1 */
  int64_t line;         /* 1-based line of the '>' header */
} netc_fasta_record;

/* An open FASTA file. Opaque; create it with netc_fasta_reader_open and
 * release it with netc_fasta_reader_close. */
typedef struct netc_fasta_reader netc_fasta_reader;

/* Opens `path` for reading records over `alphabet`. Nothing is read yet, so
 * format errors (including "no records") come from the first
 * netc_fasta_reader_next.
 *
 * Returns NETC_OK, NETC_ERROR_IO (cannot open), NETC_ERROR_OUT_OF_MEMORY or
 * NETC_ERROR_INVALID_ARGUMENT (NULL path or out_reader, unknown alphabet).
 * On error *out_reader is NULL. */
netc_status_code netc_fasta_reader_open(const char *path,
                                        netc_alphabet alphabet,
                                        netc_fasta_reader **out_reader,
                                        netc_status *status);

/* Reads the next record into *out_record and sets *out_has_record to 1; at
 * the end of the file sets *out_has_record to 0 (and zeroes *out_record).
 *
 * Returns NETC_OK, NETC_ERROR_FORMAT (see the messages above),
 * NETC_ERROR_IO (a read error, a truncated gzip stream),
 * NETC_ERROR_OUT_OF_MEMORY or NETC_ERROR_INVALID_ARGUMENT (NULL arguments).
 * On error *out_record is zeroed, *out_has_record is 0, and the reader is
 * stuck: later calls return the same code and message. */
netc_status_code netc_fasta_reader_next(netc_fasta_reader *reader,
                                        netc_fasta_record *out_record,
                                        int *out_has_record,
                                        netc_status *status);

/* Closes the file and frees the reader. Tolerates NULL. */
void netc_fasta_reader_close(netc_fasta_reader *reader);

/* Called once per record by netc_fasta_read. Return NETC_OK to go on; any
 * other code stops the reading and is returned by netc_fasta_read (with
 * whatever the callback wrote into `status`). */
typedef netc_status_code (*netc_fasta_record_fn)(void *user_data,
                                                 const netc_fasta_record *record,
                                                 netc_status *status);

/* Reads every record of `path` in order and hands each to `fn`: open, next
 * until the end, close. Same errors as netc_fasta_reader_open and _next, or
 * the callback's code. */
netc_status_code netc_fasta_read(const char *path, netc_alphabet alphabet,
                                 netc_fasta_record_fn fn, void *user_data,
                                 netc_status *status);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* NETC_RUNTIME_NETC_FASTA_H_ */
