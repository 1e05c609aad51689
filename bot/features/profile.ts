import { createConversation } from '@grammyjs/conversations';
import type { I18n } from '@grammyjs/i18n';
import { Composer, InlineKeyboard } from 'grammy';
import { formatPhone } from '../../shared/phone.ts';
import { KAZAKHSTAN_ZONE, localDate } from '../../shared/time.ts';
import { BOT_BUTTONS as B, onTap } from '../buttons.ts';
import type { ApiOutputs, BaseContext, BotContext } from '../context.ts';
import { errorMessage } from '../errors.ts';
import { callApi, type Flow } from '../flows.ts';
import { escapeHtml, formatDate, formatWhen, fullName } from '../format.ts';
import { languageOf } from '../i18n.ts';
import { TEXT_LIMITS, tooLong } from '../input-limits.ts';
import { mainMenu, removeKeyboard } from '../keyboards.ts';
import type { Steps } from '../steps.ts';
import { askLanguage, menuButton } from './core.ts';
import { clearPrompt, phoneKeyboard, sendPrompt } from './registration.ts';

type Profile = ApiOutputs['patients']['profile']['get'];
type ConsentState = Profile['consents']['marketing'];

// A consent belongs to no branch: its date is the one in Kazakhstan, not in UTC, where a consent
// given between 00:00 and 05:00 would show the day before.
const dateOf = (at: Date) => formatDate(localDate(at, KAZAKHSTAN_ZONE));

function consentLine(ctx: BaseContext, state: ConsentState): string {
  if (!state) return ctx.t('consent-none');
  return ctx.t(state.granted ? 'consent-granted' : 'consent-withdrawn', { date: dateOf(state.at) });
}

function profileCard(ctx: BaseContext, p: Profile): { text: string; keyboard: InlineKeyboard } {
  const marketing = p.consents.marketing?.granted ?? false;
  const documents = p.consents.telegram_documents?.granted ?? false;
  return {
    text: ctx.t('profile-card', {
      name: escapeHtml(fullName(p)),
      phone: p.phone ? formatPhone(p.phone) : ctx.t('not-set'),
      iin: p.iinMasked,
      birthDate: formatDate(p.birthDate),
      language: ctx.t(`lang-name-${p.language}`),
      personal: consentLine(ctx, p.consents.personal_data),
      medical: consentLine(ctx, p.consents.medical_data),
      marketing: consentLine(ctx, p.consents.marketing),
      documents: consentLine(ctx, p.consents.telegram_documents),
    }),
    keyboard: new InlineKeyboard()
      .text(ctx.t('profile-change-language'), B.profileLanguage.data({}))
      .text(ctx.t('profile-change-phone'), B.profilePhone.data({}))
      .row()
      .text(
        ctx.t(marketing ? 'profile-marketing-off' : 'profile-marketing-on'),
        B.profileMarketing.data({ optIn: marketing ? '0' : '1' }),
      )
      .row()
      .text(
        ctx.t(documents ? 'profile-documents-off' : 'profile-documents-on'),
        B.profileDocuments.data({ optIn: documents ? '0' : '1' }),
      )
      .row()
      .text(ctx.t('profile-family'), B.family.data({}))
      .text(ctx.t('profile-guardians'), B.guardians.data({}))
      .row()
      .text(ctx.t('profile-delete'), B.deleteData.data({})),
  };
}

async function showProfile(ctx: BotContext): Promise<void> {
  const card = profileCard(ctx, await ctx.emhana.patients.profile.get.query());
  await sendPrompt(ctx, card.text, card.keyboard);
}

/** A new phone, by "share contact" or typed; /cancel or any menu button leaves. */
async function changePhone(conversation: Flow, ctx: BaseContext): Promise<void> {
  await ctx.reply(ctx.t('profile-phone-prompt'), { reply_markup: phoneKeyboard(ctx) });
  for (;;) {
    const answer = await conversation.waitFor(['message:contact', 'message:text'], {
      otherwise: (other) =>
        other.reply(other.t('profile-phone-prompt'), { reply_markup: phoneKeyboard(other) }),
    });
    const contact = answer.message.contact;
    // Too long to be a phone (the API would refuse it wordlessly): the limit, and the question again.
    const limit = contact ? null : tooLong(answer, answer.message.text ?? '', TEXT_LIMITS.phone);
    if (limit) {
      await answer.reply(limit, { reply_markup: phoneKeyboard(answer) });
      continue;
    }
    const input = contact
      ? { phone: contact.phone_number, contactUserId: contact.user_id ?? null }
      : { phone: answer.message.text ?? '' };
    const result = await callApi(conversation, () => ctx.emhana.patients.profile.changePhone.mutate(input));
    if (result.ok) {
      await answer.reply(
        answer.t('profile-phone-changed', { phone: formatPhone(result.value.phone ?? '') }),
        {
          reply_markup: mainMenu(answer),
        },
      );
      return;
    }
    await answer.reply(errorMessage(answer, result.failure), { reply_markup: phoneKeyboard(answer) });
  }
}

/** "Delete my data?": before anything is deleted, the patient sees which future visits will be cancelled. */
async function askDelete(ctx: BotContext): Promise<void> {
  const { items } = await ctx.emhana.patients.profile.deletePreview.query();
  const language = languageOf(ctx);
  const visits = items.map((v) =>
    ctx.t('profile-delete-visit', {
      name: escapeHtml(v.patientName),
      at: formatWhen(v.startsAt, v.timeZone, language, 'day'),
      service: escapeHtml(v.title[language]),
      branch: escapeHtml(v.place[language]),
    }),
  );
  await sendPrompt(
    ctx,
    [
      ctx.t('profile-delete-confirm'),
      ...(visits.length ? ['', ctx.t('profile-delete-visits'), ...visits] : []),
    ].join('\n'),
    new InlineKeyboard()
      .text(ctx.t('profile-delete-yes'), B.deleteDataYes.data({}))
      .text(ctx.t('profile-delete-no'), B.deleteDataNo.data({})),
  );
}

export function profileFeature(i18n: I18n<BaseContext>, steps: Steps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.use(createConversation(changePhone, 'changePhone'));
  const registered = composer.filter((ctx) => ctx.account.registered);

  // The card, the language choice and the deletion question wait for a tap: a text typed at
  // them shows them again.
  steps.redrawable(B.profile, showProfile);
  steps.redrawable(B.profileLanguage, askLanguage);
  steps.redrawable(B.deleteData, askDelete);
  const open = (ctx: BotContext) => {
    steps.reached(ctx, B.profile, B.profile.data({}));
    return showProfile(ctx);
  };
  registered.command('profile', open);
  registered.filter(menuButton(i18n, 'menu-profile'), open);

  onTap(registered, B.profileLanguage, async (ctx) => {
    await ctx.answerCallbackQuery();
    steps.reached(ctx, B.profileLanguage, ctx.callbackQuery.data);
    await askLanguage(ctx);
  });

  onTap(registered, B.profilePhone, async (ctx) => {
    await ctx.answerCallbackQuery();
    await clearPrompt(ctx);
    await ctx.conversation.enter('changePhone');
  });

  onTap(registered, B.profileMarketing, async (ctx, values) => {
    const optIn = values.optIn === '1';
    const profile = await ctx.emhana.patients.profile.setMarketing.mutate({ optIn });
    await ctx.answerCallbackQuery({
      text: ctx.t(optIn ? 'profile-marketing-enabled' : 'profile-marketing-disabled'),
    });
    const card = profileCard(ctx, profile);
    await ctx.editMessageText(card.text, { parse_mode: 'HTML', reply_markup: card.keyboard });
    steps.reached(ctx, B.profile, B.profile.data({}));
  });

  // Medical documents as files in this chat, or as links (the question the first "Open" asks).
  onTap(registered, B.profileDocuments, async (ctx, values) => {
    const granted = values.optIn === '1';
    const profile = await ctx.emhana.patients.profile.setTelegramDocuments.mutate({ granted });
    await ctx.answerCallbackQuery({
      text: ctx.t(granted ? 'profile-documents-enabled' : 'profile-documents-disabled'),
    });
    const card = profileCard(ctx, profile);
    await ctx.editMessageText(card.text, { parse_mode: 'HTML', reply_markup: card.keyboard });
    steps.reached(ctx, B.profile, B.profile.data({}));
  });

  onTap(registered, B.deleteData, async (ctx) => {
    await ctx.answerCallbackQuery();
    steps.reached(ctx, B.deleteData, ctx.callbackQuery.data);
    await askDelete(ctx);
  });

  onTap(registered, B.deleteDataNo, async (ctx) => {
    await ctx.answerCallbackQuery();
    await clearPrompt(ctx);
    await ctx.reply(ctx.t('profile-delete-kept'), { reply_markup: mainMenu(ctx) });
  });

  onTap(registered, B.deleteDataYes, async (ctx) => {
    await ctx.answerCallbackQuery();
    await clearPrompt(ctx);
    await ctx.emhana.patients.profile.deleteMyData.mutate({ confirm: true });
    await ctx.emhana.botState.forgetMe.mutate();
    // Without this the session middleware would write the session back after the update.
    (ctx as { session: unknown }).session = null;
    await ctx.reply(ctx.t('profile-deleted'), { reply_markup: removeKeyboard });
  });

  return composer;
}
