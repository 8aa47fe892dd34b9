-- 019_event_surveys.sql - the short survey after an event (issue 13). What
-- was answered and who answered are kept apart, with nothing to join them
-- by: no person and no time with an answer, and no order either, since
-- both tables' ids are drawn at random (events.c), not counted, so a row's
-- place tells nothing of when it came. The second table only keeps each
-- person to one answer.

CREATE TABLE event_survey_answers (
	id               INTEGER PRIMARY KEY,       -- random
	event_id         INTEGER NOT NULL REFERENCES events(id),
	helpful          INTEGER NOT NULL CHECK (helpful BETWEEN 1 AND 5),
	learned_service  INTEGER NOT NULL CHECK (learned_service IN (0, 1)),
	service_id       TEXT REFERENCES services(id),
	next_topic       TEXT,
	comments         TEXT
);
CREATE INDEX event_survey_answers_event ON event_survey_answers(event_id);

CREATE TABLE event_survey_done (
	id        INTEGER PRIMARY KEY,              -- random
	event_id  INTEGER NOT NULL REFERENCES events(id),
	user_id   INTEGER NOT NULL REFERENCES users(id),
	UNIQUE (event_id, user_id)
);
