// Image reports without leaving the page: the report forms under images are
// sent with fetch (Accept: application/json) and the answer is shown next
// to the image; a blocked image turns into the placeholder at once. Without
// this script the same forms post normally and answer a small page.
// Loaded from our own origin (the CSP allows no inline script).
(() => {
  const TOKEN_URL = '/api/v1/images/report-token';
  const FAILED = {
    fr: 'Le signalement n’a pas pu être envoyé. Réessayez plus tard.',
    ar: 'تعذر إرسال البلاغ. أعد المحاولة لاحقا.',
  };

  function show(form, text, ok) {
    let out = form.querySelector('.report-message');
    if (!out) {
      out = document.createElement('p');
      out.className = 'report-message';
      out.setAttribute('role', 'status');
      form.append(out);
    }
    out.textContent = text;
    out.dataset.outcome = ok ? 'ok' : 'error';
  }

  function send(form) {
    const body = new URLSearchParams(new FormData(form));
    return fetch(form.action, {
      method: 'POST',
      body,
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'X-CSRF-Token': body.get('csrf_token') || '' },
    });
  }

  async function answer(res) {
    try {
      return await res.json();
    } catch {
      return null;
    }
  }

  // A page kept open for hours carries an expired token: ask for the current one once.
  async function refreshToken() {
    const res = await fetch(TOKEN_URL, { credentials: 'same-origin', cache: 'no-store' });
    const data = res.ok ? await answer(res) : null;
    if (!data || typeof data.token !== 'string') return false;
    document.querySelector('meta[name="csrf-token"]')?.setAttribute('content', data.token);
    for (const input of document.querySelectorAll('form.report-image input[name="csrf_token"]')) {
      input.value = data.token;
    }
    return true;
  }

  function showBlocked(id) {
    // A new element without the resized copies: a srcset would win over the
    // new src, and Chromium keeps the old copy's density for the new picture
    // on the same element, or on a clone of it (a 160-pixel placeholder shown 112 wide).
    for (const img of document.querySelectorAll(`img[src^="/img/${id}?w="]`)) {
      const placeholder = document.createElement('img');
      for (const { name, value } of img.attributes) {
        if (name !== 'srcset' && name !== 'sizes' && name !== 'src') placeholder.setAttribute(name, value);
      }
      placeholder.src = `/img/${id}?blocked`;
      img.replaceWith(placeholder);
    }
  }

  document.addEventListener('submit', async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.classList.contains('report-image')) return;
    event.preventDefault();
    const button = form.querySelector('button');
    if (button) button.disabled = true;
    const lang = document.documentElement.lang === 'ar' ? 'ar' : 'fr';
    try {
      let res = await send(form);
      let data = await answer(res);
      if (res.status === 403 && data?.error === 'csrf' && (await refreshToken())) {
        res = await send(form);
        data = await answer(res);
      }
      show(form, data?.message || FAILED[lang], res.ok);
      if (res.ok) {
        form.dataset.reported = 'true';
        const id = /\/images\/(\d+)\/report$/.exec(new URL(form.action).pathname)?.[1];
        if (id && data?.blocked) showBlocked(id);
      } else if (button) {
        button.disabled = false;
      }
    } catch {
      show(form, FAILED[lang], false);
      if (button) button.disabled = false;
    }
  });
})();
