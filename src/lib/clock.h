/* clock.h - wall-clock time and calendar dates (YYYY-MM-DD) as tandem
 * stores them: seconds since the epoch, and dates as text. */
#ifndef TANDEM_CLOCK_H
#define TANDEM_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

/* Room for any value the formatters can write, with the NUL. */
enum { CLOCK_DATE_LEN = 24, CLOCK_ISO_LEN = 64 };

int64_t clock_now(void);          /* seconds, UTC */
double clock_mono_ms(void);       /* monotonic milliseconds, for durations */
/* True when s is a real calendar date "YYYY-MM-DD" between 1900 and 2200;
 * days, if not NULL, receives the days since 1970-01-01. */
bool clock_date_parse(const char *s, int64_t *days);
/* The same day of the month, months later (or earlier, when negative), or
 * that month's last day when it is shorter: 31 January + 1 = 28 or 29
 * February. */
int64_t clock_add_months(int64_t days, int months);
/* The day of t: days since 1970-01-01, rounded down (also before it). */
int64_t clock_day(int64_t t);
/* The Monday of the week (Monday to Sunday) of days since 1970-01-01. */
int64_t clock_monday(int64_t days);
/* Writes "YYYY-MM-DD" for days since 1970-01-01 into out. */
void clock_date_format(int64_t days, char out[CLOCK_DATE_LEN]);
/* Writes an RFC 3339 UTC timestamp into out. */
void clock_iso8601(int64_t t, char out[CLOCK_ISO_LEN]);
int clock_year(int64_t t);
/* Parses "YYYY-MM-DDTHH:MM[:SS](Z|+HH:MM|-HH:MM)": a time that names its
 * offset from UTC. *t receives seconds since the epoch, *offset minutes east
 * of UTC. False on anything else. */
bool clock_rfc3339_parse(const char *s, int64_t *t, int *offset);
/* Writes t as local time at offset minutes east of UTC, with the offset. */
void clock_rfc3339_format(int64_t t, int offset, char out[CLOCK_ISO_LEN]);

#endif
