/* seed_data.c - name and place tables for tandem seed --demo. Every
 * organization and person is invented; phone numbers use the fictional
 * 555-01xx range and e-mail addresses the reserved .example domain. */
#include "seed_data.h"

#include <stddef.h>

const struct seed_language seed_languages[] = {
	{"ar", 30, {"Ahmad", "Omar", "Khaled", "Yusuf", "Samir", "Tarek"},
	 {"Amal", "Rania", "Huda", "Layla", "Noor", "Salma"},
	 {"Haddad", "Khalil", "Nasser", "Aziz", "Mansour", "Darwish", "Saleh", "Hamdan"}},
	{"prs", 12, {"Farid", "Jawad", "Naveed", "Sohrab", "Wahid", "Hamid"},
	 {"Mina", "Parwana", "Shabnam", "Zarmina", "Fariba", "Nilofar"},
	 {"Rahimi", "Karimi", "Noori", "Sultani", "Ahmadzai", "Hakimi", "Azizi", "Sadat"}},
	{"ps", 6, {"Gul", "Zalmai", "Bilal", "Asad", "Jamal", "Rahmat"},
	 {"Malalai", "Palwasha", "Zarghuna", "Shazia", "Nazia", "Gulalai"},
	 {"Yousafzai", "Durrani", "Khattak", "Afridi", "Mohmand", "Shinwari", "Safi", "Wardak"}},
	{"fa", 6, {"Reza", "Dariush", "Kamran", "Babak", "Arash", "Navid"},
	 {"Shirin", "Maryam", "Leila", "Azadeh", "Parisa", "Nasrin"},
	 {"Tehrani", "Moradi", "Rostami", "Jafari", "Hosseini", "Kazemi", "Sharifi", "Ebrahimi"}},
	{"ti", 12, {"Tesfay", "Yonas", "Berhane", "Dawit", "Filmon", "Mehari"},
	 {"Selam", "Helen", "Lidya", "Saba", "Rahel", "Senait"},
	 {"Gebremariam", "Tesfamichael", "Haile", "Kidane", "Woldu", "Berhe", "Tekle", "Ghebre"}},
	{"am", 6, {"Abebe", "Getachew", "Tadesse", "Bereket", "Yohannes", "Mulugeta"},
	 {"Tigist", "Meron", "Hiwot", "Bethlehem", "Almaz", "Mahlet"},
	 {"Bekele", "Tesfaye", "Alemu", "Girma", "Desta", "Wolde", "Mengistu", "Kebede"}},
	{"so", 8, {"Abdi", "Mohamed", "Hassan", "Abdullahi", "Farah", "Ismail"},
	 {"Hodan", "Fadumo", "Ayaan", "Sahra", "Hibo", "Nimco"},
	 {"Warsame", "Abdi", "Farah", "Hirsi", "Jama", "Osman", "Egal", "Dualeh"}},
	{"ku", 6, {"Azad", "Baran", "Dilshad", "Rebwar", "Shivan", "Hemin"},
	 {"Berfin", "Zozan", "Dilan", "Rojin", "Hana", "Shilan"},
	 {"Barzani", "Ahmed", "Rashid", "Mustafa", "Karim", "Hawrami", "Zebari", "Amedi"}},
	{"uk", 8, {"Oleksandr", "Andriy", "Dmytro", "Serhiy", "Mykola", "Taras"},
	 {"Olena", "Iryna", "Oksana", "Kateryna", "Nataliia", "Yuliia"},
	 {"Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Kravchenko", "Melnyk", "Boyko", "Oliynyk"}},
	{"es", 4, {"Carlos", "José", "Luis", "Miguel", "Andrés", "Jorge"},
	 {"María", "Ana", "Lucía", "Gabriela", "Carmen", "Daniela"},
	 {"García", "Hernández", "Morales", "Castillo", "Rojas", "Vargas", "Mendoza", "Ortiz"}},
	{"fr", 2, {"Jean-Pierre", "Emmanuel", "Patrick", "Olivier", "Didier", "Serge"},
	 {"Marie", "Josiane", "Aline", "Chantal", "Grâce", "Solange"},
	 {"Mukendi", "Ndayishimiye", "Habimana", "Nkurunziza", "Uwimana", "Mbuyi", "Ilunga", "Kalala"}},
};
const int seed_languages_count = sizeof seed_languages / sizeof seed_languages[0];

const struct seed_language seed_english = {
	"en", 0, {"James", "Daniel", "Michael", "David", "Andrew", "Kevin"},
	{"Sarah", "Emily", "Jessica", "Laura", "Megan", "Rachel"},
	{"Thompson", "MacDonald", "Campbell", "Wilson", "Martin", "Tremblay", "Clarke", "Murphy"},
};

const struct seed_community seed_communities[SEED_COMMUNITIES] = {
	{"Hamilton", 0, 15, {"Westdale", "Stoney Creek", "Locke Street", "Dundas"}},
	{"Ottawa", 0, 15, {"Glebe", "Westboro", "Vanier", "Orleans"}},
	{"Waterloo Region", 0, 12, {"Uptown Waterloo", "Kitchener Centre", "Cambridge", "Elmira"}},
	{"Toronto", 0, 20, {"Riverdale", "Parkdale", "Scarborough", "Leslieville"}},
	{"Windsor", 0, 10, {"Walkerville", "Riverside", "Tecumseh", "Sandwich"}},
	{"London", 0, 10, {"Old North", "Byron", "Wortley Village", "Old East Village"}},
	{"Kingston", 0, 10, {"Portsmouth", "Sydenham", "Williamsville", "Cataraqui"}},
	{"Haliburton County", 1, 8, {"Minden", "Haliburton Village", "Dysart", "Wilberforce"}},
};

const struct seed_org seed_spos[SEED_SPOS] = {
	{"Harbourfront Newcomer Centre", "harbourfront.example", {0, -1}, {"ar", "ku", "ti", "so", "es", "ar"}, 8},
	{"Rideau Settlement Services", "rideau-settlement.example", {1, 6, -1}, {"ar", "so", "am", "fr", "prs", "uk"}, 7},
	{"Grand River Welcome Centre", "grandriver-welcome.example", {2, 5, -1}, {"ti", "am", "ar", "prs", "ps", "uk"}, 7},
	{"Lakeshore Settlement Collective", "lakeshore-settlement.example", {3, 0, -1}, {"fa", "prs", "ps", "es", "uk", "ar"}, 8},
	{"Detroit River Newcomer Hub", "detroitriver-hub.example", {4, 5, -1}, {"ar", "ku", "so", "es", "fr", "ti"}, 6},
	{"Highlands Rural Settlement Network", "highlands-rural.example", {7, 6, -1}, {"uk", "ar", "fr", "prs", "ti", "so"}, 4},
};

const struct seed_org seed_sahs[SEED_SAHS] = {
	{"Diocese of Maple Valley Refugee Office", "maplevalley-diocese.example", {0, 6, -1}, {0}, 0},
	{"Fellowship of Neighbours Sponsorship Council", "fellowship-neighbours.example", {2, 5, 7}, {0}, 0},
	{"Ottawa Valley Interfaith Sponsorship", "ovis.example", {1, 6, -1}, {0}, 0},
	{"Southwest Ontario Refugee Aid", "swora.example", {4, 5, -1}, {0}, 0},
	{"Toronto Interfaith Refugee Council", "tirc.example", {3, -1}, {0}, 0},
};

/* { SAH, SPO }: Fellowship of Neighbours and Highlands Rural, still drafting. */
const int seed_draft_partners[2] = { 1, 5 };
const int seed_partners[][2] = {
	{0, 0}, {0, 3}, {1, 2}, {1, 5}, {2, 1}, {3, 4}, {4, 3}, {-1, -1}
};

const char *const seed_group_suffixes[2][SEED_SUFFIXES] = {
	{"Neighbours Group of Five", "Friends Group of Five", "Welcome Circle", "Book Club Group of Five",
	 "Soccer Parents Group of Five", "Family Friends Group of Five"},
	{"Rotary Welcome Committee", "Community Sponsors", "Newcomer Friends Association", "Lions Club Sponsors",
	 "Cultural Association Sponsors", "Residents' Welcome Fund"},
};

/* Each SAH's congregations: a diocese's parishes, a council of churches,
 * an interfaith body, a secular aid society's committees, and Toronto's
 * interfaith council. */
const char *const seed_constituent_suffixes[SEED_SAHS][SEED_SUFFIXES] = {
	{"Parish Refugee Committee", "Anglican Outreach Committee", "Cathedral Refugee Committee",
	 "Parish Welcome Team", "Anglican Church Sponsorship Team", "Parish Newcomer Circle"},
	{"United Church Sponsorship Team", "Mennonite Church Refugee Team", "Baptist Church Welcome Committee",
	 "Presbyterian Refugee Committee", "Lutheran Church Welcome Team", "Catholic Parish Refugee Committee"},
	{"Mosque Refugee Committee", "Synagogue Welcome Committee", "United Church Sponsorship Team",
	 "Gurdwara Sewa Committee", "Islamic Centre Refugee Committee", "Interfaith Welcome Circle"},
	{"Refugee Aid Committee", "Newcomer Support Team", "Neighbourhood Welcome Committee",
	 "Mosque Refugee Committee", "Catholic Parish Refugee Committee", "Community Welcome Team"},
	{"Synagogue Welcome Committee", "Mosque Refugee Committee", "United Church Sponsorship Team",
	 "Gurdwara Sewa Committee", "Catholic Parish Refugee Committee", "Interchurch Refugee Team"},
};

const char *const seed_health_notes[] = {
	"Type 2 diabetes; needs a family doctor and insulin supplies within the first week.",
	"Child with asthma; inhaler prescription to be renewed.",
	"Pregnant, second trimester; prenatal care to be arranged on arrival.",
	"Reports trouble sleeping since displacement; agreed to a counselling referral.",
	"Hearing loss in one ear; audiology assessment requested.",
	"Needs dental treatment; pain reported at the pre-arrival meeting.",
	"Mobility aid (walker) needed for the grandmother; ground-floor housing preferred.",
	NULL
};

const char *const seed_worker_notes[] = {
	"Family prefers meetings in the afternoon after school pick-up.",
	"Sponsor group very engaged; agreed the group leads on housing and banking.",
	"Principal applicant worked as an electrician; interested in trade accreditation.",
	"Check in with the sponsors about month-13 planning before the summer.",
	"Interpreter by phone worked well; keep the same interpreter if possible.",
	"Eldest child keen to start high school mid-year; talk to the school board.",
	NULL
};
