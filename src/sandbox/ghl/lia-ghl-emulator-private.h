/* lia-ghl-emulator-private.h: what the HighLevel emulator's files share
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lia-ghl-emulator.h"
#include "lia-ghl-rate-limiter.h"
#include "lia-ghl-store.h"
#include "lia-sandbox-seed.h"

G_BEGIN_DECLS

#define LIA_GHL_PIT_CLIENT_ID "private-integration"
#define LIA_GHL_CODE_LIFETIME_S 600
#define LIA_GHL_REFRESH_LIFETIME_S (365 * 86400)

/* An access token and the refresh token issued with it. */
typedef struct
{
  char    *access_token;
  char    *refresh_token;   /* NULL once used or revoked, and for a PIT */
  char    *client_id;
  char    *location_id;
  char    *user_id;
  char    *scope;           /* space-separated */
  gint64   expires_at;      /* µs; G_MAXINT64 for a PIT */
  gint64   refresh_expires_at;
  gboolean private_token;
} LiaGhlToken;

typedef struct
{
  char   *code;
  char   *client_id;
  char   *redirect_uri;
  char   *scope;
  char   *location_id;
  char   *user_id;
  gint64  expires_at;       /* µs */
} LiaGhlCode;

struct _LiaGhlEmulator
{
  GObject              parent_instance;

  guint64              seed;
  LiaSandboxRng        data_rng;        /* the demo data's generator, right after the credentials */
  GPtrArray           *seed_people;     /* (element-type LiaSandboxPerson) the CRM people, copied */

  char                *client_id;
  char                *client_secret;
  char                *location_id;
  char                *private_token;
  GPtrArray           *redirect_uris;
  gboolean             auto_approve;
  guint                token_lifetime;
  gboolean             allow_duplicates;
  guint                search_lag_ms;

  LiaSandboxClockFunc  clock;
  gpointer             clock_data;

  LiaSandboxRng        id_rng;          /* ids of new records */
  LiaSandboxRng        token_rng;       /* tokens and codes */
  LiaSandboxRng        trace_rng;       /* traceIds */

  LiaGhlStore         *store;
  LiaGhlRateLimiter   *limiter;
  GHashTable          *tokens;          /* access token → LiaGhlToken (owned) */
  GHashTable          *refresh_tokens;  /* refresh token → LiaGhlToken (borrowed) */
  GHashTable          *codes;           /* code → LiaGhlCode (owned) */
};

/* One API request on its way through the emulator. */
typedef struct
{
  LiaGhlEmulator    *self;
  SoupServerMessage *msg;
  const char        *path;
  char             **params;    /* the path's {parameters}, in order */
  GHashTable        *query;     /* may be NULL */
  LiaGhlToken       *token;
  guint              location;  /* the token's location, an index into the store */
  gint64             now_us;
} LiaGhlRequest;

typedef void (*LiaGhlRouteFunc) (LiaGhlRequest *req);

/* How a contact is answered. */
typedef enum
{
  LIA_GHL_CONTACT_FULL,     /* GET, PUT, upsert: GetContectByIdSchema */
  LIA_GHL_CONTACT_CREATED,  /* POST /contacts/: CreateContactSchema */
  LIA_GHL_CONTACT_LISTED,   /* GET /contacts/, business: the live list item */
  LIA_GHL_CONTACT_SEARCHED, /* POST /contacts/search: the search hit */
} LiaGhlContactFlavour;

/* A body or query property the validator accepts. */
typedef enum
{
  LIA_GHL_T_STRING,
  LIA_GHL_T_STRING_NULL,   /* a string or null */
  LIA_GHL_T_BOOL,
  LIA_GHL_T_NUMBER,
  LIA_GHL_T_STRINGS,       /* an array of strings */
  LIA_GHL_T_ARRAY,
  LIA_GHL_T_OBJECT,
  LIA_GHL_T_OBJECT_NULL,
  LIA_GHL_T_ANY,
} LiaGhlType;

typedef struct
{
  const char *name;
  LiaGhlType  type;
  gboolean    required;
} LiaGhlProp;

/* lia-ghl-emulator.c */
gint64               _lia_ghl_now_us                      (LiaGhlEmulator     *self);
gint64               _lia_ghl_lag_us                      (LiaGhlEmulator     *self);
char                *_lia_ghl_new_id                      (LiaGhlEmulator     *self) G_GNUC_WARN_UNUSED_RESULT;
/* Answers @status with @object (owned) plus a traceId. */
void                 _lia_ghl_respond                     (LiaGhlEmulator     *self,
                                                           SoupServerMessage  *msg,
                                                           guint               status,
                                                           JsonObject         *object);
/* {"statusCode", "message"} (+ "error" when @error is not NULL) */
void                 _lia_ghl_error                       (LiaGhlEmulator     *self,
                                                           SoupServerMessage  *msg,
                                                           guint               status,
                                                           const char         *message,
                                                           const char         *error);
/* 422 with @messages (element-type utf8) as the message array */
void                 _lia_ghl_error_422                   (LiaGhlEmulator     *self,
                                                           SoupServerMessage  *msg,
                                                           GPtrArray          *messages);
/* The JSON object body, or NULL after answering 400. */
JsonObject          *_lia_ghl_read_body                   (LiaGhlRequest      *req) G_GNUC_WARN_UNUSED_RESULT;
/* Adds NestJS-style messages for every property not in @props or of the wrong type. */
void                 _lia_ghl_check_props                 (JsonObject         *body,
                                                           const LiaGhlProp   *props,
                                                           guint               n_props,
                                                           GPtrArray          *errors);
/* Same for a query string (strings only; @props' types are hints). */
void                 _lia_ghl_check_query                 (GHashTable         *query,
                                                           const LiaGhlProp   *props,
                                                           guint               n_props,
                                                           GPtrArray          *errors);
/* FALSE after answering 403 when @location_id is not the token's. */
gboolean             _lia_ghl_check_location              (LiaGhlRequest      *req,
                                                           const char         *location_id);
/* The live contact @contact_id of the token's location, or NULL after answering. */
LiaGhlContact       *_lia_ghl_find_contact                (LiaGhlRequest      *req,
                                                           const char         *contact_id);
/* Before a write: keeps what search still sees and stamps dateUpdated. */
void                 _lia_ghl_touch                       (LiaGhlRequest      *req,
                                                           LiaGhlContact      *contact);
const char          *_lia_ghl_query                       (LiaGhlRequest      *req,
                                                           const char         *name);

/* lia-ghl-oauth.c */
void                 _lia_ghl_oauth_consent               (LiaGhlEmulator     *self,
                                                           SoupServerMessage  *msg);
void                 _lia_ghl_oauth_token                 (LiaGhlEmulator     *self,
                                                           SoupServerMessage  *msg);
/* The token of the request's Bearer header, or NULL after answering 401. */
LiaGhlToken         *_lia_ghl_authenticate                (LiaGhlEmulator     *self,
                                                           SoupServerMessage  *msg);
gboolean             _lia_ghl_token_has_scope             (LiaGhlToken        *token,
                                                           const char         *scope);
void                 _lia_ghl_tokens_reset                (LiaGhlEmulator     *self);
void                 _lia_ghl_tokens_expire               (LiaGhlEmulator     *self);
gboolean             _lia_ghl_tokens_revoke_refresh       (LiaGhlEmulator     *self,
                                                           const char         *refresh_token);
JsonArray           *_lia_ghl_tokens_dump                 (LiaGhlEmulator     *self) G_GNUC_WARN_UNUSED_RESULT;
void                 _lia_ghl_tokens_load                 (LiaGhlEmulator     *self,
                                                           JsonArray          *tokens);
void                 _lia_ghl_token_free                  (LiaGhlToken        *token);
void                 _lia_ghl_code_free                   (LiaGhlCode         *code);

/* lia-ghl-contacts.c */
JsonObject          *_lia_ghl_contact_to_json             (LiaGhlEmulator     *self,
                                                           const LiaGhlContact *contact,
                                                           LiaGhlContactFlavour flavour) G_GNUC_WARN_UNUSED_RESULT;
void                 _lia_ghl_contacts_get                (LiaGhlRequest      *req);
void                 _lia_ghl_contacts_list               (LiaGhlRequest      *req);
void                 _lia_ghl_contacts_create             (LiaGhlRequest      *req);
void                 _lia_ghl_contacts_upsert             (LiaGhlRequest      *req);
void                 _lia_ghl_contacts_update             (LiaGhlRequest      *req);
void                 _lia_ghl_contacts_delete             (LiaGhlRequest      *req);
void                 _lia_ghl_contacts_duplicate          (LiaGhlRequest      *req);
void                 _lia_ghl_contacts_business           (LiaGhlRequest      *req);

/* lia-ghl-search.c */
void                 _lia_ghl_contacts_search             (LiaGhlRequest      *req);

/* lia-ghl-subresources.c */
void                 _lia_ghl_tasks_list                  (LiaGhlRequest      *req);
void                 _lia_ghl_tasks_create                (LiaGhlRequest      *req);
void                 _lia_ghl_tasks_get                   (LiaGhlRequest      *req);
void                 _lia_ghl_tasks_update                (LiaGhlRequest      *req);
void                 _lia_ghl_tasks_completed             (LiaGhlRequest      *req);
void                 _lia_ghl_tasks_delete                (LiaGhlRequest      *req);
void                 _lia_ghl_notes_list                  (LiaGhlRequest      *req);
void                 _lia_ghl_notes_create                (LiaGhlRequest      *req);
void                 _lia_ghl_notes_get                   (LiaGhlRequest      *req);
void                 _lia_ghl_notes_update                (LiaGhlRequest      *req);
void                 _lia_ghl_notes_delete                (LiaGhlRequest      *req);
void                 _lia_ghl_appointments_list           (LiaGhlRequest      *req);
void                 _lia_ghl_tags_add                    (LiaGhlRequest      *req);
void                 _lia_ghl_tags_remove                 (LiaGhlRequest      *req);
void                 _lia_ghl_followers_add               (LiaGhlRequest      *req);
void                 _lia_ghl_followers_remove            (LiaGhlRequest      *req);
void                 _lia_ghl_campaigns_add               (LiaGhlRequest      *req);
void                 _lia_ghl_campaigns_remove            (LiaGhlRequest      *req);
void                 _lia_ghl_campaigns_remove_all        (LiaGhlRequest      *req);
void                 _lia_ghl_workflows_add               (LiaGhlRequest      *req);
void                 _lia_ghl_workflows_remove            (LiaGhlRequest      *req);
void                 _lia_ghl_bulk_tags                   (LiaGhlRequest      *req);
void                 _lia_ghl_bulk_business               (LiaGhlRequest      *req);
void                 _lia_ghl_locations_get               (LiaGhlRequest      *req);
void                 _lia_ghl_locations_custom_fields     (LiaGhlRequest      *req);
void                 _lia_ghl_locations_tags              (LiaGhlRequest      *req);
void                 _lia_ghl_locations_tasks_search      (LiaGhlRequest      *req);
/* Normalises tag names as HighLevel does: trimmed and lowercase; NULL for an empty one. */
char                *_lia_ghl_normalize_tag               (const char         *name) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
