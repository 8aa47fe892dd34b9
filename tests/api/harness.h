/* harness.h - what the API tests share: a real tandem server on a free
 * loopback port with a fresh demo database, an HTTP client on libcurl, and
 * running the tandem command. */
#ifndef TANDEM_TEST_HARNESS_H
#define TANDEM_TEST_HARNESS_H

#include <jansson.h>
#include <stdbool.h>
#include <sys/types.h>

#define DEMO_PASSWORD "tandem-demo-2026"

struct db;

struct th_server {
	pid_t pid;
	int port;
	bool ended;         /* th_server_wait saw it end, with status */
	int status;
	char dir[128];      /* a temporary directory holding the database and logs */
	char db[192];       /* a SQLite file, or a PostgreSQL conninfo */
	char pg_name[32];   /* the PostgreSQL database's name, when there is one */
};

struct th_client {
	char cookie[160];   /* "tandem_session=..." once signed in */
	char csrf[80];
	char token[80];     /* a Bearer token instead of a cookie */
};

struct th_resp {
	long status;
	char *body;
	size_t len;
	json_t *json;       /* NULL unless the body is JSON */
	char headers[8192];
};

struct th_run {
	int status;         /* exit status, or 128 + signal */
	char out[65536], err[8192];
};

/* The tandem binary under test: $TANDEM_BIN, else build/tandem. */
const char *th_bin(void);
/* Starts a server on a new demo database; returns 0 or -1. */
int th_server_start(struct th_server *s);
/* Starts a server on a copy of the database file db (a restore drill). */
int th_server_start_from(struct th_server *s, const char *db);
/* Starts a server on the existing database db (a SQLite file or a
 * conninfo) as it is: no copy, no demo data, and th_server_stop leaves db
 * in place. */
int th_server_start_on(struct th_server *s, const char *db);
/* The same, with extra arguments to serve (NULL-terminated). */
int th_server_start_on_with(struct th_server *s, const char *db, const char *const *extra);
/* Like th_server_start, with extra arguments to serve (NULL-terminated, or
 * NULL), and the command run through wrap when it is not NULL: wrap's
 * arguments come first, then the directory, then the serve command, so a
 * wrapper can prepare the directory before it execs the rest. */
int th_server_start_with(struct th_server *s, const char *const *wrap, const char *const *extra);
/* Waits up to ms for s to end of itself (after a signal the test sent it);
 * returns its exit status as th_server_stop does, or -1 while it runs. */
int th_server_wait(struct th_server *s, int ms);
/* Stops it with SIGTERM, unless it has ended; returns its exit status (0 for
 * a clean stop with no sanitizer report). The directory is removed. */
int th_server_stop(struct th_server *s);

/* Runs tandem with the NULL-terminated args, feeding input (may be NULL). */
int th_tandem(struct th_run *r, const char *input, ...) __attribute__((sentinel));

/* One request. body may be NULL; extra is one more header line or NULL. */
long th_request(struct th_client *c, struct th_server *s, const char *method, const char *path,
		const char *body, const char *extra, struct th_resp *r);
void th_resp_free(struct th_resp *r);
/* The value of header name in r, copied into out; false when absent. */
bool th_header(const struct th_resp *r, const char *name, char *out, size_t size);
/* Signs c in as email with the demo password; returns the HTTP status. */
long th_login(struct th_client *c, struct th_server *s, const char *email);
/* Signs c in as a worker of an SPO in partnership with the SAH of the demo
 * refugee's case, not the case's own SPO: the case's partner SPO. The
 * worker's address becomes partner@tandem.example. */
long th_login_partner(struct th_client *c, struct th_server *s);
/* Signs c in as the first active user of that role in the organization;
 * returns the HTTP status. */
long th_login_of(struct th_client *c, struct th_server *s, long long org, const char *role);
/* The key=value conninfo of the PostgreSQL server the tests run against
 * ($TANDEM_TEST_PG, as scripts/pg-test-server prints it), each server on a
 * database of its own; NULL: SQLite files. */
const char *th_pg(void);
/* A new empty database name on the PostgreSQL test server, its conninfo in
 * conninfo; th_pg_drop removes it. 0, or -1 (also when th_pg() is NULL). */
int th_pg_create(const char *name, char *conninfo, size_t size);
int th_pg_drop(const char *name);
/* A new tandem database as `tandem init` leaves it, for a test that builds
 * its own world: a PostgreSQL database named prefix_PID under
 * TANDEM_TEST_PG (its name in pg_name, of 32 bytes), else the SQLite file
 * /tmp/tandem-prefix-PID.db (pg_name ""); what names it goes to db. 0 or
 * -1. th_db_drop removes it. */
int th_db_new(const char *prefix, char *db, size_t size, char *pg_name);
int th_db_drop(const char *db, const char *pg_name);
/* Runs one SQL statement on the server's database directly (as an attacker
 * or an operator would), on whichever store it is, returning the first
 * column of the first row as an integer (0 for no row), or -1 on error. The
 * SQL must be what both stores understand. */
long long th_sql(struct th_server *s, const char *sql);
long long th_sql_file(const char *path, const char *sql);
/* Runs statements one after the other in one write transaction; 0 when all
 * ran and it committed. */
int th_sql_script_file(const char *path, const char *script);
/* th_sql with the statement formatted as printf does. */
long long th_sqlf(struct th_server *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same, with the first column's text in out. */
long long th_sql_text(struct th_server *s, const char *sql, char *out, size_t size);
long long th_sql_text_file(const char *path, const char *sql, char *out, size_t size);
/* A copy of s's database as it is now, as someone with the file (or the
 * database's owner) would take it: a SQLite file in s's directory, or a new
 * PostgreSQL database; what names it (for --db) goes to out. 0 or -1. */
int th_copy_db(struct th_server *s, const char *name, char *out, size_t size);
/* Holds the database's write lock from this process, as another tandem
 * process (the CLI, a backup) would, until th_release; NULL on failure. */
struct db *th_hold_writes(struct th_server *s);
void th_release(struct db *held);
/* The error code of a JSON error response, or "". */
const char *th_error_code(const struct th_resp *r);

/* A wrap for th_server_start_with: the server runs in its own user and
 * mount namespaces, on a small tmpfs mounted over its directory, which
 * th_fill can fill through /proc/PID/root as a full disk would be. */
extern const char *const th_small_fs[];
/* Whether this machine lets a test make those namespaces. */
bool th_small_fs_allowed(void);
/* Writes to path until the file system has no byte left. */
void th_fill(const char *path);

/* A raw connection to port from the loopback address from (127.0.0.1 when
 * NULL; Linux routes all of 127/8 to itself, which gives a test other
 * clients), for requests a client library would not send; -1 on failure. */
int th_raw_connect_port(int port, const char *from);
int th_raw_connect(const struct th_server *s, const char *from);
bool th_raw_send(int fd, const char *data, size_t n);
/* Reads what comes within ms into out (NUL-terminated); true when the
 * peer closed the connection in that time. */
bool th_raw_read(int fd, char *out, size_t size, int ms);

#endif
