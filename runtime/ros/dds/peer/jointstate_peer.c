/*
 * A Cyclone DDS peer that speaks to Kindred the way a ROS 2 node on rmw_cyclonedds does: topic
 * `rt/<ros topic>`, type `pkg::msg::dds_::Name_` (ros_types.idl), XCDR1 little-endian samples.
 * Kindred's tests (../cyclonedds.test.ts) run it as a separate process so every sample crosses a real
 * DDS stack and real UDP on the loopback interface.
 *
 *   kindred_dds_peer publish ROS_TYPE ROS_TOPIC DOMAIN TIMEOUT_MS   (field values on stdin)
 *   kindred_dds_peer inject  ROS_TYPE ROS_TOPIC DOMAIN TIMEOUT_MS   (CDR bytes as hex on stdin)
 *   kindred_dds_peer take    ROS_TYPE ROS_TOPIC DOMAIN TIMEOUT_MS
 *
 * publish: builds the C struct from the values on stdin and writes it with dds_write, so Cyclone
 *          serialises it. Values are whitespace-separated tokens in field order (depth first):
 *          integers and doubles in decimal, strings as `s` + the hex of their UTF-8 bytes, a
 *          sequence as its length followed by its elements.
 * inject:  turns the given bytes (encapsulation header included) into a serdata of the topic's type
 *          with ddsi_serdata_from_ser_iov and writes them with dds_writecdr, untouched.
 * take:    waits for one sample, takes it with dds_takecdr and prints one JSON line: the topic and
 *          type the remote writer announced in discovery, the exact serialized bytes it carried
 *          (ddsi_serdata_to_ser) and the fields Cyclone decoded from them into the C struct.
 *
 * QoS as ROS 2's "transient local" profile: reliable, keep last 10, transient local, so a sample
 * written just as the reader and writer match is still delivered. The writers wait for a matched
 * reader first and for its acknowledgement after. Exit status: 0 done, 1 usage or input error,
 * 2 timeout, 3 DDS error; the reason goes to stderr.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dds/dds.h"
#include "dds/ddsi/ddsi_serdata.h"
#include "ros_types.h"

/* ------------------------------------------------------------------ failing */

static void fail(int status, const char *fmt, const char *arg)
{
  fprintf(stderr, "kindred_dds_peer: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\n");
  exit(status);
}

static void check_dds(dds_return_t rc, const char *what)
{
  if (rc < 0)
  {
    fprintf(stderr, "kindred_dds_peer: %s failed: %s\n", what, dds_strretcode(rc));
    exit(3);
  }
}

/* ------------------------------------------------------------------ stdin */

static char *read_all_stdin(size_t *len)
{
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  if (buf == NULL)
    fail(1, "%s", "out of memory");
  for (;;)
  {
    if (n + 1 >= cap)
    {
      cap *= 2;
      buf = realloc(buf, cap);
      if (buf == NULL)
        fail(1, "%s", "out of memory");
    }
    size_t got = fread(buf + n, 1, cap - n - 1, stdin);
    if (got == 0)
      break;
    n += got;
  }
  buf[n] = '\0';
  *len = n;
  return buf;
}

/* ------------------------------------------------------------------ value tokens */

typedef struct tokens
{
  char *cur;
} tokens_t;

static bool is_space(char c)
{
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

static char *next_token(tokens_t *t)
{
  while (is_space(*t->cur))
    t->cur++;
  if (*t->cur == '\0')
    fail(1, "%s", "the field values on stdin ended early");
  char *start = t->cur;
  while (*t->cur != '\0' && !is_space(*t->cur))
    t->cur++;
  if (*t->cur != '\0')
    *t->cur++ = '\0';
  return start;
}

static bool at_end(tokens_t *t)
{
  while (is_space(*t->cur))
    t->cur++;
  return *t->cur == '\0';
}

static long long tok_int(tokens_t *t, long long lo, long long hi)
{
  char *s = next_token(t), *end;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (errno != 0 || *end != '\0' || v < lo || v > hi)
    fail(1, "bad integer token \"%s\"", s);
  return v;
}

static double tok_f64(tokens_t *t)
{
  char *s = next_token(t), *end;
  double v = strtod(s, &end);
  if (*end != '\0')
    fail(1, "bad double token \"%s\"", s);
  return v;
}

static int hex_digit(char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* A string token: `s` + hex of the UTF-8 bytes. Allocated with dds_string_alloc so dds_sample_free frees it. */
static char *tok_str(tokens_t *t)
{
  char *s = next_token(t);
  size_t hex = strlen(s) - 1;
  if (s[0] != 's' || hex % 2 != 0)
    fail(1, "bad string token \"%s\" (expected s + hex)", s);
  char *out = dds_string_alloc(hex / 2);
  for (size_t i = 0; i < hex / 2; i++)
  {
    int hi = hex_digit(s[1 + 2 * i]), lo = hex_digit(s[2 + 2 * i]);
    if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
      fail(1, "bad string token \"%s\" (expected s + hex, no NUL)", s);
    out[i] = (char) (hi * 16 + lo);
  }
  out[hex / 2] = '\0';
  return out;
}

static uint32_t tok_len(tokens_t *t)
{
  return (uint32_t) tok_int(t, 0, 1000000);
}

/* Allocates a sequence buffer of n elements (zeroed) that dds_sample_free releases. */
static void *seq_alloc(uint32_t n, size_t elem)
{
  void *p = dds_alloc(n == 0 ? 1 : n * elem);
  memset(p, 0, n == 0 ? 1 : n * elem);
  return p;
}

#define SEQ_INIT(seq, n, elem_type)                         \
  do                                                        \
  {                                                         \
    (seq)._length = (seq)._maximum = (n);                   \
    (seq)._buffer = (elem_type *) seq_alloc((n), sizeof(elem_type)); \
    (seq)._release = true;                                  \
  } while (0)

/* ------------------------------------------------------------------ JSON output */

static void pj_str(const char *s)
{
  putchar('"');
  for (const unsigned char *p = (const unsigned char *) s; *p; p++)
  {
    if (*p == '"' || *p == '\\')
      printf("\\%c", *p);
    else if (*p < 0x20)
      printf("\\u%04x", *p);
    else
      putchar(*p); /* UTF-8 bytes pass through unchanged */
  }
  putchar('"');
}

/* %.17g prints a double that parses back to the same double; JSON has no NaN or infinities, so
 * those are printed as the strings "NaN", "Infinity" and "-Infinity". */
static void pj_f64(double v)
{
  if (isnan(v))
    printf("\"NaN\"");
  else if (isinf(v))
    printf(v > 0 ? "\"Infinity\"" : "\"-Infinity\"");
  else
    printf("%.17g", v);
}

static void pj_f64_seq(const dds_sequence_double *s)
{
  putchar('[');
  for (uint32_t i = 0; i < s->_length; i++)
  {
    if (i > 0)
      putchar(',');
    pj_f64(s->_buffer[i]);
  }
  putchar(']');
}

static void pj_str_seq(const dds_sequence_string *s)
{
  putchar('[');
  for (uint32_t i = 0; i < s->_length; i++)
  {
    if (i > 0)
      putchar(',');
    pj_str(s->_buffer[i]);
  }
  putchar(']');
}

static void pj_hex(const unsigned char *b, size_t n)
{
  putchar('"');
  for (size_t i = 0; i < n; i++)
    printf("%02x", b[i]);
  putchar('"');
}

/* ------------------------------------------------------------------ builtin_interfaces, std_msgs */

typedef builtin_interfaces_msg_dds__Time_ Time;
typedef std_msgs_msg_dds__Header_ Header;

static void read_time(tokens_t *t, Time *m)
{
  m->sec = (int32_t) tok_int(t, INT32_MIN, INT32_MAX);
  m->nanosec = (uint32_t) tok_int(t, 0, UINT32_MAX);
}

static void print_time(const Time *m)
{
  printf("{\"sec\":%" PRId32 ",\"nanosec\":%" PRIu32 "}", m->sec, m->nanosec);
}

static void read_header(tokens_t *t, Header *m)
{
  read_time(t, &m->stamp);
  m->frame_id = tok_str(t);
}

static void print_header(const Header *m)
{
  printf("{\"stamp\":");
  print_time(&m->stamp);
  printf(",\"frame_id\":");
  pj_str(m->frame_id);
  putchar('}');
}

/* ------------------------------------------------------------------ sensor_msgs/msg/JointState */

typedef sensor_msgs_msg_dds__JointState_ JointState;

static void read_f64_seq(tokens_t *t, dds_sequence_double *s)
{
  uint32_t n = tok_len(t);
  SEQ_INIT(*s, n, double);
  for (uint32_t i = 0; i < n; i++)
    s->_buffer[i] = tok_f64(t);
}

static void read_joint_state(tokens_t *t, void *sample)
{
  JointState *m = sample;
  read_header(t, &m->header);
  uint32_t n = tok_len(t);
  SEQ_INIT(m->name, n, char *);
  for (uint32_t i = 0; i < n; i++)
    m->name._buffer[i] = tok_str(t);
  read_f64_seq(t, &m->position);
  read_f64_seq(t, &m->velocity);
  read_f64_seq(t, &m->effort);
}

static void print_joint_state(const void *sample)
{
  const JointState *m = sample;
  printf("{\"header\":");
  print_header(&m->header);
  printf(",\"name\":");
  pj_str_seq(&m->name);
  printf(",\"position\":");
  pj_f64_seq(&m->position);
  printf(",\"velocity\":");
  pj_f64_seq(&m->velocity);
  printf(",\"effort\":");
  pj_f64_seq(&m->effort);
  putchar('}');
}

/* ------------------------------------------------------------------ diagnostic_msgs/msg/DiagnosticArray */

typedef diagnostic_msgs_msg_dds__DiagnosticArray_ DiagnosticArray;
typedef diagnostic_msgs_msg_dds__DiagnosticStatus_ DiagnosticStatus;
typedef diagnostic_msgs_msg_dds__KeyValue_ KeyValue;

static void read_diagnostic_array(tokens_t *t, void *sample)
{
  DiagnosticArray *m = sample;
  read_header(t, &m->header);
  uint32_t n = tok_len(t);
  SEQ_INIT(m->status, n, DiagnosticStatus);
  for (uint32_t i = 0; i < n; i++)
  {
    DiagnosticStatus *s = &m->status._buffer[i];
    s->level = (uint8_t) tok_int(t, 0, UINT8_MAX);
    s->name = tok_str(t);
    s->message = tok_str(t);
    s->hardware_id = tok_str(t);
    uint32_t nv = tok_len(t);
    SEQ_INIT(s->values, nv, KeyValue);
    for (uint32_t j = 0; j < nv; j++)
    {
      s->values._buffer[j].key = tok_str(t);
      s->values._buffer[j].value = tok_str(t);
    }
  }
}

static void print_diagnostic_array(const void *sample)
{
  const DiagnosticArray *m = sample;
  printf("{\"header\":");
  print_header(&m->header);
  printf(",\"status\":[");
  for (uint32_t i = 0; i < m->status._length; i++)
  {
    const DiagnosticStatus *s = &m->status._buffer[i];
    if (i > 0)
      putchar(',');
    printf("{\"level\":%u,\"name\":", (unsigned) s->level);
    pj_str(s->name);
    printf(",\"message\":");
    pj_str(s->message);
    printf(",\"hardware_id\":");
    pj_str(s->hardware_id);
    printf(",\"values\":[");
    for (uint32_t j = 0; j < s->values._length; j++)
    {
      if (j > 0)
        putchar(',');
      printf("{\"key\":");
      pj_str(s->values._buffer[j].key);
      printf(",\"value\":");
      pj_str(s->values._buffer[j].value);
      putchar('}');
    }
    printf("]}");
  }
  printf("]}");
}

/* ------------------------------------------------------------------ tf2_msgs/msg/TFMessage */

typedef tf2_msgs_msg_dds__TFMessage_ TFMessage;
typedef geometry_msgs_msg_dds__TransformStamped_ TransformStamped;

static void read_tf_message(tokens_t *t, void *sample)
{
  TFMessage *m = sample;
  uint32_t n = tok_len(t);
  SEQ_INIT(m->transforms, n, TransformStamped);
  for (uint32_t i = 0; i < n; i++)
  {
    TransformStamped *ts = &m->transforms._buffer[i];
    read_header(t, &ts->header);
    ts->child_frame_id = tok_str(t);
    ts->transform.translation.x = tok_f64(t);
    ts->transform.translation.y = tok_f64(t);
    ts->transform.translation.z = tok_f64(t);
    ts->transform.rotation.x = tok_f64(t);
    ts->transform.rotation.y = tok_f64(t);
    ts->transform.rotation.z = tok_f64(t);
    ts->transform.rotation.w = tok_f64(t);
  }
}

static void print_tf_message(const void *sample)
{
  const TFMessage *m = sample;
  printf("{\"transforms\":[");
  for (uint32_t i = 0; i < m->transforms._length; i++)
  {
    const TransformStamped *ts = &m->transforms._buffer[i];
    if (i > 0)
      putchar(',');
    printf("{\"header\":");
    print_header(&ts->header);
    printf(",\"child_frame_id\":");
    pj_str(ts->child_frame_id);
    printf(",\"transform\":{\"translation\":{\"x\":");
    pj_f64(ts->transform.translation.x);
    printf(",\"y\":");
    pj_f64(ts->transform.translation.y);
    printf(",\"z\":");
    pj_f64(ts->transform.translation.z);
    printf("},\"rotation\":{\"x\":");
    pj_f64(ts->transform.rotation.x);
    printf(",\"y\":");
    pj_f64(ts->transform.rotation.y);
    printf(",\"z\":");
    pj_f64(ts->transform.rotation.z);
    printf(",\"w\":");
    pj_f64(ts->transform.rotation.w);
    printf("}}}");
  }
  printf("]}");
}

/* ------------------------------------------------------------------ kindred_msgs/msg/SafetyState */

typedef kindred_msgs_msg_dds__SafetyState_ SafetyState;
typedef kindred_msgs_msg_dds__SafetyFault_ SafetyFault;

static void read_safety_state(tokens_t *t, void *sample)
{
  SafetyState *m = sample;
  read_header(t, &m->header);
  m->state = (uint8_t) tok_int(t, 0, UINT8_MAX);
  m->stop_category = (int8_t) tok_int(t, INT8_MIN, INT8_MAX);
  uint32_t n = tok_len(t);
  SEQ_INIT(m->active_faults, n, SafetyFault);
  for (uint32_t i = 0; i < n; i++)
  {
    SafetyFault *f = &m->active_faults._buffer[i];
    f->monitor = tok_str(t);
    f->code = tok_str(t);
    f->joint = tok_str(t);
    f->value = tok_f64(t);
    f->limit = tok_f64(t);
    f->reaction = (uint8_t) tok_int(t, 0, UINT8_MAX);
    read_time(t, &f->stamp);
    f->message_en = tok_str(t);
    f->message_zh = tok_str(t);
  }
  m->speed_scale = tok_f64(t);
}

static void print_safety_state(const void *sample)
{
  const SafetyState *m = sample;
  printf("{\"header\":");
  print_header(&m->header);
  printf(",\"state\":%u,\"stop_category\":%d,\"active_faults\":[", (unsigned) m->state, (int) m->stop_category);
  for (uint32_t i = 0; i < m->active_faults._length; i++)
  {
    const SafetyFault *f = &m->active_faults._buffer[i];
    if (i > 0)
      putchar(',');
    printf("{\"monitor\":");
    pj_str(f->monitor);
    printf(",\"code\":");
    pj_str(f->code);
    printf(",\"joint\":");
    pj_str(f->joint);
    printf(",\"value\":");
    pj_f64(f->value);
    printf(",\"limit\":");
    pj_f64(f->limit);
    printf(",\"reaction\":%u,\"stamp\":", (unsigned) f->reaction);
    print_time(&f->stamp);
    printf(",\"message_en\":");
    pj_str(f->message_en);
    printf(",\"message_zh\":");
    pj_str(f->message_zh);
    putchar('}');
  }
  printf("],\"speed_scale\":");
  pj_f64(m->speed_scale);
  putchar('}');
}

/* ------------------------------------------------------------------ type table */

typedef struct peer_type
{
  const char *ros_type;
  const dds_topic_descriptor_t *desc;
  void (*read)(tokens_t *t, void *sample);
  void (*print)(const void *sample);
} peer_type_t;

static const peer_type_t peer_types[] = {
  {"sensor_msgs/msg/JointState", &sensor_msgs_msg_dds__JointState__desc, read_joint_state, print_joint_state},
  {"diagnostic_msgs/msg/DiagnosticArray", &diagnostic_msgs_msg_dds__DiagnosticArray__desc, read_diagnostic_array, print_diagnostic_array},
  {"tf2_msgs/msg/TFMessage", &tf2_msgs_msg_dds__TFMessage__desc, read_tf_message, print_tf_message},
  {"kindred_msgs/msg/SafetyState", &kindred_msgs_msg_dds__SafetyState__desc, read_safety_state, print_safety_state},
};

static const peer_type_t *find_type(const char *ros_type)
{
  for (size_t i = 0; i < sizeof(peer_types) / sizeof(peer_types[0]); i++)
    if (strcmp(peer_types[i].ros_type, ros_type) == 0)
      return &peer_types[i];
  fail(1, "no DDS type for ROS 2 type \"%s\" in ros_types.idl", ros_type);
  return NULL;
}

/* ------------------------------------------------------------------ DDS plumbing */

static dds_time_t deadline;

static dds_duration_t time_left(void)
{
  dds_duration_t left = deadline - dds_time();
  return left > 0 ? left : 0;
}

static dds_qos_t *ros_qos(void)
{
  dds_qos_t *qos = dds_create_qos();
  dds_qset_reliability(qos, DDS_RELIABILITY_RELIABLE, DDS_SECS(1));
  dds_qset_history(qos, DDS_HISTORY_KEEP_LAST, 10);
  dds_qset_durability(qos, DDS_DURABILITY_TRANSIENT_LOCAL);
  return qos;
}

static void wait_for_reader(dds_entity_t wr)
{
  for (;;)
  {
    dds_publication_matched_status_t st;
    check_dds(dds_get_publication_matched_status(wr, &st), "dds_get_publication_matched_status");
    if (st.current_count > 0)
      return;
    if (time_left() == 0)
      fail(2, "%s", "timed out waiting for a matching reader");
    dds_sleepfor(DDS_MSECS(5));
  }
}

static void wait_for_ack(dds_entity_t wr)
{
  dds_return_t rc = dds_wait_for_acks(wr, time_left());
  if (rc == DDS_RETCODE_TIMEOUT)
    fail(2, "%s", "timed out waiting for the reader to acknowledge the sample");
  check_dds(rc, "dds_wait_for_acks");
}

/* The sertype Cyclone made for the topic's type. 0.10 has no public getter, so a sample is written on a
 * private probe topic of the same type (same participant, so delivered locally at once) and taken back
 * serialized: Cyclone keeps one sertype per type and domain, so its serdata's type is the one the
 * ROS topic's writer uses. */
static const struct ddsi_sertype *sertype_of(dds_entity_t pp, const peer_type_t *pt)
{
  dds_entity_t topic = dds_create_topic(pp, pt->desc, "kindred_dds_peer_probe", NULL, NULL);
  check_dds(topic, "dds_create_topic (probe)");
  dds_qos_t *qos = ros_qos();
  dds_entity_t rd = dds_create_reader(pp, topic, qos, NULL);
  check_dds(rd, "dds_create_reader (probe)");
  dds_entity_t wr = dds_create_writer(pp, topic, qos, NULL);
  check_dds(wr, "dds_create_writer (probe)");
  dds_delete_qos(qos);
  void *zero = dds_alloc(pt->desc->m_size);
  memset(zero, 0, pt->desc->m_size);
  check_dds(dds_write(wr, zero), "dds_write (probe)");
  dds_sample_free(zero, pt->desc, DDS_FREE_ALL);
  for (;;)
  {
    struct ddsi_serdata *sd = NULL;
    dds_sample_info_t si;
    dds_return_t n = dds_takecdr(rd, &sd, 1, &si, DDS_ANY_STATE);
    check_dds(n, "dds_takecdr (probe)");
    if (n > 0)
    {
      const struct ddsi_sertype *type = ddsi_sertype_ref(sd->type);
      ddsi_serdata_unref(sd);
      dds_delete(wr);
      dds_delete(rd);
      return type;
    }
    if (time_left() == 0)
      fail(2, "%s", "timed out reading the probe sample back");
    dds_sleepfor(DDS_MSECS(1));
  }
}

static unsigned char *hex_to_bytes(const char *text, size_t *n)
{
  size_t len = 0;
  unsigned char *out = malloc(strlen(text) / 2 + 1);
  int hi = -1;
  for (const char *p = text; *p; p++)
  {
    if (is_space(*p))
      continue;
    int d = hex_digit(*p);
    if (d < 0)
      fail(1, "%s", "stdin must hold the CDR bytes as hex");
    if (hi < 0)
      hi = d;
    else
    {
      out[len++] = (unsigned char) (hi * 16 + d);
      hi = -1;
    }
  }
  if (hi >= 0)
    fail(1, "%s", "odd number of hex digits on stdin");
  *n = len;
  return out;
}

/* ------------------------------------------------------------------ modes */

static void do_publish(dds_entity_t pp, dds_entity_t topic, const peer_type_t *pt)
{
  size_t len;
  char *text = read_all_stdin(&len);
  tokens_t t = {text};
  void *sample = dds_alloc(pt->desc->m_size);
  memset(sample, 0, pt->desc->m_size);
  pt->read(&t, sample);
  if (!at_end(&t))
    fail(1, "unexpected extra field values on stdin: \"%s\"", t.cur);
  dds_qos_t *qos = ros_qos();
  dds_entity_t wr = dds_create_writer(pp, topic, qos, NULL);
  check_dds(wr, "dds_create_writer");
  dds_delete_qos(qos);
  wait_for_reader(wr);
  check_dds(dds_write(wr, sample), "dds_write");
  wait_for_ack(wr);
  dds_sample_free(sample, pt->desc, DDS_FREE_ALL);
  free(text);
  printf("{\"published\":true}\n");
}

static void do_inject(dds_entity_t pp, dds_entity_t topic, const peer_type_t *pt)
{
  size_t len, n;
  char *text = read_all_stdin(&len);
  unsigned char *bytes = hex_to_bytes(text, &n);
  free(text);
  const struct ddsi_sertype *type = sertype_of(pp, pt);
  ddsrt_iovec_t iov;
  iov.iov_base = bytes;
  iov.iov_len = (ddsrt_iov_len_t) n;
  struct ddsi_serdata *sd = ddsi_serdata_from_ser_iov(type, SDK_DATA, 1, &iov, n);
  if (sd == NULL)
    fail(3, "%s", "Cyclone DDS refused the bytes as a serialized sample of this type");
  dds_qos_t *qos = ros_qos();
  dds_entity_t wr = dds_create_writer(pp, topic, qos, NULL);
  check_dds(wr, "dds_create_writer");
  dds_delete_qos(qos);
  wait_for_reader(wr);
  check_dds(dds_writecdr(wr, sd), "dds_writecdr"); /* takes over our reference to sd */
  wait_for_ack(wr);
  ddsi_sertype_unref((struct ddsi_sertype *) type);
  free(bytes);
  printf("{\"injected\":%zu}\n", n);
}

/* The topic and type each matched writer announced, noted when it matched: a writer may be gone
 * (it exits once its sample is acknowledged) by the time its sample is taken. */
typedef struct seen_writer
{
  dds_instance_handle_t handle;
  char *topic_name;
  char *type_name;
} seen_writer_t;

static pthread_mutex_t seen_lock = PTHREAD_MUTEX_INITIALIZER;
static seen_writer_t seen[16];
static int n_seen;

static void on_subscription_matched(dds_entity_t rd, const dds_subscription_matched_status_t st, void *arg)
{
  (void) arg;
  if (st.current_count_change <= 0)
    return;
  dds_builtintopic_endpoint_t *ep = dds_get_matched_publication_data(rd, st.last_publication_handle);
  if (ep == NULL)
    return;
  pthread_mutex_lock(&seen_lock);
  if (n_seen < (int) (sizeof(seen) / sizeof(seen[0])))
  {
    seen[n_seen].handle = st.last_publication_handle;
    seen[n_seen].topic_name = dds_string_dup(ep->topic_name);
    seen[n_seen].type_name = dds_string_dup(ep->type_name);
    n_seen++;
  }
  pthread_mutex_unlock(&seen_lock);
  dds_builtintopic_free_endpoint(ep);
}

/* The noted writer; the match listener may still be running when its first sample arrives. */
static const seen_writer_t *writer_of(dds_instance_handle_t handle)
{
  for (;;)
  {
    pthread_mutex_lock(&seen_lock);
    for (int i = 0; i < n_seen; i++)
      if (seen[i].handle == handle)
      {
        pthread_mutex_unlock(&seen_lock);
        return &seen[i];
      }
    pthread_mutex_unlock(&seen_lock);
    if (time_left() == 0)
      fail(3, "%s", "no discovery data for the writer of the sample");
    dds_sleepfor(DDS_MSECS(1));
  }
}

static void do_take(dds_entity_t pp, dds_entity_t topic, const peer_type_t *pt)
{
  dds_qos_t *qos = ros_qos();
  dds_listener_t *listener = dds_create_listener(NULL);
  dds_lset_subscription_matched(listener, on_subscription_matched);
  dds_entity_t rd = dds_create_reader(pp, topic, qos, listener);
  check_dds(rd, "dds_create_reader");
  dds_delete_listener(listener);
  dds_delete_qos(qos);
  dds_entity_t ws = dds_create_waitset(pp);
  check_dds(ws, "dds_create_waitset");
  dds_entity_t rc = dds_create_readcondition(rd, DDS_ANY_STATE);
  check_dds(rc, "dds_create_readcondition");
  check_dds(dds_waitset_attach(ws, rc, rd), "dds_waitset_attach");
  for (;;)
  {
    dds_return_t w = dds_waitset_wait(ws, NULL, 0, time_left());
    check_dds(w, "dds_waitset_wait");
    if (w == 0)
      fail(2, "%s", "timed out waiting for a sample");
    struct ddsi_serdata *sd = NULL;
    dds_sample_info_t si;
    dds_return_t n = dds_takecdr(rd, &sd, 1, &si, DDS_ANY_STATE);
    check_dds(n, "dds_takecdr");
    if (n == 0)
      continue;
    if (!si.valid_data)
    {
      ddsi_serdata_unref(sd);
      continue;
    }
    uint32_t size = ddsi_serdata_size(sd);
    unsigned char *bytes = malloc(size == 0 ? 1 : size);
    ddsi_serdata_to_ser(sd, 0, size, bytes);
    void *sample = dds_alloc(pt->desc->m_size);
    memset(sample, 0, pt->desc->m_size);
    if (!ddsi_serdata_to_sample(sd, sample, NULL, NULL))
      fail(3, "%s", "Cyclone DDS could not decode the sample it received");
    const seen_writer_t *writer = writer_of(si.publication_handle);
    printf("{\"writer_topic\":");
    pj_str(writer->topic_name);
    printf(",\"writer_type\":");
    pj_str(writer->type_name);
    printf(",\"cdr\":");
    pj_hex(bytes, size);
    printf(",\"msg\":");
    pt->print(sample);
    printf("}\n");
    dds_sample_free(sample, pt->desc, DDS_FREE_ALL);
    free(bytes);
    ddsi_serdata_unref(sd);
    return;
  }
}

int main(int argc, char **argv)
{
  if (argc != 6)
  {
    fprintf(stderr, "usage: %s publish|inject|take ROS_TYPE ROS_TOPIC DOMAIN_ID TIMEOUT_MS\n", argv[0]);
    return 1;
  }
  const char *mode = argv[1];
  const peer_type_t *pt = find_type(argv[2]);
  const char *ros_topic = argv[3];
  if (ros_topic[0] != '/')
    fail(1, "ROS topic \"%s\" must start with /", ros_topic);
  char *end;
  long domain = strtol(argv[4], &end, 10);
  if (*end != '\0' || domain < 0 || domain > 232)
    fail(1, "bad domain id \"%s\" (0..232)", argv[4]);
  long timeout_ms = strtol(argv[5], &end, 10);
  if (*end != '\0' || timeout_ms <= 0)
    fail(1, "bad timeout \"%s\" (milliseconds)", argv[5]);
  deadline = dds_time() + DDS_MSECS(timeout_ms);

  /* ROS 2 topic name mangling: topics live under the `rt` prefix (`/joint_states` -> `rt/joint_states`). */
  char dds_topic[256];
  snprintf(dds_topic, sizeof dds_topic, "rt%s", ros_topic);

  dds_entity_t pp = dds_create_participant((dds_domainid_t) domain, NULL, NULL);
  check_dds(pp, "dds_create_participant");
  dds_entity_t topic = dds_create_topic(pp, pt->desc, dds_topic, NULL, NULL);
  check_dds(topic, "dds_create_topic");

  if (strcmp(mode, "publish") == 0)
    do_publish(pp, topic, pt);
  else if (strcmp(mode, "inject") == 0)
    do_inject(pp, topic, pt);
  else if (strcmp(mode, "take") == 0)
    do_take(pp, topic, pt);
  else
    fail(1, "unknown mode \"%s\" (publish, inject or take)", mode);
  fflush(stdout);
  dds_delete(pp);
  return 0;
}
