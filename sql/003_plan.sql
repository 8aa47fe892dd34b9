-- 003_plan.sql - the Collaborative Action Plan: one task list per case.

CREATE TABLE plan_tasks (
	id            INTEGER PRIMARY KEY,
	case_id       INTEGER NOT NULL REFERENCES cases(id),
	template_key  TEXT,                 -- the template's task, whose title is localised
	title         TEXT,                 -- a task added by hand
	responsible   TEXT NOT NULL CHECK (responsible IN ('sponsor', 'worker', 'refugee', 'shared')),
	due_days      INTEGER,              -- from arrival, for template tasks
	due_on        TEXT,                 -- a fixed date, for tasks added by hand
	status        TEXT NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'doing', 'done', 'not_needed')),
	notes         TEXT,
	created_at    INTEGER NOT NULL,
	updated_at    INTEGER NOT NULL,
	updated_by    INTEGER REFERENCES users(id),
	CHECK ((template_key IS NULL) <> (title IS NULL))
);
CREATE INDEX plan_tasks_case ON plan_tasks(case_id, id);
