/**
 * Secrets that travel in URLs, kept out of the logs. Several of our addresses are capabilities:
 * whoever holds one may use it (a document's signed link, a broadcast reader's tap link, a pay
 * page, a verification code, the Bot API's token path, a webhook path with a secret in it). A
 * failed request logs its path, and an error's message may quote the same token again (a
 * database error names the value it looked up), so redaction works in two steps: find the
 * secrets in the addresses a log line carries, then blank every occurrence of them in that line.
 */

/** What a secret is replaced with. */
export const REDACTED = '[redacted]';

// One path segment, or what is left of it inside JSON or a message (no quote, space or escape).
const SEGMENT = String.raw`[^/\s"'?#&\\]+`;

/** The segment after `prefix` (a regular expression's source): the secret. */
const after = (prefix: string, flags = 'g') => new RegExp(`(${prefix})(${SEGMENT})`, flags);

/**
 * Where a secret sits in one of our addresses (the secret is the last group). Matched anywhere in
 * a line, with or without the origin before the path.
 */
const SECRET_IN_ADDRESS: RegExp[] = [
  // The Bot API's `/bot<id>:<token>/…`, at the root, under /sandbox, and its `/file/bot…`.
  after(String.raw`/bot\d+(?::|%3A)`, 'gi'),
  // A bot token anywhere else (Telegram's shape: the bot's id, a colon, 30+ characters).
  /(\b\d{5,}(?::|%3A))([A-Za-z0-9_-]{30,})/g,
  // A broadcast reader's tap link `/b/<token>/<n>`.
  after('/b/'),
  // A document's signed link `/documents/d/<token>[/file]`.
  after('/documents/d/'),
  // A document's verification code `/verify/<code>` (or the form's `?code=`).
  after('/verify/'),
  after('[?&](?:code|token)='),
  // A pay page (the providers' stand-ins in the sandbox: `/sandbox/kaspi/pay/<id>`, …/halyk/pay/<uuid>).
  after('/pay/'),
];

/** A secret shorter than this is blanked only where it sits, not wherever its characters recur. */
const REPEATED_MIN = 8;

/**
 * The text with every secret its addresses carry blanked where it sits and wherever else the text
 * repeats it (an error message, a stack); `known` are secrets from configuration, blanked wherever
 * they occur.
 */
export function redactSecrets(text: string, known: readonly string[] = []): string {
  const repeated = new Set(known.filter((secret) => secret.length >= REPEATED_MIN));
  let redacted = text;
  for (const pattern of SECRET_IN_ADDRESS)
    redacted = redacted.replace(pattern, (_match, prefix: string, secret: string) => {
      if (secret.length >= REPEATED_MIN) repeated.add(secret);
      return `${prefix}${REDACTED}`;
    });
  // Longest first, so a secret that contains another is blanked whole.
  for (const secret of [...repeated].sort((a, b) => b.length - a.length))
    redacted = redacted.replaceAll(secret, REDACTED);
  return redacted;
}

/**
 * The secrets a configured webhook URL carries in its path: Telegram calls an address of our
 * choosing, and a secret there (`/telegram/<secret>`) is as good as the header's. Its last segment
 * counts as one when it is long enough to be one.
 */
export function webhookPathSecrets(webhookUrl: string | undefined): string[] {
  if (!webhookUrl) return [];
  const last = new URL(webhookUrl).pathname.split('/').filter(Boolean).at(-1);
  return last && last.length >= 16 ? [last] : [];
}
