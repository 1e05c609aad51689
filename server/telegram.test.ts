import { describe, expect, it } from 'vitest';
import { AdjustableClock } from '../shared/clock.ts';
import { silentLogger } from '../shared/log.ts';
import { parseEnv } from './config.ts';
import { prepareSandbox } from './telegram.ts';

const sandboxFor = (env: Record<string, string>) => {
  const sandbox = prepareSandbox(parseEnv({ NODE_ENV: 'test', ...env }), new AdjustableClock(), silentLogger);
  sandbox?.close();
  return sandbox !== null;
};

describe('where the Telegram sandbox is served', () => {
  it('on a loopback address without a bot token', () => {
    expect(sandboxFor({})).toBe(true);
    expect(sandboxFor({ HOST: 'localhost' })).toBe(true);
    expect(sandboxFor({ HOST: '::1' })).toBe(true);
  });

  it('not on an address other machines reach, unless SANDBOX=true asks for it', () => {
    expect(sandboxFor({ HOST: '0.0.0.0' })).toBe(false);
    expect(sandboxFor({ HOST: '192.168.1.20' })).toBe(false);
    expect(sandboxFor({ HOST: '0.0.0.0', SANDBOX: 'true' })).toBe(true);
  });

  it('never with a real bot token, or when switched off', () => {
    expect(sandboxFor({ TELEGRAM_BOT_TOKEN: `123456:${'A'.repeat(35)}` })).toBe(false);
    expect(sandboxFor({ SANDBOX: 'false' })).toBe(false);
  });
});
