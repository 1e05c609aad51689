import { z } from 'zod';
import { envInt } from '../../shared/env.ts';
import type { ModulePorts } from '../../shared/module.ts';
import type { Renderer } from '../notifications/index.ts';

/**
 * How documents are issued and reached (environment: DOCUMENT_*, CLINIC_NAME). The texts of the
 * pages come from the locales through the renderer port, given at boot.
 */
export interface DocumentsSettings {
  /** The clinic's name on every page (its legal name, "ТОО «Emhana»"). */
  clinicName: string;
  /** Its medical licence, printed under the name when set. */
  clinicLicence: string | null;
  /** How long a download link works. */
  linkHours: number;
  /** The largest file staff may upload. */
  maxUploadBytes: number;
  /** Where links and the verification QR point: PUBLIC_URL, else this server on localhost. */
  publicUrl: string;
  texts: Renderer | null;
}

declare module '../../shared/trpc.ts' {
  interface ModuleSettings {
    documents: DocumentsSettings;
  }
}

export const documentsEnv = {
  CLINIC_NAME: z.string().trim().min(1).max(200).default('Emhana').describe('the clinic’s name on documents'),
  CLINIC_LICENCE: z.string().trim().max(200).optional().describe('its medical licence, printed on documents'),
  DOCUMENT_LINK_HOURS: envInt(1, 24 * 30)
    .default(48)
    .describe('how long a document’s download link works'),
  DOCUMENT_MAX_UPLOAD_MB: envInt(1, 50).default(10).describe('the largest file staff may upload'),
};

type Env = z.output<z.ZodObject<typeof documentsEnv>> & { PUBLIC_URL?: string; PORT?: number };

export const documentsSettings = (env: Env, ports: Partial<ModulePorts>): DocumentsSettings => ({
  clinicName: env.CLINIC_NAME,
  clinicLicence: env.CLINIC_LICENCE ?? null,
  linkHours: env.DOCUMENT_LINK_HOURS,
  maxUploadBytes: env.DOCUMENT_MAX_UPLOAD_MB * 1024 * 1024,
  publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT ?? 3000}`).replace(/\/$/, ''),
  texts: ports.renderer ?? null,
});
