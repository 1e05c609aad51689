import type { Localized } from '../../../shared/localized.ts';
import { useT } from '../../i18n.tsx';

/** A text the clinic writes in both languages: two fields, Russian and Kazakh, both required. */
export function LocalizedFields({
  name,
  label,
  value,
  max = 200,
}: {
  name: string;
  label: string;
  value?: Localized | null;
  max?: number;
}) {
  const tr = useT();
  return (
    <fieldset className="box wide">
      <legend>{label}</legend>
      <div className="pair">
        {(['ru', 'kk'] as const).map((language) => (
          <label key={language}>
            {tr.t(`console-language-name-${language}`)}
            <input name={`${name}.${language}`} defaultValue={value?.[language]} required maxLength={max} />
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export const localizedOf = (form: FormData, name: string): Localized => ({
  ru: String(form.get(`${name}.ru`) ?? '').trim(),
  kk: String(form.get(`${name}.kk`) ?? '').trim(),
});

export const textOf = (form: FormData, name: string) => String(form.get(name) ?? '').trim();
export const checked = (form: FormData, name: string) => form.get(name) === 'on';

export function Check({ name, label, value }: { name: string; label: string; value?: boolean }) {
  return (
    <label className="check">
      <input type="checkbox" name={name} defaultChecked={value} />
      {label}
    </label>
  );
}

/** The buttons under an editing form. */
export function FormButtons({ pending, onCancel }: { pending: boolean; onCancel?: () => void }) {
  const tr = useT();
  return (
    <div className="buttons wide">
      <button type="submit" className="primary" disabled={pending}>
        {tr.t('console-save')}
      </button>
      {onCancel && (
        <button type="button" onClick={onCancel}>
          {tr.t('console-cancel')}
        </button>
      )}
    </div>
  );
}
