/* fuzz_http.c - raw HTTP requests, as bytes, to tandem serve running in this
 * process on a seeded SQLite database: the request line, the router and
 * path parameters, headers, cookies, query strings and the JSON bodies of
 * every route through their handlers and the store. In an input, @WORKER@,
 * @MANAGER@, @SPONSOR@ and @LIP@ stand for those demo users' API tokens, so
 * that requests reach the handlers behind the gate. Whatever comes, the
 * server answers no 500 and goes on answering. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../../src/api/api.h"
#include "../../src/cli/cli.h"
#include "../../src/domain/account.h"
#include "../../src/domain/audit.h"
#include "../../src/lib/buf.h"
#include "../../src/lib/clock.h"
#include "fuzz.h"

/* An input may leave its request unfinished, and the server waiting: no
 * finding, so its answer is waited for a second. The health check after it
 * must answer, and is given time to, on a loaded machine. */
enum { INPUT_MS = 1000, HEALTH_MS = 5000, N_USERS = 4 };

static const char *const users[N_USERS][2] = {
	{"@WORKER@", "worker@tandem.example"}, {"@MANAGER@", "manager@tandem.example"},
	{"@SPONSOR@", "sponsor@tandem.example"}, {"@LIP@", "lip@tandem.example"},
};

static struct {
	char dir[64], db[96];
	char tokens[N_USERS][ACCOUNT_TOKEN_LEN];
	struct store *st;
	struct api *api;
	struct http_server *server;
	int port;
} fz;

static int seed_database(void)
{
	char *init[] = { "--db", fz.db }, *seed[] = { "--demo", "--db", fz.db };
	FILE *out = stdout;
	int rc;

	/* The commands' words go nowhere: the fuzzer's own are what counts. */
	stdout = fopen("/dev/null", "w");
	rc = cli_init(2, init) || cli_seed(3, seed);
	fclose(stdout);
	stdout = out;
	return rc ? -1 : 0;
}

static int issue_tokens(void)
{
	struct tandem_err e;
	struct arena *a = arena_new();
	int rc = a ? 0 : -1;

	for (int i = 0; i < N_USERS && !rc; i++) {
		struct user_rec u;

		rc = cli_user_find(fz.st, users[i][1], a, &u, &e) || account_token_issue(fz.st, u.id, fz.tokens[i], &e);
	}
	arena_free(a);
	return rc;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct api_config acfg = { .small_counts = 5, .dashboard_refresh = 86400, .sign_in_slots = 1 };
	struct http_config cfg = { .address = "127.0.0.1", .threads = 2, .log_fd = -1, .web_root = "web" };
	struct tandem_err e;

	(void)argc;
	(void)argv;
	signal(SIGPIPE, SIG_IGN);
	snprintf(fz.dir, sizeof fz.dir, "/tmp/tandem-fuzz-XXXXXX");
	if (!mkdtemp(fz.dir))
		return -1;
	snprintf(fz.db, sizeof fz.db, "%s/fuzz.db", fz.dir);
	if (seed_database() || store_open(fz.db, STORE_OPEN_EXISTING, &fz.st, &e) || issue_tokens())
		return -1;
	if (audit_set_writer(fz.st, &e))
		return -1;
	acfg.db_path = fz.db;
	fz.api = api_new(&acfg);
	if (!fz.api)
		return -1;
	api_http_config(fz.api, &cfg);
	fz.server = http_server_start(&cfg, &e);
	if (!fz.server)
		return -1;
	fz.port = http_server_port(fz.server);
	return 0;
}

void fuzz_cleanup(void)
{
	char cmd[128];

	http_server_free(fz.server);
	api_free(fz.api);
	audit_set_writer(NULL, NULL);
	store_close(fz.st);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fz.dir);
	if (system(cmd) != 0)
		fprintf(stderr, "fuzz_http: cannot remove %s\n", fz.dir);
}

/* The input with each user's placeholder replaced by their token. */
static void expand(const uint8_t *data, size_t size, struct buf *out)
{
	for (size_t i = 0; i < size;) {
		int k = -1;

		for (int u = 0; u < N_USERS && k < 0; u++)
			if (size - i >= strlen(users[u][0]) && memcmp(data + i, users[u][0], strlen(users[u][0])) == 0)
				k = u;
		if (k < 0) {
			buf_append(out, (const char *)data + i, 1);
			i++;
			continue;
		}
		buf_append(out, fz.tokens[k], strlen(fz.tokens[k]));
		i += strlen(users[k][0]);
	}
}

static int connect_server(void)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons((uint16_t)fz.port) };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&to, sizeof to) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Whether the answer so far holds a whole response: its head, and as many
 * bytes after it as its Content-Length says (none to a HEAD). Waiting for
 * the server to close instead would wait out its keep-alive time. */
static bool answer_whole(const struct buf *answer, bool head_only)
{
	const char *end = answer->len ? memmem(answer->data, answer->len, "\r\n\r\n", 4) : NULL;
	size_t head_len, body_len = 0;

	if (!end)
		return false;
	head_len = (size_t)(end - answer->data) + 4;
	for (const char *p = answer->data; p < end; p++)
		if ((p == answer->data || p[-1] == '\n') && strncasecmp(p, "Content-Length:", 15) == 0)
			body_len = strtoul(p + 15, NULL, 10);
	return head_only || answer->len >= head_len + body_len;
}

/* Sends the request, the end of the stream after it, and reads one answer,
 * until the server closes the connection or wait_ms have passed. */
static void exchange(const char *req, size_t len, int wait_ms, struct buf *answer)
{
	double until = clock_mono_ms() + wait_ms;
	int fd = connect_server();
	char chunk[16384];

	if (fd < 0)
		abort();
	for (size_t sent = 0; sent < len;) {
		ssize_t n = send(fd, req + sent, len - sent, MSG_NOSIGNAL);

		if (n <= 0)
			break;
		sent += (size_t)n;
	}
	shutdown(fd, SHUT_WR);
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int left = (int)(until - clock_mono_ms());
		ssize_t n;

		if (left <= 0 || poll(&p, 1, left) <= 0)
			break;
		n = recv(fd, chunk, sizeof chunk, 0);
		if (n <= 0)
			break;
		buf_append(answer, chunk, (size_t)n);
		if (answer_whole(answer, len >= 5 && memcmp(req, "HEAD ", 5) == 0))
			break;
	}
	close(fd);
}

/* A server error is a finding; so is a server that no longer answers. */
static void check(const struct buf *answer)
{
	static const char healthz[] = "GET /healthz HTTP/1.1\r\nHost: f\r\n\r\n";
	struct buf again;

	for (size_t i = 0; i + 12 <= answer->len; i++)
		if (memcmp(answer->data + i, "HTTP/1.1 500", 12) == 0 || memcmp(answer->data + i, "HTTP/1.0 500", 12) == 0)
			abort();
	buf_init(&again, 1 << 20);
	exchange(healthz, sizeof healthz - 1, HEALTH_MS, &again);
	if (again.len < 12 || memcmp(again.data, "HTTP/1.1 200", 12) != 0)
		abort();
	buf_free(&again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf req, answer;

	buf_init(&req, 1 << 22);
	buf_init(&answer, 1 << 24);
	expand(data, size, &req);
	exchange(req.data ? req.data : "", req.len, INPUT_MS, &answer);
	check(&answer);
	buf_free(&req);
	buf_free(&answer);
	return 0;
}
