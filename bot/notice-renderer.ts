import type { I18n } from '@grammyjs/i18n';
import type { Language } from '../shared/localized.ts';
import { formatTiyn } from '../shared/money.ts';
import type { BaseContext } from './context.ts';
import { escapeHtml, formatWhen, type WhenStyle } from './format.ts';

/** The values a queued message may carry (see modules/notifications: NoticeParam). */
type Param =
  | string
  | number
  | { at: string; zone: string; style?: WhenStyle }
  | { ru: string; kk: string }
  | { tiyn: number }
  | { text: string };

/**
 * Renders the platform's own messages in the recipient's language at the moment they are sent:
 * instants in the branch's zone, clinic texts in the right language, money with ₸.
 */
export function createNoticeRenderer(i18n: I18n<BaseContext>) {
  const value = (language: Language, param: Param, shown: (text: string) => string): string | number => {
    if (typeof param === 'string') return shown(param);
    if (typeof param === 'number') return param;
    if ('at' in param) return formatWhen(new Date(param.at), param.zone, language, param.style);
    if ('tiyn' in param) return formatTiyn(param.tiyn, language);
    if ('text' in param) return i18n.t(language, param.text);
    return shown(param[language]);
  };
  const renderWith =
    (shown: (text: string) => string) =>
    (language: Language, template: string, params: Record<string, Param>): string => {
      const values: Record<string, string | number> = {};
      for (const [k, v] of Object.entries(params)) {
        values[k] = value(language, v, shown);
        // An instant also comes as its date and its time apart (atDate, atTime), so that a
        // sentence can put them where its language wants them («начался в 19:05, 3 декабря»).
        if (typeof v === 'object' && 'at' in v) {
          values[`${k}Date`] = formatWhen(new Date(v.at), v.zone, language, 'date');
          values[`${k}Time`] = formatWhen(new Date(v.at), v.zone, language, 'time');
        }
      }
      return i18n.t(language, template, values);
    };
  return {
    /** For a Telegram message (HTML): values people typed are escaped. */
    render: renderWith(escapeHtml),
    /** For a file (a calendar entry): the values as they are. */
    plain: renderWith((text) => text),
  };
}
