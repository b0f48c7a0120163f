// Canned-response templates: every variable, fallbacks, problems with where and how to fix them,
// and text that is not a variable (HTML, markdown, stray braces) left exactly as written.
import { describe, expect, it } from 'vitest';
import { checkTemplate, renderTemplate, templateVariables, type TemplateValues } from './template.js';
import { termsQueryText } from './repository.js';

const values: TemplateValues = {
  contact: { name: 'Maria Lopez Garcia', firstName: 'Maria', lastName: 'Lopez Garcia', email: 'maria@example.com', phone: '+34 600 000 000', custom: { tier: 'Gold', order_ref: 1234, sizes: ['S', 'M'], empty: '' } },
  agent: { name: 'Sam Agent' },
  conversationId: 'conv_123',
  workspaceName: 'Zephyr Shoes',
};

describe('renderTemplate', () => {
  it('fills every variable', () => {
    const text = templateVariables.map((variable) => `${variable.name}={{${variable.name}}}`).join('\n');
    expect(renderTemplate(text, values)).toBe(
      [
        'contact.first_name=Maria',
        'contact.last_name=Lopez Garcia',
        'contact.name=Maria Lopez Garcia',
        'contact.email=maria@example.com',
        'contact.phone=+34 600 000 000',
        'agent.name=Sam Agent',
        'agent.first_name=Sam',
        'conversation.id=conv_123',
        'workspace.name=Zephyr Shoes',
      ].join('\n'),
    );
  });

  it('fills custom fields, numbers and lists included', () => {
    expect(renderTemplate('{{contact.custom.tier}} / {{ contact.custom.order_ref }} / {{contact.custom.sizes}}', values)).toBe('Gold / 1234 / S, M');
  });

  it('uses the fallback when a value is missing or empty, and nothing when there is no fallback', () => {
    const anonymous: TemplateValues = { ...values, contact: { name: '', firstName: null, lastName: null, email: null, phone: null, custom: {} } };
    expect(renderTemplate('Hi {{contact.first_name | "there"}}!', anonymous)).toBe('Hi there!');
    expect(renderTemplate("Hi {{ contact.first_name|'friend' }}!", anonymous)).toBe('Hi friend!');
    expect(renderTemplate('Tier: {{contact.custom.empty | "none"}}, {{contact.custom.missing | "none"}}', values)).toBe('Tier: none, none');
    expect(renderTemplate('Hi {{contact.first_name}}!', anonymous)).toBe('Hi !');
    expect(renderTemplate('Hi {{contact.first_name | "there"}}!', { ...values, contact: null })).toBe('Hi there!');
    // A set value wins over the fallback.
    expect(renderTemplate('Hi {{contact.first_name | "there"}}!', values)).toBe('Hi Maria!');
  });

  it('takes the first word of the name when no first name is set', () => {
    expect(renderTemplate('{{contact.first_name}}', { ...values, contact: { ...values.contact!, firstName: null, name: 'Jo Runner' } })).toBe('Jo');
  });

  it('leaves HTML, markdown, emoji and braces that are not variables as written', () => {
    const text = '<p>**Hi** {{contact.first_name}} 👋</p>\n- [link](https://x.test/?a={b}) {single} {{ not a variable }} {{unknown.thing}} {{';
    expect(renderTemplate(text, values)).toBe('<p>**Hi** Maria 👋</p>\n- [link](https://x.test/?a={b}) {single} {{ not a variable }} {{unknown.thing}} {{');
    // A value is inserted as is, never escaped or interpreted.
    expect(renderTemplate('{{contact.name}}', { ...values, contact: { ...values.contact!, name: '<b>Bo & {{agent.name}}</b>' } })).toBe('<b>Bo & {{agent.name}}</b>');
  });
});

describe('checkTemplate', () => {
  it('accepts known variables, fallbacks and defined custom fields', () => {
    expect(checkTemplate('Hi {{contact.first_name | "there"}}, {{agent.first_name}} from {{workspace.name}} ({{contact.custom.tier}})', ['tier'])).toEqual([]);
  });

  it('reports an unknown variable with its line and column and the variable meant', () => {
    const problems = checkTemplate('Hello,\nthanks {{contact.frist_name}}!', []);
    expect(problems).toEqual([
      expect.objectContaining({ variable: 'contact.frist_name', line: 2, column: 8, message: '{{contact.frist_name}} is not a known variable' }),
    ]);
    expect(problems[0]!.hint).toContain('Did you mean {{contact.first_name}}?');
  });

  it('reports custom fields the workspace does not define, naming those it does', () => {
    const [problem] = checkTemplate('{{contact.custom.teir}}', ['tier', 'store']);
    expect(problem).toMatchObject({ variable: 'contact.custom.teir', line: 1, column: 1, message: '{{contact.custom.teir}}: no contact custom field "teir"' });
    expect(problem!.hint).toBe('Did you mean {{contact.custom.tier}}? Contact custom fields are: tier, store.');
    expect(checkTemplate('{{contact.custom.tier}}', [])[0]!.hint).toContain('no contact custom fields yet');
  });

  it('reports braces that are not a variable at all', () => {
    const [problem] = checkTemplate('Hi {{ first name }}', []);
    expect(problem).toMatchObject({ variable: '{{ first name }}', line: 1, column: 4, message: '{{ first name }} is not a variable' });
    expect(problem!.hint).toContain('{{contact.first_name | "there"}}');
  });
});

describe('termsQueryText', () => {
  it('ORs stems as prefixes and the words as written, skipping what would not parse', () => {
    expect(termsQueryText([['refund', 'refunds'], ['charg', 'charged'], ['a', 'a'], ["o'neil", "o'neil"], ['x', 'xl']])).toBe('refund:* | refunds | charg:* | charged | xl');
    expect(termsQueryText([])).toBeNull();
  });
});
