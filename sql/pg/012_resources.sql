-- pg/012_resources.sql (PostgreSQL) - the directory of local services (issue 12), in the
-- Open Referral HSDS 3.0 vocabulary: the tables and columns keep HSDS's
-- names (organization, service, location, address, phone, schedule,
-- language, service_at_location) so that import and export map one to one.
-- Ids are text: UUIDs, or the numbers older feeds use. Categories are
-- tandem's taxonomy codes (data/taxonomy.json); a service's communities come
-- from its locations.

CREATE TABLE resource_organizations (
	id              text PRIMARY KEY,
	name            text NOT NULL CHECK (name <> ''),
	alternate_name  text,
	description     text,
	email           text,
	website         text,
	updated_at      bigint NOT NULL
);

CREATE TABLE services (
	id                       text PRIMARY KEY,
	organization_id          text NOT NULL REFERENCES resource_organizations(id),
	name                     text NOT NULL CHECK (name <> ''),
	alternate_name           text,
	description              text,
	url                      text,
	email                    text,
	status                   text NOT NULL DEFAULT 'active'
	                         CHECK (status IN ('active', 'inactive', 'defunct', 'temporarily closed')),
	interpretation_services  text,
	application_process      text,
	fees_description         text,
	eligibility_description  text,
	assured_date             text,           -- YYYY-MM-DD, last verified
	updated_at               bigint NOT NULL
);
CREATE INDEX services_organization ON services(organization_id);

CREATE TABLE locations (
	id               text PRIMARY KEY,
	location_type    text NOT NULL CHECK (location_type IN ('physical', 'postal', 'virtual')),
	organization_id  text REFERENCES resource_organizations(id),
	name             text,
	description      text,
	url              text,
	latitude         text,           -- decimal degrees as published: kept, not computed on
	longitude        text,
	community_id     bigint REFERENCES communities(id)   -- tandem's, from the address
);

CREATE TABLE service_at_location (
	id           text PRIMARY KEY,
	service_id   text NOT NULL REFERENCES services(id),
	location_id  text NOT NULL REFERENCES locations(id),
	description  text
);
CREATE INDEX service_at_location_service ON service_at_location(service_id);
CREATE INDEX service_at_location_location ON service_at_location(location_id);

CREATE TABLE addresses (
	id              text PRIMARY KEY,
	location_id     text NOT NULL REFERENCES locations(id),
	attention       text,
	address_1       text NOT NULL,
	address_2       text,
	city            text NOT NULL,
	region          text,
	state_province  text NOT NULL,
	postal_code     text NOT NULL,
	country         text NOT NULL,
	address_type    text NOT NULL CHECK (address_type IN ('physical', 'postal', 'virtual'))
);
CREATE INDEX addresses_location ON addresses(location_id);

CREATE TABLE phones (
	id               text PRIMARY KEY,
	location_id      text REFERENCES locations(id),
	service_id       text REFERENCES services(id),
	organization_id  text REFERENCES resource_organizations(id),
	number           text NOT NULL,
	extension        text,
	type             text,
	description      text
);
CREATE INDEX phones_service ON phones(service_id);

CREATE TABLE schedules (
	id           text PRIMARY KEY,
	service_id   text REFERENCES services(id),
	location_id  text REFERENCES locations(id),
	valid_from   text,
	valid_to     text,
	timezone     text,
	freq         text,
	byday        text,
	opens_at     text,
	closes_at    text,
	description  text,
	notes        text
);
CREATE INDEX schedules_service ON schedules(service_id);

-- The languages a service is offered in (never its interpretation), ISO
-- 639-1 where one exists; note: "French on Tuesdays".
CREATE TABLE service_languages (
	id           text PRIMARY KEY,
	service_id   text REFERENCES services(id),
	location_id  text REFERENCES locations(id),
	phone_id     text REFERENCES phones(id),
	name         text,
	code         text NOT NULL,
	note         text
);
CREATE INDEX service_languages_service ON service_languages(service_id);

CREATE TABLE service_categories (
	service_id  text NOT NULL REFERENCES services(id),
	category    text NOT NULL,               -- a code of data/taxonomy.json
	PRIMARY KEY (service_id, category)
);
CREATE INDEX service_categories_category ON service_categories(category);

-- A referral may name a service of the directory (its name is kept in
-- `service`, so that the referral reads the same if the entry goes).
ALTER TABLE referrals ADD COLUMN resource_id text REFERENCES services(id);

-- The search index of the directory, kept by the database itself (these
-- triggers), so that every writer - the curation API, the demo seed, the
-- HSDS import - keeps it right without knowing of it: a tsvector of a
-- service's names and description, its organization's name and its
-- categories' codes as words, under the simple configuration with accents
-- removed (unaccent, a trusted extension the database's owner may create),
-- in a GIN index. tandem copy leaves service_search alone: the triggers
-- fill the copy's own.
CREATE EXTENSION IF NOT EXISTS unaccent;
-- unaccent() is only stable (its dictionary could change); this one is
-- declared immutable so that an index or a generated value may use it.
CREATE FUNCTION tandem_unaccent(text) RETURNS text
	LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
	AS $$ SELECT unaccent('unaccent'::regdictionary, $1) $$;

CREATE TABLE service_search (
	service_id  text PRIMARY KEY REFERENCES services(id) ON DELETE CASCADE,
	document    tsvector NOT NULL
);
CREATE INDEX service_search_document ON service_search USING gin (document);

CREATE FUNCTION service_search_refresh(sid text) RETURNS void LANGUAGE sql AS $$
	INSERT INTO service_search (service_id, document)
	SELECT s.id, to_tsvector('simple', tandem_unaccent(concat_ws(' ', s.name, s.alternate_name, s.description,
	       o.name, o.alternate_name,
	       (SELECT string_agg(translate(c.category, '._', '  '), ' ') FROM service_categories c
	        WHERE c.service_id = s.id))))
	FROM services s JOIN resource_organizations o ON o.id = s.organization_id WHERE s.id = sid
	ON CONFLICT (service_id) DO UPDATE SET document = excluded.document
$$;

CREATE FUNCTION service_search_on_service() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM service_search_refresh(NEW.id);
	RETURN NULL;
END $$;
CREATE FUNCTION service_search_on_organization() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM service_search_refresh(s.id) FROM services s WHERE s.organization_id = NEW.id;
	RETURN NULL;
END $$;
CREATE FUNCTION service_search_on_category() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM service_search_refresh(CASE WHEN TG_OP = 'DELETE' THEN OLD.service_id ELSE NEW.service_id END);
	RETURN NULL;
END $$;

CREATE TRIGGER service_search_service AFTER INSERT OR UPDATE ON services
	FOR EACH ROW EXECUTE FUNCTION service_search_on_service();
CREATE TRIGGER service_search_organization AFTER UPDATE ON resource_organizations
	FOR EACH ROW EXECUTE FUNCTION service_search_on_organization();
CREATE TRIGGER service_search_category AFTER INSERT OR DELETE ON service_categories
	FOR EACH ROW EXECUTE FUNCTION service_search_on_category();
