// app.js - the first page of tandem: sign in, see the cases you may see,
// sign out. Nothing is kept in storage; the CSRF token lives in memory only.

let csrf = null;

const $ = (id) => document.getElementById(id);

async function api(method, path, body) {
  const headers = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (csrf && method !== 'GET') headers['X-CSRF-Token'] = csrf;
  const res = await fetch(path, {
    method, headers, credentials: 'same-origin', cache: 'no-store',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = res.status === 204 ? null : await res.json();
  if (!res.ok) {
    const err = new Error(data?.error?.message ?? `The server answered ${res.status}.`);
    err.status = res.status;
    throw err;
  }
  return data;
}

function show(section) {
  $('signin').hidden = section !== 'signin';
  $('home').hidden = section !== 'home';
}

function fail(el, err) {
  el.textContent = err.message;
  el.hidden = false;
}

async function loadHome() {
  const me = await api('GET', '/api/v1/me');
  csrf = me.csrf_token ?? csrf;
  $('who').textContent = `${me.user.name} (${me.user.role.replace('_', ' ')})`;
  const body = $('cases').querySelector('tbody');
  body.replaceChildren();
  try {
    const list = await api('GET', '/api/v1/cases?limit=50');
    for (const c of list.cases) {
      const row = document.createElement('tr');
      for (const v of [c.family_name, c.stream, c.status.replaceAll('_', ' '), c.expected_arrival ?? '']) {
        const td = document.createElement('td');
        td.textContent = v;
        row.append(td);
      }
      body.append(row);
    }
    $('home-error').hidden = true;
  } catch (err) {
    fail($('home-error'), err);
  }
  show('home');
}

$('signin-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  $('signin-error').hidden = true;
  try {
    const res = await api('POST', '/api/v1/session', {
      email: $('email').value, password: $('password').value,
    });
    csrf = res.csrf_token;
    $('password').value = '';
    await loadHome();
  } catch (err) {
    fail($('signin-error'), err);
  }
});

$('signout').addEventListener('click', async () => {
  try {
    await api('DELETE', '/api/v1/session');
  } finally {
    csrf = null;
    $('cases').querySelector('tbody').replaceChildren();
    show('signin');
  }
});

loadHome().catch(() => show('signin'));
