/* test_connections.c - one client cannot take the server from the others:
 * connections over the limit in all or from one address are closed at once,
 * not queued; a request's head must arrive in time on a new connection and
 * on a kept one; and a request that could be framed or routed two ways gets
 * one 400 and a closed connection, changing nothing. Raw sockets, since a
 * client library would not send these. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../src/lib/clock.h"
#include "harness.h"

enum { WAIT_MS = 5000, N_MAX = 64 };

static int raw_connect(const struct th_server *s, const char *from)
{
	int fd = th_raw_connect(s, from);

	assert_true(fd >= 0);
	return fd;
}

static void raw_send(int fd, const char *data, size_t n)
{
	assert_true(th_raw_send(fd, data, n));
}

/* Whether the server closed fd within ms without a word. */
static bool closed_unanswered(int fd, int ms)
{
	char buf[256];

	return th_raw_read(fd, buf, sizeof buf, ms) && buf[0] == '\0';
}

static int count_of(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static bool answered(const struct th_server *s, const char *from)
{
	static const char req[] = "GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
	char buf[1024];
	int fd = raw_connect(s, from);
	bool ok;

	raw_send(fd, req, sizeof req - 1);
	ok = th_raw_read(fd, buf, sizeof buf, WAIT_MS) && strncmp(buf, "HTTP/1.1 200", 12) == 0;
	close(fd);
	return ok;
}

/* /healthz answered from the address from, within WAIT_MS: the server
 * learns of connections closed by their clients in its own time. */
static bool healthy(const struct th_server *s, const char *from)
{
	double until = clock_mono_ms() + WAIT_MS;

	while (!answered(s, from))
		if (clock_mono_ms() > until)
			return false;
	return true;
}

/* The value of a line of /metrics, -1 when it is missing. */
static long long metric(struct th_server *s, const char *name)
{
	struct th_resp r;
	const char *line;
	long long v = -1;

	assert_int_equal(th_request(NULL, s, "GET", "/metrics", NULL, NULL, &r), 200);
	for (line = r.body; line && v < 0; line = strchr(line, '\n'), line = line ? line + 1 : NULL)
		if (strncmp(line, name, strlen(name)) == 0 && line[strlen(name)] == ' ')
			v = atoll(line + strlen(name) + 1);
	th_resp_free(&r);
	return v;
}

static void start(struct th_server *s, const char *const *extra)
{
	assert_int_equal(th_server_start_with(s, NULL, extra), 0);
}

static void test_connections_over_the_limit_from_one_address_are_closed_at_once(void **state)
{
	static const char *const extra[] = { "--per-address", "4", NULL };
	struct th_server s;
	int fds[10], open = 0;

	(void)state;
	start(&s, extra);
	for (int i = 0; i < 10; i++)
		fds[i] = raw_connect(&s, "127.0.0.2");
	for (int i = 0; i < 10; i++)
		open += !closed_unanswered(fds[i], 300);
	assert_int_equal(open, 4);
	/* Another address is served meanwhile, at once. */
	assert_true(answered(&s, NULL));
	for (int i = 0; i < 10; i++)
		close(fds[i]);
	/* Freed places are taken again. */
	assert_true(healthy(&s, "127.0.0.2"));
	assert_int_equal(th_server_stop(&s), 0);
}

static void test_connections_over_the_limit_in_all_are_closed_at_once_not_queued(void **state)
{
	static const char *const extra[] = { "--max-connections", "16", "--per-address", "0", NULL };
	struct th_server s;
	int fds[24], open = 0;

	(void)state;
	start(&s, extra);
	for (int i = 0; i < 24; i++)
		fds[i] = raw_connect(&s, "127.0.0.3");
	for (int i = 0; i < 24; i++)
		open += !closed_unanswered(fds[i], 300);
	/* Those refused were closed within the 300 ms each was given, where
	 * a queued one would have stayed open and silent. */
	assert_int_equal(open, 16);
	for (int i = 0; i < 24; i++)
		close(fds[i]);
	assert_true(healthy(&s, NULL));
	/* And counted, for the operator. */
	assert_true(metric(&s, "tandem_http_connections_refused_total") >= 8);
	assert_true(metric(&s, "tandem_http_connections_open") >= 1);
	assert_int_equal(th_server_stop(&s), 0);
}

/* Sends one header line every 200 ms, as slowloris does, and returns how
 * many the server took before it closed the connection (0 if it never did
 * in WAIT_MS). */
static int trickle_until_closed(int fd)
{
	char buf[512];

	for (int i = 1; i <= WAIT_MS / 200; i++) {
		if (th_raw_read(fd, buf, sizeof buf, 200))
			return i;
		if (!th_raw_send(fd, "X-Slow: y\r\n", 11))
			return i;
	}
	return 0;
}

static void test_a_head_that_comes_too_slowly_is_cut_off(void **state)
{
	static const char *const extra[] = { "--head-timeout", "1", "--keep-alive", "2", NULL };
	static const char first[] = "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n";
	struct th_server s;
	char buf[1024];
	int fd;
	double since;

	(void)state;
	start(&s, extra);
	/* A new connection: its head within a second, though bytes keep
	 * coming. Timed, not counted in lines: a loaded machine may send
	 * fewer, never cut sooner. */
	fd = raw_connect(&s, NULL);
	since = clock_mono_ms();
	raw_send(fd, "GET /healthz HTTP/1.1\r\n", 23);
	assert_true(trickle_until_closed(fd) > 0);
	close(fd);
	assert_in_range((long)(clock_mono_ms() - since), 950, 4000);
	/* A kept connection: the next head within two seconds of the answer
	 * (not one second after it began, 1.5 s after the request). */
	fd = raw_connect(&s, NULL);
	since = clock_mono_ms();
	raw_send(fd, first, sizeof first - 1);
	assert_false(th_raw_read(fd, buf, sizeof buf, 500));
	assert_true(strncmp(buf, "HTTP/1.1 200", 12) == 0);
	raw_send(fd, "GET /healthz HTTP/1.1\r\n", 23);
	assert_true(trickle_until_closed(fd) > 0);
	close(fd);
	assert_in_range((long)(clock_mono_ms() - since), 1950, 5000);
	assert_int_equal(metric(&s, "tandem_http_connections_timed_out_total"), 2);
	/* A head that comes in time is answered, again and again. */
	fd = raw_connect(&s, NULL);
	for (int i = 0; i < 3; i++) {
		raw_send(fd, first, sizeof first - 1);
		assert_false(th_raw_read(fd, buf, sizeof buf, 500));
		assert_int_equal(count_of(buf, "HTTP/1.1 200"), 1);
	}
	close(fd);
	assert_int_equal(th_server_stop(&s), 0);
}

/* A request line is before, the case's id, then after. */
struct ambiguous {
	const char *name, *before, *after, *code;
};

static void test_a_request_framed_or_routed_two_ways_gets_one_400_and_is_closed(void **state)
{
	static const struct ambiguous cases[] = {
		{"both lengths", "POST /api/v1/cases/", "/messages HTTP/1.1\r\nContent-Length: 40\r\n"
		 "Transfer-Encoding: chunked\r\n", "ambiguous_length"},
		{"another coding", "POST /api/v1/cases/", "/messages HTTP/1.1\r\nTransfer-Encoding: gzip\r\n",
		 "unsupported_transfer_coding"},
		{"codings listed", "POST /api/v1/cases/", "/messages HTTP/1.1\r\n"
		 "Transfer-Encoding: gzip, chunked\r\n", "unsupported_transfer_coding"},
		{"encoded NUL", "GET /api/v1/cases/", "%00 HTTP/1.1\r\n", "ambiguous_path"},
		{"encoded slash", "GET /api/v1/cases%2f", " HTTP/1.1\r\n", "ambiguous_path"},
		{"encoded slash, capital", "GET /api/v1/cases%2F", " HTTP/1.1\r\n", "ambiguous_path"},
	};
	static const char body[] = "26\r\n{\"body\":\"sent under two framings....\"}\r\n0\r\n\r\n";
	struct th_server s;
	struct th_run r;
	long long kase, before;
	char token[128], line[256], head[1024], buf[4096];

	(void)state;
	start(&s, NULL);
	kase = th_sql(&s, "SELECT min(c.id) FROM cases c JOIN users u ON u.id = c.worker_id"
		      " WHERE u.email = 'worker@tandem.example'");
	assert_true(kase > 0);
	assert_int_equal(th_tandem(&r, NULL, "token", "--db", s.db, "--email", "worker@tandem.example", NULL), 0);
	snprintf(token, sizeof token, "%.*s", (int)strcspn(r.out, "\n"), r.out);
	before = th_sqlf(&s, "SELECT count(*) FROM messages WHERE case_id = %lld", kase);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int fd = raw_connect(&s, NULL);

		snprintf(line, sizeof line, "%s%lld%s", cases[i].before, kase, cases[i].after);
		snprintf(head, sizeof head, "%sHost: t\r\nAuthorization: Bearer %s\r\n"
			 "Content-Type: application/json\r\n\r\n", line, token);
		raw_send(fd, head, strlen(head));
		if (strncmp(line, "POST", 4) == 0)
			raw_send(fd, body, sizeof body - 1);
		print_message("%s\n", cases[i].name);
		assert_true(th_raw_read(fd, buf, sizeof buf, WAIT_MS));
		assert_int_equal(count_of(buf, "HTTP/1.1 "), 1);
		assert_true(strncmp(buf, "HTTP/1.1 400", 12) == 0);
		assert_non_null(strstr(buf, cases[i].code));
		close(fd);
	}
	assert_int_equal(th_sqlf(&s, "SELECT count(*) FROM messages WHERE case_id = %lld", kase), before);
	/* The same request framed one way is taken. */
	{
		int fd = raw_connect(&s, NULL);

		snprintf(head, sizeof head, "POST /api/v1/cases/%lld/messages HTTP/1.1\r\nHost: t\r\n"
			 "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
			 "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n", kase, token);
		raw_send(fd, head, strlen(head));
		raw_send(fd, body, sizeof body - 1);
		assert_true(th_raw_read(fd, buf, sizeof buf, WAIT_MS));
		assert_true(strncmp(buf, "HTTP/1.1 201", 12) == 0);
		close(fd);
	}
	assert_int_equal(th_sqlf(&s, "SELECT count(*) FROM messages WHERE case_id = %lld", kase), before + 1);
	assert_int_equal(th_server_stop(&s), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_connections_over_the_limit_from_one_address_are_closed_at_once),
		cmocka_unit_test(test_connections_over_the_limit_in_all_are_closed_at_once_not_queued),
		cmocka_unit_test(test_a_head_that_comes_too_slowly_is_cut_off),
		cmocka_unit_test(test_a_request_framed_or_routed_two_ways_gets_one_400_and_is_closed),
	};
	return cmocka_run_group_tests_name("connections", tests, NULL, NULL);
}
