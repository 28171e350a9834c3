import type { DataKind } from './data-kinds';

/**
 * Shapes shared by the stages: collect (DOM → FieldDescriptor), qualify (→ QualifiedField),
 * plan (→ FillPlan), insert/verify (DOM). Everything here is plain data.
 */

/** The FranceConnect v2 userinfo claims, exactly as FranceConnect returns them. */
export interface FranceConnectClaims {
  sub?: string;
  given_name?: string;
  given_name_array?: string[];
  family_name?: string;
  preferred_username?: string;
  birthdate?: string;
  gender?: 'male' | 'female' | 'unspecified' | string;
  birthplace?: string;
  birthcountry?: string;
  email?: string;
  [claim: string]: unknown;
}

export type Control = 'text' | 'email' | 'date' | 'number' | 'tel' | 'textarea' | 'select' | 'radio' | 'checkbox';

export interface OptionInfo {
  text: string;
  value: string;
  selected: boolean;
  defaultSelected: boolean;
  disabled: boolean;
}

/** One form control (or one radio group) as the collect stage sees it. */
export interface FieldDescriptor {
  /** Stable for the life of the element: the same element gets the same id on every call. */
  id: string;
  /** 0 for the top document, then same-origin iframes in document order. */
  frame: number;
  control: Control;
  /** The `type` attribute (`text`, `date`, …) or the tag name for select/textarea. */
  type: string;
  name: string;
  htmlId: string;
  autocomplete: string;
  /** Text of the field's own label(s), hint text removed. */
  label: string;
  /** Hint/help text (DSFR `.fr-hint-text`, `aria-describedby`, « Format attendu : … »). */
  hint: string;
  /** `aria-label` and `aria-labelledby` text. */
  aria: string;
  placeholder: string;
  title: string;
  /** Text just before the field (label-less layouts), or the left/row-header table cell. */
  near: string;
  /** Table column header above the field. */
  column: string;
  /** Nearest fieldset legend or group label (radio groups, date parts). */
  group: string;
  /** Outer legends and section headings, nearest first. */
  context: string[];
  /** Keys of the nearest fieldset, parent and grandparent elements (adjacency of split fields). */
  fieldset: number;
  parent: number;
  grandparent: number;
  value: string;
  /** The value the page loaded with (`defaultValue`, default-selected option, default-checked radio). */
  defaultValue: string;
  visible: boolean;
  readonly: boolean;
  disabled: boolean;
  /** -1 when none. */
  maxLength: number;
  pattern: string;
  /** Select options (the first ones only when `optionsTruncated`) or radio choices. */
  options?: OptionInfo[];
  optionCount?: number;
  optionsTruncated?: boolean;
  /** Checkbox state. */
  checked?: boolean;
  defaultChecked?: boolean;
  /** Closest `lang`, lowercased (`fr`, `en-gb`). */
  lang: string;
  /** Position in document order across frames and shadow roots. */
  order: number;
}

export type IdentityKind =
  | 'birthName'
  | 'usageName'
  | 'lastName'
  | 'givenNames'
  | 'firstName'
  | 'givenName'
  | 'otherGivenNames'
  | 'birthDate'
  | 'birthDay'
  | 'birthMonth'
  | 'birthYear'
  | 'gender'
  | 'birthPlace'
  | 'birthPlaceCode'
  | 'birthDepartement'
  | 'birthCountry'
  | 'bornAbroad'
  | 'email'
  | 'emailConfirm';

/** Field kinds: the identity's, and data kinds (revenu fiscal de référence, quotient familial…; data-kinds.ts). */
export type FieldKind = IdentityKind | DataKind;

/** Recognised fields that Pivot must never fill (FranceConnect does not certify them). */
export type BlockedKind =
  | 'phone'
  | 'address'
  | 'postalCode'
  | 'city'
  | 'country'
  | 'nationality'
  | 'taxNumber'
  | 'income'
  | 'bank'
  | 'socialSecurity'
  | 'allocataire'
  | 'studentId'
  | 'password'
  | 'captcha'
  | 'fullName'
  | 'document'
  | 'profession'
  | 'familyStatus'
  | 'search';

export type Person = 'self' | 'other' | 'unknown';

export interface QualifiedField {
  field: FieldDescriptor;
  /** What the field is, or null when it is not one Pivot fills. */
  kind: FieldKind | null;
  /** For fields Pivot recognises but must not fill. */
  blocked?: BlockedKind;
  /** 0..1 */
  confidence: number;
  person: Person;
  /** The words that placed the field with another person (« conjoint », « mandataire »…). */
  personMarker?: string;
  /** For `givenName`: which first name (0-based). */
  index?: number;
  /** Human label used in reports and the preview. */
  label: string;
}

export type SkipReason =
  | 'not-selected'
  | 'no-claim'
  | 'no-data'
  | 'unspecified'
  | 'born-abroad'
  | 'other-person'
  | 'not-certified'
  | 'hidden'
  | 'readonly'
  | 'disabled'
  | 'user-value'
  | 'prefilled'
  | 'already-filled'
  | 'no-matching-option'
  | 'too-long'
  | 'pattern-mismatch'
  | 'low-confidence'
  | 'duplicate'
  | 'unknown-place'
  | 'rejected'
  | 'gone';

/** How insert writes one planned value. */
export type WriteAction =
  | { type: 'value'; value: string; /** characters a mask may keep, for checking its result */ digits?: boolean }
  | { type: 'option'; candidates: string[]; index?: number }
  | { type: 'radio'; candidates: string[]; index?: number }
  | { type: 'check'; checked: boolean };

export interface PlanItem {
  id: string;
  kind: FieldKind;
  /** The field's label as the page shows it. */
  label: string;
  /** The value as the citizen will read it in the preview (« 24/08/1962 », « Féminin »). */
  value: string;
  write: WriteAction;
  confidence: number;
  frame: number;
}

export interface SkipItem {
  id: string;
  kind: FieldKind | BlockedKind | null;
  label: string;
  reason: SkipReason;
  /** A short English explanation for logs and the preview (no personal data). */
  detail?: string;
}

export interface FillPlan {
  items: PlanItem[];
  skipped: SkipItem[];
}
