/** Where a broadcast's link buttons point (their taps are counted here first). */
export interface BroadcastsSettings {
  /** PUBLIC_URL, else this server on localhost. */
  publicUrl: string;
}

declare module '../../shared/trpc.ts' {
  interface ModuleSettings {
    broadcasts: BroadcastsSettings;
  }
}

type Env = { PUBLIC_URL?: string; PORT?: number };

export const broadcastsSettings = (env: Env): BroadcastsSettings => ({
  publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT ?? 3000}`).replace(/\/$/, ''),
});
