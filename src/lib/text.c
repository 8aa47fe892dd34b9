/* text.c - string checks shared by the CLI, the API and the domain. */
#include "text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

bool text_utf8_valid(const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i];
		size_t len;
		uint32_t cp, min;

		if (c < 0x80) {
			i++;
			continue;
		}
		if ((c & 0xE0) == 0xC0) {
			len = 2; cp = c & 0x1F; min = 0x80;
		} else if ((c & 0xF0) == 0xE0) {
			len = 3; cp = c & 0x0F; min = 0x800;
		} else if ((c & 0xF8) == 0xF0) {
			len = 4; cp = c & 0x07; min = 0x10000;
		} else {
			return false;
		}
		if (n - i < len)
			return false;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += len;
	}
	return true;
}

bool text_parse_int(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (!s || !*s || (*s != '-' && (*s < '0' || *s > '9')))
		return false;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

bool text_parse_id(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (!s || *s < '1' || *s > '9')
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v <= 0)
		return false;
	*out = v;
	return true;
}

int text_lookup(const char *const *list, const char *s)
{
	for (int i = 0; s && list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return i;
	return -1;
}

/* The length of the space at p, 0 if none (see text_blank). */
static size_t space_at(const unsigned char *p)
{
	if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		return 1;
	if (p[0] == 0xc2 && p[1] == 0xa0)
		return 2;
	if (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80)
		return 3;
	if (p[0] == 0xe2 && p[1] == 0x80 && p[2] >= 0x80 && p[2] <= 0x8a)
		return 3;
	return 0;
}

bool text_blank(const char *s)
{
	size_t n;

	for (const unsigned char *p = (const unsigned char *)s; *p; p += n)
		if (!(n = space_at(p)))
			return false;
	return true;
}

bool text_email_valid(const char *s)
{
	const char *at = strchr(s, '@');
	size_t n = strlen(s);

	if (!at || at == s || strchr(at + 1, '@') || n > 254)
		return false;
	if (strpbrk(s, " \t\r\n<>\"(),;:\\[]"))
		return false;
	const char *dot = strchr(at + 1, '.');
	return dot && dot > at + 1 && dot[1] != '\0';
}

void text_ascii_lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

/* The folded letter of the two-byte character at c, or 0. Every character
 * of TEXT_FOLD_FROM past ASCII takes two bytes in UTF-8. */
static char fold_pair(const char *c)
{
	static const char from[] = TEXT_FOLD_FROM, to[] = TEXT_FOLD_TO;
	const char *f = from;
	size_t k = 0;

	for (; *f; k++) {
		if ((unsigned char)*f < 0x80) {
			f++;
			continue;
		}
		if (f[0] == c[0] && f[1] == c[1])
			return to[k];
		f += 2;
	}
	return 0;
}

void text_fold(const char *s, char *out)
{
	while (*s) {
		unsigned char c = (unsigned char)*s;
		char folded = (c & 0xE0) == 0xC0 && s[1] ? fold_pair(s) : 0;

		if (c >= 'A' && c <= 'Z') {
			*out++ = (char)(c - 'A' + 'a');
			s++;
		} else if (folded) {
			*out++ = folded;
			s += 2;
		} else {
			*out++ = *s++;
		}
	}
	*out = '\0';
}

void text_utf8_trim(char *s)
{
	size_t n = strlen(s);

	while (n && !text_utf8_valid(s, n))
		n--;
	s[n] = '\0';
}

size_t text_utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

const char *text_list_next(const char **p, size_t *n)
{
	const char *item = *p;

	if (!item || !*item)
		return NULL;
	*n = strcspn(item, ",");
	*p = item + *n + (item[*n] == ',');
	return item;
}

bool text_list_has(const char *list, const char *end, const char *item, size_t n)
{
	const char *q;
	size_t m;

	while ((q = text_list_next(&list, &m)) && (!end || q < end))
		if (m == n && !strncmp(q, item, n))
			return true;
	return false;
}
