/* reader.h - what the load benches share: a client reading one path with
 * a Bearer token and its latencies, and the server's resident memory
 * sampled while a load runs. */
#ifndef TANDEM_BENCH_READER_H
#define TANDEM_BENCH_READER_H

#include <curl/curl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* A keep-alive client for http://127.0.0.1:port/path with headers. */
CURL *reader_new(int port, const char *path, struct curl_slist *headers);
/* Reads until n reads are done or, when until is not 0, that time has come;
 * returns the count, leaves the latencies (ms) sorted in ms and counts the
 * answers that were not 200 in *failed. */
size_t reader_run(CURL *h, double *ms, size_t n, time_t until, size_t *failed);
/* One line: count, p50, p99, max and failures. */
void reader_report(const char *label, const double *ms, size_t n, size_t failed);

long rss_kib(const char *pid);

/* Samples pid's resident memory every 50 ms until *stop, keeping the peak. */
struct sampler {
	const char *pid;
	const atomic_bool *stop;
	long peak;
	pthread_t thread;
};
void sampler_start(struct sampler *s);
void sampler_join(struct sampler *s);

#endif
