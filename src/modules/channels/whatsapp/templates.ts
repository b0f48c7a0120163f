// WhatsApp message templates as a send: which variables a template's header and body hold
// ({{1}}, {{2}}… or named ones like {{first_name}}), the text the agent will see in the thread, and
// the Graph API `template` object with every variable filled. A variable left empty is refused with
// its name, before anything is queued.
import type { WhatsAppTemplateComponent } from '../../../db/schema.js';
import { AppError } from '../../../server/errors.js';

export type TemplateDefinition = { name: string; language: string; parameterFormat: string; components: WhatsAppTemplateComponent[] };

export type TemplateVariables = {
  /** Values of the header's variables by name ("1" or "order_id") */
  header?: Record<string, string>;
  /** Values of the body's variables by name ("1", "2"… or "first_name") */
  body?: Record<string, string>;
  /** The variable part of URL buttons, by the button's index ("0") */
  button?: Record<string, string>;
  /** The public https link of the header's image, video or document, for templates with a media header */
  headerMediaUrl?: string;
};

/** A variable to fill; a URL button's is named by the button's index and carries its label */
export type TemplateVariable = { component: 'header' | 'body' | 'button'; name: string; example: string | null; button?: string };

/** The Graph API's `template` object of a send */
export type TemplatePayload = { name: string; language: { code: string }; components: Record<string, unknown>[] };

const VARIABLE = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;
const MEDIA_HEADERS = new Set(['IMAGE', 'VIDEO', 'DOCUMENT']);

const componentOf = (template: TemplateDefinition, type: 'HEADER' | 'BODY' | 'FOOTER' | 'BUTTONS') => template.components.find((component) => String(component.type).toUpperCase() === type);
const textOf = (component: WhatsAppTemplateComponent | undefined) => (typeof component?.text === 'string' ? component.text : '');

function namesIn(text: string): string[] {
  return [...new Set([...text.matchAll(VARIABLE)].map((match) => match[1]!))];
}

/** The examples Meta keeps with an approved template, by variable name: a hint for the agent. */
function examplesOf(component: WhatsAppTemplateComponent | undefined, kind: 'header' | 'body'): Map<string, string> {
  const examples = new Map<string, string>();
  const example = component?.example;
  if (!example || typeof example !== 'object') return examples;
  const record = example as Record<string, unknown>;
  const positional = kind === 'header' ? record.header_text : Array.isArray(record.body_text) ? record.body_text[0] : undefined;
  if (Array.isArray(positional)) positional.forEach((value, index) => typeof value === 'string' && examples.set(String(index + 1), value));
  const named = kind === 'header' ? record.header_text_named_params : record.body_text_named_params;
  if (Array.isArray(named)) {
    for (const entry of named) {
      const { param_name: name, example: value } = (entry ?? {}) as Record<string, unknown>;
      if (typeof name === 'string' && typeof value === 'string') examples.set(name, value);
    }
  }
  return examples;
}

/** Every variable of the header and the body, in order of appearance. */
export function templateVariables(template: TemplateDefinition): TemplateVariable[] {
  const variables: TemplateVariable[] = [];
  for (const [kind, type] of [['header', 'HEADER'], ['body', 'BODY']] as const) {
    const component = componentOf(template, type);
    const examples = examplesOf(component, kind);
    for (const name of namesIn(textOf(component))) variables.push({ component: kind, name, example: examples.get(name) ?? null });
  }
  // A URL button may end in one variable (https://shop.example/track/{{1}}), filled per send.
  const buttons = componentOf(template, 'BUTTONS')?.buttons;
  (Array.isArray(buttons) ? (buttons as Record<string, unknown>[]) : []).forEach((button, index) => {
    if (String(button.type).toUpperCase() !== 'URL' || typeof button.url !== 'string' || namesIn(button.url).length === 0) return;
    const example = Array.isArray(button.example) && typeof button.example[0] === 'string' ? button.example[0] : null;
    variables.push({ component: 'button', name: String(index), example, button: typeof button.text === 'string' ? button.text : `Button ${index + 1}` });
  });
  return variables;
}

/** The media a header needs (image, video, document), or null when it is text or absent. */
export function headerMediaOf(template: TemplateDefinition): 'image' | 'video' | 'document' | null {
  const format = String(componentOf(template, 'HEADER')?.format ?? '').toUpperCase();
  return MEDIA_HEADERS.has(format) ? (format.toLowerCase() as 'image' | 'video' | 'document') : null;
}

const fill = (text: string, values: Record<string, string>) => text.replace(VARIABLE, (token, name: string) => values[name]?.trim() || token);

/** The template's text as the customer will read it (header, body and footer), variables filled where given. */
export function renderTemplate(template: TemplateDefinition, variables: TemplateVariables = {}): string {
  const header = componentOf(template, 'HEADER');
  const parts = [headerMediaOf(template) ? '' : fill(textOf(header), variables.header ?? {}), fill(textOf(componentOf(template, 'BODY')), variables.body ?? {}), textOf(componentOf(template, 'FOOTER'))];
  return parts.filter((part) => part.trim() !== '').join('\n\n');
}

const HTTPS_URL = /^https?:\/\/[^\s/]+\.[^\s]+$/i;

/** The Graph API's template object, or an error naming every variable left empty. */
export function buildTemplatePayload(template: TemplateDefinition, variables: TemplateVariables = {}): TemplatePayload {
  const named = template.parameterFormat.toUpperCase() === 'NAMED';
  const all = templateVariables(template);
  const missing = all.filter((variable) => !variables[variable.component]?.[variable.name]?.trim());
  const media = headerMediaOf(template);
  const mediaUrl = variables.headerMediaUrl?.trim();
  const problems = missing.map((variable) => (variable.component === 'button' ? `{{1}} in the link of the button "${variable.button}"` : `{{${variable.name}}} of the ${variable.component}`));
  if (media && !mediaUrl) problems.push(`the header's ${media} link`);
  if (problems.length > 0) {
    throw new AppError('template.variable_missing', 400, `Fill ${problems.join(', ')} before sending the template "${template.name}".`, {
      field: 'variables',
      missing: [...missing.map((variable) => `${variable.component}.${variable.name}`), ...(media && !mediaUrl ? ['headerMediaUrl'] : [])],
    });
  }
  if (media && mediaUrl && !HTTPS_URL.test(mediaUrl)) throw new AppError('template.header_media', 400, `The header's ${media} must be a public link (https://…), not "${mediaUrl}".`, { field: 'headerMediaUrl' });

  const parameter = (variable: TemplateVariable) => ({ type: 'text', ...(named ? { parameter_name: variable.name } : {}), text: variables[variable.component]![variable.name]!.trim() });
  const components: Record<string, unknown>[] = [];
  const headerVariables = all.filter((variable) => variable.component === 'header');
  if (media) components.push({ type: 'header', parameters: [{ type: media, [media]: { link: mediaUrl } }] });
  else if (headerVariables.length > 0) components.push({ type: 'header', parameters: headerVariables.map(parameter) });
  const bodyVariables = all.filter((variable) => variable.component === 'body');
  if (bodyVariables.length > 0) components.push({ type: 'body', parameters: bodyVariables.map(parameter) });
  for (const variable of all.filter((candidate) => candidate.component === 'button')) {
    components.push({ type: 'button', sub_type: 'url', index: variable.name, parameters: [{ type: 'text', text: variables.button![variable.name]!.trim() }] });
  }
  return { name: template.name, language: { code: template.language }, components };
}
