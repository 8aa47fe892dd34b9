-- 008_matching.sql - what the matcher knows of a settlement worker (DESIGN.md
-- section 7), and whether an SPO lets its workers work through interpreters.

-- A worker without a profile has 25 places, serves their SPO's communities in
-- person only, and has no specialisation (the defaults of store_match_workers).
CREATE TABLE worker_profiles (
	user_id          INTEGER PRIMARY KEY REFERENCES users(id),
	capacity         INTEGER NOT NULL DEFAULT 25 CHECK (capacity BETWEEN 0 AND 1000),
	virtual_ok       INTEGER NOT NULL DEFAULT 0 CHECK (virtual_ok IN (0, 1)),
	specialisations  TEXT NOT NULL DEFAULT ''        -- needs domains, comma-separated
);

-- The communities a worker serves in person; none listed: their SPO's.
CREATE TABLE worker_communities (
	user_id       INTEGER NOT NULL REFERENCES users(id),
	community_id  INTEGER NOT NULL REFERENCES communities(id),
	PRIMARY KEY (user_id, community_id)
);

ALTER TABLE spo_settings ADD COLUMN interpretation_ok INTEGER NOT NULL DEFAULT 1
	CHECK (interpretation_ok IN (0, 1));
