import { useT } from '../../i18n.tsx';
import { type Button, type Content, localized, type Photo, useCatalog } from './common.tsx';

/**
 * The message: its title (for staff only), the text in Russian and in Kazakh ({first_name} is
 * the reader's first name), an optional photo (the text is then its caption: 900 characters) and
 * up to three buttons — a link, or "book this service".
 */
const TEXT_MAX = 3500;
const CAPTION_MAX = 900;

type PhotoChoice = 'none' | 'url' | 'fileId';
const photoChoice = (photo: Photo): PhotoChoice => (!photo ? 'none' : 'url' in photo ? 'url' : 'fileId');

function ButtonEditor({
  button,
  index,
  onChange,
  onRemove,
}: {
  button: Button;
  index: number;
  onChange(b: Button): void;
  onRemove(): void;
}) {
  const tr = useT();
  const { services } = useCatalog();
  const label = button.label;
  return (
    <fieldset className="bc-button" aria-label={tr.t('console-broadcasts-button-n', { n: index + 1 })}>
      <legend>{tr.t('console-broadcasts-button-n', { n: index + 1 })}</legend>
      <div className="bc-row">
        <label>
          {tr.t('console-broadcasts-button-kind')}
          <select
            value={button.kind}
            onChange={(e) =>
              onChange(
                e.target.value === 'link'
                  ? { kind: 'link', label, url: 'https://' }
                  : { kind: 'book', label, serviceId: services[0]?.id ?? 0 },
              )
            }
          >
            <option value="link">{tr.t('console-broadcasts-button-link')}</option>
            <option value="book">{tr.t('console-broadcasts-button-book')}</option>
          </select>
        </label>
        <label>
          {tr.t('console-broadcasts-button-label-ru')}
          <input
            value={label.ru}
            maxLength={40}
            onChange={(e) => onChange({ ...button, label: { ...label, ru: e.target.value } })}
          />
        </label>
        <label>
          {tr.t('console-broadcasts-button-label-kk')}
          <input
            value={label.kk}
            maxLength={40}
            onChange={(e) => onChange({ ...button, label: { ...label, kk: e.target.value } })}
          />
        </label>
        {button.kind === 'link' ? (
          <label>
            {tr.t('console-broadcasts-button-url')}
            <input
              type="url"
              value={button.url}
              onChange={(e) => onChange({ ...button, url: e.target.value })}
            />
          </label>
        ) : (
          <label>
            {tr.t('console-broadcasts-button-service')}
            <select
              value={button.serviceId}
              onChange={(e) => onChange({ ...button, serviceId: Number(e.target.value) })}
            >
              {services
                .filter((s) => s.active || s.id === button.serviceId)
                .map((s) => (
                  <option key={s.id} value={s.id}>
                    {localized(tr, s.name)}
                  </option>
                ))}
            </select>
          </label>
        )}
      </div>
      <button type="button" className="danger-quiet" onClick={onRemove}>
        {tr.t('console-broadcasts-button-remove')}
      </button>
    </fieldset>
  );
}

export function ContentEditor({
  value,
  onChange,
  disabled,
}: {
  value: Content;
  onChange(content: Content): void;
  disabled?: boolean;
}) {
  const tr = useT();
  const choice = photoChoice(value.photo);
  const max = value.photo ? CAPTION_MAX : TEXT_MAX;
  const set = (patch: Partial<Content>) => onChange({ ...value, ...patch });
  return (
    <fieldset className="bc-content" disabled={disabled}>
      <label>
        {tr.t('console-broadcasts-title')}
        <input
          value={value.title}
          maxLength={200}
          required
          onChange={(e) => set({ title: e.target.value })}
        />
      </label>
      <p className="muted">{tr.t('console-broadcasts-text-hint')}</p>
      <div className="bc-texts">
        {(['ru', 'kk'] as const).map((language) => {
          const text = value.text[language] ?? '';
          return (
            <label key={language}>
              {tr.t(language === 'ru' ? 'console-broadcasts-text-ru' : 'console-broadcasts-text-kk')}
              <textarea
                name={`text-${language}`}
                rows={6}
                value={text}
                maxLength={TEXT_MAX}
                onChange={(e) => set({ text: { ...value.text, [language]: e.target.value || undefined } })}
              />
              <span className={text.length > max ? 'bc-over' : 'muted'}>
                {tr.t('console-broadcasts-chars', { count: text.length, max })}
              </span>
            </label>
          );
        })}
      </div>
      <div className="bc-row">
        <label>
          {tr.t('console-broadcasts-photo')}
          <select
            value={choice}
            onChange={(e) => {
              const next = e.target.value as PhotoChoice;
              set({ photo: next === 'none' ? null : next === 'url' ? { url: 'https://' } : { fileId: '' } });
            }}
          >
            <option value="none">{tr.t('console-broadcasts-photo-none')}</option>
            <option value="url">{tr.t('console-broadcasts-photo-url')}</option>
            <option value="fileId">{tr.t('console-broadcasts-photo-file')}</option>
          </select>
        </label>
        {value.photo && (
          <label>
            {tr.t(choice === 'url' ? 'console-broadcasts-photo-url' : 'console-broadcasts-photo-file')}
            <input
              value={'url' in value.photo ? value.photo.url : value.photo.fileId}
              onChange={(e) =>
                set({ photo: choice === 'url' ? { url: e.target.value } : { fileId: e.target.value } })
              }
            />
          </label>
        )}
      </div>
      {value.buttons.map((button, i) => (
        <ButtonEditor
          // biome-ignore lint/suspicious/noArrayIndexKey: buttons are kept in order, up to three
          key={i}
          index={i}
          button={button}
          onChange={(b) => set({ buttons: value.buttons.map((x, k) => (k === i ? b : x)) })}
          onRemove={() => set({ buttons: value.buttons.filter((_, k) => k !== i) })}
        />
      ))}
      {value.buttons.length < 3 && (
        <button
          type="button"
          onClick={() =>
            set({ buttons: [...value.buttons, { kind: 'link', label: { ru: '', kk: '' }, url: 'https://' }] })
          }
        >
          {tr.t('console-broadcasts-button-add')}
        </button>
      )}
    </fieldset>
  );
}
