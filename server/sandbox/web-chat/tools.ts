import type { UserRecord } from '../store.ts';
import type { WebChatRender } from './render.ts';

/** A simulated user as `GET /sandbox/api/users` lists them. */
export type WebChatUser = Omit<UserRecord, 'started'>;

/** What the chat part of the page lends the tools. */
export interface ChatControls {
  call<T>(method: string, path: string, body?: unknown): Promise<T>;
  send(body: unknown): Promise<void>;
  toast(text: string): void;
  user(): WebChatUser | null;
  loadUsers(selectId?: number): Promise<void>;
  /** Folds a one-time reply keyboard away after it was used. */
  keyboardUsed(): void;
}

/**
 * The page's tools around the chat: new users, the app clock, blocking, contacts and locations,
 * the command list and the bot's status. Shipped as source text like the other web-chat parts.
 */
export function webChatTools(r: WebChatRender, chat: ChatControls) {
  const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
  const ALMATY = { latitude: 43.238949, longitude: 76.889709 };

  /** One's own contact carries the phone Telegram knows, never another: the field is locked then. */
  function setContactOwn(own: boolean): void {
    const phone = $<HTMLInputElement>('contact-phone');
    phone.readOnly = own;
    if (own) phone.value = chat.user()?.phone_number ?? '';
    $('contact-own-note').hidden = !own;
    $('contact-other-fields').hidden = own;
  }

  function openContactDialog(own: boolean): void {
    $<HTMLInputElement>('contact-other').checked = !own;
    $<HTMLInputElement>('contact-phone').value = own ? '' : '+7 ';
    setContactOwn(own);
    $<HTMLDialogElement>('contact-dialog').showModal();
  }

  async function sendContact(): Promise<void> {
    const phone = $<HTMLInputElement>('contact-phone').value.replace(/[\s()-]/g, '');
    if (!phone) return;
    const contact: Record<string, unknown> = { phone_number: phone };
    if ($<HTMLInputElement>('contact-other').checked) {
      contact.first_name = $<HTMLInputElement>('contact-name').value.trim() || 'Contact';
      const id = Number($<HTMLInputElement>('contact-user-id').value);
      contact.user_id = Number.isSafeInteger(id) && id > 0 ? id : null;
    }
    $<HTMLDialogElement>('contact-dialog').close();
    chat.keyboardUsed();
    await chat.send({ contact });
  }

  async function toggleCommands(): Promise<void> {
    const box = $('commands-list');
    const user = chat.user();
    if (!box.hidden || !user) {
      box.hidden = true;
      return;
    }
    const { commands } = await chat.call<{ commands: { command: string; description: string }[] }>(
      'GET',
      `/users/${user.id}/commands`,
    );
    const shown = commands.length
      ? commands
      : [{ command: 'start', description: '(the bot set no commands)' }];
    box.replaceChildren(
      ...shown.map((c) => {
        const item = r.el(
          'button',
          { type: 'button', class: 'command' },
          r.el('b', { text: `/${c.command}` }),
        );
        item.append(` ${c.description}`);
        item.addEventListener('click', () => {
          box.hidden = true;
          void chat.send({ text: `/${c.command}` });
        });
        return item;
      }),
    );
    box.hidden = false;
  }

  async function createUser(form: HTMLFormElement): Promise<void> {
    const data = Object.fromEntries(
      [...new FormData(form).entries()].filter(([, v]) => typeof v === 'string' && v.trim()),
    );
    try {
      const { id } = await chat.call<{ id: number }>('POST', '/users', data);
      form.reset();
      $('new-user-panel').hidden = true;
      await chat.loadUsers(id);
    } catch (error) {
      chat.toast(String((error as Error).message));
    }
  }

  async function clock(advance?: number): Promise<void> {
    type Clock = { now: string; offset_minutes: number };
    const now =
      advance === undefined
        ? await chat.call<Clock>('GET', '/clock')
        : await chat.call<Clock>('POST', '/clock', { advance_minutes: advance });
    const offset = now.offset_minutes ? ` (+${Math.round(now.offset_minutes)} min)` : '';
    $('clock').textContent = `${new Date(now.now).toLocaleString()}${offset}`;
    if (advance !== undefined) chat.toast(`App clock moved ${advance} min forward`);
  }

  async function status(): Promise<void> {
    const mark = $('status');
    try {
      const bot = await chat.call<{ online: boolean; webhook: boolean }>('GET', '/bot');
      mark.textContent = bot.online ? (bot.webhook ? 'bot online (webhook)' : 'bot online') : 'bot offline';
      mark.classList.toggle('offline', !bot.online);
    } catch {
      mark.textContent = 'sandbox unreachable';
    }
  }

  async function setBlocked(blocked: boolean): Promise<void> {
    const user = chat.user();
    if (!user) return;
    await chat.call('POST', `/users/${user.id}/${blocked ? 'block' : 'unblock'}`);
    $('blocked-banner').hidden = !blocked;
    await chat.loadUsers(user.id);
  }

  $('new-user').addEventListener('click', () => {
    $('new-user-panel').hidden = !$('new-user-panel').hidden;
    $('menu-panel').hidden = true;
  });
  $('new-user-cancel').addEventListener('click', () => {
    $('new-user-panel').hidden = true;
  });
  $('new-user-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void createUser(event.target as HTMLFormElement);
  });
  $('menu').addEventListener('click', () => {
    $('menu-panel').hidden = !$('menu-panel').hidden;
    $('new-user-panel').hidden = true;
    if (!$('menu-panel').hidden) void clock();
  });
  for (const button of document.querySelectorAll<HTMLElement>('[data-minutes]'))
    button.addEventListener('click', () => void clock(Number(button.dataset.minutes)));
  $('block').addEventListener('click', () => void setBlocked(true));
  $('unblock').addEventListener('click', () => void setBlocked(false));
  $('attach-contact').addEventListener('click', () => openContactDialog(false));
  $('attach-location').addEventListener('click', () => void chat.send({ location: ALMATY }));
  $('contact-other').addEventListener('change', () =>
    setContactOwn(!$<HTMLInputElement>('contact-other').checked),
  );
  $('contact-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void sendContact();
  });
  $('contact-cancel').addEventListener('click', () => $<HTMLDialogElement>('contact-dialog').close());
  $('alert-ok').addEventListener('click', () => $<HTMLDialogElement>('alert').close());
  $('commands').addEventListener('click', () => void toggleCommands());
  void status();
  setInterval(() => void status(), 5000);

  return {
    openContactDialog,
    sendLocation: () => chat.send({ location: ALMATY }),
    hideCommands: () => {
      $('commands-list').hidden = true;
    },
  };
}

export type WebChatTools = typeof webChatTools;
