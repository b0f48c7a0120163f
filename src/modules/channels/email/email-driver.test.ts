// How SMTP and IMAP failures are read, and the reply's subject and HTML body.
import { describe, expect, it } from 'vitest';
import { classifySmtpError, htmlOf, outboundMessageId, replySubject } from './email-driver.js';
import { classifyImapError } from './poll-email-channel.js';

const smtpError = (fields: { code?: string; responseCode?: number; response?: string }, message = 'failed') => Object.assign(new Error(message), fields);

describe('classifySmtpError', () => {
  it('reads 5xx as permanent with the server text, 4xx as temporary, a refused login as credentials', () => {
    expect(classifySmtpError(smtpError({ code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 User unknown' }))).toMatchObject({ kind: 'permanent', message: 'The mail server refused the email: 550 5.1.1 User unknown' });
    expect(classifySmtpError(smtpError({ code: 'EENVELOPE', responseCode: 452, response: '452 4.2.2 Mailbox full' }))).toMatchObject({ kind: 'temporary', message: expect.stringContaining('Mailbox full') });
    expect(classifySmtpError(smtpError({ code: 'EAUTH', responseCode: 535, response: '535 5.7.8 Bad credentials' }))).toMatchObject({ kind: 'credentials' });
    // A login the server cannot check right now is tried again, not a wrong password.
    expect(classifySmtpError(smtpError({ code: 'EAUTH', responseCode: 454, response: '454 4.7.0 Temporary authentication failure' }))).toMatchObject({ kind: 'temporary' });
    expect(classifySmtpError(smtpError({ code: 'ECONNECTION' }, 'connect ECONNREFUSED 127.0.0.1:2525'))).toMatchObject({ kind: 'temporary', message: 'Could not reach the SMTP server: connect ECONNREFUSED 127.0.0.1:2525 (ECONNECTION)' });
  });
});

describe('classifyImapError', () => {
  it('tells a refused login from a missing mailbox and from the network', () => {
    expect(classifyImapError(Object.assign(new Error('Command failed'), { authenticationFailed: true, responseText: 'Authentication failed.' }))).toEqual({ kind: 'credentials', message: 'The IMAP server refused the login: Authentication failed.' });
    expect(classifyImapError(Object.assign(new Error('Command failed'), { mailboxMissing: true, responseText: 'Mailbox does not exist: Support' }))).toMatchObject({ kind: 'config' });
    expect(classifyImapError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toEqual({ kind: 'temporary', message: 'IMAP: connect ECONNREFUSED (ECONNREFUSED)' });
  });
});

describe('the reply', () => {
  it('answers "Re: <subject>" once, whatever the language of the prefix already there', () => {
    expect(replySubject('Order 1234')).toBe('Re: Order 1234');
    expect(replySubject('RE: Order 1234')).toBe('RE: Order 1234');
    expect(replySubject('AW: Bestellung')).toBe('AW: Bestellung');
    expect(replySubject(null)).toBe('Re: Your message');
  });

  it('has HTML paragraphs with the text escaped, and a Message-ID on the sending domain', () => {
    expect(htmlOf('Hi <b>you</b> & co,\nline two\n\n\nBye')).toBe('<p>Hi &lt;b&gt;you&lt;/b&gt; &amp; co,<br>line two</p>\n<p>Bye</p>');
    expect(outboundMessageId('42', 'help@shop.example')).toBe('<parley-42@shop.example>');
  });
});
