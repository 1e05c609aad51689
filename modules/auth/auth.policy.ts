/**
 * How sign-in holds up against guessing. Failures are counted per username and per client
 * address within a window; a key over its limit is locked for the window, and its attempts are
 * refused before any password is hashed. An address gets more room than one username (an office
 * behind one address has several people signing in).
 */
export const LOGIN_WINDOW_MS = 15 * 60_000;
export const LOGIN_LIMITS = { user: 10, address: 30 } as const;

export type ThrottleKey = { key: string; limit: number };

export function throttleKeys(username: string, clientAddress: string | null): ThrottleKey[] {
  const keys: ThrottleKey[] = [{ key: `user:${username.toLowerCase()}`, limit: LOGIN_LIMITS.user }];
  if (clientAddress) keys.push({ key: `address:${clientAddress}`, limit: LOGIN_LIMITS.address });
  return keys;
}
