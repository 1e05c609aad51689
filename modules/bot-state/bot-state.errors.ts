import { defineErrors, registerErrors } from '../../shared/errors.ts';

export const botStateErrors = registerErrors(defineErrors('botState', { foreign_key: 'FORBIDDEN' }));
