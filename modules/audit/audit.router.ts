import { router, staffProcedure } from '../../shared/trpc.ts';
import { auditEntriesInput, auditFilterInput } from './audit.schemas.ts';
import { auditEntries, exportAudit } from './use-cases/read-log.ts';

/** Only admins read the log: it says who looked at whose records. */
const admins = () => staffProcedure('admin');

export const auditRouter = router({
  entries: admins()
    .input(auditEntriesInput)
    .query(({ ctx, input }) => auditEntries(ctx, input)),
  /** A mutation: each export is an act recorded in the log, never a cached or refetched read. */
  export: admins()
    .input(auditFilterInput)
    .mutation(({ ctx, input }) => exportAudit(ctx, input)),
});
