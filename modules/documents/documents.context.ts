import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../shared/clock.ts';
import type { Caller } from '../../shared/roles.ts';
import type { ModuleHooks } from '../../shared/trpc.ts';
import type { NotificationSettings } from '../notifications/index.ts';
import { documentErrors } from './documents.errors.ts';
import type { DocumentKind } from './documents.kinds.ts';
import type { DocumentsSettings } from './documents.settings.ts';
import { type FileStorage, postgresStorage } from './documents.storage.ts';
import { MEDICAL_KINDS } from './kinds/index.ts';

/** What the documents use cases need of a request. */
export type DocumentsCtx = {
  em: EntityManager;
  clock: Clock;
  caller: Caller;
  settings: { documents: DocumentsSettings; notifications: NotificationSettings };
  hooks: Pick<ModuleHooks, 'documentKinds'>;
};

/** Where files are kept; one place to swap PostgreSQL for an object store. */
export const storage: FileStorage = postgresStorage;

/** Every kind this clinic issues: the medical ones and those other modules plug in. */
export function allKinds(hooks: Pick<ModuleHooks, 'documentKinds'>): DocumentKind[] {
  return [...MEDICAL_KINDS, ...hooks.documentKinds];
}

export function kindOf(hooks: Pick<ModuleHooks, 'documentKinds'>, key: string): DocumentKind {
  const kind = allKinds(hooks).find((k) => k.key === key);
  if (!kind) throw documentErrors('kind_unknown', { kind: key });
  return kind;
}
