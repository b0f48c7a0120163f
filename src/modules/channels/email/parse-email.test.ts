// Reading raw emails: the thread root from References / In-Reply-To, text preferred over HTML (and
// HTML turned into text when alone), files, and automatic messages told apart from a person's.
import { describe, expect, it } from 'vitest';
import { messageIdsOf, parseEmail, threadRootOf } from './parse-email.js';

const email = (headers: string[], body: string) => [...headers, '', body].join('\r\n');

describe('parseEmail', () => {
  it('threads a reply under the root of its References and keeps In-Reply-To last', async () => {
    const parsed = await parseEmail(
      email(['From: "Carla Diaz" <Carla@Customer.example>', 'To: support@shop.example', 'Subject: Re: My order', 'Message-ID: <c3@customer.example>', 'References: <root@shop.example>\r\n <c1@customer.example>', 'In-Reply-To: <c2@shop.example>', 'Content-Type: text/plain; charset=utf-8'], 'Still waiting.'),
      '<fallback@x>',
    );
    expect(parsed.messageId).toBe('<c3@customer.example>');
    expect(parsed.references).toEqual(['<root@shop.example>', '<c1@customer.example>', '<c2@shop.example>']);
    expect(threadRootOf(parsed)).toBe('<root@shop.example>');
    expect(parsed.from).toEqual({ address: 'carla@customer.example', name: 'Carla Diaz' });
    expect(parsed.text).toBe('Still waiting.');
    expect(parsed.automatic).toBeNull();
  });

  it('makes a first email its own thread, and gives an email without Message-ID the fallback id', async () => {
    const first = await parseEmail(email(['From: a@b.example', 'Message-ID: <first@b.example>', 'Subject: Hello'], 'Hi'), '<fallback@x>');
    expect(threadRootOf(first)).toBe('<first@b.example>');
    const anonymous = await parseEmail(email(['From: a@b.example', 'Subject: Hello'], 'Hi'), '<imap-1-7@ch_1>');
    expect(anonymous.messageId).toBe('<imap-1-7@ch_1>');
    expect(threadRootOf(anonymous)).toBe('<imap-1-7@ch_1>');
  });

  it('reads an HTML-only email as text and keeps its HTML', async () => {
    const parsed = await parseEmail(
      email(['From: a@b.example', 'Message-ID: <h@b.example>', 'Content-Type: text/html; charset=utf-8'], '<html><body><p>Hello <b>there</b></p><p>See <a href="https://shop.example/o/1">my order</a></p></body></html>'),
      '<f@x>',
    );
    expect(parsed.text).toContain('Hello there');
    expect(parsed.text).toContain('my order [https://shop.example/o/1]');
    expect(parsed.html).toContain('<b>there</b>');
  });

  it('lists attached files with their bytes but not the inline images of the HTML', async () => {
    const raw = email(
      ['From: a@b.example', 'Message-ID: <att@b.example>', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="mix"'],
      [
        '--mix',
        'Content-Type: multipart/related; boundary="rel"',
        '',
        '--rel',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>Photo: <img src="cid:logo@b"></p>',
        '--rel',
        'Content-Type: image/png',
        'Content-ID: <logo@b>',
        'Content-Disposition: inline',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from('png-bytes').toString('base64'),
        '--rel--',
        '--mix',
        'Content-Type: application/pdf; name="invoice.pdf"',
        'Content-Disposition: attachment; filename="invoice.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from('%PDF-1.4 invoice').toString('base64'),
        '--mix--',
      ].join('\r\n'),
    );
    const parsed = await parseEmail(raw, '<f@x>');
    expect(parsed.attachments.map(({ name, contentType, size }) => ({ name, contentType, size }))).toEqual([{ name: 'invoice.pdf', contentType: 'application/pdf', size: 16 }]);
    expect(parsed.attachments[0]!.content.toString()).toBe('%PDF-1.4 invoice');
    expect(parsed.html).toContain('cid:logo@b');
  });

  it.each([
    [['Auto-Submitted: auto-replied'], 'Auto-Submitted: auto-replied'],
    [['X-Autoreply: yes'], 'an auto-responder header'],
    [['Precedence: bulk'], 'Precedence: bulk'],
    [['Content-Type: multipart/report; report-type=delivery-status; boundary="b"'], 'a delivery report'],
  ])('tells an automatic email by %j', async (headers, reason) => {
    const parsed = await parseEmail(email(['From: someone@b.example', 'Message-ID: <auto@b.example>', ...headers], 'I am away'), '<f@x>');
    expect(parsed.automatic).toBe(reason);
  });

  it('tells bounces by their mailer daemon sender, and takes Auto-Submitted: no as a person', async () => {
    expect((await parseEmail(email(['From: MAILER-DAEMON@mx.example', 'Message-ID: <b@mx>'], 'Undeliverable'), '<f@x>')).automatic).toBe('sent by mailer-daemon@mx.example');
    expect((await parseEmail(email(['From: p@b.example', 'Message-ID: <p@b>', 'Auto-Submitted: no'], 'Hi'), '<f@x>')).automatic).toBeNull();
  });
});

describe('messageIdsOf', () => {
  it('reads bracketed lists, bare ids and drops repeats and blanks', () => {
    expect(messageIdsOf('<a@x> <b@x>  <a@x>')).toEqual(['<a@x>', '<b@x>']);
    expect(messageIdsOf(['<a@x>', 'c@x'])).toEqual(['<a@x>', '<c@x>']);
    expect(messageIdsOf('  ')).toEqual([]);
    expect(messageIdsOf(undefined)).toEqual([]);
  });
});
