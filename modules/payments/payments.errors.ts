import { defineErrors, registerErrors } from '../../shared/errors.ts';

export const paymentErrors = registerErrors(
  defineErrors('payments', {
    invoice_not_found: 'NOT_FOUND',
    patient_not_found: 'NOT_FOUND',
    visit_not_of_patient: 'BAD_REQUEST',
    visit_not_found: 'NOT_FOUND',
    service_not_found: 'NOT_FOUND',
    invoice_empty: 'BAD_REQUEST',
    invoice_too_large: 'BAD_REQUEST',
    invoice_not_payable: 'CONFLICT',
    invoice_already_paid: 'CONFLICT',
    invoice_void: 'CONFLICT',
    invoice_changed: 'CONFLICT',
    provider_unavailable: 'SERVICE_UNAVAILABLE',
    provider_off: 'BAD_REQUEST',
    payment_not_found: 'NOT_FOUND',
    refund_too_large: 'BAD_REQUEST',
    refund_not_paid: 'CONFLICT',
    alert_not_found: 'NOT_FOUND',
  }),
);
