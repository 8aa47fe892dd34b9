/* test_proxy.c - the HAProxy configuration tandem ships (deploy/haproxy),
 * run as it is in front of tandem: it refuses with one 400 and a closed
 * connection what libmicrohttpd cannot (a NUL byte in the request line, a
 * Content-Length that is not a number), and the client's own
 * X-Forwarded-For never reaches tandem, which trusts that header from the
 * proxy only. */
#include <curl/curl.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "harness.h"

/* ADDRESS_LIMIT is the server's failed sign-ins per address (see
 * test_sign_in_limits.c). */
enum { WAIT_MS = 5000, ADDRESS_LIMIT = 20 };

static struct th_server srv, via;   /* via: the same server, through the proxy */
static pid_t proxy;

static int free_port(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0), port = -1;

	if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0
	    && getsockname(fd, (struct sockaddr *)&a, &len) == 0)
		port = ntohs(a.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

/* deploy/haproxy/tandem.cfg with its two ports and the errors' folder made
 * this test's, written to path. */
static int write_config(const char *path, int front, int back)
{
	char cmd[1024], cwd[512];

	if (!getcwd(cwd, sizeof cwd))
		return -1;
	snprintf(cmd, sizeof cmd,
		 "sed -e 's|127.0.0.1:8080|127.0.0.1:%d|' -e 's|127.0.0.1:8081|127.0.0.1:%d|'"
		 " -e 's|/etc/haproxy/errors/|%s/deploy/haproxy/errors/|' deploy/haproxy/tandem.cfg > '%s'",
		 front, back, cwd, path);
	return system(cmd) == 0 ? 0 : -1;
}

static int setup(void **state)
{
	static const char *const extra[] = { "--trusted-proxy", "127.0.0.1", "--per-address", "0", NULL };
	char cfg[256];

	(void)state;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (th_server_start_with(&srv, NULL, extra))
		return -1;
	via = srv;
	via.port = free_port();
	snprintf(cfg, sizeof cfg, "%s/haproxy.cfg", srv.dir);
	if (via.port <= 0 || write_config(cfg, via.port, srv.port))
		return -1;
	proxy = fork();
	if (proxy == 0) {
		execlp("haproxy", "haproxy", "-db", "-f", cfg, (char *)NULL);
		_exit(127);
	}
	/* Up once it answers tandem's readiness through itself. */
	for (int i = 0; i < 100; i++) {
		struct th_resp r;
		long status = th_request(NULL, &via, "GET", "/readyz", NULL, NULL, &r);

		th_resp_free(&r);
		if (status == 200)
			return 0;
		usleep(50 * 1000);
	}
	return -1;
}

static int teardown(void **state)
{
	(void)state;
	if (proxy > 0) {
		kill(proxy, SIGTERM);
		waitpid(proxy, NULL, 0);
	}
	return th_server_stop(&srv);
}

static int count_of(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void test_what_libmicrohttpd_reads_two_ways_gets_one_400_from_the_proxy(void **state)
{
	static const char nul[] = "GET /api/v1/cases/1\0/x HTTP/1.1\r\nHost: t\r\n\r\n";
	static const char length[] = "POST /api/v1/session HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
				     "Content-Length: 5x\r\n\r\n{\"a\":";
	const struct { const char *data; size_t n; } cases[] = {
		{ nul, sizeof nul - 1 }, { length, sizeof length - 1 },
	};
	char buf[4096];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int fd = th_raw_connect(&via, NULL);

		assert_true(fd >= 0);
		assert_true(th_raw_send(fd, cases[i].data, cases[i].n));
		assert_true(th_raw_read(fd, buf, sizeof buf, WAIT_MS));
		assert_int_equal(count_of(buf, "HTTP/1.1 "), 1);
		assert_true(strncmp(buf, "HTTP/1.1 400", 12) == 0);
		close(fd);
	}
}

static long sign_in(const char *email, const char *password, const char *forwarded, struct th_resp *r)
{
	char body[256], header[96];

	snprintf(body, sizeof body, "{\"email\":\"%s\",\"password\":\"%s\"}", email, password);
	snprintf(header, sizeof header, "X-Forwarded-For: %s", forwarded);
	return th_request(NULL, &via, "POST", "/api/v1/session", body, header, r);
}

static void test_a_client_cannot_name_its_own_address_through_the_proxy(void **state)
{
	char email[64], forwarded[32];
	struct th_resp r;

	(void)state;
	/* Each failure claims another address; the proxy gives tandem ours. */
	for (int i = 0; i < ADDRESS_LIMIT; i++) {
		snprintf(email, sizeof email, "nobody%d@tandem.example", i);
		snprintf(forwarded, sizeof forwarded, "203.0.113.%d", i + 1);
		assert_int_equal(sign_in(email, "wrong-password!", forwarded, &r), 401);
		th_resp_free(&r);
	}
	assert_int_equal(sign_in("worker@tandem.example", "tandem-demo-2026", "203.0.113.200", &r), 429);
	assert_string_equal(th_error_code(&r), "too_many_attempts");
	th_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_what_libmicrohttpd_reads_two_ways_gets_one_400_from_the_proxy),
		cmocka_unit_test(test_a_client_cannot_name_its_own_address_through_the_proxy),
	};
	return cmocka_run_group_tests_name("proxy", tests, setup, teardown);
}
