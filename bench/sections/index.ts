import type { Section } from '../types';
import { apiMeSection } from './api-me';
import { autofillSection } from './autofill';
import { fanoutSection } from './fanout';
import { loginSection } from './login';
import { popupSection } from './popup';
import { startupSection } from './startup';

/**
 * Every section of `npm run bench`, in the order they run. Each checks that the part it measures
 * exists and reports "not measured" with the reason otherwise. Parts and where they plug in:
 * - login flows per second vs a bare openid-client RP (foundation issue)        → login.ts
 * - /api/me throughput and p50/p99, one instance and two sharing Redis (issue 7) → api-me.ts
 * - data fan-out: twelve sources at 100 ms each, parallel vs sequential (issue 6) → fanout.ts
 * - autofill scan/fill on a ~600-field page and the fixture pages (issue 5)      → autofill.ts
 * - popup gzipped size and time to first render (issue 4)                       → popup.ts
 * - `npm start` time from command to ready (foundation issue)                    → startup.ts
 */
export const sections: Section[] = [loginSection, apiMeSection, startupSection, fanoutSection, autofillSection, popupSection];
