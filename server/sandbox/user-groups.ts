import type { MessageEntity } from '@grammyjs/types';
import { Hono } from 'hono';
import { z } from 'zod';
import { chatSlice } from './chat-view.ts';
import type { SandboxCore } from './core.ts';
import { BotApiError } from './errors.ts';
import { createGroup, type MemberContent, memberSends, setMember } from './groups.ts';
import { documentOf, photoOf, storeFile } from './methods-files.ts';
import { removeUploads, type UploadedFile } from './multipart.ts';
import { readParams, uploadsIn } from './params.ts';
import type { GroupRecord, StoredMessage, UserRecord } from './store.ts';
import { detectEntities } from './text.ts';
import { chatQuery, check, fail, messageText, valid } from './user-api-input.ts';

interface GroupsEnv {
  Variables: { group: GroupRecord };
}

const MAX_CAPTION = 1024;
const ID = (name: string) => z.int({ error: `${name} must be an integer` });

const newGroup = z.object({
  title: z
    .string({ error: 'title is required' })
    .trim()
    .min(1, 'title is required')
    .max(128, 'title must be at most 128 characters'),
  owner_id: ID('owner_id'),
  type: z.enum(['group', 'supergroup'], { error: 'type must be group or supergroup' }).default('supergroup'),
  is_forum: z.boolean({ error: 'is_forum must be true or false' }).default(false),
});

const memberChange = z.object({
  user_id: ID('user_id'),
  status: z
    .enum(['member', 'administrator', 'left', 'kicked'], {
      error: 'status must be member, administrator, left or kicked',
    })
    .default('member'),
  can_manage_topics: z.boolean({ error: 'can_manage_topics must be true or false' }).optional(),
});

const groupMessage = z.object({
  from: ID('from'),
  text: messageText,
  message_thread_id: ID('message_thread_id').optional(),
  reply_to_message_id: ID('reply_to_message_id').optional(),
});

const groupChatQuery = chatQuery.extend({
  thread: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(0).optional()),
});

export function publicGroup(core: SandboxCore, group: GroupRecord) {
  return {
    id: group.id,
    type: group.type,
    title: group.title,
    is_forum: group.is_forum,
    members: group.members.map((m) => ({
      ...m,
      name:
        m.user_id === core.bot.id ? core.bot.first_name : (core.store.users.get(m.user_id)?.first_name ?? ''),
      is_bot: m.user_id === core.bot.id,
    })),
    topics: group.topics,
  };
}

/** A photo or document a person uploads: multipart `photo` or `document`, and `caption`. */
async function readUpload(core: SandboxCore, req: Request) {
  if (!(req.headers.get('content-type') ?? '').toLowerCase().includes('multipart/form-data'))
    throw fail(400, 'send the file as multipart/form-data (photo or document, and caption)');
  let params: Record<string, unknown>;
  try {
    params = await readParams(req, core.store.uploadDir);
  } catch (error) {
    if (error instanceof BotApiError) throw fail(error.code, error.message.replace(/^Bad Request: /, ''));
    throw error;
  }
  return params;
}

/**
 * Keeps an uploaded photo or document as Telegram would (a file_id the bot can getFile and
 * download) and returns the message content with it; the caller removes what was not kept.
 */
function fileContent(core: SandboxCore, params: Record<string, unknown>) {
  const photo = params.photo as UploadedFile | undefined;
  const document = params.document as UploadedFile | undefined;
  const given = [photo, document].filter((f) => typeof f === 'object' && f?.kind === 'upload');
  if (given.length !== 1) throw fail(400, 'send exactly one file, as photo or document');
  const caption = typeof params.caption === 'string' ? params.caption.trim() : '';
  if ([...caption].length > MAX_CAPTION) throw fail(400, `caption is longer than ${MAX_CAPTION} characters`);
  let record: ReturnType<typeof storeFile>;
  try {
    record = photo
      ? storeFile(core, 'photo', photo.name, photo, photo.type)
      : storeFile(core, 'document', document!.name, document!, document!.type);
  } catch (error) {
    if (error instanceof BotApiError) throw fail(400, `the file was refused: ${error.message}`);
    throw error;
  }
  const entities: MessageEntity[] = caption ? detectEntities(caption) : [];
  const content = {
    ...(photo ? { photo: photoOf(record) } : { document: documentOf(record) }),
    ...(caption ? { caption } : {}),
    ...(entities.length ? { caption_entities: entities } : {}),
  };
  return { content, fileKey: record.key };
}

/** `POST /users/:id/files`: the user sends the bot a photo or a document (multipart upload). */
export async function userSendsFile(
  core: SandboxCore,
  user: UserRecord,
  req: Request,
): Promise<StoredMessage> {
  const params = await readUpload(core, req);
  try {
    const { content, fileKey } = fileContent(core, params);
    return core.userSends(user, content, fileKey);
  } finally {
    removeUploads(uploadsIn(params));
  }
}

/**
 * Groups and supergroups (forums with topics) on the user side: create one, change who is in it
 * (the bot included, by its id), write in it as a member, read it. Mounted at /sandbox/api/groups.
 */
export function groupsApi(core: SandboxCore): Hono<GroupsEnv> {
  const api = new Hono<GroupsEnv>();
  const member = (id: number) => {
    const user = core.store.users.get(id);
    if (!user) throw fail(404, `no sandbox user ${id}`);
    return user;
  };

  api.get('/', (c) =>
    c.json({ ok: true, groups: [...core.store.groups.values()].map((g) => publicGroup(core, g)) }),
  );
  api.post('/', valid('json', newGroup), (c) => {
    const init = c.req.valid('json');
    const group = createGroup(core, { ...init, owner: member(init.owner_id) });
    return c.json({ ok: true, id: group.id, group: publicGroup(core, group) });
  });

  api.use('/:gid/*', async (c, next) => {
    const group = core.store.groups.get(Number(c.req.param('gid')));
    if (!group) throw fail(404, `no sandbox group ${c.req.param('gid')}`);
    c.set('group', group);
    await next();
  });
  api.get('/:gid', (c) => c.json({ ok: true, group: publicGroup(core, c.var.group) }));
  api.post('/:gid/members', valid('json', memberChange), (c) => {
    const { user_id, status, can_manage_topics } = c.req.valid('json');
    if (user_id !== core.bot.id) member(user_id);
    const record = setMember(core, c.var.group, user_id, {
      status,
      ...(can_manage_topics !== undefined ? { can_manage_topics } : {}),
    });
    return c.json({ ok: true, member: record });
  });
  api.post('/:gid/messages', valid('json', groupMessage), (c) => {
    const { from, text, message_thread_id, reply_to_message_id } = c.req.valid('json');
    const entities = detectEntities(text);
    const content: MemberContent & { reply_to_message_id?: number } = {
      text,
      ...(entities.length ? { entities } : {}),
      ...(reply_to_message_id !== undefined ? { reply_to_message_id } : {}),
    };
    const stored = memberSends(core, c.var.group, member(from), content, { thread: message_thread_id });
    return c.json({ ok: true, message_id: stored.message.message_id });
  });
  api.post('/:gid/files', async (c) => {
    const params = await readUpload(core, c.req.raw);
    try {
      const from = check(ID('from'), Number(params.from));
      const threadText = params.message_thread_id;
      const thread = threadText === undefined || threadText === '' ? undefined : Number(threadText);
      if (thread !== undefined && !Number.isInteger(thread))
        throw fail(400, 'message_thread_id must be an integer');
      const user = member(from);
      const { content, fileKey } = fileContent(core, params);
      const stored = memberSends(core, c.var.group, user, content, { thread, fileKey });
      return c.json({ ok: true, message_id: stored.message.message_id });
    } finally {
      removeUploads(uploadsIn(params));
    }
  });
  api.get('/:gid/chat', valid('query', groupChatQuery), async (c) => {
    const { after, wait, edits_after, thread } = c.req.valid('query');
    const group = c.var.group;
    const chat = () => core.store.chats.get(group.id);
    const since = edits_after ?? chat()?.seq ?? 0;
    const deadline = performance.now() + wait * 1000;
    let messages = chatSlice(core, chat(), after, since, thread);
    const signal = c.req.raw.signal;
    while (!messages.length && !signal.aborted && !core.chatChanges.closed) {
      const left = deadline - performance.now();
      if (left <= 0) break;
      await core.chatChanges.wait(group.id, left, signal);
      messages = chatSlice(core, chat(), after, since, thread);
    }
    return c.json({ ok: true, messages, edit_seq: chat()?.seq ?? 0, group: publicGroup(core, group) });
  });
  return api;
}
