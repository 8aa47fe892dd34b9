/* mhd_ceiling.c - the ceiling of our HTTP library on this machine: answers
 * every request with the bytes of one file, with the threading tandem serve
 * uses (an internal thread pool of N threads), and nothing else.
 * Usage: mhd_ceiling PORT THREADS FILE */
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *body;
static size_t body_len;

static enum MHD_Result answer(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
			      const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	(void)cls; (void)url; (void)method; (void)version; (void)upload; (void)upload_size;
	if (!*con_cls) {
		*con_cls = conn;
		return MHD_YES;
	}
	resp = MHD_create_response_from_buffer(body_len, body, MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
	ret = MHD_queue_response(conn, MHD_HTTP_OK, resp);
	MHD_destroy_response(resp);
	return ret;
}

int main(int argc, char **argv)
{
	struct MHD_Daemon *d;
	sigset_t stop;
	FILE *f;
	int sig;

	if (argc != 4) {
		fprintf(stderr, "usage: mhd_ceiling PORT THREADS FILE\n");
		return 2;
	}
	f = fopen(argv[3], "rb");
	if (!f)
		return 1;
	body = malloc(1 << 20);
	body_len = fread(body, 1, 1 << 20, f);
	fclose(f);
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	d = MHD_start_daemon(MHD_USE_AUTO_INTERNAL_THREAD, (uint16_t)atoi(argv[1]), NULL, NULL, answer, NULL,
			     MHD_OPTION_THREAD_POOL_SIZE, (unsigned)atoi(argv[2]),
			     MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_CONNECTION_LIMIT, 1024u, MHD_OPTION_END);
	if (!d)
		return 1;
	sigwait(&stop, &sig);
	MHD_stop_daemon(d);
	free(body);
	return 0;
}
