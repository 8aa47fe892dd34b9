-- pg/014_partnership_terms.sql (PostgreSQL) - what an SPO-SAH agreement says (issue 12):
-- the roles and responsibilities each side takes, as clauses, and the
-- activities they run together. Each starts from
-- data/partnership-template.json (template_key: read in the reader's
-- language) or is the parties' own words (text, as written).

CREATE TABLE partnership_clauses (
	partnership_id  bigint NOT NULL REFERENCES partnerships(id),
	position        integer NOT NULL,
	party           text NOT NULL CHECK (party IN ('spo', 'sah', 'both')),
	template_key    text,
	text            text,
	PRIMARY KEY (partnership_id, position),
	CHECK ((template_key IS NULL) <> (text IS NULL))
);

CREATE TABLE partnership_activities (
	partnership_id  bigint NOT NULL REFERENCES partnerships(id),
	position        integer NOT NULL,
	template_key    text,
	text            text,
	PRIMARY KEY (partnership_id, position),
	CHECK ((template_key IS NULL) <> (text IS NULL))
);
