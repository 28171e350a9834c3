/**
 * Standalone build entry (`npm run build:autofill` → dist/pivot-autofill.js): evaluating the file
 * in any page defines `window.pivotAutofill`. It embeds the places tables, so it needs nothing else.
 */
import { createAutofill, type PivotAutofill } from './index';

declare global {
  interface Window {
    pivotAutofill?: PivotAutofill;
  }
}

if (!window.pivotAutofill) {
  Object.defineProperty(window, 'pivotAutofill', { value: createAutofill(), configurable: true, enumerable: false, writable: false });
}
