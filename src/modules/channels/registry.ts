// The channel drivers by type. A driver registers itself here; the send job looks it up by the
// channel's type, so a new platform is one driver file and one line below.
import type { ChannelType } from '../../db/schema.js';
import type { ChannelDriver } from './driver.js';

const drivers = new Map<ChannelType, ChannelDriver>();

export function registerChannelDriver(driver: ChannelDriver): void {
  drivers.set(driver.type, driver);
}

export function channelDriver(type: ChannelType): ChannelDriver | undefined {
  return drivers.get(type);
}
