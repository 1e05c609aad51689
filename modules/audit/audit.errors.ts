import { defineErrors, registerErrors } from '../../shared/errors.ts';

export const auditErrors = registerErrors(
  defineErrors('audit', {
    /** More rows match than one export holds: narrow the period or the filters. */
    export_too_large: 'BAD_REQUEST',
  }),
);
