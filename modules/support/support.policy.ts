import { addDays, isoWeekday, utcToZoned, whenWallClockReaches } from '../../shared/zoned-time.ts';
import type { SupportSettings } from './support.settings.ts';

/**
 * When operators next answer: null while they are at work now; otherwise the start of the next
 * working day's hours (today's, if they have not begun yet), in the clinic's zone.
 */
export function nextOpening(now: Date, hours: SupportSettings['hours']): Date | null {
  const local = utcToZoned(now.getTime(), hours.timeZone);
  const workingToday = hours.days.includes(local.weekday);
  if (workingToday && local.minutes >= hours.start && local.minutes < hours.end) return null;
  for (let ahead = 0; ahead <= 7; ahead++) {
    const date = addDays(local.date, ahead);
    if (!hours.days.includes(isoWeekday(date))) continue;
    if (ahead === 0 && local.minutes >= hours.start) continue;
    return new Date(whenWallClockReaches(date, hours.start, hours.timeZone));
  }
  return null;
}

/**
 * The FAQ search (use-cases/faq.ts searchFaq). An entry answering less than this weighted share of
 * what the patient typed is not offered (0–1).
 */
export const FAQ_MATCH_THRESHOLD = 0.4;
/** A typed word counts as found in an entry from this pg_trgm word similarity (0–1). */
export const FAQ_WORD_MATCH = 0.5;
/** A word found in the other language's question counts this much (Russian typed for a Kazakh question). */
export const QUESTION_OTHER_WEIGHT = 0.9;
/** A word found only in an answer counts this much of one found in the question. */
export const ANSWER_WEIGHT = 0.8;

/**
 * Words patients add to any question, in either language, that say nothing of what it is about;
 * the search leaves them out (as support_fold writes them: no Kazakh letters, й as и, no ь).
 * PostgreSQL's Russian stop words ("будет", "где", "можно") are left out too.
 */
export const FAQ_FILLER_WORDS = [
  // Russian
  ...['нужен', 'нужна', 'нужно', 'нужны', 'надо', 'хочу', 'хотел', 'хотела', 'подскажите', 'скажите'],
  ...['пожалуиста', 'здравствуите', 'добрыи', 'день', 'привет', 'спасибо', 'мои', 'моя', 'мое', 'мою'],
  ...['какои', 'какая', 'какие', 'почему', 'это'],
  // "get", "take", "find out": what almost every question asks, saying nothing of what about.
  ...['получить', 'взять', 'узнать'],
  // Kazakh
  ...['керек', 'калаи', 'каида', 'кашан', 'кандаи', 'маган', 'менин', 'мен', 'бар', 'жок', 'салеметсиз'],
  ...['салем', 'рахмет', 'отинемин', 'болады', 'бола', 'мумкин', 'кажет', 'деген', 'кеиин', 'неге', 'кимге'],
  ...['алу', 'алуга', 'алам', 'аламын', 'алсам', 'алады', 'алмаи', 'билу', 'жасау', 'жасаимын', 'жасаим'],
  // Kazakh auxiliary verbs ("кешігіп жатырмын", "таба алмай жүрмін", "ашылмай тұр"): grammar, not subject.
  ...['жатыр', 'жатырмын', 'жур', 'журмин', 'тур', 'отыр', 'отырмын'],
];
