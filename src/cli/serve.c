/* serve.c - tandem serve: the web application and API on libmicrohttpd,
 * until SIGINT or SIGTERM, then a clean stop. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "../api/api.h"
#include "../domain/audit.h"
#include "../domain/disclosure.h"
#include "../lib/crypto.h"
#include "../lib/text.h"
#include "cli.h"

static const char usage[] =
	"usage: tandem serve --db PATH [--listen ADDR:PORT] [--threads N] [--web DIR]\n"
	"                    [--access-log PATH|-|off] [--cookie-secure]\n"
	"                    [--match-weights NAME=N,...] [--sign-in-slots N]\n"
	"                    [--trusted-proxy ADDR] [--small-counts N] [--dashboard-refresh S]\n"
	"                    [--max-connections N] [--per-address N] [--head-timeout S]\n"
	"                    [--keep-alive S]\n"
	"\n"
	"Serves the API under /api/v1/ and the web application from DIR (default\n"
	"./web) on ADDR:PORT (default 127.0.0.1:8080; port 0 picks a free one).\n"
	"Prints 'listening on http://ADDR:PORT' once ready. --threads sets the\n"
	"worker threads (default: 4 per core, at most 64); each holds its own\n"
	"database connection. The access log (default: standard error) has one\n"
	"JSON line per request and no personal data. --cookie-secure marks the\n"
	"session cookie Secure, for a server behind TLS. --match-weights changes\n"
	"the matcher's weights for proposals (see README.md, \"Matching\").\n"
	"--sign-in-slots sets how many sign-ins check a password (Argon2id, 64 MiB\n"
	"each) at once (default: one per core, at most half the threads); as many\n"
	"more may wait while a thread stays free, and the others get 429 at once,\n"
	"so that sign-ins cannot take the memory or the threads other requests\n"
	"need. Failed sign-ins are limited per account and per client address;\n"
	"--trusted-proxy names the address of a proxy in front of tandem whose\n"
	"X-Forwarded-For gives the client's address (without it, that header is\n"
	"ignored). --small-counts N hides counts from 0 to N (default 5; 5 to 1000)\n"
	"on the dashboards of LIP coordinators and evaluators (see\n"
	"docs/design-issue-14.md); their tables are worked out at the first read of\n"
	"a day and reused all day, or for --dashboard-refresh S seconds (0 to\n"
	"86400) if less, so that a count cannot be followed family by family.\n"
	"--max-connections caps the open connections (default: what the open-file\n"
	"limit leaves room for); --per-address caps those from one address\n"
	"(default 256; 0: none, for a proxy that limits its clients itself). Over\n"
	"either, a connection is closed at once. A request's head must arrive\n"
	"within --head-timeout S seconds (default 10) of a new connection, and\n"
	"within --keep-alive S seconds (default 30) of the previous answer on a\n"
	"kept one, which is also how long a connection may stay silent.\n";

static int parse_listen(const char *cmd, const char *listen, char *addr, size_t addr_size, uint16_t *port)
{
	const char *colon = strrchr(listen, ':');
	long p;

	if (!colon || (size_t)(colon - listen) >= addr_size || colon == listen
	    || !text_parse_int(colon + 1, 0, 65535, &p))
		return cli_usage_error(cmd, "--listen wants ADDR:PORT, such as 127.0.0.1:8080");
	memcpy(addr, listen, (size_t)(colon - listen));
	addr[colon - listen] = '\0';
	*port = (uint16_t)p;
	return 0;
}

static int open_log(const char *cmd, const char *path, int *fd)
{
	if (!path || strcmp(path, "-") == 0) {
		*fd = STDERR_FILENO;
		return 0;
	}
	if (strcmp(path, "off") == 0) {
		*fd = -1;
		return 0;
	}
	*fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
	if (*fd < 0) {
		fprintf(stderr, "%s: cannot open the access log %s\n", cmd, path);
		return CLI_FAILED;
	}
	return 0;
}

struct limits_args {
	const char *max, *per_address, *head, *keep;
};

static int connection_limits(const char *cmd, const struct limits_args *a, struct http_config *cfg)
{
	long max = 0, per = 256, head = 10, keep = 30;
	struct rlimit rl;

	if (a->max && !text_parse_int(a->max, 16, 1000000, &max))
		return cli_usage_error(cmd, "--max-connections wants a number from 16 to 1000000");
	if (a->per_address && !text_parse_int(a->per_address, 0, 1000000, &per))
		return cli_usage_error(cmd, "--per-address wants a number from 0 to 1000000");
	if (a->head && !text_parse_int(a->head, 1, 3600, &head))
		return cli_usage_error(cmd, "--head-timeout wants a number of seconds from 1 to 3600");
	if (a->keep && !text_parse_int(a->keep, 1, 3600, &keep))
		return cli_usage_error(cmd, "--keep-alive wants a number of seconds from 1 to 3600");
	/* Every connection is an open file: take all the system allows. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	cfg->max_connections = (unsigned)max;
	cfg->per_address_limit = (unsigned)per;
	cfg->head_timeout_s = (unsigned)head;
	cfg->keep_alive_timeout_s = (unsigned)keep;
	return 0;
}

static int run(const char *cmd, struct http_config *cfg, struct api *api)
{
	struct tandem_err e = {0};
	struct http_server *server;
	sigset_t stop;
	int sig;

	/* Blocked before the server's threads start, so that they inherit the
	 * mask and only this thread receives the signals. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	api_http_config(api, cfg);
	server = http_server_start(cfg, &e);
	if (!server)
		return cli_fail(cmd, &e);
	printf("listening on http://%s:%u\n", cfg->address, (unsigned)http_server_port(server));
	fflush(stdout);
	sigwait(&stop, &sig);
	http_server_free(server);
	return CLI_OK;
}

/* The slots of the sign-ins' verifications: with more than one thread,
 * slots and waiters together leave at least one thread to other requests,
 * since a waiting sign-in holds its thread (with one thread there is none
 * to leave, and no waiter). */
static int sign_in_limits(const char *cmd, const char *arg, long threads, struct api_config *acfg)
{
	long most = threads > 1 ? threads - 1 : 1, slots = sysconf(_SC_NPROCESSORS_ONLN), queue;

	if (arg && !text_parse_int(arg, 1, most, &slots))
		return cli_usage_error(cmd, "--sign-in-slots wants a number from 1 to %ld", most);
	if (!arg)
		slots = slots < 1 ? 1 : slots > (threads + 1) / 2 ? (threads + 1) / 2 : slots;
	queue = most - slots < slots ? most - slots : slots;
	acfg->sign_in_slots = (unsigned)slots;
	acfg->sign_in_queue = (unsigned)(queue < 0 ? 0 : queue);
	return 0;
}

int cli_serve(int argc, char **argv)
{
	const char *cmd = "tandem serve", *db = NULL, *listen = NULL, *threads = NULL, *web = NULL, *weights = NULL;
	const char *log = NULL, *slots = NULL, *proxy = NULL, *small = NULL, *refresh = NULL;
	bool secure = false;
	struct limits_args lim = {0};
	const struct cli_opt opts[] = {
		{"--db", &db, NULL}, {"--listen", &listen, NULL}, {"--threads", &threads, NULL},
		{"--web", &web, NULL}, {"--access-log", &log, NULL}, {"--cookie-secure", NULL, &secure},
		{"--match-weights", &weights, NULL}, {"--sign-in-slots", &slots, NULL},
		{"--trusted-proxy", &proxy, NULL}, {"--small-counts", &small, NULL},
		{"--dashboard-refresh", &refresh, NULL}, {"--max-connections", &lim.max, NULL},
		{"--per-address", &lim.per_address, NULL}, {"--head-timeout", &lim.head, NULL},
		{"--keep-alive", &lim.keep, NULL}, {0}
	};
	struct http_config cfg = {0};
	struct api_config acfg = {0};
	struct tandem_err e;
	struct store *st;
	struct api *api;
	char addr[64], proxy_addr[HTTP_ADDRESS_MAX];
	/* Threads spend much of a request waiting on locks and on the disk's
	 * flush of audit records, so more threads than cores keep the cores
	 * busy and let audit records share commits. */
	long n = 4 * sysconf(_SC_NPROCESSORS_ONLN), n_small, n_refresh;
	int rc = cli_parse(cmd, usage, argc, argv, opts);

	if (rc)
		return rc < 0 ? CLI_OK : rc;
	if (!db)
		return cli_usage_error(cmd, "--db PATH is required");
	if (parse_listen(cmd, listen ? listen : "127.0.0.1:8080", addr, sizeof addr, &cfg.port))
		return CLI_USAGE;
	if (threads && !text_parse_int(threads, 1, 64, &n))
		return cli_usage_error(cmd, "--threads wants a number from 1 to 64");
	n = n < 1 ? 1 : n > 64 ? 64 : n;
	if (sign_in_limits(cmd, slots, n, &acfg))
		return CLI_USAGE;
	if (connection_limits(cmd, &lim, &cfg))
		return CLI_USAGE;
	if (proxy && !http_address_normalize(proxy, proxy_addr))
		return cli_usage_error(cmd, "--trusted-proxy wants an IP address, such as 10.0.0.2");
	acfg.small_counts = DISCLOSURE_THRESHOLD;
	if (small && !text_parse_int(small, DISCLOSURE_THRESHOLD, DISCLOSURE_THRESHOLD_MAX, &n_small))
		return cli_usage_error(cmd, "--small-counts wants a number from %d to %d", DISCLOSURE_THRESHOLD,
				       DISCLOSURE_THRESHOLD_MAX);
	if (small)
		acfg.small_counts = (int)n_small;
	if (refresh && !text_parse_int(refresh, 0, 86400, &n_refresh))
		return cli_usage_error(cmd, "--dashboard-refresh wants a number of seconds from 0 to 86400");
	acfg.dashboard_refresh = refresh ? (int)n_refresh : 86400;
	if (match_weights_parse(weights ? weights : "", &acfg.match_weights, &e))
		return cli_usage_error(cmd, "--match-weights: %s", e.msg);
	rc = cli_open(cmd, db, &st);
	if (rc)
		return rc;
	/* Each server thread opens its own connection; this one writes the
	 * records of audited reads and refusals, apart from every request's
	 * read snapshot. */
	if (audit_set_writer(st, &e)) {
		store_close(st);
		return cli_fail(cmd, &e);
	}
	/* Made now, so that even the first sign-in with an unknown e-mail takes
	 * as long as one with a wrong password. */
	crypto_password_burn("");
	if (open_log(cmd, log, &cfg.log_fd)) {
		audit_set_writer(NULL, NULL);
		store_close(st);
		return CLI_FAILED;
	}
	cfg.address = addr;
	cfg.threads = (unsigned)n;
	cfg.trusted_proxy = proxy;
	cfg.web_root = web ? web : "web";
	acfg.db_path = db;
	acfg.cookie_secure = secure;
	api = api_new(&acfg);
	if (!api) {
		fprintf(stderr, "%s: out of memory\n", cmd);
		audit_set_writer(NULL, NULL);
		store_close(st);
		return CLI_FAILED;
	}
	rc = run(cmd, &cfg, api);
	api_free(api);
	audit_set_writer(NULL, NULL);
	store_close(st);
	if (cfg.log_fd > STDERR_FILENO)
		close(cfg.log_fd);
	return rc;
}
