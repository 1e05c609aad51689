import type { UserFromGetMe } from '@grammyjs/types';
import { webChatClient } from './client.ts';
import { webChatRender } from './render.ts';
import { STYLES } from './styles.ts';
import { webChatTools } from './tools.ts';

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/**
 * The script: the web-chat functions' own source (already type-stripped by the runtime that loaded
 * them), called in the page. They are written as TypeScript so the compiler and linter check them.
 */
function script(): string {
  const render = `(${webChatRender.toString()})()`;
  const source = `(${webChatClient.toString()})(${render}, ${webChatTools.toString()});`;
  return source.replace(/<\/script/gi, '<\\/script');
}

/** `GET /sandbox`: one self-contained page (no build step, no external assets). */
export function webChatPage(bot: UserFromGetMe): string {
  const name = escapeHtml(bot.first_name);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${name} · Telegram sandbox</title>
<style>${STYLES}</style>
</head>
<body class="no-user">
<div class="app">
  <header>
    <div class="avatar">${escapeHtml(bot.first_name.slice(0, 1))}</div>
    <div class="title"><b>${name}</b><small id="status">…</small></div>
    <select id="user-select" data-testid="user-select" title="Simulated user"></select>
    <button id="new-user" data-testid="new-user" type="button" title="New user">+</button>
    <button id="menu" data-testid="menu" type="button" title="Clock, blocking, attachments">⋮</button>
  </header>
  <section id="new-user-panel" class="panel" hidden>
    <form id="new-user-form">
      <input name="first_name" data-testid="new-first-name" placeholder="First name" required maxlength="64">
      <input name="last_name" data-testid="new-last-name" placeholder="Last name (optional)" maxlength="64">
      <input name="username" data-testid="new-username" placeholder="username (optional)" maxlength="32">
      <select name="language_code" data-testid="new-language">
        <option value="ru">ru — Русский</option><option value="kk">kk — Қазақша</option>
        <option value="en">en — English</option>
      </select>
      <input name="phone_number" data-testid="new-phone" placeholder="Phone Telegram knows (optional: +7 701 …)">
      <div class="actions">
        <button type="button" id="new-user-cancel">Cancel</button>
        <button type="submit" class="primary" data-testid="create-user">Create user</button>
      </div>
    </form>
  </section>
  <section id="menu-panel" class="panel" hidden>
    <div>App clock: <span id="clock" data-testid="clock">…</span></div>
    <div class="actions">
      <button type="button" data-minutes="15" data-testid="clock-advance">+15 min</button>
      <button type="button" data-minutes="60">+1 hour</button>
      <button type="button" data-minutes="1440">+1 day</button>
    </div>
    <div class="actions">
      <button type="button" id="attach-contact" data-testid="attach-contact">☎ Send a contact</button>
      <button type="button" id="attach-location" data-testid="attach-location">📍 Send a location</button>
      <button type="button" id="block" data-testid="block">Block the bot</button>
    </div>
    <div class="actions">
      <label class="file-button">📎 Send a photo or file
        <input type="file" id="attach-file" data-testid="attach-file" hidden></label>
      <a href="/sandbox/groups" data-testid="groups-link">👥 Groups (staff view)</a>
    </div>
  </section>
  <div id="blocked-banner" class="banner" hidden>
    You blocked the bot. <button type="button" id="unblock" data-testid="unblock">Unblock</button>
  </div>
  <section id="sms" class="sms" data-testid="sms-inbox" hidden>
    <div class="sms-title">📱 SMS to <span id="sms-phone"></span></div>
    <div id="sms-list"></div>
  </section>
  <main id="messages" data-testid="messages"></main>
  <div class="empty">Create a user (+) to start chatting with the bot.</div>
  <div id="commands-list" class="commands" hidden></div>
  <div id="keyboard" class="keyboard" data-testid="reply-keyboard" hidden></div>
  <footer>
    <button id="commands" data-testid="commands" type="button" title="Bot commands">/</button>
    <input id="composer" data-testid="composer" placeholder="Message" autocomplete="off">
    <button id="keyboard-toggle" data-testid="keyboard-toggle" type="button" title="Keyboard" hidden>
      ⌨
    </button>
    <button id="send" data-testid="send" type="button" title="Send">➤</button>
  </footer>
</div>
<div id="toast" class="toast" data-testid="toast" role="status"></div>
<dialog id="alert" data-testid="alert">
  <p id="alert-text"></p><button id="alert-ok" type="button">OK</button>
</dialog>
<dialog id="contact-dialog" data-testid="contact-dialog">
  <form id="contact-form">
    <label>Phone number <input id="contact-phone" data-testid="contact-phone" required></label>
    <small id="contact-own-note">Your own contact: Telegram sends the number it knows for you.</small>
    <label class="check"><input type="checkbox" id="contact-other"> Someone else's contact</label>
    <div id="contact-other-fields" hidden>
      <input id="contact-name" placeholder="Their first name">
      <input id="contact-user-id" placeholder="Their Telegram id (optional)" inputmode="numeric">
    </div>
    <div class="actions">
      <button type="button" id="contact-cancel">Cancel</button>
      <button type="submit" class="primary" data-testid="contact-send">Share</button>
    </div>
  </form>
</dialog>
<script>${script()}</script>
</body>
</html>`;
}
