import { defineEntity, p } from '@mikro-orm/core';

/**
 * The bot's sessions and conversation state, in PostgreSQL so a restart loses no dialog. Keys are
 * "<namespace>:<telegram user id>".
 */
export const BotStateSchema = defineEntity({
  name: 'BotState',
  tableName: 'bot_state',
  properties: {
    key: p.string().length(100).primary(),
    value: p.json<unknown>(),
    updatedAt: p.datetime(),
  },
});

export class BotState extends BotStateSchema.class {}
BotStateSchema.setClass(BotState);
