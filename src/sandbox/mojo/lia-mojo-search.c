/* lia-mojo-search.c: the ticket search's query language (Elasticsearch query_string, as Mojo uses it)
 *
 * Copyright 2026 The Liaison authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What is understood:
 *   field:value            a number, a word, or a date; text fields match a word
 *   field:"a phrase"       quoted strings (backslash escapes inside)
 *   field:("a@b.example")  a parenthesised group on one field, e.g. (10 OR 20)
 *   field:(<50)  field:>=20  comparisons <, <=, >, >= (numbers and dates)
 *   field:[A TO B]         inclusive range; {A TO B} exclusive; * is an open end
 *   _exists_:field         the field is set
 *   AND, &&, OR, ||, NOT, !, -term, ( … )   booleans; terms side by side are
 *                          OR-ed, as Elasticsearch's default operator does
 *   a bare word or phrase  searches title, description and comment bodies
 * Dates: 2013-11-11T21:37:02Z, 2013-11-11 (the whole day when compared for
 * equality), now, now-7d (s, m, h, d, w).
 * A value that does not fit its field (a word on a number field, a malformed
 * date) fails the whole query, as Elasticsearch does: the caller answers 400.
 * Unknown fields match nothing.
 */

#define G_LOG_DOMAIN "LiaMojoEmulator"

#include "config.h"

#include <string.h>

#include "lia-mojo-private.h"

typedef enum
{
  KIND_INT,       /* a number column; 0 is null */
  KIND_DATE,
  KIND_TEXT,
  KIND_KEYWORD,   /* compared whole, case-insensitively */
  KIND_TAGS,
  KIND_COMMENTS,
  KIND_ALL,       /* free text: title, description, comments */
  KIND_NONE,      /* unknown or unsupported: matches nothing */
} FieldKind;

typedef enum
{
  F_ID,
  F_ASSIGNEE_ID,
  F_ASSIGNEE_EMAIL,
  F_ASSIGNEE_NAME,
  F_COMMENTS_BODY,
  F_COMPANY_ID,
  F_CREATED_BY_ID,
  F_CREATED_BY_NAME,
  F_CREATED_BY_EMAIL,
  F_CREATED_ON,
  F_UPDATED_ON,
  F_DUE_ON,
  F_RATED_ON,
  F_SCHEDULED_ON,
  F_SOLVED_ON,
  F_STATUS_CHANGED_ON,
  F_CLOSED_ON,
  F_DESCRIPTION,
  F_TITLE,
  F_PRIORITY_ID,
  F_STATUS_ID,
  F_QUEUE_ID,
  F_TYPE_ID,
  F_FORM_ID,
  F_RATING,
  F_TAGS_ID,
  F_ALL,
  F_NONE,
} Field;

typedef struct
{
  const char *name;
  Field       field;
  FieldKind   kind;
} FieldInfo;

static const FieldInfo fields[] = {
  { "id", F_ID, KIND_INT },
  { "assignee.id", F_ASSIGNEE_ID, KIND_INT },
  { "assignee.email", F_ASSIGNEE_EMAIL, KIND_KEYWORD },
  { "assignee.name", F_ASSIGNEE_NAME, KIND_TEXT },
  { "comments.body", F_COMMENTS_BODY, KIND_COMMENTS },
  { "company.id", F_COMPANY_ID, KIND_INT },
  { "created_by.id", F_CREATED_BY_ID, KIND_INT },
  { "created_by.name", F_CREATED_BY_NAME, KIND_TEXT },
  { "created_by.email", F_CREATED_BY_EMAIL, KIND_KEYWORD },
  { "created_on", F_CREATED_ON, KIND_DATE },
  { "updated_on", F_UPDATED_ON, KIND_DATE },
  { "due_on", F_DUE_ON, KIND_DATE },
  { "rated_on", F_RATED_ON, KIND_DATE },
  { "scheduled_on", F_SCHEDULED_ON, KIND_DATE },
  { "solved_on", F_SOLVED_ON, KIND_DATE },
  { "status_changed_on", F_STATUS_CHANGED_ON, KIND_DATE },
  { "closed_on", F_CLOSED_ON, KIND_DATE },
  { "description", F_DESCRIPTION, KIND_TEXT },
  { "title", F_TITLE, KIND_TEXT },
  { "priority.id", F_PRIORITY_ID, KIND_INT },
  { "status.id", F_STATUS_ID, KIND_INT },
  /* The spec's names and the older ones peers still use. */
  { "ticket_queue.id", F_QUEUE_ID, KIND_INT },
  { "queue.id", F_QUEUE_ID, KIND_INT },
  { "ticket_type.id", F_TYPE_ID, KIND_INT },
  { "type.id", F_TYPE_ID, KIND_INT },
  { "ticket_form.id", F_FORM_ID, KIND_INT },
  { "rating", F_RATING, KIND_INT },
  { "tags.id", F_TAGS_ID, KIND_TAGS },
};

static const FieldInfo field_all = { "_all", F_ALL, KIND_ALL };
static const FieldInfo field_none = { NULL, F_NONE, KIND_NONE };

typedef enum
{
  NODE_AND,
  NODE_OR,
  NODE_NOT,
  NODE_EXISTS,
  NODE_COMPARE,
  NODE_RANGE,
  NODE_MATCH,
  NODE_ALL,
} NodeKind;

typedef enum
{
  OP_EQ,
  OP_LT,
  OP_LE,
  OP_GT,
  OP_GE,
} Op;

typedef struct _Node Node;
struct _Node
{
  NodeKind         kind;
  const FieldInfo *field;
  Node            *a;
  Node            *b;
  Op               op;
  gint64           number;      /* the value, or the range's low end */
  gint64           number_hi;   /* the range's high end; for a date equality, the day's end */
  gboolean         open_lo;
  gboolean         open_hi;
  gboolean         incl_lo;
  gboolean         incl_hi;
  char            *text;        /* casefolded words/phrase, or a keyword */
  gboolean         prefix;      /* text ended in '*' */
};

struct _MojoQuery
{
  Node *root;
};

typedef struct
{
  const char *p;
  gint64      now;
  GError    **error;
  guint       depth;
} Parser;

static void
node_free (Node *node)
{
  if (node == NULL)
    return;

  node_free (node->a);
  node_free (node->b);
  g_free (node->text);
  g_free (node);
}

static Node *
node_new (NodeKind kind)
{
  Node *node = g_new0 (Node, 1);

  node->kind = kind;
  return node;
}

static Node *
fail (Parser     *parser,
      const char *what)
{
  if (parser->error != NULL && *parser->error == NULL)
    g_set_error (parser->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "bad request: %s", what);
  return NULL;
}

static void
skip_spaces (Parser *parser)
{
  while (*parser->p == ' ' || *parser->p == '\t' || *parser->p == '\n' || *parser->p == '\r')
    parser->p++;
}

static gboolean
is_special (char c)
{
  return c == '\0' || c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
         c == '(' || c == ')' || c == '[' || c == ']' || c == '{' || c == '}' || c == '"';
}

/* Does the input continue with the operator word @word? */
static gboolean
at_word (Parser     *parser,
         const char *word)
{
  gsize len = strlen (word);

  return strncmp (parser->p, word, len) == 0 && is_special (parser->p[len]);
}

/* A bare value: up to a space or bracket; backslash escapes the next character. */
static char *
read_word (Parser *parser)
{
  GString *out = g_string_new (NULL);

  while (!is_special (*parser->p))
    {
      if (*parser->p == '\\' && parser->p[1] != '\0')
        parser->p++;
      g_string_append_c (out, *parser->p);
      parser->p++;
    }

  return g_string_free (out, out->len == 0);
}

static char *
read_quoted (Parser *parser)
{
  GString *out = g_string_new (NULL);

  g_assert (*parser->p == '"');
  parser->p++;
  while (*parser->p != '"')
    {
      if (*parser->p == '\0')
        {
          g_string_free (out, TRUE);
          return NULL;
        }
      if (*parser->p == '\\' && parser->p[1] != '\0')
        parser->p++;
      g_string_append_c (out, *parser->p);
      parser->p++;
    }
  parser->p++;

  return g_string_free (out, FALSE);
}

/* A field name followed by ':', or NULL (nothing consumed). */
static char *
read_field_name (Parser *parser)
{
  const char *q = parser->p;

  while (g_ascii_isalnum (*q) || *q == '_' || *q == '.')
    q++;
  if (q == parser->p || *q != ':')
    return NULL;

  {
    char *name = g_strndup (parser->p, q - parser->p);

    parser->p = q + 1;
    return name;
  }
}

static const FieldInfo *
lookup_field (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      if (g_str_equal (fields[i].name, name))
        return &fields[i];
    }

  return &field_none;
}

static gboolean
parse_date (Parser     *parser,
            const char *text,
            gint64     *us,
            gint64     *day_end)
{
  *day_end = 0;

  if (g_str_has_prefix (text, "now"))
    {
      const char *rest = text + 3;
      gint64 amount, unit;
      char sign;
      char *end = NULL;

      *us = parser->now;
      if (*rest == '\0')
        return TRUE;
      sign = *rest++;
      if (sign != '-' && sign != '+')
        return FALSE;
      amount = g_ascii_strtoll (rest, &end, 10);
      if (end == rest)
        return FALSE;
      switch (*end)
        {
        case 's': unit = 1; break;
        case 'm': unit = 60; break;
        case 'h': case 'H': unit = 3600; break;
        case 'd': unit = 86400; break;
        case 'w': unit = 7 * 86400; break;
        default: return FALSE;
        }
      if (end[1] != '\0')
        return FALSE;
      *us += (sign == '-' ? -1 : 1) * amount * unit * G_USEC_PER_SEC;
      return TRUE;
    }

  if (!mojo_parse_time (text, us))
    return FALSE;
  if (strlen (text) == 10)
    *day_end = *us + G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC - 1;

  return TRUE;
}

/* Fills @node's value from @text for its field's kind. */
static gboolean
set_value (Parser     *parser,
           Node       *node,
           const char *text,
           gboolean    quoted)
{
  switch (node->field->kind)
    {
    case KIND_INT:
    case KIND_TAGS:
      {
        char *end = NULL;

        node->number = g_ascii_strtoll (text, &end, 10);
        return end != text && *end == '\0';
      }
    case KIND_DATE:
      return parse_date (parser, text, &node->number, &node->number_hi);
    case KIND_TEXT:
    case KIND_COMMENTS:
    case KIND_ALL:
    case KIND_KEYWORD:
      {
        gsize len = strlen (text);

        if (!quoted && len > 0 && text[len - 1] == '*')
          {
            node->prefix = TRUE;
            len--;
          }
        node->text = g_utf8_casefold (text, len);
        return TRUE;
      }
    case KIND_NONE:
    default:
      return TRUE;
    }
}

static Node *parse_or (Parser *parser, const FieldInfo *field);

static Node *
parse_range (Parser          *parser,
             const FieldInfo *field)
{
  g_autofree char *lo = NULL;
  g_autofree char *hi = NULL;
  g_autoptr(GString) hi_text = g_string_new (NULL);
  Node *node = node_new (NODE_RANGE);
  gint64 ignored;

  node->field = field;
  node->incl_lo = *parser->p == '[';
  parser->p++;
  skip_spaces (parser);
  lo = read_word (parser);
  skip_spaces (parser);
  if (lo == NULL || !at_word (parser, "TO"))
    {
      node_free (node);
      return fail (parser, "a range needs TO");
    }
  parser->p += 2;
  skip_spaces (parser);
  while (*parser->p != '\0' && *parser->p != ']' && *parser->p != '}' && *parser->p != ' ')
    g_string_append_c (hi_text, *parser->p++);
  skip_spaces (parser);
  if ((*parser->p != ']' && *parser->p != '}') || hi_text->len == 0)
    {
      node_free (node);
      return fail (parser, "an unclosed range");
    }
  node->incl_hi = *parser->p == ']';
  parser->p++;
  hi = g_strdup (hi_text->str);

  node->open_lo = g_str_equal (lo, "*");
  node->open_hi = g_str_equal (hi, "*");
  if (field->kind == KIND_INT || field->kind == KIND_DATE || field->kind == KIND_TAGS)
    {
      Node probe = { .field = field };

      if (!node->open_lo)
        {
          if (!set_value (parser, &probe, lo, FALSE))
            {
              node_free (node);
              return fail (parser, "a bad range start");
            }
          node->number = probe.number;
        }
      if (!node->open_hi)
        {
          if (!set_value (parser, &probe, hi, FALSE))
            {
              node_free (node);
              return fail (parser, "a bad range end");
            }
          /* A bare date as the inclusive end takes in that whole day. */
          node->number_hi = (field->kind == KIND_DATE && probe.number_hi != 0 && node->incl_hi)
                            ? probe.number_hi : probe.number;
        }
      (void) ignored;
    }
  else if (field->kind != KIND_NONE)
    {
      /* Ranges over text compare the words as strings. */
      node->text = g_strdup_printf ("%s\x1f%s", lo, hi);
    }

  return node;
}

/* A value for @field (already past "field:"), or a bare term when @field is
 * the free-text one. */
static Node *
parse_value (Parser          *parser,
             const FieldInfo *field)
{
  Node *node;
  g_autofree char *text = NULL;
  gboolean quoted = FALSE;
  Op op = OP_EQ;

  skip_spaces (parser);
  if (*parser->p == '(')
    {
      parser->p++;
      if (++parser->depth > 32)
        return fail (parser, "too deep");
      node = parse_or (parser, field);
      parser->depth--;
      if (node == NULL)
        return NULL;
      skip_spaces (parser);
      if (*parser->p != ')')
        {
          node_free (node);
          return fail (parser, "an unclosed parenthesis");
        }
      parser->p++;
      return node;
    }
  if (*parser->p == '[' || *parser->p == '{')
    return parse_range (parser, field);

  if (parser->p[0] == '<' && parser->p[1] == '=')
    op = OP_LE, parser->p += 2;
  else if (parser->p[0] == '>' && parser->p[1] == '=')
    op = OP_GE, parser->p += 2;
  else if (parser->p[0] == '<')
    op = OP_LT, parser->p++;
  else if (parser->p[0] == '>')
    op = OP_GT, parser->p++;

  if (*parser->p == '"')
    {
      text = read_quoted (parser);
      quoted = TRUE;
      if (text == NULL)
        return fail (parser, "an unterminated quote");
    }
  else
    {
      text = read_word (parser);
      if (text == NULL)
        return fail (parser, "a missing value");
    }

  if (op != OP_EQ && field->kind != KIND_INT && field->kind != KIND_DATE &&
      field->kind != KIND_TAGS && field->kind != KIND_NONE)
    return fail (parser, "a comparison on a text field");

  node = node_new (NODE_COMPARE);
  node->field = field;
  node->op = op;
  if (!quoted && g_str_equal (text, "*") && field->kind != KIND_ALL)
    {
      /* field:* is an existence test. */
      node->kind = NODE_EXISTS;
      return node;
    }
  if (!set_value (parser, node, text, quoted))
    {
      node_free (node);
      return fail (parser, "a value that does not fit its field");
    }
  if (field->kind == KIND_TEXT || field->kind == KIND_COMMENTS || field->kind == KIND_ALL ||
      field->kind == KIND_KEYWORD)
    node->kind = NODE_MATCH;

  return node;
}

static Node *
parse_primary (Parser          *parser,
               const FieldInfo *field)
{
  g_autofree char *name = NULL;

  skip_spaces (parser);

  if (*parser->p == '(' && field == &field_all)
    {
      Node *node;

      parser->p++;
      if (++parser->depth > 32)
        return fail (parser, "too deep");
      node = parse_or (parser, field);
      parser->depth--;
      if (node == NULL)
        return NULL;
      skip_spaces (parser);
      if (*parser->p != ')')
        {
          node_free (node);
          return fail (parser, "an unclosed parenthesis");
        }
      parser->p++;
      return node;
    }

  if (field == &field_all && (name = read_field_name (parser)) != NULL)
    {
      if (g_str_equal (name, "_exists_"))
        {
          g_autofree char *target = read_word (parser);
          Node *node;

          if (target == NULL)
            return fail (parser, "_exists_ needs a field");
          node = node_new (NODE_EXISTS);
          node->field = lookup_field (target);
          return node;
        }
      return parse_value (parser, lookup_field (name));
    }

  return parse_value (parser, field);
}

static gboolean
at_term_end (Parser *parser)
{
  skip_spaces (parser);
  return *parser->p == '\0' || *parser->p == ')';
}

static Node *
parse_unary (Parser          *parser,
             const FieldInfo *field)
{
  skip_spaces (parser);

  /* An operand was due: a binary operator here has nothing on its left. */
  if (at_word (parser, "AND") || at_word (parser, "OR") ||
      (parser->p[0] == '&' && parser->p[1] == '&') || (parser->p[0] == '|' && parser->p[1] == '|'))
    return fail (parser, "an operator without an operand");

  if (at_word (parser, "NOT") || *parser->p == '!' || *parser->p == '-')
    {
      Node *node, *inner;

      parser->p += at_word (parser, "NOT") ? 3 : 1;
      if (at_term_end (parser))
        return fail (parser, "a dangling NOT");
      inner = parse_unary (parser, field);
      if (inner == NULL)
        return NULL;
      node = node_new (NODE_NOT);
      node->a = inner;
      return node;
    }
  if (*parser->p == '+')
    parser->p++;

  return parse_primary (parser, field);
}

static Node *
parse_and (Parser          *parser,
           const FieldInfo *field)
{
  Node *left = parse_unary (parser, field);

  while (left != NULL)
    {
      Node *right, *node;

      skip_spaces (parser);
      if (at_word (parser, "AND"))
        parser->p += 3;
      else if (parser->p[0] == '&' && parser->p[1] == '&')
        parser->p += 2;
      else
        break;

      if (at_term_end (parser))
        {
          node_free (left);
          return fail (parser, "a dangling AND");
        }
      right = parse_unary (parser, field);
      if (right == NULL)
        {
          node_free (left);
          return NULL;
        }
      node = node_new (NODE_AND);
      node->a = left;
      node->b = right;
      left = node;
    }

  return left;
}

static Node *
parse_or (Parser          *parser,
          const FieldInfo *field)
{
  Node *left = parse_and (parser, field);

  while (left != NULL && !at_term_end (parser))
    {
      Node *right, *node;

      if (at_word (parser, "OR"))
        parser->p += 2;
      else if (parser->p[0] == '|' && parser->p[1] == '|')
        parser->p += 2;
      /* else: terms side by side, OR-ed (the default operator) */

      if (at_term_end (parser))
        {
          node_free (left);
          return fail (parser, "a dangling OR");
        }
      right = parse_and (parser, field);
      if (right == NULL)
        {
          node_free (left);
          return NULL;
        }
      node = node_new (NODE_OR);
      node->a = left;
      node->b = right;
      left = node;
    }

  return left;
}

MojoQuery *
mojo_query_parse (const char  *text,
                  gint64       now,
                  GError     **error)
{
  Parser parser = { .p = text != NULL ? text : "", .now = now, .error = error };
  MojoQuery *query;
  Node *root;

  skip_spaces (&parser);
  if (*parser.p == '\0' || (parser.p[0] == '*' && parser.p[1] == '\0'))
    {
      query = g_new0 (MojoQuery, 1);
      query->root = node_new (NODE_ALL);
      return query;
    }

  root = parse_or (&parser, &field_all);
  if (root == NULL)
    return NULL;
  skip_spaces (&parser);
  if (*parser.p != '\0')
    {
      node_free (root);
      fail (&parser, "trailing input");
      return NULL;
    }

  query = g_new0 (MojoQuery, 1);
  query->root = root;
  return query;
}

void
mojo_query_free (MojoQuery *query)
{
  if (query == NULL)
    return;

  node_free (query->root);
  g_free (query);
}

/* Matching */

static gint64
int_value (MojoStore        *store,
           const MojoTicket *ticket,
           Field             field)
{
  switch (field)
    {
    case F_ID: return ticket->v.id;
    case F_ASSIGNEE_ID: return ticket->assigned_to_id;
    case F_COMPANY_ID: return ticket->company_id;
    case F_CREATED_BY_ID: return ticket->user_id;
    case F_CREATED_ON: return ticket->created_on;
    case F_UPDATED_ON: return ticket->updated_on;
    case F_DUE_ON: return ticket->due_on;
    case F_RATED_ON: return ticket->rated_on;
    case F_SCHEDULED_ON: return ticket->scheduled_on;
    case F_SOLVED_ON: return ticket->solved_on;
    case F_STATUS_CHANGED_ON: return ticket->status_changed_on;
    case F_CLOSED_ON: return ticket->closed_on;
    case F_PRIORITY_ID: return ticket->priority_id;
    case F_STATUS_ID: return ticket->status_id;
    case F_QUEUE_ID: return ticket->ticket_queue_id;
    case F_TYPE_ID: return ticket->ticket_type_id;
    case F_FORM_ID: return ticket->ticket_form_id;
    case F_RATING: return ticket->rating;
    default: return 0;
    }
}

/* Is @needle (casefolded) in @haystack as whole words (or a word prefix)? */
static gboolean
text_contains (const char *haystack,
               const char *needle,
               gboolean    prefix)
{
  g_autofree char *folded = NULL;
  gsize len = strlen (needle);
  const char *p;

  if (haystack == NULL)
    return FALSE;
  if (len == 0)
    return TRUE;

  folded = g_utf8_casefold (haystack, -1);
  for (p = strstr (folded, needle); p != NULL; p = strstr (p + 1, needle))
    {
      gboolean start_ok = p == folded || !g_unichar_isalnum (g_utf8_get_char (g_utf8_prev_char (p)));
      const char *end = p + len;
      gboolean end_ok = prefix || *end == '\0' || !g_unichar_isalnum (g_utf8_get_char (end));

      if (start_ok && end_ok)
        return TRUE;
    }

  return FALSE;
}

static gboolean
comments_contain (MojoStore        *store,
                  const MojoTicket *ticket,
                  const Node       *node)
{
  MojoTicketKids *kids = mojo_store_get_kids (store, ticket->v.id, FALSE);

  for (guint i = 0; kids != NULL && i < kids->comments->len; i++)
    {
      const MojoComment *comment = g_ptr_array_index (kids->comments, i);

      if (text_contains (comment->body, node->text, node->prefix))
        return TRUE;
    }

  return FALSE;
}

static const char *
user_email (MojoStore *store,
            gint64     id)
{
  MojoUser *user = id ? mojo_store_get_user (store, id) : NULL;

  return user != NULL ? user->email : NULL;
}

static gboolean
match_text (MojoStore        *store,
            const MojoTicket *ticket,
            const Node       *node)
{
  switch (node->field->field)
    {
    case F_TITLE:
      return text_contains (ticket->title, node->text, node->prefix);
    case F_DESCRIPTION:
      return text_contains (ticket->description, node->text, node->prefix);
    case F_COMMENTS_BODY:
      return comments_contain (store, ticket, node);
    case F_ALL:
      return text_contains (ticket->title, node->text, node->prefix) ||
             text_contains (ticket->description, node->text, node->prefix) ||
             comments_contain (store, ticket, node);
    case F_ASSIGNEE_EMAIL:
    case F_CREATED_BY_EMAIL:
      {
        const char *email = user_email (store, node->field->field == F_ASSIGNEE_EMAIL
                                               ? ticket->assigned_to_id : ticket->user_id);

        if (email == NULL)
          return FALSE;
        if (node->prefix)
          return g_str_has_prefix (email, node->text);
        return g_str_equal (email, node->text);
      }
    case F_ASSIGNEE_NAME:
    case F_CREATED_BY_NAME:
      {
        gint64 id = node->field->field == F_ASSIGNEE_NAME ? ticket->assigned_to_id : ticket->user_id;
        MojoUser *user = id ? mojo_store_get_user (store, id) : NULL;
        g_autofree char *name = user != NULL ? mojo_user_full_name (user) : NULL;

        return text_contains (name, node->text, node->prefix);
      }
    default:
      return FALSE;
    }
}

static gboolean
compare (gint64 value,
         Op     op,
         gint64 wanted,
         gint64 wanted_end)
{
  switch (op)
    {
    case OP_EQ: return wanted_end != 0 ? (value >= wanted && value <= wanted_end) : value == wanted;
    case OP_LT: return value < wanted;
    case OP_LE: return value <= (wanted_end != 0 ? wanted_end : wanted);
    case OP_GT: return value > (wanted_end != 0 ? wanted_end : wanted);
    case OP_GE: return value >= wanted;
    default: return FALSE;
    }
}

static gboolean
in_range (gint64      value,
          const Node *node)
{
  if (!node->open_lo && (node->incl_lo ? value < node->number : value <= node->number))
    return FALSE;
  if (!node->open_hi && (node->incl_hi ? value > node->number_hi : value >= node->number_hi))
    return FALSE;

  return TRUE;
}

static gboolean
exists (MojoStore        *store,
        const MojoTicket *ticket,
        const FieldInfo  *field)
{
  MojoTicketKids *kids;

  switch (field->kind)
    {
    case KIND_INT:
    case KIND_DATE:
      return int_value (store, ticket, field->field) != 0;
    case KIND_TAGS:
      return ticket->tag_ids->len > 0;
    case KIND_COMMENTS:
      kids = mojo_store_get_kids (store, ticket->v.id, FALSE);
      return kids != NULL && kids->comments->len > 0;
    case KIND_TEXT:
    case KIND_KEYWORD:
      switch (field->field)
        {
        case F_TITLE: return ticket->title != NULL;
        case F_DESCRIPTION: return ticket->description != NULL;
        case F_ASSIGNEE_EMAIL:
        case F_ASSIGNEE_NAME: return ticket->assigned_to_id != 0;
        default: return ticket->user_id != 0;
        }
    default:
      return FALSE;
    }
}

static gboolean
node_matches (const Node       *node,
              MojoStore        *store,
              const MojoTicket *ticket)
{
  switch (node->kind)
    {
    case NODE_ALL:
      return TRUE;
    case NODE_AND:
      return node_matches (node->a, store, ticket) && node_matches (node->b, store, ticket);
    case NODE_OR:
      return node_matches (node->a, store, ticket) || node_matches (node->b, store, ticket);
    case NODE_NOT:
      return !node_matches (node->a, store, ticket);
    case NODE_EXISTS:
      return exists (store, ticket, node->field);
    case NODE_MATCH:
      return match_text (store, ticket, node);
    case NODE_COMPARE:
      if (node->field->kind == KIND_TAGS)
        {
          for (guint i = 0; i < ticket->tag_ids->len; i++)
            {
              if (compare (g_array_index (ticket->tag_ids, gint64, i), node->op, node->number, 0))
                return TRUE;
            }
          return FALSE;
        }
      if (node->field->kind != KIND_INT && node->field->kind != KIND_DATE)
        return FALSE;
      {
        gint64 value = int_value (store, ticket, node->field->field);

        /* A null field is not in the index: no comparison matches it. */
        if (value == 0)
          return FALSE;
        return compare (value, node->op, node->number, node->number_hi);
      }
    case NODE_RANGE:
      if (node->field->kind == KIND_TAGS)
        {
          for (guint i = 0; i < ticket->tag_ids->len; i++)
            {
              if (in_range (g_array_index (ticket->tag_ids, gint64, i), node))
                return TRUE;
            }
          return FALSE;
        }
      if (node->field->kind != KIND_INT && node->field->kind != KIND_DATE)
        return FALSE;
      {
        gint64 value = int_value (store, ticket, node->field->field);

        if (value == 0)
          return FALSE;
        return in_range (value, node);
      }
    default:
      return FALSE;
    }
}

gboolean
mojo_query_matches (MojoQuery        *query,
                    MojoStore        *store,
                    const MojoTicket *ticket)
{
  return node_matches (query->root, store, ticket);
}
