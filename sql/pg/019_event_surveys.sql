-- 019_event_surveys.sql (PostgreSQL) - the short survey after an event.
-- Mirrors sql/019_event_surveys.sql, whose comments say why. (A row's
-- physical place in PostgreSQL's heap may still follow the order of
-- writes; nothing tandem answers shows it.)

CREATE TABLE event_survey_answers (
	id               bigint PRIMARY KEY,
	event_id         bigint NOT NULL REFERENCES events(id),
	helpful          integer NOT NULL CHECK (helpful BETWEEN 1 AND 5),
	learned_service  boolean NOT NULL,
	service_id       text REFERENCES services(id),
	next_topic       text,
	comments         text
);
CREATE INDEX event_survey_answers_event ON event_survey_answers(event_id);

CREATE TABLE event_survey_done (
	id        bigint PRIMARY KEY,
	event_id  bigint NOT NULL REFERENCES events(id),
	user_id   bigint NOT NULL REFERENCES users(id),
	UNIQUE (event_id, user_id)
);
