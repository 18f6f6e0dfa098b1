/* lia-ghl-rate-limiter.c: HighLevel's burst and daily request limits
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaGhlRateLimiter"

#include "config.h"

#include "lia-ghl-rate-limiter.h"

#define DAY_US (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

/* The values the headers show when a limit is off. */
#define NOMINAL_MAX 100
#define NOMINAL_WINDOW_S 10
#define NOMINAL_DAILY 200000

typedef struct
{
  gint64 window_start;
  guint  count;
  gint64 day_start;
  guint  day_count;
} Bucket;

struct _LiaGhlRateLimiter
{
  guint       max;
  guint       window_s;
  guint       daily_max;
  GHashTable *buckets;   /* key → Bucket */
};

/* Auxiliary functions */

static guint
seconds_until (gint64 end_us,
               gint64 now_us)
{
  gint64 left = end_us - now_us;

  if (left <= 0)
    return 0;
  return (guint)((left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

/* Public API */

LiaGhlRateLimiter *
lia_ghl_rate_limiter_new (void)
{
  LiaGhlRateLimiter *limiter = g_new0 (LiaGhlRateLimiter, 1);

  limiter->max = NOMINAL_MAX;
  limiter->window_s = NOMINAL_WINDOW_S;
  limiter->daily_max = NOMINAL_DAILY;
  limiter->buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return limiter;
}

void
lia_ghl_rate_limiter_free (LiaGhlRateLimiter *limiter)
{
  if (limiter == NULL)
    return;
  g_hash_table_unref (limiter->buckets);
  g_free (limiter);
}

void
lia_ghl_rate_limiter_configure (LiaGhlRateLimiter *limiter,
                                guint              max,
                                guint              window_s,
                                guint              daily_max)
{
  limiter->max = max;
  limiter->window_s = window_s > 0 ? window_s : NOMINAL_WINDOW_S;
  limiter->daily_max = daily_max;
  g_hash_table_remove_all (limiter->buckets);
}

void
lia_ghl_rate_limiter_get_config (LiaGhlRateLimiter *limiter,
                                 guint             *max,
                                 guint             *window_s,
                                 guint             *daily_max)
{
  *max = limiter->max;
  *window_s = limiter->window_s;
  *daily_max = limiter->daily_max;
}

void
lia_ghl_rate_limiter_clear (LiaGhlRateLimiter *limiter)
{
  g_hash_table_remove_all (limiter->buckets);
}

void
lia_ghl_rate_limiter_check (LiaGhlRateLimiter *limiter,
                            const char        *key,
                            gint64             now_us,
                            LiaGhlRateVerdict *verdict)
{
  gint64 window_us = (gint64)limiter->window_s * G_USEC_PER_SEC;
  Bucket *bucket = g_hash_table_lookup (limiter->buckets, key);
  gboolean burst_on = limiter->max > 0;
  gboolean daily_on = limiter->daily_max > 0;

  if (bucket == NULL)
    {
      bucket = g_new0 (Bucket, 1);
      bucket->window_start = now_us;
      bucket->day_start = now_us;
      g_hash_table_insert (limiter->buckets, g_strdup (key), bucket);
    }

  /* Fixed windows: a new one starts with the first request after the last ended. */
  if (now_us >= bucket->window_start + window_us || now_us < bucket->window_start)
    {
      bucket->window_start = now_us;
      bucket->count = 0;
    }
  if (now_us >= bucket->day_start + DAY_US || now_us < bucket->day_start)
    {
      bucket->day_start = now_us;
      bucket->day_count = 0;
    }

  verdict->allowed = TRUE;
  verdict->retry_after_s = 0;
  if (daily_on && bucket->day_count >= limiter->daily_max)
    {
      verdict->allowed = FALSE;
      verdict->retry_after_s = seconds_until (bucket->day_start + DAY_US, now_us);
    }
  else if (burst_on && bucket->count >= limiter->max)
    {
      verdict->allowed = FALSE;
      verdict->retry_after_s = seconds_until (bucket->window_start + window_us, now_us);
    }

  if (verdict->allowed)
    {
      bucket->count++;
      bucket->day_count++;
    }
  if (!verdict->allowed && verdict->retry_after_s == 0)
    verdict->retry_after_s = 1;

  /* A limit that is off shows its nominal value and never runs down. */
  verdict->interval_ms = limiter->window_s * 1000;
  verdict->max = burst_on ? limiter->max : NOMINAL_MAX;
  verdict->remaining = burst_on ? limiter->max - MIN (bucket->count, limiter->max) : NOMINAL_MAX;
  verdict->limit_daily = daily_on ? limiter->daily_max : NOMINAL_DAILY;
  verdict->daily_remaining = daily_on ? limiter->daily_max - MIN (bucket->day_count, limiter->daily_max)
                                      : NOMINAL_DAILY;
}
