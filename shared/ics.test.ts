import { describe, expect, it } from 'vitest';
import { visitCalendarFile, visitIcs } from './ics.ts';

describe('the visit calendar file', () => {
  const ics = visitIcs({
    id: 42,
    sequence: 3,
    startsAt: new Date('2026-12-03T04:30:00Z'),
    endsAt: new Date('2026-12-03T05:00:00Z'),
    title: 'Терапевттің алғашқы қабылдауы; дәрігер Сейтқали Айгерім Серікқызы',
    location: 'Емхана — Алматы, Абай даңғылы, 10, 2-қабат',
    description: 'Жазылуды ботта ауыстыруға немесе одан бас тартуға болады.',
    stamp: new Date('2026-11-30T10:00:00Z'),
  });
  const lines = ics.split('\r\n');

  it('is one event in UTC, with a display alarm two hours before', () => {
    expect(lines).toContain('BEGIN:VEVENT');
    expect(lines).toContain('UID:appointment-42@emhana');
    expect(lines).toContain('SEQUENCE:3');
    expect(lines).toContain('DTSTART:20261203T043000Z');
    expect(lines).toContain('DTEND:20261203T050000Z');
    expect(lines).toContain('TRIGGER:-PT2H');
    expect(lines).toContain('ACTION:DISPLAY');
  });

  it('folds long lines at 75 octets and escapes text, as RFC 5545 asks', () => {
    for (const line of lines) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    const unfolded = ics.replace(/\r\n[ \t]/g, '');
    expect(unfolded).toContain('SUMMARY:Терапевттің алғашқы қабылдауы\\; дәрігер Сейтқали Айгерім Серікқызы');
    expect(unfolded).toContain('LOCATION:Емхана — Алматы\\, Абай даңғылы\\, 10\\, 2-қабат');
  });
});

describe('the calendar file of an online visit', () => {
  it('has the joining link as its place and URL, and no street', () => {
    const visit = {
      id: 7,
      version: 2,
      startsAt: new Date('2026-12-03T04:30:00Z'),
      endsAt: new Date('2026-12-03T05:00:00Z'),
      service: { name: { ru: 'Онлайн-консультация', kk: 'Онлайн кеңес' } },
      doctor: { fullName: 'Сейтқали Айгерім' },
      branch: {
        name: { ru: 'Емхана', kk: 'Емхана' },
        address: { ru: 'пр. Абая, 52', kk: 'Абай даңғылы, 52' },
        phone: '+77273501050',
      },
      joinUrl: 'https://meet.jit.si/emhana-abc',
    };
    const file = visitCalendarFile(visit, 'kk', (key, p) => `${key}:${p.link ?? ''}`, new Date(0));
    const text = new TextDecoder().decode(file.bytes).replace(/\r\n[ \t]/g, '');
    expect(file.filename).toBe('emhana-7.ics');
    expect(text).toContain('LOCATION:https://meet.jit.si/emhana-abc');
    expect(text).toContain('URL;VALUE=URI:https://meet.jit.si/emhana-abc');
    expect(text).toContain('SUMMARY:Онлайн кеңес — Сейтқали Айгерім');
    expect(text).not.toContain('Абай');
  });
});
