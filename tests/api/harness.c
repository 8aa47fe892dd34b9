/* harness.c - the API tests' server, client and command runner. */
#include "harness.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../src/lib/clock.h"
#include "../../src/store/db.h"

const char *th_bin(void)
{
	const char *b = getenv("TANDEM_BIN");
	return b && *b ? b : "build/tandem";
}

static int exit_status(int st)
{
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int wait_status(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return exit_status(st);
}

/* One output of a child: its buffer (truncated to size, NUL-terminated). */
struct sink {
	int fd;
	char *buf;
	size_t size, n;
};

/* Reads what fd has into its buffer; false at its end. */
static bool drain_some(struct sink *s)
{
	char spill[4096];
	bool room = s->n + 1 < s->size;
	ssize_t k = read(s->fd, room ? s->buf + s->n : spill, room ? s->size - 1 - s->n : sizeof spill);

	if (k < 0 && errno == EINTR)
		return true;
	if (k <= 0)
		return false;
	if (room)
		s->n += (size_t)k;
	return true;
}

/* Reads both outputs to their ends at once, so that a child writing much
 * to one never waits on a pipe nobody reads. */
static void drain(struct sink *out, struct sink *err)
{
	struct pollfd p[2] = { { out->fd, POLLIN, 0 }, { err->fd, POLLIN, 0 } };
	struct sink *s[2] = { out, err };

	while (p[0].fd >= 0 || p[1].fd >= 0) {
		if (poll(p, 2, -1) < 0 && errno != EINTR)
			break;
		for (int i = 0; i < 2; i++)
			if (p[i].fd >= 0 && p[i].revents && !drain_some(s[i]))
				p[i].fd = -1;
	}
	out->buf[out->n] = err->buf[err->n] = '\0';
}

static int run_argv(struct th_run *r, const char *input, char **argv)
{
	int in[2], out[2], err[2];
	pid_t pid;

	if (pipe(in) || pipe(out) || pipe(err))
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		dup2(err[1], 2);
		close(in[1]);
		close(out[0]);
		close(err[0]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	close(err[1]);
	if (input && write(in[1], input, strlen(input)) < 0)
		perror("write");
	close(in[1]);
	drain(&(struct sink){ out[0], r->out, sizeof r->out, 0 }, &(struct sink){ err[0], r->err, sizeof r->err, 0 });
	close(out[0]);
	close(err[0]);
	r->status = wait_status(pid);
	return r->status;
}

int th_tandem(struct th_run *r, const char *input, ...)
{
	char *argv[32];
	int n = 0;
	va_list ap;

	argv[n++] = (char *)th_bin();
	va_start(ap, input);
	while (n < 31 && (argv[n] = va_arg(ap, char *)))
		n++;
	va_end(ap);
	argv[n] = NULL;
	return run_argv(r, input, argv);
}

/* Runs [wrap..., dir,] tandem serve --db ... [extra...] in this (forked) process. */
static void serve_exec(const struct th_server *s, const char *const *wrap, const char *const *extra)
{
	const char *fixed[] = { "serve", "--db", s->db, "--listen", "127.0.0.1:0", "--threads", "2",
				"--web", "web" };
	char *argv[64];
	int n = 0;

	for (; wrap && *wrap && n < 40; wrap++)
		argv[n++] = (char *)*wrap;
	if (wrap)
		argv[n++] = (char *)s->dir;
	argv[n++] = (char *)th_bin();
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		argv[n++] = (char *)fixed[i];
	for (; extra && *extra && n < 63; extra++)
		argv[n++] = (char *)*extra;
	argv[n] = NULL;
	execvp(argv[0], argv);
	_exit(127);
}

const char *th_pg(void)
{
	const char *ci = getenv("TANDEM_TEST_PG");
	return ci && *ci ? ci : NULL;
}

/* Runs one statement on the test server's maintenance database with psql. */
static int pg_admin(const char *sql)
{
	char cmd[512];

	snprintf(cmd, sizeof cmd, "psql -X -q -v ON_ERROR_STOP=1 '%s' -c '%s' >/dev/null", th_pg(), sql);
	return system(cmd) == 0 ? 0 : -1;
}

/* A new database, a copy of template when not NULL. */
static int pg_create(const char *name, const char *template, char *conninfo, size_t size)
{
	char sql[160];

	snprintf(sql, sizeof sql, "CREATE DATABASE %.40s%s%.60s", name, template ? " TEMPLATE " : "",
		 template ? template : "");
	if (!th_pg() || pg_admin(sql))
		return -1;
	/* In a key=value conninfo the last dbname wins. */
	snprintf(conninfo, size, "%s dbname=%s", th_pg(), name);
	return 0;
}

int th_pg_create(const char *name, char *conninfo, size_t size)
{
	return pg_create(name, NULL, conninfo, size);
}

int th_pg_drop(const char *name)
{
	char sql[96];

	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
	return th_pg() ? pg_admin(sql) : -1;
}

int th_db_new(const char *prefix, char *db, size_t size, char *pg_name)
{
	struct th_run run;

	pg_name[0] = '\0';
	if (th_pg()) {
		snprintf(pg_name, 32, "%s_%u", prefix, (unsigned)getpid());
		if (th_pg_create(pg_name, db, size))
			return -1;
	} else {
		snprintf(db, size, "/tmp/tandem-%s-%u.db", prefix, (unsigned)getpid());
		unlink(db);
	}
	return th_tandem(&run, NULL, "init", "--db", db, NULL) ? -1 : 0;
}

int th_db_drop(const char *db, const char *pg_name)
{
	return pg_name[0] ? th_pg_drop(pg_name) : unlink(db);
}

/* The seeded database that run-tests made, which a new database may copy
 * instead of being made and seeded again; NULL: none. */
static const char *pg_template(void)
{
	const char *t = getenv("TANDEM_TEST_PG_TEMPLATE");
	return t && *t ? t : NULL;
}

/* The database of s: a new PostgreSQL database under TANDEM_TEST_PG (from
 * the seeded template when there is one, unless from names another), else a
 * SQLite file in s's directory. */
static int server_database(struct th_server *s, const char *from)
{
	static unsigned serial;

	if (!th_pg()) {
		snprintf(s->db, sizeof s->db, "%s/test.db", s->dir);
		return 0;
	}
	snprintf(s->pg_name, sizeof s->pg_name, "t%ld_%u", (long)getpid(), ++serial);
	return pg_create(s->pg_name, from ? NULL : pg_template(), s->db, sizeof s->db);
}

/* A new directory for s, with its database: a copy of from, or new demo data. */
static int server_prepare(struct th_server *s, const char *from)
{
	static struct th_run r;
	char cmd[512];

	memset(s, 0, sizeof *s);
	snprintf(s->dir, sizeof s->dir, "/tmp/tandem-test-XXXXXX");
	if (!mkdtemp(s->dir) || server_database(s, from))
		return -1;
	if (from) {
		snprintf(cmd, sizeof cmd, "cp '%s' '%s'", from, s->db);
		return system(cmd) == 0 ? 0 : -1;
	}
	if (s->pg_name[0] && pg_template())
		return 0;
	if (th_tandem(&r, NULL, "init", "--db", s->db, NULL)
	    || th_tandem(&r, NULL, "seed", "--demo", "--db", s->db, NULL)) {
		fprintf(stderr, "harness: cannot make the database: %s\n", r.err);
		return -1;
	}
	return 0;
}

/* Starts tandem serve on s's database and waits until it listens. */
static int server_launch(struct th_server *s, const char *const *wrap, const char *const *extra)
{
	char log[256], line[256], port[16];
	int out[2];
	FILE *f;

	snprintf(log, sizeof log, "%s/server.log", s->dir);
	if (pipe(out))
		return -1;
	s->pid = fork();
	if (s->pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		dup2(out[1], 1);
		dup2(fd, 2);
		close(out[0]);
		serve_exec(s, wrap, extra);
	}
	close(out[1]);
	f = fdopen(out[0], "r");
	if (!f || !fgets(line, sizeof line, f) || sscanf(line, "listening on http://127.0.0.1:%15s", port) != 1) {
		fprintf(stderr, "harness: the server did not start (see %s)\n", log);
		if (f)
			fclose(f);
		return -1;
	}
	fclose(f);
	s->port = atoi(port);
	return 0;
}

int th_server_start(struct th_server *s)
{
	return th_server_start_with(s, NULL, NULL);
}

int th_server_start_from(struct th_server *s, const char *db)
{
	return server_prepare(s, db) ? -1 : server_launch(s, NULL, NULL);
}

int th_server_start_on_with(struct th_server *s, const char *db, const char *const *extra)
{
	memset(s, 0, sizeof *s);
	snprintf(s->dir, sizeof s->dir, "/tmp/tandem-test-XXXXXX");
	if (!mkdtemp(s->dir))
		return -1;
	snprintf(s->db, sizeof s->db, "%s", db);
	return server_launch(s, NULL, extra);
}

int th_server_start_on(struct th_server *s, const char *db)
{
	return th_server_start_on_with(s, db, NULL);
}

int th_server_start_with(struct th_server *s, const char *const *wrap, const char *const *extra)
{
	return server_prepare(s, NULL) ? -1 : server_launch(s, wrap, extra);
}

/* Polled, since waitpid has no time-out and a test must not hang on a
 * server that does not end. */
int th_server_wait(struct th_server *s, int ms)
{
	double until = clock_mono_ms() + ms;
	int st;

	if (s->pid <= 0)
		return -1;
	while (!s->ended) {
		pid_t got = waitpid(s->pid, &st, WNOHANG);

		if (got == s->pid) {
			s->ended = true;
			s->status = exit_status(st);
		} else if ((got < 0 && errno != EINTR) || clock_mono_ms() >= until) {
			return -1;
		} else {
			usleep(10 * 1000);
		}
	}
	return s->status;
}

int th_server_stop(struct th_server *s)
{
	char log[256], cmd[300];
	int st;

	if (s->pid <= 0)
		return -1;
	/* One that has ended has been reaped: its pid may be another's now. */
	if (!s->ended) {
		kill(s->pid, SIGTERM);
		s->status = wait_status(s->pid);
	}
	st = s->status;
	s->pid = 0;
	s->ended = false;
	snprintf(log, sizeof log, "%s/server.log", s->dir);
	if (st != 0) {
		/* Show the server's own words (sanitizer reports among them). */
		snprintf(cmd, sizeof cmd, "grep -v '^{\"ts\"' %s | head -60 >&2", log);
		if (system(cmd) < 0)
			perror("system");
	}
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", s->dir);
	if (system(cmd) < 0)
		perror("system");
	if (s->pg_name[0] && th_pg_drop(s->pg_name))
		fprintf(stderr, "harness: cannot drop the database %s\n", s->pg_name);
	return st;
}

static size_t on_body(char *p, size_t size, size_t n, void *ctx)
{
	struct th_resp *r = ctx;
	size_t k = size * n;
	char *grown = realloc(r->body, r->len + k + 1);

	if (!grown)
		return 0;
	r->body = grown;
	memcpy(r->body + r->len, p, k);
	r->len += k;
	r->body[r->len] = '\0';
	return k;
}

static size_t on_header(char *p, size_t size, size_t n, void *ctx)
{
	struct th_resp *r = ctx;
	size_t k = size * n, used = strlen(r->headers);

	if (used + k + 1 < sizeof r->headers) {
		memcpy(r->headers + used, p, k);
		r->headers[used + k] = '\0';
	}
	return k;
}

bool th_header(const struct th_resp *r, const char *name, char *out, size_t size)
{
	size_t n = strlen(name);

	for (const char *p = r->headers; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			const char *v = p + n + 1;
			size_t len;
			while (*v == ' ')
				v++;
			len = strcspn(v, "\r\n");
			snprintf(out, size, "%.*s", (int)len, v);
			return true;
		}
	}
	return false;
}

/* Keeps the session cookie a response sets. */
static void take_cookie(struct th_client *c, const struct th_resp *r)
{
	char v[256];

	if (!c || !th_header(r, "Set-Cookie", v, sizeof v))
		return;
	snprintf(c->cookie, sizeof c->cookie, "%.*s", (int)strcspn(v, ";"), v);
	if (strcmp(c->cookie, "tandem_session=") == 0)
		c->cookie[0] = '\0';
}

long th_request(struct th_client *c, struct th_server *s, const char *method, const char *path,
		const char *body, const char *extra, struct th_resp *r)
{
	CURL *h = curl_easy_init();
	struct curl_slist *hs = NULL;
	char url[4096], line[256];

	memset(r, 0, sizeof *r);
	if (!h)
		return -1;
	snprintf(url, sizeof url, "http://127.0.0.1:%d%s", s->port, path);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PATH_AS_IS, 1L);
	curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
	if (body) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
		if (!extra || strncasecmp(extra, "Content-Type:", 13) != 0)
			hs = curl_slist_append(hs, "Content-Type: application/json");
	}
	hs = curl_slist_append(hs, "Expect:");
	if (c && c->token[0]) {
		snprintf(line, sizeof line, "Authorization: Bearer %s", c->token);
		hs = curl_slist_append(hs, line);
	}
	if (c && c->cookie[0]) {
		snprintf(line, sizeof line, "Cookie: %s", c->cookie);
		hs = curl_slist_append(hs, line);
	}
	if (c && c->csrf[0] && strcmp(method, "GET") != 0) {
		snprintf(line, sizeof line, "X-CSRF-Token: %s", c->csrf);
		hs = curl_slist_append(hs, line);
	}
	if (extra)
		hs = curl_slist_append(hs, extra);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hs);
	if (curl_easy_perform(h) == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->status);
	else
		r->status = -1;
	curl_slist_free_all(hs);
	curl_easy_cleanup(h);
	if (r->body)
		r->json = json_loadb(r->body, r->len, 0, NULL);
	take_cookie(c, r);
	return r->status;
}

void th_resp_free(struct th_resp *r)
{
	free(r->body);
	json_decref(r->json);
	memset(r, 0, sizeof *r);
}

long th_login(struct th_client *c, struct th_server *s, const char *email)
{
	char body[256];
	struct th_resp r;
	long st;

	memset(c, 0, sizeof *c);
	snprintf(body, sizeof body, "{\"email\":\"%s\",\"password\":\"%s\"}", email, DEMO_PASSWORD);
	st = th_request(c, s, "POST", "/api/v1/session", body, NULL, &r);
	if (st == 200 && r.json)
		snprintf(c->csrf, sizeof c->csrf, "%s", json_string_value(json_object_get(r.json, "csrf_token")));
	th_resp_free(&r);
	return st;
}

long th_login_partner(struct th_client *c, struct th_server *s)
{
	th_sql(s, "UPDATE users SET email = 'partner@tandem.example' WHERE id = (SELECT min(u.id) FROM users u"
	       " JOIN memberships m ON m.user_id = u.id JOIN partnerships p ON p.spo_org_id = m.org_id"
	       " JOIN persons x ON x.user_id = (SELECT id FROM users WHERE email = 'refugee@tandem.example')"
	       " JOIN cases c ON c.id = x.case_id JOIN sponsor_groups g ON g.id = c.sponsor_group_id"
	       " WHERE u.role = 'worker' AND u.disabled = FALSE AND p.sah_org_id = g.sah_org_id"
	       " AND m.org_id <> c.spo_org_id)");
	return th_login(c, s, "partner@tandem.example");
}

long th_login_of(struct th_client *c, struct th_server *s, long long org, const char *role)
{
	char sql[240], email[96];

	snprintf(sql, sizeof sql, "SELECT u.email FROM users u WHERE u.id = (SELECT min(u.id) FROM users u"
		 " JOIN memberships m ON m.user_id = u.id WHERE m.org_id = %lld AND u.role = '%s'"
		 " AND u.disabled = FALSE)", org, role);
	th_sql_text(s, sql, email, sizeof email);
	return th_login(c, s, email);
}

long long th_sql(struct th_server *s, const char *sql)
{
	return th_sql_file(s->db, sql);
}

long long th_sqlf(struct th_server *s, const char *fmt, ...)
{
	char sql[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof sql, fmt, ap);
	va_end(ap);
	return th_sql(s, sql);
}

/* Through tandem's own statement interface, so that one test reads either
 * store; a connection a query, so that no statement is kept. */
long long th_sql_file(const char *path, const char *sql)
{
	char text[64];
	return th_sql_text_file(path, sql, text, sizeof text);
}

int th_sql_script_file(const char *path, const char *script)
{
	struct db *d;
	struct tandem_err e;
	int rc;

	if (db_open(path, false, &d, &e)) {
		fprintf(stderr, "harness: %s\n", e.msg);
		return -1;
	}
	rc = db_begin(d, true, 0, &e);
	if (!rc && (rc = db_script(d, script, &e)))
		db_rollback(d);
	if (!rc)
		rc = db_commit(d, &e);
	if (rc)
		fprintf(stderr, "harness: %s\n", e.msg);
	db_close(d);
	return rc ? -1 : 0;
}

long long th_sql_text(struct th_server *s, const char *sql, char *out, size_t size)
{
	return th_sql_text_file(s->db, sql, out, size);
}

long long th_sql_text_file(const char *path, const char *sql, char *out, size_t size)
{
	struct db *d;
	struct tandem_err e;
	int rc;

	out[0] = '\0';
	if (db_open(path, false, &d, &e)) {
		fprintf(stderr, "harness: %s\n", e.msg);
		return -1;
	}
	rc = db_query(d, sql, out, size, &e);
	if (rc < 0)
		fprintf(stderr, "harness: %s: %s\n", sql, e.msg);
	db_close(d);
	return rc < 0 ? -1 : rc == 0 ? 0 : strtoll(out, NULL, 10);
}

int th_copy_db(struct th_server *s, const char *name, char *out, size_t size)
{
	struct th_server copy;
	char cmd[1024];

	if (!th_pg()) {
		snprintf(out, size, "%s/%s.db", s->dir, name);
		snprintf(cmd, sizeof cmd, "VACUUM INTO '%s'", out);
		return th_sql(s, cmd) == 0 ? 0 : -1;
	}
	memset(&copy, 0, sizeof copy);
	if ((size_t)snprintf(copy.pg_name, sizeof copy.pg_name, "%.15s_%.15s", s->pg_name, name) >= sizeof copy.pg_name)
		return -1;
	if (th_pg_create(copy.pg_name, copy.db, sizeof copy.db))
		return -1;
	snprintf(out, size, "%s", copy.db);
	snprintf(cmd, sizeof cmd, "pg_dump --no-owner '%s' | psql -X -q -v ON_ERROR_STOP=1 '%s' >/dev/null", s->db,
		 copy.db);
	return system(cmd) == 0 ? 0 : -1;
}

struct db *th_hold_writes(struct th_server *s)
{
	struct db *d;
	struct tandem_err e;

	if (db_open(s->db, false, &d, &e))
		return NULL;
	if (db_begin(d, true, 0, &e)) {
		db_close(d);
		return NULL;
	}
	return d;
}

void th_release(struct db *held)
{
	db_rollback(held);
	db_close(held);
}

const char *th_error_code(const struct th_resp *r)
{
	json_t *code = json_object_get(json_object_get(r->json, "error"), "code");
	return json_is_string(code) ? json_string_value(code) : "";
}

const char *const th_small_fs[] = {
	"unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
	"d=$1; shift; t=$(mktemp) && cp \"$d/test.db\" \"$t\""
	" && mount -t tmpfs -o size=8m tmpfs \"$d\" && cp \"$t\" \"$d/test.db\" && rm \"$t\" && exec \"$@\"",
	"sh", NULL
};

bool th_small_fs_allowed(void)
{
	return system("unshare --user --map-root-user --mount true 2>/dev/null") == 0;
}

void th_fill(const char *path)
{
	static char block[65536];
	size_t chunk = sizeof block;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd < 0) {
		fprintf(stderr, "harness: cannot make %s: %s\n", path, strerror(errno));
		return;
	}
	while (chunk > 0) {
		ssize_t n = write(fd, block, chunk);

		if (n < 0 && errno != ENOSPC) {
			fprintf(stderr, "harness: filling %s: %s\n", path, strerror(errno));
			break;
		}
		if (n <= 0)
			chunk /= 2;
	}
	close(fd);
}

int th_raw_connect_port(int port, const char *from)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	struct sockaddr_in me = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		return -1;
	inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
	if (from)
		inet_pton(AF_INET, from, &me.sin_addr);
	if ((from && bind(fd, (struct sockaddr *)&me, sizeof me) != 0)
	    || connect(fd, (struct sockaddr *)&to, sizeof to) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

int th_raw_connect(const struct th_server *s, const char *from)
{
	return th_raw_connect_port(s->port, from);
}

bool th_raw_send(int fd, const char *data, size_t n)
{
	return send(fd, data, n, MSG_NOSIGNAL) == (ssize_t)n;
}

bool th_raw_read(int fd, char *out, size_t size, int ms)
{
	double until = clock_mono_ms() + ms;
	size_t len = 0;

	out[0] = '\0';
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int left = (int)(until - clock_mono_ms());
		ssize_t n;

		if (left <= 0 || poll(&p, 1, left) <= 0)
			return false;
		n = recv(fd, out + len, size - 1 - len, 0);
		if (n == 0 || (n < 0 && errno == ECONNRESET))
			return true;
		if (n < 0)
			return false;
		len += (size_t)n;
		out[len] = '\0';
		if (len == size - 1)
			return false;
	}
}
