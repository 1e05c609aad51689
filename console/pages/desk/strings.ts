import kkStrings from '../../../locales/kk/console-desk.lazy.ftl?raw';
import ruStrings from '../../../locales/ru/console-desk.lazy.ftl?raw';
import { addStrings } from '../../i18n.tsx';

// The registrar's words (the day board, booking by phone, the identity queue) come with the
// first of these pages opened, in the chunk their views share, not with the console's first load.
// Each view imports this file for that; a module runs once, so the words are added once.
addStrings({ ru: ruStrings, kk: kkStrings });
