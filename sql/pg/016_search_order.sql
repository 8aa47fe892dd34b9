-- pg/016_search_order.sql (PostgreSQL) - the ties of the directory's
-- ranking go by the index's own order, as on SQLite, where FTS5 reads rows
-- in rowid order and so may stop after a page (sql/016_search_order.sql):
-- each row of service_search gets a key, from a sequence, in the order the
-- services enter the index; the rows already there by their service's id.
ALTER TABLE service_search ADD COLUMN key bigint;
CREATE SEQUENCE service_search_key OWNED BY service_search.key;
UPDATE service_search s SET key = n.k
	FROM (SELECT service_id, row_number() OVER (ORDER BY service_id COLLATE "C") AS k FROM service_search) n
	WHERE n.service_id = s.service_id;
SELECT setval('service_search_key', coalesce(max(key), 0) + 1, false) FROM service_search;
ALTER TABLE service_search ALTER COLUMN key SET DEFAULT nextval('service_search_key'),
	ALTER COLUMN key SET NOT NULL, ADD UNIQUE (key);
