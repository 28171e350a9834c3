import { Window } from 'happy-dom';

/**
 * Just enough of a browser for scripted logins over real HTTP: a cookie jar (per host name and
 * path, like browsers: cookies ignore ports), manual redirects, and posting the HTML forms of
 * server-rendered pages. No JavaScript runs.
 */

interface Cookie {
  name: string;
  value: string;
  path: string;
}

export class Browser {
  readonly #jar = new Map<string, Cookie[]>();

  /** One request, no redirect followed; cookies sent and stored. */
  async request(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const headers = new Headers(init.headers);
    const cookie = this.cookieHeader(target);
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(target, { ...init, headers, redirect: 'manual' });
    this.#store(target, response.headers.getSetCookie());
    return response;
  }

  /** The Cookie header this browser would send to `url`. */
  cookieHeader(url: URL): string {
    return (this.#jar.get(url.hostname) ?? [])
      .filter((c) => url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  cookies(hostname: string): Cookie[] {
    return [...(this.#jar.get(hostname) ?? [])];
  }

  clearCookies(): void {
    this.#jar.clear();
  }

  #store(url: URL, setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = url.pathname.replace(/\/[^/]*$/, '') || '/';
      let expired = false;
      for (const attribute of attributes) {
        const [key = '', val = ''] = attribute.split('=');
        if (key.toLowerCase() === 'path') path = val || '/';
        if (key.toLowerCase() === 'max-age' && Number(val) <= 0) expired = true;
        if (key.toLowerCase() === 'expires' && Date.parse(val) <= Date.now()) expired = true;
      }
      const list = (this.#jar.get(url.hostname) ?? []).filter((c) => !(c.name === name && c.path === path));
      if (!expired) list.push({ name, value, path });
      this.#jar.set(url.hostname, list);
    }
  }
}

export interface FormSubmission {
  action: URL;
  body: URLSearchParams;
}

/**
 * The submission a person would make on this page: the first POST form (or the one whose text
 * mentions `prefer`), login/password filled in, checkboxes ticked, the first submit button pressed.
 */
export function formSubmission(
  html: string,
  pageUrl: URL,
  fill: { login?: string; password?: string; prefer?: string } = {},
): FormSubmission | undefined {
  const window = new Window({ url: pageUrl.href });
  try {
    const document = new window.DOMParser().parseFromString(html, 'text/html');
    const forms = [...document.querySelectorAll('form')].filter((f) => (f.getAttribute('method') ?? 'get').toLowerCase() === 'post');
    const form = (fill.prefer && forms.find((f) => f.textContent.includes(fill.prefer ?? ''))) || forms[0];
    if (!form) return undefined;
    const body = new URLSearchParams();
    const radiosDone = new Set<string>();
    for (const field of form.querySelectorAll('input, select, textarea')) {
      const name = field.getAttribute('name');
      if (!name || field.hasAttribute('disabled')) continue;
      const tag = field.tagName.toLowerCase();
      const type = (field.getAttribute('type') ?? 'text').toLowerCase();
      if (tag === 'select') {
        const option = field.querySelector('option[selected]') ?? field.querySelector('option');
        if (option) body.append(name, option.getAttribute('value') ?? option.textContent);
        continue;
      }
      if (type === 'submit' || type === 'button' || type === 'image' || type === 'reset') continue;
      if (type === 'checkbox') {
        body.append(name, field.getAttribute('value') ?? 'on');
        continue;
      }
      if (type === 'radio') {
        if (radiosDone.has(name)) continue;
        const checked = form.querySelector(`input[type="radio"][name="${name}"][checked]`) ?? field;
        body.append(name, checked.getAttribute('value') ?? 'on');
        radiosDone.add(name);
        continue;
      }
      if (name === 'login' && fill.login !== undefined) body.append(name, fill.login);
      else if (name === 'password' && fill.password !== undefined) body.append(name, fill.password);
      else body.append(name, tag === 'textarea' ? field.textContent : (field.getAttribute('value') ?? ''));
    }
    const buttons = [...form.querySelectorAll('button, input[type="submit"]')].filter((b) => {
      const type = (b.getAttribute('type') ?? 'submit').toLowerCase();
      return type === 'submit';
    });
    const button = (fill.prefer && buttons.find((b) => (b.textContent || b.getAttribute('value') || '').includes(fill.prefer ?? ''))) || buttons[0];
    const buttonName = button?.getAttribute('name');
    if (button && buttonName) body.append(buttonName, button.getAttribute('value') ?? '');
    const action = new URL(form.getAttribute('action') ?? pageUrl.href, pageUrl);
    return { action, body };
  } finally {
    void window.happyDOM.close();
  }
}

/** The href of the first link whose text contains `text`, resolved against the page URL. */
export function linkHref(html: string, pageUrl: URL, text: string): URL | undefined {
  const window = new Window({ url: pageUrl.href });
  try {
    const document = new window.DOMParser().parseFromString(html, 'text/html');
    const link = [...document.querySelectorAll('a[href]')].find((a) => a.textContent.includes(text));
    return link ? new URL(link.getAttribute('href') ?? '', pageUrl) : undefined;
  } finally {
    void window.happyDOM.close();
  }
}
