// Mock identity providers offered on the choice page, like FranceConnect's (franceconnect.md §1.4).
// Every mock knows every test citizen, so `test` / `123` works with each of them.

export interface MockIdentityProvider {
  /** Also the value accepted in the `idp_hint` parameter. */
  id: string;
  name: string;
  /** What the citizen types as identifier at the real provider (shown as a hint only). */
  loginHint: string;
}

export const IDENTITY_PROVIDERS: readonly MockIdentityProvider[] = [
  { id: 'impots', name: 'impots.gouv.fr', loginHint: 'Numéro fiscal' },
  { id: 'ameli', name: 'ameli.fr', loginHint: 'Numéro de sécurité sociale' },
  { id: 'laposte', name: 'L’Identité Numérique La Poste', loginHint: 'Adresse électronique' },
  { id: 'mobileconnect', name: 'MobileConnect et moi', loginHint: 'Numéro de téléphone mobile' },
  { id: 'msa', name: 'MSA', loginHint: 'Numéro de sécurité sociale' },
];

export function identityProvider(id: string): MockIdentityProvider | undefined {
  return IDENTITY_PROVIDERS.find((p) => p.id === id);
}
