import { describe, expect, it } from 'vitest';
import { visitIcs } from './ics.ts';

describe('the visit calendar file', () => {
  const ics = visitIcs({
    id: 42,
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
