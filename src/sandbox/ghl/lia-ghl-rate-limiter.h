/* lia-ghl-rate-limiter.h: HighLevel's burst and daily request limits
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Per (client, location): a burst window of @max requests per @window_s
 * seconds and a daily window of @daily_max requests per 24 hours. Both are
 * fixed windows that start at the first request after the previous one
 * ended. A limit of 0 is off.
 */
typedef struct _LiaGhlRateLimiter LiaGhlRateLimiter;

typedef struct
{
  gboolean allowed;
  guint    limit_daily;        /* X-RateLimit-Limit-Daily */
  guint    daily_remaining;    /* X-RateLimit-Daily-Remaining */
  guint    interval_ms;        /* X-RateLimit-Interval-Milliseconds */
  guint    max;                /* X-RateLimit-Max */
  guint    remaining;          /* X-RateLimit-Remaining */
  guint    retry_after_s;      /* when not allowed: seconds until the window that refused it ends */
} LiaGhlRateVerdict;

LiaGhlRateLimiter   *lia_ghl_rate_limiter_new             (void) G_GNUC_WARN_UNUSED_RESULT;
void                 lia_ghl_rate_limiter_free            (LiaGhlRateLimiter  *limiter);
void                 lia_ghl_rate_limiter_configure       (LiaGhlRateLimiter  *limiter,
                                                           guint               max,
                                                           guint               window_s,
                                                           guint               daily_max);
void                 lia_ghl_rate_limiter_get_config      (LiaGhlRateLimiter  *limiter,
                                                           guint              *max,
                                                           guint              *window_s,
                                                           guint              *daily_max);
/* Forgets every window. */
void                 lia_ghl_rate_limiter_clear           (LiaGhlRateLimiter  *limiter);
/* Counts one request of @key at @now_us (unless refused) and says whether it may go on. */
void                 lia_ghl_rate_limiter_check           (LiaGhlRateLimiter  *limiter,
                                                           const char         *key,
                                                           gint64              now_us,
                                                           LiaGhlRateVerdict  *verdict);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LiaGhlRateLimiter, lia_ghl_rate_limiter_free)

G_END_DECLS
