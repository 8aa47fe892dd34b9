-- 008_matching.sql (PostgreSQL) - what the matcher knows of a settlement
-- worker (DESIGN.md section 7), and whether an SPO lets its workers work
-- through interpreters. Mirrors sql/008_matching.sql; see 001 for the types.

-- A worker without a profile has 25 places, serves their SPO's communities in
-- person only, and has no specialisation (the defaults of store_match_workers).
CREATE TABLE worker_profiles (
	user_id          bigint PRIMARY KEY REFERENCES users(id),
	capacity         integer NOT NULL DEFAULT 25 CHECK (capacity BETWEEN 0 AND 1000),
	virtual_ok       boolean NOT NULL DEFAULT FALSE,
	specialisations  text NOT NULL DEFAULT ''        -- needs domains, comma-separated
);

-- The communities a worker serves in person; none listed: their SPO's.
CREATE TABLE worker_communities (
	user_id       bigint NOT NULL REFERENCES users(id),
	community_id  bigint NOT NULL REFERENCES communities(id),
	PRIMARY KEY (user_id, community_id)
);

ALTER TABLE spo_settings ADD COLUMN interpretation_ok boolean NOT NULL DEFAULT TRUE;
