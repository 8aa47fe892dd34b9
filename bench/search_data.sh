#!/bin/sh
# search_data.sh - prints SQL that adds N generated services (default
# 100,000) straight into the HSDS tables of a demo database, as an import
# would, in the dialect named (sqlite or pg): names, descriptions,
# categories, languages and places drawn from fixed lists by the row's
# number (the kind by the number itself, everything else by the number
# over a prime, so that every kind has every place, language and state),
# so both stores hold the same rows. The search index is the
# databases' own triggers' to keep. Usage: search_data.sh sqlite|pg [N]
set -eu
dialect=$1
n=${2:-100000}

kinds="'Family Practice','Walk-in Clinic','Dental Clinic','Food Bank','Housing Help Centre','Legal Clinic','Language School','Employment Centre','Counselling Service','Homework Club','EarlyON Centre','Transit Help','Women''s Circle','Youth Program','Seniors'' Club','Furniture Bank','Tax Clinic','Eye Care','Crisis Line','Settlement Services'"
cats="'health.primary_care','health.primary_care','health.dental','food.bank','housing.rental','legal.immigration','language.classes','employment.search','health.mental_health','education.homework','childcare','transport','community.women','community.youth','community.seniors','housing.furniture','income.benefits','health.vision','crisis','orientation'"
texts="'Family doctors taking new patients.','No appointment needed.','Dental care on a sliding scale.','Groceries every week, halal food.','Help finding an apartment and reading a lease.','Free advice on immigration and refugee claims.','English and French classes for newcomers.','Job search help, resumes and interviews.','Counselling for newcomers, trauma-informed.','Free homework help after school.','Play and learning programs for young children.','Bus passes and help using transit.','Support groups for women.','Programs for teens.','Activities for seniors.','Free furniture, delivered.','Free tax returns and benefits help.','Eye exams and glasses.','A crisis line open day and night.','Settlement workers, orientation and referrals.'"
places="'Westdale','Stoney Creek','Glebe','Vanier','Uptown','Riverdale','Parkdale','Scarborough','Walkerville','Byron','Portsmouth','Minden','Dundas','Orleans','Elmira','Leslieville','Riverside','Sydenham','Cambridge','Kitchener','Barrhaven','Kanata','Rexdale','Malvern','Sandwich','Tecumseh','Wortley','Old East','Cataraqui','Dysart','Ancaster','Waterdown','Beamsville','Grimsby','Nepean','Gloucester','Etobicoke','Weston','Lasalle','Amherstview'"
langs="'ar','fr','prs','ti','so','fa','uk','es','am','ku','ps','ur'"

if [ "$dialect" = pg ]; then
	pick() { echo "(ARRAY[$1])[1 + ($2) % $3]"; }
	series="generate_series(1, $n) AS g(i)"
	fresh="(current_date - 30)::text"
	echo "BEGIN;"
else
	pick() { echo "json_extract(json_array($1), '\$[' || (($2) % $3) || ']')"; }
	series="(WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < $n) SELECT i FROM s)"
	fresh="date('now', '-30 days')"
	echo "BEGIN;"
fi
cat <<SQL
INSERT INTO resource_organizations (id, name, updated_at)
	SELECT 'b' || i, $(pick "$places" "i" 40) || ' ' || $(pick "$kinds" "i" 20) || ' ' || i, 0
	FROM $series WHERE i <= $n / 10;
INSERT INTO services (id, organization_id, name, description, status, assured_date, updated_at)
	SELECT 'b' || i, 'b' || (1 + i % ($n / 10)), $(pick "$kinds" "i" 20) || ' ' || $(pick "$places" "i / 20" 40),
	       $(pick "$texts" "i" 20), CASE WHEN i % 50 = 0 THEN 'temporarily closed' ELSE 'active' END,
	       CASE WHEN (i / 23) % 5 = 0 THEN '2024-01-15' ELSE $fresh END, 0
	FROM $series;
INSERT INTO service_categories (service_id, category) SELECT 'b' || i, $(pick "$cats" "i" 20) FROM $series;
INSERT INTO locations (id, location_type, community_id)
	SELECT 'b' || i, CASE WHEN (i / 29) % 10 = 3 THEN 'virtual' ELSE 'physical' END,
	       CASE WHEN (i / 29) % 10 = 3 THEN NULL ELSE 1 + (i / 41) % 8 END FROM $series;
INSERT INTO service_at_location (id, service_id, location_id) SELECT 'b' || i, 'b' || i, 'b' || i FROM $series;
INSERT INTO service_languages (id, service_id, code) SELECT 'be' || i, 'b' || i, 'en' FROM $series;
INSERT INTO service_languages (id, service_id, code)
	SELECT 'bl' || i, 'b' || i, $(pick "$langs" "i / 37" 12) FROM $series WHERE (i / 31) % 5 < 3;
COMMIT;
SQL
