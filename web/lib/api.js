// api.js - every call to tandem's JSON API: the CSRF token (in memory only),
// errors as human sentences with the field they concern, and the two
// failures a person must be told about: a lost connection, an ended session.
import { has, t } from './i18n.js';

let csrf = null;
let onSessionEnd = () => {};

export const setCsrf = (token) => { csrf = token; };
export const whenSessionEnds = (fn) => { onSessionEnd = fn; };

export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

// The catalog's sentence for an error: for its code and field where the
// catalog has one, else for its code; the server's English only for a code
// the catalog does not know (scripts/check-i18n checks it knows them all).
function sentence(code, field, fallback) {
  const key = [field && `error.${code}.${field}`, `error.${code}`].find((k) => k && has(k));
  return key ? t(key) : fallback;
}

// body goes as JSON, or as it is when its type is given (a CSV file).
export async function api(method, path, body, type) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = type || 'application/json';
  if (csrf && method !== 'GET') headers['X-CSRF-Token'] = csrf;
  let res;
  try {
    res = await fetch(path, {
      method, headers, credentials: 'same-origin', cache: 'no-store',
      body: body === undefined || type ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'offline', t('error.offline'));
  }
  if (res.status === 204) return null;
  const json = (res.headers.get('Content-Type') || '').includes('json');
  const data = json ? await res.json() : await res.text();
  if (!res.ok) {
    const e = (json && data.error) || {};
    const err = new ApiError(res.status, e.code, sentence(e.code, e.field, e.message || t('error.generic')), e.field);
    if (res.status === 401 && !path.endsWith('/session')) onSessionEnd(err);
    throw err;
  }
  return data;
}
