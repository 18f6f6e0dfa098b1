/* lia-rate-limiter.c: pacing requests so that a service's rate limit is never met
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "LiaRateLimiter"

#include "config.h"

#include <glib/gi18n.h>

#include "lia-error.h"
#include "lia-rate-limiter.h"

/*
 * One bucket per key: the send times of the last interval (a sliding
 * window, so no window of that length ever holds more than the maximum),
 * a time before which nothing is sent (after a 429), the day's remaining
 * budget when the service told it, and the requests waiting, in order.
 * The service's headers correct the bucket: when it counted more in its
 * window than we did (another program on the same account), the bucket
 * takes that many more slots.
 */

typedef struct
{
  LiaRateLimiter *self;
  char           *key;
  guint           max;
  guint           interval_ms;
  GQueue          sent;            /* gint64 µs, oldest first */
  gint64          blocked_until;
  gint64          daily_remaining; /* -1: unknown */
  GQueue          waiters;         /* Waiter */
  guint           timeout_id;
  gboolean        learned;         /* the service's headers came back once */
  gint64          probe_sent;      /* when the first request went, 0 before */
} Bucket;

struct _LiaRateLimiter
{
  GObject     parent_instance;

  guint       max;
  guint       interval_ms;
  guint       daily_max;
  gboolean    probe_first;
  GHashTable *buckets;             /* key → Bucket */
};

/* How long the first request may hold the others when no answer comes. */
#define PROBE_TIMEOUT_US (5 * G_USEC_PER_SEC)

G_DEFINE_FINAL_TYPE (LiaRateLimiter, lia_rate_limiter, G_TYPE_OBJECT)

typedef struct
{
  GTask        *task;
  GCancellable *cancellable;
  gulong        handler;
} Waiter;

static void pump (Bucket *bucket);

/* Ends a waiter's wait: its task is returned already, or @error says why. */
static void
waiter_free (Waiter *waiter,
             GError *error)
{
  if (error != NULL)
    g_task_return_error (waiter->task, error);
  if (waiter->cancellable != NULL)
    {
      g_cancellable_disconnect (waiter->cancellable, waiter->handler);
      g_object_unref (waiter->cancellable);
    }
  g_object_unref (waiter->task);
  g_free (waiter);
}

static void
bucket_free (Bucket *bucket)
{
  Waiter *waiter;

  g_clear_handle_id (&bucket->timeout_id, g_source_remove);
  while ((waiter = g_queue_pop_head (&bucket->waiters)))
    waiter_free (waiter, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Stopped")));
  g_queue_clear (&bucket->sent);
  g_free (bucket->key);
  g_free (bucket);
}

static Bucket *
get_bucket (LiaRateLimiter *self,
            const char     *key)
{
  Bucket *bucket = g_hash_table_lookup (self->buckets, key);

  if (bucket == NULL)
    {
      bucket = g_new0 (Bucket, 1);
      bucket->self = self;
      bucket->key = g_strdup (key);
      bucket->max = self->max;
      bucket->interval_ms = self->interval_ms;
      bucket->daily_remaining = -1;
      g_queue_init (&bucket->sent);
      g_queue_init (&bucket->waiters);
      g_hash_table_insert (self->buckets, bucket->key, bucket);
    }

  return bucket;
}

static gboolean
pump_cb (gpointer user_data)
{
  Bucket *bucket = user_data;

  bucket->timeout_id = 0;
  pump (bucket);
  return G_SOURCE_REMOVE;
}

static void
schedule (Bucket *bucket,
          gint64  at,
          gint64  now)
{
  guint delay_ms = (guint)MAX (1, (at - now + 999) / 1000);

  if (bucket->timeout_id != 0)
    return;
  bucket->timeout_id = g_timeout_add (delay_ms, pump_cb, bucket);
}

static void
pump (Bucket *bucket)
{
  gint64 now = g_get_monotonic_time ();
  gint64 window = (gint64)bucket->interval_ms * 1000;
  Waiter *waiter;

  while (!g_queue_is_empty (&bucket->sent) &&
         GPOINTER_TO_SIZE (g_queue_peek_head (&bucket->sent)) + window <= (gsize)now)
    g_queue_pop_head (&bucket->sent);

  while ((waiter = g_queue_peek_head (&bucket->waiters)))
    {
      if (g_cancellable_is_cancelled (waiter->cancellable))
        {
          g_queue_pop_head (&bucket->waiters);
          waiter_free (waiter, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled")));
          continue;
        }
      if (now < bucket->blocked_until)
        {
          schedule (bucket, bucket->blocked_until, now);
          return;
        }
      /* Before the service said its limits, one request alone: the
       * documented ones may be wider than the account's. */
      if (bucket->self->probe_first && !bucket->learned && bucket->probe_sent != 0)
        {
          if (now < bucket->probe_sent + PROBE_TIMEOUT_US)
            {
              schedule (bucket, bucket->probe_sent + PROBE_TIMEOUT_US, now);
              return;
            }
          bucket->learned = TRUE;
        }
      if (g_queue_get_length (&bucket->sent) >= bucket->max)
        {
          schedule (bucket, (gint64)GPOINTER_TO_SIZE (g_queue_peek_head (&bucket->sent)) + window, now);
          return;
        }

      g_queue_pop_head (&bucket->waiters);
      if (bucket->daily_remaining == 0)
        {
          waiter_free (waiter, g_error_new_literal (LIA_ERROR, LIA_ERROR_RATE_LIMITED,
                                                    _("Today’s request budget for this account is used "
                                                      "up; it renews at midnight (the service’s time).")));
          continue;
        }
      g_queue_push_tail (&bucket->sent, GSIZE_TO_POINTER ((gsize)now));
      if (bucket->probe_sent == 0)
        bucket->probe_sent = now;
      if (bucket->daily_remaining > 0)
        bucket->daily_remaining--;
      g_task_set_task_data (waiter->task, g_memdup2 (&now, sizeof now), g_free);
      g_task_return_boolean (waiter->task, TRUE);
      waiter_free (waiter, NULL);
    }
}

typedef struct
{
  LiaRateLimiter *self;
  char           *key;
  GMainContext   *context;
} Poke;

static void
poke_template_free (Poke *poke)
{
  g_free (poke->key);
  g_main_context_unref (poke->context);
  g_free (poke);
}

static gboolean
poke_cb (gpointer user_data)
{
  Poke *poke = user_data;
  Bucket *bucket = g_hash_table_lookup (poke->self->buckets, poke->key);

  if (bucket != NULL)
    pump (bucket);
  g_object_unref (poke->self);
  g_free (poke->key);
  g_free (poke);
  return G_SOURCE_REMOVE;
}

/* A waiter was cancelled: it leaves the queue at once, not at the next slot.
 * Runs in the canceller's thread; the pump runs in the limiter's context. */
static void
cancelled_cb (GCancellable *cancellable,
              Poke         *template)
{
  Poke *poke = g_new0 (Poke, 1);
  g_autoptr(GSource) source = g_idle_source_new ();

  poke->self = g_object_ref (template->self);
  poke->key = g_strdup (template->key);
  /* Never directly: the pump disconnects handlers, which must not happen
   * inside this one. */
  g_source_set_callback (source, poke_cb, poke, NULL);
  g_source_attach (source, template->context);
}

static void
lia_rate_limiter_finalize (GObject *object)
{
  LiaRateLimiter *self = (LiaRateLimiter *)object;

  g_clear_pointer (&self->buckets, g_hash_table_unref);

  G_OBJECT_CLASS (lia_rate_limiter_parent_class)->finalize (object);
}

static void
lia_rate_limiter_class_init (LiaRateLimiterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lia_rate_limiter_finalize;
}

static void
lia_rate_limiter_init (LiaRateLimiter *self)
{
  self->buckets = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify)bucket_free);
}

LiaRateLimiter *
lia_rate_limiter_new (guint max,
                      guint interval_ms,
                      guint daily_max)
{
  LiaRateLimiter *self = g_object_new (LIA_TYPE_RATE_LIMITER, NULL);

  self->max = MAX (max, 1);
  self->interval_ms = MAX (interval_ms, 1);
  self->daily_max = daily_max;
  return self;
}

void
lia_rate_limiter_acquire_async (LiaRateLimiter      *self,
                                const char          *key,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  Waiter *waiter;
  Bucket *bucket;

  g_return_if_fail (LIA_IS_RATE_LIMITER (self));
  g_return_if_fail (key != NULL);

  waiter = g_new0 (Waiter, 1);
  waiter->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (waiter->task, lia_rate_limiter_acquire_async);

  bucket = get_bucket (self, key);
  if (cancellable != NULL)
    {
      Poke *template = g_new0 (Poke, 1);

      template->self = self;
      template->key = g_strdup (key);
      template->context = g_main_context_ref_thread_default ();
      waiter->cancellable = g_object_ref (cancellable);
      /* Disconnected when the waiter goes, which frees the template. */
      waiter->handler = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), template,
                                               (GDestroyNotify)poke_template_free);
    }
  g_queue_push_tail (&bucket->waiters, waiter);
  pump (bucket);
}

gboolean
lia_rate_limiter_acquire_finish (LiaRateLimiter  *self,
                                 GAsyncResult    *result,
                                 gint64          *slot,
                                 GError         **error)
{
  gint64 *granted;

  g_return_val_if_fail (LIA_IS_RATE_LIMITER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  granted = g_task_get_task_data (G_TASK (result));
  if (slot != NULL)
    *slot = granted != NULL ? *granted : 0;

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
lia_rate_limiter_answered (LiaRateLimiter *self,
                           const char     *key,
                           gint64          slot)
{
  Bucket *bucket;
  GList *link;

  g_return_if_fail (LIA_IS_RATE_LIMITER (self));
  g_return_if_fail (key != NULL);

  bucket = g_hash_table_lookup (self->buckets, key);
  if (bucket == NULL || slot == 0)
    return;

  /* Still in the window: it counts from now, at the end of the queue
   * (now is later than every send time in it). */
  link = g_queue_find (&bucket->sent, GSIZE_TO_POINTER ((gsize)slot));
  if (link != NULL)
    {
      g_queue_delete_link (&bucket->sent, link);
      g_queue_push_tail (&bucket->sent, GSIZE_TO_POINTER ((gsize)g_get_monotonic_time ()));
    }
}

static gboolean
header_number (SoupMessageHeaders *headers,
               const char         *name,
               gint64             *value)
{
  const char *text = soup_message_headers_get_one (headers, name);
  guint64 number;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &number, NULL))
    return FALSE;
  *value = (gint64)number;
  return TRUE;
}

void
lia_rate_limiter_learn (LiaRateLimiter     *self,
                        const char         *key,
                        SoupMessageHeaders *headers)
{
  Bucket *bucket;
  gint64 value;

  g_return_if_fail (LIA_IS_RATE_LIMITER (self));
  g_return_if_fail (key != NULL);

  bucket = get_bucket (self, key);
  if (!bucket->learned)
    {
      Poke *poke = g_new0 (Poke, 1);

      bucket->learned = TRUE;
      g_clear_handle_id (&bucket->timeout_id, g_source_remove);
      /* The waiters go on from the main loop, not inside the caller. */
      poke->self = g_object_ref (self);
      poke->key = g_strdup (key);
      g_idle_add (poke_cb, poke);
    }
  if (headers == NULL)
    return;

  if (header_number (headers, "X-RateLimit-Max", &value) && value > 0)
    bucket->max = (guint)MIN (value, G_MAXUINT);
  if (header_number (headers, "X-RateLimit-Interval-Milliseconds", &value) && value > 0)
    bucket->interval_ms = (guint)MIN (value, G_MAXUINT);
  if (header_number (headers, "X-RateLimit-Daily-Remaining", &value))
    bucket->daily_remaining = value;

  /* The service counted more than we sent: take those slots too. */
  if (header_number (headers, "X-RateLimit-Remaining", &value) && value < bucket->max)
    {
      gint64 used = bucket->max - value;
      gint64 now = g_get_monotonic_time ();

      while ((gint64)g_queue_get_length (&bucket->sent) < used)
        g_queue_push_tail (&bucket->sent, GSIZE_TO_POINTER ((gsize)now));
    }
}

void
lia_rate_limiter_back_off (LiaRateLimiter *self,
                           const char     *key,
                           guint           wait_ms)
{
  Bucket *bucket;

  g_return_if_fail (LIA_IS_RATE_LIMITER (self));
  g_return_if_fail (key != NULL);

  bucket = get_bucket (self, key);
  bucket->blocked_until = MAX (bucket->blocked_until,
                               g_get_monotonic_time () +
                               (gint64)(wait_ms > 0 ? wait_ms : bucket->interval_ms) * 1000);
  g_debug ("Backing off %s for %u ms", key, wait_ms > 0 ? wait_ms : bucket->interval_ms);
}

/**
 * lia_rate_limiter_set_probe_first:
 *
 * Until lia_rate_limiter_learn() is called for a key, only its first
 * request goes (or, after 5 seconds without an answer, the others too).
 */
void
lia_rate_limiter_set_probe_first (LiaRateLimiter *self,
                                  gboolean        probe_first)
{
  g_return_if_fail (LIA_IS_RATE_LIMITER (self));

  self->probe_first = probe_first;
}

gint64
lia_rate_limiter_get_daily_remaining (LiaRateLimiter *self,
                                      const char     *key)
{
  Bucket *bucket;

  g_return_val_if_fail (LIA_IS_RATE_LIMITER (self), -1);

  bucket = g_hash_table_lookup (self->buckets, key);
  return bucket != NULL ? bucket->daily_remaining : (self->daily_max > 0 ? self->daily_max : -1);
}
