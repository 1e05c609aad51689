import { z } from 'zod';
import { botProcedure, router } from '../../shared/trpc.ts';
import * as s from './patients.schemas.ts';
import { addDependant, checkIinFacts, listDependants, removeDependant } from './use-cases/manage-family.ts';
import {
  changePhone,
  deleteMyData,
  getProfile,
  setBlocked,
  setMarketingConsent,
} from './use-cases/manage-profile.ts';
import {
  answerConsents,
  answerMarketing,
  chooseLanguage,
  completeRegistration,
  editRegistrationField,
  getMe,
  getRegistration,
  setNamePart,
  setRegistrationIin,
  setRegistrationPhone,
} from './use-cases/register-patient.ts';

/** Everything here acts for the Telegram user the bot names, on that user's data only. */
export const patientsRouter = router({
  me: botProcedure.query(({ ctx }) => getMe(ctx)),
  setBlocked: botProcedure
    .input(z.object({ blocked: z.boolean() }))
    .mutation(({ ctx, input }) => setBlocked(ctx, input.blocked)),
  registration: router({
    state: botProcedure.query(({ ctx }) => getRegistration(ctx)),
    chooseLanguage: botProcedure
      .input(s.languageInput)
      .mutation(({ ctx, input }) => chooseLanguage(ctx, input.language)),
    answerConsents: botProcedure
      .input(s.consentAnswerInput)
      .mutation(({ ctx, input }) => answerConsents(ctx, input)),
    answerMarketing: botProcedure
      .input(s.marketingInput)
      .mutation(({ ctx, input }) => answerMarketing(ctx, input.optIn)),
    setPhone: botProcedure.input(s.phoneInput).mutation(({ ctx, input }) => setRegistrationPhone(ctx, input)),
    setNamePart: botProcedure.input(s.namePartInput).mutation(({ ctx, input }) => setNamePart(ctx, input)),
    setIin: botProcedure.input(s.iinInput).mutation(({ ctx, input }) => setRegistrationIin(ctx, input.iin)),
    edit: botProcedure
      .input(s.editFieldInput)
      .mutation(({ ctx, input }) => editRegistrationField(ctx, input)),
    complete: botProcedure.mutation(({ ctx }) => completeRegistration(ctx)),
  }),
  profile: router({
    get: botProcedure.query(({ ctx }) => getProfile(ctx)),
    setLanguage: botProcedure
      .input(s.languageInput)
      .mutation(({ ctx, input }) => chooseLanguage(ctx, input.language)),
    changePhone: botProcedure.input(s.phoneInput).mutation(({ ctx, input }) => changePhone(ctx, input)),
    setMarketing: botProcedure
      .input(s.marketingInput)
      .mutation(({ ctx, input }) => setMarketingConsent(ctx, input.optIn)),
    deleteMyData: botProcedure.input(s.deleteMyDataInput).mutation(({ ctx }) => deleteMyData(ctx)),
  }),
  family: router({
    checkIin: botProcedure.input(s.iinInput).query(({ ctx, input }) => checkIinFacts(ctx, input.iin)),
    list: botProcedure.query(({ ctx }) => listDependants(ctx)),
    add: botProcedure.input(s.addDependantInput).mutation(({ ctx, input }) => addDependant(ctx, input)),
    remove: botProcedure
      .input(s.dependantIdInput)
      .mutation(({ ctx, input }) => removeDependant(ctx, input.dependantId)),
  }),
});
