/* lia-sandbox-server.h: what the two emulators' servers share
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "lia-sandbox-clock.h"

G_BEGIN_DECLS

/*
 * A LiaSandboxServer is one SoupServer on the loopback interface, serving one
 * emulator. It owns what both services share:
 *
 *  - listening on 127.0.0.1 only (port 0 = any free port);
 *  - latency and jitter added to every answer;
 *  - fault injection (a percentage of API requests get a fault);
 *  - request statistics by route template, served at GET /_sandbox/stats;
 *  - POST /_sandbox/faults, whose generic knobs it applies itself and whose
 *    other members it hands to the emulator's apply_knobs.
 *
 * The emulator gets every other request (its API and its own /_sandbox/
 * levers) through handle(), and answers it synchronously on @msg, for
 * example with lia_sandbox_server_respond_json(). Requests under /_sandbox/
 * never get latency or faults.
 *
 * Faults: "429", "500", "502", "503" answer instead of the emulator, which
 * never sees the request (nothing changes). "reset", "truncate" and "stall"
 * happen AFTER the emulator handled the request, so a write may have landed
 * while the client sees a dropped connection, a cut body, or no answer at
 * all: exactly the case that must not make a client write twice.
 */

#define LIA_TYPE_SANDBOX_SERVER (lia_sandbox_server_get_type())

G_DECLARE_FINAL_TYPE (LiaSandboxServer, lia_sandbox_server, LIA, SANDBOX_SERVER, GObject)

typedef struct
{
  /* Answer @msg (any request outside /_sandbox/stats and /_sandbox/faults).
   * Must call lia_sandbox_server_set_route() (or respond through a helper
   * that does) so statistics count it. */
  void         (*handle)       (gpointer           emulator,
                                LiaSandboxServer  *server,
                                SoupServerMessage *msg,
                                const char        *path);
  /* The route template for a request, e.g. "GET /contacts/{contactId}",
   * without handling it; NULL when nothing matches. Used to count requests
   * that a fault answered before the emulator saw them. */
  char        *(*route)        (gpointer           emulator,
                                const char        *method,
                                const char        *path);
  /* Apply the emulator's own knobs from a POST /_sandbox/faults body (the
   * generic ones are already removed). FALSE with @error on a bad value:
   * the server answers 400 with its message. May be NULL. */
  gboolean     (*apply_knobs)  (gpointer           emulator,
                                JsonObject        *knobs,
                                GError           **error);
} LiaSandboxServerHandler;

typedef enum
{
  LIA_SANDBOX_FAULT_429      = 1 << 0,
  LIA_SANDBOX_FAULT_500      = 1 << 1,
  LIA_SANDBOX_FAULT_502      = 1 << 2,
  LIA_SANDBOX_FAULT_503      = 1 << 3,
  LIA_SANDBOX_FAULT_RESET    = 1 << 4,
  LIA_SANDBOX_FAULT_TRUNCATE = 1 << 5,
  LIA_SANDBOX_FAULT_STALL    = 1 << 6,
} LiaSandboxFaults;

#define LIA_SANDBOX_FAULTS_ALL ((LiaSandboxFaults) 0x7f)

LiaSandboxServer    *lia_sandbox_server_new               (const char         *service_name,
                                                           guint64             seed) G_GNUC_WARN_UNUSED_RESULT;
void                 lia_sandbox_server_set_handler       (LiaSandboxServer   *self,
                                                           const LiaSandboxServerHandler *handler,
                                                           gpointer            emulator);
/* Listens on 127.0.0.1:@port (0: any free port) in the thread-default main context. */
gboolean             lia_sandbox_server_listen            (LiaSandboxServer   *self,
                                                           guint               port,
                                                           GError            **error);
/* "http://127.0.0.1:PORT", once listening */
const char          *lia_sandbox_server_get_url           (LiaSandboxServer   *self);
guint                lia_sandbox_server_get_port          (LiaSandboxServer   *self);
void                 lia_sandbox_server_disconnect        (LiaSandboxServer   *self);

void                 lia_sandbox_server_set_latency       (LiaSandboxServer   *self,
                                                           guint               latency_ms,
                                                           guint               jitter_ms);
void                 lia_sandbox_server_set_faults        (LiaSandboxServer   *self,
                                                           guint               percent,
                                                           LiaSandboxFaults    faults);
/* Parses "429,500,reset"; FALSE with @error naming the bad item. */
gboolean             lia_sandbox_faults_parse             (const char         *text,
                                                           LiaSandboxFaults   *faults,
                                                           GError            **error);

/* Requests read and not yet answered (stalled ones excepted). */
guint                lia_sandbox_server_get_in_flight     (LiaSandboxServer   *self);
/* How many requests that may change data (any method but GET, HEAD and
 * OPTIONS, admin routes included) this server has answered. */
guint64              lia_sandbox_server_get_changes       (LiaSandboxServer   *self);

void                 lia_sandbox_server_reset_stats       (LiaSandboxServer   *self);
/* {"requests": {"GET /contacts/{contactId}": {"200": n}}, "http_429": n} */
JsonNode            *lia_sandbox_server_get_stats         (LiaSandboxServer   *self) G_GNUC_WARN_UNUSED_RESULT;

/* Helpers for the emulators' handlers. */

/* Names the route a request matched, for statistics. */
void                 lia_sandbox_server_set_route         (SoupServerMessage  *msg,
                                                           const char         *route_template);
/* Answers @status with @node as the body (takes ownership of @node; NULL = empty body). */
void                 lia_sandbox_server_respond_json      (SoupServerMessage  *msg,
                                                           guint               status,
                                                           JsonNode           *node);
/* Answers @status with a plain body of @content_type. */
void                 lia_sandbox_server_respond_text      (SoupServerMessage  *msg,
                                                           guint               status,
                                                           const char         *content_type,
                                                           const char         *text);
/* The request body parsed as JSON; NULL (with @error) when it is not JSON. */
JsonNode            *lia_sandbox_server_read_json         (SoupServerMessage  *msg,
                                                           GError            **error) G_GNUC_WARN_UNUSED_RESULT;
/* The request body parsed as application/x-www-form-urlencoded. */
GHashTable          *lia_sandbox_server_read_form         (SoupServerMessage  *msg) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
