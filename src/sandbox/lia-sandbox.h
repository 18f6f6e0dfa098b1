/* lia-sandbox.h: the whole sandbox, both emulators on their two servers
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "lia-sandbox-server.h"

G_BEGIN_DECLS

/* What liaison-sandbox's flags set; lia_sandbox_options_init() gives the defaults. */
typedef struct
{
  guint             ghl_port;          /* 0: any free port */
  guint             mojo_port;         /* 0: any free port */
  guint64           seed;              /* 1 */
  guint             contacts;          /* 200 */
  guint             latency_ms;
  guint             jitter_ms;
  guint             rate_limit_max;    /* 100; 0: off */
  guint             rate_limit_window; /* 10 seconds */
  guint             daily_limit;       /* 200 000; 0: off */
  guint             token_lifetime;    /* 86399 seconds */
  gboolean          allow_duplicates;  /* FALSE, as a new HighLevel location */
  guint             search_lag_ms;     /* HighLevel search and Mojo list/search trail writes by this */
  guint             fault_rate;        /* percent */
  LiaSandboxFaults  faults;
  gboolean          auto_approve;
  char            **redirect_uris;     /* more to register, besides Liaison's default two */
  char             *state_file;        /* keep the data here across restarts */
} LiaSandboxOptions;

void                 lia_sandbox_options_init             (LiaSandboxOptions  *options);
void                 lia_sandbox_options_clear            (LiaSandboxOptions  *options);
/* "200000" or "off" (0) */
gboolean             lia_sandbox_parse_limit              (const char         *text,
                                                           guint              *value);
/* "100/10" or "off" */
gboolean             lia_sandbox_parse_rate_limit         (const char         *text,
                                                           guint              *max,
                                                           guint              *window_seconds);

#define LIA_TYPE_SANDBOX (lia_sandbox_get_type())

G_DECLARE_FINAL_TYPE (LiaSandbox, lia_sandbox, LIA, SANDBOX, GObject)

/* @options is copied. */
LiaSandbox          *lia_sandbox_new                      (const LiaSandboxOptions *options) G_GNUC_WARN_UNUSED_RESULT;
/* Builds the data (or loads the state file) and listens, in the
 * thread-default main context of the calling thread. */
gboolean             lia_sandbox_start                    (LiaSandbox         *self,
                                                           GError            **error);
/* The same in a thread of its own with its own GMainContext, so that the
 * sandbox never stalls the caller's main loop (the app's Sandbox mode).
 * Returns once both servers listen, or with @error. */
gboolean             lia_sandbox_start_in_thread          (LiaSandbox         *self,
                                                           GError            **error);
/* The same without waiting: @callback runs in the caller's thread-default
 * main context once both servers listen. */
void                 lia_sandbox_start_async              (LiaSandbox         *self,
                                                           GCancellable       *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer            user_data);
gboolean             lia_sandbox_start_finish             (LiaSandbox         *self,
                                                           GAsyncResult       *result,
                                                           GError            **error);
/* Saves the state file (if any) and stops serving; joins the thread. */
void                 lia_sandbox_stop                     (LiaSandbox         *self);
/* Writes the state file now (atomically), if the options name one. */
gboolean             lia_sandbox_save_state               (LiaSandbox         *self,
                                                           GError            **error);

/* The one-line JSON description: URLs and credentials (valid once started). */
JsonNode            *lia_sandbox_get_info                 (LiaSandbox         *self) G_GNUC_WARN_UNUSED_RESULT;
char                *lia_sandbox_get_info_line            (LiaSandbox         *self) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
