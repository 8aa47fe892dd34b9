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
