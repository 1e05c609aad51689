import { Composer, InlineKeyboard, Keyboard } from 'grammy';
import type { InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove } from 'grammy/types';
import type { ButtonCodec } from '../../shared/buttons.ts';
import { formatPhone } from '../../shared/phone.ts';
import { onTap, REGISTRATION as R } from '../buttons.ts';
import type { ApiOutputs, BaseContext, BotContext } from '../context.ts';
import { domainFailure, errorMessage, isFailure, orExplain } from '../errors.ts';
import { escapeHtml, formatDate, fullName } from '../format.ts';
import { languageOf } from '../i18n.ts';
import { iinTooLong, TEXT_LIMITS, tooLong } from '../input-limits.ts';
import { languageKeyboard, mainMenu, removeKeyboard } from '../keyboards.ts';
import { answeringTap } from './tap.ts';

type RegistrationState = ApiOutputs['patients']['registration']['state'];
type Markup = InlineKeyboard | Keyboard | InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove;

/**
 * Registration, driven by the server: the API keeps what the user has confirmed and says which
 * step is next, so the bot holds no registration state of its own. An interrupted registration,
 * a restart or a /start in the middle all resume at the first unanswered question.
 */

/**
 * Sends a step's prompt; the previous prompt loses its buttons so old taps cannot double-answer.
 * Both go out at once: neither waits for Telegram's answer to the other.
 */
export async function sendPrompt(ctx: BotContext, text: string, markup?: Markup): Promise<void> {
  const cleared = clearPrompt(ctx);
  const sent = await ctx.reply(text, { parse_mode: 'HTML', reply_markup: markup });
  await cleared;
  if (markup instanceof InlineKeyboard) ctx.session.promptMessageId = sent.message_id;
}

export async function clearPrompt(ctx: BotContext): Promise<void> {
  const id = ctx.session.promptMessageId;
  if (!id || !ctx.chat) return;
  ctx.session.promptMessageId = undefined;
  await ctx.api.editMessageReplyMarkup(ctx.chat.id, id).catch(() => {});
}

function summaryText(ctx: BaseContext, state: RegistrationState): string {
  const d = state.draft;
  return ctx.t('reg-summary', {
    name: escapeHtml(fullName(d)),
    phone: d.phone ? formatPhone(d.phone) : ctx.t('not-set'),
    iin: d.iinMasked ?? '',
    birthDate: d.birthDate ? formatDate(d.birthDate) : '',
    sex: d.sex ? ctx.t(`sex-${d.sex}`) : '',
    marketing: ctx.t(d.marketingOptIn ? 'yes' : 'no'),
  });
}

/**
 * The registration funnel's step a question shows the person has reached: the question after a
 * step means that step is passed (the phone is asked once the consents are given).
 */
const FUNNEL_STEP: Record<RegistrationState['step'], string> = {
  language: 'started',
  consents: 'started',
  marketing: 'consent',
  phone: 'consent',
  last_name: 'phone',
  first_name: 'phone',
  middle_name: 'phone',
  iin: 'name',
  summary: 'iin',
  verify: 'iin',
  done: 'done',
};

/** Asks for whatever the state says is next. */
export async function showStep(ctx: BotContext, state: RegistrationState): Promise<void> {
  ctx.funnels.step(ctx, 'registration', FUNNEL_STEP[state.step], {}, state.step === 'done');
  switch (state.step) {
    case 'language':
      return sendPrompt(
        ctx,
        ctx.t('reg-language-prompt'),
        languageKeyboard(ctx, R.language, languageOf(ctx)),
      );
    case 'consents':
      return sendPrompt(
        ctx,
        ctx.t('reg-consent-text', { version: state.consentVersion }),
        new InlineKeyboard()
          .text(ctx.t('reg-consent-accept'), R.accept.data({ version: state.consentVersion }))
          .row()
          .text(ctx.t('reg-consent-decline'), R.decline.data({})),
      );
    case 'marketing':
      return sendPrompt(
        ctx,
        ctx.t('reg-marketing-prompt'),
        new InlineKeyboard()
          .text(ctx.t('reg-marketing-yes'), R.marketing.data({ optIn: '1' }))
          .text(ctx.t('reg-marketing-no'), R.marketing.data({ optIn: '0' })),
      );
    case 'phone':
      return sendPrompt(ctx, ctx.t('reg-phone-prompt'), phoneKeyboard(ctx));
    case 'last_name':
      return sendPrompt(ctx, ctx.t('reg-last-name-prompt'), removeKeyboard);
    case 'first_name':
      return sendPrompt(ctx, ctx.t('reg-first-name-prompt'), removeKeyboard);
    case 'middle_name':
      return sendPrompt(
        ctx,
        ctx.t('reg-middle-name-prompt'),
        new InlineKeyboard().text(ctx.t('skip'), R.skipMiddleName.data({})),
      );
    case 'iin':
      return sendPrompt(ctx, ctx.t('reg-iin-prompt'), removeKeyboard);
    case 'summary':
      return sendPrompt(
        ctx,
        summaryText(ctx, state),
        new InlineKeyboard().text(ctx.t('reg-confirm'), R.confirm.data({})).row().append(editButtons(ctx)),
      );
    case 'verify':
      return sendPrompt(ctx, await verifyText(ctx, state), verifyKeyboard(ctx, state));
    case 'done':
      return welcome(ctx, state);
  }
}

/** Registration is over: greet by the name the clinic has, and show the menu. */
async function welcome(ctx: BotContext, state: RegistrationState): Promise<void> {
  ctx.account = { ...ctx.account, registered: true, firstName: state.firstName, registrationStep: 'done' };
  await clearPrompt(ctx);
  await ctx.reply(
    state.firstName ? ctx.t('reg-done', { name: escapeHtml(state.firstName) }) : ctx.t('menu-title'),
    { parse_mode: 'HTML', reply_markup: mainMenu(ctx) },
  );
}

/**
 * The person must prove who they are. The text is the same whether or not the clinic knows the
 * IIN: a code went to the phone the clinic has for it (for a new patient, the one they gave), or
 * the desk confirms them; the branches' phones are there for questions.
 */
async function verifyText(ctx: BaseContext, state: RegistrationState): Promise<string> {
  const language = languageOf(ctx);
  const branches = await ctx.emhana.clinic.branches.list.query();
  const phones = branches
    .map((b) =>
      ctx.t('reg-verify-branch', { name: escapeHtml(b.name[language]), phone: formatPhone(b.phone) }),
    )
    .join('\n');
  const parts = [ctx.t(state.verify?.sms ? 'reg-verify-sms' : 'reg-verify-desk-only')];
  if (phones) parts.push('', ctx.t('reg-verify-phones'), phones);
  if (state.verify?.deskReference)
    parts.push('', ctx.t('reg-verify-desk-requested', { reference: state.verify.deskReference }));
  return parts.join('\n');
}

function verifyKeyboard(ctx: BaseContext, state: RegistrationState): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  if (state.verify?.sms) keyboard.text(ctx.t('reg-verify-resend'), R.codeAgain.data({})).row();
  if (!state.verify?.deskRequested) keyboard.text(ctx.t('reg-verify-desk'), R.desk.data({})).row();
  return keyboard.append(editButtons(ctx));
}

/** Go back to the phone, the name or the IIN (from the summary or while proving who one is). */
function editButtons(ctx: BaseContext): InlineKeyboard {
  return new InlineKeyboard()
    .text(ctx.t('reg-edit-phone'), R.edit.data({ field: 'phone' }))
    .text(ctx.t('reg-edit-name'), R.edit.data({ field: 'name' }))
    .row()
    .text(ctx.t('reg-edit-iin'), R.edit.data({ field: 'iin' }));
}

export function phoneKeyboard(ctx: BaseContext): Keyboard {
  return new Keyboard().requestContact(ctx.t('reg-phone-share')).resized().oneTime();
}

/** The longest answer each typed step takes. */
const STEP_LIMITS: Partial<Record<RegistrationState['step'], number>> = {
  phone: TEXT_LIMITS.phone,
  last_name: TEXT_LIMITS.personName,
  first_name: TEXT_LIMITS.personName,
  middle_name: TEXT_LIMITS.personName,
  verify: TEXT_LIMITS.code,
};

const state = (ctx: BotContext) => ctx.emhana.patients.registration.state.query();
/** The question registration is at, as the update's first read found it (no call needed). */
const stepNow = (ctx: BotContext) => ctx.account.registrationStep;

/** Runs a registration call; a domain error is explained, then the same question is asked again. */
async function advance(ctx: BotContext, call: () => Promise<RegistrationState>): Promise<void> {
  try {
    await showStep(ctx, await call());
  } catch (error) {
    const failure = domainFailure(error);
    if (!failure) throw error;
    const current = await state(ctx);
    // The phone step keeps its "share contact" keyboard on the explanation.
    await ctx.reply(errorMessage(ctx, failure), {
      reply_markup: current.step === 'phone' ? phoneKeyboard(ctx) : undefined,
    });
    if (isFailure(failure, 'consent_outdated', 'code_expired')) await showStep(ctx, current);
  }
}

export function registrationFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  // Registered users may still hold old registration buttons: answer, change nothing.
  composer
    .filter((ctx) => ctx.account.registered)
    .callbackQuery(
      Object.values(R).map((b) => b.pattern),
      (ctx) => ctx.answerCallbackQuery({ text: ctx.t('reg-already-done') }),
    );

  const flow = composer.filter((ctx) => !ctx.account.registered);
  // A registration button is an answer the patient chose to give: it ends a pause.
  const tap = <V>(codec: ButtonCodec<V>, handler: (ctx: BotContext, values: V) => Promise<unknown>) =>
    onTap(flow, codec, (ctx, values) => {
      ctx.session.registrationPaused = undefined;
      return answeringTap(ctx, () => handler(ctx, values));
    });

  flow.command(['start', 'menu'], async (ctx) => {
    ctx.session.registrationPaused = undefined;
    await showStep(ctx, await state(ctx));
  });

  // The commands of registered patients are commands here too: they say what opens them.
  flow.command(['book', 'appointments', 'profile', 'family'], async (ctx) => {
    await clearPrompt(ctx);
    await ctx.reply(ctx.t('reg-command-after-registration'), { reply_markup: removeKeyboard });
  });

  // Paused by /cancel: nothing typed is taken as an answer until the patient comes back.
  flow.on('message').filter(
    (ctx) => ctx.session.registrationPaused === true && !ctx.message.text?.startsWith('/'),
    (ctx) => ctx.reply(ctx.t('reg-paused'), { reply_markup: removeKeyboard }),
  );

  tap(R.language, async (ctx, { language }) => {
    const next = await ctx.emhana.patients.registration.chooseLanguage.mutate({ language });
    ctx.account.language = language;
    await ctx.i18n.renegotiateLocale();
    const cleared = clearPrompt(ctx);
    await ctx.reply(ctx.t('reg-language-chosen'));
    await cleared;
    await showStep(ctx, next);
  });

  tap(R.accept, async (ctx, { version }) => {
    await advance(ctx, () =>
      ctx.emhana.patients.registration.answerConsents.mutate({ version, accepted: true }),
    );
  });

  tap(R.decline, async (ctx) => {
    await sendPrompt(
      ctx,
      ctx.t('reg-consent-declined'),
      new InlineKeyboard().text(ctx.t('reg-consent-reconsider'), R.reconsider.data({})),
    );
  });

  tap(R.reconsider, async (ctx) => {
    await showStep(ctx, await state(ctx));
  });

  tap(R.marketing, async (ctx, values) => {
    const optIn = values.optIn === '1';
    await advance(ctx, () => ctx.emhana.patients.registration.answerMarketing.mutate({ optIn }));
  });

  tap(R.skipMiddleName, async (ctx) => {
    if (stepNow(ctx) !== 'middle_name') return showStep(ctx, await state(ctx));
    await advance(ctx, () =>
      ctx.emhana.patients.registration.setNamePart.mutate({ part: 'middle', value: null }),
    );
  });

  tap(R.edit, async (ctx, { field }) => {
    await advance(ctx, () => ctx.emhana.patients.registration.edit.mutate({ field }));
  });

  tap(R.confirm, async (ctx) => {
    const next = await orExplain(ctx, () => ctx.emhana.patients.registration.complete.mutate());
    await showStep(ctx, next ?? (await state(ctx)));
  });

  tap(R.codeAgain, async (ctx) => {
    await advance(ctx, async () => {
      const next = await ctx.emhana.patients.registration.sendCodeAgain.mutate();
      await ctx.reply(ctx.t('reg-verify-resent'));
      return next;
    });
  });

  tap(R.desk, async (ctx) => {
    await advance(ctx, () => ctx.emhana.patients.registration.askDesk.mutate());
  });

  // A button of a step that is over (or of another feature): show where registration stands.
  flow.on('callback_query:data', async (ctx) => {
    await ctx.answerCallbackQuery({ text: ctx.t('stale-button') });
    await showStep(ctx, await state(ctx));
  });

  flow.on('message:contact', async (ctx) => {
    if (stepNow(ctx) !== 'phone') return showStep(ctx, await state(ctx));
    const contact = ctx.message.contact;
    await advance(ctx, () =>
      ctx.emhana.patients.registration.setPhone.mutate({
        phone: contact.phone_number,
        contactUserId: contact.user_id ?? null,
      }),
    );
  });

  flow.on('message:text', async (ctx) => {
    const text = ctx.message.text;
    // A command is never an answer (a name, an IIN, a code): ask the question again.
    if (text.startsWith('/')) return showStep(ctx, await state(ctx));
    const api = ctx.emhana.patients.registration;
    const step = stepNow(ctx);
    // Too long for the step: say the limit, keep the question (the API would refuse it wordlessly).
    const limit = step === 'iin' ? iinTooLong(ctx, text) : tooLong(ctx, text, STEP_LIMITS[step] ?? Infinity);
    if (limit) {
      await ctx.reply(limit, { reply_markup: step === 'phone' ? phoneKeyboard(ctx) : undefined });
      return;
    }
    switch (step) {
      case 'phone':
        return advance(ctx, () => api.setPhone.mutate({ phone: text }));
      case 'last_name':
        return advance(ctx, () => api.setNamePart.mutate({ part: 'last', value: text }));
      case 'first_name':
        return advance(ctx, () => api.setNamePart.mutate({ part: 'first', value: text }));
      case 'middle_name':
        return advance(ctx, () => api.setNamePart.mutate({ part: 'middle', value: text }));
      case 'iin':
        return advance(ctx, () => api.setIin.mutate({ iin: text }));
      case 'verify':
        return advance(ctx, () => api.enterCode.mutate({ code: text }));
      default:
        // A question answered with buttons: say so, and ask again.
        await ctx.reply(ctx.t('use-buttons-again'));
        return showStep(ctx, await state(ctx));
    }
  });

  flow.on('message', async (ctx) => {
    await ctx.reply(ctx.t('use-buttons-again'));
    await showStep(ctx, await state(ctx));
  });

  return composer;
}
