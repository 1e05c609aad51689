import type { ActiveKeyboard, ChatViewMessage } from './chat-view.ts';

const buttons = (row: { text: string }[]) => row.map((b) => `[${b.text}]`).join(' ');

/** One message as a line of text, for test failure messages (never for logs: it holds message text). */
export function chatLine(m: ChatViewMessage): string {
  const who = m.from === 'bot' ? 'bot ' : 'user';
  const parts = [m.text ? JSON.stringify(m.text.length > 300 ? `${m.text.slice(0, 300)}…` : m.text) : ''];
  if (m.document) parts.push(`📄 ${m.document.file_name}`);
  if (m.photo) parts.push('🖼 photo');
  if (m.location) parts.push(`📍 ${m.location.latitude}, ${m.location.longitude}`);
  if (m.venue) parts.push(`🏥 ${m.venue.title}, ${m.venue.address}`);
  if (m.contact) parts.push(`☎ ${m.contact.phone_number}`);
  if (m.buttons) parts.push(m.buttons.map(buttons).join(' / '));
  if (m.keyboard) parts.push(`keyboard: ${m.keyboard.map(buttons).join(' / ')}`);
  if (m.keyboard_removed) parts.push('(removes keyboard)');
  const flags = `${m.edited ? ' (edited)' : ''}${m.deleted ? ' (deleted)' : ''}`;
  return `  [${who} #${m.message_id}]${flags} ${parts.filter(Boolean).join(' ')}`;
}

/** The last messages of a chat and the reply keyboard shown, as text. */
export function chatDump(messages: ChatViewMessage[], keyboard: ActiveKeyboard | null, limit = 15): string {
  const recent = messages.slice(-limit).map(chatLine);
  const shown = keyboard
    ? `\n  reply keyboard${keyboard.collapsed ? ' (folded)' : ''}: ${keyboard.rows.map(buttons).join(' / ')}`
    : '';
  return (recent.length ? recent.join('\n') : '  (empty)') + shown;
}

/** The buttons a person could press now: inline ones of the last bot messages and the reply keyboard. */
export function buttonsNow(botMessages: ChatViewMessage[], keyboard: ActiveKeyboard | null): string {
  const lines: string[] = [];
  for (const m of botMessages.slice(-5))
    if (m.buttons) lines.push(`  inline on #${m.message_id}: ${buttons(m.buttons.flat())}`);
  if (keyboard) lines.push(`  reply keyboard: ${buttons(keyboard.rows.flat())}`);
  return lines.join('\n') || '  (none)';
}
