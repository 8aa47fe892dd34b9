/* hostile.c - one client trying to take a running tandem serve down with
 * connections: SLOW slowloris connections (a request line, then a header
 * line every 5 s) and IDLE sockets that send nothing, all from the address
 * FROM and each opened again as soon as the server closes it, while another
 * client reads PATH with a Bearer token, on a new connection each time. Prints the reader's latencies at
 * rest and under the attack, what became of the attacker's connections, and
 * the server's resident memory. Usage:
 *   hostile PORT SERVER_PID TOKEN PATH SECONDS SLOW IDLE FROM
 * (bench/hostile.sh starts the server and runs it). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "reader.h"

enum { READS_MAX = 1000000, REST_READS = 500, HEADER_EVERY_S = 5 };

static atomic_bool stop;

struct attack {
	int port, slow, idle;
	const char *from;
	int *fds;
	bool *started;      /* a slowloris connection's request line is sent */
	long opened, closed_by_server, held_at_end;
};

/* A non-blocking connection from a->from; -1 when the system has no more. */
static int open_one(const struct attack *a)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons((uint16_t)a->port) };
	struct sockaddr_in me = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

	if (fd < 0)
		return -1;
	inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
	inet_pton(AF_INET, a->from, &me.sin_addr);
	if (bind(fd, (struct sockaddr *)&me, sizeof me) != 0
	    || (connect(fd, (struct sockaddr *)&to, sizeof to) != 0 && errno != EINPROGRESS)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Whether the server has closed fd (or refused it). */
static bool closed(int fd)
{
	char c;
	ssize_t n = recv(fd, &c, 1, MSG_DONTWAIT | MSG_PEEK);

	return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != ENOTCONN);
}

/* One round a second: every closed slot opened again, and on every fifth
 * each slowloris connection one more header line. */
static void *attack_main(void *arg)
{
	struct attack *a = arg;
	const struct timespec second = { 1, 0 };
	int n = a->slow + a->idle;

	for (long round = 0; !atomic_load(&stop); round++) {
		for (int i = 0; i < n; i++) {
			bool slow = i < a->slow;

			if (a->fds[i] >= 0 && closed(a->fds[i])) {
				close(a->fds[i]);
				a->fds[i] = -1;
				a->closed_by_server++;
			}
			if (a->fds[i] < 0) {
				a->fds[i] = open_one(a);
				a->opened += a->fds[i] >= 0;
				a->started[i] = false;
				continue;
			}
			if (slow && !a->started[i])
				a->started[i] = send(a->fds[i], "GET / HTTP/1.1\r\n", 16, MSG_NOSIGNAL | MSG_DONTWAIT) == 16;
			else if (slow && round % HEADER_EVERY_S == 0)
				send(a->fds[i], "X-a: b\r\n", 8, MSG_NOSIGNAL | MSG_DONTWAIT);
		}
		nanosleep(&second, NULL);
	}
	for (int i = 0; i < n; i++)
		if (a->fds[i] >= 0) {
			a->held_at_end += !closed(a->fds[i]);
			close(a->fds[i]);
		}
	return NULL;
}

int main(int argc, char **argv)
{
	static double rest[REST_READS], during[READS_MAX];
	struct attack a = {0};
	struct sampler smp;
	struct curl_slist *hs = NULL;
	struct rlimit rl;
	size_t n_rest, n_during, failed_rest = 0, failed_during = 0;
	char auth[160];
	pthread_t attacker;
	long rss_rest;
	CURL *reader;

	if (argc != 9) {
		fprintf(stderr, "usage: hostile PORT SERVER_PID TOKEN PATH SECONDS SLOW IDLE FROM\n");
		return 2;
	}
	a.port = atoi(argv[1]);
	a.slow = atoi(argv[6]);
	a.idle = atoi(argv[7]);
	a.from = argv[8];
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	a.fds = malloc(sizeof *a.fds * (size_t)(a.slow + a.idle));
	a.started = calloc((size_t)(a.slow + a.idle), sizeof *a.started);
	if (!a.fds || !a.started)
		return 1;
	for (int i = 0; i < a.slow + a.idle; i++)
		a.fds[i] = -1;
	smp = (struct sampler){ .pid = argv[2], .stop = &stop };
	curl_global_init(CURL_GLOBAL_DEFAULT);
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", argv[3]);
	hs = curl_slist_append(hs, auth);
	reader = reader_new(a.port, argv[4], hs);
	/* A new connection for each read, as a client arriving during the
	 * attack has to make: a kept one would not meet the attacker's. */
	curl_easy_setopt(reader, CURLOPT_FORBID_REUSE, 1L);
	n_rest = reader_run(reader, rest, REST_READS, 0, &failed_rest);
	rss_rest = rss_kib(argv[2]);
	sampler_start(&smp);
	pthread_create(&attacker, NULL, attack_main, &a);
	n_during = reader_run(reader, during, READS_MAX, time(NULL) + atoi(argv[5]), &failed_during);
	atomic_store(&stop, true);
	pthread_join(attacker, NULL);
	sampler_join(&smp);
	reader_report("reader at rest", rest, n_rest, failed_rest);
	reader_report("reader under attack", during, n_during, failed_during);
	printf("attacker (%s): %d slowloris + %d idle; %ld connections opened, %ld closed by the server,"
	       " %ld held at the end\n", a.from, a.slow, a.idle, a.opened, a.closed_by_server, a.held_at_end);
	printf("server RSS: %ld MiB at rest, %ld MiB peak under attack (+%ld MiB)\n", rss_rest / 1024,
	       smp.peak / 1024, (smp.peak - rss_rest) / 1024);
	curl_easy_cleanup(reader);
	curl_slist_free_all(hs);
	curl_global_cleanup();
	free(a.fds);
	free(a.started);
	return failed_during ? 1 : 0;
}
