import { createConversation } from '@grammyjs/conversations';
import type { I18n } from '@grammyjs/i18n';
import { Composer, InlineKeyboard } from 'grammy';
import { normalizePersonName } from '../../shared/person-name.ts';
import type { ApiOutputs, BaseContext, BotContext } from '../context.ts';
import { errorMessage } from '../errors.ts';
import { callApi, type Flow } from '../flows.ts';
import { escapeHtml, formatDate, fullName } from '../format.ts';
import { mainMenu } from '../keyboards.ts';
import { menuButton } from './core.ts';
import { sendPrompt } from './registration.ts';

type Dependant = ApiOutputs['patients']['family']['list'][number];
const RELATIONS = ['child', 'parent', 'spouse', 'other'] as const;

function familyMessage(ctx: BaseContext, people: Dependant[]): { text: string; keyboard: InlineKeyboard } {
  const lines = people.map((p) =>
    ctx.t('family-item', {
      name: escapeHtml(fullName(p)),
      relation: ctx.t(`relation-${p.relation}`),
      birthDate: formatDate(p.birthDate),
      iin: p.iinMasked,
    }),
  );
  const keyboard = new InlineKeyboard();
  for (const p of people)
    keyboard.text(ctx.t('family-remove', { name: p.firstName }), `fam:rm:${p.id}`).row();
  keyboard.text(ctx.t('family-add'), 'fam:add');
  const text = [ctx.t('family-title'), '', ...(lines.length ? lines : [ctx.t('family-empty')])].join('\n');
  return { text, keyboard };
}

async function showFamily(ctx: BotContext): Promise<void> {
  const message = familyMessage(ctx, await ctx.emhana.patients.family.list.query());
  await sendPrompt(ctx, message.text, message.keyboard);
}

/** Asks one name; a name that is not a name is explained and asked again. */
async function askName(
  conversation: Flow,
  ctx: BaseContext,
  promptKey: string,
  optional: boolean,
): Promise<string | null> {
  await ctx.reply(ctx.t(promptKey), {
    reply_markup: optional ? new InlineKeyboard().text(ctx.t('skip'), 'fam:skip') : undefined,
  });
  for (;;) {
    const answer = await conversation.wait();
    if (optional && answer.callbackQuery?.data === 'fam:skip') {
      await answer.answerCallbackQuery();
      return null;
    }
    const name = answer.message?.text ? normalizePersonName(answer.message.text) : null;
    if (name) return name;
    await answer.reply(answer.t('err-patients-name_invalid'));
  }
}

/** Adds a dependant: who they are to the patient, their IIN, then their name. */
async function addDependant(conversation: Flow, ctx: BaseContext): Promise<void> {
  const relations = new InlineKeyboard();
  for (const r of RELATIONS) relations.text(ctx.t(`relation-${r}`), `fam:rel:${r}`);
  await ctx.reply(ctx.t('family-relation-prompt'), { reply_markup: relations });
  const chosen = await conversation.waitForCallbackQuery(/^fam:rel:(child|parent|spouse|other)$/, {
    otherwise: (other) => other.reply(other.t('use-buttons')),
  });
  await chosen.answerCallbackQuery();
  await chosen.editMessageReplyMarkup().catch(() => {});
  const relation = chosen.match[1] as (typeof RELATIONS)[number];

  await ctx.reply(ctx.t('family-iin-prompt'));
  let iin = '';
  for (;;) {
    const answer = await conversation.waitFor('message:text', {
      otherwise: (o) => o.reply(o.t('family-iin-prompt')),
    });
    const text = answer.message.text;
    const checked = await callApi(conversation, () =>
      ctx.emhana.patients.family.checkIin.query({ iin: text }),
    );
    if (checked.ok) {
      iin = text;
      break;
    }
    await answer.reply(errorMessage(answer, checked.failure));
  }

  const lastName = (await askName(conversation, ctx, 'family-last-name-prompt', false))!;
  const firstName = (await askName(conversation, ctx, 'family-first-name-prompt', false))!;
  const middleName = await askName(conversation, ctx, 'family-middle-name-prompt', true);

  const result = await callApi(conversation, () =>
    ctx.emhana.patients.family.add.mutate({ iin, lastName, firstName, middleName, relation }),
  );
  if (!result.ok) {
    await ctx.reply(errorMessage(ctx, result.failure), { reply_markup: mainMenu(ctx) });
    return;
  }
  await ctx.reply(ctx.t('family-added', { name: escapeHtml(`${lastName} ${firstName}`) }), {
    parse_mode: 'HTML',
    reply_markup: mainMenu(ctx),
  });
  const message = familyMessage(ctx, result.value);
  await ctx.reply(message.text, { parse_mode: 'HTML', reply_markup: message.keyboard });
}

export function familyFeature(i18n: I18n<BaseContext>): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.use(createConversation(addDependant, 'addDependant'));
  const registered = composer.filter((ctx) => ctx.account.registered);

  registered.command('family', showFamily);
  registered.filter(menuButton(i18n, 'menu-family'), showFamily);
  registered.callbackQuery('fam:list', async (ctx) => {
    await ctx.answerCallbackQuery();
    await showFamily(ctx);
  });

  registered.callbackQuery('fam:add', async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => {});
    await ctx.conversation.enter('addDependant');
  });

  registered.callbackQuery(/^fam:rm:(\d+)$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    const id = Number(ctx.match[1]);
    const person = (await ctx.emhana.patients.family.list.query()).find((p) => p.id === id);
    if (!person) return showFamily(ctx);
    await sendPrompt(
      ctx,
      ctx.t('family-remove-confirm', { name: escapeHtml(fullName(person)) }),
      new InlineKeyboard()
        .text(ctx.t('family-remove-yes'), `fam:rm:yes:${id}`)
        .text(ctx.t('back'), 'fam:list'),
    );
  });

  registered.callbackQuery(/^fam:rm:yes:(\d+)$/, async (ctx) => {
    const id = Number(ctx.match[1]);
    const before = await ctx.emhana.patients.family.list.query();
    const person = before.find((p) => p.id === id);
    if (!person) {
      await ctx.answerCallbackQuery({ text: ctx.t('stale-button') });
      return showFamily(ctx);
    }
    await ctx.emhana.patients.family.remove.mutate({ dependantId: id });
    await ctx.answerCallbackQuery();
    await ctx.reply(ctx.t('family-removed', { name: escapeHtml(person.firstName) }), { parse_mode: 'HTML' });
    await showFamily(ctx);
  });

  return composer;
}
