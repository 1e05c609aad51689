import kkStrings from '../../../locales/kk/console-audit.lazy.ftl?raw';
import ruStrings from '../../../locales/ru/console-audit.lazy.ftl?raw';
import { addStrings } from '../../i18n.tsx';

// This page's words come with its chunk, not with the console's first load (as the desk's do).
addStrings({ ru: ruStrings, kk: kkStrings });
