import { describe, expect, it } from 'vitest';
import { quietUntil, SendPacer } from './notifications.jobs.ts';
import { DEFAULT_NOTIFICATION_SETTINGS } from './notifications.settings.ts';

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
});

describe('the send pacer', () => {
  it('keeps at most the global rate in any second and a second between two sends to one chat', async () => {
    const pacer = new SendPacer({ ...DEFAULT_NOTIFICATION_SETTINGS, globalPerSecond: 20, perChatGapMs: 300 });
    const sent: { chat: number; at: number }[] = [];
    const start = performance.now();
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        pacer.take(i % 5).then(() => sent.push({ chat: i % 5, at: performance.now() - start })),
      ),
    );
    sent.sort((a, b) => a.at - b.at);
    for (let i = 0; i < sent.length; i++) {
      const inSecond = sent.filter((s) => s.at >= sent[i]!.at && s.at < sent[i]!.at + 1000).length;
      expect(inSecond).toBeLessThanOrEqual(20);
    }
    // The n-th send into one chat never comes before n gaps have passed (measured from the start,
    // so a callback the busy event loop ran late cannot make the next gap look short).
    for (let chat = 0; chat < 5; chat++) {
      const times = sent.filter((s) => s.chat === chat).map((s) => s.at);
      expect(times).toHaveLength(6);
      for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThanOrEqual(i * 300 - 2);
    }
  });
});
