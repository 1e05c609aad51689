/**
 * Whether a patient's message only says thank you ("рақмет", "Спасибо большое!", "thanks 🙏"), in
 * Russian, Kazakh or English: the bot answers it with a "you're welcome" instead of treating it as a
 * question, and the support ticket it goes to stays the patient's turn (nobody has to answer a
 * thank-you). A message that asks or says anything more ("Спасибо, а натощак?", "рахмет, ертең
 * келсем бола ма") is not one: every word must be a thanks or a word that goes with one, and a
 * question mark makes it a question.
 */

/** Words that thank (as folded: lower case, ё as е). */
const THANKS = new Set([
  ...['спасибо', 'спасибочки', 'спс', 'благодарю', 'благодарим', 'благодарна', 'благодарен', 'мерси'],
  ...['рақмет', 'рахмет', 'рахмат', 'рақмат'],
  ...['thanks', 'thank', 'thx', 'ty'],
]);

/** Words that go with a thanks without asking or saying anything more. */
const ALONG = new Set([
  // Russian
  ...['большое', 'огромное', 'вам', 'тебе', 'очень', 'за', 'ответ', 'помощь', 'информацию', 'все', 'всем'],
  ...['ок', 'окей', 'хорошо', 'понятно', 'ясно', 'понял', 'поняла', 'ладно', 'да', 'еще', 'раз'],
  // Kazakh
  ...['көп', 'үлкен', 'зор', 'сізге', 'саған', 'сіздерге', 'жауап', 'жауабыңызға', 'жауабыңыз', 'үшін'],
  ...['көмегіңізге', 'көмек', 'түсінікті', 'жақсы', 'жарайды', 'иә', 'ия', 'тағы', 'бір'],
  // English
  ...['you', 'very', 'much', 'so', 'a', 'lot', 'ok', 'okay'],
]);

/** At most this many words: a long message says more than thanks, whatever its words. */
const MAX_WORDS = 8;

export function isThanks(text: string | null | undefined): boolean {
  if (!text || text.includes('?')) return false;
  const words =
    text
      .toLowerCase()
      .replaceAll('ё', 'е')
      .match(/\p{L}+/gu) ?? [];
  if (words.length === 0 || words.length > MAX_WORDS) return false;
  return words.some((w) => THANKS.has(w)) && words.every((w) => THANKS.has(w) || ALONG.has(w));
}
