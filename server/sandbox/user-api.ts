import type { Contact } from '@grammyjs/types';
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { activeKeyboard, chatSlice } from './chat-view.ts';
import type { SandboxCore } from './core.ts';
import { UserApiError } from './errors.ts';
import { faultRequest } from './faults.ts';
import { commandsFor } from './methods-bot.ts';
import { serveUserFile } from './methods-files.ts';
import { smsFor } from './sms.ts';
import type { UserRecord } from './store.ts';
import { detectEntities } from './text.ts';
import { chatQuery, check, fail, messageText, smsQuery, valid } from './user-api-input.ts';
import { groupsApi, userSendsFile } from './user-groups.ts';

/** Routes under /users/:id act as that user, looked up once by a middleware. */
interface UserApiEnv {
  Variables: { user: UserRecord };
}

/**
 * The user API has no authentication and can move the app clock, so only the web chat's own page
 * (same origin) and programs (no Origin at all) may use it: a page on another site, whose
 * browser says so in Origin or Sec-Fetch-Site, is refused, as is a request addressed to a host
 * name other than a loopback name or an IP (a DNS-rebinding page names its own host).
 */
export function crossSiteRefusal(req: Request): string | null {
  const url = new URL(req.url);
  const site = req.headers.get('sec-fetch-site');
  const origin = req.headers.get('origin');
  if ((site && site !== 'same-origin' && site !== 'none') || (origin !== null && origin !== url.origin))
    return 'the sandbox user API refuses cross-site requests';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host !== 'localhost' && !/^[\d.]+$/.test(host) && !host.includes(':'))
    return 'the sandbox user API answers only at an IP address or localhost';
  return null;
}

/** A name-like field: absent, null or blank is not given; otherwise trimmed, at most `max` long. */
function optionalText(key: string, max: number) {
  const error = `${key} must be a string of at most ${max} characters`;
  return z
    .string({ error })
    .trim()
    .max(max, error)
    .nullish()
    .transform((text) => text || undefined);
}

const USERNAME = 'username must be 5–32 letters, digits or _, starting with a letter';
const LANGUAGE = 'language_code must be an IETF language tag such as ru, kk or en';
const USER_ID = 'id must be a positive integer';

const newUser = z.object({
  first_name: optionalText('first_name', 64).pipe(z.string({ error: 'first_name is required' })),
  last_name: optionalText('last_name', 64),
  username: optionalText('username', 32).refine(
    (name) => name === undefined || /^[A-Za-z][A-Za-z0-9_]{4,31}$/.test(name),
    USERNAME,
  ),
  language_code: optionalText('language_code', 35).refine(
    (tag) => tag === undefined || /^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(tag),
    LANGUAGE,
  ),
  phone_number: optionalText('phone_number', 32),
  id: z.int({ error: USER_ID }).positive(USER_ID).optional(),
});

/** The id in /users/:id; one that is not a number names no user (404, as an unknown one). */
const userPath = z.object({
  id: z
    .string()
    .refine((text) => Number.isSafeInteger(Number(text)), {
      error: (issue) => `no sandbox user ${issue.input}`,
    })
    .transform(Number),
});

/** What a user sends: exactly one kind of message, each checked by its own schema below. */
const newMessage = z
  .object({ text: z.unknown().optional(), contact: z.unknown().optional(), location: z.unknown().optional() })
  .refine(
    (body) => [body.text, body.contact, body.location].filter((kind) => kind !== undefined).length === 1,
    'send exactly one of text, contact or location',
  );

const CONTACT_PHONE = 'contact.phone_number is required';
const CONTACT_USER = 'contact.user_id must be an integer or null';
/** A contact's name is used only when it is a non-blank string; anything else is ignored. */
const contactName = z
  .unknown()
  .transform((name) => (typeof name === 'string' && name.trim()) || undefined)
  .optional();
const sharedContact = z.object(
  {
    phone_number: z.string({ error: CONTACT_PHONE }).trim().min(1, CONTACT_PHONE),
    user_id: z.int({ error: CONTACT_USER }).nullish(),
    first_name: contactName,
    last_name: contactName,
  },
  { error: 'contact must be an object' },
);

const LOCATION = 'location must have latitude (−90…90) and longitude (−180…180)';
/** Coordinates may come as numbers or numeric strings, as they always could. */
const sharedLocation = z.object(
  {
    latitude: z.coerce.number({ error: LOCATION }).min(-90, LOCATION).max(90, LOCATION),
    longitude: z.coerce.number({ error: LOCATION }).min(-180, LOCATION).max(180, LOCATION),
  },
  { error: LOCATION },
);

const callbackPress = z.object({
  message_id: z.int({ error: 'message_id must be an integer' }),
  data: z.string({ error: 'data must be a string' }),
});

const ADVANCE = 'advance_minutes must be a number ≥ 0 (the clock only moves forward)';
const clockAdvance = z.object({ advance_minutes: z.number({ error: ADVANCE }).min(0, ADVANCE) });

const phone = z
  .string()
  .optional()
  .refine((text) => /\d{11,15}/.test((text ?? '').replace(/\D/g, '')), 'phone must be a phone number');

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
function contactFrom(core: SandboxCore, user: UserRecord, given: z.output<typeof sharedContact>): Contact {
  const phone = given.phone_number;
  const digits = (text: string | undefined) => text?.replace(/\D/g, '');
  let id: number | undefined;
  if (given.user_id === null) id = undefined;
  else if (given.user_id === undefined || given.user_id === user.id)
    id = digits(phone) === digits(user.phone_number) ? user.id : core.userByPhone(phone)?.id;
  else id = given.user_id;
  // Telegram always names a contact: as given, else as the sandbox knows that person, else "Contact".
  const person = id === undefined ? undefined : core.store.users.get(id);
  const contact: Contact = {
    phone_number: phone,
    first_name: given.first_name ?? person?.first_name ?? 'Contact',
  };
  const lastName = given.first_name ? given.last_name : person?.last_name;
  if (lastName) contact.last_name = lastName;
  if (id !== undefined) contact.user_id = id;
  return contact;
}

/**
 * The user side: simulated people, their chats, the clock and faults, as a Hono router the
 * sandbox mounts at /sandbox/api. Failures answer `{ ok: false, error }` with their status.
 */
export function userApi(core: SandboxCore): Hono<UserApiEnv> {
  const api = new Hono<UserApiEnv>();
  const clockNow = (c: Context) =>
    c.json({ ok: true, now: core.clock.now().toISOString(), offset_minutes: core.clock.offsetMs / 60_000 });
  const faultsNow = (c: Context) => c.json({ ok: true, pending: core.faults.pending() });

  // The whole API, before anything else is read.
  api.use(async (c, next) => {
    const refusal = crossSiteRefusal(c.req.raw);
    if (refusal) throw fail(403, refusal);
    await next();
  });

  api.get('/users', (c) => c.json({ ok: true, users: [...core.store.users.values()].map(publicUser) }));
  api.post('/users', valid('json', newUser), (c) => {
    const init = c.req.valid('json');
    const { username } = init;
    if (
      username &&
      [...core.store.users.values()].some((u) => u.username?.toLowerCase() === username.toLowerCase())
    )
      throw fail(409, `username ${username} is taken`);
    const user = core.createUser(init);
    return c.json({ ok: true, id: user.id, user: publicUser(user) });
  });

  // `/users/:id/*` also matches `/users/:id`: an unknown user is a 404 whatever follows.
  api.use('/users/:id/*', async (c, next) => {
    const { id } = check(userPath, c.req.param(), 404);
    c.set('user', core.requireUser(id));
    await next();
  });
  api.get('/users/:id', (c) => c.json({ ok: true, user: publicUser(c.var.user) }));
  api.post('/users/:id/messages', valid('json', newMessage), (c) => {
    const body = c.req.valid('json');
    const { user } = c.var;
    let stored: ReturnType<SandboxCore['userSends']>;
    if (body.text !== undefined) {
      const text = check(messageText, body.text);
      const entities = detectEntities(text);
      stored = core.userSends(user, { text, ...(entities.length ? { entities } : {}) });
    } else if (body.contact !== undefined) {
      stored = core.userSends(user, { contact: contactFrom(core, user, check(sharedContact, body.contact)) });
    } else {
      stored = core.userSends(user, { location: check(sharedLocation, body.location) });
    }
    return c.json({ ok: true, message_id: stored.message.message_id });
  });
  api.post('/users/:id/files', async (c) => {
    const stored = await userSendsFile(core, c.var.user, c.req.raw);
    return c.json({ ok: true, message_id: stored.message.message_id });
  });
  api.post('/users/:id/callbacks', valid('json', callbackPress), async (c) => {
    const { message_id, data } = c.req.valid('json');
    const result = await core.pressButton(c.var.user, message_id, data, c.req.raw.signal);
    return c.json({ ok: true, ...result });
  });
  api.get('/users/:id/chat', valid('query', chatQuery), async (c) =>
    c.json(await chatView(core, c.var.user, c.req.valid('query'), c.req.raw.signal)),
  );
  api.get('/users/:id/sms', valid('query', smsQuery), async (c) => {
    const { after, wait } = c.req.valid('query');
    const own = check(phone, c.var.user.phone_number);
    return c.json({ ok: true, messages: await smsFor(core, own ?? '', after, wait, c.req.raw.signal) });
  });
  for (const action of ['block', 'unblock'] as const)
    api.post(`/users/:id/${action}`, (c) => {
      core.setBlocked(c.var.user, action === 'block');
      return c.json({ ok: true, blocked: c.var.user.blocked });
    });
  api.get('/users/:id/commands', (c) => c.json({ ok: true, commands: commandsFor(core, c.var.user) }));

  api.route('/groups', groupsApi(core));

  api.get('/clock', clockNow);
  api.post('/clock', valid('json', clockAdvance), (c) => {
    core.clock.advance(c.req.valid('json').advance_minutes * 60_000);
    return clockNow(c);
  });

  api.get('/faults', faultsNow);
  api.post('/faults', valid('json', faultRequest), (c) => {
    core.faults.add(c.req.valid('json'));
    return faultsNow(c);
  });
  api.delete('/faults', (c) => {
    core.faults.clear();
    return faultsNow(c);
  });

  api.get('/sms', valid('query', smsQuery.extend({ phone })), async (c) => {
    const { phone: number, after, wait } = c.req.valid('query');
    return c.json({ ok: true, messages: await smsFor(core, number ?? '', after, wait, c.req.raw.signal) });
  });
  // `/files/<key>/<name>`: the name is only for the browser; the key finds the file.
  api.get('/files/:key/*', (c) => serveUserFile(core, c.req.param('key')));
  api.get('/stats', (c) => c.json({ ok: true, ...core.stats }));
  api.get('/bot', (c) =>
    c.json({
      ok: true,
      bot: { id: core.bot.id, first_name: core.bot.first_name, username: core.bot.username },
      ...core.updates.status(),
    }),
  );

  // Last: what nothing above answered (a mounted router's notFound is never called in Hono).
  api.all('*', (c) => {
    throw fail(404, `no such sandbox API: ${c.req.method} ${c.req.path}`);
  });
  api.onError((error, c) => {
    if (error instanceof UserApiError)
      return c.json({ ok: false, error: error.message }, error.status as ContentfulStatusCode);
    throw error;
  });
  return api;
}

/** The chat as the user sees it, long-polled: waits up to `wait` s for something newer. */
async function chatView(
  core: SandboxCore,
  user: UserRecord,
  query: z.output<typeof chatQuery>,
  signal: AbortSignal,
) {
  const { after, wait, edits_after } = query;
  const since = edits_after ?? core.store.chats.get(user.id)?.seq ?? 0;
  const deadline = performance.now() + wait * 1000;
  let messages = chatSlice(core, core.store.chats.get(user.id), after, since);
  while (!messages.length && !signal.aborted && !core.chatChanges.closed) {
    const left = deadline - performance.now();
    if (left <= 0) break;
    await core.chatChanges.wait(user.id, left, signal);
    messages = chatSlice(core, core.store.chats.get(user.id), after, since);
  }
  const chat = core.store.chats.get(user.id);
  return {
    ok: true,
    messages,
    edit_seq: chat?.seq ?? 0,
    reply_keyboard: chat ? activeKeyboard(core, chat) : null,
    blocked: user.blocked,
  };
}
