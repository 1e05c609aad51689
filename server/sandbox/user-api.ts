import type { Contact } from '@grammyjs/types';
import { json } from './bot-api.ts';
import { activeKeyboard, chatSlice } from './chat-view.ts';
import type { SandboxCore } from './core.ts';
import { UserApiError } from './errors.ts';
import { parseFaultRequest } from './faults.ts';
import { commandsFor } from './methods-bot.ts';
import { serveUserFile } from './methods-files.ts';
import { smsFor } from './sms.ts';
import type { UserRecord } from './store.ts';
import { detectEntities, MAX_TEXT } from './text.ts';

const MAX_WAIT_SECONDS = 60;
const MAX_JSON = 1024 * 1024;

const fail = (status: number, message: string) => new UserApiError(status, message);

async function readJson(req: Request): Promise<Record<string, unknown>> {
  const text = await req.text();
  if (text.length > MAX_JSON) throw fail(413, 'request body too large');
  if (!text.trim()) return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw fail(400, 'request body must be JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw fail(400, 'request body must be a JSON object');
  return body as Record<string, unknown>;
}

function optionalString(body: Record<string, unknown>, key: string, max: number): string | undefined {
  const value = body[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || value.trim().length > max)
    throw fail(400, `${key} must be a string of at most ${max} characters`);
  return value.trim() || undefined;
}

function readNewUser(core: SandboxCore, body: Record<string, unknown>) {
  const first_name = optionalString(body, 'first_name', 64);
  if (!first_name) throw fail(400, 'first_name is required');
  const last_name = optionalString(body, 'last_name', 64);
  const username = optionalString(body, 'username', 32);
  if (username !== undefined && !/^[A-Za-z][A-Za-z0-9_]{4,31}$/.test(username))
    throw fail(400, 'username must be 5–32 letters, digits or _, starting with a letter');
  if (
    username &&
    [...core.store.users.values()].some((u) => u.username?.toLowerCase() === username.toLowerCase())
  )
    throw fail(409, `username ${username} is taken`);
  const language_code = optionalString(body, 'language_code', 35);
  if (language_code !== undefined && !/^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(language_code))
    throw fail(400, 'language_code must be an IETF language tag such as ru, kk or en');
  const phone_number = optionalString(body, 'phone_number', 32);
  const id = body.id;
  if (id !== undefined && (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0))
    throw fail(400, 'id must be a positive integer');
  return { first_name, last_name, username, language_code, phone_number, id: id as number | undefined };
}

function publicUser(user: UserRecord) {
  const { started: _, ...rest } = user;
  return rest;
}

/**
 * A contact as Telegram delivers it. "Share my contact" (user_id omitted or the sender's own id)
 * carries the sender's own phone, and only then is `user_id` the sender: Telegram never lets one
 * present another number as one's own, so a different number arrives as a contact card, with the
 * user_id of whoever has that number on Telegram (if anyone). Another id names someone else;
 * null is someone without Telegram.
 */
function readContact(core: SandboxCore, user: UserRecord, value: unknown): Contact {
  if (typeof value !== 'object' || value === null) throw fail(400, 'contact must be an object');
  const c = value as Record<string, unknown>;
  if (typeof c.phone_number !== 'string' || !c.phone_number.trim())
    throw fail(400, 'contact.phone_number is required');
  if (
    c.user_id !== undefined &&
    c.user_id !== null &&
    (typeof c.user_id !== 'number' || !Number.isSafeInteger(c.user_id))
  )
    throw fail(400, 'contact.user_id must be an integer or null');
  const phone = c.phone_number.trim();
  const digits = (text: string | undefined) => text?.replace(/\D/g, '');
  let id: number | undefined;
  if (c.user_id === null) id = undefined;
  else if (c.user_id === undefined || c.user_id === user.id)
    id = digits(phone) === digits(user.phone_number) ? user.id : core.userByPhone(phone)?.id;
  else id = c.user_id as number;
  // Telegram always names a contact: as given, else as the sandbox knows that person, else "Contact".
  const person = id === undefined ? undefined : core.store.users.get(id);
  const given = typeof c.first_name === 'string' && c.first_name.trim() ? c.first_name.trim() : undefined;
  const last = typeof c.last_name === 'string' && c.last_name.trim() ? c.last_name.trim() : undefined;
  const contact: Contact = { phone_number: phone, first_name: given ?? person?.first_name ?? 'Contact' };
  const lastName = given ? last : person?.last_name;
  if (lastName) contact.last_name = lastName;
  if (id !== undefined) contact.user_id = id;
  return contact;
}

function readNumber(value: string | null, name: string, min: number, max: number, integer: boolean) {
  if (value === null || value === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n)))
    throw fail(400, `${name} must be a number from ${min} to ${max}`);
  return n;
}

/** The user side: simulated people, their chats, the clock and faults (`/sandbox/api/...`). */
export async function handleUserApi(core: SandboxCore, req: Request, path: string): Promise<Response> {
  const url = new URL(req.url);
  const route = path.split('/').filter(Boolean);
  const method = req.method;
  const [head, idText, action] = route;

  if (head === 'users' && route.length === 1) {
    if (method === 'GET')
      return json(200, { ok: true, users: [...core.store.users.values()].map(publicUser) });
    if (method === 'POST') {
      const user = core.createUser(readNewUser(core, await readJson(req)));
      return json(200, { ok: true, id: user.id, user: publicUser(user) });
    }
  }
  if (head === 'users' && route.length >= 2) {
    const id = Number(idText);
    if (!Number.isSafeInteger(id)) throw fail(404, `no sandbox user ${idText}`);
    const user = core.requireUser(id);
    if (route.length === 2 && method === 'GET') return json(200, { ok: true, user: publicUser(user) });
    if (action === 'messages' && method === 'POST') return postMessage(core, user, await readJson(req));
    if (action === 'callbacks' && method === 'POST') {
      const body = await readJson(req);
      if (typeof body.message_id !== 'number' || !Number.isInteger(body.message_id))
        throw fail(400, 'message_id must be an integer');
      if (typeof body.data !== 'string') throw fail(400, 'data must be a string');
      const result = await core.pressButton(user, body.message_id, body.data, req.signal);
      return json(200, { ok: true, ...result });
    }
    if (action === 'chat' && method === 'GET') return getChat(core, user, url, req.signal);
    if (action === 'sms' && method === 'GET') return getSms(core, user.phone_number ?? '', url, req.signal);
    if ((action === 'block' || action === 'unblock') && method === 'POST') {
      core.setBlocked(user, action === 'block');
      return json(200, { ok: true, blocked: user.blocked });
    }
    if (action === 'commands' && method === 'GET')
      return json(200, { ok: true, commands: commandsFor(core, user) });
  }
  if (head === 'clock' && route.length === 1) {
    if (method === 'POST') {
      const minutes = (await readJson(req)).advance_minutes;
      if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes < 0)
        throw fail(400, 'advance_minutes must be a number ≥ 0 (the clock only moves forward)');
      core.clock.advance(minutes * 60_000);
    }
    if (method === 'POST' || method === 'GET')
      return json(200, {
        ok: true,
        now: core.clock.now().toISOString(),
        offset_minutes: core.clock.offsetMs / 60_000,
      });
  }
  if (head === 'faults' && route.length === 1) {
    if (method === 'POST') {
      const request = parseFaultRequest(await readJson(req));
      if (typeof request === 'string') throw fail(400, request);
      core.faults.add(request);
    }
    if (method === 'DELETE') core.faults.clear();
    if (method === 'POST' || method === 'DELETE' || method === 'GET')
      return json(200, { ok: true, pending: core.faults.pending() });
  }
  if (head === 'sms' && route.length === 1 && method === 'GET')
    return getSms(core, url.searchParams.get('phone') ?? '', url, req.signal);
  if (head === 'files' && idText && method === 'GET') return serveUserFile(core, idText);
  if (head === 'stats' && route.length === 1 && method === 'GET')
    return json(200, { ok: true, ...core.stats });
  if (head === 'bot' && route.length === 1 && method === 'GET')
    return json(200, {
      ok: true,
      bot: { id: core.bot.id, first_name: core.bot.first_name, username: core.bot.username },
      ...core.updates.status(),
    });
  throw fail(404, `no such sandbox API: ${method} /sandbox/api/${route.join('/')}`);
}

function postMessage(core: SandboxCore, user: UserRecord, body: Record<string, unknown>): Response {
  const kinds = ['text', 'contact', 'location'].filter((k) => body[k] !== undefined);
  if (kinds.length !== 1) throw fail(400, 'send exactly one of text, contact or location');
  if (body.text !== undefined) {
    if (typeof body.text !== 'string' || !body.text.trim())
      throw fail(400, 'text must be a non-empty string');
    const text = body.text.trim();
    if ([...text].length > MAX_TEXT) throw fail(400, `text is longer than ${MAX_TEXT} characters`);
    const entities = detectEntities(text);
    const stored = core.userSends(user, { text, ...(entities.length ? { entities } : {}) });
    return json(200, { ok: true, message_id: stored.message.message_id });
  }
  if (body.contact !== undefined) {
    const stored = core.userSends(user, { contact: readContact(core, user, body.contact) });
    return json(200, { ok: true, message_id: stored.message.message_id });
  }
  const location = body.location as { latitude?: unknown; longitude?: unknown } | null;
  const latitude = Number(location?.latitude);
  const longitude = Number(location?.longitude);
  if (
    !Number.isFinite(latitude) ||
    !Number.isFinite(longitude) ||
    Math.abs(latitude) > 90 ||
    Math.abs(longitude) > 180
  )
    throw fail(400, 'location must have latitude (−90…90) and longitude (−180…180)');
  const stored = core.userSends(user, { location: { latitude, longitude } });
  return json(200, { ok: true, message_id: stored.message.message_id });
}

/** The SMS a phone received (the SMS stand-in's inbox), long-polled like the chat. */
async function getSms(core: SandboxCore, phone: string, url: URL, signal: AbortSignal): Promise<Response> {
  if (!/\d{11,15}/.test(phone.replace(/\D/g, ''))) throw fail(400, 'phone must be a phone number');
  const after = readNumber(url.searchParams.get('after'), 'after', 0, Number.MAX_SAFE_INTEGER, true) ?? 0;
  const wait = readNumber(url.searchParams.get('wait'), 'wait', 0, MAX_WAIT_SECONDS, false) ?? 0;
  return json(200, { ok: true, messages: await smsFor(core, phone, after, wait, signal) });
}

async function getChat(
  core: SandboxCore,
  user: UserRecord,
  url: URL,
  signal: AbortSignal,
): Promise<Response> {
  const after = readNumber(url.searchParams.get('after'), 'after', 0, Number.MAX_SAFE_INTEGER, true) ?? 0;
  const wait = readNumber(url.searchParams.get('wait'), 'wait', 0, MAX_WAIT_SECONDS, false) ?? 0;
  const editsAfter = readNumber(
    url.searchParams.get('edits_after'),
    'edits_after',
    0,
    Number.MAX_SAFE_INTEGER,
    true,
  );
  const since = editsAfter ?? core.store.chats.get(user.id)?.seq ?? 0;
  const deadline = performance.now() + wait * 1000;
  let messages = chatSlice(core, core.store.chats.get(user.id), after, since);
  while (!messages.length && !signal.aborted && !core.chatChanges.closed) {
    const left = deadline - performance.now();
    if (left <= 0) break;
    await core.chatChanges.wait(user.id, left, signal);
    messages = chatSlice(core, core.store.chats.get(user.id), after, since);
  }
  const chat = core.store.chats.get(user.id);
  return json(200, {
    ok: true,
    messages,
    edit_seq: chat?.seq ?? 0,
    reply_keyboard: chat ? activeKeyboard(core, chat) : null,
    blocked: user.blocked,
  });
}
