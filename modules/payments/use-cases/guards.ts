import type { DeliveryGuard } from '../../notifications/index.ts';
import { Invoice } from '../entities/payment.entity.ts';

/** "A new invoice" and "your link expired" go only while the invoice still waits for money. */
export const invoiceGuard: DeliveryGuard = async (em, spec) => {
  const invoice = await em.findOne(Invoice, Number(spec.invoiceId));
  return invoice?.status === 'unpaid';
};
