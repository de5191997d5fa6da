/** A message with `{name}` placeholders, or a `{ one, other }` pair chosen by `n`. */
export type Template = string | { one: string; other: string };

export function fmt(template: Template, vars: Record<string, string | number> = {}): string {
  const text = typeof template === 'string' ? template : vars.n === 1 ? template.one : template.other;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}
