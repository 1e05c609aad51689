import type { I18n } from '@grammyjs/i18n';
import type { Context, Middleware } from 'grammy';
import type { Message } from 'grammy/types';
import type { ApiFactory, ApiInputs, BaseContext, BotContext } from '../context.ts';

type TopicMessage = ApiInputs['support']['staff']['fromTopic'];
type Command = ApiInputs['support']['staff']['topicCommand']['command'];

/** What a member may type in a ticket's topic (`/close` or `/close@emhana_bot`). */
const COMMAND = /^\/(assign|close|reopen)(?:@(\w+))?(?:\s|$)/i;

/** Statuses of a member who belongs to the group now (a restricted one only while is_member). */
async function isMemberNow(ctx: Context, chatId: number, userId: number): Promise<boolean> {
  const member = await ctx.api.getChatMember(chatId, userId);
  if (member.status === 'restricted') return member.is_member;
  return member.status === 'creator' || member.status === 'administrator' || member.status === 'member';
}

/** A photo (its largest size) or a file, as Telegram keeps it: the patient gets the same file. */
function mediaOf(msg: Message): TopicMessage['media'] {
  const photo = msg.photo?.at(-1);
  if (photo) return { type: 'photo', fileId: photo.file_id };
  if (msg.document)
    return {
      type: 'document',
      fileId: msg.document.file_id,
      ...(msg.document.file_name ? { fileName: msg.document.file_name.slice(0, 200) } : {}),
      ...(msg.document.mime_type ? { mimeType: msg.document.mime_type.slice(0, 100) } : {}),
    };
  return undefined;
}

/**
 * The staff group's side of support. Updates from groups are never a patient's conversation, so
 * they stop here, before sessions and patient features (which key everything by the sender).
 *
 * In a forum topic of a supergroup, a member's text, photo or file is an answer to the ticket
 * whose topic it is, and /assign, /close, /reopen act on that ticket; the API decides which group
 * is the support group and which topic is whose (the bot needs no copy of that configuration, and
 * a message anywhere else changes nothing there). What the bot checks itself, because only it
 * talks to Telegram: the sender is a person (not a bot, not a channel or an anonymous admin) and
 * a member of the group now — asked of Telegram per message, so someone who left or was removed
 * answers no one, even through an update delivered late.
 *
 * Service messages (a topic created, members joining) carry neither text nor a file and are
 * skipped; the `reply_to_message` Telegram puts on every topic message (the topic's first message)
 * means nothing here. Other commands are not sent to patients.
 */
export function staffTopicsFeature(apiFor: ApiFactory, i18n: I18n<BaseContext>): Middleware<BotContext> {
  return async (ctx, next) => {
    const chat = ctx.chat;
    if (!chat || chat.type === 'private') return next();
    const msg = ctx.message;
    if (chat.type !== 'supergroup' || !msg?.is_topic_message || msg.message_thread_id === undefined) return;
    const from = msg.from;
    if (!from || from.is_bot || msg.sender_chat) return;
    const media = mediaOf(msg);
    if (!msg.text && !media) return;
    const command = COMMAND.exec(msg.text ?? '');
    const addressed = !command?.[2] || command[2].toLowerCase() === ctx.me.username.toLowerCase();
    if (msg.text?.startsWith('/') && !(command && addressed)) return;
    if (!(await isMemberNow(ctx, chat.id, from.id))) return;

    const api = apiFor(from.id);
    const place = {
      chatId: chat.id,
      threadId: msg.message_thread_id,
      messageId: msg.message_id,
      senderName: from.first_name.trim().slice(0, 100) || String(from.id),
    };
    const reply = (text: string) =>
      ctx.api.sendMessage(chat.id, text, {
        message_thread_id: msg.message_thread_id,
        reply_parameters: { message_id: msg.message_id, allow_sending_without_reply: true },
      });
    if (!command) {
      const text = (msg.text ?? msg.caption)?.trim();
      const sent = await api.support.staff.fromTopic.mutate({ ...place, ...(text ? { text } : {}), media });
      // Not sent to the patient: the operator is told where they wrote it, and may split it.
      if (sent.outcome === 'too_long')
        await reply(i18n.t(sent.language, 'topic-too-long', { number: sent.ticketId, limit: sent.limit }));
      if (sent.outcome === 'not_sent_closed')
        await reply(i18n.t(sent.language, 'topic-not-sent-closed', { number: sent.ticketId }));
      return;
    }
    const name = command[1]!.toLowerCase() as Command;
    const result = await api.support.staff.topicCommand.mutate({ ...place, command: name });
    if (result.outcome === 'ignored') return;
    const key =
      result.outcome === 'assigned' || result.outcome === 'closed' || result.outcome === 'reopened'
        ? `topic-${result.outcome}`
        : `topic-unchanged-${name}`;
    await reply(i18n.t(result.language, key, { number: result.ticketId, name: place.senderName }));
  };
}
