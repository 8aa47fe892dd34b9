-- 016_search_order.sql - the directory's search index also carries the day
-- a service was last verified, so that a search tells fresh services from
-- stale ones in the index itself (src/store/store_resource_search.c) and
-- never reads a row's content to do it: its tags gain v and each prefix of
-- the day's digits (v2, v20, v202, v2026, v20261, v202611, v2026110,
-- v20261105), which any "verified on or after" day is a short OR of. Ties
-- of the ranking go by the index's rowid (the key), as on PostgreSQL's
-- (sql/pg/016_search_order.sql). The triggers of 012 read the view by name.
DROP VIEW service_search_rows;
CREATE VIEW service_search_rows (key, document, tags, service_id, name, assured_date) AS
	SELECT k.key, s.name || ' ' || coalesce(s.alternate_name, '') || ' ' || coalesce(s.description, '')
	       || ' ' || o.name || ' ' || coalesce(o.alternate_name, '') || ' '
	       || coalesce((SELECT group_concat(replace(replace(c.category, '.', ' '), '_', ' '), ' ')
	                    FROM service_categories c WHERE c.service_id = s.id), ''),
	       ' zall ' || CASE WHEN s.status = 'defunct' THEN 'zdefunct ' ELSE '' END
	       || coalesce((SELECT group_concat('c' || replace(replace(c.category, '.', ''), '_', ''), ' ')
	                    FROM service_categories c WHERE c.service_id = s.id), '') || ' '
	       || coalesce((SELECT group_concat('l' || l.code, ' ') FROM service_languages l
	                    WHERE l.service_id = s.id), '') || ' '
	       || coalesce((SELECT group_concat(CASE WHEN p.location_type = 'virtual' THEN 'zvirtual'
	                                             ELSE 'm' || p.community_id END, ' ')
	                    FROM service_at_location x JOIN locations p ON p.id = x.location_id
	                    WHERE x.service_id = s.id), '') || ' '
	       || coalesce((SELECT group_concat('v' || substr(d.digits, 1, n.n), ' ')
	                    FROM (SELECT replace(s.assured_date, '-', '') AS digits) d,
	                         (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
	                          UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8) n), '')
	       || ' ',
	       s.id, s.name, s.assured_date
	FROM services s JOIN service_search_keys k ON k.service_id = s.id
	JOIN resource_organizations o ON o.id = s.organization_id;
DELETE FROM service_search;
INSERT INTO service_search (rowid, document, tags, service_id, name, assured_date)
	SELECT * FROM service_search_rows;
