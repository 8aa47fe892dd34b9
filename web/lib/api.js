// api.js - every call to tandem's JSON API: the CSRF token (in memory only),
// errors as human sentences with the field they concern, and the two
// failures a person must be told about: a lost connection, an ended session.
import { t } from './i18n.js';

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

// The catalog's sentence for an error code where it has one, else the server's.
function sentence(code, fallback) {
  const key = `error.${code}`;
  const s = t(key);
  return s === key ? fallback : s;
}

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (csrf && method !== 'GET') headers['X-CSRF-Token'] = csrf;
  let res;
  try {
    res = await fetch(path, {
      method, headers, credentials: 'same-origin', cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'offline', t('error.offline'));
  }
  if (res.status === 204) return null;
  const json = (res.headers.get('Content-Type') || '').includes('json');
  const data = json ? await res.json() : await res.text();
  if (!res.ok) {
    const e = (json && data.error) || {};
    const err = new ApiError(res.status, e.code, sentence(e.code, e.message || t('error.generic')), e.field);
    if (res.status === 401 && !path.endsWith('/session')) onSessionEnd(err);
    throw err;
  }
  return data;
}
