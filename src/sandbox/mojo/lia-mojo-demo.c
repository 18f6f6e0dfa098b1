/* lia-mojo-demo.c: the Mojo emulator's demo data, drawn from the seed
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every end user comes from a LiaSandboxPerson with in_mojo set. Mojo
 * requires an email for every user (UserCreateRequest: required, unique),
 * so people without one are not Mojo users here. Around them: agents, the
 * companies as groups, three queues, ticket types, tags, and tickets with
 * comments, staff notes, tasks and event-log entries. Everything is drawn
 * from a LiaSandboxRng seeded from the seed, and every time is anchored to
 * LIA_SANDBOX_EPOCH: the same seed gives the same data, byte for byte.
 */

#define G_LOG_DOMAIN "LiaMojoEmulator"

#include "config.h"

#include <string.h>

#include "lia-mojo-private.h"

#define DAY   G_GINT64_CONSTANT (86400)
#define HOUR  G_GINT64_CONSTANT (3600)
#define US(s) ((s) * G_USEC_PER_SEC)

/* The people, packed: for each Mojo person, its index (guint32), created_at
 * and updated_at (gint64), then first name, last name, email, phone and
 * company, each NUL-terminated with "" for NULL. One allocation instead of
 * five per person, to reset from. */

GBytes *
mojo_demo_pack_people (GPtrArray *people)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();

  for (guint i = 0; people != NULL && i < people->len; i++)
    {
      const LiaSandboxPerson *person = g_ptr_array_index (people, i);
      const char *strings[] = { person->first_name, person->last_name, person->email,
                                person->phone, person->company };
      guint32 index = person->index;

      if (!person->in_mojo)
        continue;

      g_byte_array_append (out, (const guint8 *) &index, sizeof index);
      g_byte_array_append (out, (const guint8 *) &person->created_at, sizeof person->created_at);
      g_byte_array_append (out, (const guint8 *) &person->updated_at, sizeof person->updated_at);
      for (guint j = 0; j < G_N_ELEMENTS (strings); j++)
        {
          const char *text = strings[j] != NULL ? strings[j] : "";

          g_byte_array_append (out, (const guint8 *) text, strlen (text) + 1);
        }
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

typedef struct
{
  guint32     index;
  gint64      created_at;
  gint64      updated_at;
  const char *first_name;
  const char *last_name;
  const char *email;
  const char *phone;
  const char *company;
} PackedPerson;

static GArray *
unpack_people (GBytes *bytes)
{
  GArray *people = g_array_new (FALSE, TRUE, sizeof (PackedPerson));
  gsize size = 0;
  const guint8 *data = bytes != NULL ? g_bytes_get_data (bytes, &size) : NULL;
  const guint8 *p = data, *end = data + size;

  while (p != NULL && p < end)
    {
      PackedPerson person;
      const char **strings[] = { &person.first_name, &person.last_name, &person.email,
                                 &person.phone, &person.company };

      memcpy (&person.index, p, sizeof person.index);
      p += sizeof person.index;
      memcpy (&person.created_at, p, sizeof person.created_at);
      p += sizeof person.created_at;
      memcpy (&person.updated_at, p, sizeof person.updated_at);
      p += sizeof person.updated_at;
      for (guint j = 0; j < G_N_ELEMENTS (strings); j++)
        {
          const char *text = (const char *) p;

          *strings[j] = *text != '\0' ? text : NULL;
          p += strlen (text) + 1;
        }
      g_array_append_val (people, person);
    }

  return people;
}

/* Tables */

typedef struct
{
  const char *first;
  const char *last;
  const char *local;
  MojoRole    role;
} Agent;

static const Agent agents[] = {
  { "Olivia", "Owens", "olivia.owens", MOJO_ROLE_OWNER },
  { "Arjun", "Mehta", "arjun.mehta", MOJO_ROLE_ADMIN },
  { "Marta", "Kowalczyk", "marta.kowalczyk", MOJO_ROLE_MANAGER },
  { "Tom", "Baker", "tom.baker", MOJO_ROLE_TECHNICIAN },
  { "Sofia", "Ricci", "sofia.ricci", MOJO_ROLE_TECHNICIAN },
  { "Kenji", "Sato", "kenji.sato", MOJO_ROLE_TECHNICIAN },
};

#define AGENT_DOMAIN "liaison-demo.example"
#define ORGANIZATION "Liaison Demo Helpdesk"

static const struct { const char *name; const char *alias; } queues[] = {
  { "Support", "support" },
  { "CRM follow-ups", "crm-followups" },
  { "Billing", "billing" },
};

static const char * const types[] = { "Question", "Problem", "Feature request", "Billing" };

static const struct { const char *label; const char *color; } tags[] = {
  { "VIP", "#d4a017" },
  { "refund", "#cc0000" },
  { "bug", "#ff0000" },
  { "follow-up", "#3366ff" },
  { "crm", "#33aa55" },
  { "onboarding", "#9933cc" },
};

static const char * const subjects[] = {
  "Cannot log in to the customer portal",
  "Invoice shows the wrong amount",
  "Please update my phone number",
  "Order arrived damaged",
  "Question about my subscription",
  "Request for a call back",
  "Password reset email never arrives",
  "Change of billing address",
  "Appointment needs to be rescheduled",
  "Refund not received yet",
  "How do I export my data?",
  "Duplicate charge on my card",
  "Feature request: dark mode",
  "Cancel my account",
  "Wrong name on the receipt",
};

static const char * const openings[] = {
  "Hello,", "Hi there,", "Good morning,", "Dear support team,", "Hallo,", "Bonjour,",
};

static const char * const details[] = {
  "It started after the last update and happens every time.",
  "I tried twice already and got the same result.",
  "Could someone please look into this as soon as possible?",
  "My colleague has the same problem since Monday.",
  "I attached nothing, but I can send screenshots if needed.",
  "Please call me back when you have a moment.",
};

static const char * const replies[] = {
  "Thanks for reaching out, we are looking into it.",
  "Could you send us the order number, please?",
  "This should be fixed now. Can you try again?",
  "We have issued the refund; it takes 3-5 business days.",
  "I have updated your details as requested.",
  "Thank you, that worked!",
  "Still not working for me, unfortunately.",
  "Following up: any news on this?",
};

static const char * const notes[] = {
  "Customer called, very polite. Escalate if it happens again.",
  "Checked the billing system: the charge went through twice.",
  "Waiting for the warehouse to confirm.",
  "Possible duplicate of an older ticket.",
  "VIP customer: handle with priority.",
};

static const char * const task_titles[] = {
  "Call the customer back",
  "Check the payment in the billing system",
  "Update the contact in the CRM",
  "Send the replacement",
  "Confirm the fix with the customer",
  "Ask the warehouse for tracking",
};

/* Helpers */

static char *
dup_or_null (const char *text)
{
  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

static gint64
between (LiaSandboxRng *rng,
         gint64         lo,
         gint64         hi)
{
  if (hi <= lo)
    return lo;
  return lo + (gint64) (lia_sandbox_rng_next (rng) % (guint64) (hi - lo + 1));
}

/* One of the values, by weights in percent (summing to 100). */
static gint64
weighted (LiaSandboxRng *rng,
          const gint64  *values,
          const guint   *weights,
          guint          n)
{
  guint roll = lia_sandbox_rng_below (rng, 100);

  for (guint i = 0; i < n; i++)
    {
      if (roll < weights[i])
        return values[i];
      roll -= weights[i];
    }

  return values[n - 1];
}

static gint
person_compare (gconstpointer a,
                gconstpointer b)
{
  const PackedPerson *pa = a;
  const PackedPerson *pb = b;

  if (pa->created_at != pb->created_at)
    return pa->created_at < pb->created_at ? -1 : 1;
  return pa->index < pb->index ? -1 : pa->index > pb->index;
}

static gint
ticket_created_compare (gconstpointer a,
                        gconstpointer b)
{
  const MojoTicket *ta = *(MojoTicket **) a;
  const MojoTicket *tb = *(MojoTicket **) b;

  if (ta->created_on != tb->created_on)
    return ta->created_on < tb->created_on ? -1 : 1;
  /* v.id holds the draw order until ids are given */
  return ta->v.id < tb->v.id ? -1 : ta->v.id > tb->v.id;
}

static gint
event_compare (gconstpointer a,
               gconstpointer b)
{
  const MojoEvent *ea = a;
  const MojoEvent *eb = b;

  if (ea->created_on != eb->created_on)
    return ea->created_on < eb->created_on ? -1 : 1;
  return ea->id < eb->id ? -1 : ea->id > eb->id;
}

static gint64
pick_agent (LiaSandboxRng *rng,
            gint64         first_agent_id)
{
  /* The manager or a technician: agents[2…]. */
  return first_agent_id + 2 + lia_sandbox_rng_below (rng, G_N_ELEMENTS (agents) - 2);
}

/* Population */

static void
add_reference_data (MojoStore     *store,
                    LiaSandboxRng *rng,
                    GArray        *people,
                    GHashTable    *group_by_name)
{
  MojoGroup *group = g_new0 (MojoGroup, 1);

  /* The account's default company first: new users land in it. */
  group->id = 1900;
  group->name = g_strdup (ORGANIZATION);
  group->website_url = g_strdup ("https://" AGENT_DOMAIN);
  group->country = g_strdup ("US");
  g_ptr_array_add (store->groups, group);

  for (guint i = 0; i < people->len; i++)
    {
      const PackedPerson *person = &g_array_index (people, PackedPerson, i);
      g_autofree char *slug = NULL;
      g_autofree char *lower = NULL;

      if (person->company == NULL || g_hash_table_contains (group_by_name, person->company))
        continue;

      group = g_new0 (MojoGroup, 1);
      group->id = 1900 + store->groups->len;
      group->name = g_strdup (person->company);
      slug = g_str_to_ascii (person->company, "C");
      g_strdelimit (slug, " &'", '-');
      lower = g_ascii_strdown (slug, -1);
      group->website_url = g_strdup_printf ("https://%s.example", lower);
      group->support_status_id = lia_sandbox_rng_chance (rng, 10) ? 1 : 0;
      if (lia_sandbox_rng_chance (rng, 50))
        {
          g_autoptr(GDateTime) start = g_date_time_new_from_unix_utc (LIA_SANDBOX_EPOCH - between (rng, 30, 700) * DAY);
          g_autoptr(GDateTime) stop = g_date_time_add_years (start, 1);

          group->support_start_date = g_date_time_format (start, "%Y-%m-%d");
          group->support_end_date = g_date_time_format (stop, "%Y-%m-%d");
        }
      if (lia_sandbox_rng_chance (rng, 30))
        group->notes = g_strdup ("Key account");
      g_ptr_array_add (store->groups, group);
      g_hash_table_insert (group_by_name, (gpointer) person->company, group);
    }
  store->next_group_id = 1900 + store->groups->len;

  for (guint i = 0; i < G_N_ELEMENTS (queues); i++)
    {
      MojoQueue *queue = g_new0 (MojoQueue, 1);

      queue->id = 19640 + i;
      queue->name = g_strdup (queues[i].name);
      queue->email_alias = g_strdup (queues[i].alias);
      g_ptr_array_add (store->queues, queue);
    }
  store->next_queue_id = 19640 + G_N_ELEMENTS (queues);

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      MojoType *type = g_new0 (MojoType, 1);

      type->id = 8 + i;
      type->name = g_strdup (types[i]);
      g_ptr_array_add (store->types, type);
    }
  store->next_type_id = 8 + G_N_ELEMENTS (types);

  for (guint i = 0; i < G_N_ELEMENTS (tags); i++)
    {
      MojoTag *tag = g_new0 (MojoTag, 1);

      tag->id = 501 + i;
      tag->label = g_strdup (tags[i].label);
      tag->color = g_strdup (tags[i].color);
      g_ptr_array_add (store->tags, tag);
    }
  store->next_tag_id = 501 + G_N_ELEMENTS (tags);
  store->ticket_form_id = 3001;
}

static void
add_agents (MojoStore     *store,
            LiaSandboxRng *rng)
{
  for (guint i = 0; i < G_N_ELEMENTS (agents); i++)
    {
      MojoUser *user = mojo_user_new ();

      user->v.id = 12000 + i;
      user->email = g_strdup_printf ("%s@%s", agents[i].local, AGENT_DOMAIN);
      user->first_name = g_strdup (agents[i].first);
      user->last_name = g_strdup (agents[i].last);
      user->work_phone = g_strdup_printf ("+1 555 0100 %03u", 100 + i);
      user->role_id = agents[i].role;
      user->company_id = 1900;
      user->created_on = US (LIA_SANDBOX_EPOCH - (700 - i * 30) * DAY);
      user->updated_on = US (LIA_SANDBOX_EPOCH - between (rng, 1, 60) * DAY);
      user->last_login_on = US (LIA_SANDBOX_EPOCH - between (rng, 1, 48) * HOUR);
      user->welcome_email_sent = TRUE;
      mojo_store_add_user (store, user);
    }
  store->owner_id = 12000;
}

static void
add_end_users (MojoStore     *store,
               LiaSandboxRng *rng,
               GArray        *people,
               GHashTable    *group_by_name)
{
  g_autoptr(GArray) sorted = g_array_copy (people);
  gint64 id = 20001;

  /* Ids grow with creation time, as in the real service. */
  g_array_sort (sorted, person_compare);

  for (guint i = 0; i < sorted->len; i++)
    {
      const PackedPerson *person = &g_array_index (sorted, PackedPerson, i);
      MojoGroup *group;
      MojoUser *user;
      guint phone_slot;

      if (person->email == NULL || mojo_store_get_user_by_email (store, person->email) != NULL)
        continue;

      /* Gaps where users were deleted long ago. */
      id += 1 + (lia_sandbox_rng_chance (rng, 10) ? lia_sandbox_rng_below (rng, 4) : 0);

      user = mojo_user_new ();
      user->v.id = id;
      user->email = g_utf8_strdown (person->email, -1);
      user->first_name = dup_or_null (person->first_name);
      user->last_name = dup_or_null (person->last_name);
      phone_slot = lia_sandbox_rng_below (rng, 10);
      if (phone_slot < 5)
        user->cell_phone = dup_or_null (person->phone);
      else if (phone_slot < 9)
        user->work_phone = dup_or_null (person->phone);
      else
        user->home_phone = dup_or_null (person->phone);
      group = person->company != NULL ? g_hash_table_lookup (group_by_name, person->company) : NULL;
      user->company_id = group != NULL ? group->id : 0;
      user->created_on = US (person->created_at);
      user->updated_on = US (person->updated_at);
      if (lia_sandbox_rng_chance (rng, 30))
        user->last_login_on = US (between (rng, person->created_at, LIA_SANDBOX_EPOCH - HOUR));
      if (lia_sandbox_rng_chance (rng, 5))
        user->user_notes = g_strdup ("Prefers to be contacted by phone.");
      user->is_active = !lia_sandbox_rng_chance (rng, 3);
      user->welcome_email_sent = TRUE;
      mojo_store_add_user (store, user);
    }
}

static MojoComment *
make_comment (MojoStore     *store,
              LiaSandboxRng *rng,
              MojoTicket    *ticket,
              gint64         user_id,
              const char    *body,
              gboolean       note,
              gint64         when)
{
  MojoComment *comment = g_new0 (MojoComment, 1);
  MojoUser *author = mojo_store_get_user (store, user_id);

  comment->id = store->next_comment_id++;
  comment->ticket_id = ticket->v.id;
  comment->user_id = user_id;
  comment->body = g_strdup (body);
  comment->is_private = note;
  comment->time_spent = author != NULL && author->role_id >= MOJO_ROLE_RESTRICTED
                        ? (gint64) between (rng, 1, 12) * 5 : -1;
  /* With milliseconds, as comments carry them. */
  comment->created_on = comment->updated_on = when + between (rng, 0, 999) * 1000;

  return comment;
}

static void
add_ticket_kids (MojoStore     *store,
                 LiaSandboxRng *rng,
                 MojoTicket    *ticket)
{
  MojoTicketKids *kids = mojo_store_get_kids (store, ticket->v.id, TRUE);
  gint64 created = ticket->created_on / G_USEC_PER_SEC;
  gint64 updated = ticket->updated_on / G_USEC_PER_SEC;
  guint n_comments = lia_sandbox_rng_below (rng, 4);
  guint n_notes = lia_sandbox_rng_chance (rng, 35) ? 1 + lia_sandbox_rng_below (rng, 2) : 0;
  guint n_tasks = lia_sandbox_rng_chance (rng, 30) ? 1 + lia_sandbox_rng_below (rng, 3) : 0;
  gint64 agent = ticket->assigned_to_id ? ticket->assigned_to_id : pick_agent (rng, 12000);
  gint64 when = created;

  for (guint i = 0; i < n_comments; i++)
    {
      gboolean from_agent = i % 2 == 0;
      const char *body = lia_sandbox_rng_pick (rng, replies, G_N_ELEMENTS (replies));

      when = between (rng, when, updated);
      g_ptr_array_add (kids->comments,
                       make_comment (store, rng, ticket, from_agent ? agent : ticket->user_id, body, FALSE,
                                     US (when)));
    }

  for (guint i = 0; i < n_notes; i++)
    {
      const char *body = lia_sandbox_rng_pick (rng, notes, G_N_ELEMENTS (notes));

      g_ptr_array_add (kids->notes,
                       make_comment (store, rng, ticket, agent, body, TRUE, US (between (rng, created, updated))));
    }

  for (guint i = 0; i < n_tasks; i++)
    {
      MojoTask *task = g_new0 (MojoTask, 1);

      task->id = store->next_task_id++;
      task->ticket_id = ticket->v.id;
      task->title = g_strdup (lia_sandbox_rng_pick (rng, task_titles, G_N_ELEMENTS (task_titles)));
      if (lia_sandbox_rng_chance (rng, 40))
        task->notes = g_strdup ("See the staff notes.");
      /* A closed ticket cannot have open tasks. */
      task->is_completed = ticket->status_id == 60 || lia_sandbox_rng_chance (rng, 40);
      task->assigned_to_id = lia_sandbox_rng_chance (rng, 70) ? agent : 0;
      task->position = i;
      task->created_on = US (between (rng, created, updated));
      task->updated_on = US (between (rng, task->created_on / G_USEC_PER_SEC, updated));
      if (lia_sandbox_rng_chance (rng, 40))
        task->due_on = task->created_on + US (between (rng, 1, 10) * DAY);
      g_ptr_array_add (kids->tasks, task);
    }
}

static void
add_tickets (MojoStore     *store,
             LiaSandboxRng *rng)
{
  static const gint64 statuses[] = { 10, 20, 30, 40, 50, 60 };
  static const guint status_weights[] = { 15, 20, 10, 10, 25, 20 };
  static const gint64 priorities[] = { 10, 20, 30, 40 };
  static const guint priority_weights[] = { 5, 15, 60, 20 };
  static const gint64 sources[] = { 1, 0, 2, 3, 4 };
  static const guint source_weights[] = { 50, 20, 15, 10, 5 };
  static const gint64 queue_picks[] = { 19640, 19641, 19642 };
  static const guint queue_weights[] = { 60, 25, 15 };
  static const gint64 ratings[] = { 100, 100, 75, 50, 25 };
  g_autoptr(GPtrArray) drawn = g_ptr_array_new ();
  gint64 id = 211000;
  guint n_users = store->users->len;

  for (guint i = 0; i < n_users; i++)
    {
      const MojoUser *user = g_ptr_array_index (store->users, i);
      guint n;

      if (user->role_id != MOJO_ROLE_USER || !lia_sandbox_rng_chance (rng, 35))
        continue;

      n = 1 + lia_sandbox_rng_below (rng, 3);
      for (guint j = 0; j < n; j++)
        {
          MojoTicket *ticket = mojo_ticket_new ();
          gint64 created = between (rng, user->created_on / G_USEC_PER_SEC, LIA_SANDBOX_EPOCH - 2 * HOUR);
          gint64 updated = between (rng, created, LIA_SANDBOX_EPOCH - HOUR);
          const char *subject = lia_sandbox_rng_pick (rng, subjects, G_N_ELEMENTS (subjects));
          g_autofree char *name = mojo_user_full_name (user);
          gint64 solvable_from;

          ticket->v.id = drawn->len;   /* the draw order, until sorted */
          ticket->title = g_strdup (subject);
          ticket->description = g_strdup_printf ("%s\n\n%s\n\n%s",
                                                 lia_sandbox_rng_pick (rng, openings, G_N_ELEMENTS (openings)),
                                                 lia_sandbox_rng_pick (rng, details, G_N_ELEMENTS (details)),
                                                 name);
          ticket->user_id = user->v.id;
          ticket->company_id = user->company_id;
          ticket->status_id = weighted (rng, statuses, status_weights, G_N_ELEMENTS (statuses));
          ticket->priority_id = weighted (rng, priorities, priority_weights, G_N_ELEMENTS (priorities));
          ticket->ticket_queue_id = weighted (rng, queue_picks, queue_weights, G_N_ELEMENTS (queue_picks));
          ticket->ticket_type_id = lia_sandbox_rng_chance (rng, 20) ? 0 : 8 + lia_sandbox_rng_below (rng, G_N_ELEMENTS (types));
          ticket->ticket_form_id = store->ticket_form_id;
          ticket->created_from = weighted (rng, sources, source_weights, G_N_ELEMENTS (sources));
          ticket->created_on = US (created);
          ticket->updated_on = US (updated);
          if (ticket->status_id != 10 || lia_sandbox_rng_chance (rng, 50))
            {
              ticket->assigned_to_id = pick_agent (rng, 12000);
              ticket->first_assigned_on = US (between (rng, created, updated));
              ticket->assigned_on = ticket->first_assigned_on;
            }
          /* The timeline holds: created ≤ first assigned ≤ status changed
           * (solved) ≤ updated (closed). */
          solvable_from = ticket->first_assigned_on != 0 ? ticket->first_assigned_on / G_USEC_PER_SEC
                                                         : created;
          ticket->status_changed_on = ticket->status_id == 10 ? US (created)
                                                              : US (between (rng, solvable_from, updated));
          if (ticket->status_id >= 50)
            ticket->solved_on = ticket->status_changed_on;
          if (ticket->status_id == 60)
            ticket->closed_on = US (updated);
          if (ticket->status_id >= 50 && lia_sandbox_rng_chance (rng, 30))
            {
              ticket->rating = weighted (rng, ratings, (const guint[]) { 20, 20, 20, 20, 20 }, 5);
              ticket->rated_on = ticket->solved_on;
            }
          if (lia_sandbox_rng_chance (rng, 30))
            ticket->due_on = US (created + between (rng, 1, 14) * DAY);
          if (lia_sandbox_rng_chance (rng, 10))
            ticket->scheduled_on = US (created + between (rng, 1, 30) * DAY);
          if (lia_sandbox_rng_chance (rng, 10))
            ticket->cc = g_strdup_printf ("%s@%s", "office", "example.com");
          for (guint k = 0, n_tags = lia_sandbox_rng_below (rng, 3); k < n_tags; k++)
            {
              gint64 tag_id = 501 + lia_sandbox_rng_below (rng, G_N_ELEMENTS (tags));
              gboolean seen = FALSE;

              for (guint m = 0; m < ticket->tag_ids->len; m++)
                seen |= g_array_index (ticket->tag_ids, gint64, m) == tag_id;
              if (!seen)
                g_array_append_val (ticket->tag_ids, tag_id);
            }
          g_ptr_array_add (drawn, ticket);
        }
    }

  /* Ids grow with creation time. */
  g_ptr_array_sort (drawn, ticket_created_compare);
  store->next_comment_id = 5100001;
  store->next_task_id = 777001;
  for (guint i = 0; i < drawn->len; i++)
    {
      MojoTicket *ticket = g_ptr_array_index (drawn, i);

      id += 1 + (lia_sandbox_rng_chance (rng, 5) ? lia_sandbox_rng_below (rng, 3) : 0);
      ticket->v.id = id;
      mojo_store_add_ticket (store, ticket);
      add_ticket_kids (store, rng, ticket);

      mojo_store_log (store, MOJO_ENTITY_TICKET, MOJO_ACTION_CREATE, ticket->v.id, ticket->v.id,
                      ticket->created_from == 3 ? store->owner_id : ticket->user_id, ticket->created_on);
      if (ticket->updated_on != ticket->created_on)
        mojo_store_log (store, MOJO_ENTITY_TICKET, MOJO_ACTION_UPDATE, ticket->v.id, ticket->v.id,
                        ticket->assigned_to_id ? ticket->assigned_to_id : store->owner_id, ticket->updated_on);
    }
}

void
mojo_demo_populate (MojoStore *store)
{
  g_autoptr(GArray) people = unpack_people (store->people);
  g_autoptr(GHashTable) group_by_name = g_hash_table_new (g_str_hash, g_str_equal);
  LiaSandboxRng rng;

  lia_sandbox_rng_init (&rng, store->seed ^ G_GUINT64_CONSTANT (0x6d6f6a6f64656d6f));

  add_reference_data (store, &rng, people, group_by_name);
  add_agents (store, &rng);
  add_end_users (store, &rng, people, group_by_name);
  add_tickets (store, &rng);

  /* The log in time order, numbered from 1. */
  g_array_sort (store->events, event_compare);
  for (guint i = 0; i < store->events->len; i++)
    g_array_index (store->events, MojoEvent, i).id = 900001 + i;
  store->next_event_id = 900001 + store->events->len;
}
