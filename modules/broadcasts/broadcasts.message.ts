/**
 * A broadcast as one reader gets it: the text with their first name, a photo, buttons. A link
 * button goes through this server (`/b/<reader>/<n>`) so its taps are counted; "book this
 * service" is a bot button that opens booking at that service.
 */
import { BUTTONS } from '../../shared/buttons.ts';
import type { Language, Localized } from '../../shared/localized.ts';
import type { Notice, NoticeButton, NoticeParam } from '../notifications/index.ts';
import type { Broadcast } from './entities/broadcast.entity.ts';

/** Where a link button's tap is counted before the reader is sent on (see broadcasts.routes.ts). */
export const TAP_PATH = '/b';

const personal = (text: string, firstName: string) => text.replaceAll('{first_name}', firstName);

/**
 * The message's parts for a reader. `language`: every text in that language only (a staff test
 * of one language); otherwise both, and the reader's language is picked when it is sent.
 * `reader`: the reader's row (its id and link token), absent in a test (links go straight).
 */
export function messageOf(
  broadcast: Pick<Broadcast, 'text' | 'photo' | 'buttons'>,
  options: {
    firstName: string;
    language?: Language;
    reader?: { id: number; token: string; publicUrl: string };
  },
): Pick<Notice, 'template' | 'params' | 'buttons' | 'media'> {
  const { firstName, language, reader } = options;
  const localized = (value: Partial<Localized>, name = ''): NoticeParam => {
    const ru = personal(value.ru ?? '', name);
    const kk = personal(value.kk ?? '', name);
    return language ? (language === 'ru' ? ru : kk) : { ru, kk };
  };
  const buttons: NoticeButton[][] = broadcast.buttons.map((button, index) => {
    const label = { label: 'broadcast-button', params: { label: localized(button.label) } };
    if (button.kind === 'link')
      return [
        {
          ...label,
          url: reader ? `${reader.publicUrl}${TAP_PATH}/${reader.token}/${index}` : button.url,
        },
      ];
    return [{ ...label, data: BUTTONS.broadcastBook.data({ recipientId: reader?.id ?? 0, button: index }) }];
  });
  const photo = broadcast.photo;
  return {
    template: 'broadcast-message',
    params: { text: localized(broadcast.text, firstName) },
    buttons: buttons.length ? buttons : undefined,
    media: photo
      ? { type: 'photo', ...('fileId' in photo ? { fileId: photo.fileId } : { url: photo.url }) }
      : undefined,
  };
}
