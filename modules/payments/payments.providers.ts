import type { Language } from '../../shared/localized.ts';
import type { ProviderKey } from './entities/payment.entity.ts';

/**
 * What the payments module asks of a payment provider. Each provider is an adapter in
 * server/payments/ written from the contract in ../shared/integrations/payments.md; the server
 * builds them from the environment (or points them at the sandbox's stand-ins) and hands them over
 * as the `payments` port. The module never speaks a provider's protocol itself.
 */
export interface ProviderCharge {
  /** Our payment's id (uuid): Kaspi's ExternalId, an idempotency key at the provider. */
  paymentId: string;
  /** Our order number: digits, 6–15 long (Halyk's invoiceID). */
  orderNumber: string;
  amountTiyn: number;
  /** What is paid for, as the provider's page shows it (the invoice's number, "2026-000042"). */
  description: string;
  language: Language;
  /** Our patient id, as the provider's account id. */
  accountId: string;
  /** Halyk: echoed back in its callback (postLink); ignored by Kaspi. */
  secretHash: string;
  /** Where the provider calls back (Halyk postLink); null for a provider without callbacks. */
  callbackUrl: string | null;
  /** Where the payer's browser goes after paying (a page of ours, or the bot). */
  returnUrl: string | null;
  /** When the link should stop taking money. */
  expiresAt: Date;
}

/** What the payer is given: a link for a URL button, and for Kaspi a QR to scan. */
export interface ProviderCheckout {
  /** The provider's id of this attempt (Halyk: its invoice id; Kaspi: QrPaymentId/PaymentId). */
  providerRef: string;
  url: string;
  /** Kaspi: the QR's content (rendered into an image by us); null otherwise. */
  qrToken: string | null;
  expiresAt: Date;
  /** Kaspi: how often it wants to be asked (StatusPollingInterval); null for a callback provider. */
  pollSeconds: number | null;
}

/** What the provider's status API says of one attempt. */
export type ProviderStatus =
  | { state: 'pending' }
  | {
      state: 'paid';
      transactionId: string;
      amountTiyn: number;
      currency: string;
      /** Halyk: the terminal the money went to; checked against ours. */
      terminal?: string;
    }
  | { state: 'failed' | 'expired' | 'cancelled'; reason: string }
  /** The provider has not heard of it (Halyk 102 before the payer opened the link). */
  | { state: 'unknown'; reason: string };

export type ProviderRefund =
  | { state: 'done'; providerRef: string | null }
  | { state: 'failed'; reason: string }
  /** The provider's scheme cannot give money back through the API (Kaspi's basic scheme). */
  | { state: 'unsupported'; reason: string };

/**
 * A provider's trouble that may pass (5xx, a timeout, a refused connection, its "try later"):
 * the caller retries later; nothing is decided from it.
 */
export class ProviderUnavailable extends Error {
  readonly provider: ProviderKey;
  constructor(provider: ProviderKey, message: string) {
    super(`${provider}: ${message}`);
    this.name = 'ProviderUnavailable';
    this.provider = provider;
  }
}

export interface PaymentProvider {
  key: ProviderKey;
  /** Halyk: our terminal id, which a callback must name. */
  terminal?: string;
  checkout(charge: ProviderCharge): Promise<ProviderCheckout>;
  status(payment: {
    orderNumber: string;
    providerRef: string | null;
    /** What we asked: Kaspi's status may leave its Amount out, and its link's amount is fixed. */
    amountTiyn?: number;
  }): Promise<ProviderStatus>;
  refund(refund: {
    /** Our refund's id: an idempotency key at the provider. */
    refundId: string;
    orderNumber: string;
    providerRef: string | null;
    transactionId: string;
    amountTiyn: number;
  }): Promise<ProviderRefund>;
}

/** The providers this run has, by key; a provider that is not configured is absent. */
export type PaymentProviders = Partial<Record<ProviderKey, PaymentProvider>>;

declare module '../../shared/module.ts' {
  interface ModulePorts {
    payments: PaymentProviders | null;
  }
}
