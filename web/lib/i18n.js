// i18n.js - message catalogs (web/i18n/*.json), the page's language and
// direction, and dates and numbers formatted for the language.

export const languages = ['en', 'fr', 'ar'];
let lang = 'en';
let dict = {};

// The language last asked for wins: one picked while the page is still
// loading is not undone when the catalog asked for at load arrives after.
let asked = 0;

export async function setLanguage(l) {
  if (!languages.includes(l)) l = 'en';
  const mine = ++asked;
  const res = await fetch(`/i18n/${l}.json`, { cache: 'no-cache' });
  const read = await res.json();
  if (mine !== asked) return;
  dict = read;
  lang = l;
  document.documentElement.lang = l;
  document.documentElement.dir = l === 'ar' ? 'rtl' : 'ltr';
}

export const current = () => lang;

export const has = (key) => key in dict;

export function t(key, vars = {}) {
  let s = dict[key] ?? key;
  for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

// A message that depends on a count: key.one, key.two, key.few… as the
// language's plural rules name the count's form (Arabic has six), else
// key.other; {count} is the count as the reader writes numbers.
export function tn(key, count, vars = {}) {
  const form = `${key}.${new Intl.PluralRules(lang).select(count)}`;
  return t(has(form) ? form : `${key}.other`, { ...vars, count: fmtNumber(count) });
}

// A date-only value (YYYY-MM-DD) is a calendar day, not a moment: format it
// at noon UTC so no time zone moves it to another day.
export function fmtDate(day) {
  if (!day) return '';
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' })
    .format(new Date(`${day}T12:00:00Z`));
}

export function fmtDateTime(iso) {
  if (!iso) return '';
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

// From one moment to another, as the reader says it: the day once when both
// fall on it ("Dec 22, 2026, 7:00 – 9:00 PM").
export function fmtRange(from, to) {
  if (!from || !to) return fmtDateTime(from);
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' })
    .formatRange(new Date(from), new Date(to));
}

export function fmtNumber(n) {
  return new Intl.NumberFormat(lang).format(n);
}

// The state, kind or class names of the API, in words; a value the catalog
// does not know (free text, such as a relationship) stands as it is.
export function word(group, value) {
  const key = `${group}.${value}`;
  const s = t(key);
  return s === key ? value : s;
}

// An RFC 5545 day (MO, TU, …) by its name in the reader's language, long
// ("Monday") or short ("Mon").
export function weekday(code, style = 'long') {
  const i = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'].indexOf(String(code).trim().toUpperCase());
  if (i < 0) return '';
  // 2 January 2023 was a Monday
  return new Intl.DateTimeFormat(lang, { weekday: style, timeZone: 'UTC' }).format(new Date(Date.UTC(2023, 0, 2 + i)));
}

// A language's name in the reader's language ("ar": Arabic, arabe, العربية),
// never a bare code where the browser knows the language.
export function languageName(code) {
  if (!code) return '';
  // the catalog names what browsers name alike (Kurdish, for ku and kmr)
  if (has(`language.${code}`)) return t(`language.${code}`);
  try {
    return new Intl.DisplayNames([lang], { type: 'language' }).of(code) || code;
  } catch {
    return code;
  }
}

// Items as the reader says a list: "a, b and c", «أ وب وج».
export const fmtList = (items) => new Intl.ListFormat(lang, { style: 'long', type: 'conjunction' }).format(items);

// "ar,fa" as the reader says a list of languages.
export function languageNames(codes) {
  return fmtList((codes || '').split(',').map((c) => c.trim()).filter(Boolean).map(languageName));
}
