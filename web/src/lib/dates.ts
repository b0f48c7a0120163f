import dayjs from 'dayjs';
import localizedFormat from 'dayjs/plugin/localizedFormat';
import relativeTime from 'dayjs/plugin/relativeTime';

dayjs.extend(relativeTime);
dayjs.extend(localizedFormat);

export function fromNow(iso: string): string {
  return dayjs(iso).fromNow();
}

export function exactTime(iso: string): string {
  return dayjs(iso).format('ddd, D MMM YYYY, HH:mm:ss');
}

export function shortDate(iso: string): string {
  return dayjs(iso).format('ll');
}

export { dayjs };
