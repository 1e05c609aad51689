import type { ChatViewMessage } from '../chat-view.ts';
import { type WebChatRender, webChatRender } from './render.ts';
import { STYLES } from './styles.ts';

/**
 * `GET /sandbox/groups`: a group as one of its members sees it (a staff group with topics, where
 * a person acts as an operator): pick the group and who you are, pick a topic, read it, write in
 * it, send a photo or a file. Same habits as the private web chat: one page, no build step, the
 * script is the functions' own source.
 */
export function webGroupPage(): string {
  const render = `(${webChatRender.toString()})()`;
  const source = `(${webGroupClient.toString()})(${render});`.replace(/<\/script/gi, '<\\/script');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Groups · Telegram sandbox</title>
<style>${STYLES}
.message.service-row { align-self: center; }
</style>
</head>
<body class="no-user">
<div class="app">
  <header>
    <div class="avatar">👥</div>
    <div class="title"><b id="group-title">Groups</b><small id="status">…</small></div>
    <select id="group-select" data-testid="group-select" title="Group"></select>
    <select id="member-select" data-testid="member-select" title="Act as"></select>
    <a href="/sandbox" style="color:#fff" title="Private chats">💬</a>
  </header>
  <nav id="topics" class="topics" data-testid="topics"></nav>
  <main id="messages" data-testid="messages"></main>
  <div class="empty">No group yet: create one through the user API (POST /sandbox/api/groups).</div>
  <footer>
    <label title="Send a photo or file">📎<input type="file" id="attach-file" data-testid="attach-file" hidden></label>
    <input id="composer" data-testid="composer" placeholder="Message" autocomplete="off">
    <button id="send" data-testid="send" type="button" title="Send">➤</button>
  </footer>
</div>
<div id="toast" class="toast" data-testid="toast" role="status"></div>
<script>${source}</script>
</body>
</html>`;
}

/** The page's script (sent as source text: no imports or outer variables at run time). */
export function webGroupClient(r: WebChatRender) {
  interface Topic {
    message_thread_id: number;
    name: string;
    closed: boolean;
  }
  interface Group {
    id: number;
    title: string;
    is_forum: boolean;
    members: { user_id: number; status: string; name: string; is_bot: boolean }[];
    topics: Topic[];
  }

  const API = '/sandbox/api';
  const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
  const list = $('messages');
  const composer = $<HTMLInputElement>('composer');
  const groupSelect = $<HTMLSelectElement>('group-select');
  const memberSelect = $<HTMLSelectElement>('member-select');
  const params = new URLSearchParams(location.search);

  let groups: Group[] = [];
  let group: Group | null = null;
  let topic = Number(params.get('topic') ?? 0);
  let lastId = 0;
  let editSeq = 0;
  let poll: AbortController | null = null;

  async function call<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const form = body instanceof FormData;
    const response = await fetch(API + path, {
      method,
      headers: body === undefined || form ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : form ? body : JSON.stringify(body),
      signal,
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(data.error ?? `${response.status} ${response.statusText}`);
    return data as T;
  }

  function toast(text: string): void {
    const box = $('toast');
    box.textContent = text;
    box.classList.add('shown');
    setTimeout(() => box.classList.remove('shown'), 2500);
  }

  const me = () => Number(memberSelect.value);

  async function loadGroups(): Promise<void> {
    groups = (await call<{ groups: Group[] }>('GET', '/groups')).groups;
    groupSelect.replaceChildren(...groups.map((g) => r.el('option', { value: String(g.id), text: g.title })));
    document.body.classList.toggle('no-user', !groups.length);
    const wanted = Number(params.get('group') ?? groups.find((g) => g.is_forum)?.id ?? groups[0]?.id);
    if (groups.length) openGroup(groups.find((g) => g.id === wanted) ?? groups[0]!);
  }

  function openGroup(next: Group): void {
    group = next;
    groupSelect.value = String(next.id);
    $('group-title').textContent = next.title;
    const people = next.members.filter(
      (m) => !m.is_bot && ['creator', 'administrator', 'member'].includes(m.status),
    );
    const chosen = memberSelect.value;
    memberSelect.replaceChildren(
      ...people.map((m) => r.el('option', { value: String(m.user_id), text: `as ${m.name}` })),
    );
    if (people.some((m) => String(m.user_id) === chosen)) memberSelect.value = chosen;
    renderTopics();
    restart();
  }

  function renderTopics(): void {
    const topics: Topic[] = [
      { message_thread_id: 0, name: 'General', closed: false },
      ...(group?.topics ?? []),
    ];
    $('topics').hidden = !group?.is_forum;
    $('topics').replaceChildren(
      ...topics.map((t) => {
        const current = t.message_thread_id === topic ? ' current' : '';
        const button = r.el(
          'button',
          { class: `topic${current}${t.closed ? ' closed' : ''}`, type: 'button', 'data-testid': 'topic' },
          `${t.closed ? '🔒 ' : '# '}${t.name}`,
        );
        button.addEventListener('click', () => {
          topic = t.message_thread_id;
          renderTopics();
          restart();
        });
        return button;
      }),
    );
    const open = topics.find((t) => t.message_thread_id === topic);
    $('status').textContent = open ? `${open.name}${open.closed ? ' (closed)' : ''}` : '';
  }

  /** Long-polls the chosen topic of the chosen group until another is chosen. */
  function restart(): void {
    poll?.abort();
    list.replaceChildren();
    lastId = 0;
    editSeq = 0;
    if (!group) return;
    const controller = new AbortController();
    poll = controller;
    void follow(group.id, controller);
  }

  async function follow(groupId: number, controller: AbortController): Promise<void> {
    while (!controller.signal.aborted) {
      try {
        const wait = lastId === 0 && editSeq === 0 ? 0 : 25;
        const query = `after=${lastId}&edits_after=${editSeq}&wait=${wait}&thread=${topic}`;
        const data = await call<{ messages: ChatViewMessage[]; edit_seq: number; group: Group }>(
          'GET',
          `/groups/${groupId}/chat?${query}`,
          undefined,
          controller.signal,
        );
        if (controller.signal.aborted) return;
        editSeq = Math.max(editSeq, data.edit_seq);
        if (JSON.stringify(data.group.topics) !== JSON.stringify(group?.topics)) {
          group = data.group;
          renderTopics();
        }
        for (const m of data.messages) {
          lastId = Math.max(lastId, m.message_id);
          const existing = list.querySelector(`[data-message-id="${m.message_id}"]`);
          if (m.deleted) existing?.remove();
          else if (existing) existing.replaceWith(renderMessage(m));
          else list.append(renderMessage(m));
        }
        if (data.messages.length) list.scrollTop = list.scrollHeight;
      } catch {
        if (controller.signal.aborted) return;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  function renderMessage(m: ChatViewMessage): HTMLElement {
    const mine = m.sender?.id === me();
    const row = r.el('div', {
      class: `message ${m.service ? 'service-row' : mine ? 'user' : 'bot'}`,
      'data-testid': 'message',
      'data-message-id': String(m.message_id),
      'data-from': m.from,
    });
    row.append(r.renderBubble(m));
    return row;
  }

  const thread = () => (topic ? { message_thread_id: topic } : {});

  async function sendText(): Promise<void> {
    const text = composer.value.trim();
    if (!text || !group) return;
    try {
      await call('POST', `/groups/${group.id}/messages`, { from: me(), text, ...thread() });
      composer.value = '';
    } catch (error) {
      toast(String((error as Error).message));
    }
  }

  async function upload(file: File): Promise<void> {
    if (!group) return;
    const form = new FormData();
    form.set(/^image\/(jpeg|png)$/.test(file.type) ? 'photo' : 'document', file, file.name);
    form.set('from', String(me()));
    if (topic) form.set('message_thread_id', String(topic));
    const caption = composer.value.trim();
    if (caption) form.set('caption', caption);
    try {
      await call('POST', `/groups/${group.id}/files`, form);
      composer.value = '';
    } catch (error) {
      toast(String((error as Error).message));
    }
  }

  groupSelect.addEventListener('change', () => {
    const next = groups.find((g) => g.id === Number(groupSelect.value));
    topic = 0;
    if (next) openGroup(next);
  });
  memberSelect.addEventListener('change', () => restart());
  $('send').addEventListener('click', () => void sendText());
  composer.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      void sendText();
    }
  });
  const fileInput = $<HTMLInputElement>('attach-file');
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (file) void upload(file);
  });
  void loadGroups();
}
