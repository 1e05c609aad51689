/** The bot's sessions and conversation state. */
import { botStateErrors } from './bot-state.errors.ts';
import { BotState } from './entities/bot-state.entity.ts';

export { botStateRouter } from './bot-state.router.ts';
export { purgeStaleBotState } from './use-cases/bot-state.ts';

export const botStateModule = { name: 'botState', entities: [BotState], errors: botStateErrors };
