-- 018_events.sql - the community's events (issue 13): hosted by one or
-- more organizations, for an audience, with places and a wait list.
-- Times are seconds since the epoch with the offset they were given in
-- (minutes east of UTC), as meetings keep theirs.

CREATE TABLE events (
	id              INTEGER PRIMARY KEY,
	title           TEXT NOT NULL,
	topic           TEXT NOT NULL CHECK (topic IN ('mental_health', 'housing', 'employment', 'health_care',
	                'schooling', 'language', 'sponsorship_basics', 'finances', 'legal', 'other')),
	description     TEXT NOT NULL DEFAULT '',
	starts_at       INTEGER NOT NULL,
	ends_at         INTEGER NOT NULL,
	utc_offset      INTEGER NOT NULL DEFAULT 0,
	mode            TEXT NOT NULL CHECK (mode IN ('in_person', 'online', 'hybrid')),
	place           TEXT,
	link            TEXT,
	audience        TEXT NOT NULL,              -- sponsors, sahs, spo_staff, refugees; comma-separated
	community_id    INTEGER REFERENCES communities(id),
	languages       TEXT NOT NULL,              -- spoken, ISO 639 codes, comma-separated
	interpretation  TEXT NOT NULL DEFAULT '',   -- interpreted into, the same
	capacity        INTEGER NOT NULL CHECK (capacity > 0),
	status          TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
	created_by      INTEGER NOT NULL REFERENCES users(id),
	created_at      INTEGER NOT NULL,
	updated_at      INTEGER NOT NULL,
	CHECK (ends_at > starts_at),
	CHECK (mode = 'online' OR place IS NOT NULL),
	CHECK (mode = 'in_person' OR link IS NOT NULL)
);
CREATE INDEX events_starts ON events(starts_at);

CREATE TABLE event_hosts (
	event_id  INTEGER NOT NULL REFERENCES events(id),
	org_id    INTEGER NOT NULL REFERENCES organizations(id),
	PRIMARY KEY (event_id, org_id)
);
CREATE INDEX event_hosts_org ON event_hosts(org_id);

-- One row a person an event. The wait list is those waiting in the order
-- they asked, which is the rows' order: asking again after cancelling is a
-- new row (store_events.c). placed_at is when they got a place, and
-- from_wait_list whether they waited for it.
CREATE TABLE event_registrations (
	id             INTEGER PRIMARY KEY AUTOINCREMENT,   -- never reused: a host's page names people by it
	event_id       INTEGER NOT NULL REFERENCES events(id),
	user_id        INTEGER NOT NULL REFERENCES users(id),
	status         TEXT NOT NULL CHECK (status IN ('registered', 'waiting', 'cancelled')),
	registered_at  INTEGER NOT NULL,
	placed_at      INTEGER,
	cancelled_at   INTEGER,
	checked_in_at  INTEGER,
	from_wait_list INTEGER NOT NULL DEFAULT 0 CHECK (from_wait_list IN (0, 1)),
	UNIQUE (event_id, user_id)
);
CREATE INDEX event_registrations_user ON event_registrations(user_id);
