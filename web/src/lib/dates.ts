import dayjs from 'dayjs';
import localizedFormat from 'dayjs/plugin/localizedFormat';
import relativeTime from 'dayjs/plugin/relativeTime';

dayjs.extend(relativeTime);
dayjs.extend(localizedFormat);

export function fromNow(iso: string): string {
  const at = dayjs(iso);
  // A moment "in a few seconds" is this machine's clock being a little behind the server's.
  if (at.isAfter(dayjs()) && at.diff(dayjs(), 'second') < 60) return dayjs().fromNow();
  return at.fromNow();
}

export function exactTime(iso: string): string {
  return dayjs(iso).format('ddd, D MMM YYYY, HH:mm:ss');
}

export function shortDate(iso: string): string {
  return dayjs(iso).format('ll');
}

export { dayjs };
