/* db_sqlite_rank.c - tandem_relevance, the directory search's relevance of
 * a service's text on SQLite (src/store/store_resource_search.c): an FTS5
 * auxiliary function cheaper than bm25, which reads every phrase's rows for
 * its weights and every row's length; this one reads only the positions of
 * the query's words in the row at hand. */
#include "db_sqlite.h"

/* tandem_relevance(service_search, N): for each of the query's first N
 * phrases (the searcher's words, which the query puts first), how often
 * the document column (0) has it, saturating: tf / (tf + 1), summed. So a
 * text with more of the words ranks higher, a word said twice a little. */
static void relevance(const Fts5ExtensionApi *x, Fts5Context *ctx, sqlite3_context *out, int n_args,
		      sqlite3_value **args)
{
	int words = n_args == 1 ? sqlite3_value_int(args[0]) : 0, phrases = x->xPhraseCount(ctx);
	double r = 0;

	for (int p = 0; p < words && p < phrases; p++) {
		Fts5PhraseIter it;
		int col, off, tf = 0;

		if (x->xPhraseFirst(ctx, p, &it, &col, &off) != SQLITE_OK) {
			sqlite3_result_error(out, "tandem_relevance: cannot read a phrase", -1);
			return;
		}
		for (; col >= 0; x->xPhraseNext(ctx, &it, &col, &off))
			tf += col == 0;
		r += tf / (tf + 1.0);
	}
	sqlite3_result_double(out, r);
}

int db_sqlite_rank_register(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &q, NULL);

	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_pointer(q, 1, &api, "fts5_api_ptr", NULL);
	sqlite3_step(q);
	rc = sqlite3_finalize(q);
	if (rc == SQLITE_OK && !api)
		rc = SQLITE_ERROR;
	return rc != SQLITE_OK ? rc : api->xCreateFunction(api, "tandem_relevance", NULL, relevance, NULL);
}
