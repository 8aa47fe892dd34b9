/* test_notify.c - tandem notify writes one digest a user a day and sends it
 * through a real SMTP server on loopback (a small sink in this file); the
 * digests name no family; without TANDEM_SMTP_URL nothing is sent. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "harness.h"

static struct th_server srv;

/* The sink: accepts SMTP sessions and keeps what DATA carried. */
static struct {
	int fd, port, messages;
	char data[1 << 20];
	size_t len;
	pthread_t thread;
	pthread_mutex_t lock;
} sink = { .lock = PTHREAD_MUTEX_INITIALIZER };

static void say(int c, const char *s)
{
	if (write(c, s, strlen(s)) < 0)
		return;
}

/* Reads one CRLF-terminated line into line; false at end of stream. */
static bool read_line(int c, char *line, size_t size)
{
	size_t n = 0;
	char ch;

	while (n + 1 < size && read(c, &ch, 1) == 1) {
		line[n++] = ch;
		if (ch == '\n')
			break;
	}
	line[n] = '\0';
	return n > 0;
}

static void session(int c)
{
	char line[4096];
	bool in_data = false;

	say(c, "220 sink ready\r\n");
	while (read_line(c, line, sizeof line)) {
		if (in_data) {
			if (!strcmp(line, ".\r\n")) {
				in_data = false;
				pthread_mutex_lock(&sink.lock);
				sink.messages++;
				pthread_mutex_unlock(&sink.lock);
				say(c, "250 queued\r\n");
			} else {
				pthread_mutex_lock(&sink.lock);
				size_t k = strlen(line);
				if (sink.len + k < sizeof sink.data) {
					memcpy(sink.data + sink.len, line, k);
					sink.len += k;
				}
				pthread_mutex_unlock(&sink.lock);
			}
		} else if (!strncasecmp(line, "DATA", 4)) {
			in_data = true;
			say(c, "354 go ahead\r\n");
		} else if (!strncasecmp(line, "QUIT", 4)) {
			say(c, "221 bye\r\n");
			break;
		} else {
			say(c, "250 ok\r\n");
		}
	}
	close(c);
}

static void *sink_main(void *arg)
{
	int c;

	(void)arg;
	while ((c = accept(sink.fd, NULL, NULL)) >= 0)
		session(c);
	return NULL;
}

static int sink_start(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof a;

	sink.fd = socket(AF_INET, SOCK_STREAM, 0);
	if (sink.fd < 0 || bind(sink.fd, (struct sockaddr *)&a, sizeof a) || listen(sink.fd, 8)
	    || getsockname(sink.fd, (struct sockaddr *)&a, &len))
		return -1;
	sink.port = ntohs(a.sin_port);
	return pthread_create(&sink.thread, NULL, sink_main, NULL);
}

static int setup(void **state)
{
	(void)state;
	return th_server_start(&srv) || sink_start();
}

static int teardown(void **state)
{
	(void)state;
	shutdown(sink.fd, SHUT_RDWR);
	close(sink.fd);
	pthread_join(sink.thread, NULL);
	return th_server_stop(&srv);
}

/* How many of the database's family names stand in text. */
static int names_in(const char *text)
{
	long long n = th_sql(&srv, "SELECT count(DISTINCT family_name) FROM cases");
	int found = 0;

	assert_true(n > 20);
	for (long long k = 0; k < n; k++) {
		char sql[160], name[128];
		snprintf(sql, sizeof sql, "SELECT DISTINCT family_name FROM cases ORDER BY family_name LIMIT 1 OFFSET %lld",
			 k);
		th_sql_text(&srv, sql, name, sizeof name);
		found += name[0] && strstr(text, name) != NULL;
	}
	return found;
}

static void test_without_an_smtp_url_nothing_is_sent(void **state)
{
	struct th_run r;

	(void)state;
	unsetenv("TANDEM_SMTP_URL");
	assert_int_equal(th_tandem(&r, NULL, "notify", "--db", srv.db, NULL), 0);
	assert_non_null(strstr(r.out, "would send"));
	assert_non_null(strstr(r.out, "To: worker@tandem.example"));
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL"), 0);
	assert_true(th_sql(&srv, "SELECT count(*) FROM outbox") > 0);
}

static void test_digests_go_through_smtp_once_a_day_and_name_no_family(void **state)
{
	long long waiting = th_sql(&srv, "SELECT count(*) FROM outbox WHERE sent_at IS NULL");
	char url[64];
	struct th_run r;

	(void)state;
	snprintf(url, sizeof url, "smtp://127.0.0.1:%d", sink.port);
	setenv("TANDEM_SMTP_URL", url, 1);
	setenv("TANDEM_SMTP_FROM", "tandem@demo.example", 1);
	assert_int_equal(th_tandem(&r, NULL, "notify", "--db", srv.db, NULL), 0);
	assert_non_null(strstr(r.out, "0 digests written"));   /* today's were written by the first run */
	assert_int_equal(sink.messages, waiting);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM outbox WHERE sent_at IS NULL"), 0);
	sink.data[sink.len] = '\0';
	assert_non_null(strstr(sink.data, "To: worker@tandem.example"));
	assert_non_null(strstr(sink.data, "From: tandem@demo.example"));
	assert_non_null(strstr(sink.data, "need your attention today"));
	/* no family's name travels by e-mail */
	assert_int_equal(names_in(sink.data), 0);
	/* a second run the same day sends nothing new */
	assert_int_equal(th_tandem(&r, NULL, "notify", "--db", srv.db, NULL), 0);
	assert_int_equal(sink.messages, waiting);
}

static void test_an_unreachable_server_leaves_the_digest_in_the_outbox(void **state)
{
	struct th_run r;

	(void)state;
	assert_int_equal(th_sql(&srv, "UPDATE outbox SET sent_at = NULL WHERE id = (SELECT min(id) FROM outbox)"), 0);
	setenv("TANDEM_SMTP_URL", "smtp://127.0.0.1:1", 1);
	assert_int_equal(th_tandem(&r, NULL, "notify", "--db", srv.db, NULL), 1);
	assert_non_null(strstr(r.err, "could not send"));
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND attempts > 1"
				" AND last_error IS NOT NULL"), 1);
	unsetenv("TANDEM_SMTP_URL");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_without_an_smtp_url_nothing_is_sent),
		cmocka_unit_test(test_digests_go_through_smtp_once_a_day_and_name_no_family),
		cmocka_unit_test(test_an_unreachable_server_leaves_the_digest_in_the_outbox),
	};
	return cmocka_run_group_tests_name("notify", tests, setup, teardown);
}
