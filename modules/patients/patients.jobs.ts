import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../shared/clock.ts';
import type { JobQueue } from '../../shared/jobs.ts';
import type { Logger } from '../../shared/log.ts';
import { defineWorker } from '../../shared/module.ts';
import type { ModuleSettings } from '../../shared/trpc.ts';
import type { Vault } from '../../shared/vault.ts';
import type { Renderer } from '../notifications/index.ts';
import { IdentityCheck, SmsCode } from './entities/identity.entity.ts';
import { RegistrationDraft } from './entities/registration-draft.entity.ts';
import { DESK_CHECK_TTL_MS, DRAFT_TTL_MS } from './patients.policy.ts';
import { endComeOfAge } from './use-cases/manage-guardians.ts';

/** One-time codes waiting to go out by SMS (an outbox: the job is created with the code). */
export const SMS_QUEUE = 'patients.sms';

/** What an SMS provider answered; the server's adapter translates its protocol into this. */
export type SmsOutcome =
  | { ok: true; id: string }
  | { ok: false; kind: 'rejected' | 'transient'; description: string };

/** The SMS provider port (server/sms: Mobizon, or the sandbox's stand-in of it). */
export interface SmsSender {
  send(phone: string, text: string): Promise<SmsOutcome>;
}

declare module '../../shared/module.ts' {
  interface ModulePorts {
    /** Where one-time codes go; null: this run has no SMS (codes are never queued then). */
    sms: SmsSender | null;
  }
}

export interface SmsDeps {
  em: () => EntityManager;
  clock: Clock;
  vault: Vault;
  sms: SmsSender;
  renderer: Renderer;
  log: Logger;
}

/**
 * Sends one code. A code already sent, failed, used or expired is left alone; a provider's
 * transient failure throws, so pg-boss retries with backoff. The code's cipher is erased once it
 * is sent: from then on only its keyed hash exists. Logs carry ids and outcomes, never the phone
 * or the code.
 */
export async function sendCode(deps: SmsDeps, codeId: number): Promise<void> {
  const em = deps.em();
  const code = await em.findOne(SmsCode, codeId);
  const now = deps.clock.now();
  if (!code?.codeCipher || !code.phoneCipher || code.sentAt || code.failedAt || code.usedAt) return;
  if (code.expiresAt <= now) {
    await em.nativeUpdate(
      SmsCode,
      { id: code.id },
      { codeCipher: null, failedAt: now, error: 'expired before it was sent' },
    );
    return;
  }
  const phone = await deps.vault.decrypt(code.phoneCipher);
  const text = deps.renderer.render(code.language, 'sms-code', {
    code: await deps.vault.decrypt(code.codeCipher),
  });
  const outcome = await deps.sms.send(phone, text);
  if (outcome.ok) {
    await em.nativeUpdate(SmsCode, { id: code.id }, { sentAt: now, codeCipher: null });
    deps.log.info({ codeId }, 'one-time code sent');
    return;
  }
  if (outcome.kind === 'rejected') {
    await em.nativeUpdate(
      SmsCode,
      { id: code.id },
      { failedAt: now, codeCipher: null, error: outcome.description.slice(0, 300) },
    );
    deps.log.warn({ codeId, reason: outcome.description }, 'the SMS provider refused a code');
    return;
  }
  throw new Error(`SMS not sent yet: ${outcome.description}`);
}

/** Sends the queued one-time codes; it never starts when the run has no SMS provider. */
export const smsWorker = defineWorker({
  name: 'sms',
  needs: ['sms', 'renderer'],
  async start({ em, clock, vault, log, ports, host }) {
    const deps: SmsDeps = { em, clock, vault, log, sms: ports.sms, renderer: ports.renderer };
    await host.work<{ codeId: number }>(SMS_QUEUE, (job) => sendCode(deps, job.codeId), 4);
  },
});

export interface PatientsDispatchDeps {
  em: () => EntityManager;
  clock: Clock;
  vault: Vault;
  jobs: JobQueue;
  settings: ModuleSettings;
  log: Logger;
}

/**
 * With the minutely dispatch: registrations abandoned for a day are dropped (a person waiting
 * for the desk keeps theirs for two weeks), spent codes lose their last traces, and guardianships
 * given for a minor end when the dependant comes of age.
 */
export async function dispatchPatients(deps: PatientsDispatchDeps): Promise<void> {
  const em = deps.em();
  const now = deps.clock.now().getTime();
  const waiting = await em.find(
    IdentityCheck,
    { status: 'pending' },
    { fields: ['telegramUserId', 'requestedAt'] },
  );
  const stale = waiting.filter((c) => c.requestedAt.getTime() < now - DESK_CHECK_TTL_MS);
  if (stale.length)
    await em.nativeUpdate(
      IdentityCheck,
      { id: { $in: stale.map((c) => c.id) } },
      {
        status: 'cancelled',
        decidedAt: new Date(now),
        decidedBy: 'system',
        reason: 'nobody came to the desk',
      },
    );
  const keep = waiting.filter((c) => !stale.includes(c)).map((c) => c.telegramUserId);
  const dropped = await em.nativeDelete(RegistrationDraft, {
    updatedAt: { $lt: new Date(now - DRAFT_TTL_MS) },
    ...(keep.length ? { telegramUserId: { $nin: keep } } : {}),
  });
  await em.nativeDelete(SmsCode, { createdAt: { $lt: new Date(now - 2 * 86_400_000) } });
  const cameOfAge = await endComeOfAge({ ...deps, em, caller: { kind: 'system' } });
  if (dropped || cameOfAge) deps.log.info({ dropped, cameOfAge }, 'patients housekeeping');
}
