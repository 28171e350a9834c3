/** Builders for plain field descriptors, as the collect stage would produce them, for unit tests. */
import type { FieldDescriptor, OptionInfo } from '../../extension/autofill/types';

let order = 0;

export function field(over: Partial<FieldDescriptor> = {}): FieldDescriptor {
  order++;
  return {
    id: `t${order}`,
    frame: 0,
    control: 'text',
    type: 'text',
    name: '',
    htmlId: '',
    autocomplete: '',
    label: '',
    hint: '',
    aria: '',
    placeholder: '',
    title: '',
    near: '',
    column: '',
    group: '',
    context: [],
    fieldset: 0,
    parent: order,
    grandparent: order,
    value: '',
    defaultValue: '',
    visible: true,
    readonly: false,
    disabled: false,
    maxLength: -1,
    pattern: '',
    lang: 'fr',
    order,
    ...over,
  };
}

export function options(...pairs: (string | [text: string, value: string])[]): OptionInfo[] {
  return pairs.map((p) => {
    const [text, value] = typeof p === 'string' ? [p, p] : p;
    return { text, value, selected: false, defaultSelected: false, disabled: false };
  });
}

export function select(label: string, opts: OptionInfo[], over: Partial<FieldDescriptor> = {}): FieldDescriptor {
  return field({ control: 'select', type: 'select', label, options: opts, optionCount: opts.length, value: opts[0]?.value ?? '', defaultValue: opts[0]?.value ?? '', ...over });
}

export function radios(label: string, opts: OptionInfo[], over: Partial<FieldDescriptor> = {}): FieldDescriptor {
  return field({ control: 'radio', type: 'radio', label, group: label, options: opts, optionCount: opts.length, ...over });
}

/** Fields sharing one block (same fieldset/parent), for split dates and first names. */
export function block(fields: Partial<FieldDescriptor>[], shared: Partial<FieldDescriptor> = {}): FieldDescriptor[] {
  const key = 10_000 + order;
  return fields.map((f) => field({ fieldset: key, parent: key, grandparent: key + 1, ...shared, ...f }));
}
