import { describe, expect, it } from 'vitest';
import { visitCalendarFile, visitIcs } from './ics.ts';

describe('the visit calendar file', () => {
  const ics = visitIcs({
    id: 42,
    sequence: 3,
    cancelled: false,
    language: 'kk',
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
    expect(lines).toContain('METHOD:PUBLISH');
    expect(lines).toContain('STATUS:CONFIRMED');
  });

  it("names its words' language, the reader's, in PRODID", () => {
    expect(lines).toContain('PRODID:-//Emhana//Booking//KK');
  });

  it('folds long lines at 75 octets and escapes text, as RFC 5545 asks', () => {
    for (const line of lines) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    const unfolded = ics.replace(/\r\n[ \t]/g, '');
    expect(unfolded).toContain('SUMMARY:Терапевттің алғашқы қабылдауы\\; дәрігер Сейтқали Айгерім Серікқызы');
    expect(unfolded).toContain('LOCATION:Емхана — Алматы\\, Абай даңғылы\\, 10\\, 2-қабат');
  });
});

describe('the calendar file of an online visit', () => {
  const t = (key: string, p: Record<string, string>) =>
    p.date ? `${key} ${p.date}` : `${key}:${p.link ?? ''}`;
  const visit = {
    id: 7,
    version: 2,
    status: 'booked',
    startsAt: new Date('2026-12-03T04:30:00Z'),
    endsAt: new Date('2026-12-03T05:00:00Z'),
    service: { name: { ru: 'Онлайн-консультация', kk: 'Онлайн кеңес' } },
    doctor: { fullName: 'Сейтқали Айгерім' },
    branch: {
      name: { ru: 'Емхана', kk: 'Емхана' },
      address: { ru: 'пр. Абая, 52', kk: 'Абай даңғылы, 52' },
      phone: '+77273501050',
      timeZone: 'Asia/Almaty',
    },
    joinUrl: 'https://meet.jit.si/emhana-abc',
  };
  it('has the joining link as its place and URL, and no street', () => {
    const file = visitCalendarFile(visit, 'kk', t, new Date(0));
    const text = new TextDecoder().decode(file.bytes).replace(/\r\n[ \t]/g, '');
    expect(file.filename).toBe('bk-ics-filename 03.12.2026.ics');
    expect(text).toContain('LOCATION:https://meet.jit.si/emhana-abc');
    expect(text).toContain('URL;VALUE=URI:https://meet.jit.si/emhana-abc');
    expect(text).toContain('SUMMARY:Онлайн кеңес — Сейтқали Айгерім');
    expect(text).not.toContain('Абай');
    // A link is opened, not travelled to: reminded a quarter of an hour before.
    expect(text).toContain('TRIGGER:-PT15M');
  });

  it('once cancelled, cancels the event the earlier files made: same UID, higher SEQUENCE, no alarm', () => {
    const file = visitCalendarFile({ ...visit, status: 'cancelled', version: 3 }, 'ru', t, new Date(0));
    const lines = new TextDecoder().decode(file.bytes).split('\r\n');
    expect(file.filename).toBe('bk-ics-filename-cancelled 03.12.2026.ics');
    expect(lines).toContain('METHOD:CANCEL');
    expect(lines).toContain('STATUS:CANCELLED');
    expect(lines).toContain('UID:appointment-7@emhana');
    expect(lines).toContain('SEQUENCE:3');
    expect(lines).not.toContain('BEGIN:VALARM');
  });
});
