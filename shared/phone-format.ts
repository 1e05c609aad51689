/**
 * +7 701 123 45 67 — a number of Kazakhstan (and Russia, the same +7 plan) grouped as people here
 * write it and as the prompts ask for it; null for any other. Kept apart from phone.ts so that the
 * console shows numbers this way without libphonenumber's metadata in its bundle.
 */
export function groupKazakhPhone(e164: string): string | null {
  const parts = /^\+7(\d{3})(\d{3})(\d{2})(\d{2})$/.exec(e164);
  return parts ? `+7 ${parts.slice(1).join(' ')}` : null;
}
