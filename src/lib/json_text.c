/* json_text.c - JSON as compact text, byte for byte what jansson's
 * json_dumps(JSON_COMPACT) writes, at a fraction of its cost: jansson checks
 * every object and array for loops by printing its address into a table,
 * and prints every integer through snprintf; a reply is a tree we built, or
 * for the hottest replies no tree at all but a text written as it goes. */
#include "json_text.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "text.h"

/* What jansson escapes (without JSON_ENSURE_ASCII and JSON_ESCAPE_SLASH):
 * the quote, the backslash and the control characters. */
static int json_text_string(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t from = 0;
	int rc = buf_append(b, "\"", 1);

	for (size_t i = 0; i < n && rc == 0; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[7] = { '\\', 0 };
		size_t len = 2;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			memcpy(esc + 1, "u00", 3), esc[4] = hex[c >> 4], esc[5] = hex[c & 15], len = 6;
		}
		rc = buf_append(b, s + from, i - from);
		if (rc == 0)
			rc = buf_append(b, esc, len);
		from = i + 1;
	}
	if (rc == 0)
		rc = buf_append(b, s + from, n - from);
	return rc ? rc : buf_append(b, "\"", 1);
}

static int json_text_integer(struct buf *b, json_int_t v)
{
	char digits[24], *p = digits + sizeof digits;
	/* By the magnitude's unsigned value, so that the least integer has one. */
	unsigned long long m = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	do
		*--p = (char)('0' + m % 10);
	while ((m /= 10) != 0);
	if (v < 0)
		*--p = '-';
	return buf_append(b, p, (size_t)(digits + sizeof digits - p));
}

/* Reals are rare in replies, and jansson's shortest round trip is its own. */
static int json_text_real(struct buf *b, const json_t *j)
{
	char *text = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
	int rc = text ? buf_puts(b, text) : TANDEM_ENOMEM;

	free(text);
	return rc;
}

static int json_text_object(struct buf *b, const json_t *j)
{
	const char *key;
	json_t *v;
	int rc = buf_append(b, "{", 1);
	bool first = true;

	json_object_foreach((json_t *)j, key, v) {
		if (rc == 0 && !first)
			rc = buf_append(b, ",", 1);
		/* A key is text without NUL: every key we set is. */
		if (rc == 0)
			rc = json_text_string(b, key, strlen(key));
		if (rc == 0)
			rc = buf_append(b, ":", 1);
		if (rc == 0)
			rc = json_text_write(b, v);
		first = false;
	}
	return rc ? rc : buf_append(b, "}", 1);
}

static int json_text_array(struct buf *b, const json_t *j)
{
	int rc = buf_append(b, "[", 1);

	for (size_t i = 0; i < json_array_size(j) && rc == 0; i++) {
		if (i > 0)
			rc = buf_append(b, ",", 1);
		if (rc == 0)
			rc = json_text_write(b, json_array_get(j, i));
	}
	return rc ? rc : buf_append(b, "]", 1);
}

int json_text_write(struct buf *b, const json_t *j)
{
	switch (json_typeof(j)) {
	case JSON_OBJECT:
		return json_text_object(b, j);
	case JSON_ARRAY:
		return json_text_array(b, j);
	case JSON_STRING:
		return json_text_string(b, json_string_value(j), json_string_length(j));
	case JSON_INTEGER:
		return json_text_integer(b, json_integer_value(j));
	case JSON_REAL:
		return json_text_real(b, j);
	case JSON_TRUE:
		return buf_append(b, "true", 4);
	case JSON_FALSE:
		return buf_append(b, "false", 5);
	default:
		return buf_append(b, "null", 4);
	}
}

static void json_text_reset(struct json_text *w)
{
	w->rc = 0;
	w->depth = 0;
	w->has_member = w->is_object = 0;
	w->after_key = w->has_value = false;
}

/* A reply starts with room for 4 KiB (and its NUL), which most fill
 * without a copy. */
void json_text_init(struct json_text *w, size_t max)
{
	buf_init(&w->b, max);
	json_text_reset(w);
	w->rc = buf_reserve(&w->b, max < 4095 ? max : 4095);
}

static bool json_text_in_object(const struct json_text *w)
{
	return w->depth && (w->is_object & (1u << (w->depth - 1)));
}

/* The comma before a member or an element but its container's first. */
static void json_text_comma(struct json_text *w)
{
	uint32_t bit = w->depth ? 1u << (w->depth - 1) : 0;

	if (w->has_member & bit)
		w->rc = buf_append(&w->b, ",", 1);
	w->has_member |= bit;
}

/* Whether a value may come here, with the comma before it if it is not
 * its array's first: in an object only as a key's value, and one value
 * in all at the top. */
static bool json_text_value(struct json_text *w)
{
	if (w->rc)
		return false;
	if (w->after_key) {
		w->after_key = false;
		return true;
	}
	if (json_text_in_object(w) || (!w->depth && w->has_value)) {
		w->rc = TANDEM_EINVAL;
		return false;
	}
	w->has_value = true;
	json_text_comma(w);
	return w->rc == 0;
}

void json_text_open(struct json_text *w, char bracket)
{
	uint32_t bit;

	if (!json_text_value(w))
		return;
	if (w->depth == JSON_TEXT_DEPTH) {
		w->rc = TANDEM_ETOOBIG;
		return;
	}
	bit = 1u << w->depth;
	w->rc = buf_append(&w->b, &bracket, 1);
	w->has_member &= ~bit;
	w->is_object = bracket == '{' ? w->is_object | bit : w->is_object & ~bit;
	w->depth++;
}

void json_text_close(struct json_text *w, char bracket)
{
	char close = bracket == '{' ? '}' : ']';

	if (w->rc)
		return;
	if (!w->depth || w->after_key || json_text_in_object(w) != (bracket == '{')) {
		w->rc = TANDEM_EINVAL;
		return;
	}
	w->depth--;
	w->rc = buf_append(&w->b, &close, 1);
}

/* Keys are ours, constant ASCII text. */
void json_text_key(struct json_text *w, const char *key)
{
	if (w->rc)
		return;
	if (!json_text_in_object(w) || w->after_key) {
		w->rc = TANDEM_EINVAL;
		return;
	}
	json_text_comma(w);
	if (w->rc == 0)
		w->rc = json_text_string(&w->b, key, strlen(key));
	if (w->rc == 0)
		w->rc = buf_append(&w->b, ":", 1);
	w->after_key = w->rc == 0;
}

/* Text is checked on its way into the store; what is not UTF-8 all the
 * same is written as null, as a JSON text must be UTF-8 (jansson would
 * leave such a member out). */
void json_text_str(struct json_text *w, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (json_text_value(w))
		w->rc = s && text_utf8_valid(s, n) ? json_text_string(&w->b, s, n) : buf_append(&w->b, "null", 4);
}

void json_text_int(struct json_text *w, long long v)
{
	if (json_text_value(w))
		w->rc = json_text_integer(&w->b, v);
}

void json_text_bool(struct json_text *w, bool v)
{
	if (json_text_value(w))
		w->rc = v ? buf_append(&w->b, "true", 4) : buf_append(&w->b, "false", 5);
}

void json_text_null(struct json_text *w)
{
	json_text_str(w, NULL);
}

char *json_text_take(struct json_text *w, size_t *len, int *rc)
{
	char *text;

	if (!w->rc && (w->depth || !w->has_value))
		w->rc = TANDEM_EINVAL;
	text = w->rc ? NULL : buf_take(&w->b, len);
	*rc = w->rc ? w->rc : text ? 0 : TANDEM_ENOMEM;
	buf_free(&w->b);
	json_text_reset(w);
	return text;
}
