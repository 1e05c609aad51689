/**
 * Typed domain errors. Every module declares its error codes once (`defineErrors`) and throws
 * `DomainError`s built from that table. The API turns them into tRPC errors that carry a stable
 * `{ module, code }` pair, so clients (the bot first of all) can map them to localized messages
 * without parsing English text.
 */
export type ErrorStatus =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'TOO_MANY_REQUESTS'
  /** An outside service (a payment provider) did not answer: try again shortly. */
  | 'SERVICE_UNAVAILABLE';

export type ErrorParams = Record<string, string | number | boolean | null>;

export class DomainError extends Error {
  readonly module: string;
  readonly code: string;
  readonly status: ErrorStatus;
  readonly params: ErrorParams;

  constructor(module: string, code: string, status: ErrorStatus, params: ErrorParams = {}, message?: string) {
    super(message ?? `${module}.${code}`);
    this.name = 'DomainError';
    this.module = module;
    this.code = code;
    this.status = status;
    this.params = params;
  }
}

export type ErrorTable = Record<string, ErrorStatus>;

export interface ModuleErrors<M extends string, T extends ErrorTable> {
  readonly module: M;
  readonly codes: T;
  /** Builds the error; `params` become placeholders of the localized message. */
  (code: keyof T & string, params?: ErrorParams): DomainError;
  /** True when `error` is one of this module's errors with that code. */
  is(error: unknown, code?: keyof T & string): error is DomainError;
}

/** Declares a module's error codes and their API status, and returns a factory for them. */
export function defineErrors<const M extends string, const T extends ErrorTable>(
  module: M,
  codes: T,
): ModuleErrors<M, T> {
  const make = (code: keyof T & string, params?: ErrorParams) =>
    new DomainError(module, code, codes[code] as ErrorStatus, params);
  return Object.assign(make, {
    module,
    codes,
    is(error: unknown, code?: keyof T & string): error is DomainError {
      return (
        error instanceof DomainError && error.module === module && (code === undefined || error.code === code)
      );
    },
  });
}

/** Every module's error table registers here, so the locale-parity test can check all codes. */
export const errorRegistry = new Map<string, ErrorTable>();

export function registerErrors<M extends string, T extends ErrorTable>(
  errors: ModuleErrors<M, T>,
): ModuleErrors<M, T> {
  errorRegistry.set(errors.module, errors.codes);
  return errors;
}
