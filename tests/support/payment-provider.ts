import type {
  PaymentProvider,
  ProviderCharge,
  ProviderCheckout,
  ProviderKey,
  ProviderRefund,
  ProviderStatus,
} from '../../modules/payments/index.ts';
import { ProviderUnavailable } from '../../modules/payments/index.ts';

/**
 * A payment provider whose answers a test writes: what its status API says of each order, whether
 * it gives money back, whether it answers at all. For the rules of our own side (money recorded
 * once, refunds, alerts); the providers' real protocols are exercised against the sandbox's stand-ins.
 */
export class ScriptedProvider implements PaymentProvider {
  readonly key: ProviderKey;
  readonly terminal: string | undefined;
  readonly charges: ProviderCharge[] = [];
  readonly refunds: { refundId: string; amountTiyn: number }[] = [];
  statusCalls = 0;
  /** What the status API says, by order number (pending when not set). */
  readonly statuses = new Map<string, ProviderStatus>();
  refundAnswer: ProviderRefund = { state: 'done', providerRef: 'R-1' };
  down = false;

  constructor(key: ProviderKey, terminal?: string) {
    this.key = key;
    this.terminal = terminal;
  }

  async checkout(charge: ProviderCharge): Promise<ProviderCheckout> {
    if (this.down) throw new ProviderUnavailable(this.key, 'HTTP 503');
    this.charges.push(charge);
    return {
      providerRef: `${this.key}-${charge.orderNumber}`,
      url: `https://pay.example/${this.key}/${charge.orderNumber}`,
      qrToken: this.key === 'kaspi' ? `https://qr.example/${charge.orderNumber}` : null,
      expiresAt: charge.expiresAt,
      pollSeconds: this.key === 'kaspi' ? 5 : null,
    };
  }

  async status(payment: { orderNumber: string }): Promise<ProviderStatus> {
    this.statusCalls += 1;
    if (this.down) throw new ProviderUnavailable(this.key, 'HTTP 503');
    return this.statuses.get(payment.orderNumber) ?? { state: 'pending' };
  }

  /** Says the order is paid, in full unless told otherwise. */
  pay(charge: ProviderCharge, over: Partial<Extract<ProviderStatus, { state: 'paid' }>> = {}): void {
    this.statuses.set(charge.orderNumber, {
      state: 'paid',
      transactionId: `T-${charge.orderNumber}`,
      amountTiyn: charge.amountTiyn,
      currency: 'KZT',
      ...(this.terminal ? { terminal: this.terminal } : {}),
      ...over,
    });
  }

  async refund(refund: { refundId: string; amountTiyn: number }): Promise<ProviderRefund> {
    if (this.down) throw new ProviderUnavailable(this.key, 'HTTP 503');
    this.refunds.push(refund);
    return this.refundAnswer;
  }
}
