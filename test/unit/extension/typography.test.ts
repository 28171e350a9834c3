import { describe, expect, it } from 'vitest';
import { frenchTypographyProblems } from '../../support/extension/typography';

describe('the French typography check used by the screen tests', () => {
  it('accepts correct French typography and URLs', () => {
    expect(frenchTypographyProblems('Code\u00a0: x\u00a0; «\u00a0npm start\u00a0» ? Non, l’adresse http://localhost:3000 !'.replace(' ?', '\u00a0?').replace(' !', '\u00a0!'))).toEqual([]);
  });

  it.each(['Code : x', 'Code: x', 'Vraiment ?', 'l\'adresse', '« npm start »', 'dit "oui"'])('flags %j', (text) => {
    expect(frenchTypographyProblems(text)).not.toEqual([]);
  });
});
