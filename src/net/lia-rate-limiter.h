/* lia-rate-limiter.h: pacing requests so that a service's rate limit is never met
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define LIA_TYPE_RATE_LIMITER (lia_rate_limiter_get_type ())

G_DECLARE_FINAL_TYPE (LiaRateLimiter, lia_rate_limiter, LIA, RATE_LIMITER, GObject)

/* @max requests per @interval_ms, and @daily_max per day (0: none), for
 * every key until a service's headers say otherwise. */
LiaRateLimiter      *lia_rate_limiter_new                 (guint               max,
                                                           guint               interval_ms,
                                                           guint               daily_max) G_GNUC_WARN_UNUSED_RESULT;

/* Until the service's headers came back for a key, its first request goes
 * alone: the documented limits may be wider than the account's. */
void                 lia_rate_limiter_set_probe_first     (LiaRateLimiter     *self,
                                                           gboolean            probe_first);

/* Completes once a request for @key (a service and account or location)
 * may be sent without exceeding the limit in any window; the slot is then
 * taken. Requests waiting are served in order. */
void                 lia_rate_limiter_acquire_async       (LiaRateLimiter     *self,
                                                           const char         *key,
                                                           GCancellable       *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer            user_data);
/* @slot: (out) (optional): the slot taken, for lia_rate_limiter_answered() */
gboolean             lia_rate_limiter_acquire_finish      (LiaRateLimiter     *self,
                                                           GAsyncResult       *result,
                                                           gint64             *slot,
                                                           GError            **error);

/* The request of @slot was answered (or failed): the service received it
 * at some time before now, so the slot counts from now. A request sent at
 * a freed slot can then never reach the service inside the window of an
 * earlier one, however long each took on the way. */
void                 lia_rate_limiter_answered            (LiaRateLimiter     *self,
                                                           const char         *key,
                                                           gint64              slot);

/* What the service said: X-RateLimit-Max, -Interval-Milliseconds,
 * -Remaining, -Limit-Daily and -Daily-Remaining (HighLevel's names). */
void                 lia_rate_limiter_learn               (LiaRateLimiter     *self,
                                                           const char         *key,
                                                           SoupMessageHeaders *headers);

/* A 429: nothing more for @key for @wait_ms (Retry-After, else the
 * interval: pass 0). */
void                 lia_rate_limiter_back_off            (LiaRateLimiter     *self,
                                                           const char         *key,
                                                           guint               wait_ms);

/* How many requests @key may still send today, or -1 when unknown. */
gint64               lia_rate_limiter_get_daily_remaining (LiaRateLimiter     *self,
                                                           const char         *key);

G_END_DECLS
