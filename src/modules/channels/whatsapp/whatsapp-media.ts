// A file a customer sent on WhatsApp, downloaded through the Cloud API: GET /{version}/{media-id} with
// the channel's token answers { url, mime_type, file_size, sha256 }, and GET <url> with the same token
// answers the bytes. The URL expires after 5 minutes, so one that is refused (404) is asked for again,
// once; the media id itself expires (days after the webhook), and then the file is no longer available.
import { ChannelSendError } from '../driver.js';
import { MEDIA_DOWNLOAD_TIMEOUT_MS, parleyLimitNote, readCapped, sizeOf, tooLarge, unavailable, type FetchedMedia } from '../media/platform-media.js';
import { defaultGraphHttp, graphFailure, graphRequest, graphUrl, readGraphError, type GraphError, type GraphHttp, type WhatsAppSettings } from './graph.js';

const NO_LONGER_AVAILABLE = 'no longer available on WhatsApp (its media id or link expired)';

/** Graph's answer for an id it does not have: 404, or 400 "Unsupported get request. Object with ID … does not exist" (code 100, subcode 33). */
const isGoneMedia = (error: GraphError) => error.status === 404 || error.status === 410 || (error.code === 100 && (error.subcode === 33 || /does not exist/i.test(error.message)));

type MediaInfo = { url: URL; contentType: string | null; size: number | null };

async function mediaInfo(settings: WhatsAppSettings & { accessToken: string }, mediaId: string, http: GraphHttp): Promise<MediaInfo | FetchedMedia> {
  const response = await graphRequest(http, graphUrl(settings, encodeURIComponent(mediaId)), { method: 'GET', headers: { authorization: `Bearer ${settings.accessToken}`, accept: 'application/json' } });
  if (!response.ok) {
    const error = await readGraphError(response);
    if (isGoneMedia(error)) return unavailable(NO_LONGER_AVAILABLE);
    const failure = graphFailure(error, http, response.headers);
    // A refusal that no retry changes (a malformed id…) is noted; a token, a limit or an outage is retried.
    if (failure.kind === 'permanent') return unavailable(`could not be downloaded from WhatsApp: ${error.message}`);
    throw failure;
  }
  const body = (await response.json().catch(() => null)) as { url?: unknown; mime_type?: unknown; file_size?: unknown } | null;
  const url = typeof body?.url === 'string' && /^https?:\/\//i.test(body.url) ? new URL(body.url) : null;
  if (!url) throw new ChannelSendError('temporary', `The WhatsApp Cloud API answered media ${mediaId} without a download URL`);
  return { url, contentType: typeof body?.mime_type === 'string' && body.mime_type.trim() ? body.mime_type.trim() : null, size: sizeOf(body?.file_size) };
}

/** The file behind a webhook's media id, or why only the attachment is kept. Throws (to be retried) on a refused token, a limit or an outage. */
export async function fetchWhatsAppMedia(settings: WhatsAppSettings, mediaId: string, options: { limit: number; http?: GraphHttp }): Promise<FetchedMedia> {
  const http = options.http ?? defaultGraphHttp();
  const { accessToken } = settings;
  if (!accessToken) throw new ChannelSendError('credentials', 'The WhatsApp channel has no access token, so its customers’ files cannot be downloaded: reconnect the channel.');
  for (let attempt = 1; ; attempt++) {
    const info = await mediaInfo({ ...settings, accessToken }, mediaId, http);
    if ('kind' in info) return info;
    if (info.size !== null && info.size > options.limit) return tooLarge(info.size, parleyLimitNote(options.limit));
    let response: Response;
    try {
      response = await http.fetch(info.url, { headers: { authorization: `Bearer ${accessToken}` }, signal: AbortSignal.timeout(MEDIA_DOWNLOAD_TIMEOUT_MS) });
    } catch (error) {
      throw new ChannelSendError('temporary', `Cannot download WhatsApp media ${mediaId} from ${info.url.host}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (response.status === 404 || response.status === 410) {
      await response.body?.cancel().catch(() => undefined);
      // The link lived 5 minutes; a new one is asked for once.
      if (attempt === 1) continue;
      return unavailable(NO_LONGER_AVAILABLE);
    }
    if (!response.ok) {
      const error = await readGraphError(response);
      if (response.status === 401 || response.status === 403) throw new ChannelSendError('credentials', `WhatsApp refused the channel's access token for the download of media ${mediaId} (${response.status}): ${error.message}`);
      const failure = graphFailure(error, http, response.headers);
      if (failure.kind === 'permanent') return unavailable(`could not be downloaded from WhatsApp (${response.status}): ${error.message}`);
      throw failure;
    }
    const read = await readCapped(response, options.limit);
    if ('tooLarge' in read) return tooLarge(read.tooLarge, parleyLimitNote(options.limit));
    return { kind: 'file', bytes: read.bytes, contentType: info.contentType };
  }
}
