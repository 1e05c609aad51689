import { z } from 'zod';
import { botProcedure, router, staffProcedure } from '../../shared/trpc.ts';
import * as s from './patients.schemas.ts';
import {
  addDependant,
  answerFamilyRequest,
  cancelFamilyRequest,
  checkIinFacts,
  decideFamilyRequest,
  listFamily,
  listFamilyRequests,
  removeDependant,
} from './use-cases/manage-family.ts';
import {
  listGuardians,
  setGuardianAccess,
  staffEndGuardianship,
  staffGuardiansOf,
} from './use-cases/manage-guardians.ts';
import {
  changePhone,
  deleteMyData,
  getProfile,
  previewDeleteMyData,
  setBlocked,
  setMarketingConsent,
  setTelegramDocumentsConsent,
} from './use-cases/manage-profile.ts';
import { decideIdentityCheck, listIdentityChecks } from './use-cases/prove-identity.ts';
import { registerAtDesk } from './use-cases/register-at-desk.ts';
import {
  answerConsents,
  answerMarketing,
  askDesk,
  chooseLanguage,
  completeRegistration,
  editRegistrationField,
  enterCode,
  getMe,
  getRegistration,
  sendCodeAgain,
  setNamePart,
  setRegistrationIin,
  setRegistrationPhone,
} from './use-cases/register-patient.ts';

const frontDesk = () => staffProcedure('admin', 'registrar');

/** The bot's procedures act for the Telegram user the bot names, on that user's data only. */
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
    /** Proving who one is: the one-time code, another code, or the desk. */
    enterCode: botProcedure.input(s.codeInput).mutation(({ ctx, input }) => enterCode(ctx, input.code)),
    sendCodeAgain: botProcedure.mutation(({ ctx }) => sendCodeAgain(ctx)),
    askDesk: botProcedure.mutation(({ ctx }) => askDesk(ctx)),
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
    /** Medical documents as files in Telegram (granted) or as links to our server. */
    setTelegramDocuments: botProcedure
      .input(s.grantedInput)
      .mutation(({ ctx, input }) => setTelegramDocumentsConsent(ctx, input.granted)),
    deletePreview: botProcedure.query(({ ctx }) => previewDeleteMyData(ctx)),
    deleteMyData: botProcedure.input(s.deleteMyDataInput).mutation(({ ctx }) => deleteMyData(ctx)),
  }),
  family: router({
    checkIin: botProcedure.input(s.iinInput).query(({ ctx, input }) => checkIinFacts(ctx, input.iin)),
    list: botProcedure.query(({ ctx }) => listFamily(ctx)),
    add: botProcedure.input(s.addDependantInput).mutation(({ ctx, input }) => addDependant(ctx, input)),
    remove: botProcedure
      .input(s.dependantIdInput)
      .mutation(({ ctx, input }) => removeDependant(ctx, input.dependantId)),
    cancelRequest: botProcedure
      .input(s.requestIdInput)
      .mutation(({ ctx, input }) => cancelFamilyRequest(ctx, input.requestId)),
    /** The buttons of a request: the person asked about, or an existing guardian, answers. */
    answerRequest: botProcedure
      .input(s.answerRequestInput)
      .mutation(({ ctx, input }) => answerFamilyRequest(ctx, input)),
    /** Who manages the acting patient's visits; they keep or end each one's access. */
    guardians: botProcedure.query(({ ctx }) => listGuardians(ctx)),
    setGuardian: botProcedure
      .input(s.guardianAccessInput)
      .mutation(({ ctx, input }) => setGuardianAccess(ctx, input)),
  }),
  /** The desk's queues: people to confirm with their ID card, and family requests to settle. */
  staff: router({
    /** A caller who is not in Telegram, registered from their ID card (a known IIN: patient_exists). */
    register: frontDesk()
      .input(s.deskRegistrationInput)
      .mutation(({ ctx, input }) => registerAtDesk(ctx, input)),
    identityChecks: frontDesk()
      .input(s.identityQueueInput)
      .query(({ ctx, input }) => listIdentityChecks(ctx, input)),
    decideIdentity: frontDesk()
      .input(s.decideIdentityInput)
      .mutation(({ ctx, input }) => decideIdentityCheck(ctx, input)),
    familyRequests: frontDesk()
      .input(s.familyQueueInput)
      .query(({ ctx, input }) => listFamilyRequests(ctx, input)),
    decideFamilyRequest: frontDesk()
      .input(s.decideRequestInput)
      .mutation(({ ctx, input }) => decideFamilyRequest(ctx, input)),
    /** Who manages a patient's visits; ending a guardianship that papers show was not theirs. */
    guardians: frontDesk()
      .input(s.patientIdInput)
      .query(({ ctx, input }) => staffGuardiansOf(ctx, input.patientId)),
    endGuardianship: frontDesk()
      .input(s.linkIdInput)
      .mutation(({ ctx, input }) => staffEndGuardianship(ctx, input.linkId)),
  }),
});
