/* lia-mojo-private.h: the Mojo Helpdesk emulator's records, store and handlers
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "lia-sandbox-clock.h"
#include "lia-sandbox-seed.h"
#include "lia-sandbox-server.h"

G_BEGIN_DECLS

/*
 * Times are microseconds since the Unix epoch, 0 meaning null. Records are
 * compact structs; JSON is only made when answering.
 *
 * Index lag: users and tickets (the collections the real service lists and
 * searches through its search index) keep, per record, when the current
 * version was written and the versions before it that the index may still
 * show. List and search resolve the version visible at (now - lag); get by
 * id or email always reads the head. A deleted record stays in its array as
 * a tombstone until the lag has passed.
 */

typedef struct
{
  gint64    id;
  gint64    written_us;   /* when this version was written; 0 for seed data */
  gpointer  prev;         /* the version before this one, or NULL */
  gboolean  deleted;
} MojoVersion;

typedef enum
{
  MOJO_ROLE_USER          = 10,
  MOJO_ROLE_RESTRICTED    = 15,
  MOJO_ROLE_TECHNICIAN    = 20,
  MOJO_ROLE_MANAGER       = 30,
  MOJO_ROLE_ADMIN         = 35,
  MOJO_ROLE_OWNER         = 40,
} MojoRole;

typedef struct
{
  MojoVersion v;
  char     *email;          /* lowercase; never changes */
  char     *first_name;
  char     *last_name;
  char     *work_phone;
  char     *cell_phone;
  char     *home_phone;
  char     *user_notes;
  gint64    company_id;     /* 0: none */
  gint64    role_id;
  gboolean  is_active;
  gboolean  welcome_email_sent;
  gint64    created_on;
  gint64    updated_on;
  gint64    last_login_on;
} MojoUser;

typedef struct
{
  gint64    id;
  char     *name;
  char     *website_url;
  char     *notes;
  char     *address;
  char     *city;
  char     *state;
  char     *zip;
  char     *country;
  char     *support_start_date;  /* YYYY-MM-DD or NULL */
  char     *support_end_date;
  gint64    primary_contact_id;
  gint64    support_status_id;
} MojoGroup;

typedef struct
{
  gint64    id;
  char     *name;
  char     *email_alias;
  char     *email_forward;
} MojoQueue;

typedef struct
{
  gint64    id;
  char     *name;
} MojoType;

typedef struct
{
  gint64    id;
  char     *label;
  char     *color;
} MojoTag;

typedef struct
{
  MojoVersion v;
  char     *title;
  char     *description;
  char     *cc;
  gint64    status_id;
  gint64    priority_id;
  gint64    ticket_queue_id;
  gint64    ticket_type_id;   /* 0: none */
  gint64    ticket_form_id;
  gint64    user_id;
  gint64    assigned_to_id;   /* 0: none */
  gint64    company_id;       /* 0: none */
  gint64    created_from;
  gint64    rating;           /* 0: none */
  gint64    created_on;
  gint64    updated_on;
  gint64    status_changed_on;
  gint64    solved_on;
  gint64    closed_on;
  gint64    assigned_on;
  gint64    first_assigned_on;
  gint64    due_on;
  gint64    scheduled_on;
  gint64    rated_on;
  GArray   *tag_ids;          /* gint64, never NULL */
} MojoTicket;

/* A comment or a staff note. */
typedef struct
{
  gint64    id;
  gint64    ticket_id;
  gint64    user_id;
  char     *body;
  gint64    time_spent;       /* minutes; -1: null */
  gboolean  is_private;
  gint64    created_on;
  gint64    updated_on;
} MojoComment;

typedef struct
{
  gint64    id;
  gint64    ticket_id;
  char     *title;
  char     *notes;
  gboolean  is_completed;
  gint64    assigned_to_id;   /* 0: none */
  gint64    position;
  gint64    due_on;
  gint64    created_on;
  gint64    updated_on;
} MojoTask;

typedef enum
{
  MOJO_ENTITY_TICKET     = 1,
  MOJO_ENTITY_COMMENT    = 2,
  MOJO_ENTITY_USER       = 4,
  MOJO_ENTITY_COMPANY    = 5,
  MOJO_ENTITY_TAG        = 8,
  MOJO_ENTITY_STAFF_NOTE = 10,
  MOJO_ENTITY_TASK       = 15,
} MojoEntity;

typedef enum
{
  MOJO_ACTION_CREATE,
  MOJO_ACTION_UPDATE,
  MOJO_ACTION_DELETE,
} MojoAction;

typedef struct
{
  gint64    id;
  gint64    user_id;
  gint64    entity_id;
  gint64    ticket_id;        /* the ticket it concerns, 0 if none */
  gint64    created_on;
  guint8    entity_type;
  guint8    action;
} MojoEvent;

/* A ticket's comments, staff notes and tasks (not versioned). */
typedef struct
{
  GPtrArray *comments;        /* MojoComment, oldest first */
  GPtrArray *notes;           /* MojoComment, oldest first */
  GPtrArray *tasks;           /* MojoTask, by id */
} MojoTicketKids;

typedef struct
{
  /* The seed's data, to reset to. */
  guint64      seed;
  GBytes      *people;        /* packed, see lia-mojo-demo.c */

  LiaSandboxClockFunc clock;
  gpointer     clock_data;
  gint64       lag_us;

  gint64       owner_id;      /* the agent who owns the keys */

  GPtrArray   *users;         /* MojoUser by id, with tombstones */
  GHashTable  *user_by_id;    /* gint64* → MojoUser (live heads only) */
  GHashTable  *user_by_email; /* lowercase email → MojoUser (live heads only) */
  GPtrArray   *groups;        /* MojoGroup by id */
  GPtrArray   *queues;
  GPtrArray   *types;
  GPtrArray   *tags;
  GPtrArray   *tickets;       /* MojoTicket by id, with tombstones */
  GHashTable  *ticket_by_id;  /* gint64* → MojoTicket (live heads only) */
  GHashTable  *kids;          /* gint64* ticket id → MojoTicketKids */
  GArray      *events;        /* MojoEvent, oldest first */

  gint64       next_user_id;
  gint64       next_group_id;
  gint64       next_queue_id;
  gint64       next_type_id;
  gint64       next_tag_id;
  gint64       next_ticket_id;
  gint64       next_comment_id;
  gint64       next_task_id;
  gint64       next_event_id;
  gint64       ticket_form_id;   /* the account's default form */
} MojoStore;

/* A request being answered. */
typedef struct
{
  MojoStore         *store;
  SoupServerMessage *msg;
  const char        *method;
  const char        *route;       /* the matched template after /api/v2/, e.g. "users/{id}" */
  GHashTable        *query;       /* decoded query string, never NULL */
  char             **parts;       /* path segments after /api/v2/ */
  guint              n_parts;
  gint64             now;         /* the injected clock, µs */
} MojoRequest;

/* lia-mojo-store.c */
MojoStore    *mojo_store_new               (guint64             seed);
void          mojo_store_free              (MojoStore          *store);
void          mojo_store_clear             (MojoStore          *store);
gint64        mojo_store_now               (MojoStore          *store);
/* The newest moment whose writes list and search already see. */
gint64        mojo_store_cutoff            (MojoStore          *store,
                                            gint64              now);

MojoUser     *mojo_user_new                (void);
void          mojo_user_free               (MojoUser           *user);
MojoTicket   *mojo_ticket_new              (void);
void          mojo_ticket_free             (MojoTicket         *ticket);
void          mojo_group_free              (MojoGroup          *group);
void          mojo_queue_free              (MojoQueue          *queue);
void          mojo_type_free               (MojoType           *type);
void          mojo_tag_free                (MojoTag            *tag);
void          mojo_comment_free            (MojoComment        *comment);
void          mojo_task_free               (MojoTask           *task);

void          mojo_store_add_user          (MojoStore          *store,
                                            MojoUser           *user);
MojoUser     *mojo_store_get_user          (MojoStore          *store,
                                            gint64              id);
MojoUser     *mojo_store_get_user_by_email (MojoStore          *store,
                                            const char         *email);
/* Keeps the current version for the index, then stamps the head with @now. */
void          mojo_store_touch_user        (MojoStore          *store,
                                            MojoUser           *user,
                                            gint64              now);
void          mojo_store_delete_user       (MojoStore          *store,
                                            MojoUser           *user,
                                            gint64              now);
/* The version of @user the index shows at @cutoff, or NULL. */
MojoUser     *mojo_user_visible            (MojoUser           *user,
                                            gint64              cutoff);

void          mojo_store_add_ticket        (MojoStore          *store,
                                            MojoTicket         *ticket);
MojoTicket   *mojo_store_get_ticket        (MojoStore          *store,
                                            gint64              id);
void          mojo_store_touch_ticket      (MojoStore          *store,
                                            MojoTicket         *ticket,
                                            gint64              now);
void          mojo_store_delete_ticket     (MojoStore          *store,
                                            MojoTicket         *ticket,
                                            gint64              now);
MojoTicket   *mojo_ticket_visible          (MojoTicket         *ticket,
                                            gint64              cutoff);
/* Drops tombstones and old versions the index no longer shows. */
void          mojo_store_compact           (MojoStore          *store,
                                            gint64              cutoff);

MojoTicketKids *mojo_store_get_kids        (MojoStore          *store,
                                            gint64              ticket_id,
                                            gboolean            create);
gpointer      mojo_find_by_id              (GPtrArray          *records,
                                            gint64              id);
MojoGroup    *mojo_store_get_group         (MojoStore          *store,
                                            gint64              id);
MojoQueue    *mojo_store_get_queue         (MojoStore          *store,
                                            gint64              id);
MojoType     *mojo_store_get_type          (MojoStore          *store,
                                            gint64              id);
MojoTag      *mojo_store_get_tag           (MojoStore          *store,
                                            gint64              id);
void          mojo_store_log               (MojoStore          *store,
                                            MojoEntity          entity_type,
                                            MojoAction          action,
                                            gint64              entity_id,
                                            gint64              ticket_id,
                                            gint64              user_id,
                                            gint64              when);

/* Times */
/* "2024-01-15T10:30:00Z", or with milliseconds "2024-01-15T10:30:00.123Z". */
char         *mojo_format_time             (gint64              us,
                                            gboolean            millis) G_GNUC_WARN_UNUSED_RESULT;
/* Parses ISO 8601 (a bare date is midnight UTC); FALSE when it is not one. */
gboolean      mojo_parse_time              (const char         *text,
                                            gint64             *us);
/* Microseconds, exactly (for the dump). */
char         *mojo_format_time_exact       (gint64              us) G_GNUC_WARN_UNUSED_RESULT;

/* JSON helpers */
void          mojo_add_string              (JsonBuilder        *builder,
                                            const char         *name,
                                            const char         *value);
void          mojo_add_int                 (JsonBuilder        *builder,
                                            const char         *name,
                                            gint64              value);
/* An id: 0 is written as null. */
void          mojo_add_id                  (JsonBuilder        *builder,
                                            const char         *name,
                                            gint64              value);
void          mojo_add_bool                (JsonBuilder        *builder,
                                            const char         *name,
                                            gboolean            value);
void          mojo_add_null                (JsonBuilder        *builder,
                                            const char         *name);
void          mojo_add_time                (JsonBuilder        *builder,
                                            const char         *name,
                                            gint64              us,
                                            gboolean            millis);
/* Reads an integer member that may be a JSON number or a numeric string, as
 * the service accepts both. Returns FALSE if it is present but not one.
 * @present tells whether it was there (null counts as present, *value = 0). */
gboolean      mojo_get_int                 (JsonObject         *object,
                                            const char         *name,
                                            gboolean           *present,
                                            gint64             *value);
gboolean      mojo_get_bool                (JsonObject         *object,
                                            const char         *name,
                                            gboolean           *present,
                                            gboolean           *value);
/* A string member (numbers are turned into text); *value NULL for null. */
gboolean      mojo_get_string              (JsonObject         *object,
                                            const char         *name,
                                            gboolean           *present,
                                            const char        **value);
/* Replaces *field with a copy of @value (NULL or "" gives NULL). */
void          mojo_set_string              (char              **field,
                                            const char         *value);

/* Answers */
void          mojo_respond_error           (MojoRequest        *req,
                                            guint               status,
                                            const char         *error);
void          mojo_respond_message         (MojoRequest        *req,
                                            guint               status,
                                            const char         *message,
                                            gboolean            with_messages);
void          mojo_respond_builder         (MojoRequest        *req,
                                            guint               status,
                                            JsonBuilder        *builder);
void          mojo_respond_empty           (MojoRequest        *req);
/* The request body as a JSON object (a form or multipart body becomes an
 * object of strings); answers 422 itself and returns NULL when it is not
 * one. An empty body gives an empty object. */
JsonObject   *mojo_read_object             (MojoRequest        *req,
                                            JsonNode          **root);
const char   *mojo_query                   (MojoRequest        *req,
                                            const char         *name);
/* page/per_page: defaults, minimum and maximum per endpoint. */
void          mojo_paging                  (MojoRequest        *req,
                                            guint               per_page_default,
                                            guint               per_page_min,
                                            guint               per_page_max,
                                            guint              *offset,
                                            guint              *limit);
/* An id path segment; FALSE when it is not a number. */
gboolean      mojo_parse_id                (const char         *text,
                                            gint64             *id);

/* lia-mojo-emulator.c */
/* The template ("users/{id}") @method and @path (after /api/v2/) match, or NULL. */
const char   *mojo_match_route             (const char         *method,
                                            char              **parts,
                                            guint               n_parts);
gboolean      mojo_route_is                (MojoRequest        *req,
                                            const char         *method,
                                            const char         *route);

/* lia-mojo-demo.c */
GBytes       *mojo_demo_pack_people        (GPtrArray          *people);
void          mojo_demo_populate           (MojoStore          *store);

/* lia-mojo-users.c */
const char   *mojo_role_name               (gint64              role_id);
char         *mojo_user_full_name          (const MojoUser     *user) G_GNUC_WARN_UNUSED_RESULT;
void          mojo_user_to_json            (MojoStore          *store,
                                            JsonBuilder        *builder,
                                            const MojoUser     *user,
                                            gboolean            related);
void          mojo_group_to_json           (JsonBuilder        *builder,
                                            const MojoGroup    *group);
gboolean      mojo_handle_users            (MojoRequest        *req);
gboolean      mojo_handle_groups           (MojoRequest        *req);

/* lia-mojo-tickets.c */
void          mojo_ticket_list_item_to_json (MojoStore         *store,
                                             JsonBuilder       *builder,
                                             const MojoTicket  *ticket,
                                             gboolean           search);
void          mojo_comment_to_json         (MojoStore          *store,
                                            JsonBuilder        *builder,
                                            const MojoComment  *comment,
                                            gboolean            related);
void          mojo_task_to_json            (MojoStore          *store,
                                            JsonBuilder        *builder,
                                            const MojoTask     *task,
                                            gboolean            assignee);
gboolean      mojo_handle_tickets          (MojoRequest        *req);

/* lia-mojo-catalog.c: queues, types, tags, events */
void          mojo_queue_to_json           (JsonBuilder        *builder,
                                            const MojoQueue    *queue);
void          mojo_tag_to_json             (JsonBuilder        *builder,
                                            const MojoTag      *tag);
void          mojo_event_to_json           (MojoStore          *store,
                                            JsonBuilder        *builder,
                                            const MojoEvent    *event);
gboolean      mojo_handle_catalog          (MojoRequest        *req);

/* lia-mojo-search.c */
typedef struct _MojoQuery MojoQuery;
/* NULL with @error when the query does not parse ("bad request"). */
MojoQuery    *mojo_query_parse             (const char         *text,
                                            gint64              now,
                                            GError            **error);
gboolean      mojo_query_matches           (MojoQuery          *query,
                                            MojoStore          *store,
                                            const MojoTicket   *ticket);
void          mojo_query_free              (MojoQuery          *query);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MojoQuery, mojo_query_free)

/* lia-mojo-dump.c */
JsonNode     *mojo_store_dump              (MojoStore          *store,
                                            JsonNode           *keys) G_GNUC_WARN_UNUSED_RESULT;
gboolean      mojo_store_load              (MojoStore          *store,
                                            JsonObject         *root,
                                            GError            **error);

G_END_DECLS
