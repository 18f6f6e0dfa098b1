/* test-rate-limiter.c: the pacing never lets a window hold more than the limit
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lia-error.h"
#include "lia-rate-limiter.h"

/* Only lower bounds on time are asserted (never "fast enough"): a request
 * is never granted early, whatever the machine's load. */

typedef struct
{
  GArray *times;     /* gint64 µs of each grant, in grant order */
  GArray *order;     /* the index each request was made with */
  guint   pending;
  GError *error;
} Grants;

typedef struct
{
  Grants *grants;
  guint   index;
} Request;

static void
granted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Request *request = user_data;
  Grants *grants = request->grants;
  g_autoptr(GError) error = NULL;

  if (lia_rate_limiter_acquire_finish (LIA_RATE_LIMITER (object), result, NULL, &error))
    {
      gint64 now = g_get_monotonic_time ();

      g_array_append_val (grants->times, now);
      g_array_append_val (grants->order, request->index);
    }
  else if (grants->error == NULL)
    {
      grants->error = g_steal_pointer (&error);
    }
  grants->pending--;
  g_free (request);
}

static const char *current_key = "ghl:location";

static void
acquire (LiaRateLimiter *limiter,
         Grants         *grants,
         guint           index,
         GCancellable   *cancellable)
{
  Request *request = g_new0 (Request, 1);

  request->grants = grants;
  request->index = index;
  grants->pending++;
  lia_rate_limiter_acquire_async (limiter, current_key, cancellable, granted_cb, request);
}

static void
wait_all (Grants *grants)
{
  while (grants->pending > 0)
    g_main_context_iteration (NULL, TRUE);
}

static void
grants_init (Grants *grants)
{
  grants->times = g_array_new (FALSE, FALSE, sizeof (gint64));
  grants->order = g_array_new (FALSE, FALSE, sizeof (guint));
  grants->pending = 0;
  grants->error = NULL;
}

static void
grants_clear (Grants *grants)
{
  g_array_unref (grants->times);
  g_array_unref (grants->order);
  g_clear_error (&grants->error);
}

static void
assert_never_more_than (Grants *grants,
                        guint   max,
                        gint64  window_us)
{
  for (guint i = 0; i + max < grants->times->len; i++)
    g_assert_cmpint (g_array_index (grants->times, gint64, i + max) - g_array_index (grants->times, gint64, i),
                     >=, window_us);
}

static void
test_rate_limiter_window (void)
{
  g_autoptr(LiaRateLimiter) limiter = lia_rate_limiter_new (5, 200, 0);
  Grants grants;

  grants_init (&grants);
  for (guint i = 0; i < 23; i++)
    acquire (limiter, &grants, i, NULL);
  wait_all (&grants);

  g_assert_no_error (grants.error);
  g_assert_cmpuint (grants.times->len, ==, 23);
  assert_never_more_than (&grants, 5, 200 * 1000);
  /* First come, first served. */
  for (guint i = 0; i < grants.order->len; i++)
    g_assert_cmpuint (g_array_index (grants.order, guint, i), ==, i);
  grants_clear (&grants);
}

static void
test_rate_limiter_learns (void)
{
  g_autoptr(LiaRateLimiter) limiter = lia_rate_limiter_new (100, 10000, 0);
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  Grants grants;
  gint64 started;

  /* The service's own numbers replace the documented ones. */
  soup_message_headers_append (headers, "X-RateLimit-Max", "3");
  soup_message_headers_append (headers, "X-RateLimit-Interval-Milliseconds", "150");
  soup_message_headers_append (headers, "X-RateLimit-Remaining", "3");
  soup_message_headers_append (headers, "X-RateLimit-Daily-Remaining", "1000");
  lia_rate_limiter_learn (limiter, "ghl:location", headers);

  grants_init (&grants);
  for (guint i = 0; i < 10; i++)
    acquire (limiter, &grants, i, NULL);
  wait_all (&grants);
  assert_never_more_than (&grants, 3, 150 * 1000);
  g_assert_cmpint (lia_rate_limiter_get_daily_remaining (limiter, "ghl:location"), ==, 990);
  grants_clear (&grants);

  /* It counted more than we sent (another program, on another key of ours
   * that never sent anything): those slots are taken. */
  soup_message_headers_replace (headers, "X-RateLimit-Remaining", "0");
  started = g_get_monotonic_time ();
  lia_rate_limiter_learn (limiter, "ghl:other-location", headers);
  current_key = "ghl:other-location";
  grants_init (&grants);
  acquire (limiter, &grants, 0, NULL);
  wait_all (&grants);
  g_assert_cmpint (g_array_index (grants.times, gint64, 0) - started, >=, 150 * 1000);
  grants_clear (&grants);
  current_key = "ghl:location";

  /* The day's budget is spent: a clear error, not a wait until tomorrow. */
  soup_message_headers_replace (headers, "X-RateLimit-Daily-Remaining", "0");
  lia_rate_limiter_learn (limiter, "ghl:location", headers);
  grants_init (&grants);
  acquire (limiter, &grants, 0, NULL);
  wait_all (&grants);
  g_assert_error (grants.error, LIA_ERROR, LIA_ERROR_RATE_LIMITED);
  grants_clear (&grants);
}

static void
test_rate_limiter_back_off_and_cancel (void)
{
  g_autoptr(LiaRateLimiter) limiter = lia_rate_limiter_new (100, 10000, 0);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Grants grants;
  gint64 started = g_get_monotonic_time ();

  /* A 429 with Retry-After: nothing before it. */
  lia_rate_limiter_back_off (limiter, "ghl:location", 120);
  grants_init (&grants);
  acquire (limiter, &grants, 0, NULL);
  wait_all (&grants);
  g_assert_no_error (grants.error);
  g_assert_cmpint (g_array_index (grants.times, gint64, 0) - started, >=, 120 * 1000);
  grants_clear (&grants);

  /* Cancelled while waiting ten seconds: it ends at once. */
  lia_rate_limiter_back_off (limiter, "ghl:location", 10000);
  grants_init (&grants);
  acquire (limiter, &grants, 0, cancellable);
  g_cancellable_cancel (cancellable);
  started = g_get_monotonic_time ();
  wait_all (&grants);
  g_assert_error (grants.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 9 * G_USEC_PER_SEC);
  grants_clear (&grants);

  /* Other keys are not held up. */
  grants_init (&grants);
  grants.pending++;
  {
    Request *request = g_new0 (Request, 1);

    request->grants = &grants;
    lia_rate_limiter_acquire_async (limiter, "mojo:helpdesk", NULL, granted_cb, request);
  }
  wait_all (&grants);
  g_assert_no_error (grants.error);
  grants_clear (&grants);
}

/* Before the service told its limits, the first request goes alone. */
static void
test_rate_limiter_probe_first (void)
{
  g_autoptr(LiaRateLimiter) limiter = lia_rate_limiter_new (100, 10000, 0);
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  Grants grants;

  lia_rate_limiter_set_probe_first (limiter, TRUE);
  grants_init (&grants);
  for (guint i = 0; i < 4; i++)
    acquire (limiter, &grants, i, NULL);
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (grants.times->len, ==, 1);

  soup_message_headers_append (headers, "X-RateLimit-Max", "2");
  soup_message_headers_append (headers, "X-RateLimit-Interval-Milliseconds", "100");
  lia_rate_limiter_learn (limiter, "ghl:location", headers);
  wait_all (&grants);
  g_assert_cmpuint (grants.times->len, ==, 4);
  assert_never_more_than (&grants, 2, 100 * 1000);
  grants_clear (&grants);
}

static void
slot_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  gint64 *slot = user_data;

  g_assert_true (lia_rate_limiter_acquire_finish (LIA_RATE_LIMITER (object), result, slot, NULL));
  g_assert_cmpint (*slot, >, 0);
}

/* A slow answer: the slot counts from the answer, since the service may
 * have received the request as late as that. */
static void
test_rate_limiter_answered (void)
{
  g_autoptr(LiaRateLimiter) limiter = lia_rate_limiter_new (2, 100, 0);
  gint64 slots[2] = { 0, 0 };
  gint64 answered_at;
  Grants grants;

  for (guint i = 0; i < 2; i++)
    lia_rate_limiter_acquire_async (limiter, "ghl:location", NULL, slot_cb, &slots[i]);
  while (slots[0] == 0 || slots[1] == 0)
    g_main_context_iteration (NULL, TRUE);

  g_usleep (60 * 1000);
  lia_rate_limiter_answered (limiter, "ghl:location", slots[0]);
  lia_rate_limiter_answered (limiter, "ghl:location", slots[1]);
  answered_at = g_get_monotonic_time ();

  grants_init (&grants);
  acquire (limiter, &grants, 0, NULL);
  wait_all (&grants);
  g_assert_cmpint (g_array_index (grants.times, gint64, 0) - answered_at, >=, 100 * 1000);
  grants_clear (&grants);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rate-limiter/window", test_rate_limiter_window);
  g_test_add_func ("/rate-limiter/learns", test_rate_limiter_learns);
  g_test_add_func ("/rate-limiter/back-off-and-cancel", test_rate_limiter_back_off_and_cancel);
  g_test_add_func ("/rate-limiter/probe-first", test_rate_limiter_probe_first);
  g_test_add_func ("/rate-limiter/answered", test_rate_limiter_answered);

  return g_test_run ();
}
