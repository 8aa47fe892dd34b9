-- 023_working_groups.sql - a LIP's working groups (issue 13): a name and a
-- purpose, member organizations and people, their meetings and a shared
-- list of actions with owners and dates. Their meetings are a table of
-- their own, not rows of a case's meetings: those belong to a case, its
-- worker and its consent rules, and a table of the community has none.

CREATE TABLE working_groups (
	id            INTEGER PRIMARY KEY,
	lip_org_id    INTEGER NOT NULL REFERENCES organizations(id),
	community_id  INTEGER NOT NULL REFERENCES communities(id),
	name          TEXT NOT NULL,
	purpose       TEXT NOT NULL DEFAULT '',
	created_by    INTEGER NOT NULL REFERENCES users(id),
	created_at    INTEGER NOT NULL,
	UNIQUE (lip_org_id, name)
);

CREATE TABLE working_group_orgs (
	group_id  INTEGER NOT NULL REFERENCES working_groups(id),
	org_id    INTEGER NOT NULL REFERENCES organizations(id),
	PRIMARY KEY (group_id, org_id)
);

CREATE TABLE working_group_people (
	group_id  INTEGER NOT NULL REFERENCES working_groups(id),
	user_id   INTEGER NOT NULL REFERENCES users(id),
	PRIMARY KEY (group_id, user_id)
);
CREATE INDEX working_group_people_user ON working_group_people(user_id);

CREATE TABLE working_group_meetings (
	id          INTEGER PRIMARY KEY,
	group_id    INTEGER NOT NULL REFERENCES working_groups(id),
	starts_at   INTEGER NOT NULL,
	ends_at     INTEGER NOT NULL,
	utc_offset  INTEGER NOT NULL DEFAULT 0,   -- minutes east of UTC, as given
	place       TEXT,
	agenda      TEXT,
	created_at  INTEGER NOT NULL
);
CREATE INDEX working_group_meetings_group ON working_group_meetings(group_id, starts_at);

CREATE TABLE working_group_actions (
	id          INTEGER PRIMARY KEY,
	group_id    INTEGER NOT NULL REFERENCES working_groups(id),
	title       TEXT NOT NULL,
	owner_id    INTEGER REFERENCES users(id),
	due_on      TEXT,
	status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
	created_by  INTEGER NOT NULL REFERENCES users(id),
	created_at  INTEGER NOT NULL,
	done_at     INTEGER
);
CREATE INDEX working_group_actions_group ON working_group_actions(group_id);
