// Dates in the forms feeds use, each read to the instant it names.
import { expect, it } from 'vitest';
import { parseFeedDate } from './feed-date.js';

it.each([
  ['Tue, 10 Jun 2003 04:00:00 GMT', '2003-06-10T04:00:00Z'],
  ['Sat, 07 Sep 2002 00:00 EST', '2002-09-07T05:00:00Z'], // no seconds, named zone
  ['7 Sep 2002 10:00:01 PDT', '2002-09-07T17:00:01Z'], // no weekday
  ['Mon, 6 Sep 2010 8:00:00 EDT', '2010-09-06T12:00:00Z'],
  ['Sun, 10 Dec 17 13:01:36 -0800', '2017-12-10T21:01:36Z'], // two-digit year
  ['Thu, 01 Jan 99 19:48:21 +0100', '1999-01-01T18:48:21Z'],
  ['Wed, 22 Jan 2014 20:31:31 +0600', '2014-01-22T14:31:31Z'],
  ['2004-06-04T17:40:33-05:00', '2004-06-04T22:40:33Z'], // W3CDTF / dc:date
  ['2003-12-31T10:14:55.1234Z', '2003-12-31T10:14:55.123Z'],
  ['2003-12-31', '2003-12-31T00:00:00Z'],
  ['2003-12', '2003-12-01T00:00:00Z'],
  ['2018-09-18 14:38:10', '2018-09-18T14:38:10Z'], // no zone: UTC
  ['20040105T233011Z', '2004-01-05T23:30:11Z'],
  ['Sun Jan  4 16:29:06 2004', '2004-01-04T16:29:06Z'], // asctime
  ['June 3, 2003 09:39:21 GMT', '2003-06-03T09:39:21Z'],
])('%s → %s', (input, expected) => {
  expect(parseFeedDate(input)).toBe(expected);
});

it.each(['', 'yesterday', '08/02/2013 12:00:00', 'Wed, 31 Feb 2004 00:00:00 GMT', '2004-13-01'])('%j cannot be read', (input) => {
  expect(parseFeedDate(input)).toBeNull();
});
