/* netc_safetensors.c - safetensors reader and atomic writer; see
 * netc_safetensors.h.
 *
 * Reading, in order:
 *  1. fstat the file; read the 8-byte header length N and check it against
 *     the file size and the 100 MB limit before allocating N bytes.
 *  2. Parse the N bytes with the JSON parser below into a flat node array
 *     (pre-order; each node records where its subtree ends, so siblings are
 *     walked without recursion). Strings are decoded into an arena of N + 1
 *     bytes, which always suffices: a decoded string plus its NUL is never
 *     longer than its quoted source.
 *  3. Interpret the tree: "__metadata__" and one entry per tensor; check
 *     dtypes, shapes and offsets one tensor at a time.
 *  4. Sort the tensors by offset and check that they tile the data; check
 *     that the file ends where the data does.
 * Loading then matches the caller's slots against the header and copies the
 * data only after every check has passed.
 *
 * Writing: validate everything, build the header in memory, then write
 * PATH.tmp-XXXXXX (O_CREAT | O_EXCL, random suffix), fflush + fsync +
 * fclose, rename over PATH, fsync the folder.
 */
#define _POSIX_C_SOURCE 200809L

#include "netc_safetensors.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "netc_rng.h"

/* The reference implementation's limit on the header length. */
#define NETC_SAFETENSORS_MAX_HEADER 100000000u
/* Deepest nesting of JSON arrays and objects accepted in a header; a
 * safetensors header needs 3. */
enum { NETC_JSON_MAX_DEPTH = 32 };
/* Longest tensor name or key quoted whole in a message. */
enum { NETC_NAME_QUOTE_MAX = 100 };

/* ---- Small helpers -------------------------------------------------------- */

static int netc_host_is_little_endian(void) {
  const uint32_t one = 1u;
  unsigned char first;
  memcpy(&first, &one, 1);
  return first == 1u;
}

static void netc_swap_bytes4(void *data, size_t count) {
  unsigned char *p = (unsigned char *)data;
  for (size_t i = 0; i < count; ++i, p += 4) {
    unsigned char t0 = p[0];
    unsigned char t1 = p[1];
    p[0] = p[3];
    p[1] = p[2];
    p[2] = t1;
    p[3] = t0;
  }
}

/* Length of the valid UTF-8 sequence at p[0..avail), or 0 when it is not
 * one (overlong forms, surrogates and code points above U+10FFFF are not). */
static size_t netc_utf8_sequence(const unsigned char *p, size_t avail) {
  unsigned char c = p[0];
  if (c < 0x80u) return 1;
  size_t n;
  unsigned char lo = 0x80u;
  unsigned char hi = 0xBFu;
  if (c >= 0xC2u && c <= 0xDFu) {
    n = 2;
  } else if (c >= 0xE0u && c <= 0xEFu) {
    n = 3;
    if (c == 0xE0u) lo = 0xA0u;
    if (c == 0xEDu) hi = 0x9Fu;
  } else if (c >= 0xF0u && c <= 0xF4u) {
    n = 4;
    if (c == 0xF0u) lo = 0x90u;
    if (c == 0xF4u) hi = 0x8Fu;
  } else {
    return 0;
  }
  if (avail < n) return 0;
  if (p[1] < lo || p[1] > hi) return 0;
  for (size_t i = 2; i < n; ++i) {
    if (p[i] < 0x80u || p[i] > 0xBFu) return 0;
  }
  return n;
}

static int netc_utf8_valid(const char *text) {
  const unsigned char *p = (const unsigned char *)text;
  size_t len = strlen(text);
  for (size_t i = 0; i < len;) {
    size_t n = netc_utf8_sequence(p + i, len - i);
    if (n == 0) return 0;
    i += n;
  }
  return 1;
}

/* printf arguments that quote a name, cut short when long:
 * "%.*s%s", NETC_QUOTE(name). */
#define NETC_QUOTE(name)                                                    \
  (int)(strlen(name) > NETC_NAME_QUOTE_MAX ? NETC_NAME_QUOTE_MAX            \
                                           : strlen(name)),                 \
      (name), (strlen(name) > NETC_NAME_QUOTE_MAX ? "..." : "")

/* Formats a shape as "[4, 3]" ("[]" for a scalar), cut short to fit. */
static void netc_format_shape(const int64_t *shape, int32_t rank, char *out,
                              size_t size) {
  size_t used = 0;
  int n = snprintf(out, size, "[");
  used = n > 0 ? (size_t)n : 0;
  for (int32_t d = 0; d < rank && used < size; ++d) {
    n = snprintf(out + used, size - used, "%s%lld", d ? ", " : "",
                 (long long)shape[d]);
    if (n < 0) break;
    used += (size_t)n;
  }
  if (used < size) snprintf(out + used, size - used, "]");
}

static int netc_compare_strings(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorts a copy of names[0..count) and returns the first name that occurs
 * twice, or NULL. *out_of_memory is set when the copy cannot be made. */
static const char *netc_find_duplicate(const char **names, int64_t count,
                                       int *out_of_memory) {
  *out_of_memory = 0;
  if (count < 2) return NULL;
  const char **sorted = (const char **)malloc((size_t)count * sizeof(char *));
  if (sorted == NULL) {
    *out_of_memory = 1;
    return NULL;
  }
  memcpy(sorted, names, (size_t)count * sizeof(char *));
  qsort(sorted, (size_t)count, sizeof(char *), netc_compare_strings);
  const char *duplicate = NULL;
  for (int64_t i = 1; i < count && duplicate == NULL; ++i) {
    if (strcmp(sorted[i - 1], sorted[i]) == 0) duplicate = sorted[i];
  }
  free(sorted);
  return duplicate;
}

/* Element count of a shape, or -1 when a size is negative or the byte size
 * (elements * element_size) would overflow int64_t. */
static int64_t netc_shape_elements(const int64_t *shape, int32_t rank,
                                   int64_t element_size) {
  int64_t elements = 1;
  for (int32_t d = 0; d < rank; ++d) {
    if (shape[d] < 0) return -1;
    if (shape[d] != 0 && elements > INT64_MAX / element_size / shape[d]) {
      return -1;
    }
    elements *= shape[d];
  }
  return elements;
}

/* ---- dtypes ---------------------------------------------------------------- */

typedef struct netc_dtype {
  const char *name;
  int64_t size;
} netc_dtype;

/* The byte-sized dtypes of the reference implementation. */
static const netc_dtype netc_dtypes[] = {
    {"BOOL", 1}, {"U8", 1},      {"I8", 1},      {"F8_E5M2", 1},
    {"F8_E4M3", 1}, {"F8_E8M0", 1}, {"I16", 2},  {"U16", 2},
    {"F16", 2},  {"BF16", 2},    {"I32", 4},     {"U32", 4},
    {"F32", 4},  {"I64", 8},     {"U64", 8},     {"F64", 8}};

static const netc_dtype *netc_dtype_find(const char *name) {
  for (size_t i = 0; i < sizeof(netc_dtypes) / sizeof(netc_dtypes[0]); ++i) {
    if (strcmp(netc_dtypes[i].name, name) == 0) return &netc_dtypes[i];
  }
  return NULL;
}

/* ---- JSON parser ----------------------------------------------------------- */

typedef enum netc_json_kind {
  NETC_JSON_OBJECT,
  NETC_JSON_ARRAY,
  NETC_JSON_STRING,
  NETC_JSON_NUMBER
} netc_json_kind;

typedef struct netc_json_node {
  netc_json_kind kind;
  int64_t end;   /* index one past this node's subtree */
  int64_t count; /* object: members (2 * count children); array: elements */
  size_t offset; /* where the value starts in the header */
  size_t text;   /* string: arena offset; number: header offset */
  size_t length; /* string: decoded length; number: source length */
} netc_json_node;

typedef struct netc_json {
  const unsigned char *bytes;
  size_t size;
  size_t pos;
  netc_json_node *nodes;
  int64_t node_count;
  int64_t node_cap;
  char *arena; /* size + 1 bytes */
  size_t arena_used;
  int out_of_memory;
  size_t error_offset;
  char error[128];
} netc_json;

#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 3, 4)))
#endif
static int netc_json_fail(netc_json *json, size_t offset, const char *fmt,
                          ...) {
  json->error_offset = offset;
  va_list args;
  va_start(args, fmt);
  if (vsnprintf(json->error, sizeof(json->error), fmt, args) < 0) {
    json->error[0] = '\0';
  }
  va_end(args);
  return 0;
}

static int64_t netc_json_push(netc_json *json, netc_json_kind kind,
                              size_t offset) {
  if (json->node_count == json->node_cap) {
    int64_t cap = json->node_cap ? json->node_cap * 2 : 64;
    netc_json_node *grown = (netc_json_node *)realloc(
        json->nodes, (size_t)cap * sizeof(netc_json_node));
    if (grown == NULL) {
      json->out_of_memory = 1;
      return -1;
    }
    json->nodes = grown;
    json->node_cap = cap;
  }
  int64_t index = json->node_count++;
  netc_json_node *node = &json->nodes[index];
  memset(node, 0, sizeof(*node));
  node->kind = kind;
  node->offset = offset;
  node->end = index + 1;
  return index;
}

static void netc_json_skip_space(netc_json *json) {
  while (json->pos < json->size) {
    unsigned char c = json->bytes[json->pos];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
    ++json->pos;
  }
}

static int netc_json_hex4(const unsigned char *p, unsigned *out) {
  unsigned value = 0;
  for (int i = 0; i < 4; ++i) {
    unsigned char c = p[i];
    unsigned digit;
    if (c >= '0' && c <= '9') {
      digit = (unsigned)(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      digit = (unsigned)(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      digit = (unsigned)(c - 'A' + 10);
    } else {
      return 0;
    }
    value = value * 16u + digit;
  }
  *out = value;
  return 1;
}

static void netc_json_put_utf8(netc_json *json, unsigned code_point) {
  char *out = json->arena + json->arena_used;
  if (code_point < 0x80u) {
    out[0] = (char)code_point;
    json->arena_used += 1;
  } else if (code_point < 0x800u) {
    out[0] = (char)(0xC0u | (code_point >> 6));
    out[1] = (char)(0x80u | (code_point & 0x3Fu));
    json->arena_used += 2;
  } else if (code_point < 0x10000u) {
    out[0] = (char)(0xE0u | (code_point >> 12));
    out[1] = (char)(0x80u | ((code_point >> 6) & 0x3Fu));
    out[2] = (char)(0x80u | (code_point & 0x3Fu));
    json->arena_used += 3;
  } else {
    out[0] = (char)(0xF0u | (code_point >> 18));
    out[1] = (char)(0x80u | ((code_point >> 12) & 0x3Fu));
    out[2] = (char)(0x80u | ((code_point >> 6) & 0x3Fu));
    out[3] = (char)(0x80u | (code_point & 0x3Fu));
    json->arena_used += 4;
  }
}

/* string = '"' { char | escape } '"'; decodes into the arena. */
static int netc_json_parse_string(netc_json *json) {
  size_t start = json->pos;
  int64_t index = netc_json_push(json, NETC_JSON_STRING, start);
  if (index < 0) return 0;
  size_t text = json->arena_used;
  ++json->pos; /* the opening quote */
  for (;;) {
    if (json->pos >= json->size) {
      return netc_json_fail(json, start, "unterminated string");
    }
    unsigned char c = json->bytes[json->pos];
    if (c == '"') {
      ++json->pos;
      break;
    }
    if (c < 0x20u) {
      return netc_json_fail(json, json->pos,
                            "control character 0x%02x in a string", c);
    }
    if (c != '\\') {
      size_t n = netc_utf8_sequence(json->bytes + json->pos,
                                    json->size - json->pos);
      if (n == 0) {
        return netc_json_fail(json, json->pos, "invalid UTF-8 in a string");
      }
      memcpy(json->arena + json->arena_used, json->bytes + json->pos, n);
      json->arena_used += n;
      json->pos += n;
      continue;
    }
    size_t escape = json->pos;
    if (json->pos + 1 >= json->size) {
      return netc_json_fail(json, start, "unterminated string");
    }
    unsigned char e = json->bytes[json->pos + 1];
    json->pos += 2;
    char simple = 0;
    switch (e) {
      case '"': simple = '"'; break;
      case '\\': simple = '\\'; break;
      case '/': simple = '/'; break;
      case 'b': simple = '\b'; break;
      case 'f': simple = '\f'; break;
      case 'n': simple = '\n'; break;
      case 'r': simple = '\r'; break;
      case 't': simple = '\t'; break;
      case 'u': break;
      default:
        if (e >= 0x20u && e < 0x7Fu) {
          return netc_json_fail(json, escape, "invalid escape '\\%c'", e);
        }
        return netc_json_fail(json, escape, "invalid escape");
    }
    if (simple != 0) {
      json->arena[json->arena_used++] = simple;
      continue;
    }
    unsigned code_point;
    if (json->size - json->pos < 4 ||
        !netc_json_hex4(json->bytes + json->pos, &code_point)) {
      return netc_json_fail(json, escape, "invalid \\u escape");
    }
    json->pos += 4;
    if (code_point >= 0xDC00u && code_point <= 0xDFFFu) {
      return netc_json_fail(json, escape, "unpaired surrogate in a \\u escape");
    }
    if (code_point >= 0xD800u && code_point <= 0xDBFFu) {
      unsigned low;
      if (json->size - json->pos < 6 || json->bytes[json->pos] != '\\' ||
          json->bytes[json->pos + 1] != 'u' ||
          !netc_json_hex4(json->bytes + json->pos + 2, &low) ||
          low < 0xDC00u || low > 0xDFFFu) {
        return netc_json_fail(json, escape,
                              "unpaired surrogate in a \\u escape");
      }
      json->pos += 6;
      code_point = 0x10000u + ((code_point - 0xD800u) << 10) + (low - 0xDC00u);
    }
    if (code_point == 0) {
      return netc_json_fail(json, escape,
                            "\\u0000 is not allowed in a string");
    }
    netc_json_put_utf8(json, code_point);
  }
  json->arena[json->arena_used] = '\0';
  netc_json_node *node = &json->nodes[index];
  node->text = text;
  node->length = json->arena_used - text;
  json->arena_used += 1;
  return 1;
}

static int netc_json_is_digit(const netc_json *json, size_t pos) {
  return pos < json->size && json->bytes[pos] >= '0' && json->bytes[pos] <= '9';
}

/* number = [ '-' ] ( '0' | [1-9] { digit } ) [ '.' digit { digit } ]
 *          [ ( 'e' | 'E' ) [ '+' | '-' ] digit { digit } ] */
static int netc_json_parse_number(netc_json *json) {
  size_t start = json->pos;
  size_t p = start;
  if (p < json->size && json->bytes[p] == '-') ++p;
  if (!netc_json_is_digit(json, p)) {
    return netc_json_fail(json, start, "invalid number");
  }
  if (json->bytes[p] == '0') {
    ++p;
  } else {
    while (netc_json_is_digit(json, p)) ++p;
  }
  if (p < json->size && json->bytes[p] == '.') {
    ++p;
    if (!netc_json_is_digit(json, p)) {
      return netc_json_fail(json, start, "invalid number");
    }
    while (netc_json_is_digit(json, p)) ++p;
  }
  if (p < json->size && (json->bytes[p] == 'e' || json->bytes[p] == 'E')) {
    ++p;
    if (p < json->size && (json->bytes[p] == '+' || json->bytes[p] == '-')) ++p;
    if (!netc_json_is_digit(json, p)) {
      return netc_json_fail(json, start, "invalid number");
    }
    while (netc_json_is_digit(json, p)) ++p;
  }
  int64_t index = netc_json_push(json, NETC_JSON_NUMBER, start);
  if (index < 0) return 0;
  json->nodes[index].text = start;
  json->nodes[index].length = p - start;
  json->pos = p;
  return 1;
}

static int netc_json_parse_value(netc_json *json, int depth);

/* object = '{' [ string ':' value { ',' string ':' value } ] '}'
 * array  = '[' [ value { ',' value } ] ']' */
static int netc_json_parse_container(netc_json *json, int depth, int object) {
  size_t start = json->pos;
  if (depth > NETC_JSON_MAX_DEPTH) {
    return netc_json_fail(json, start, "nesting deeper than %d levels",
                          NETC_JSON_MAX_DEPTH);
  }
  int64_t index = netc_json_push(
      json, object ? NETC_JSON_OBJECT : NETC_JSON_ARRAY, start);
  if (index < 0) return 0;
  char close = object ? '}' : ']';
  ++json->pos;
  netc_json_skip_space(json);
  int64_t count = 0;
  if (json->pos < json->size && json->bytes[json->pos] == (unsigned char)close) {
    ++json->pos;
  } else {
    for (;;) {
      netc_json_skip_space(json);
      if (object) {
        if (json->pos >= json->size) {
          return netc_json_fail(json, json->pos, "unexpected end of the header");
        }
        if (json->bytes[json->pos] != '"') {
          return netc_json_fail(json, json->pos, "expected a string key");
        }
        if (!netc_json_parse_string(json)) return 0;
        netc_json_skip_space(json);
        if (json->pos >= json->size || json->bytes[json->pos] != ':') {
          return netc_json_fail(json, json->pos,
                                "expected ':' after an object key");
        }
        ++json->pos;
      }
      if (!netc_json_parse_value(json, depth + 1)) return 0;
      ++count;
      netc_json_skip_space(json);
      if (json->pos < json->size && json->bytes[json->pos] == ',') {
        ++json->pos;
        continue;
      }
      if (json->pos < json->size &&
          json->bytes[json->pos] == (unsigned char)close) {
        ++json->pos;
        break;
      }
      return netc_json_fail(json, json->pos,
                            object ? "expected ',' or '}' after an object member"
                                   : "expected ',' or ']' after an array element");
    }
  }
  json->nodes[index].count = count;
  json->nodes[index].end = json->node_count;
  return 1;
}

static int netc_json_parse_value(netc_json *json, int depth) {
  netc_json_skip_space(json);
  if (json->pos >= json->size) {
    return netc_json_fail(json, json->pos, "unexpected end of the header");
  }
  unsigned char c = json->bytes[json->pos];
  if (c == '{') return netc_json_parse_container(json, depth, 1);
  if (c == '[') return netc_json_parse_container(json, depth, 0);
  if (c == '"') return netc_json_parse_string(json);
  if (c == '-' || (c >= '0' && c <= '9')) return netc_json_parse_number(json);
  if (c >= 0x20u && c < 0x7Fu) {
    return netc_json_fail(json, json->pos, "unexpected character '%c'", c);
  }
  return netc_json_fail(json, json->pos, "unexpected byte 0x%02x", c);
}

/* Parses the whole header, which must be one object. */
static int netc_json_parse(netc_json *json) {
  json->arena = (char *)malloc(json->size + 1u);
  if (json->arena == NULL) {
    json->out_of_memory = 1;
    return 0;
  }
  netc_json_skip_space(json);
  if (json->pos >= json->size) {
    return netc_json_fail(json, json->pos, "the header is empty");
  }
  if (json->bytes[json->pos] != '{') {
    return netc_json_fail(json, json->pos,
                          "expected '{' at the start of the header");
  }
  if (!netc_json_parse_value(json, 1)) return 0;
  netc_json_skip_space(json);
  if (json->pos != json->size) {
    return netc_json_fail(json, json->pos,
                          "unexpected text after the header's object");
  }
  return 1;
}

static void netc_json_free(netc_json *json) {
  free(json->nodes);
  free(json->arena);
  json->nodes = NULL;
  json->arena = NULL;
}

static const char *netc_json_string(const netc_json *json, int64_t index) {
  return json->arena + json->nodes[index].text;
}

/* A number node as a non-negative int64_t; 0 when it is negative, has a
 * fraction or exponent, or is too large. */
static int netc_json_to_count(const netc_json *json, int64_t index,
                              int64_t *out) {
  const netc_json_node *node = &json->nodes[index];
  if (node->kind != NETC_JSON_NUMBER) return 0;
  int64_t value = 0;
  for (size_t i = 0; i < node->length; ++i) {
    unsigned char c = json->bytes[node->text + i];
    if (c < '0' || c > '9') return 0;
    int digit = c - '0';
    if (value > (INT64_MAX - digit) / 10) return 0;
    value = value * 10 + digit;
  }
  *out = value;
  return 1;
}

/* ---- Header interpretation ------------------------------------------------- */

typedef struct netc_safetensors_storage {
  char *arena;    /* decoded strings: the parser's arena, taken over */
  int64_t *dims;  /* every tensor's shape, back to back */
} netc_safetensors_storage;

typedef struct netc_header_parse {
  const char *path;
  netc_status *status;
  netc_json json;
  netc_safetensors_header *header;
  int64_t dims_used;
} netc_header_parse;

#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 3, 4)))
#endif
static netc_status_code netc_header_fail(netc_header_parse *parse,
                                         netc_status_code code,
                                         const char *fmt, ...) {
  char message[sizeof(parse->status->message)];
  va_list args;
  va_start(args, fmt);
  if (vsnprintf(message, sizeof(message), fmt, args) < 0) message[0] = '\0';
  va_end(args);
  return netc_status_set(parse->status, code, "%s: error: %s", parse->path,
                         message);
}

static netc_status_code netc_header_metadata(netc_header_parse *parse,
                                             int64_t value) {
  const netc_json *json = &parse->json;
  netc_safetensors_header *header = parse->header;
  const netc_json_node *object = &json->nodes[value];
  if (object->kind != NETC_JSON_OBJECT) {
    return netc_header_fail(parse, NETC_ERROR_FORMAT,
                            "\"__metadata__\" must be an object of strings");
  }
  header->metadata = (netc_metadata_entry *)calloc(
      (size_t)(object->count ? object->count : 1), sizeof(netc_metadata_entry));
  if (header->metadata == NULL) {
    return netc_header_fail(parse, NETC_ERROR_OUT_OF_MEMORY, "out of memory");
  }
  int64_t child = value + 1;
  for (int64_t m = 0; m < object->count; ++m) {
    int64_t key = child;
    int64_t entry = json->nodes[key].end;
    child = json->nodes[entry].end;
    const char *key_text = netc_json_string(json, key);
    if (json->nodes[entry].kind != NETC_JSON_STRING) {
      return netc_header_fail(parse, NETC_ERROR_FORMAT,
                              "\"__metadata__\" value for '%.*s%s' must be a "
                              "string",
                              NETC_QUOTE(key_text));
    }
    header->metadata[m].key = key_text;
    header->metadata[m].value = netc_json_string(json, entry);
    header->metadata_count = m + 1;
  }
  const char **keys =
      (const char **)malloc((size_t)(object->count ? object->count : 1) *
                            sizeof(char *));
  if (keys == NULL) {
    return netc_header_fail(parse, NETC_ERROR_OUT_OF_MEMORY, "out of memory");
  }
  for (int64_t m = 0; m < header->metadata_count; ++m) {
    keys[m] = header->metadata[m].key;
  }
  int out_of_memory = 0;
  const char *duplicate =
      netc_find_duplicate(keys, header->metadata_count, &out_of_memory);
  free(keys);
  if (out_of_memory) {
    return netc_header_fail(parse, NETC_ERROR_OUT_OF_MEMORY, "out of memory");
  }
  if (duplicate != NULL) {
    return netc_header_fail(parse, NETC_ERROR_FORMAT,
                            "duplicate \"__metadata__\" key '%.*s%s'",
                            NETC_QUOTE(duplicate));
  }
  return NETC_OK;
}

static netc_status_code netc_header_tensor(netc_header_parse *parse,
                                           const char *name, int64_t value,
                                           netc_safetensors_tensor_info *info) {
  const netc_json *json = &parse->json;
  const netc_json_node *object = &json->nodes[value];
  if (object->kind != NETC_JSON_OBJECT) {
    return netc_header_fail(parse, NETC_ERROR_FORMAT,
                            "tensor '%.*s%s' must be an object with \"dtype\", "
                            "\"shape\" and \"data_offsets\"",
                            NETC_QUOTE(name));
  }
  int64_t dtype = -1;
  int64_t shape = -1;
  int64_t offsets = -1;
  int64_t child = value + 1;
  for (int64_t m = 0; m < object->count; ++m) {
    int64_t key = child;
    int64_t field = json->nodes[key].end;
    child = json->nodes[field].end;
    const char *key_text = netc_json_string(json, key);
    int64_t *slot = strcmp(key_text, "dtype") == 0          ? &dtype
                    : strcmp(key_text, "shape") == 0        ? &shape
                    : strcmp(key_text, "data_offsets") == 0 ? &offsets
                                                            : NULL;
    if (slot == NULL) continue; /* unknown fields are ignored */
    if (*slot >= 0) {
      return netc_header_fail(parse, NETC_ERROR_FORMAT,
                              "tensor '%.*s%s' has two \"%s\" fields",
                              NETC_QUOTE(name), key_text);
    }
    *slot = field;
  }
  const char *missing = dtype < 0 ? "dtype" : shape < 0 ? "shape"
                        : offsets < 0 ? "data_offsets" : NULL;
  if (missing != NULL) {
    return netc_header_fail(parse, NETC_ERROR_FORMAT,
                            "tensor '%.*s%s' has no \"%s\"", NETC_QUOTE(name),
                            missing);
  }

  if (json->nodes[dtype].kind != NETC_JSON_STRING) {
    return netc_header_fail(parse, NETC_ERROR_FORMAT,
                            "tensor '%.*s%s': \"dtype\" must be a string",
                            NETC_QUOTE(name));
  }
  const char *dtype_text = netc_json_string(json, dtype);
  const netc_dtype *type = netc_dtype_find(dtype_text);
  if (type == NULL) {
    return netc_header_fail(parse, NETC_ERROR_FORMAT,
                            "tensor '%.*s%s' has unknown dtype '%.20s%s'",
                            NETC_QUOTE(name), dtype_text,
                            strlen(dtype_text) > 20 ? "..." : "");
  }

  const netc_json_node *shape_node = &json->nodes[shape];
  if (shape_node->kind != NETC_JSON_ARRAY || shape_node->count > INT32_MAX) {
    return netc_header_fail(parse, NETC_ERROR_FORMAT,
                            "tensor '%.*s%s': \"shape\" must be an array of "
                            "non-negative integers",
                            NETC_QUOTE(name));
  }
  netc_safetensors_storage *storage =
      (netc_safetensors_storage *)parse->header->storage_;
  int64_t *dims = storage->dims + parse->dims_used;
  for (int64_t d = 0; d < shape_node->count; ++d) {
    /* Shape elements are numbers (leaves), so they are consecutive nodes. */
    if (!netc_json_to_count(json, shape + 1 + d, &dims[d])) {
      return netc_header_fail(parse, NETC_ERROR_FORMAT,
                              "tensor '%.*s%s': \"shape\" must be an array of "
                              "non-negative integers",
                              NETC_QUOTE(name));
    }
  }
  parse->dims_used += shape_node->count;
  int32_t rank = (int32_t)shape_node->count;

  const netc_json_node *offsets_node = &json->nodes[offsets];
  int64_t begin = 0;
  int64_t end = 0;
  if (offsets_node->kind != NETC_JSON_ARRAY || offsets_node->count != 2 ||
      !netc_json_to_count(json, offsets + 1, &begin) ||
      !netc_json_to_count(json, offsets + 2, &end)) {
    return netc_header_fail(parse, NETC_ERROR_FORMAT,
                            "tensor '%.*s%s': \"data_offsets\" must be two "
                            "non-negative integers",
                            NETC_QUOTE(name));
  }
  char shape_text[128];
  netc_format_shape(dims, rank, shape_text, sizeof(shape_text));
  if (begin > end) {
    return netc_header_fail(parse, NETC_ERROR_FORMAT,
                            "tensor '%.*s%s' has data_offsets [%lld, %lld]: "
                            "begin is after end",
                            NETC_QUOTE(name), (long long)begin,
                            (long long)end);
  }
  int64_t elements = netc_shape_elements(dims, rank, type->size);
  if (elements < 0) {
    return netc_header_fail(parse, NETC_ERROR_FORMAT,
                            "tensor '%.*s%s': shape %s is too large",
                            NETC_QUOTE(name), shape_text);
  }
  if (end - begin != elements * type->size) {
    return netc_header_fail(parse, NETC_ERROR_FORMAT,
                            "tensor '%.*s%s' has data_offsets [%lld, %lld] "
                            "(%lld bytes) but dtype %s and shape %s need %lld "
                            "bytes",
                            NETC_QUOTE(name), (long long)begin, (long long)end,
                            (long long)(end - begin), type->name, shape_text,
                            (long long)(elements * type->size));
  }
  info->name = name;
  info->dtype = type->name;
  info->rank = rank;
  info->shape = rank > 0 ? dims : NULL;
  info->data_begin = begin;
  info->data_end = end;
  return NETC_OK;
}

typedef struct netc_extent {
  int64_t begin;
  int64_t end;
  int64_t index;
} netc_extent;

static int netc_compare_extents(const void *a, const void *b) {
  const netc_extent *x = (const netc_extent *)a;
  const netc_extent *y = (const netc_extent *)b;
  if (x->begin != y->begin) return x->begin < y->begin ? -1 : 1;
  if (x->end != y->end) return x->end < y->end ? -1 : 1;
  return 0;
}

/* Step 4: the tensors tile [0, data size) and the file ends there. */
static netc_status_code netc_header_layout(netc_header_parse *parse) {
  netc_safetensors_header *header = parse->header;
  int64_t data_size = 0;
  if (header->tensor_count > 0) {
    netc_extent *extents = (netc_extent *)malloc(
        (size_t)header->tensor_count * sizeof(netc_extent));
    if (extents == NULL) {
      return netc_header_fail(parse, NETC_ERROR_OUT_OF_MEMORY, "out of memory");
    }
    for (int64_t t = 0; t < header->tensor_count; ++t) {
      extents[t].begin = header->tensors[t].data_begin;
      extents[t].end = header->tensors[t].data_end;
      extents[t].index = t;
    }
    qsort(extents, (size_t)header->tensor_count, sizeof(netc_extent),
          netc_compare_extents);
    netc_status_code code = NETC_OK;
    if (extents[0].begin != 0) {
      const char *name = header->tensors[extents[0].index].name;
      code = netc_header_fail(parse, NETC_ERROR_FORMAT,
                              "tensor data does not start at offset 0: tensor "
                              "'%.*s%s' begins at %lld",
                              NETC_QUOTE(name), (long long)extents[0].begin);
    }
    for (int64_t t = 1; t < header->tensor_count && code == NETC_OK; ++t) {
      const netc_extent *a = &extents[t - 1];
      const netc_extent *b = &extents[t];
      if (b->begin == a->end) continue;
      const char *a_name = header->tensors[a->index].name;
      const char *b_name = header->tensors[b->index].name;
      code = netc_header_fail(
          parse, NETC_ERROR_FORMAT,
          "%s '%.*s%s' and '%.*s%s'%s: data_offsets [%lld, %lld] and "
          "[%lld, %lld]",
          b->begin < a->end ? "tensors" : "gap between tensors",
          NETC_QUOTE(a_name), NETC_QUOTE(b_name),
          b->begin < a->end ? " overlap" : "", (long long)a->begin,
          (long long)a->end, (long long)b->begin, (long long)b->end);
    }
    data_size = extents[header->tensor_count - 1].end;
    free(extents);
    if (code != NETC_OK) return code;
  }
  int64_t expected = data_size > INT64_MAX - header->data_offset
                         ? INT64_MAX
                         : header->data_offset + data_size;
  if (expected > header->file_size) {
    return netc_header_fail(parse, NETC_ERROR_FORMAT,
                            "file is truncated: header says %lld bytes, file "
                            "has %lld",
                            (long long)expected, (long long)header->file_size);
  }
  if (expected < header->file_size) {
    return netc_header_fail(parse, NETC_ERROR_FORMAT,
                            "file is longer than its header says: header says "
                            "%lld bytes, file has %lld",
                            (long long)expected, (long long)header->file_size);
  }
  return NETC_OK;
}

/* Step 3. */
static netc_status_code netc_header_interpret(netc_header_parse *parse) {
  netc_json *json = &parse->json;
  netc_safetensors_header *header = parse->header;
  const netc_json_node *root = &json->nodes[0];

  netc_safetensors_storage *storage =
      (netc_safetensors_storage *)calloc(1, sizeof(netc_safetensors_storage));
  if (storage == NULL) {
    return netc_header_fail(parse, NETC_ERROR_OUT_OF_MEMORY, "out of memory");
  }
  header->storage_ = storage;
  /* Every shape size is a node, so node_count bounds the total. */
  storage->dims = (int64_t *)malloc((size_t)json->node_count * sizeof(int64_t));
  header->tensors = (netc_safetensors_tensor_info *)calloc(
      (size_t)(root->count ? root->count : 1),
      sizeof(netc_safetensors_tensor_info));
  if (storage->dims == NULL || header->tensors == NULL) {
    return netc_header_fail(parse, NETC_ERROR_OUT_OF_MEMORY, "out of memory");
  }

  int seen_metadata = 0;
  int64_t child = 1;
  for (int64_t m = 0; m < root->count; ++m) {
    int64_t key = child;
    int64_t value = json->nodes[key].end;
    child = json->nodes[value].end;
    const char *name = netc_json_string(json, key);
    netc_status_code code;
    if (strcmp(name, "__metadata__") == 0) {
      if (seen_metadata) {
        return netc_header_fail(parse, NETC_ERROR_FORMAT,
                                "duplicate \"__metadata__\"");
      }
      seen_metadata = 1;
      code = netc_header_metadata(parse, value);
    } else {
      code = netc_header_tensor(parse, name, value,
                                &header->tensors[header->tensor_count]);
      if (code == NETC_OK) header->tensor_count += 1;
    }
    if (code != NETC_OK) return code;
  }

  const char **names = (const char **)malloc(
      (size_t)(header->tensor_count ? header->tensor_count : 1) *
      sizeof(char *));
  if (names == NULL) {
    return netc_header_fail(parse, NETC_ERROR_OUT_OF_MEMORY, "out of memory");
  }
  for (int64_t t = 0; t < header->tensor_count; ++t) {
    names[t] = header->tensors[t].name;
  }
  int out_of_memory = 0;
  const char *duplicate =
      netc_find_duplicate(names, header->tensor_count, &out_of_memory);
  free(names);
  if (out_of_memory) {
    return netc_header_fail(parse, NETC_ERROR_OUT_OF_MEMORY, "out of memory");
  }
  if (duplicate != NULL) {
    return netc_header_fail(parse, NETC_ERROR_FORMAT,
                            "duplicate tensor '%.*s%s'", NETC_QUOTE(duplicate));
  }
  return netc_header_layout(parse);
}

/* ---- Reading ---------------------------------------------------------------- */

static uint64_t netc_read_le64(const unsigned char *b) {
  uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | b[i];
  return value;
}

static netc_status_code netc_read_failure(const char *path, FILE *file,
                                          netc_status *status) {
  int saved_errno = errno;
  return netc_status_set(status, NETC_ERROR_IO,
                         "%s: error: cannot read file: %s", path,
                         ferror(file) && saved_errno ? strerror(saved_errno)
                                                     : "unexpected end of file");
}

/* Steps 1-4. On success *out_file is the open file (for the data). */
static netc_status_code netc_safetensors_open(const char *path,
                                              netc_safetensors_header *header,
                                              FILE **out_file,
                                              netc_status *status) {
  *out_file = NULL;
  errno = 0;
  FILE *file = fopen(path, "rb");
  if (file == NULL) {
    return netc_status_set(status, NETC_ERROR_IO,
                           "%s: error: cannot open file: %s", path,
                           errno ? strerror(errno) : "unknown error");
  }
  struct stat info;
  if (fstat(fileno(file), &info) != 0) {
    netc_status_code code = netc_status_set(
        status, NETC_ERROR_IO, "%s: error: cannot read file: %s", path,
        strerror(errno));
    fclose(file);
    return code;
  }
  if (!S_ISREG(info.st_mode)) {
    fclose(file);
    return netc_status_set(status, NETC_ERROR_IO,
                           "%s: error: cannot read file: %s", path,
                           S_ISDIR(info.st_mode) ? strerror(EISDIR)
                                                 : "not a regular file");
  }
  int64_t file_size = (int64_t)info.st_size;
  if (file_size < 8) {
    fclose(file);
    return netc_status_set(status, NETC_ERROR_FORMAT,
                           "%s: error: file is truncated: %lld bytes, too "
                           "short for the 8-byte header length",
                           path, (long long)file_size);
  }
  unsigned char length_bytes[8];
  errno = 0;
  if (fread(length_bytes, 1, 8, file) != 8) {
    netc_status_code code = netc_read_failure(path, file, status);
    fclose(file);
    return code;
  }
  uint64_t header_length = netc_read_le64(length_bytes);
  if (header_length > (uint64_t)(file_size - 8)) {
    fclose(file);
    return netc_status_set(status, NETC_ERROR_FORMAT,
                           "%s: error: not a safetensors file: header length "
                           "%llu exceeds the file size",
                           path, (unsigned long long)header_length);
  }
  if (header_length > NETC_SAFETENSORS_MAX_HEADER) {
    fclose(file);
    return netc_status_set(status, NETC_ERROR_FORMAT,
                           "%s: error: not a safetensors file: header length "
                           "%llu exceeds the limit of %u bytes",
                           path, (unsigned long long)header_length,
                           NETC_SAFETENSORS_MAX_HEADER);
  }
  size_t size = (size_t)header_length;
  unsigned char *bytes = (unsigned char *)malloc(size ? size : 1u);
  if (bytes == NULL) {
    fclose(file);
    return netc_status_set(status, NETC_ERROR_OUT_OF_MEMORY,
                           "%s: error: out of memory", path);
  }
  errno = 0;
  if (fread(bytes, 1, size, file) != size) {
    netc_status_code code = netc_read_failure(path, file, status);
    free(bytes);
    fclose(file);
    return code;
  }

  netc_header_parse parse;
  memset(&parse, 0, sizeof(parse));
  parse.path = path;
  parse.status = status;
  parse.header = header;
  parse.json.bytes = bytes;
  parse.json.size = size;
  header->data_offset = 8 + (int64_t)header_length;
  header->file_size = file_size;
  netc_status_code code = NETC_OK;
  if (!netc_json_parse(&parse.json)) {
    code = parse.json.out_of_memory
               ? netc_status_set(status, NETC_ERROR_OUT_OF_MEMORY,
                                 "%s: error: out of memory", path)
               : netc_status_set(status, NETC_ERROR_FORMAT,
                                 "%s: error: invalid JSON header at file "
                                 "offset %llu: %s",
                                 path,
                                 (unsigned long long)(8u + parse.json.error_offset),
                                 parse.json.error);
  } else {
    code = netc_header_interpret(&parse);
    if (header->storage_ != NULL) {
      /* The header's names point into the arena: it keeps it. */
      ((netc_safetensors_storage *)header->storage_)->arena = parse.json.arena;
      parse.json.arena = NULL;
    }
  }
  netc_json_free(&parse.json);
  free(bytes);
  if (code != NETC_OK) {
    fclose(file);
    return code;
  }
  *out_file = file;
  return NETC_OK;
}

netc_status_code netc_safetensors_read_header(
    const char *path, netc_safetensors_header *out_header,
    netc_status *status) {
  if (out_header != NULL) memset(out_header, 0, sizeof(*out_header));
  if (path == NULL || out_header == NULL) {
    return netc_status_set(status, NETC_ERROR_INVALID_ARGUMENT,
                           "netc_safetensors_read_header: %s is NULL",
                           path == NULL ? "path" : "out_header");
  }
  FILE *file = NULL;
  netc_status_code code =
      netc_safetensors_open(path, out_header, &file, status);
  if (code != NETC_OK) {
    netc_safetensors_header_free(out_header);
    return code;
  }
  fclose(file);
  return NETC_OK;
}

void netc_safetensors_header_free(netc_safetensors_header *header) {
  if (header == NULL) return;
  netc_safetensors_storage *storage =
      (netc_safetensors_storage *)header->storage_;
  if (storage != NULL) {
    free(storage->arena);
    free(storage->dims);
    free(storage);
  }
  free(header->tensors);
  free(header->metadata);
  memset(header, 0, sizeof(*header));
}

const char *netc_safetensors_metadata_find(
    const netc_safetensors_header *header, const char *key) {
  if (header == NULL || key == NULL) return NULL;
  for (int64_t m = 0; m < header->metadata_count; ++m) {
    if (strcmp(header->metadata[m].key, key) == 0) {
      return header->metadata[m].value;
    }
  }
  return NULL;
}

/* ---- Loading ---------------------------------------------------------------- */

static netc_status_code netc_check_slots(const netc_tensor_slot *slots,
                                         int64_t count, netc_status *status) {
  if (count < 0 || (count > 0 && slots == NULL)) {
    return netc_status_set(status, NETC_ERROR_INVALID_ARGUMENT,
                           "netc_safetensors_load: invalid slots or count");
  }
  for (int64_t i = 0; i < count; ++i) {
    const netc_tensor_slot *slot = &slots[i];
    if (slot->name == NULL) {
      return netc_status_set(status, NETC_ERROR_INVALID_ARGUMENT,
                             "netc_safetensors_load: slot %lld has no name",
                             (long long)i);
    }
    if (slot->rank < 0 || (slot->rank > 0 && slot->shape == NULL) ||
        netc_shape_elements(slot->shape, slot->rank, 4) < 0) {
      return netc_status_set(status, NETC_ERROR_INVALID_ARGUMENT,
                             "netc_safetensors_load: tensor '%.*s%s' has an "
                             "invalid shape",
                             NETC_QUOTE(slot->name));
    }
    if (slot->data == NULL &&
        netc_shape_elements(slot->shape, slot->rank, 4) > 0) {
      return netc_status_set(status, NETC_ERROR_INVALID_ARGUMENT,
                             "netc_safetensors_load: tensor '%.*s%s' has no "
                             "storage",
                             NETC_QUOTE(slot->name));
    }
  }
  const char **names =
      (const char **)malloc((size_t)(count ? count : 1) * sizeof(char *));
  if (names == NULL) {
    return netc_status_set(status, NETC_ERROR_OUT_OF_MEMORY,
                           "netc_safetensors_load: out of memory");
  }
  for (int64_t i = 0; i < count; ++i) names[i] = slots[i].name;
  int out_of_memory = 0;
  const char *duplicate = netc_find_duplicate(names, count, &out_of_memory);
  free(names);
  if (out_of_memory) {
    return netc_status_set(status, NETC_ERROR_OUT_OF_MEMORY,
                           "netc_safetensors_load: out of memory");
  }
  if (duplicate != NULL) {
    return netc_status_set(status, NETC_ERROR_INVALID_ARGUMENT,
                           "netc_safetensors_load: tensor '%.*s%s' is listed "
                           "twice",
                           NETC_QUOTE(duplicate));
  }
  return NETC_OK;
}

/* A tensor name and its index in the header, sorted by name for lookup. */
typedef struct netc_named_index {
  const char *name;
  int64_t index;
} netc_named_index;

static int netc_compare_named(const void *a, const void *b) {
  return strcmp(((const netc_named_index *)a)->name,
                ((const netc_named_index *)b)->name);
}

/* The header index of tensor `name` in `order` (sorted by name), or -1. */
static int64_t netc_find_tensor(const netc_named_index *order, int64_t count,
                                const char *name) {
  int64_t lo = 0;
  int64_t hi = count;
  while (lo < hi) {
    int64_t mid = lo + (hi - lo) / 2;
    int cmp = strcmp(order[mid].name, name);
    if (cmp == 0) return order[mid].index;
    if (cmp < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return -1;
}

static int netc_same_shape(const int64_t *a, int32_t a_rank, const int64_t *b,
                           int32_t b_rank) {
  if (a_rank != b_rank) return 0;
  for (int32_t d = 0; d < a_rank; ++d) {
    if (a[d] != b[d]) return 0;
  }
  return 1;
}

/* Matches slots to tensors; match[i] is the header index of slot i. */
static netc_status_code netc_match_slots(const char *path,
                                         const netc_safetensors_header *header,
                                         const netc_tensor_slot *slots,
                                         int64_t count, int64_t *match,
                                         netc_status *status) {
  size_t n = (size_t)(header->tensor_count ? header->tensor_count : 1);
  netc_named_index *order =
      (netc_named_index *)malloc(n * sizeof(netc_named_index));
  char *used = (char *)calloc(n, 1);
  if (order == NULL || used == NULL) {
    free(order);
    free(used);
    return netc_status_set(status, NETC_ERROR_OUT_OF_MEMORY,
                           "%s: error: out of memory", path);
  }
  for (int64_t t = 0; t < header->tensor_count; ++t) {
    order[t].name = header->tensors[t].name;
    order[t].index = t;
  }
  qsort(order, (size_t)header->tensor_count, sizeof(netc_named_index),
        netc_compare_named);
  netc_status_code code = NETC_OK;
  for (int64_t i = 0; i < count && code == NETC_OK; ++i) {
    const netc_tensor_slot *slot = &slots[i];
    int64_t t = netc_find_tensor(order, header->tensor_count, slot->name);
    if (t < 0) {
      code = netc_status_set(status, NETC_ERROR_SHAPE,
                             "%s: error: missing tensor '%.*s%s'", path,
                             NETC_QUOTE(slot->name));
      break;
    }
    const netc_safetensors_tensor_info *info = &header->tensors[t];
    if (strcmp(info->dtype, "F32") != 0) {
      code = netc_status_set(status, NETC_ERROR_FORMAT,
                             "%s: error: tensor '%.*s%s' has dtype %s; netc "
                             "reads F32",
                             path, NETC_QUOTE(slot->name), info->dtype);
      break;
    }
    if (!netc_same_shape(info->shape, info->rank, slot->shape, slot->rank)) {
      char found[128];
      char expected[128];
      netc_format_shape(info->shape, info->rank, found, sizeof(found));
      netc_format_shape(slot->shape, slot->rank, expected, sizeof(expected));
      code = netc_status_set(status, NETC_ERROR_SHAPE,
                             "%s: error: tensor '%.*s%s' has shape %s, the "
                             "model expects %s",
                             path, NETC_QUOTE(slot->name), found, expected);
      break;
    }
    match[i] = t;
    used[t] = 1;
  }
  for (int64_t t = 0; t < header->tensor_count && code == NETC_OK; ++t) {
    if (!used[t]) {
      code = netc_status_set(status, NETC_ERROR_SHAPE,
                             "%s: error: unexpected tensor '%.*s%s'", path,
                             NETC_QUOTE(header->tensors[t].name));
    }
  }
  free(order);
  free(used);
  return code;
}

netc_status_code netc_safetensors_load(const char *path,
                                       const netc_tensor_slot *slots,
                                       int64_t count, netc_status *status) {
  if (path == NULL) {
    return netc_status_set(status, NETC_ERROR_INVALID_ARGUMENT,
                           "netc_safetensors_load: path is NULL");
  }
  netc_status_code code = netc_check_slots(slots, count, status);
  if (code != NETC_OK) return code;
  netc_safetensors_header header;
  memset(&header, 0, sizeof(header));
  FILE *file = NULL;
  code = netc_safetensors_open(path, &header, &file, status);
  if (code != NETC_OK) {
    netc_safetensors_header_free(&header);
    return code;
  }
  int64_t *match = (int64_t *)malloc((size_t)(count ? count : 1) *
                                     sizeof(int64_t));
  if (match == NULL) {
    code = netc_status_set(status, NETC_ERROR_OUT_OF_MEMORY,
                           "%s: error: out of memory", path);
  } else {
    code = netc_match_slots(path, &header, slots, count, match, status);
  }
  int swap = !netc_host_is_little_endian();
  for (int64_t i = 0; i < count && code == NETC_OK; ++i) {
    const netc_safetensors_tensor_info *info = &header.tensors[match[i]];
    size_t bytes = (size_t)(info->data_end - info->data_begin);
    if (bytes == 0) continue;
    errno = 0;
    if (fseeko(file, (off_t)(header.data_offset + info->data_begin),
               SEEK_SET) != 0 ||
        fread(slots[i].data, 1, bytes, file) != bytes) {
      code = netc_read_failure(path, file, status);
      break;
    }
    if (swap) netc_swap_bytes4(slots[i].data, bytes / 4u);
  }
  free(match);
  fclose(file);
  netc_safetensors_header_free(&header);
  return code;
}

/* ---- Writing ---------------------------------------------------------------- */

typedef struct netc_buffer {
  char *data;
  size_t len;
  size_t cap;
  int failed;
} netc_buffer;

static void netc_buffer_append(netc_buffer *buffer, const char *text,
                               size_t len) {
  if (buffer->failed) return;
  if (len > SIZE_MAX - buffer->len - 1u) {
    buffer->failed = 1;
    return;
  }
  if (buffer->len + len + 1u > buffer->cap) {
    size_t cap = buffer->cap ? buffer->cap : 256u;
    while (cap < buffer->len + len + 1u) {
      cap = cap > SIZE_MAX / 2u ? buffer->len + len + 1u : cap * 2u;
    }
    char *grown = (char *)realloc(buffer->data, cap);
    if (grown == NULL) {
      buffer->failed = 1;
      return;
    }
    buffer->data = grown;
    buffer->cap = cap;
  }
  memcpy(buffer->data + buffer->len, text, len);
  buffer->len += len;
  buffer->data[buffer->len] = '\0';
}

static void netc_buffer_text(netc_buffer *buffer, const char *text) {
  netc_buffer_append(buffer, text, strlen(text));
}

static void netc_buffer_int(netc_buffer *buffer, int64_t value) {
  char text[32];
  int n = snprintf(text, sizeof(text), "%lld", (long long)value);
  netc_buffer_append(buffer, text, (size_t)n);
}

/* Appends `text` as a JSON string: quotes, backslashes and control
 * characters escaped, UTF-8 passed through. */
static void netc_buffer_json_string(netc_buffer *buffer, const char *text) {
  netc_buffer_append(buffer, "\"", 1);
  const char *run = text;
  for (const char *p = text; *p != '\0'; ++p) {
    unsigned char c = (unsigned char)*p;
    if (c != '"' && c != '\\' && c >= 0x20u) continue;
    netc_buffer_append(buffer, run, (size_t)(p - run));
    char escape[8];
    if (c == '"' || c == '\\') {
      snprintf(escape, sizeof(escape), "\\%c", c);
    } else {
      snprintf(escape, sizeof(escape), "\\u%04x", c);
    }
    netc_buffer_text(buffer, escape);
    run = p + 1;
  }
  netc_buffer_text(buffer, run);
  netc_buffer_append(buffer, "\"", 1);
}

static netc_status_code netc_check_write_args(
    const netc_tensor_view *tensors, int64_t count,
    const netc_metadata_entry *metadata, int64_t metadata_count,
    netc_status *status) {
  if (count < 0 || (count > 0 && tensors == NULL) || metadata_count < 0 ||
      (metadata_count > 0 && metadata == NULL)) {
    return netc_status_set(status, NETC_ERROR_INVALID_ARGUMENT,
                           "netc_safetensors_write: invalid tensors or "
                           "metadata count");
  }
  int64_t total_bytes = 0;
  for (int64_t i = 0; i < count; ++i) {
    const netc_tensor_view *t = &tensors[i];
    if (t->name == NULL || t->name[0] == '\0') {
      return netc_status_set(status, NETC_ERROR_INVALID_ARGUMENT,
                             "netc_safetensors_write: tensor %lld has no name",
                             (long long)i);
    }
    if (!netc_utf8_valid(t->name)) {
      return netc_status_set(status, NETC_ERROR_INVALID_ARGUMENT,
                             "netc_safetensors_write: the name of tensor %lld "
                             "is not valid UTF-8",
                             (long long)i);
    }
    if (strcmp(t->name, "__metadata__") == 0) {
      return netc_status_set(status, NETC_ERROR_INVALID_ARGUMENT,
                             "netc_safetensors_write: '__metadata__' cannot "
                             "name a tensor");
    }
    int64_t elements = -1;
    if (t->rank >= 0 && (t->rank == 0 || t->shape != NULL)) {
      elements = netc_shape_elements(t->shape, t->rank, 4);
    }
    if (elements < 0 || elements > (INT64_MAX - total_bytes) / 4) {
      return netc_status_set(status, NETC_ERROR_INVALID_ARGUMENT,
                             "netc_safetensors_write: tensor '%.*s%s' has an "
                             "invalid shape",
                             NETC_QUOTE(t->name));
    }
    if (elements > 0 && t->data == NULL) {
      return netc_status_set(status, NETC_ERROR_INVALID_ARGUMENT,
                             "netc_safetensors_write: tensor '%.*s%s' has no "
                             "data",
                             NETC_QUOTE(t->name));
    }
    total_bytes += elements * 4;
  }
  for (int64_t m = 0; m < metadata_count; ++m) {
    if (metadata[m].key == NULL || metadata[m].value == NULL) {
      return netc_status_set(status, NETC_ERROR_INVALID_ARGUMENT,
                             "netc_safetensors_write: metadata entry %lld has "
                             "no %s",
                             (long long)m,
                             metadata[m].key == NULL ? "key" : "value");
    }
    if (!netc_utf8_valid(metadata[m].key) ||
        !netc_utf8_valid(metadata[m].value)) {
      return netc_status_set(status, NETC_ERROR_INVALID_ARGUMENT,
                             "netc_safetensors_write: metadata entry %lld is "
                             "not valid UTF-8",
                             (long long)m);
    }
  }
  int64_t longest = count > metadata_count ? count : metadata_count;
  const char **names =
      (const char **)malloc((size_t)(longest ? longest : 1) * sizeof(char *));
  if (names == NULL) {
    return netc_status_set(status, NETC_ERROR_OUT_OF_MEMORY,
                           "netc_safetensors_write: out of memory");
  }
  int out_of_memory = 0;
  for (int64_t i = 0; i < count; ++i) names[i] = tensors[i].name;
  const char *duplicate = netc_find_duplicate(names, count, &out_of_memory);
  const char *what = "tensor";
  if (duplicate == NULL && !out_of_memory) {
    for (int64_t m = 0; m < metadata_count; ++m) names[m] = metadata[m].key;
    duplicate = netc_find_duplicate(names, metadata_count, &out_of_memory);
    what = "metadata key";
  }
  netc_status_code code = NETC_OK;
  if (out_of_memory) {
    code = netc_status_set(status, NETC_ERROR_OUT_OF_MEMORY,
                           "netc_safetensors_write: out of memory");
  } else if (duplicate != NULL) {
    code = netc_status_set(status, NETC_ERROR_INVALID_ARGUMENT,
                           "netc_safetensors_write: %s '%.*s%s' is listed "
                           "twice",
                           what, NETC_QUOTE(duplicate));
  }
  free(names);
  return code;
}

/* The header JSON, padded with spaces to a multiple of 8 bytes. */
static int netc_build_header(const netc_tensor_view *tensors, int64_t count,
                             const netc_metadata_entry *metadata,
                             int64_t metadata_count, netc_buffer *out) {
  netc_buffer_text(out, "{");
  const char *separator = "";
  if (metadata_count > 0) {
    netc_buffer_text(out, "\"__metadata__\":{");
    for (int64_t m = 0; m < metadata_count; ++m) {
      if (m > 0) netc_buffer_text(out, ",");
      netc_buffer_json_string(out, metadata[m].key);
      netc_buffer_text(out, ":");
      netc_buffer_json_string(out, metadata[m].value);
    }
    netc_buffer_text(out, "}");
    separator = ",";
  }
  int64_t offset = 0;
  for (int64_t i = 0; i < count; ++i) {
    const netc_tensor_view *t = &tensors[i];
    netc_buffer_text(out, separator);
    separator = ",";
    netc_buffer_json_string(out, t->name);
    netc_buffer_text(out, ":{\"dtype\":\"F32\",\"shape\":[");
    for (int32_t d = 0; d < t->rank; ++d) {
      if (d > 0) netc_buffer_text(out, ",");
      netc_buffer_int(out, t->shape[d]);
    }
    int64_t bytes = netc_shape_elements(t->shape, t->rank, 4) * 4;
    netc_buffer_text(out, "],\"data_offsets\":[");
    netc_buffer_int(out, offset);
    netc_buffer_text(out, ",");
    netc_buffer_int(out, offset + bytes);
    netc_buffer_text(out, "]}");
    offset += bytes;
  }
  netc_buffer_text(out, "}");
  while (!out->failed && out->len % 8u != 0) netc_buffer_text(out, " ");
  return !out->failed;
}

/* Writes the tensors' data, little-endian. Returns 0 on a write error. */
static int netc_write_data(FILE *file, const netc_tensor_view *tensors,
                           int64_t count) {
  int swap = !netc_host_is_little_endian();
  float chunk[1024];
  for (int64_t i = 0; i < count; ++i) {
    size_t elements =
        (size_t)netc_shape_elements(tensors[i].shape, tensors[i].rank, 4);
    if (elements == 0) continue;
    if (!swap) {
      if (fwrite(tensors[i].data, sizeof(float), elements, file) != elements) {
        return 0;
      }
      continue;
    }
    for (size_t done = 0; done < elements;) {
      size_t n = elements - done;
      if (n > sizeof(chunk) / sizeof(chunk[0])) {
        n = sizeof(chunk) / sizeof(chunk[0]);
      }
      memcpy(chunk, tensors[i].data + done, n * sizeof(float));
      netc_swap_bytes4(chunk, n);
      if (fwrite(chunk, sizeof(float), n, file) != n) return 0;
      done += n;
    }
  }
  return 1;
}

/* Opens a new PATH.tmp-XXXXXX for writing (O_EXCL, so never an existing
 * file); fills `temp_path`. Returns the descriptor or -1 with errno set. */
static int netc_create_temp(const char *path, char *temp_path, size_t size) {
  static const char letters[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  netc_rng rng;
  uint64_t seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32) ^
                  (uint64_t)clock() ^ (uint64_t)(uintptr_t)&rng;
  netc_rng_seed(&rng, seed);
  for (int attempt = 0; attempt < 100; ++attempt) {
    char suffix[7];
    for (int i = 0; i < 6; ++i) {
      suffix[i] = letters[netc_rng_next_below(&rng, sizeof(letters) - 1u)];
    }
    suffix[6] = '\0';
    snprintf(temp_path, size, "%s.tmp-%s", path, suffix);
    int fd = open(temp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0 || errno != EEXIST) return fd;
  }
  errno = EEXIST;
  return -1;
}

/* fsyncs the folder holding `path`, so that the rename is durable. */
static int netc_sync_folder(const char *path) {
  const char *slash = strrchr(path, '/');
  char *folder;
  if (slash == NULL) {
    folder = (char *)malloc(2);
    if (folder != NULL) memcpy(folder, ".", 2);
  } else {
    size_t len = slash == path ? 1u : (size_t)(slash - path);
    folder = (char *)malloc(len + 1u);
    if (folder != NULL) {
      memcpy(folder, path, len);
      folder[len] = '\0';
    }
  }
  if (folder == NULL) {
    errno = ENOMEM;
    return -1;
  }
  int fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  free(folder);
  if (fd < 0) return -1;
  int result = fsync(fd);
  int saved_errno = errno;
  close(fd);
  /* Some file systems cannot sync a folder; nothing more can be done. */
  if (result != 0 && saved_errno == EINVAL) return 0;
  errno = saved_errno;
  return result;
}

netc_status_code netc_safetensors_write(const char *path,
                                        const netc_tensor_view *tensors,
                                        int64_t count,
                                        const netc_metadata_entry *metadata,
                                        int64_t metadata_count,
                                        netc_status *status) {
  if (path == NULL || path[0] == '\0') {
    return netc_status_set(status, NETC_ERROR_INVALID_ARGUMENT,
                           "netc_safetensors_write: path is %s",
                           path == NULL ? "NULL" : "empty");
  }
  netc_status_code code = netc_check_write_args(tensors, count, metadata,
                                                metadata_count, status);
  if (code != NETC_OK) return code;

  netc_buffer header;
  memset(&header, 0, sizeof(header));
  if (!netc_build_header(tensors, count, metadata, metadata_count, &header)) {
    free(header.data);
    return netc_status_set(status, NETC_ERROR_OUT_OF_MEMORY,
                           "%s: error: out of memory", path);
  }
  if (header.len > NETC_SAFETENSORS_MAX_HEADER) {
    free(header.data);
    return netc_status_set(status, NETC_ERROR_INVALID_ARGUMENT,
                           "%s: error: the header would be %llu bytes, more "
                           "than the limit of %u",
                           path, (unsigned long long)header.len,
                           NETC_SAFETENSORS_MAX_HEADER);
  }

  size_t temp_size = strlen(path) + sizeof(".tmp-XXXXXX");
  char *temp_path = (char *)malloc(temp_size);
  if (temp_path == NULL) {
    free(header.data);
    return netc_status_set(status, NETC_ERROR_OUT_OF_MEMORY,
                           "%s: error: out of memory", path);
  }
  int fd = netc_create_temp(path, temp_path, temp_size);
  if (fd < 0) {
    code = netc_status_set(status, NETC_ERROR_IO,
                           "%s: error: cannot create temporary file: %s", path,
                           strerror(errno));
    free(header.data);
    free(temp_path);
    return code;
  }
  FILE *file = fdopen(fd, "wb");
  if (file == NULL) {
    code = netc_status_set(status, NETC_ERROR_IO,
                           "%s: error: cannot write: %s", path,
                           strerror(errno));
    close(fd);
    unlink(temp_path);
    free(header.data);
    free(temp_path);
    return code;
  }

  unsigned char length_bytes[8];
  uint64_t length = (uint64_t)header.len;
  for (int i = 0; i < 8; ++i) length_bytes[i] = (unsigned char)(length >> (8 * i));
  const char *failed = NULL;
  errno = 0;
  if (fwrite(length_bytes, 1, 8, file) != 8 ||
      fwrite(header.data, 1, header.len, file) != header.len ||
      !netc_write_data(file, tensors, count) || fflush(file) != 0) {
    failed = "cannot write";
  } else if (fsync(fileno(file)) != 0) {
    failed = "cannot sync to disk";
  }
  int saved_errno = errno;
  if (fclose(file) != 0 && failed == NULL) {
    failed = "cannot write";
    saved_errno = errno;
  }
  free(header.data);
  if (failed == NULL && rename(temp_path, path) != 0) {
    failed = "cannot replace the file";
    saved_errno = errno;
  }
  if (failed != NULL) {
    unlink(temp_path);
    free(temp_path);
    return netc_status_set(status, NETC_ERROR_IO, "%s: error: %s: %s", path,
                           failed,
                           saved_errno ? strerror(saved_errno) : "unknown error");
  }
  free(temp_path);
  if (netc_sync_folder(path) != 0) {
    return netc_status_set(status, NETC_ERROR_IO,
                           "%s: error: cannot sync the folder: %s", path,
                           strerror(errno));
  }
  return NETC_OK;
}
