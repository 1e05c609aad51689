import { describe, expect, it } from 'vitest';
import { quietUntil } from './notifications.sender.ts';
import { DEFAULT_NOTIFICATION_SETTINGS, notificationSettings } from './notifications.settings.ts';

describe('quiet hours', () => {
  const settings = DEFAULT_NOTIFICATION_SETTINGS; // 22:00–08:00
  const at = (iso: string) => new Date(iso).getTime();

  it('holds night messages until 08:00 local, the same night or the next morning', () => {
    // 23:30 Almaty (18:30 UTC) → 08:00 Almaty next day (03:00 UTC).
    expect(quietUntil(at('2026-12-02T18:30:00Z'), 'Asia/Almaty', settings)).toBe(at('2026-12-03T03:00:00Z'));
    // 06:00 Almaty → 08:00 the same morning.
    expect(quietUntil(at('2026-12-03T01:00:00Z'), 'Asia/Almaty', settings)).toBe(at('2026-12-03T03:00:00Z'));
    // 12:00 Almaty: not quiet.
    expect(quietUntil(at('2026-12-03T07:00:00Z'), 'Asia/Almaty', settings)).toBeNull();
  });

  it('are none at any hour when set off', () => {
    const off = notificationSettings({ QUIET_HOURS: 'off', STAFF_CHAT_LANGUAGE: 'ru' });
    for (let hour = 0; hour < 24; hour++) {
      expect(
        quietUntil(at(`2026-12-02T${String(hour).padStart(2, '0')}:30:00Z`), 'Asia/Almaty', off),
      ).toBeNull();
    }
  });
});
