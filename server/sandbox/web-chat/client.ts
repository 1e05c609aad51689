import type { ActiveKeyboard, ChatViewMessage, ViewKeyButton } from '../chat-view.ts';
import type { WebChatRender } from './render.ts';
import type { WebChatTools, WebChatUser } from './tools.ts';

/**
 * The chat itself in the browser: the user switcher, the message list kept up to date by the
 * `wait` long poll, inline buttons, the reply keyboard and the composer. Like the other web-chat
 * parts it is shipped as source text: no imports or outer variables at run time.
 */
export function webChatClient(r: WebChatRender, tools: WebChatTools) {
  interface ChatResponse {
    messages: ChatViewMessage[];
    edit_seq: number;
    reply_keyboard: ActiveKeyboard | null;
    blocked: boolean;
  }

  const API = '/sandbox/api';
  const STORAGE_KEY = 'emhana.sandbox.user';
  const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
  const list = $('messages');
  const keyboardBox = $('keyboard');
  const composer = $<HTMLInputElement>('composer');
  const userSelect = $<HTMLSelectElement>('user-select');

  let users: WebChatUser[] = [];
  let current: WebChatUser | null = null;
  let lastId = 0;
  let editSeq = 0;
  let keyboard: ActiveKeyboard | null = null;
  let keyboardOpen = true;
  let poll: AbortController | null = null;
  let smsPoll: AbortController | null = null;

  async function call<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const response = await fetch(API + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
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

  function alertBox(text: string): void {
    $('alert-text').textContent = text;
    $<HTMLDialogElement>('alert').showModal();
  }

  function userLabel(u: WebChatUser): string {
    const name = [u.first_name, u.last_name].filter(Boolean).join(' ');
    return `${name}${u.language_code ? ` (${u.language_code})` : ''}${u.blocked ? ' — blocked' : ''}`;
  }

  /** Refreshes the user list (tests and scripts create users too) and selects one. */
  async function loadUsers(selectId?: number): Promise<void> {
    const fresh = (await call<{ users: WebChatUser[] }>('GET', '/users')).users;
    if (JSON.stringify(fresh) !== JSON.stringify(users)) {
      users = fresh;
      userSelect.replaceChildren(
        ...users.map((u) => r.el('option', { value: String(u.id), text: userLabel(u) })),
      );
    }
    const wanted = selectId ?? current?.id ?? Number(localStorage.getItem(STORAGE_KEY));
    const next = users.find((u) => u.id === wanted) ?? users[0] ?? null;
    if (next?.id !== current?.id) switchTo(next);
    else if (next) {
      current = next;
      userSelect.value = String(next.id);
    }
  }

  function switchTo(user: WebChatUser | null): void {
    poll?.abort();
    smsPoll?.abort();
    $('sms').hidden = true;
    $('sms-list').replaceChildren();
    current = user;
    lastId = 0;
    editSeq = 0;
    keyboard = null;
    list.replaceChildren();
    renderKeyboard();
    document.body.classList.toggle('no-user', !user);
    if (!user) return;
    userSelect.value = String(user.id);
    localStorage.setItem(STORAGE_KEY, String(user.id));
    $('blocked-banner').hidden = !user.blocked;
    void follow(user.id);
    void followSms(user);
  }

  /** The SMS the user's phone got (one-time codes from the SMS stand-in), newest last. */
  async function followSms(user: WebChatUser): Promise<void> {
    const controller = new AbortController();
    smsPoll = controller;
    let after = 0;
    $('sms-phone').textContent = user.phone_number ?? '';
    while (!controller.signal.aborted) {
      try {
        const data = await call<{ messages: { id: number; text: string; at: string }[] }>(
          'GET',
          `/users/${user.id}/sms?after=${after}&wait=${after === 0 ? 0 : 25}`,
          undefined,
          controller.signal,
        );
        if (controller.signal.aborted) return;
        for (const sms of data.messages) {
          after = Math.max(after, sms.id);
          const time = new Date(sms.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
          $('sms-list').append(
            r.el('div', { class: 'sms-item', 'data-testid': 'sms', text: `${time} ${sms.text}` }),
          );
        }
        while ($('sms-list').children.length > 3) $('sms-list').firstElementChild?.remove();
        $('sms').hidden = $('sms-list').children.length === 0;
        if (after === 0) await new Promise((resolve) => setTimeout(resolve, 2000));
      } catch {
        if (controller.signal.aborted) return;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  /** Long-polls this user's chat until another user is chosen. */
  async function follow(userId: number): Promise<void> {
    const controller = new AbortController();
    poll = controller;
    while (!controller.signal.aborted) {
      try {
        const wait = lastId === 0 && editSeq === 0 ? 0 : 25;
        const query = `after=${lastId}&edits_after=${editSeq}&wait=${wait}`;
        const data = await call<ChatResponse>(
          'GET',
          `/users/${userId}/chat?${query}`,
          undefined,
          controller.signal,
        );
        if (!controller.signal.aborted) apply(data);
      } catch {
        if (controller.signal.aborted) return;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  function apply(data: ChatResponse): void {
    editSeq = Math.max(editSeq, data.edit_seq);
    const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 40;
    for (const message of data.messages) {
      lastId = Math.max(lastId, message.message_id);
      const existing = list.querySelector(`[data-message-id="${message.message_id}"]`);
      if (message.deleted) existing?.remove();
      else if (existing) existing.replaceWith(renderMessage(message));
      else list.append(renderMessage(message));
    }
    if (JSON.stringify(data.reply_keyboard) !== JSON.stringify(keyboard)) {
      keyboard = data.reply_keyboard;
      keyboardOpen = !keyboard?.collapsed;
      renderKeyboard();
    }
    $('blocked-banner').hidden = !data.blocked;
    if (atBottom || data.messages.some((m) => m.from === 'user')) list.scrollTop = list.scrollHeight;
  }

  function renderMessage(m: ChatViewMessage): HTMLElement {
    const row = r.el('div', {
      class: `message ${m.from}`,
      'data-testid': 'message',
      'data-message-id': String(m.message_id),
      'data-from': m.from,
    });
    row.append(r.renderBubble(m));
    if (!m.buttons) return row;
    const rows = m.buttons.map((buttons) => {
      const line = r.el('div', { class: 'inline-row' });
      for (const b of buttons) {
        const button = r.el('button', { class: 'inline', 'data-testid': 'button', type: 'button' }, b.text);
        if (b.url) button.append(r.el('span', { class: 'link-mark', text: ' ↗' }));
        button.addEventListener('click', () => void press(m.message_id, b.data, b.url, button));
        line.append(button);
      }
      return line;
    });
    row.append(r.el('div', { class: 'inline-keyboard' }, ...rows));
    return row;
  }

  async function press(
    messageId: number,
    data: string | undefined,
    url: string | undefined,
    button: HTMLElement,
  ) {
    if (url) {
      window.open(url, '_blank', 'noopener');
      return;
    }
    if (!current || data === undefined) return;
    button.classList.add('busy');
    try {
      const result = await call<{ answered: boolean; answer?: { text?: string; show_alert?: boolean } }>(
        'POST',
        `/users/${current.id}/callbacks`,
        { message_id: messageId, data },
      );
      const text = result.answer?.text;
      if (text && result.answer?.show_alert) alertBox(text);
      else if (text) toast(text);
      else if (!result.answered) toast('The bot did not answer the button (no answerCallbackQuery)');
    } catch (error) {
      toast(String((error as Error).message));
    } finally {
      button.classList.remove('busy');
    }
  }

  function renderKeyboard(): void {
    keyboardBox.replaceChildren();
    $('keyboard-toggle').hidden = !keyboard;
    composer.placeholder = keyboard?.placeholder ?? 'Message';
    keyboardBox.hidden = !keyboard || !keyboardOpen;
    if (keyboardBox.hidden) return;
    for (const row of keyboard?.rows ?? [])
      keyboardBox.append(r.el('div', { class: 'reply-row' }, ...row.map((b) => replyButton(b))));
  }

  function keyboardUsed(): void {
    if (keyboard?.one_time) keyboardOpen = false;
    renderKeyboard();
  }

  function replyButton(b: ViewKeyButton): HTMLElement {
    const testid = b.request_contact ? 'share-contact' : 'reply-button';
    const button = r.el('button', { class: 'reply', 'data-testid': testid, type: 'button' }, b.text);
    button.addEventListener('click', () => {
      if (b.request_contact) return ui.openContactDialog(true);
      keyboardUsed();
      void (b.request_location ? ui.sendLocation() : send({ text: b.text }));
    });
    return button;
  }

  async function send(body: unknown): Promise<void> {
    if (!current) return;
    try {
      await call('POST', `/users/${current.id}/messages`, body);
      $('blocked-banner').hidden = true;
    } catch (error) {
      toast(String((error as Error).message));
    }
  }

  async function sendComposer(): Promise<void> {
    const text = composer.value.trim();
    if (!text) return;
    composer.value = '';
    ui.hideCommands();
    await send({ text });
  }

  /** Sends the chosen file: a JPEG or PNG as a photo, anything else as a document; the composer's text is its caption. */
  async function upload(file: File): Promise<void> {
    if (!current) return;
    const form = new FormData();
    form.set(/^image\/(jpeg|png)$/.test(file.type) ? 'photo' : 'document', file, file.name);
    const caption = composer.value.trim();
    if (caption) form.set('caption', caption);
    try {
      const response = await fetch(`${API}/users/${current.id}/files`, { method: 'POST', body: form });
      const data = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(data.error ?? `${response.status} ${response.statusText}`);
      composer.value = '';
    } catch (error) {
      toast(String((error as Error).message));
    }
  }

  const ui = tools(r, { call, send, toast, user: () => current, loadUsers, keyboardUsed });

  userSelect.addEventListener('change', () =>
    switchTo(users.find((u) => u.id === Number(userSelect.value)) ?? null),
  );
  $('send').addEventListener('click', () => void sendComposer());
  const fileInput = $<HTMLInputElement>('attach-file');
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (file) void upload(file);
  });
  composer.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      void sendComposer();
    }
  });
  $('keyboard-toggle').addEventListener('click', () => {
    keyboardOpen = !keyboardOpen;
    renderKeyboard();
  });
  void loadUsers();
  setInterval(() => void loadUsers().catch(() => undefined), 5000);
}
