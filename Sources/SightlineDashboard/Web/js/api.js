// The one way the dashboard talks to the server: the /v1 API with the session's bearer token.
// The token lives in sessionStorage, so it ends with the tab and is never put in a URL.

const KEY = 'sightline.session';

export const session = {
  get() { try { return JSON.parse(sessionStorage.getItem(KEY)); } catch { return null; } },
  set(value) { sessionStorage.setItem(KEY, JSON.stringify(value)); },
  clear() { sessionStorage.removeItem(KEY); },
};

/** An error as the API documents it: a code, a message, and the field or record at fault. */
export class ApiError extends Error {
  constructor(status, error) {
    super(error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = error?.code;
    this.field = error?.field;
    this.record = error?.record;
  }
  describe() {
    const where = [this.field && `field ${this.field}`, this.record != null && `record ${this.record}`].filter(Boolean);
    return where.length ? `${this.message} (${where.join(', ')})` : this.message;
  }
}

function headers(json) {
  const h = {};
  const token = session.get()?.token;
  if (token) h.Authorization = `Bearer ${token}`;
  if (json) h['Content-Type'] = 'application/json';
  return h;
}

/** Calls the API; resolves to the decoded JSON body (or null), rejects with ApiError. */
export async function api(method, path, body) {
  const response = await fetch(`/v1${path}`, {
    method, headers: headers(body !== undefined), body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401 && session.get()) {
    session.clear();
    window.dispatchEvent(new CustomEvent('sightline:expired'));
  }
  const text = await response.text();
  const value = text ? (response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) : null;
  if (!response.ok) throw new ApiError(response.status, value?.error);
  return value;
}

/** Server-Sent Events read with fetch, so the token goes in a header; calls onEvent({id, data}). */
export async function stream(path, onEvent, signal) {
  const response = await fetch(`/v1${path}`, { headers: headers(false), signal });
  if (!response.ok) {
    const text = await response.text();
    throw new ApiError(response.status, text ? JSON.parse(text).error : null);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = { id: null, event: 'message', data: '' };
      for (const line of block.split('\n')) {
        const colon = line.indexOf(':');
        if (colon === 0) continue;
        const field = colon < 0 ? line : line.slice(0, colon);
        const data = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id') event.id = data;
        else if (field === 'event') event.event = data;
        else if (field === 'data') event.data += (event.data ? '\n' : '') + data;
      }
      if (event.data) onEvent(event);
    }
  }
}

/** Sends a file as the body (hot-list imports), with the session's token. */
export async function upload(method, path, text) {
  const response = await fetch(`/v1${path}`, { method, headers: { ...headers(false), 'Content-Type': 'text/plain; charset=utf-8' }, body: text });
  const value = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, value?.error);
  return value;
}
