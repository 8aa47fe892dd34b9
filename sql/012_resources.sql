-- 012_resources.sql - the directory of local services (issue 12), in the
-- Open Referral HSDS 3.0 vocabulary: the tables and columns keep HSDS's
-- names (organization, service, location, address, phone, schedule,
-- language, service_at_location) so that import and export map one to one.
-- Ids are text: UUIDs, or the numbers older feeds use. Categories are
-- tandem's taxonomy codes (data/taxonomy.json); a service's communities come
-- from its locations.

CREATE TABLE resource_organizations (
	id              TEXT PRIMARY KEY,
	name            TEXT NOT NULL CHECK (name <> ''),
	alternate_name  TEXT,
	description     TEXT,
	email           TEXT,
	website         TEXT,
	updated_at      INTEGER NOT NULL
);

CREATE TABLE services (
	id                       TEXT PRIMARY KEY,
	organization_id          TEXT NOT NULL REFERENCES resource_organizations(id),
	name                     TEXT NOT NULL CHECK (name <> ''),
	alternate_name           TEXT,
	description              TEXT,
	url                      TEXT,
	email                    TEXT,
	status                   TEXT NOT NULL DEFAULT 'active'
	                         CHECK (status IN ('active', 'inactive', 'defunct', 'temporarily closed')),
	interpretation_services  TEXT,
	application_process      TEXT,
	fees_description         TEXT,
	eligibility_description  TEXT,
	assured_date             TEXT,           -- YYYY-MM-DD, last verified
	updated_at               INTEGER NOT NULL
);
CREATE INDEX services_organization ON services(organization_id);

CREATE TABLE locations (
	id               TEXT PRIMARY KEY,
	location_type    TEXT NOT NULL CHECK (location_type IN ('physical', 'postal', 'virtual')),
	organization_id  TEXT REFERENCES resource_organizations(id),
	name             TEXT,
	description      TEXT,
	url              TEXT,
	latitude         TEXT,           -- decimal degrees as published: kept, not computed on
	longitude        TEXT,
	community_id     INTEGER REFERENCES communities(id)   -- tandem's, from the address
);

CREATE TABLE service_at_location (
	id           TEXT PRIMARY KEY,
	service_id   TEXT NOT NULL REFERENCES services(id),
	location_id  TEXT NOT NULL REFERENCES locations(id),
	description  TEXT
);
CREATE INDEX service_at_location_service ON service_at_location(service_id);
CREATE INDEX service_at_location_location ON service_at_location(location_id);

CREATE TABLE addresses (
	id              TEXT PRIMARY KEY,
	location_id     TEXT NOT NULL REFERENCES locations(id),
	attention       TEXT,
	address_1       TEXT NOT NULL,
	address_2       TEXT,
	city            TEXT NOT NULL,
	region          TEXT,
	state_province  TEXT NOT NULL,
	postal_code     TEXT NOT NULL,
	country         TEXT NOT NULL,
	address_type    TEXT NOT NULL CHECK (address_type IN ('physical', 'postal', 'virtual'))
);
CREATE INDEX addresses_location ON addresses(location_id);

CREATE TABLE phones (
	id               TEXT PRIMARY KEY,
	location_id      TEXT REFERENCES locations(id),
	service_id       TEXT REFERENCES services(id),
	organization_id  TEXT REFERENCES resource_organizations(id),
	number           TEXT NOT NULL,
	extension        TEXT,
	type             TEXT,
	description      TEXT
);
CREATE INDEX phones_service ON phones(service_id);

CREATE TABLE schedules (
	id           TEXT PRIMARY KEY,
	service_id   TEXT REFERENCES services(id),
	location_id  TEXT REFERENCES locations(id),
	valid_from   TEXT,
	valid_to     TEXT,
	timezone     TEXT,
	freq         TEXT,
	byday        TEXT,
	opens_at     TEXT,
	closes_at    TEXT,
	description  TEXT,
	notes        TEXT
);
CREATE INDEX schedules_service ON schedules(service_id);

-- The languages a service is offered in (never its interpretation), ISO
-- 639-1 where one exists; note: "French on Tuesdays".
CREATE TABLE service_languages (
	id           TEXT PRIMARY KEY,
	service_id   TEXT REFERENCES services(id),
	location_id  TEXT REFERENCES locations(id),
	phone_id     TEXT REFERENCES phones(id),
	name         TEXT,
	code         TEXT NOT NULL,
	note         TEXT
);
CREATE INDEX service_languages_service ON service_languages(service_id);

CREATE TABLE service_categories (
	service_id  TEXT NOT NULL REFERENCES services(id),
	category    TEXT NOT NULL,               -- a code of data/taxonomy.json
	PRIMARY KEY (service_id, category)
);
CREATE INDEX service_categories_category ON service_categories(category);

-- A referral may name a service of the directory (its name is kept in
-- `service`, so that the referral reads the same if the entry goes).
ALTER TABLE referrals ADD COLUMN resource_id TEXT REFERENCES services(id);

-- The search index of the directory, kept by the database itself (these
-- triggers), so that every writer - the curation API, the demo seed, the
-- HSDS import - keeps it right without knowing of it. An FTS5 table with
-- accents removed as SQLite's unicode61 does: document holds a service's
-- names and description, its organization's name and its categories' codes
-- as words; tags holds what a search filters and ranks by, as words that
-- cannot be typed (a search's words only ever reach document): c and each
-- category's code in letters (chealthprimarycare), l and each language
-- (lar), m and each community of its places (m1), zvirtual, zdefunct, and
-- zall on every row; then, unindexed, the service's id, name and last
-- verification. Its rows are keyed by service_search_keys, since a
-- service's own rowid may change on VACUUM. tandem copy leaves
-- service_search* alone: the triggers fill the copy's own.
CREATE TABLE service_search_keys (
	key         INTEGER PRIMARY KEY,
	service_id  TEXT NOT NULL UNIQUE REFERENCES services(id)
);
CREATE VIRTUAL TABLE service_search USING fts5(document, tags, service_id UNINDEXED, name UNINDEXED,
	assured_date UNINDEXED, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIEW service_search_rows (key, document, tags, service_id, name, assured_date) AS
	SELECT k.key, s.name || ' ' || coalesce(s.alternate_name, '') || ' ' || coalesce(s.description, '')
	       || ' ' || o.name || ' ' || coalesce(o.alternate_name, '') || ' '
	       || coalesce((SELECT group_concat(replace(replace(c.category, '.', ' '), '_', ' '), ' ')
	                    FROM service_categories c WHERE c.service_id = s.id), ''),
	       ' zall ' || CASE WHEN s.status = 'defunct' THEN 'zdefunct ' ELSE '' END
	       || coalesce((SELECT group_concat('c' || replace(replace(c.category, '.', ''), '_', ''), ' ')
	                    FROM service_categories c WHERE c.service_id = s.id), '') || ' '
	       || coalesce((SELECT group_concat('l' || l.code, ' ') FROM service_languages l
	                    WHERE l.service_id = s.id), '') || ' '
	       || coalesce((SELECT group_concat(CASE WHEN p.location_type = 'virtual' THEN 'zvirtual'
	                                             ELSE 'm' || p.community_id END, ' ')
	                    FROM service_at_location x JOIN locations p ON p.id = x.location_id
	                    WHERE x.service_id = s.id), '') || ' ',
	       s.id, s.name, s.assured_date
	FROM services s JOIN service_search_keys k ON k.service_id = s.id
	JOIN resource_organizations o ON o.id = s.organization_id;

-- Each trigger makes again the rows of the services it touches.
CREATE TRIGGER service_search_insert AFTER INSERT ON services BEGIN
	INSERT INTO service_search_keys (service_id) VALUES (new.id);
	INSERT INTO service_search (rowid, document, tags, service_id, name, assured_date)
		SELECT * FROM service_search_rows WHERE service_id = new.id;
END;
CREATE TRIGGER service_search_update AFTER UPDATE ON services BEGIN
	UPDATE service_search_keys SET service_id = new.id WHERE service_id = old.id;
	DELETE FROM service_search WHERE rowid = (SELECT key FROM service_search_keys WHERE service_id = new.id);
	INSERT INTO service_search (rowid, document, tags, service_id, name, assured_date)
		SELECT * FROM service_search_rows WHERE service_id = new.id;
END;
CREATE TRIGGER service_search_delete AFTER DELETE ON services BEGIN
	DELETE FROM service_search WHERE rowid = (SELECT key FROM service_search_keys WHERE service_id = old.id);
	DELETE FROM service_search_keys WHERE service_id = old.id;
END;
CREATE TRIGGER service_search_organization AFTER UPDATE ON resource_organizations BEGIN
	DELETE FROM service_search WHERE rowid IN (SELECT k.key FROM service_search_keys k
		JOIN services s ON s.id = k.service_id WHERE s.organization_id = new.id);
	INSERT INTO service_search (rowid, document, tags, service_id, name, assured_date)
		SELECT r.* FROM service_search_rows r JOIN services s ON s.id = r.service_id
		WHERE s.organization_id = new.id;
END;
CREATE TRIGGER service_search_location AFTER UPDATE ON locations BEGIN
	DELETE FROM service_search WHERE rowid IN (SELECT k.key FROM service_search_keys k
		JOIN service_at_location x ON x.service_id = k.service_id WHERE x.location_id = new.id);
	INSERT INTO service_search (rowid, document, tags, service_id, name, assured_date)
		SELECT r.* FROM service_search_rows r JOIN service_at_location x ON x.service_id = r.service_id
		WHERE x.location_id = new.id;
END;
-- A service's categories, languages and places.
CREATE TRIGGER service_search_category_insert AFTER INSERT ON service_categories BEGIN
	DELETE FROM service_search WHERE rowid = (SELECT key FROM service_search_keys WHERE service_id = new.service_id);
	INSERT INTO service_search (rowid, document, tags, service_id, name, assured_date)
		SELECT * FROM service_search_rows WHERE service_id = new.service_id;
END;
CREATE TRIGGER service_search_category_delete AFTER DELETE ON service_categories BEGIN
	DELETE FROM service_search WHERE rowid = (SELECT key FROM service_search_keys WHERE service_id = old.service_id);
	INSERT INTO service_search (rowid, document, tags, service_id, name, assured_date)
		SELECT * FROM service_search_rows WHERE service_id = old.service_id;
END;
CREATE TRIGGER service_search_category_update AFTER UPDATE ON service_categories BEGIN
	DELETE FROM service_search WHERE rowid IN (SELECT key FROM service_search_keys
		WHERE service_id IN (old.service_id, new.service_id));
	INSERT INTO service_search (rowid, document, tags, service_id, name, assured_date)
		SELECT * FROM service_search_rows WHERE service_id IN (old.service_id, new.service_id);
END;
CREATE TRIGGER service_search_language_insert AFTER INSERT ON service_languages BEGIN
	DELETE FROM service_search WHERE rowid = (SELECT key FROM service_search_keys WHERE service_id = new.service_id);
	INSERT INTO service_search (rowid, document, tags, service_id, name, assured_date)
		SELECT * FROM service_search_rows WHERE service_id = new.service_id;
END;
CREATE TRIGGER service_search_language_delete AFTER DELETE ON service_languages BEGIN
	DELETE FROM service_search WHERE rowid = (SELECT key FROM service_search_keys WHERE service_id = old.service_id);
	INSERT INTO service_search (rowid, document, tags, service_id, name, assured_date)
		SELECT * FROM service_search_rows WHERE service_id = old.service_id;
END;
CREATE TRIGGER service_search_language_update AFTER UPDATE ON service_languages BEGIN
	DELETE FROM service_search WHERE rowid IN (SELECT key FROM service_search_keys
		WHERE service_id IN (old.service_id, new.service_id));
	INSERT INTO service_search (rowid, document, tags, service_id, name, assured_date)
		SELECT * FROM service_search_rows WHERE service_id IN (old.service_id, new.service_id);
END;
CREATE TRIGGER service_search_place_insert AFTER INSERT ON service_at_location BEGIN
	DELETE FROM service_search WHERE rowid = (SELECT key FROM service_search_keys WHERE service_id = new.service_id);
	INSERT INTO service_search (rowid, document, tags, service_id, name, assured_date)
		SELECT * FROM service_search_rows WHERE service_id = new.service_id;
END;
CREATE TRIGGER service_search_place_delete AFTER DELETE ON service_at_location BEGIN
	DELETE FROM service_search WHERE rowid = (SELECT key FROM service_search_keys WHERE service_id = old.service_id);
	INSERT INTO service_search (rowid, document, tags, service_id, name, assured_date)
		SELECT * FROM service_search_rows WHERE service_id = old.service_id;
END;
CREATE TRIGGER service_search_place_update AFTER UPDATE ON service_at_location BEGIN
	DELETE FROM service_search WHERE rowid IN (SELECT key FROM service_search_keys
		WHERE service_id IN (old.service_id, new.service_id));
	INSERT INTO service_search (rowid, document, tags, service_id, name, assured_date)
		SELECT * FROM service_search_rows WHERE service_id IN (old.service_id, new.service_id);
END;
