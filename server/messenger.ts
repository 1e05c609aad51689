import { Api, GrammyError, HttpError } from 'grammy';
import type { ModulePorts } from '../shared/module.ts';

/** The port as the notifications module declares it: the server implements it, knowing no module. */
type Messenger = ModulePorts['messenger'];
type SendOutcome = Awaited<ReturnType<Messenger['send']>>;

/**
 * The delivery queue's way to Telegram: the Bot API without auto-retry, because the queue
 * decides itself what a 429, a 5xx, a timeout or a 403 means for a message.
 */
export function telegramMessenger(token: string, apiRoot: string | undefined): Messenger {
  const api = new Api(token, { apiRoot, timeoutSeconds: 20 });
  return {
    async send(chatId, message): Promise<SendOutcome> {
      try {
        const sent = await api.sendMessage(chatId, message.text, {
          parse_mode: 'HTML',
          link_preview_options: { is_disabled: true },
          reply_markup: message.buttons
            ? {
                inline_keyboard: message.buttons.map((row) =>
                  row.map((b) =>
                    b.url ? { text: b.text, url: b.url } : { text: b.text, callback_data: b.data ?? 'noop' },
                  ),
                ),
              }
            : undefined,
        });
        return { ok: true, messageId: sent.message_id };
      } catch (error) {
        if (error instanceof GrammyError) {
          if (error.error_code === 403) return { ok: false, kind: 'blocked', description: error.description };
          if (error.error_code === 429) {
            return {
              ok: false,
              kind: 'rate_limited',
              retryAfterSeconds: error.parameters.retry_after,
              description: error.description,
            };
          }
          if (error.error_code >= 500)
            return { ok: false, kind: 'transient', description: error.description };
          return { ok: false, kind: 'rejected', description: error.description };
        }
        if (error instanceof HttpError)
          return { ok: false, kind: 'transient', description: 'Telegram could not be reached' };
        throw error;
      }
    },
  };
}
