import { createConversation } from '@grammyjs/conversations';
import type { I18n } from '@grammyjs/i18n';
import { Composer, InlineKeyboard } from 'grammy';
import { BUTTONS } from '../../shared/buttons.ts';
import { normalizePersonName } from '../../shared/person-name.ts';
import { BOT_BUTTONS as B, onTap, RELATIONS } from '../buttons.ts';
import type { ApiOutputs, BaseContext, BotContext } from '../context.ts';
import { domainFailure, errorMessage, isFailure, orExplain } from '../errors.ts';
import { callApi, type Flow } from '../flows.ts';
import { escapeHtml, formatDate, fullName } from '../format.ts';
import { iinTooLong, TEXT_LIMITS, tooLong } from '../input-limits.ts';
import { mainMenu } from '../keyboards.ts';
import type { Steps } from '../steps.ts';
import { menuButton } from './core.ts';
import { sendPrompt } from './registration.ts';

type Family = ApiOutputs['patients']['family']['list'];
type Guardians = ApiOutputs['patients']['family']['guardians'];

/** The family: people in the account's care, and requests still waiting for someone's approval. */
function familyMessage(ctx: BaseContext, family: Family): { text: string; keyboard: InlineKeyboard } {
  const lines = family.dependants.map((p) =>
    ctx.t('family-item', {
      name: escapeHtml(fullName(p)),
      relation: ctx.t(`relation-${p.relation}`),
      birthDate: formatDate(p.birthDate),
      iin: p.iinMasked,
    }),
  );
  const waiting = family.requests.map((r) =>
    ctx.t('family-request-item', {
      name: escapeHtml(`${r.lastName} ${r.firstName}`),
      relation: ctx.t(`relation-${r.relation}`),
    }),
  );
  const keyboard = new InlineKeyboard();
  for (const p of family.dependants)
    keyboard
      .text(ctx.t('family-remove', { name: p.firstName }), B.familyRemove.data({ patientId: p.id }))
      .row();
  for (const r of family.requests)
    keyboard
      .text(
        ctx.t('family-request-cancel', { name: r.firstName }),
        B.familyRequestCancel.data({ requestId: r.id }),
      )
      .row();
  keyboard.text(ctx.t('family-add'), B.familyAdd.data({}));
  const empty = lines.length === 0 && waiting.length === 0;
  const text = [
    ctx.t('family-title'),
    '',
    ...(empty ? [ctx.t('family-empty')] : lines),
    ...(waiting.length ? ['', ctx.t('family-requests-title'), ...waiting] : []),
  ].join('\n');
  return { text, keyboard };
}

/** Who manages the patient's own visits: end an active guardian's access, or give it back. */
function guardiansMessage(
  ctx: BaseContext,
  guardians: Guardians,
): { text: string; keyboard: InlineKeyboard } {
  const keyboard = new InlineKeyboard();
  const lines = guardians.map((g) =>
    ctx.t(g.active ? 'guardian-item-active' : 'guardian-item-ended', {
      name: escapeHtml(g.name),
      relation: ctx.t(`relation-${g.relation}`),
    }),
  );
  for (const g of guardians) {
    if (g.active)
      keyboard
        .text(ctx.t('guardian-end', { name: g.name }), BUTTONS.endGuardian.data({ linkId: g.linkId }))
        .row();
    else
      keyboard
        .text(
          ctx.t('family-keep-guardian', { name: g.name }),
          BUTTONS.keepGuardian.data({ linkId: g.linkId }),
        )
        .row();
  }
  const text = [ctx.t('guardians-title'), '', ...(lines.length ? lines : [ctx.t('guardians-empty')])].join(
    '\n',
  );
  return { text, keyboard };
}

async function showFamily(ctx: BotContext): Promise<void> {
  const message = familyMessage(ctx, await ctx.emhana.patients.family.list.query());
  await sendPrompt(ctx, message.text, message.keyboard);
}

/** Asks one name; a name that is not a name (or too long a one) is explained and asked again. */
async function askName(
  conversation: Flow,
  ctx: BaseContext,
  promptKey: string,
  optional: boolean,
): Promise<string | null> {
  await ctx.reply(ctx.t(promptKey), {
    reply_markup: optional ? new InlineKeyboard().text(ctx.t('skip'), B.familySkip.data({})) : undefined,
  });
  for (;;) {
    const answer = await conversation.wait();
    if (optional && B.familySkip.parse(answer.callbackQuery?.data ?? '')) {
      await answer.answerCallbackQuery();
      return null;
    }
    const text = answer.message?.text ?? '';
    const limit = tooLong(answer, text, TEXT_LIMITS.personName);
    const name = limit ? null : normalizePersonName(text);
    if (name) return name;
    await answer.reply(limit ?? answer.t('err-patients-name_invalid'));
  }
}

/** Asks the IIN until the API finds it well formed; too long a text is said with the limit. */
async function askIin(conversation: Flow, ctx: BaseContext): Promise<string> {
  await ctx.reply(ctx.t('family-iin-prompt'));
  for (;;) {
    const answer = await conversation.waitFor('message:text', {
      otherwise: (o) => o.reply(o.t('family-iin-prompt')),
    });
    const text = answer.message.text;
    const limit = iinTooLong(answer, text);
    if (limit) {
      await answer.reply(limit);
      continue;
    }
    const checked = await callApi(conversation, () =>
      ctx.emhana.patients.family.checkIin.query({ iin: text }),
    );
    if (checked.ok) return text;
    await answer.reply(errorMessage(answer, checked.failure));
  }
}

/** Who the person is to the patient; text instead of a tap shows the buttons again. */
async function askRelation(conversation: Flow, ctx: BaseContext): Promise<(typeof RELATIONS)[number]> {
  const relations = new InlineKeyboard();
  for (const relation of RELATIONS)
    relations.text(ctx.t(`relation-${relation}`), B.familyRelation.data({ relation }));
  await ctx.reply(ctx.t('family-relation-prompt'), { reply_markup: relations });
  const chosen = await conversation.waitForCallbackQuery(B.familyRelation.pattern, {
    otherwise: async (other) => {
      if (other.callbackQuery) return other.answerCallbackQuery({ text: other.t('stale-button') });
      await other.reply(other.t('use-buttons-again'));
      await other.reply(other.t('family-relation-prompt'), { reply_markup: relations });
    },
  });
  await chosen.answerCallbackQuery();
  await chosen.editMessageReplyMarkup().catch(() => {});
  return B.familyRelation.parse(chosen.callbackQuery.data)!.relation;
}

/**
 * Errors of the add that one field answers: the IIN is asked again alone, everything else typed
 * stays. Other errors (the family is full) end the form.
 */
const IIN_FAILURES = [
  'iin_format',
  'iin_century',
  'iin_date',
  'iin_future',
  'iin_checksum',
  'dependant_is_self',
  'dependant_exists',
  'request_pending',
] as const;

/** Adds a dependant: who they are to the patient, their IIN, then their name. */
async function addDependant(conversation: Flow, ctx: BaseContext): Promise<void> {
  const relation = await askRelation(conversation, ctx);
  let iin = await askIin(conversation, ctx);
  const lastName = (await askName(conversation, ctx, 'family-last-name-prompt', false))!;
  const firstName = (await askName(conversation, ctx, 'family-first-name-prompt', false))!;
  const middleName = await askName(conversation, ctx, 'family-middle-name-prompt', true);

  for (;;) {
    const result = await callApi(conversation, () =>
      ctx.emhana.patients.family.add.mutate({ iin, lastName, firstName, middleName, relation }),
    );
    if (!result.ok && isFailure(result.failure, ...IIN_FAILURES)) {
      await ctx.reply(errorMessage(ctx, result.failure));
      iin = await askIin(conversation, ctx);
      continue;
    }
    if (!result.ok) {
      await ctx.reply(errorMessage(ctx, result.failure), { reply_markup: mainMenu(ctx) });
      return;
    }
    // "Asked" reads the same whoever must approve, and whether the clinic knew the person.
    const said = result.value.outcome === 'added' ? 'family-added' : 'family-requested';
    await ctx.reply(ctx.t(said, { name: escapeHtml(`${lastName} ${firstName}`) }), {
      parse_mode: 'HTML',
      reply_markup: mainMenu(ctx),
    });
    const message = familyMessage(ctx, result.value.family);
    await ctx.reply(message.text, { parse_mode: 'HTML', reply_markup: message.keyboard });
    return;
  }
}

export function familyFeature(i18n: I18n<BaseContext>, steps: Steps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.use(createConversation(addDependant, 'addDependant'));
  const registered = composer.filter((ctx) => ctx.account.registered);

  // The family and the guardians wait for a tap: a text typed at them shows them again.
  const showGuardians = async (ctx: BotContext) => {
    const message = guardiansMessage(ctx, await ctx.emhana.patients.family.guardians.query());
    await sendPrompt(ctx, message.text, message.keyboard);
  };
  steps.redrawable(B.family, showFamily);
  steps.redrawable(B.guardians, showGuardians);
  const open = (ctx: BotContext) => {
    steps.reached(ctx, B.family, B.family.data({}));
    return showFamily(ctx);
  };
  registered.command('family', open);
  registered.filter(menuButton(i18n, 'menu-family'), open);
  onTap(registered, B.family, async (ctx) => {
    await ctx.answerCallbackQuery();
    steps.reached(ctx, B.family, ctx.callbackQuery.data);
    await showFamily(ctx);
  });

  onTap(registered, B.familyAdd, async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => {});
    await ctx.conversation.enter('addDependant');
  });

  onTap(registered, B.familyRemove, async (ctx, { patientId }) => {
    await ctx.answerCallbackQuery();
    const person = (await ctx.emhana.patients.family.list.query()).dependants.find((p) => p.id === patientId);
    if (!person) return showFamily(ctx);
    await sendPrompt(
      ctx,
      ctx.t('family-remove-confirm', { name: escapeHtml(fullName(person)) }),
      new InlineKeyboard()
        .text(ctx.t('family-remove-yes'), B.familyRemoveYes.data({ patientId }))
        .text(ctx.t('back'), B.family.data({})),
    );
  });

  onTap(registered, B.familyRemoveYes, async (ctx, { patientId }) => {
    const person = (await ctx.emhana.patients.family.list.query()).dependants.find((p) => p.id === patientId);
    if (!person) {
      await ctx.answerCallbackQuery({ text: ctx.t('stale-button') });
      return showFamily(ctx);
    }
    await ctx.emhana.patients.family.remove.mutate({ dependantId: patientId });
    await ctx.answerCallbackQuery();
    await ctx.reply(ctx.t('family-removed', { name: escapeHtml(person.firstName) }), { parse_mode: 'HTML' });
    await showFamily(ctx);
  });

  onTap(registered, B.familyRequestCancel, async (ctx, { requestId }) => {
    const result = await orExplain(ctx, () => ctx.emhana.patients.family.cancelRequest.mutate({ requestId }));
    await ctx.answerCallbackQuery(result ? { text: ctx.t('family-request-cancelled') } : undefined);
    await showFamily(ctx);
  });

  // A request to manage someone: the person asked about, or one of their guardians, answers it.
  onTap(registered, BUTTONS.familyRequest, async (ctx, { answer, requestId }) => {
    const approve = answer === 'ok';
    try {
      await ctx.emhana.patients.family.answerRequest.mutate({ requestId, approve });
    } catch (error) {
      const failure = domainFailure(error);
      if (!isFailure(failure, 'request_answered', 'request_not_found')) throw error;
      await ctx.answerCallbackQuery({ text: errorMessage(ctx, failure), show_alert: true });
      await ctx.editMessageReplyMarkup().catch(() => {});
      return;
    }
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => {});
    await ctx.reply(ctx.t(approve ? 'family-request-you-allowed' : 'family-request-you-declined'), {
      reply_markup: mainMenu(ctx),
    });
  });

  onTap(registered, B.guardians, async (ctx) => {
    await ctx.answerCallbackQuery();
    steps.reached(ctx, B.guardians, ctx.callbackQuery.data);
    await showGuardians(ctx);
  });

  // Keep (give back) or end a guardian's access to the patient's own visits.
  const setAccess = async (ctx: BotContext, linkId: number, keep: boolean) => {
    const done = await orExplain(ctx, () => ctx.emhana.patients.family.setGuardian.mutate({ linkId, keep }));
    await ctx.answerCallbackQuery(
      done ? { text: ctx.t(keep ? 'guardian-kept' : 'guardian-ended') } : undefined,
    );
    if (done) await showGuardians(ctx);
  };
  onTap(registered, BUTTONS.keepGuardian, (ctx, { linkId }) => setAccess(ctx, linkId, true));
  onTap(registered, BUTTONS.endGuardian, (ctx, { linkId }) => setAccess(ctx, linkId, false));

  return composer;
}
