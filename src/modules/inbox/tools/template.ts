// Canned-response templates: `{{contact.first_name}}` variables with an optional fallback
// (`{{contact.first_name | "there"}}`). A small regex language on purpose — no logic, no escaping:
// the text around variables (HTML, markdown, emoji) is left exactly as written.

/** Variables every template may use, with what they stand for (the editor's picker shows these). */
export const templateVariables = [
  { name: 'contact.first_name', description: "The contact's first name (the first word of their name when no first name is set)" },
  { name: 'contact.last_name', description: "The contact's last name" },
  { name: 'contact.name', description: "The contact's full name" },
  { name: 'contact.email', description: "The contact's email address" },
  { name: 'contact.phone', description: "The contact's phone number" },
  { name: 'agent.name', description: 'Your full name (the agent sending the reply)' },
  { name: 'agent.first_name', description: 'Your first name' },
  { name: 'conversation.id', description: "The conversation's id" },
  { name: 'workspace.name', description: 'The name of this workspace (your brand)' },
] as const;

export const CUSTOM_PREFIX = 'contact.custom.';

export type TemplateVariableName = (typeof templateVariables)[number]['name'];

/** One `{{ … }}` of a template, where it sits and what it asks for. */
export type TemplatePlaceholder = { start: number; end: number; raw: string; variable: string; fallback: string | null };

/** A problem found in a template: what, where (1-based line and column) and how to fix it. */
export type TemplateProblem = { variable: string; line: number; column: number; message: string; hint: string };

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
// name, then optionally `| "fallback"` (double or single quotes; the fallback may not hold its own quote)
const INNER = /^\s*([A-Za-z_][\w.-]*)\s*(?:\|\s*(?:"([^"]*)"|'([^']*)')\s*)?$/;

export function parseTemplate(text: string): { placeholders: TemplatePlaceholder[]; malformed: TemplatePlaceholder[] } {
  const placeholders: TemplatePlaceholder[] = [];
  const malformed: TemplatePlaceholder[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    const raw = match[0];
    const start = match.index;
    const inner = INNER.exec(match[1]!);
    const placeholder = { start, end: start + raw.length, raw, variable: inner?.[1] ?? match[1]!.trim(), fallback: inner ? (inner[2] ?? inner[3] ?? null) : null };
    (inner ? placeholders : malformed).push(placeholder);
  }
  return { placeholders, malformed };
}

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

const known = new Set<string>(templateVariables.map((variable) => variable.name));

/** The closest known variable by edit distance, to suggest for a typo. */
function closest(name: string, candidates: string[]): string | null {
  let best: { name: string; distance: number } | null = null;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (!best || distance < best.distance) best = { name: candidate, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(best.name.length / 3)) ? best.name : null;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * Every variable of the template that would not render: unknown names (with the nearest known one),
 * custom fields the workspace does not define, and `{{ }}` that are not a variable at all.
 */
export function checkTemplate(text: string, customFieldKeys: readonly string[]): TemplateProblem[] {
  const { placeholders, malformed } = parseTemplate(text);
  const problems: TemplateProblem[] = [];
  for (const placeholder of malformed) {
    problems.push({
      variable: placeholder.raw,
      ...position(text, placeholder.start),
      message: `${placeholder.raw} is not a variable`,
      hint: 'Write a variable as {{contact.first_name}}, with an optional fallback in quotes: {{contact.first_name | "there"}}.',
    });
  }
  const customNames = customFieldKeys.map((key) => `${CUSTOM_PREFIX}${key}`);
  for (const placeholder of placeholders) {
    const name = placeholder.variable;
    if (known.has(name) || customNames.includes(name)) continue;
    const isCustom = name.startsWith(CUSTOM_PREFIX);
    const suggestion = closest(name, isCustom ? customNames : [...known, ...customNames]);
    const list = isCustom
      ? customFieldKeys.length > 0
        ? `Contact custom fields are: ${customFieldKeys.join(', ')}.`
        : 'This workspace has no contact custom fields yet; add one under Settings → Custom fields.'
      : `Known variables are ${[...known].join(', ')} and ${CUSTOM_PREFIX}<key>.`;
    problems.push({
      variable: name,
      ...position(text, placeholder.start),
      message: isCustom ? `{{${name}}}: no contact custom field "${name.slice(CUSTOM_PREFIX.length)}"` : `{{${name}}} is not a known variable`,
      // A likely typo needs only its correction; the full list is for names nothing resembles.
      hint: suggestion ? (isCustom ? `Did you mean {{${suggestion}}}? ${list}` : `Did you mean {{${suggestion}}}?`) : list,
    });
  }
  return problems;
}

/** What the variables stand for in one conversation; a missing value renders as the fallback (or nothing). */
export type TemplateValues = {
  contact: { name: string | null; firstName: string | null; lastName: string | null; email: string | null; phone: string | null; custom: Record<string, unknown> } | null;
  agent: { name: string } | null;
  conversationId: string | null;
  workspaceName: string;
};

function firstWord(name: string | null | undefined): string | null {
  const word = name?.trim().split(/\s+/)[0];
  return word ? word : null;
}

/** A variable's value; null when it has none, undefined when no such variable exists. */
function valueOf(name: string, values: TemplateValues): string | null | undefined {
  const contact = values.contact;
  if (name.startsWith(CUSTOM_PREFIX)) {
    const value = contact?.custom[name.slice(CUSTOM_PREFIX.length)];
    if (value === null || value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : String(value);
  }
  switch (name as TemplateVariableName) {
    case 'contact.first_name':
      return contact?.firstName?.trim() || firstWord(contact?.name);
    case 'contact.last_name':
      return contact?.lastName ?? null;
    case 'contact.name':
      return contact?.name ?? null;
    case 'contact.email':
      return contact?.email ?? null;
    case 'contact.phone':
      return contact?.phone ?? null;
    case 'agent.name':
      return values.agent?.name ?? null;
    case 'agent.first_name':
      return firstWord(values.agent?.name);
    case 'conversation.id':
      return values.conversationId;
    case 'workspace.name':
      return values.workspaceName;
    default:
      return undefined;
  }
}

/**
 * Fills the variables; text that is not a variable (malformed braces, unknown names) is kept as
 * written, so a problem shows in the preview instead of vanishing.
 */
export function renderTemplate(text: string, values: TemplateValues): string {
  return text.replace(PLACEHOLDER, (raw, inner: string) => {
    const match = INNER.exec(inner);
    if (!match) return raw;
    const value = valueOf(match[1]!, values);
    if (value === undefined) return raw;
    return value !== null && value.trim() !== '' ? value : (match[2] ?? match[3] ?? '');
  });
}
